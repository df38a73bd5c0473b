"""Summaries of stored attempts for the progress page: pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from engine.content.topics import DIFFICULTIES, TOPICS
from engine.store import Attempt, as_utc, missed, utcnow  # missed: re-exported, the one definition

#: a topic needs this many attempts before it can be called weak
MIN_ATTEMPTS_FOR_WEAKEST = 2


@dataclass(frozen=True)
class GroupStats:
    key: str
    attempts: int
    correct: int
    mean_score: float
    #: wrong answers that still earned partial credit
    partial: int = 0

    @property
    def wrong(self) -> int:
        return self.attempts - self.correct - self.partial

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "accuracy": self.accuracy, "wrong": self.wrong}


@dataclass(frozen=True)
class ProgressSummary:
    attempts: int
    correct: int
    questions_seen: int
    by_topic: tuple[GroupStats, ...]
    by_difficulty: tuple[GroupStats, ...]
    weakest: tuple[GroupStats, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0

    def to_dict(self) -> dict:
        return {
            "attempts": self.attempts,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "questions_seen": self.questions_seen,
            "by_topic": [g.to_dict() for g in self.by_topic],
            "by_difficulty": [g.to_dict() for g in self.by_difficulty],
            "weakest": [g.to_dict() for g in self.weakest],
        }


def _group(pairs: Iterable[tuple[str, Attempt]], order: Sequence[str]) -> tuple[GroupStats, ...]:
    n: dict[str, int] = defaultdict(int)
    ok: dict[str, int] = defaultdict(int)
    pts: dict[str, float] = defaultdict(float)
    part: dict[str, int] = defaultdict(int)
    for key, a in pairs:
        n[key] += 1
        ok[key] += a.correct
        pts[key] += a.score
        part[key] += (not a.correct) and a.score > 0
    rank = {k: i for i, k in enumerate(order)}
    keys = sorted(n, key=lambda k: (rank.get(k, len(rank)), k))
    return tuple(GroupStats(k, n[k], ok[k], pts[k] / n[k], part[k]) for k in keys)


def summarise(attempts: Sequence[Attempt], n_weakest: int = 3,
              current: Collection[str] | None = None) -> ProgressSummary:
    """Accuracy overall, by topic and by difficulty, and the weakest topics.

    ``current``: the ids of the questions the banks serve now; "questions seen" then counts only
    those (a page shows it as "N of" their number: a question since removed made N run past it).
    Every attempt still counts in the accuracy and the topics: they are what was answered.
    A question with several topics counts once for each. Weakest topics are those with at
    least ``MIN_ATTEMPTS_FOR_WEAKEST`` attempts, lowest mean score first (partial credit counts:
    an ordering at 90% is nearly right, not wrong; ties: more attempts first, since that
    evidence is stronger), and only topics below a full score.
    """
    by_topic = _group(((t, a) for a in attempts for t in a.topics), list(TOPICS))
    by_difficulty = _group(((a.difficulty, a) for a in attempts), DIFFICULTIES)
    candidates = [
        g for g in by_topic if g.attempts >= MIN_ATTEMPTS_FOR_WEAKEST and g.mean_score < 1.0
    ]
    weakest = sorted(candidates, key=lambda g: (g.mean_score, -g.attempts, g.key))[:n_weakest]
    return ProgressSummary(
        attempts=len(attempts),
        correct=sum(a.correct for a in attempts),
        questions_seen=len({a.question_id for a in attempts if current is None or a.question_id in current}),
        by_topic=by_topic,
        by_difficulty=by_difficulty,
        weakest=tuple(weakest),
    )


def right_today(attempts: Iterable[Attempt], now: dt.datetime | None = None) -> set[str]:
    """Ids of the questions answered right on ``now``'s UTC day (today by default).

    The same calendar as :meth:`engine.review.Reviews.due_today`, so a question that review
    would hold back until tomorrow is not offered as weak-topic practice either.
    """
    today = (as_utc(now) or utcnow()).date()
    return {a.question_id for a in attempts if a.correct and as_utc(a.answered_at).date() == today}


@dataclass(frozen=True)
class DayScore:
    """A learner's practice on one UTC day: what the sidebar's running score shows.

    Read back from the saved attempts, so it survives a reload, a deep link or a second tab
    (``st.session_state`` does not survive a reload).
    """

    answered: int
    correct: int
    points: float

    @property
    def rate(self) -> float | None:
        return self.points / self.answered if self.answered else None


def day_bounds(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """``now``'s UTC day: its midnight and the next (answers are stored in UTC)."""
    start = dt.datetime.combine((as_utc(now) or utcnow()).date(), dt.time(), tzinfo=dt.timezone.utc)
    return start, start + dt.timedelta(days=1)


def stored_day_score(store: Any, learner: str, now: dt.datetime | None = None) -> DayScore:
    """:func:`day_score` of ``learner``'s saved attempts, summed by the database
    (:meth:`engine.store.Store.totals`) instead of reading the day's rows back."""
    return DayScore(*store.totals(learner, *day_bounds(now)))


def day_score(attempts: Iterable[Attempt], now: dt.datetime | None = None) -> DayScore:
    """Answers, right answers and points (partial credit included) on ``now``'s UTC day."""
    today = (as_utc(now) or utcnow()).date()
    todays = [a for a in attempts if as_utc(a.answered_at).date() == today]
    return DayScore(len(todays), sum(a.correct for a in todays), sum(a.score for a in todays))
