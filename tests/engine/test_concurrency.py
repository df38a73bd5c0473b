"""Writes that never race: several processes hammer the same keys, on SQLite and PostgreSQL.

Each process, like one app server, opens its own store and, in a shuffled order, saves
attempts, reviews the same few cards (a read-modify-write), saves answers as Practice does (an
attempt, its card's review and the day's totals in one transaction), autosaves the same
interview answers, scores the same questions and caches the same evaluations. Afterwards:

- no operation failed (no IntegrityError, no "database is locked", no deadlock);
- every attempt and every review log is there (nothing lost);
- every review was applied to the card as the previous review left it: replaying each card's
  review log in order through FSRS gives, step by step, the due dates the callers were told,
  and at the end the stored card (a review built on a stale card would break the chain);
- each upserted key is one row holding one of the values written.
"""

from __future__ import annotations

import multiprocessing
import random
import traceback
from collections import Counter, defaultdict

from sqlalchemy import func, select

from engine.interviews import Interviews, interview_answers_table, interview_scores_table
from engine.review import Reviews, cards_table, review_logs_table
from engine.search.cache import EvalCache, evaluations_table
from engine.store import Attempt, Store, as_utc, attempts_table

PROCESSES = 4
ROUNDS = 50  # each round is one of each of the six kinds of write: 300 operations per process
LEARNERS = ("ann", "bob")
QUESTIONS = ("q-a", "q-b", "q-c")
KEYS = ("k1", "k2")


def hammer(url: str, worker: int, tokens: tuple[str, str], start, out) -> None:
    """One process's share of the writes; reports what it did and every error."""
    store = Store(url)
    reviews, interviews, cache = Reviews(store), Interviews(store), EvalCache(store)
    interviewer, candidate = tokens
    rng = random.Random(worker)
    ops = [kind for _ in range(ROUNDS) for kind in ("attempt", "review", "practice", "answer", "score", "cache")]
    rng.shuffle(ops)
    done, errors, dues = Counter(), [], defaultdict(list)
    answers, scores = defaultdict(set), defaultdict(set)
    start.wait()
    for i, kind in enumerate(ops):
        learner, qid = rng.choice(LEARNERS), rng.choice(QUESTIONS)
        try:
            if kind == "attempt":
                store.record_attempt(Attempt(qid, "b", "numeric", "easy", ("learning-rate",), i, i % 2 == 0,
                                             float(i % 2 == 0), learner=learner, session_id=f"w{worker}"))
            elif kind == "review":
                correct = rng.random() < 0.6
                due = reviews.review(learner, qid, correct, float(correct), rng.choice([5.0, 60.0]))
                dues[f"{learner}/{qid}"].append(as_utc(due).isoformat())
            elif kind == "practice":
                correct = rng.random() < 0.6
                saved = reviews.save_answer(Attempt(qid, "b", "numeric", "easy", ("learning-rate",), i, correct,
                                                    float(correct), seconds=rng.choice([5.0, 60.0]),
                                                    learner=learner, session_id=f"w{worker}"))
                assert saved.answered >= 1 and saved.correct <= saved.answered
                dues[f"{learner}/{qid}"].append(as_utc(saved.due).isoformat())
            elif kind == "answer":
                value = f"w{worker}-{i}"
                interviews.save_answer(candidate, qid, value)
                answers[qid].add(value)
            elif kind == "score":
                band = rng.randint(1, 4)
                interviews.score(interviewer, qid, {"depth": band}, f"w{worker}-{i}")
                scores[qid].add(f"w{worker}-{i}")
            else:
                key = rng.choice(KEYS)
                cache.put(key * 32, "obj", {"value": float(len(key)), "info": {"key": key}})
            done[kind] += 1
        except Exception:  # counted and reported: the test wants none
            errors.append(traceback.format_exc(limit=3))
    out.put({"done": dict(done), "errors": errors, "dues": dict(dues),
             "answers": {k: sorted(v) for k, v in answers.items()},
             "scores": {k: sorted(v) for k, v in scores.items()}})


def replay(store: Store, learner: str, qid: str) -> tuple[list[str], bool]:
    """The due dates FSRS gives when the card's logged reviews are applied in order, and whether
    the card it ends with is the stored one."""
    from fsrs import Card, Rating

    with store.engine.connect() as conn:
        stored = conn.execute(select(cards_table.c.card).where(
            (cards_table.c.learner == learner) & (cards_table.c.question_id == qid))).scalar_one()
        logs = conn.execute(select(review_logs_table.c.rating, review_logs_table.c.reviewed_at).where(
            (review_logs_table.c.learner == learner) & (review_logs_table.c.question_id == qid))
            .order_by(review_logs_table.c.id)).all()
    scheduler = Reviews(store).scheduler
    card, dues = Card(card_id=stored["card_id"]), []
    for rating, when in logs:
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=as_utc(when))
        dues.append(as_utc(card.due).isoformat())
    return dues, card.to_dict() == stored


def test_processes_hammering_the_same_keys_lose_nothing(db_url, spawn_safe_main):
    store = Store(db_url)
    created = Interviews(store).create("Hammer", "ml-engineer", list(QUESTIONS), 120, owner="o")
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=hammer, args=(db_url, w, (created.interviewer_token, created.candidate_token),
                                              start, out)) for w in range(PROCESSES)]
    for p in procs:
        p.start()
    start.set()
    reports = [out.get(timeout=240) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0

    errors = [e for r in reports for e in r["errors"]]
    done = sum((Counter(r["done"]) for r in reports), Counter())
    total = PROCESSES * ROUNDS * 6
    assert errors == [], f"{len(errors)} of {total} operations failed; the first:\n{errors[0]}"
    assert sum(done.values()) == total

    with store.engine.connect() as conn:
        def count(table):
            return conn.execute(select(func.count()).select_from(table)).scalar_one()

        assert count(attempts_table) == done["attempt"] + done["practice"]
        assert count(review_logs_table) == done["review"] + done["practice"]
        assert count(evaluations_table) == len(KEYS)
        answer_rows = conn.execute(select(interview_answers_table)).mappings().all()
        score_rows = conn.execute(select(interview_scores_table)).mappings().all()
        payloads = conn.execute(select(evaluations_table.c.key, evaluations_table.c.payload)).all()

    # every review was built on the card the previous one left: the chain replays exactly
    told = defaultdict(list)
    for r in reports:
        for key, dues in r["dues"].items():
            told[key] += dues
    stale = wrong_cards = 0
    for key, dues in told.items():
        learner, qid = key.split("/")
        replayed, same = replay(store, learner, qid)
        stale += sum((Counter(dues) - Counter(replayed)).values())
        wrong_cards += not same
    reviewed = done["review"] + done["practice"]
    assert (stale, wrong_cards) == (0, 0), f"{stale} of {reviewed} reviews built on a stale card, " \
                                           f"{wrong_cards} of {len(told)} cards wrong"

    # upserts: one row per key, holding one of the values written, and nothing else
    written_answers = {q: {a for r in reports for a in r["answers"].get(q, [])} for q in QUESTIONS}
    assert sorted(r["question_id"] for r in answer_rows) == sorted(q for q in QUESTIONS if written_answers[q])
    assert all(r["answer"] in written_answers[r["question_id"]] for r in answer_rows)
    written_notes = {q: {n for r in reports for n in r["scores"].get(q, [])} for q in QUESTIONS}
    assert all(r["notes"] in written_notes[r["question_id"]] for r in score_rows)
    assert len(score_rows) == sum(1 for q in QUESTIONS if written_notes[q])
    assert {k: p["info"]["key"] for k, p in payloads} == {k * 32: k for k in KEYS}
