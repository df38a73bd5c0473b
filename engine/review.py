"""Spaced review with FSRS (the ``fsrs`` package), stored beside the attempts.

Every graded attempt reviews the question's card:

=====================================================  ==========
attempt                                                FSRS rating
=====================================================  ==========
wrong, no credit                                       Again
wrong with partial credit                              Hard
right                                                  Good
right, and answered within ``EASY_SECONDS``            Easy
=====================================================  ==========

Answering fast and right is taken as the sign of a confident answer; a wrong answer comes
back within minutes (FSRS's relearning step), a confident right one after days.

"Due today" means due before the end of the current UTC day; a card answered right today is
not served again today, even when FSRS's short learning steps make it due again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, insert, select

from engine.store import DEFAULT_LEARNER, Store, as_utc, metadata, upsert, utcnow

EASY_SECONDS = 20.0

cards_table = Table(
    "review_cards",
    metadata,
    Column("learner", String(80), primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("card", JSON, nullable=False),
    Column("due", DateTime(timezone=True), nullable=False, index=True),
    Column("last_review", DateTime(timezone=True), nullable=True),
    Column("last_rating", Integer, nullable=True),
)

review_logs_table = Table(
    "review_logs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(80), nullable=False, index=True),
    Column("question_id", String(80), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("log", JSON, nullable=False),
)


def rating_for(correct: bool, score: float, seconds: float | None):
    """The FSRS rating of an attempt (see the module table)."""
    from fsrs import Rating

    if not correct:
        return Rating.Hard if score > 0 else Rating.Again
    if seconds is not None and seconds <= EASY_SECONDS:
        return Rating.Easy
    return Rating.Good


def end_of_day(now: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(now.date(), dt.time.max, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class CardState:
    question_id: str
    due: dt.datetime
    last_review: dt.datetime | None
    last_rating: int | None
    retrievability: float


class Reviews:
    """FSRS cards and review logs in the same database as the attempts."""

    def __init__(self, store: Store, learner: str = DEFAULT_LEARNER):
        from fsrs import Scheduler

        self.store = store
        self.learner = learner
        # No fuzzing: the same history gives the same due dates (and testable ones).
        self.scheduler = Scheduler(enable_fuzzing=False)
        metadata.create_all(store.engine, tables=[cards_table, review_logs_table])

    def review(self, question_id: str, correct: bool, score: float, seconds: float | None = None,
               when: dt.datetime | None = None) -> dt.datetime:
        """Record one review; returns the card's next due time."""
        from fsrs import Card

        when = as_utc(when) or utcnow()
        rating = rating_for(correct, score, seconds)
        with self.store.engine.begin() as conn:
            row = conn.execute(select(cards_table.c.card).where(
                (cards_table.c.learner == self.learner) & (cards_table.c.question_id == question_id))).first()
            card = Card.from_dict(row[0]) if row else Card()
            card, log = self.scheduler.review_card(card, rating, review_datetime=when)
            upsert(conn, cards_table, {"learner": self.learner, "question_id": question_id},
                   dict(card=card.to_dict(), due=as_utc(card.due), last_review=when, last_rating=int(rating)))
            conn.execute(insert(review_logs_table).values(
                learner=self.learner, question_id=question_id, rating=int(rating), reviewed_at=when,
                log=log.to_dict()))
        return as_utc(card.due)

    def cards(self, now: dt.datetime | None = None) -> list[CardState]:
        from fsrs import Card

        now = as_utc(now) or utcnow()
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(cards_table).where(cards_table.c.learner == self.learner)).mappings().all()
        out = []
        for r in rows:
            card = Card.from_dict(r["card"])
            out.append(CardState(r["question_id"], as_utc(r["due"]), as_utc(r["last_review"]), r["last_rating"],
                                 float(self.scheduler.get_card_retrievability(card, now))))
        return out

    def due_today(self, now: dt.datetime | None = None, valid_ids: Iterable[str] | None = None) -> list[str]:
        """Question ids to review today, most overdue first (see the module doc)."""
        now = as_utc(now) or utcnow()
        today, horizon = now.date(), end_of_day(now)
        valid = set(valid_ids) if valid_ids is not None else None
        due = []
        for c in self.cards(now):
            if valid is not None and c.question_id not in valid:
                continue
            right_today = c.last_review is not None and c.last_review.date() == today and (c.last_rating or 0) >= 3
            if c.due <= horizon and not right_today:
                due.append(c)
        return [c.question_id for c in sorted(due, key=lambda c: (c.due, c.question_id))]

    def due_within(self, days: int, now: dt.datetime | None = None) -> int:
        now = as_utc(now) or utcnow()
        horizon = end_of_day(now) + dt.timedelta(days=days)
        return sum(c.due <= horizon for c in self.cards(now))

    def retention(self, now: dt.datetime | None = None) -> float | None:
        """Mean probability of recalling each reviewed question now (FSRS retrievability)."""
        cards = self.cards(now)
        return sum(c.retrievability for c in cards) / len(cards) if cards else None
