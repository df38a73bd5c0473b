"""Compare candidates, under "Your interviews": the interviews asked the same questions as the one
picked, one row per candidate, best first; a sentence instead when there is no other to compare."""

from __future__ import annotations

import datetime as dt
import shutil

from engine.candidate_comparison import NO_NAME
from engine.interviews import Interviews, digest
from engine.scorecard import CRITERIA
from engine.store import open_store, utcnow
from engine.content.loader import load_library
from tests.conftest import FORMS_BANK
from tests.pages.conftest import frame
from ui.forms_view import instance_of

IV = "app_pages/interview.py"
KEY = "compare-key-5678"
SAME = ["valid-single", "valid-numeric"]
ALONE = "No other interview of yours asks the same questions"


def mine(*names: str | None, questions=SAME):
    """Interviews of the key's owner, one per candidate name, created in this order."""
    ivs = Interviews(open_store())
    return [ivs.create("Round 1", "ml-engineer", list(questions), 120, owner=digest(KEY), candidate_name=name)
            for name in names]


def owner_page(app):
    at = app(IV)
    at.text_input(key="iv.setup.owner").input(KEY)
    return at.run()


def section(at) -> bool:
    return any(s.value == "Compare candidates" for s in at.subheader)


def test_two_candidates_with_the_same_questions_are_compared_best_first(app):
    ada, grace = mine("Ada", "Grace")
    mine("Other", questions=["valid-free"])  # newest: the "Interview" box starts on it
    ivs = Interviews(open_store())
    ivs.save_answer(grace.candidate_token, "valid-numeric", "0.015")
    ivs.score(grace.interviewer_token, "valid-numeric", dict.fromkeys(CRITERIA, 4))
    ivs.score(ada.interviewer_token, "valid-single", dict.fromkeys(CRITERIA, 2))
    at = owner_page(app)
    assert not at.exception, at.exception
    assert section(at) and any(ALONE in c.value for c in at.caption)  # "Other" has no like
    assert not [d for d in at.dataframe if "Verdict" in d.value.columns]
    at = at.selectbox(key="iv.own.pick").set_value(ada.interview_id).run()
    assert not at.exception, at.exception
    assert not any(ALONE in c.value for c in at.caption)
    chosen = at.multiselect(key=f"iv.compare.{ada.interview_id}")
    assert sorted(chosen.value) == sorted([ada.interview_id, grace.interview_id])  # every one like it, not "Other"
    assert all("Round 1 · " in o for o in chosen.options) and len(chosen.options) == 2
    table = frame(at, "Verdict")
    assert list(table["Candidate"]) == ["Grace", "Ada"]  # the better mean first, though created second
    assert list(table.columns) == ["Candidate", "Verdict", "Mean", "Scored", "Q1", "Q2", "Status", "Created"]
    assert list(table["Q2"]) == ["4.0 · auto ✓", "— · no answer"]
    assert list(table["Scored"]) == ["1 of 2", "1 of 2"]
    assert list(table["Verdict"]) == ["strong hire", "no hire"] and list(table["Mean"]) == ["4.00", "2.00"]
    assert any("Q1" in c.value and "Pick b" in c.value for c in at.caption)  # the legend
    assert [b.label for b in at.download_button] == ["Download the comparison (CSV)"]
    # one deselected: a sentence, not a one-row table
    at = chosen.set_value([grace.interview_id]).run()
    assert not at.exception, at.exception
    assert not [d for d in at.dataframe if "Verdict" in d.value.columns]
    assert any("Choose two or more" in i.value for i in at.info)


def test_a_question_whose_time_ran_out_says_so_in_its_cell_and_a_caption(app):
    ada, grace = mine("Ada", "Grace")
    ivs = Interviews(open_store())
    now = utcnow()
    ivs.open_question(ada.candidate_token, 0, now=now - dt.timedelta(seconds=200))  # sat past the 2-minute limit
    ivs.save_answer(ada.candidate_token, "valid-single", "b", now=now - dt.timedelta(seconds=193))
    ivs.open_question(grace.candidate_token, 0, now=now - dt.timedelta(seconds=30))
    at = owner_page(app).selectbox(key="iv.own.pick").set_value(ada.interview_id).run()
    assert not at.exception, at.exception
    table = frame(at, "Verdict")
    assert list(table["Q1"]) == ["— · auto ✓ · time ran out", "— · no answer"]
    assert any(c.value.startswith("Time ran out: the candidate was still on the question") for c in at.caption)


def test_with_one_interview_a_sentence_shows_instead_of_a_table(app):
    mine(None)
    at = owner_page(app)
    assert not at.exception, at.exception
    assert section(at)
    (said,) = [c.value for c in at.caption if ALONE in c.value]
    assert said.count(".") == 1 and said.endswith(".")  # one sentence
    assert not [d for d in at.dataframe if "Verdict" in d.value.columns]
    assert not at.download_button


def test_a_name_that_starts_like_a_formula_is_text_in_the_table(app):
    mine("=1+2", None)
    at = owner_page(app)
    assert not at.exception, at.exception
    assert set(frame(at, "Verdict")["Candidate"]) == {"\u200b=1+2", NO_NAME}  # the table's CSV cannot run it


def test_a_generated_question_is_listed_with_the_words_every_candidate_was_asked(app, content_dir):
    """Each interview draws a generated question with its own seed: the legend showed the first
    candidate's numbers as everyone's question."""
    shutil.copy(FORMS_BANK, content_dir / "forms.yaml")
    ada, grace = mine("Ada", "Grace", questions=["form-generated"])
    lib = load_library([FORMS_BANK])
    prompts = {instance_of(lib.question("form-generated"), iv.interview_id).question.prompt for iv in (ada, grace)}
    assert len(prompts) == 2  # the two seeds drew different numbers (else this test shows nothing)
    at = owner_page(app)
    assert not at.exception, at.exception
    legend = next(c.value for c in at.caption if c.value.startswith("**Q1**"))
    assert "A weight at 0 gets the gradient … on its first step" in legend
    assert not any(p[:60] in legend for p in prompts)
    assert any("their own numbers" in c.value for c in at.caption)
