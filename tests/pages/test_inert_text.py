"""Issue 10, 5: text a visitor controls is never interpreted, wherever it is shown to anyone.

Markdown links, images, HTML, ``:color[...]`` directives, autolinks and 1 MB strings go through
every path a visitor controls: URL parameters on every page, a candidate's answers, an
interviewer's notes, an interview's title and an uploaded bank's text. Every element that
renders Markdown must hold them escaped; the raw text may appear only in elements that
interpret nothing (``st.text``, ``st.code``, tables, widget values).
"""

from __future__ import annotations

import re

import pytest

from engine.interviews import Interviews
from engine.store import open_store
from engine.text import plain
from tests.conftest import FIXTURES
from tests.pages.conftest import button, open_sections

HOSTILE = ("[Log in again](http://evil.example/login) ![x](http://evil.example/t.png) "
           "<img src=http://evil.example/i.png> :red[**FAKE VERDICT**] $x^2$ www.evil.example a@evil.example "
           "\u202eright to left")
#: what must never reach a Markdown-rendering element unescaped
#: (U+202E, right-to-left override: left open, it turned the rest of our sentence backwards)
DANGER = ("](", "![", "<img", ":red[", "**FAKE VERDICT**", "http://", "www.evil", "@evil", "$x", "\u202e")

PAGES = [None, "app_pages/practice.py", "app_pages/review.py", "app_pages/progress.py",
         "app_pages/optimizer_lab.py", "app_pages/training_lab.py", "app_pages/search_lab.py",
         "app_pages/interview.py", "app_pages/history.py", "app_pages/presenter.py", "app_pages/room.py"]


def markdown_bodies(at) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "error", "info", "success",
                 "latex", "toast"):
        out += [str(e.value) for e in at.get(kind)]
    out += [str(e.label) for e in at.get("expander")]
    out += [str(e.label) for e in at.get("tab")]
    out += [str(e.label) for e in at.get("checkbox")]
    out += [str(e.label) for e in at.get("metric")] + [str(e.value) for e in at.get("metric")]
    for radio in at.get("radio"):
        out += [str(o) for o in radio.options] + [str(radio.label)]
    return out


#: the practice card's own link to its question: a question id is a slug (schema.SLUG_PATTERN) and a
#: seed a number, never the visitor's text (the card links the question it shows, not the ?q= asked for)
OWN_LINK = re.compile(r"\[Link to this question\]\(\?q=[a-z0-9][a-z0-9-]*(&seed=\d+)?\)")


def live(markdown: str) -> str:
    """The Markdown with every backslash-escaped character blanked, and the card's own link to its
    question (:data:`OWN_LINK`) left out: what the renderer acts on of a visitor's text."""
    return OWN_LINK.sub("§", re.sub(r"\\.", "§", markdown, flags=re.S))


def assert_inert(at) -> None:
    assert not at.exception, at.exception
    for body in markdown_bodies(at):
        for danger in DANGER:
            assert danger not in live(body), f"{danger!r} interpreted in {body[:200]!r}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", [HOSTILE, "x" * 1_000_000], ids=["markdown", "1MB"])
def test_url_parameters_on_every_page_are_inert(app, page, value):
    at = app(page, q=value, preset=value, t=value, lr=value, steps=value)
    assert_inert(at)


def test_learning_rates_typed_in_the_optimizer_lab_are_inert_in_its_refusal(app):
    """A walk-through: the rates typed in the lab's box came back in its error as bold text, a live
    link and red text (the link's ``?lr=`` is read apart, so only typing reached it)."""
    at = app("app_pages/optimizer_lab.py")
    at.text_input(key="ol.lrs").input(HOSTILE)
    at = at.run()
    assert at.error and at.error[0].value.startswith("Cannot run these settings")
    assert_inert(at)


def hostile_bank() -> str:
    text = (FIXTURES / "valid.yaml").read_text().replace("bank: valid", "bank: hostile")
    text = text.replace("id: valid-", "id: hostile-")
    # every prompt, choice and model answer of the upload carries the hostile text
    return text.replace("prompt: ", f"prompt: '{HOSTILE}' #", 1).replace("model_answer: ", f"model_answer: '{HOSTILE}' #")


def make_hostile_interview():
    from engine.content.loader import load_text

    upload = hostile_bank()
    bank, errors = load_text(upload, "upload.yaml")
    assert not errors, errors
    ids = [q.id for q in bank.bank.questions][:2] + ["valid-single"]
    ivs = Interviews(open_store())
    made = ivs.create(HOSTILE, "ml-engineer", ids, 120, owner="ann", uploaded_bank=upload)
    return ivs, made, ids


def test_an_uploaded_banks_text_and_the_title_are_inert_for_the_candidate(app):
    _, made, _ = make_hostile_interview()
    at = app("app_pages/interview.py", t=made.candidate_token)
    assert_inert(at)  # the start screen carries the title
    at = button(at, "Start the interview").click().run()
    assert_inert(at)
    assert any(plain(HOSTILE) in t.value for t in at.text)  # shown, as plain text


#: an uploaded derivation: the hostile text in every step's prompt, choices, unit and reasoning
HOSTILE_STEPS = f"""bank: hostile-steps
title: Uploaded steps
questions:
  - id: hostile-derive
    type: numeric
    difficulty: easy
    topics: [learning-rate]
    roles: [data-scientist]
    prompt: "A derivation."
    steps:
      - prompt: "Step one {HOSTILE}"
        type: single_choice
        choices: ["{HOSTILE}", "plain b"]
        answer: "plain b"
        why: "Why {HOSTILE}"
      - prompt: "Step two {HOSTILE}"
        type: numeric
        answer: {{value: 1.0, abs_tol: 0.1, unit: "{HOSTILE}"}}
        why: "Why2 {HOSTILE}"
    answer: {{value: 1.0, abs_tol: 0.1}}
    explanation: "x"
    model_answer: "y"
    key_points: ["kp"]
    common_mistakes: ["cm"]
    follow_ups: ["fu"]
"""


def test_an_uploaded_derivations_steps_are_inert_for_both_sides(app):
    ivs = Interviews(open_store())
    made = ivs.create("Steps", "data-scientist", ["hostile-derive"], 120, owner="ann", uploaded_bank=HOSTILE_STEPS)
    candidate = button(app("app_pages/interview.py", t=made.candidate_token), "Start the interview").click().run()
    assert_inert(candidate)
    for text_input in candidate.text_input:  # a label is Markdown too
        for danger in DANGER:
            assert danger not in live(str(text_input.label)), text_input.label
    assert any("Step one" in m.value for m in candidate.markdown)  # the steps are drawn
    interviewer = open_sections(app("app_pages/interview.py", t=made.interviewer_token))
    assert_inert(interviewer)
    assert any("Why2" in m.value for m in interviewer.markdown)


def test_a_candidates_answer_and_the_notes_are_inert_for_the_interviewer(app):
    ivs, made, ids = make_hostile_interview()
    ivs.save_answer(made.candidate_token, ids[1], HOSTILE)
    ivs.score(made.interviewer_token, ids[1], {"depth": 2}, notes=HOSTILE)
    at = open_sections(app("app_pages/interview.py", t=made.interviewer_token))
    assert_inert(at)
    assert any(t.value == plain(HOSTILE) for t in at.text)  # as typed, less the direction control
    card = live(ivs.scorecard(made.interviewer_token).to_markdown())
    for danger in DANGER:
        assert danger not in card


def test_an_uploaded_key_point_in_the_machines_suggestion_is_inert_for_the_interviewer(app):
    """The adversarial walk-through: "Suggested coverage" drew an uploaded bank's key point as
    Markdown (bold, a link, red text and KaTeX), where the key-point list under it is plain."""
    point = "Grid search tries every combination of the listed values"
    upload = f"""bank: hostile-points
title: Uploaded key points
questions:
  - id: hostile-grid
    type: free_text
    difficulty: easy
    topics: [grid-search]
    roles: [data-scientist]
    prompt: "How does grid search choose its trials?"
    explanation: "x"
    model_answer: "y"
    key_points: ["{point} {HOSTILE}"]
    common_mistakes: ["cm"]
    follow_ups: ["fu"]
"""
    ivs = Interviews(open_store())
    made = ivs.create("Points", "data-scientist", ["hostile-grid"], 120, owner="ann", uploaded_bank=upload)
    ivs.save_answer(made.candidate_token, "hostile-grid", point + ".")
    at = open_sections(app("app_pages/interview.py", t=made.interviewer_token))
    assert_inert(at)
    suggested = [c.value for c in at.caption if c.value.startswith(("covered", "not found", "contradicted"))]
    assert len(suggested) == 1 and point in suggested[0], suggested  # drawn, as plain text


def test_a_typed_number_quoted_by_the_auto_grade_is_inert_for_the_interviewer(app):
    """A walk-through: "**1,5** [l](http://x)" in a number box came back in the interviewer's
    "Auto-graded:" line in bold with a live link (the parser's sentence quotes what was typed)."""
    ivs = Interviews(open_store())
    made = ivs.create("Numbers", "ml-engineer", ["valid-numeric"], 120, owner="ann")
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, "valid-numeric", "\u202e**1,5** [l](http://x)")
    at = open_sections(app("app_pages/interview.py", t=made.interviewer_token))
    said = [c.value for c in at.caption if c.value.startswith("Auto-graded")]
    assert len(said) == 1 and "comma" in said[0]
    assert_inert(at)


def test_a_free_text_answer_is_inert_in_practice_feedback(app):
    at = app("app_pages/practice.py", q="valid-free")
    at.text_area(key="ans:valid-free:0:text").input(HOSTILE)
    at = button(at, "Check my answer").click().run()
    assert_inert(at)
    assert plain(HOSTILE) in [t.value for t in at.text]
    at.checkbox(key="kp:valid-free:0:0").check()
    at = button(at, "Record my grade").click().run()
    assert_inert(at)
    assert plain(HOSTILE) in [t.value for t in at.text]


def test_an_answer_of_more_than_20000_characters_is_refused(app):
    at = app("app_pages/practice.py", q="valid-free")
    area = at.text_area(key="ans:valid-free:0:text")
    assert area.max_chars == 20_000  # the limit is on the control
    ivs, made, ids = make_hostile_interview()
    with pytest.raises(ValueError, match="the answer is 20,001 characters long; the limit is 20,000"):
        ivs.save_answer(made.candidate_token, ids[1], "x" * 20_001)
    with pytest.raises(ValueError, match="the notes is 30,000 characters long"):
        ivs.score(made.interviewer_token, ids[1], {"depth": 2}, notes="y" * 30_000)


def test_an_uploaded_banks_key_points_are_bullets_of_inert_text_for_the_interviewer(app):
    """An uploaded bank's key points, follow-ups and common mistakes read as raw "- " lines where the
    shipped banks' are bullets (a hiring team's walk): bullets now, each point still inert."""
    upload = f"""bank: hostile-list
title: Uploaded list
questions:
  - id: hostile-listed
    type: free_text
    difficulty: easy
    topics: [grid-search]
    roles: [data-scientist]
    prompt: "Why?"
    explanation: "x"
    model_answer: "y"
    key_points: ["first point", "second {HOSTILE}"]
    common_mistakes: ["cm"]
    follow_ups: ["fu"]
"""
    ivs = Interviews(open_store())
    made = ivs.create("Listed", "data-scientist", ["hostile-listed"], 120, owner="ann", uploaded_bank=upload)
    ivs.save_answer(made.candidate_token, "hostile-listed", "An answer.")
    at = open_sections(app("app_pages/interview.py", t=made.interviewer_token))
    assert_inert(at)
    (points,) = [m.value for m in at.markdown if m.value.startswith("- first point\n- second ")]
    assert points.count("\n- ") == 1  # two bullets, the hostile one escaped inside its own
    assert not [t.value for t in at.text if t.value.startswith("- first point")]  # no longer raw lines
