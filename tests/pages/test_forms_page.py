"""Practice page: one question of each form (plot, generated, code, derivation), answered."""

from __future__ import annotations

import json
import shutil

import pytest

from engine.content.loader import load_library
from engine.forms.instance import draw
from engine.store import open_store
from tests.conftest import FORMS_BANK, ROOT
from tests.pages.conftest import PRACTICE, address, app_maker, button, history, in_selection, read_then_skip

LIB = load_library([FORMS_BANK])


@pytest.fixture
def forms_app(content_dir, monkeypatch):
    """Like the ``app`` fixture, with room for a first torch import on a busy machine."""
    shutil.copy(FORMS_BANK, content_dir / "forms.yaml")
    monkeypatch.chdir(ROOT)
    return app_maker(timeout=120)


def open_form(forms_app, qid, seed):
    at = forms_app(PRACTICE, q=qid, seed=str(seed))
    assert not at.exception, at.exception
    return at


def test_plot_question_shows_its_run_and_is_answered_by_letter(forms_app):
    at = open_form(forms_app, "form-plot", 5)
    (chart,) = at.get("plotly_chart")
    shown = chart.proto.spec
    assert '"A"' in shown and "wild" not in shown and "slow" not in shown  # neutral letters only
    # no toolbar: on a touch screen it stays over the legend and takes the taps meant for A, B, C
    assert json.loads(chart.proto.config)["displayModeBar"] is False
    right = draw(LIB.question("form-plot"), 5).question.answer
    at.radio(key="ans:form-plot:0:radio").set_value(right)
    at = button(at, "Submit answer").click().run()
    assert "Correct." in at.success[0].value
    assert any(f"Curve {right} climbs" in m.value for m in at.markdown)  # the explanation names the letter


def test_generated_question_takes_the_seed_of_the_link_and_retry_draws_anew(forms_app):
    at = open_form(forms_app, "form-generated", 7)
    inst = draw(LIB.question("form-generated"), 7)
    assert any(inst.question.prompt in m.value for m in at.markdown)
    assert any(c.value.startswith("Variant 7.") and "--seed 7`" in c.help for c in at.caption)
    at.text_input(key="ans:form-generated:0:num").input(repr(inst.question.answer.value))
    at = button(at, "Submit answer").click().run()
    assert "Correct" in at.success[0].value
    at = button(at, "Retry").click().run()
    assert not any(c.value.startswith("Variant 7.") for c in at.caption)  # a new variant
    assert at.query_params["seed"] != ["7"]


def test_a_reload_of_an_answered_variant_asks_it_as_a_retry(forms_app):
    """A saved answer does not say which variant it answered, so a reload cannot show it again: the
    question is asked, said to be answered today, and its answer is graded and not saved."""
    at = open_form(forms_app, "form-generated", 7)
    at.text_input(key="ans:form-generated:0:num").input("12345")
    at = button(at, "Submit answer").click().run()
    assert len(open_store().attempts("me")) == 1
    again = open_form(forms_app, "form-generated", 7)
    assert any(c.value.startswith("You answered this question at ") and "graded here and not saved" in c.value
               for c in again.caption)
    inst = draw(LIB.question("form-generated"), 7)
    again.text_input(key="ans:form-generated:0:num").input(repr(inst.question.answer.value))
    again = button(again, "Submit answer").click().run()
    assert "Correct" in again.success[0].value
    assert any(c.value.startswith("A retry is graded here and not saved") for c in again.caption)
    assert len(open_store().attempts("me")) == 1


def test_back_to_a_generated_question_shows_the_variant_its_address_names(forms_app, monkeypatch):
    """The question and its seed were written apart: two history entries, two presses of Back."""
    at = open_form(forms_app, "form-generated", 7)
    at = read_then_skip(at)
    assert address(at)["q"] != "form-generated"
    at = history(at, monkeypatch, {"q": "form-generated", "seed": "7"})
    assert not at.exception, at.exception
    assert address(at) == {"q": "form-generated", "seed": "7"}
    assert any(c.value.startswith("Variant 7.") for c in at.caption)


def test_back_and_forward_show_each_variants_verdict_and_an_unanswered_variant_asks_again(forms_app, monkeypatch):
    """The verdict Back redraws is the one of the variant the address names: a retry drew another
    (its own address), and the first answer's verdict over its numbers would not match them."""
    at = open_form(forms_app, "form-generated", 7)
    right = draw(LIB.question("form-generated"), 7).question.answer.value
    at.text_input(key="ans:form-generated:0:num").input(repr(right))
    at = button(at, "Submit answer").click().run()
    at = button(at, "Retry").click().run()
    retried = address(at)
    assert retried["q"] == "form-generated" and retried["seed"] != "7"
    at = read_then_skip(at)
    at = history(at, monkeypatch, {"q": "form-generated", "seed": "7"})  # Back to the variant answered
    assert not at.exception, at.exception
    assert "Correct" in at.success[0].value and any(c.value.startswith("Variant 7.") for c in at.caption)
    at = history(at, monkeypatch, retried)  # Forward to the retry's variant: not answered yet
    assert not at.success and any(b.label == "Submit answer" for b in at.button)
    assert at.session_state["practice"]["retry_of"] == "form-generated"  # its answer is a retry, not saved
    at.text_input(key=f"ans:form-generated:{at.session_state['practice']['form_nonce']}:num").input("-1")
    at = button(at, "Submit answer").click().run()
    assert at.error or at.warning  # the retry's own verdict, on its own numbers
    at = history(at, monkeypatch, {"q": "form-generated", "seed": "7"})  # Back: the first answer's verdict
    assert "Correct" in at.success[0].value
    at = history(at, monkeypatch, retried)  # Forward: the retry's verdict, said to be a retry
    assert not at.success and any(c.value.startswith("A retry is graded here") for c in at.caption)
    assert any(c.value.startswith(f"Variant {retried['seed']}.") for c in at.caption)
    assert len(open_store().attempts("me")) == 1  # the retry was not saved


@pytest.mark.parametrize("seed", ["9" * 5000, "\u00b2", "-3", "7e3"])
def test_a_seed_no_one_could_have_written_draws_a_variant_of_its_own(forms_app, seed, monkeypatch):
    # 5,000 digits: int() refused them and the card was Streamlit's error box, with no Skip
    at = forms_app(PRACTICE, q="form-generated", seed=seed)
    assert not at.exception, at.exception
    assert any(b.label == "Submit answer" for b in at.button)
    assert at.query_params["seed"] != [seed] and len(at.query_params["seed"][0]) <= 10
    # and says so (a walk-through: the link's variant was dropped without a word)
    said = [c.value for c in at.caption if c.value.startswith("The link's seed is not a variant's number")]
    assert len(said) == 1
    assert at.session_state["practice"]["seed_refused"] == "form-generated:0"
    # Back to the address the page wrote, which names a variant: nothing more said
    at = history(at, monkeypatch, {"q": "form-generated", "seed": "7"})
    assert not any(c.value.startswith("The link's seed") for c in at.caption)


def test_a_usable_seed_and_a_retry_say_nothing_about_the_links_seed(forms_app):
    at = forms_app(PRACTICE, q="form-generated", seed="7")
    assert not any(c.value.startswith("The link's seed") for c in at.caption)
    at = forms_app(PRACTICE, q="form-generated", seed="-3")
    at.session_state["practice"]["form_nonce"] += 1  # as Retry does: a new showing, a new variant
    assert not any(c.value.startswith("The link's seed") for c in at.run().caption)


def test_the_card_keeps_the_instance_it_shows_and_draws_anew_on_retry(forms_app, monkeypatch):
    """A rerun of the card showing the same variant asks nothing of the instance cache (whose key
    is the question's whole JSON); Retry's new seed does."""
    import ui.forms_view

    at = open_form(forms_app, "form-generated", 7)
    asked = []
    real = ui.forms_view.instance_of
    monkeypatch.setattr(ui.forms_view, "instance_of", lambda q, seed: asked.append(seed) or real(q, seed))
    inst = draw(LIB.question("form-generated"), 7)
    at.text_input(key="ans:form-generated:0:num").input(repr(inst.question.answer.value))
    at = button(at, "Submit answer").click().run()
    assert not at.exception and asked == []
    assert "Correct" in at.success[0].value and any(inst.question.prompt in m.value for m in at.markdown)
    at = button(at, "Retry").click().run()
    assert not at.exception and len(asked) == 1 and asked[0] != 7


def test_the_card_keeps_its_figure_across_its_reruns(forms_app, monkeypatch):
    import ui.figures_forms

    at = open_form(forms_app, "form-plot", 5)
    (chart,) = at.get("plotly_chart")
    built = []
    real = ui.figures_forms.plot_figure
    monkeypatch.setattr(ui.figures_forms, "plot_figure", lambda *a, **k: built.append(a) or real(*a, **k))
    at.radio(key="ans:form-plot:0:radio").set_value(draw(LIB.question("form-plot"), 5).question.answer)
    at = button(at, "Submit answer").click().run()
    assert not at.exception and "Correct." in at.success[0].value
    assert built == [] and at.get("plotly_chart")[0].proto.spec == chart.proto.spec
    at = button(at, "Retry").click().run()  # a new variant: a new figure
    assert not at.exception and len(built) == 1


def test_code_question_shows_highlighted_code(forms_app):
    at = open_form(forms_app, "form-code", 0)
    (code,) = at.code
    assert code.language == "python" and "sum(range(4))" in code.value
    assert code.proto.wrap_lines  # a phone showed "requires" of "requires_grad=True", with no hint
    at.text_input(key="ans:form-code:0:num").input("6")
    at = button(at, "Submit answer").click().run()
    assert "Correct" in at.success[0].value


def test_each_answer_box_is_named_by_what_it_answers(forms_app):
    # a screen reader says a widget's label: "Your answer" three times told nothing
    at = open_form(forms_app, "form-derivation", 0)
    assert at.radio(key="ans:form-derivation:0:s0:radio").label == "Step 1: your answer"
    assert at.text_input(key="ans:form-derivation:0:s1:num").label.startswith("Step 2: your answer")
    assert at.text_input(key="ans:form-derivation:0:final:num").label.startswith("Result: your answer")
    order = forms_app(PRACTICE, q="valid-ordering")
    labels = [b.label for b in order.selectbox]
    assert sorted(labels) == ["Position of: first", "Position of: second", "Position of: third"]


def test_derivation_gives_credit_per_step(forms_app):
    at = open_form(forms_app, "form-derivation", 0)
    at.radio(key="ans:form-derivation:0:s0:radio").set_value("(1 - lr h) x")
    at.text_input(key="ans:form-derivation:0:s1:num").input("2")
    at.text_input(key="ans:form-derivation:0:final:num").input("0.25")  # the one-step optimum, not the limit
    at = button(at, "Submit answer").click().run()
    assert "2 of 2 steps right; the final answer is wrong" in at.warning[0].value
    assert open_store().attempts("me")[0].score == pytest.approx(2 / 3, abs=1e-4)
    assert any("Step by step" in m.value for m in at.markdown)
    # what was given at each step, not the result alone (the learner walk-through)
    assert any("**Your answer**\n\nStep 1: (1 - lr h) x  \nStep 2: 2  \nResult: 0.25" in m.value for m in at.markdown)
    at = button(at, "Retry").click().run()
    at.radio(key="ans:form-derivation:1:s0:radio").set_value("(1 - lr h) x")
    at.text_input(key="ans:form-derivation:1:s1:num").input("2")
    at.text_input(key="ans:form-derivation:1:final:num").input("0.5")
    at = button(at, "Submit answer").click().run()
    assert "Correct: all 2 steps and the final answer." in at.success[0].value


def test_a_derivation_step_left_empty_is_named(forms_app):
    at = open_form(forms_app, "form-derivation", 0)
    at = button(at, "Submit answer").click().run()
    assert at.warning[0].value.replace("\\", "").startswith("Step 1:")


def test_review_lists_a_generated_question_with_its_drawn_values_elided_and_routes_into_practice(forms_app, clock):
    at = open_form(forms_app, "form-generated", 3)
    at.text_input(key="ans:form-generated:0:num").input("12345")  # wrong: due again soon
    button(at, "Submit answer").click().run()
    review = forms_app("app_pages/review.py")
    assert not review.exception, review.exception
    (table,) = [d.value for d in review.dataframe if "Topic" in d.value.columns]
    listed = list(table["Question"])
    assert listed and all("{" not in line for line in listed)
    assert any("gradient […] on its first step" in line for line in listed)  # the showing's numbers are its own
    review = button(review, "Start the review").click().run()
    assert not review.exception, review.exception
    assert any("Adam" in m.value for m in review.markdown)


def test_the_sidebar_filters_by_form(forms_app):
    at = forms_app(PRACTICE)
    at.multiselect(key="pf.forms").set_value(["derivation"])
    at = at.run()
    assert not at.exception, at.exception
    assert at.query_params["q"] in (["form-derivation"], "form-derivation")
    assert in_selection(at) == 1


def test_a_plot_questions_figure_has_its_numbers_as_a_table(forms_app):
    # the text alternative of the figure: the same curves and points, under the same neutral names
    at = open_form(forms_app, "form-plot", 5)
    (table,) = at.dataframe
    frame_ = table.value
    assert list(frame_.columns)[0] == "Curve" and set(frame_["Curve"]) == {"A", "B", "C"}
    assert any("numbers, as a table" in e.label for e in at.expander)
    assert "wild" not in frame_.to_csv()  # no run label reaches the table


def test_the_cards_own_link_reopens_the_variant_on_screen(forms_app):
    """The README audit: the address bar carried ?seed=, the link on the card did not."""
    at = open_form(forms_app, "form-generated", 3)
    assert any("[Link to this question](?q=form-generated&seed=3)" in m.value for m in at.markdown)
    plain = open_form(forms_app, "form-code", 0)
    assert any("(?q=form-code)" in m.value for m in plain.markdown)  # a question without variants: no seed
