"""What saving one practice answer costs the database, on SQLite and on PostgreSQL.

``Reviews.save_answer`` (an attempt, its card's review and the day's totals, one transaction),
400 times over 40 questions and 5 learners; the median of the last 350, and the statements
one save sends (each a trip to the server and back on PostgreSQL, with BEGIN, COMMIT and the
pool's check of the connection). PostgreSQL is a throwaway local cluster (``tests.db``, Debian's
``postgresql`` installed), so a trip is a loopback's; across a network each costs the network's.

2026-12-05, five pairs of runs in turns: PostgreSQL 0.97 to 1.22 ms a save with the card made if
missing and then read locked (two statements), 0.85 to 1.08 with both in one
(``engine.store.locked_or_inserted``), 0.1 to 0.2 ms less in each pair; SQLite 0.44 to 0.71 ms
either way.

Usage::

    .venv/bin/python benchmarks/bench_save_answer.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from engine.review import Reviews  # noqa: E402
from engine.store import Attempt, Store  # noqa: E402
from tests.db import throwaway_cluster  # noqa: E402


def timing(url: str, saves: int = 400, warm: int = 50) -> tuple[float, list[str]]:
    """Median ms of one save after ``warm`` saves, and the statements the last save sent."""
    store = Store(url)
    reviews = Reviews(store)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2].split()[0]))
    times = []
    for i in range(saves):
        attempt = Attempt(f"q{i % 40}", "bank", "single_choice", "easy", ("learning-rate",), "b", i % 3 == 0,
                          float(i % 3 == 0), learner=f"learner{i % 5}", session_id="bench")
        statements.clear()
        t0 = time.perf_counter()
        reviews.save_answer(attempt)
        times.append(time.perf_counter() - t0)
    store.close()
    return 1000 * statistics.median(times[warm:]), statements


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ms, sent = timing(f"sqlite:///{folder}/bench.db")
        print(f"SQLite: {ms:.2f} ms a save; statements: {' '.join(sent)}")
    with throwaway_cluster() as url:
        ms, sent = timing(url + "/postgres")
        print(f"PostgreSQL: {ms:.2f} ms a save; statements: {' '.join(sent)} (and BEGIN, COMMIT, the pool's check)")


if __name__ == "__main__":
    main()
