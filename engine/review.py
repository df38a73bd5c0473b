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

"Due today" means due before the end of the learner's day (in their time zone, which the pages
read from the browser; UTC when it is not known); a card answered right today is not served
again today, even when FSRS's short learning steps make it due again.

Every method names the learner whose cards it reads or writes. A review is a
read-modify-write of the card: it runs in one write transaction with the card's row locked
(made if missing and locked in one statement, :func:`engine.store.locked_or_inserted`, on
PostgreSQL; ``BEGIN IMMEDIATE`` on SQLite), so two reviews of the same card at once are applied
one after the other, never both to the same old card.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Integer, String, Table, bindparam, insert, select, update

from engine.content.selection_link import question_link
from engine.content.topics import topics_text
from engine.progress import UTC, day_bounds, local_date, midnight, short_prompt
from engine.store import (
    LEARNER_MAX,
    Attempt,
    Store,
    as_utc,
    attempt_totals,
    check_learner,
    insert_attempt,
    locked_or_inserted,
    metadata,
    utcnow,
)

EASY_SECONDS = 20.0
#: the lowest FSRS rating a right answer gets (Good); Again and Hard are wrong answers
RIGHT_RATING = 3

cards_table = Table(
    "review_cards",
    metadata,
    Column("learner", String(LEARNER_MAX), primary_key=True),
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
    Column("learner", String(LEARNER_MAX), nullable=False),
    Column("question_id", String(80), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("log", JSON, nullable=False),
    Index("ix_review_logs_learner_question_id", "learner", "question_id"),
)

# built once, executed with parameters (see engine.store: a statement with literal values is
# coerced and cache-keyed again on every call); "k_" names the key, as a column's own name is
# reserved for the values an UPDATE sets
_THIS_CARD = (cards_table.c.learner == bindparam("k_learner")) & (cards_table.c.question_id == bindparam("k_question"))
_WRITE_CARD = update(cards_table).where(_THIS_CARD)
_LOG_REVIEW = insert(review_logs_table)


def rating_for(correct: bool, score: float, seconds: float | None):
    """The FSRS rating of an attempt (see the module table)."""
    from fsrs import Rating

    if not correct:
        return Rating.Hard if score > 0 else Rating.Again
    if seconds is not None and seconds <= EASY_SECONDS:
        return Rating.Easy
    return Rating.Good


def day_after(now: dt.datetime, tz: dt.tzinfo = UTC, days: int = 0) -> dt.datetime:
    """The midnight that ends the day ``days`` after ``now``'s, in ``tz`` (as a UTC moment): a card
    due before it is due by then. Counted in calendar days, not 24-hour steps (a week with a
    clock change is not 168 hours)."""
    return midnight(local_date(now, tz) + dt.timedelta(days=days + 1), tz)


@dataclass(frozen=True)
class SavedAnswer:
    """What :meth:`Reviews.save_answer` wrote and read back."""

    attempt_id: int
    due: dt.datetime  # the card's next due time
    answered: int  # the learner's answers on the attempt's day (theirs), this one included
    correct: int
    points: float


@dataclass(frozen=True)
class CardState:
    question_id: str
    due: dt.datetime
    last_review: dt.datetime | None
    last_rating: int | None
    retrievability: float


class Reviews:
    """FSRS cards and review logs in the same database as the attempts, per learner."""

    def __init__(self, store: Store):
        from fsrs import Scheduler

        self.store = store
        # No fuzzing: the same history gives the same due dates (and testable ones).
        self.scheduler = Scheduler(enable_fuzzing=False)

    def review(self, learner: str, question_id: str, correct: bool, score: float, seconds: float | None = None,
               when: dt.datetime | None = None) -> dt.datetime:
        """Record one review of ``learner``'s card for ``question_id``; returns its next due time.

        ``when`` defaults to the moment the card's lock is held, so reviews of one card are
        applied in time order.
        """
        with self.store.begin() as conn:
            return self.review_in(conn, learner, question_id, correct, score, seconds, when)

    def review_in(self, conn: Any, learner: str, question_id: str, correct: bool, score: float,
                  seconds: float | None = None, when: dt.datetime | None = None) -> dt.datetime:
        """:meth:`review` on ``conn``, inside the caller's write transaction (``store.begin()``):
        the card's lock is held until that transaction ends."""
        from fsrs import Card

        check_learner(learner)
        rating = rating_for(correct, score, seconds)
        key = {"k_learner": learner, "k_question": question_id}
        # A new card's row is made in the same statement that locks the card, so that PostgreSQL
        # has a row to lock: two first reviews at once then queue on it instead of both starting
        # from an empty card. Card() with no id takes the clock as its id and then sleeps a
        # millisecond so that the next one differs; ours are keyed by (learner, question), so the
        # id is only a record of when it was made, and a review need not wait
        fresh = Card(card_id=int(time.time() * 1000))
        stored = locked_or_inserted(conn, cards_table, {"learner": learner, "question_id": question_id},
                                    dict(card=fresh.to_dict(), due=as_utc(fresh.due), last_review=None,
                                         last_rating=None), "card")
        when = as_utc(when) or utcnow()
        card, log = self.scheduler.review_card(Card.from_dict(stored), rating, review_datetime=when)
        conn.execute(_WRITE_CARD, {**key, "card": card.to_dict(), "due": as_utc(card.due), "last_review": when,
                                   "last_rating": int(rating)})
        conn.execute(_LOG_REVIEW, {"learner": learner, "question_id": question_id, "rating": int(rating),
                                   "reviewed_at": when, "log": log.to_dict()})
        return as_utc(card.due)

    def save_answer(self, attempt: Attempt, tz: dt.tzinfo = UTC) -> SavedAnswer:
        """Store ``attempt``, review its card, and read back its learner's totals for the attempt's
        day in ``tz`` (answers, right answers, points; as :meth:`engine.store.Store.totals`), in
        one write transaction.

        One transaction, not three: an attempt is never saved without its review (or the
        reverse) when the database fails half-way, and an answer costs one commit. The totals
        are read after the writes, so they count this answer and any other of the same learner
        already committed (another tab's).
        """
        with self.store.begin() as conn:
            attempt_id = insert_attempt(conn, attempt)
            due = self.review_in(conn, attempt.learner, attempt.question_id, attempt.correct, attempt.score,
                                 attempt.seconds, when=attempt.answered_at)
            totals = attempt_totals(conn, attempt.learner, *day_bounds(attempt.answered_at, tz))
        return SavedAnswer(attempt_id, due, *totals)

    def cards(self, learner: str, now: dt.datetime | None = None,
              valid_ids: Iterable[str] | None = None) -> list[CardState]:
        """``learner``'s reviewed cards (a card made but never reviewed is not one); with
        ``valid_ids``, only those of these questions (the ones the banks can still serve: a card of
        a question since removed, made private or in a bank that no longer loads can never be
        answered, and would count as due, or forgotten, for ever)."""
        from fsrs import Card

        check_learner(learner)
        now = as_utc(now) or utcnow()
        valid = set(valid_ids) if valid_ids is not None else None
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(cards_table).where(
                (cards_table.c.learner == learner) & cards_table.c.last_review.is_not(None))).mappings().all()
        out = []
        for r in rows:
            if valid is not None and r["question_id"] not in valid:
                continue
            card = Card.from_dict(r["card"])
            out.append(CardState(r["question_id"], as_utc(r["due"]), as_utc(r["last_review"]), r["last_rating"],
                                 float(self.scheduler.get_card_retrievability(card, now))))
        return out

    def due_today(self, learner: str, now: dt.datetime | None = None,
                  valid_ids: Iterable[str] | None = None, tz: dt.tzinfo = UTC) -> list[str]:
        """``learner``'s question ids to review today (the learner's day, in ``tz``), most overdue
        first (see the module doc)."""
        now = as_utc(now) or utcnow()
        return _due_today(self.cards(learner, now, valid_ids), now, tz)

    def due_within(self, learner: str, days: int, now: dt.datetime | None = None,
                   valid_ids: Iterable[str] | None = None, tz: dt.tzinfo = UTC) -> int:
        """How many of ``learner``'s cards (of ``valid_ids``, see :meth:`cards`) fall due by the
        end of the day ``days`` from now (the learner's day, in ``tz``)."""
        now = as_utc(now) or utcnow()
        return _due_within(self.cards(learner, now, valid_ids), now, days, tz)

    def retention(self, learner: str, now: dt.datetime | None = None,
                  valid_ids: Iterable[str] | None = None) -> float | None:
        """Estimated share of ``learner``'s reviewed questions they would answer right now
        (see :func:`_retention`)."""
        return _retention(self.cards(learner, now, valid_ids))  # of ``valid_ids``, see :meth:`cards`

    def outlook(self, learner: str, now: dt.datetime | None = None, valid_ids: Iterable[str] | None = None,
                tz: dt.tzinfo = UTC, days: int = 7) -> Outlook:
        """What is due today, how many fall due within ``days`` and the retention, from one read
        of the cards (Review and Progress show all three: three reads before)."""
        now = as_utc(now) or utcnow()
        cards = self.cards(learner, now, valid_ids)
        return Outlook(_due_today(cards, now, tz), _due_within(cards, now, days, tz), _retention(cards))


@dataclass(frozen=True)
class Outlook:
    """A learner's review figures (:meth:`Reviews.outlook`)."""

    #: question ids to review today, most overdue first
    due_today: list[str]
    #: cards due by the end of the day a week (``days``) from now
    due_within: int
    #: :func:`_retention`, None with no card
    retention: float | None


def due_rows(question_ids: Iterable[str], question: Any) -> list[dict[str, Any]]:
    """The Review page's table of what is due (``question_ids``, in their order: most overdue first),
    one row each: the question's prompt (:func:`engine.progress.short_prompt`, at 110 characters, as
    the list before it), the address that opens it in Practice
    (:func:`engine.content.selection_link.question_link`), its topics and its difficulty.

    ``question`` looks a question up by its id (``Library.question``: None when not served). The
    due ids are the served ones (:meth:`Reviews.outlook` of the served ids), but the banks may
    change between the two reads: a question gone meanwhile is left out, not listed with a link
    that opens nothing.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> q = SimpleNamespace(prompt="Why warm up?", variables=None, figure=None, topics=["learning-rate"],
    ...                     difficulty="easy")
    >>> [list(row.values()) for row in due_rows(["warm-up", "gone"], {"warm-up": q}.get)]
    [['Why warm up?', 'practice?q=warm-up', 'The learning rate', 'Easy']]
    """
    rows = []
    for qid in question_ids:
        q = question(qid)
        if q is None:
            continue
        rows.append({"Question": short_prompt(q, 110), "Practice": question_link(qid),
                     "Topic": topics_text(q.topics), "Difficulty": q.difficulty.capitalize()})
    return rows


def _due_today(cards: Iterable[CardState], now: dt.datetime, tz: dt.tzinfo) -> list[str]:
    today, horizon = local_date(now, tz), day_after(now, tz)
    due = [c for c in cards if c.due < horizon and not (
        c.last_review is not None and local_date(c.last_review, tz) == today and (c.last_rating or 0) >= RIGHT_RATING)]
    return [c.question_id for c in sorted(due, key=lambda c: (c.due, c.question_id))]


def _due_within(cards: Iterable[CardState], now: dt.datetime, days: int, tz: dt.tzinfo) -> int:
    horizon = day_after(now, tz, days)
    return sum(c.due < horizon for c in cards)


def _retention(cards: list[CardState]) -> float | None:
    """Each card counts its FSRS retrievability, except a card whose latest answer was wrong
    (rating Again or Hard), which counts 0 until it is answered right again. FSRS's
    retrievability assumes each review ended with the answer recalled, so just after a miss it
    reads ~100%; taken alone it would report full retention while the missed questions are due
    (issue 13)."""
    if not cards:
        return None
    return sum(c.retrievability if (c.last_rating or 0) >= RIGHT_RATING else 0.0 for c in cards) / len(cards)
