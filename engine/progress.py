"""Summaries of stored attempts for the progress page: pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from engine.content.selection_link import question_link
from engine.content.topics import DIFFICULTIES, TOPICS, type_name
from engine.forms.instance import list_prompt
from engine.store import Attempt, Tally, as_utc, utcnow

#: a topic averaging this or more is never called weak: the topic map's green band
#: (:data:`engine.progress_summary.STRONG`); the cards named a topic at 78% "weakest" beside red tiles
WEAK_BELOW = 0.75
#: the day of a learner whose time zone is not known (and of the engine's callers by default)
UTC = dt.timezone.utc


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
    #: questions whose latest answer was wrong (among those served now, with ``current``): what
    #: Practice's "only the ones I missed" serves
    missed: int = 0
    #: the attempts' scores summed, partial credit included
    points: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0

    @property
    def mean_score(self) -> float:
        """The average score, partial credit included (Practice's day score is the same over a day)."""
        return self.points / self.attempts if self.attempts else 0.0

    def to_dict(self) -> dict:
        return {
            "attempts": self.attempts,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "questions_seen": self.questions_seen,
            "by_topic": [g.to_dict() for g in self.by_topic],
            "by_difficulty": [g.to_dict() for g in self.by_difficulty],
            "weakest": [g.to_dict() for g in self.weakest],
            "missed": self.missed,
            "mean_score": self.mean_score,
        }


def _group(pairs: Iterable[tuple[str, Tally]], order: Sequence[str]) -> tuple[GroupStats, ...]:
    n: dict[str, int] = defaultdict(int)
    ok: dict[str, int] = defaultdict(int)
    pts: dict[str, float] = defaultdict(float)
    part: dict[str, int] = defaultdict(int)
    for key, t in pairs:
        n[key] += t.attempts
        ok[key] += t.correct
        pts[key] += t.points
        part[key] += t.partial
    rank = {k: i for i, k in enumerate(order)}
    keys = sorted(n, key=lambda k: (rank.get(k, len(rank)), k))
    # rounded: the database sums scores in its own order, and the last bits of a float sum
    # must not decide which of two equally weak topics comes first
    return tuple(GroupStats(k, n[k], ok[k], round(pts[k] / n[k], 12), part[k]) for k in keys)


def summarise(tallies: Sequence[Tally], n_weakest: int = 3,
              current: Collection[str] | None = None) -> ProgressSummary:
    """Accuracy overall, by topic and by difficulty, and the weakest topics, of a learner's
    attempts summed by question (:meth:`engine.store.Store.tallies`, or :func:`engine.store.tally`
    of attempts in hand).

    ``current``: the ids of the questions the banks serve now; "questions seen" and "missed" then
    count only those (a page shows the first as "N of" their number: a question since removed made
    N run past it, and Practice could not serve it to redo).
    Every attempt still counts in the accuracy and the topics: they are what was answered.
    A question with several topics counts once for each.

    Weakest topics: at most ``n_weakest`` of the topics averaging under :data:`WEAK_BELOW`, lowest
    average score first (partial credit counts: an ordering at 90% is nearly right, not wrong), a
    tie going to the topic with more answers (the stronger evidence), then by key. A topic answered
    once counts: a single wrong answer is the learner's only evidence there, and leaving it out
    filled the list with strong topics (a learner's walk-through: her four 0% topics, answered once
    each, were left out for one at 78% over two answers). Fewer than ``n_weakest``, or none, when
    fewer topics are under the bar: a topic at or above it is not weak, whatever else is missing.

    Examples
    --------
    >>> from engine.store import Tally
    >>> t = lambda q, topic, n, pts: Tally(q, "easy", (topic,), n, int(pts == n), pts, 0, pts < n)
    >>> [g.key for g in summarise([t("a", "metrics", 2, 1.56), t("b", "learning-rate", 1, 0.0)]).weakest]
    ['learning-rate']
    """
    by_topic = _group(((topic, t) for t in tallies for topic in t.topics), list(TOPICS))
    by_difficulty = _group(((t.difficulty, t) for t in tallies), DIFFICULTIES)
    candidates = [g for g in by_topic if g.mean_score < WEAK_BELOW]
    weakest = sorted(candidates, key=lambda g: (g.mean_score, -g.attempts, g.key))[:n_weakest]
    return ProgressSummary(
        attempts=sum(t.attempts for t in tallies),
        correct=sum(t.correct for t in tallies),
        questions_seen=len({t.question_id for t in tallies if current is None or t.question_id in current}),
        by_topic=by_topic,
        by_difficulty=by_difficulty,
        weakest=tuple(weakest),
        missed=sum(t.latest_wrong and (current is None or t.question_id in current) for t in tallies),
        points=round(sum(t.points for t in tallies), 9),  # the database and Python sum in other orders
    )


@dataclass(frozen=True)
class BankProgress:
    """A learner's answers to one bank's questions: what Progress's "By bank" shows."""

    slug: str
    title: str
    #: the bank's questions now
    questions: int
    #: of them, those answered at least once
    seen: int
    #: of them, those whose latest answer was wrong (what "only the ones I missed" serves of the bank)
    missed: int
    #: the attempts at its questions, summed (``key`` is the slug)
    stats: GroupStats


def by_bank(tallies: Sequence[Tally], banks: Mapping[str, tuple[str, Collection[str]]]) -> list[BankProgress]:
    """``tallies`` summed by bank, for each bank of ``banks`` (slug -> its title and its questions'
    ids, in the order to show them) with a question answered. An attempt counts in the bank that
    holds its question now: one at a question since removed, or made private, counts in none.

    Examples
    --------
    >>> from engine.store import Tally
    >>> t = lambda q, pts, wrong: Tally(q, "easy", ("metrics",), 1, int(pts == 1), pts, 0, wrong)
    >>> [(b.slug, b.seen, b.missed, b.stats.mean_score) for b in
    ...  by_bank([t("a1", 1.0, False), t("a2", 0.0, True), t("gone", 0.0, True)],
    ...          {"a": ("Bank A", ["a1", "a2", "a3"]), "b": ("Bank B", ["b1"])})]
    [('a', 2, 1, 0.5)]
    """
    bank_of = {qid: slug for slug, (_, ids) in banks.items() for qid in ids}
    held = [(bank_of[t.question_id], t) for t in tallies if t.question_id in bank_of]
    stats = {g.key: g for g in _group(held, list(banks))}
    seen: dict[str, set[str]] = defaultdict(set)
    missed: dict[str, set[str]] = defaultdict(set)
    for slug, t in held:  # a question answered under two difficulties has two tallies: counted once
        seen[slug].add(t.question_id)
        if t.latest_wrong:
            missed[slug].add(t.question_id)
    return [BankProgress(slug, title, len(set(ids)), len(seen[slug]), len(missed[slug]), stats[slug])
            for slug, (title, ids) in banks.items() if slug in stats]


def right_today(attempts: Iterable[Attempt], now: dt.datetime | None = None, tz: dt.tzinfo = UTC) -> set[str]:
    """Ids of the questions answered right on ``now``'s day in ``tz`` (today by default).

    The same calendar as :meth:`engine.review.Reviews.due_today`, so a question that review
    would hold back until tomorrow is not offered as weak-topic practice either.
    """
    today = local_date(as_utc(now) or utcnow(), tz)
    return {a.question_id for a in attempts if a.correct and local_date(a.answered_at, tz) == today}


@dataclass(frozen=True)
class DayScore:
    """A learner's practice on one day of theirs: what the sidebar's running score shows.

    Read back from the saved attempts, so it survives a reload, a deep link or a second tab
    (``st.session_state`` does not survive a reload).
    """

    answered: int
    correct: int
    points: float

    @property
    def rate(self) -> float | None:
        return self.points / self.answered if self.answered else None


def local_date(moment: dt.datetime, tz: dt.tzinfo = UTC) -> dt.date:
    """The calendar day ``moment`` falls on where the learner is (``tz``; moments are kept in UTC).

    A learner's day is their own: counted in UTC, a Sydney morning's right answers came back for
    review an hour later (a new UTC day at 10:00 there), and a Californian's day's score went back
    to nothing at 16:00.
    """
    return as_utc(moment).astimezone(tz).date()


def midnight(day: dt.date, tz: dt.tzinfo = UTC) -> dt.datetime:
    """The moment ``day`` begins in ``tz``, in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(UTC)


def day_bounds(now: dt.datetime | None = None, tz: dt.tzinfo = UTC) -> tuple[dt.datetime, dt.datetime]:
    """``now``'s day in ``tz``: its midnight and the next, in UTC (answers are stored in UTC; a day
    with a clock change is 23 or 25 hours long)."""
    day = local_date(as_utc(now) or utcnow(), tz)
    return midnight(day, tz), midnight(day + dt.timedelta(days=1), tz)


def stored_day_score(store: Any, learner: str, now: dt.datetime | None = None, tz: dt.tzinfo = UTC) -> DayScore:
    """:func:`day_score` of ``learner``'s saved attempts, summed by the database
    (:meth:`engine.store.Store.totals`) instead of reading the day's rows back."""
    return DayScore(*store.totals(learner, *day_bounds(now, tz)))


def day_score(attempts: Iterable[Attempt], now: dt.datetime | None = None, tz: dt.tzinfo = UTC) -> DayScore:
    """Answers, right answers and points (partial credit included) on ``now``'s day in ``tz``."""
    today = local_date(as_utc(now) or utcnow(), tz)
    todays = [a for a in attempts if local_date(a.answered_at, tz) == today]
    return DayScore(len(todays), sum(a.correct for a in todays), sum(a.score for a in todays))


def result_word(attempt: Attempt) -> str:
    """"Correct", "Partly right" (some credit) or "Wrong": an attempt's result as Progress says it (in
    the verdict's words: "Partly" here beside "Partly right" there read as two results)."""
    return "Correct" if attempt.correct else ("Partly right" if attempt.score > 0 else "Wrong")


def short_prompt(question: Any, limit: int = 90) -> str:
    """``question``'s prompt as a table row holds it: cut at ``limit`` characters, a drawn value as
    "[…]" (:func:`engine.forms.instance.list_prompt`)."""
    prompt = list_prompt(question)
    return prompt[:limit] + "…" if len(prompt) > limit else prompt


def recent_rows(attempts: Iterable[Attempt], question: Any, tz: dt.tzinfo = UTC) -> list[dict[str, Any]]:
    """The "Recent attempts" table's rows, in this column order: the question's prompt
    (:func:`short_prompt`; its id when the banks no longer serve it), the address that opens it in
    Practice (:func:`engine.content.selection_link.question_link`; None for a question no longer
    served, which Practice could not open), result, score in percent, when (in ``tz``, the learner's
    zone, as Review counts "today"; the table said UTC), seconds, type, difficulty.

    The question first, then its link: a row is known by its question. With the result and score
    first, a phone (390 px) showed a few words of each question, and nothing reopened one (a
    learner's walk-through). The result and score follow, a sideways scroll away on a phone.

    ``question`` looks a question up by its id (``Library.question``: None when not served).
    """
    rows = []
    for a in attempts:
        q = question(a.question_id)
        rows.append({
            "Question": short_prompt(q) if q else a.question_id,
            "Practice": question_link(a.question_id) if q else None,
            "Result": result_word(a),
            "Score": round(100 * a.score),
            "When": as_utc(a.answered_at).astimezone(tz) if a.answered_at else None,
            "Seconds": a.seconds,
            "Type": type_name(a.question_type),
            "Difficulty": a.difficulty.capitalize(),
        })
    return rows


def topic_pool(questions: Iterable[Any], topics: Collection[str], held_back: Collection[str] = ()) -> list[str]:
    """Ids of ``questions`` on any of ``topics``, in the banks' order, leaving out ``held_back``
    (Review's "Practise these topics": the weakest topics, less what was answered right today,
    which review would hold back until tomorrow too: :func:`right_today`)."""
    wanted = set(topics)
    return [q.id for q in questions if wanted & set(q.topics) and q.id not in held_back]
