"""The scorecard's exports as people open them: CSV in a spreadsheet, Markdown in a reader, JSON
in a script (hiring-team audit: encoding, bullets, the verdict's column, the interview's facts,
file names, readable inert Markdown, late answers, partial credit on a derivation cut short)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from markdown_it import MarkdownIt

from engine.content.loader import load_library
from engine.interviews import Interviews
from engine.scorecard import (CRITERIA, SCALE, Scorecard, ScoreRow, auto_grade, auto_sentence, describe_auto,
                              filename_part, markdown_text)
from engine.store import Store
from tests.conftest import FIXTURES, ROOT

NAME = "Ada Ñúñez-Łovelace 李"
STARTED = dt.datetime(2026, 11, 20, 14, 0, tzinfo=dt.timezone.utc)
HOSTILE = ("[Log in again](http://evil.example/login) ![x](http://evil.example/t.png) "
           "<img src=http://evil.example/i.png> :red[**FAKE VERDICT**] $x^2$ www.evil.example a@evil.example")


def card(notes: str = "=SUM(A1)", name: str | None = NAME, **extra) -> Scorecard:
    rows = (
        ScoreRow("valid-multi", dict.fromkeys(CRITERIA, 3), notes, 42.0, True, position=1, question="Pick a and c.",
                 answer="- a\n- c", auto={"correct": True, "score": 1.0, "feedback": "Correct."}, limit=120,
                 kind="multi_choice"),
        ScoreRow("valid-free", {}, "", 127.3, True, position=2, question="Say why.", answer="- my own bullet",
                 limit=120, late_by=7.3, kind="free_text"),
    )
    return Scorecard("Round *one*", "data-scientist", rows, name, STARTED, STARTED + dt.timedelta(minutes=12),
                     role_title="Data scientist", created_at=STARTED - dt.timedelta(days=2), **extra)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


# --- CSV -------------------------------------------------------------------------------------
def test_the_csv_opens_in_excel_with_every_letter_right():
    text = card().to_csv()
    data = text.encode("utf-8")  # what the download button sends
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark that makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["question"] == "valid-multi"  # the mark is not part of the first column's name
    assert {r["candidate"] for r in rows} == {NAME}


def test_multi_choice_answers_are_bulleted_so_no_formula_guard_is_needed():
    rows = csv_rows(card().to_csv())
    assert rows[0]["answer"] == "\u2022 a\n\u2022 c"  # not "'- a": nothing a spreadsheet runs
    assert rows[1]["answer"] == "'- my own bullet"  # the candidate's own words keep the guard
    assert rows[0]["notes"] == "'=SUM(A1)"  # and so do the interviewer's notes


def test_the_verdict_has_its_own_column_and_every_row_says_what_interview_it_is():
    rows = csv_rows(card().to_csv())
    *questions, overall = rows
    assert overall["question"] == "overall" and overall["notes"] == ""
    assert overall["verdict"] == "hire"  # 1 of 2 scored: half, so not provisional
    assert overall["verdict reasoning"].startswith("Mean score 3.00 of 4 over 4 rubric scores, based on 1 of 2 "
                                                   "questions scored.")
    assert overall["mean"] == "3.00"  # the overall row carries the mean its verdict rounds
    assert "minority" not in overall["notes"]
    assert all(r["verdict"] == "" for r in questions)
    for r in rows:
        assert r["title"] == "Round *one*" and r["role"] == "Data scientist"  # the readable name, not the slug
        assert r["date"] == "2026-11-20" and r["handed in"].startswith("14:12 UTC on 20 Nov 2026")
        assert r["handed in at (UTC)"] == "2026-11-20 14:12:00"  # a moment a spreadsheet sorts
        assert r["score scale"] == SCALE == "1 = strong no hire, 2 = no hire, 3 = hire, 4 = strong hire"
    assert [r[CRITERIA[0]] for r in questions] == ["3", ""]


def test_a_title_that_starts_like_a_formula_is_guarded():
    evil = Scorecard("=HYPERLINK(\"http://x\")", "manager", (), None, role_title="Manager")
    assert csv_rows(evil.to_csv())[0]["title"].startswith("'=")


def test_downloads_are_named_after_the_candidate_and_the_day():
    assert card().filename("csv") == "scorecard-Ada-Ñúñez-Łovelace-李-2026-11-20.csv"
    assert card().filename("md").endswith("-2026-11-20.md") and card().filename("json").endswith(".json")
    assert card(name=None).filename("csv") == "scorecard-candidate-2026-11-20.csv"
    # not started: the day it was set up
    unstarted = Scorecard("T", "manager", (), "Bob", created_at=dt.datetime(2026, 1, 2, 23, 59))
    assert unstarted.filename("json") == "scorecard-Bob-2026-01-02.json"
    for hostile in ("../../etc/passwd", 'a/b\\c:d*e?f"g<h>i|j', "\x00\n\t", "." * 300, "CON"):
        part = filename_part(hostile)
        assert re.fullmatch(r"[\w-]+", part) and not part.startswith("-") and len(part) <= 60, part


# --- Markdown --------------------------------------------------------------------------------
def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def test_the_markdown_reads_as_typed_with_the_roles_name():
    md = card(notes="=SUM(A1) for R&D, see section 2.1 (page 3)!").to_markdown()
    assert "=SUM(A1) for R&D, see section 2.1 (page 3)!" in md  # no "\=SUM\(A1\)"
    assert "Role: Data scientist" in md and "data-scientist" not in md
    assert "Date: 2026-11-20" in md and f"Score scale: {SCALE}." in md
    assert "Candidate: Ada Ñúñez-Łovelace 李" in md
    assert "**Overall: hire.** Mean score 3.00 of 4" in md
    assert "\u2022 a  \n\u2022 c" in md  # the picks as bullets, on their own lines
    assert "Pick a and c." in md and "# Scorecard: Round \\*one\\*" in md  # only what Markdown would act on


@pytest.mark.parametrize("where", ["notes", "name", "answer"])
def test_the_markdown_keeps_visitor_text_inert(where):
    if where == "answer":
        rows = (ScoreRow("q", {}, "", 1.0, True, position=1, question="Q?", answer=HOSTILE + "\n# not a heading\n"
                         "- not a list\n1. not a list\n===\n<script>alert(1)</script>", kind="free_text"),)
        md = Scorecard("T", "manager", rows, None, role_title="Manager").to_markdown()
    else:
        md = (card(notes=HOSTILE) if where == "notes" else card(name=HOSTILE)).to_markdown()
    html = rendered(md)
    for tag in ("<a ", "<img", "<script", "<em>", "<strong>FAKE", "<del>", "<li>", "<ol", "<h1>not", "<h2>not"):
        assert tag not in html, tag
    assert "http://evil" not in md and "www.evil" not in md and "@evil" not in md  # GFM autolinks are broken
    assert "\\$x^2\\$" in md  # no maths
    assert "FAKE VERDICT" in html  # the words are all there, as text


def test_markdown_text_escapes_only_what_markdown_acts_on():
    assert markdown_text("=SUM(A1) + 2.5 - x! (ok) #1 snake_case") == "=SUM(A1) + 2.5 - x! (ok) #1 snake_case"
    assert markdown_text("*a* _b_ `c` [d](e) <f> g|h ~~i~~ &amp;") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> g\\|h \\~\\~i\\~\\~ \\&amp;")
    assert markdown_text("# h\n- a\n+ b\n10. c\n2) d\n---\n-5", one_line=False) == (
        "\\# h  \n\\- a  \n\\+ b  \n10\\. c  \n2\\) d  \n\\---  \n-5")


# --- late answers, in all three exports --------------------------------------------------------
def test_every_export_says_the_limit_and_which_answer_came_late():
    c = card()
    rows = csv_rows(c.to_csv())
    assert [(r["limit seconds"], r["late"], r["seconds past limit"]) for r in rows[:2]] == [
        ("120", "False", ""), ("120", "True", "7.3")]
    questions = json.loads(c.to_json())["questions"]
    assert [(q["limit"], q["late"], q["late_by"]) for q in questions] == [(120, False, None), (120, True, 7.3)]
    md = c.to_markdown()
    # "Time" read as the time spent on a question; it is the last save's (the hiring walk-through)
    assert "| Last save | Limit | Late | Time on it |" in md and "| 42 s | 2 min 00 s |  |" in md
    assert "| 2 min 07 s | 2 min 00 s | 7 s after the limit |" in md  # the time as the limit is written
    assert "| 2. Say why. |" in md  # a row is named as its section is, not by the question's id
    assert "| Use of evidence | Auto-graded | Last save |" in md and "| hire | Right | 42 s |" in md
    assert "Last save: 2 min 07 s (limit 2 min 00 s) · Time on it: – · **late**: saved 7 s after the limit" in md


# --- a derivation cut short by the clock -------------------------------------------------------
def test_a_timed_out_derivation_keeps_the_credit_of_its_steps():
    q = load_library([ROOT / "content"]).question("deriv-adam-bias-correction")
    assert len(q.steps) == 3
    given = {"steps": [q.steps[0].answer, q.steps[1].answer, None], "final": ""}  # step 3 and the Result blank
    auto = auto_grade(q, given)
    assert (auto["correct"], auto["score"]) == (False, 0.5)  # 2 of 4 parts, as Practice counts them
    assert auto["feedback"] == "Partly right: 2 of 3 steps right (step 1, 2); not answered: step 3 and the result."
    assert describe_auto(auto) == "Partly right: 50%"  # was "Wrong" with "Incomplete: ..." and 0
    # the interviewer's page says it once, with its credit (it read "Partly right: 50%. Partly right: 2 of 3 ...")
    assert auto_sentence(auto) == ("Partly right: 50%; 2 of 3 steps right (step 1, 2); not answered: step 3 "
                                   "and the result.")


@pytest.mark.parametrize("auto, said", [
    ({"correct": False, "score": 0.9, "feedback": "Partly right: 90%. You put b before a."},
     "Partly right: 90%. You put b before a."),  # the grader's words state the credit already
    ({"correct": False, "score": 0.0, "feedback": "Not a number: 'abc'"}, "Wrong. Not a number: 'abc'"),
    ({"correct": True, "score": 1.0, "feedback": "Correct: all 3 steps and the final answer."},
     "Right. Correct: all 3 steps and the final answer."),
])
def test_the_auto_grade_is_one_sentence_whatever_its_grader_said(auto, said):
    assert auto_sentence(auto) == said


# --- the scorecard an interview builds carries what the exports need ---------------------------
def test_the_interviews_scorecard_carries_role_name_date_limits_and_kinds(db_url):
    from tests.conftest import FIXTURES

    ivs = Interviews(Store(db_url))
    qs = {q.id: q for q in load_library([FIXTURES / "valid.yaml"]).questions}
    made = ivs.create("R", "ml-engineer", ["valid-multi", "valid-single"], 90, owner="o", candidate_name=NAME)
    ivs.open_question(made.candidate_token, 0, now=STARTED)
    ivs.save_answer(made.candidate_token, "valid-multi", ["a", "c"], now=STARTED + dt.timedelta(seconds=10))
    c = ivs.scorecard(made.interviewer_token, questions=qs)
    assert (c.role, c.role_title) == ("ml-engineer", "ML engineer")
    assert c.filename("csv") == "scorecard-Ada-Ñúñez-Łovelace-李-2026-11-20.csv"
    assert [(r.kind, r.limit) for r in c.rows] == [("multi_choice", 90), ("single_choice", 90)]
    assert c.rows[0].answer == "- a\n- c" and c.rows[0].shown_answer == "\u2022 a\n\u2022 c"


# --- public or private -----------------------------------------------------------------------
def test_every_export_says_which_questions_a_candidate_could_have_practised(tmp_path):
    """The class walk-through: no line of the downloaded scorecard said which questions were public
    (in Practice, so perhaps studied) and which private (served only in interviews)."""
    ivs = Interviews(Store(f"sqlite:///{tmp_path / 'iv.db'}"))
    made = ivs.create("Round 1", "data-scientist", ["valid-single", "hush-single", "gone"], 120, owner="o")
    qs = {q.id: q for q in load_library([FIXTURES / "valid.yaml"]).interview_questions if q.id == "valid-single"}
    qs["hush-single"] = qs["valid-single"].model_copy(update={"id": "hush-single"})
    card = ivs.scorecard(made.interviewer_token, questions=qs, public={"valid-single"})
    assert [r.public for r in card.rows] == [True, False, None]  # "gone" no longer loads: not known
    assert card.exposure == "1 of 3 questions public (1 no longer loads)"
    rows = csv_rows(card.to_csv())
    assert [r["public or private"] for r in rows] == ["public", "private", "", ""]  # the last: the verdict's row
    data = json.loads(card.to_json())
    assert [q["public"] for q in data["questions"]] == [True, False, None]
    assert data["public_questions"] == "1 of 3 questions public (1 no longer loads)"
    md = card.to_markdown()
    assert "Questions: 1 of 3 questions public (1 no longer loads). Public: a candidate could have practised" in md
    assert md.count("\nPublic: a candidate could have practised this question in Practice.\n") == 1
    assert md.count("\nPrivate: served only in interviews.\n") == 1
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert "| Public or private |" in table[0]
    assert [line.split(" | ")[10] for line in table[1:]] == ["public", "private", "–"]  # after Auto-graded
    # without the ids, nothing is claimed either way
    plain = ivs.scorecard(made.interviewer_token, questions=qs)
    assert plain.exposure is None and "Questions:" not in plain.to_markdown()
    assert {r["public or private"] for r in csv_rows(plain.to_csv())} == {""}
