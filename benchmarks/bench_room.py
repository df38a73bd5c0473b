"""The Room's one look at a class's answers (``engine.room.room_answers``), on a week of a class.

A lecturer's Room reads every signed-in learner's first answer to each question in a window, and
reads it again every 10 seconds while the page is open. This fills a new database with a class's
week: ``--learners`` learners, each answering ``--per-day`` questions a day for 7 days (seeded,
drawn from the shipped banks, some answered twice: only the first counts), then a lecture in the
last 50 minutes (each learner answers a bank's ``--lecture`` questions, some twice), plus one
learner's long history before the week (outside every window); then times ``room_answers`` over
``--repeat`` calls for each window (the last hour, today, the last 7 days), on every bank and on
the lecture's bank.

Usage::

    .venv/bin/python benchmarks/bench_room.py [--learners 40] [--per-day 60] [--repeat 7]
        [--lecture 20] [--url postgresql+psycopg://...]   # default: a new SQLite file
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--learners", type=int, default=40)
    ap.add_argument("--per-day", type=int, default=60)
    ap.add_argument("--history", type=int, default=20_000, help="older attempts, before the week")
    ap.add_argument("--lecture", type=int, default=20, help="the lecture's bank: its questions")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--url", default=None)
    args = ap.parse_args()

    from engine.content.loader import load_library
    from engine.room import WINDOWS, room_answers
    from engine.settings import default_content_dir
    from engine.store import Attempt, Store, insert_attempt

    questions = load_library([default_content_dir()]).questions
    served = {q.id: q for q in questions}
    url = args.url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-room-')}/tunelab.db"
    store = Store(url)
    rng = random.Random(0)
    now = dt.datetime.now(dt.timezone.utc)
    rows = 0
    with store.begin() as conn:
        for i in range(args.history):  # a term before the week: never in a window, still in the table
            q = rng.choice(questions)
            insert_attempt(conn, Attempt(q.id, "bench", q.type, q.difficulty, tuple(q.topics), "x", True, 1.0,
                                         answered_at=now - dt.timedelta(days=8, minutes=i), learner="oidc:old"))
        for learner in range(args.learners):
            for day in range(7):
                for k in range(args.per_day):
                    q = rng.choice(questions)
                    right = rng.random() < 0.6
                    answer = rng.choice(q.choices) if getattr(q, "choices", None) else "x"
                    when = now - dt.timedelta(days=day, minutes=rng.uniform(0, 23 * 60))
                    insert_attempt(conn, Attempt(q.id, "bench", q.type, q.difficulty, tuple(q.topics), answer, right,
                                                 float(right), answered_at=when, learner=f"oidc:{learner:04d}"))
                    rows += 1
        lecture = questions[:args.lecture]
        for learner in range(args.learners):
            for q in lecture + rng.sample(lecture, len(lecture) // 4):  # a quarter answered again
                right = rng.random() < 0.6
                answer = rng.choice(q.choices) if getattr(q, "choices", None) else "x"
                when = now - dt.timedelta(minutes=rng.uniform(0, 50))
                insert_attempt(conn, Attempt(q.id, "bench", q.type, q.difficulty, tuple(q.topics), answer, right,
                                             float(right), answered_at=when, learner=f"oidc:{learner:04d}"))
                rows += 1
    print(f"{args.learners} learners: {args.per_day} answers a day for 7 days and a lecture of {args.lecture} "
          f"questions = {rows:,} attempts in the week, {args.history:,} before it; {url.split(':')[0]}; median of "
          f"{args.repeat} calls")
    for name, pool in (("every bank", served), ("the lecture's bank", {q.id: q for q in lecture})):
        for window in WINDOWS:
            times, room = [], None
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                room = room_answers(store, pool, window, now, dt.timezone.utc)
                times.append(time.perf_counter() - t0)
            print(f"  {name:18} {WINDOWS[window][0].lower():16} {1000 * statistics.median(times):7.1f} ms  "
                  f"({room.answers:,} first answers, {len(room.questions)} questions shown, {room.hidden} hidden"
                  f"{', cut short' if room.cut_short else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
