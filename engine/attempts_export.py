"""A learner's own answers as CSV, to keep: Progress's "Download your answers".

A class's server is wiped at the end of term, and a learner's progress there is theirs: every
answer they saved, with the question it was on, what they gave and how it was graded, in a file
a spreadsheet opens. The Run history exports runs alike; this is the attempts' counterpart.

One download reads at most :data:`EXPORT_MAX` answers, the newest (the page says so when a
learner has more): its cost has a ceiling, as every request's has.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from engine.content.answers import readable_answer
from engine.content.topics import TOPICS, type_name
from engine.forms.instance import list_prompt
from engine.progress import result_word
from engine.scorecard import csv_cell
from engine.store import Attempt, as_utc

#: the most answers one download holds, the newest first (8.6 MB of CSV in 0.8 s: benchmarks/bench_progress.py)
EXPORT_MAX = 20_000
#: the file's name (no learner's id in it: the file may be passed on)
FILE_NAME = "tunelab-answers.csv"
#: the file's columns, in order
COLUMNS = ("answered (UTC)", "bank", "question id", "question", "type", "difficulty", "topics", "your answer",
           "result", "score", "seconds")


def _answer_text(attempt: Attempt, unit: str | None) -> str:
    """The answer as a cell reads it: the ticked options of a several-choice one a line each, without
    the list's "- " (a cell starting with "-" is kept as text with a "'" a spreadsheet shows)."""
    if attempt.question_type == "multi_choice" and isinstance(attempt.answer, (list, tuple)):
        return "\n".join(str(option) for option in attempt.answer)
    return readable_answer(attempt.question_type, attempt.answer, unit)


def attempts_csv(attempts: Iterable[Attempt], question: Callable[[str], Any], banks: Mapping[str, str]) -> str:
    """``attempts`` as CSV (UTF-8 with a byte-order mark, for Excel), one row each in the order given.

    ``question`` looks a question up by id (``Library.question``: None when the banks no longer
    serve it, whose row then names its id and no text); ``banks`` maps a bank's slug to its title
    (a bank no longer served keeps its slug). A drawn value in a prompt reads "[…]", as Progress's
    tables show it; every text cell is kept as text in a spreadsheet (:func:`csv_cell`).

    >>> import datetime as dt
    >>> a = Attempt("q1", "b", "numeric", "easy", ("learning-rate",), "=2+2", False, 0.0,
    ...             dt.datetime(2026, 12, 7, 9, 5, tzinfo=dt.timezone.utc), 12.5, learner="me")
    >>> print(attempts_csv([a], lambda qid: None, {"b": "Bank B"}).lstrip("\\ufeff"), end="")
    answered (UTC),bank,question id,question,type,difficulty,topics,your answer,result,score,seconds
    2026-12-07 09:05:00,Bank B,q1,q1,A number,Easy,The learning rate,'=2+2,Wrong,0.0,12.5
    """
    buf = io.StringIO()
    buf.write("\ufeff")
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(COLUMNS)
    for a in attempts:
        q = question(a.question_id)
        unit = getattr(q.answer, "unit", None) if q is not None and a.question_type == "numeric" else None
        when = as_utc(a.answered_at).strftime("%Y-%m-%d %H:%M:%S") if a.answered_at else ""
        out.writerow([when, csv_cell(banks.get(a.bank, a.bank)), csv_cell(a.question_id),
                      csv_cell(list_prompt(q) if q is not None else a.question_id),
                      type_name(a.question_type), a.difficulty.capitalize(),
                      csv_cell("; ".join(TOPICS[t][0] if t in TOPICS else t for t in a.topics)),
                      csv_cell(_answer_text(a, unit)), result_word(a),
                      round(a.score, 3), a.seconds if a.seconds is not None else ""])
    return buf.getvalue()
