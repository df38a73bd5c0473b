"""Several candidates side by side: one row per interview asked the same questions, a short
cell per question (the rubric mean, the auto-grade, a late answer), how many are scored, the
overall mean and the verdict, best verdict first. Exported as CSV for a spreadsheet.

Pure: it reads :class:`engine.scorecard.Scorecard` objects, which
:meth:`engine.interviews.Interviews.scorecard_for_owner` builds from the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.scorecard import BANDS, Scorecard, ScoreRow, csv_cell, filename_part

#: the Candidate cell of an interview whose candidate has not given a name
NO_NAME = "no name yet"
#: a question (or an overall mean) without a rubric score
NOT_SCORED = "—"
#: a cell's mark for a question whose limit passed while the candidate was on it
TIME_RAN_OUT = "time ran out"
#: the legend's prompts are cut to about this many characters, at a word
LEGEND_CHARS = 60


def question_ids(interview: Any) -> frozenset[str]:
    """The ids of an interview's questions (``Interview.questions``), in no order."""
    return frozenset(e["id"] for e in interview.questions)


def comparable(interviews: Sequence[Any], with_id: int) -> list[Any]:
    """The interviews asked the same set of questions as the one ``with_id`` (itself included),
    in the order given; [] when none has that id.

    The set, not the order: "Create another like this" keeps the order, but an interview set up
    by hand with the same questions in another order still compares question by question.
    """
    wanted = next((question_ids(iv) for iv in interviews if iv.id == with_id), None)
    return [] if wanted is None else [iv for iv in interviews if question_ids(iv) == wanted]


@dataclass(frozen=True)
class Entry:
    """One interview to compare: its id, where it stands (``interview_status``) and its scorecard."""

    interview_id: int
    status: str
    card: Scorecard


def one_decimal(x: float) -> str:
    """``x`` to one decimal, halves rounded up: a mean of 3.25 reads "3.3" (``format`` says "3.2")."""
    return f"{math.floor(x * 10 + 0.5) / 10:.1f}"


def auto_mark(auto: dict[str, Any] | None) -> str:
    """The auto-grade in a few characters: "auto ✓", "auto 60%" (partial credit) or "auto ✗"."""
    if not auto:
        return ""
    if auto["correct"]:
        return "auto ✓"
    return f"auto {auto['score']:.0%}" if auto["score"] > 0 else "auto ✗"


def cell(row: ScoreRow | None) -> str:
    """One question of one candidate, e.g. "3.5 · auto ✓", "— · auto 60% · late", "— · no answer".

    The rubric mean first ("—" before it is scored), then the auto-grade where the question has
    a key, then "late" for an answer saved after the limit, or "no answer" for none at all and
    "time ran out" when the candidate was still on the question as its limit passed.
    """
    if row is None:  # not in this interview: comparable() keeps this from happening
        return NOT_SCORED
    parts = [NOT_SCORED if row.mean is None else one_decimal(row.mean)]
    if row.auto:
        parts.append(auto_mark(row.auto))
    if row.late:  # saved after the limit: its time ran out, which "late" says already
        parts.append("late")
    else:
        if not row.answered:
            parts.append("no answer")
        if row.ran_out:  # the candidate was still on it when its limit passed
            parts.append(TIME_RAN_OUT)
    return " · ".join(parts)


def figures(row: ScoreRow | None) -> tuple[str, str, str]:
    """One question's figures for a spreadsheet: the rubric mean (two decimals, as the scorecard
    writes it), the auto-grade's score in per cent, and "late" for an answer saved after the limit;
    "" where there is none.

    Examples
    --------
    >>> figures(ScoreRow("q", {"depth": 3, "communication": 4}, "", 12.0, True, auto={"correct": False,
    ...                  "score": 0.6}, late_by=3.0))
    ('3.50', '60', 'late')
    >>> figures(None)
    ('', '', '')
    """
    if row is None:
        return "", "", ""
    return ("" if row.mean is None else f"{row.mean:.2f}",
            "" if not row.auto else f"{100 * row.auto['score']:.0f}", "late" if row.late else "")


def _utc(d: dt.datetime) -> dt.datetime:
    # a naive time is UTC already: SQLite drops the zone (astimezone would read it as local time)
    return d.astimezone(dt.timezone.utc) if d.tzinfo else d.replace(tzinfo=dt.timezone.utc)


def _moment(d: dt.datetime | None) -> float:
    return math.inf if d is None else _utc(d).timestamp()


@dataclass(frozen=True)
class CandidateRow:
    """One candidate in the comparison (see :func:`compare`)."""

    interview_id: int
    #: the name as the candidate gave it (plain text), or :data:`NO_NAME`
    candidate: str
    title: str
    created_at: dt.datetime | None
    status: str
    #: each question's row of the scorecard, in the comparison's order (None: not in this interview)
    details: tuple[ScoreRow | None, ...]
    scored: int
    questions: int
    #: the mean of every criterion score (:attr:`Scorecard.mean`); None before any is scored
    mean: float | None
    #: :attr:`Scorecard.verdict`: "hire", "hire (provisional)", "not scored"
    verdict: str

    @property
    def cells(self) -> tuple[str, ...]:
        """One :func:`cell` per question, in the comparison's order."""
        return tuple(cell(row) for row in self.details)

    @property
    def scored_line(self) -> str:
        """How many questions are scored, e.g. "2 of 3"."""
        return f"{self.scored} of {self.questions}"


@dataclass(frozen=True)
class Comparison:
    """Candidates asked the same questions, side by side, best first (see :func:`compare`)."""

    #: the questions' ids, in the order of the columns
    question_ids: tuple[str, ...]
    #: each question's prompt, shortened to about :data:`LEGEND_CHARS` characters: "Q1" is legend[0]
    legend: tuple[str, ...]
    rows: tuple[CandidateRow, ...]
    #: the title the file name carries (the first interview's)
    title: str
    #: the questions whose candidates were asked different numbers (a generated question draws
    #: its own for each interview): their legend shows :data:`VARIES` where the numbers were
    varied: frozenset[str] = frozenset()

    @property
    def headers(self) -> tuple[str, ...]:
        """The questions' column headers: "Q1", "Q2", ... (short; :attr:`legend` says what each asks)."""
        return tuple(f"Q{n}" for n in range(1, len(self.question_ids) + 1))

    def filename(self, today: dt.date | None = None) -> str:
        """The download's name: "comparison-ML-engineer-mock-interview-2026-11-20.csv" (today, UTC)."""
        day = today or dt.datetime.now(dt.timezone.utc).date()
        return f"comparison-{filename_part(self.title, 'interviews')}-{day:%Y-%m-%d}.csv"

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title,
                "questions": [{"column": h, "id": q, "prompt": p}
                              for h, q, p in zip(self.headers, self.question_ids, self.legend)],
                "candidates": [{"interview_id": r.interview_id, "candidate": r.candidate, "title": r.title,
                                "created_at": r.created_at.isoformat() if r.created_at else None, "status": r.status,
                                "cells": dict(zip(self.headers, r.cells)), "scored": r.scored,
                                "questions": r.questions, "mean": r.mean, "verdict": r.verdict} for r in self.rows]}

    def to_csv(self) -> str:
        """One row per candidate, best first, in the page's columns (and the interview's title).

        Written for a spreadsheet as :meth:`Scorecard.to_csv` is: a UTF-8 byte-order mark first,
        and a cell a visitor typed (a name, a title) that starts like a formula prefixed with "'".
        The question columns are headed "Q1: <prompt>": a file read without the page has no legend.
        After the page's columns, each question's figures have a column each ("Q1 mean", "Q1 auto %",
        "Q1 late"): a cell such as "3.0 · auto ✓ · late" could not be averaged (a hiring team's walk).
        """
        buf = io.StringIO()
        buf.write("\ufeff")
        w = csv.writer(buf)
        w.writerow(["candidate", "verdict", "mean", "scored",
                    *(f"{h}: {p}" for h, p in zip(self.headers, self.legend)), "status", "created (UTC)", "title",
                    *(f"{h} {what}" for h in self.headers for what in ("mean", "auto %", "late"))])
        for r in self.rows:
            created = "" if r.created_at is None else f"{_utc(r.created_at):%Y-%m-%d %H:%M}"
            w.writerow([csv_cell(r.candidate), r.verdict, "" if r.mean is None else f"{r.mean:.2f}", r.scored_line,
                        *r.cells, r.status, created, csv_cell(r.title),
                        *(v for row in r.details for v in figures(row))])
        return buf.getvalue()


def _legend(texts: set[str], qid: str) -> str:
    # ``texts``: the question as each scorecard that still loads it reads. A generated one reads
    # with its own numbers, so the legend keeps the words all candidates were asked and puts "…"
    # where they differ (the first candidate's numbers were shown as everyone's).
    text = common_wording(sorted(texts)) if texts else qid
    return textwrap.shorten(" ".join(text.split()), LEGEND_CHARS, placeholder=" …", break_on_hyphens=False)


#: numbers (1e-3 and 0.01 whole), words, marks, and the spaces between them, kept apart
_TOKENS = re.compile(r"\s+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\w+(?:\.\w+)*|[^\w\s]")
#: what stands for the words that differ between the texts
VARIES = "…"


def common_wording(texts: Sequence[str]) -> str:
    """The words ``texts`` share, in order, with :data:`VARIES` where they differ.

    ``["Use lr 0.01 for 3 epochs.", "Use lr 0.3 for 5 epochs."]`` gives ``"Use lr … for … epochs."``:
    the variants of a generated question, one per candidate, read as the question they share.
    A single text, or identical ones, come back unchanged.
    """
    if not texts:
        raise ValueError("no text to compare")
    common = _TOKENS.findall(texts[0])
    for other in dict.fromkeys(texts[1:]):
        theirs = _TOKENS.findall(other)
        kept: list[str] = []
        for op, a0, a1, _b0, _b1 in difflib.SequenceMatcher(None, common, theirs, autojunk=False).get_opcodes():
            if op == "equal":
                kept.extend(common[a0:a1])
            elif not kept or kept[-1] != VARIES:
                kept.append(VARIES)
        common = kept
    # differences with only spaces between them ("2 3" against "5 6") are one mark too
    return re.sub(rf"{VARIES}(?:\s+{VARIES})+", VARIES, "".join(common))


def compare(entries: Sequence[Entry]) -> Comparison:
    """The candidates of ``entries`` side by side.

    Parameters
    ----------
    entries : sequence of Entry
        Interviews asked the same set of questions (see :func:`comparable`); the columns follow
        the first one's order.

    Returns
    -------
    Comparison
        One row per candidate: by verdict, best first, then by overall mean; the unscored last;
        ties by when the interview was created, earliest first. The verdict before the mean: a
        band capped at "no hire" for one criterion below 2 can rest on a higher mean than a
        "hire", and the table must not rank that candidate above the hire.

    Raises
    ------
    ValueError
        When ``entries`` is empty or its interviews were not asked the same questions.
    """
    if not entries:
        raise ValueError("nothing to compare: choose at least one interview")
    order = tuple(r.question_id for r in entries[0].card.rows)
    if any({r.question_id for r in e.card.rows} != set(order) or len(e.card.rows) != len(order) for e in entries):
        raise ValueError("only interviews asked the same questions can be compared")
    rows = []
    for e in entries:
        card = e.card
        by_id = {r.question_id: r for r in card.rows}
        rows.append(CandidateRow(e.interview_id, card.candidate_name or NO_NAME, card.title, card.created_at, e.status,
                                 tuple(by_id.get(q) for q in order), card.scored, len(card.rows), card.mean,
                                 card.verdict))
    band = {e.interview_id: BANDS.index(e.card.overall[0]) if e.card.overall[0] else -1 for e in entries}
    rows.sort(key=lambda r: (r.mean is None, -band[r.interview_id], -(r.mean or 0.0), _moment(r.created_at),
                             r.interview_id))
    asked = {q: {r.question for e in entries for r in e.card.rows if r.question_id == q and r.question} for q in order}
    return Comparison(order, tuple(_legend(asked[q], q) for q in order), tuple(rows), entries[0].card.title,
                      frozenset(q for q, texts in asked.items() if len(texts) > 1))


__all__ = ["NO_NAME", "NOT_SCORED", "TIME_RAN_OUT", "CandidateRow", "Comparison", "Entry", "auto_mark", "cell",
           "comparable", "compare", "one_decimal", "question_ids"]
