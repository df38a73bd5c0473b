"""Progress and Review for a learner with many saved answers: reading them back against summing
them in the database.

A term of practice leaves a learner thousands of attempts, and Progress and Review read them on
every run. This fills a new SQLite database with ``--attempts`` answers of one learner to the
banks' questions (seeded, three minutes apart, 60% right), then times, over ``--repeat`` calls:

- the summary as the pages made it before 2026-12-03: every attempt read back
  (``Store.attempts``), then summed in Python (``tally`` and ``summarise``);
- as they make it now: summed by the database (``Store.tallies``), then ``summarise``;
- Progress's "Download all your answers": the newest ``EXPORT_MAX`` read back and written as CSV;
- a rerun of each page in ``AppTest`` (the page's whole run, figures included, over this database).

Usage::

    .venv/bin/python benchmarks/bench_progress.py [--attempts 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def median_ms(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--attempts", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # AppTest outside a server warns on each call

    from engine.attempts_export import EXPORT_MAX, attempts_csv
    from engine.content.loader import load_library
    from engine.progress import summarise
    from engine.settings import default_content_dir
    from engine.store import LOCAL_LEARNER, Attempt, Store, insert_attempt, tally

    library = load_library([default_content_dir()])
    questions = library.questions
    url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-progress-')}/tunelab.db"
    store = Store(url)
    rng = random.Random(0)
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=3 * args.attempts)
    with store.begin() as conn:
        for i in range(args.attempts):
            q = rng.choice(questions)
            right = rng.random() < 0.6
            insert_attempt(conn, Attempt(q.id, "bench", q.type, q.difficulty, tuple(q.topics), "x", right,
                                         float(right), answered_at=start + dt.timedelta(minutes=3 * i),
                                         seconds=20.0, learner=LOCAL_LEARNER))
    served = {q.id for q in questions}
    print(f"{args.attempts} attempts of one learner, {len(store.tallies(LOCAL_LEARNER))} tallies; "
          f"median of {args.repeat} calls")
    before = median_ms(lambda: summarise(tally(store.attempts(LOCAL_LEARNER)), current=served), args.repeat)
    now = median_ms(lambda: summarise(store.tallies(LOCAL_LEARNER), current=served), args.repeat)
    print(f"  summary, every attempt read back: {before:.1f} ms; summed by the database: {now:.1f} ms")
    limit = min(args.attempts, EXPORT_MAX)
    export = median_ms(lambda: attempts_csv(store.attempts(LOCAL_LEARNER, limit=EXPORT_MAX), library.question, {}),
                       args.repeat)
    size = len(attempts_csv(store.attempts(LOCAL_LEARNER, limit=EXPORT_MAX), library.question, {}).encode())
    print(f"  'Download all your answers', {limit:,} of them: {export:.0f} ms, {size / 1e6:.1f} MB")

    os.environ["TUNELAB_DATABASE_URL"] = url
    os.environ["TUNELAB_WARM_FIGURES"] = "0"  # no background figure work beside the timing
    from streamlit.testing.v1 import AppTest

    for page in ("app_pages/progress.py", "app_pages/review.py"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.switch_page(page).run()
        if at.exception:
            print(f"  {page}: {at.exception[0].value}")
            return 1
        print(f"  {page}, a rerun in AppTest: {median_ms(at.run, args.repeat):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
