"""The room's answers: how a class answered each question, for the lecturer in front of it.

A lecturer sends the room a bank's link, the room answers, and the lecturer wants to know which
question to talk about: the one most of the room got wrong, and which wrong choice drew them.
Everything here is counted over learners, and a learner counts by their **first answer** to a
question in the window (a later answer comes after the key was shown; Practice's retry is never
saved). No learner is named, and a question's figures are given only once at least
:data:`MIN_LEARNERS` learners answered it, so no one's answer can be read off a count of one.

The database gives one row per learner and question (:meth:`engine.store.Store.first_answers`);
:func:`summarise` turns them into :class:`Room`, and :func:`room_answers` does both for a window.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.forms.instance import list_prompt
from engine.scorecard import csv_cell
from engine.store import FirstAnswer

#: a question's figures (and the room's totals) are shown once this many learners answered: with
#: two, each of them could read the other's answer off the counts and their own
MIN_LEARNERS = 3
#: the windows a lecturer looks back over, by key: (label, how far back; None for the day so far,
#: from the viewer's midnight). A week at most: the read is bounded by the window, not the history
WINDOWS: dict[str, tuple[str, dt.timedelta | None]] = {
    "hour": ("The last hour", dt.timedelta(hours=1)),
    "today": ("Today", None),
    "week": ("The last 7 days", dt.timedelta(days=7)),
}
#: questions asked for up to which the database narrows the read to them (a bank has at most 60)
NARROW_READ = 200
#: the first answers one look reads at most (a class of 40 answering all 838 questions is 33,520;
#: a lecture's hour is a few hundred). Past it the room is said to be cut short
MAX_FIRST_ANSWERS = 20_000


@dataclass(frozen=True)
class RoomQuestion:
    """One question as the room answered it."""

    question_id: str
    learners: int
    #: learners whose first answer was fully right
    right: int
    #: the mean score of their first answers, partial credit included (0 to 1)
    mean_score: float
    #: a choice question's choices in the bank's order, each with how many first answers picked it
    #: (several per answer for a multi-choice question); empty for other types and for a generated
    #: question, whose choices carry each learner's own numbers
    choices: tuple[tuple[str, int], ...] = ()

    @property
    def share_right(self) -> float:
        return self.right / self.learners


@dataclass(frozen=True)
class Room:
    """What the room's answers come to."""

    #: learners who answered a question of :attr:`questions` (0 when there is none)
    learners: int
    #: the first answers to the questions of :attr:`questions`
    answers: int
    #: their mean score, partial credit included (0 to 1)
    mean_score: float
    #: the questions answered by at least :data:`MIN_LEARNERS` learners, the most missed first
    questions: tuple[RoomQuestion, ...]
    #: questions answered, but by fewer learners: counted, never described
    hidden: int
    #: the window held more first answers than one look reads (:data:`MAX_FIRST_ANSWERS`)
    cut_short: bool = False


def question_text(q: Any, width: int) -> str:
    """``q``'s prompt on one line of at most ``width`` characters, cut at a word; a value each
    showing draws (a generated question's numbers) as "[…]": each learner had their own.

    >>> from types import SimpleNamespace as Q
    >>> question_text(Q(prompt="Decay {lr} by half every {n} steps.", variables={"lr": 0, "n": 0}, figure=None), 30)
    'Decay […] by half every […] …'
    """
    return textwrap.shorten(list_prompt(q), width, placeholder=" …", break_on_hyphens=False)


def window_start(window: str, now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The moment ``window`` (a key of :data:`WINDOWS`) starts at ``now``: the viewer's midnight for
    ``"today"``. Raises ``ValueError`` for another key.

    >>> now = dt.datetime(2026, 12, 7, 10, 30, tzinfo=dt.timezone.utc)
    >>> window_start("hour", now, dt.timezone.utc).isoformat()
    '2026-12-07T09:30:00+00:00'
    >>> window_start("today", now, dt.timezone(dt.timedelta(hours=-11))).isoformat()
    '2026-12-06T11:00:00+00:00'
    """
    if window not in WINDOWS:
        raise ValueError(f"no window {window!r}: choose one of {', '.join(WINDOWS)}")
    back = WINDOWS[window][1]
    if back is not None:
        return now - back
    local = now.astimezone(tz)
    midnight = dt.datetime.combine(local.date(), dt.time(), tzinfo=tz)
    return midnight.astimezone(dt.timezone.utc)


def _choices(q: Any, answers: list[Any]) -> tuple[tuple[str, int], ...]:
    """How many of ``answers`` picked each of ``q``'s choices (see :attr:`RoomQuestion.choices`)."""
    choices = list(getattr(q, "choices", None) or [])
    if q.type not in ("single_choice", "multi_choice") or not choices or getattr(q, "variables", None):
        return ()
    picked: Counter[str] = Counter()
    for answer in answers:
        if isinstance(answer, dict):  # a derivation's steps and the choice it ended on
            answer = answer.get("final")
        chosen = [answer] if q.type == "single_choice" else answer if isinstance(answer, list) else []
        # a choice the bank no longer has (edited since) is not one of the room's options
        picked.update({c for c in chosen if isinstance(c, str) and c in choices})
    return tuple((c, picked[c]) for c in choices)


def summarise(rows: Iterable[FirstAnswer], questions: Mapping[str, Any], *, cut_short: bool = False,
              floor: int = MIN_LEARNERS) -> Room:
    """The room (:class:`Room`) from its first answers ``rows`` (one per learner and question),
    over ``questions`` (id -> question: the questions Practice serves; an answer to any other, a
    question removed or made private since, is left out).

    >>> from types import SimpleNamespace as Q
    >>> q = Q(id="q", type="single_choice", choices=["a", "b"], variables=None)
    >>> rows = [FirstAnswer(who, "q", pick, pick == "a", float(pick == "a"))
    ...         for who, pick in [("x", "a"), ("y", "b"), ("z", "b")]]
    >>> room = summarise(rows, {"q": q})
    >>> room.learners, room.questions[0].right, room.questions[0].choices
    (3, 1, (('a', 1), ('b', 2)))
    >>> summarise(rows[:2], {"q": q})
    Room(learners=0, answers=0, mean_score=0.0, questions=(), hidden=1, cut_short=False)
    """
    by_question: dict[str, list[FirstAnswer]] = defaultdict(list)
    for row in rows:
        if row.question_id in questions:
            by_question[row.question_id].append(row)
    shown, hidden = [], 0
    for qid, answers in by_question.items():
        learners = len({a.learner for a in answers})
        if learners < floor:
            hidden += 1
            continue
        shown.append(RoomQuestion(qid, learners, sum(a.correct for a in answers),
                                  sum(a.score for a in answers) / len(answers),
                                  _choices(questions[qid], [a.answer for a in answers])))
    # the totals are the shown questions' alone: with the others in, a total less the shown ones
    # would give the hidden question's figures (two learners' scores) after all
    counted = [a for r in shown for a in by_question[r.question_id]]
    if not counted:
        return Room(0, 0, 0.0, (), hidden, cut_short)
    everyone = {a.learner for a in counted}
    # the most missed first; among equals, the question more of the room answered
    shown.sort(key=lambda r: (r.share_right, r.mean_score, -r.learners, r.question_id))
    return Room(len(everyone), len(counted), sum(a.score for a in counted) / len(counted), tuple(shown), hidden,
                cut_short)


def room_answers(store: Any, questions: Mapping[str, Any], window: str, now: dt.datetime,
                 tz: dt.tzinfo) -> Room:
    """The room over ``window`` (a key of :data:`WINDOWS`) at ``now`` in the viewer's ``tz``, on
    ``questions`` (id -> question), from ``store`` (:meth:`engine.store.Store.first_answers`): at
    most :data:`MAX_FIRST_ANSWERS` first answers are read, and a window holding more is said to be
    cut short."""
    # a bank's questions narrow the read itself (its week was read whole, then sifted: 168 ms, not 8);
    # every bank's are sifted after (see Store.first_answers)
    ids = list(questions) if len(questions) <= NARROW_READ else None
    rows = store.first_answers(window_start(window, now, tz), MAX_FIRST_ANSWERS + 1, ids)
    return summarise(rows[:MAX_FIRST_ANSWERS], questions, cut_short=len(rows) > MAX_FIRST_ANSWERS)


def room_csv(room: Room, questions: Mapping[str, Any], banks: Mapping[str, str]) -> str:
    """The room's questions as CSV for a spreadsheet, to keep after the class (UTF-8 with a byte-order
    mark for Excel, as the scorecard): per question, its text, bank, learners, how many were right
    first time, the share and the average score, and each choice with how many picked it (a
    question's choices in one cell, "choice: n" a line). ``banks``: question id -> bank title.

    >>> from types import SimpleNamespace as Q
    >>> q = Q(id="q", type="single_choice", prompt="Pick b.", choices=["a", "b"], variables=None, figure=None)
    >>> rows = [FirstAnswer(who, "q", pick, pick == "b", float(pick == "b")) for who, pick in zip("xyz", "abb")]
    >>> print(room_csv(summarise(rows, {"q": q}), {"q": q}, {"q": "Bank"}).lstrip("\ufeff"), end="")
    question,bank,learners,right first time,share right,average score,choices picked
    Pick b.,Bank,3,2,0.667,0.667,"a: 1
    b: 2"
    """
    buf = io.StringIO()
    buf.write("\ufeff")
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["question", "bank", "learners", "right first time", "share right", "average score",
                  "choices picked"])
    for r in room.questions:
        out.writerow([csv_cell(list_prompt(questions[r.question_id])), csv_cell(banks.get(r.question_id, "")),
                      r.learners, r.right, round(r.share_right, 3), round(r.mean_score, 3),
                      csv_cell("\n".join(f"{c}: {n}" for c, n in r.choices))])
    return buf.getvalue()
