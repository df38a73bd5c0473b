"""A learner's answers as CSV (engine.attempts_export): every field read back as written, a cell a
spreadsheet would run kept as text, questions and banks no longer served named by their ids."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import io

import engine.attempts_export
from engine.attempts_export import COLUMNS, EXPORT_MAX, attempts_csv
from engine.content.loader import load_library
from engine.store import Attempt, Store
from tests.conftest import ROOT

T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone.utc)
LIB = load_library([ROOT / "content"])


def test_the_examples_hold():
    assert doctest.testmod(engine.attempts_export).failed == 0


def read_back(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # Excel reads UTF-8 by its byte-order mark
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert all(list(r) == list(COLUMNS) for r in rows)
    return rows


def made(qid: str, answer, correct: bool, score: float, minutes: int = 0, seconds: float | None = 30.0,
         learner: str = "me") -> Attempt:
    q = LIB.question(qid)
    bank = LIB.bank_of(qid).bank if q is not None else "gone-bank"
    qtype = q.type if q is not None else "single_choice"
    return Attempt(qid, bank, qtype, q.difficulty if q is not None else "easy",
                   tuple(q.topics) if q is not None else ("no-such-topic",), answer, correct, score,
                   T0 + dt.timedelta(minutes=minutes), seconds, learner=learner)


def test_each_answer_reads_back_with_its_question_bank_result_and_score():
    single = next(q for q in LIB.questions if q.type == "single_choice" and q.variables is None)
    ordering = next(q for q in LIB.questions if q.type == "ordering")
    numeric = LIB.question("ss-random-trials-important-settings")
    free = next(q for q in LIB.questions if q.type == "free_text" and not q.steps)
    attempts = [
        made(single.id, single.choices[1], False, 0.0),
        made(ordering.id, list(ordering.items), False, 0.5, minutes=1),
        made(numeric.id, 598.0, True, 1.0, minutes=2, seconds=None),
        made(free.id, {"text": "=HYPERLINK(\"http://x.example\")"}, True, 1.0, minutes=3),
        made("gone-question", "b", True, 1.0, minutes=4),
    ]
    banks = {lb.bank.bank: lb.bank.title for lb in LIB.public_banks}
    rows = read_back(attempts_csv(attempts, LIB.question, banks))
    assert [r["question id"] for r in rows] == [a.question_id for a in attempts]  # in the order given
    first = rows[0]
    assert first["answered (UTC)"] == "2026-12-07 09:00:00"
    assert first["bank"] == banks[attempts[0].bank] and first["question"] == single.prompt
    assert first["your answer"] == single.choices[1] and first["result"] == "Wrong" and first["score"] == "0.0"
    assert first["type"] == "One choice" and first["seconds"] == "30.0"
    assert rows[1]["result"] == "Partly right" and rows[1]["your answer"].split("\n")[0] == f"1. {ordering.items[0]}"
    assert rows[2]["your answer"] == "598"
    assert rows[2]["seconds"] == "" and rows[2]["result"] == "Correct"
    assert rows[3]["your answer"] == "'=HYPERLINK(\"http://x.example\")"  # text, never a formula
    gone = rows[4]  # a question the banks no longer serve: its id, no text of it
    assert gone["question"] == "gone-question" and gone["bank"] == "gone-bank" and gone["topics"] == "no-such-topic"


def test_a_drawn_value_reads_as_in_progress_tables():
    generated = next(q for q in LIB.questions if q.variables)
    (row,) = read_back(attempts_csv([made(generated.id, "1", False, 0.0)], LIB.question, {}))
    assert "[…]" in row["question"] and "{" not in row["question"]


def test_a_download_holds_the_learners_own_answers_the_newest_first_up_to_the_ceiling(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    qid = next(q.id for q in LIB.questions if q.type == "single_choice")
    for minutes in range(3):
        store.record_attempt(made(qid, "a", False, 0.0, minutes=minutes))
    store.record_attempt(made(qid, "b", True, 1.0, minutes=9, learner="oidc:someone-else"))
    rows = read_back(attempts_csv(store.attempts("me", limit=2), LIB.question, {}))
    assert [r["answered (UTC)"] for r in rows] == ["2026-12-07 09:02:00", "2026-12-07 09:01:00"]
    assert EXPORT_MAX == 20_000


def test_several_ticked_options_read_a_line_each_without_a_guard_mark():
    multi = next(q for q in LIB.questions if q.type == "multi_choice")
    (row,) = read_back(attempts_csv([made(multi.id, list(multi.choices[:2]), False, 0.5)], LIB.question, {}))
    assert row["your answer"] == "\n".join(multi.choices[:2])
