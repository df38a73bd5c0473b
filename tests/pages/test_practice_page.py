"""Practice page: answer one question of each type through the widgets and see the feedback."""

from __future__ import annotations

import re
import subprocess
import sys

from engine.store import open_store
from tests.conftest import ROOT, one_question_bank
from tests.pages.conftest import PRACTICE, address, button, history, in_selection, other_bank, read_then_skip, said

from engine.content.shown_order import steps_order
from ui.answer_widgets import display_order


def open_question(app, qid):
    at = app(PRACTICE, q=qid)
    assert not at.exception, at.exception
    assert at.query_params["q"] == [qid] or at.query_params["q"] == qid
    return at


def test_single_choice_right_answer(app):
    at = open_question(app, "valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("b")
    at = button(at, "Submit answer").click().run()
    assert "Correct." in at.success[0].value
    assert any("Because." in m.value for m in at.markdown)  # the explanation
    said = " ".join(m.value for m in at.markdown)
    assert "**Your answer**" in said and "**Right answer**" not in said  # a right choice is said once
    saved = open_store().attempts("me")
    assert [(a.question_id, a.correct, a.answer) for a in saved] == [("valid-single", True, "b")]


def test_single_choice_wrong_answer_then_retry_is_graded_and_not_saved(app):
    """The learner audit: the key typed back on Retry, seconds after the verdict showed it, was
    saved and reviewed as an easy right answer: the missed question was due again in days, not
    minutes, and left "only the ones I missed". The first answer of a showing is the one kept."""
    from engine.review import Reviews

    at = open_question(app, "valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("a")
    at = button(at, "Submit answer").click().run()
    assert "the answer is \u201cb\u201d" in at.error[0].value
    due_after_miss = Reviews(open_store()).cards("me")[0].due
    at = button(at, "Retry").click().run()
    at.radio(key="ans:valid-single:1:radio").set_value("b")
    at = button(at, "Submit answer").click().run()
    assert not at.exception, at.exception
    assert "Correct." in at.success[0].value
    assert any("A retry is graded here and not saved" in c.value for c in at.caption)
    assert [a.correct for a in open_store().attempts("me")] == [False]
    assert [c.due for c in Reviews(open_store()).cards("me")] == [due_after_miss]  # still due within minutes
    assert "1 answered" in at.sidebar.markdown[-1].value  # the day's score counts the first answer only
    assert open_store().missed_question_ids("me") == {"valid-single"}
    # the next question's first answer is saved again
    at = button(at, "Next question \u2192").click().run()
    assert at.session_state["practice"]["retry_of"] is None


def test_an_answer_that_cannot_be_saved_is_graded_and_says_it_was_not_saved(app, monkeypatch):
    """The database fails after the attempt's row is written, while its card is reviewed: the
    verdict is shown, the page says the answer was not saved, and it was not (one transaction:
    no attempt without its review)."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from engine.review import Reviews

    def disk_full(self, conn, *args, **kwargs):
        raise OperationalError("UPDATE review_cards", {}, sqlite3.OperationalError("database or disk is full"))

    at = open_question(app, "valid-single")
    monkeypatch.setattr(Reviews, "review_in", disk_full)
    at.radio(key="ans:valid-single:0:radio").set_value("b")
    at = button(at, "Submit answer").click().run()
    assert not at.exception
    assert "Correct." in at.success[0].value  # the grading is not lost
    # the cause, as every page names it (the class's name alone hid it: the nothing-lost walk-through)
    assert "could not be saved (OperationalError: database or disk is full)" in at.error[0].value.replace("\\", "")
    monkeypatch.undo()
    assert open_store().attempts("me") == []
    assert Reviews(open_store()).cards("me") == []


def test_submitting_nothing_asks_for_an_answer(app):
    at = open_question(app, "valid-single")
    at = button(at, "Submit answer").click().run()
    assert "Choose one option" in at.warning[0].value
    assert open_store().attempts("me") == []


def test_multi_choice_partial_then_feedback(app):
    at = open_question(app, "valid-multi")
    options = display_order("valid-multi", ["a", "b", "c"])
    at.checkbox(key=f"ans:valid-multi:0:cb{options.index('a')}").check()
    at = button(at, "Submit answer").click().run()
    assert "Partly right: 1 of 2 right options found, 1 missed." in at.warning[0].value
    assert open_store().attempts("me")[0].score == 0.5


def test_multi_choice_feedback_lists_each_tick_said_right_or_not(app):
    """Joined by ";" the ticked options ran together, and which tick was wrong was left to the reader."""
    at = open_question(app, "valid-multi")
    options = display_order("valid-multi", ["a", "b", "c"])
    for ticked in ("a", "b"):
        at.checkbox(key=f"ans:valid-multi:0:cb{options.index(ticked)}").check()
    at = button(at, "Submit answer").click().run()
    (answers,) = [m.value for m in at.markdown if m.value.startswith("**Your answer**")]
    mine, right = answers.split("**Right answer**")
    ticks = mine.split("\n\n", 1)[1].strip().split("  \n")
    assert sorted(ticks[:2]) == [":green[:material/check: right] \u00b7 a",
                                 ":red[:material/close: not a right option] \u00b7 b"]
    assert ticks[2:] == [":orange[:material/remove: missed, a right option] \u00b7 c"]  # the one not ticked, named
    assert right.strip().endswith("- a\n- c\n\n**Why**\n\nBecause.")


def test_numeric_answer_and_bad_input(app):
    at = open_question(app, "valid-numeric")
    # a whole number first: "e.g. 0.015" under "Give a whole number" looked as if it wanted decimals
    assert at.text_input(key="ans:valid-numeric:0:num").placeholder == "e.g. 12, 0.015 or 1.5e-2"
    at.text_input(key="ans:valid-numeric:0:num").input("lots")
    at = button(at, "Submit answer").click().run()
    assert "'lots' is not a number" in at.warning[0].value.replace("\\", "")
    # a decimal comma is refused with the number meant, never read as 15 (a right answer graded wrong)
    at.text_input(key="ans:valid-numeric:0:num").input("0,015")
    at = button(at, "Submit answer").click().run()
    refused = at.warning[0].value.replace("\\", "")
    assert "Write decimals with a point, not a comma: 0.015 rather than 0,015." in refused
    assert open_store().attempts("me") == []
    at.text_input(key="ans:valid-numeric:0:num").input("1.5e-2")
    at = button(at, "Submit answer").click().run()
    assert "Correct: 0.015 per step." in at.success[0].value


def test_a_fraction_under_give_a_whole_number_is_refused_not_graded(app, content_dir):
    """The page audit: a fraction (458.2 then, 597.6 now) under "Give a whole number" was graded wrong
    and saved, with no word that the question asked for a whole number; it is refused as a decimal
    comma is."""
    (content_dir / "search.yaml").write_text(
        one_question_bank("ss-random-trials-important-settings", "search-strategies"), encoding="utf-8")
    at = open_question(app, "ss-random-trials-important-settings")
    assert at.text_input(key="ans:ss-random-trials-important-settings:0:num").placeholder == "a whole number, e.g. 12"
    at.text_input(key="ans:ss-random-trials-important-settings:0:num").input("597.6")
    at = button(at, "Submit answer").click().run()
    assert at.warning[0].value.replace("\\", "") == "The question asks for a whole number, and 597.6 is not one."
    assert open_store().attempts("me") == []
    at.text_input(key="ans:ss-random-trials-important-settings:0:num").input("598")
    at = button(at, "Submit answer").click().run()
    assert "Correct: 598." in at.success[0].value
    assert [a.correct for a in open_store().attempts("me")] == [True]


def test_a_refused_number_quotes_the_visitors_text_as_text(app):
    at = open_question(app, "valid-numeric")
    at.text_input(key="ans:valid-numeric:0:num").input("**big** [x](http://e.example)")
    at = button(at, "Submit answer").click().run()
    shown = at.warning[0].value
    assert "**big**" not in shown and "](http" not in shown  # escaped: renders literally, links nothing
    assert "'**big** [x](http://e.example)' is not a number" in shown.replace("\\", "").replace("\u200b", "")


def answer_order(app, given: list[str]):
    """Practice's valid-ordering question answered as ``given`` (first to last), whatever order it shows."""
    at = open_question(app, "valid-ordering")
    shown = steps_order("valid-ordering", ["second", "first", "third"], ["first", "second", "third"])
    for i, item in enumerate(shown):
        at.selectbox(key=f"ans:valid-ordering:0:pos{i}").set_value(str(given.index(item) + 1))
    return button(at, "Submit answer").click().run()


def test_ordering_answer(app):
    at = answer_order(app, ["first", "second", "third"])
    assert "every step is in place" in at.success[0].value


def test_a_wrong_order_is_laid_out_as_the_right_one(app):
    at = answer_order(app, ["third", "second", "first"])
    said = " ".join(m.value for m in at.markdown)
    # each step marked in place or where it belongs (the learner's walk: two long lists to compare)
    assert ("**Your answer**\n\n1. third \u00b7 :orange[:material/swap_vert: belongs 3rd]\n"
            "2. second \u00b7 :green[:material/check: in place]\n"
            "3. first \u00b7 :orange[:material/swap_vert: belongs 1st]") in said
    assert "**Right answer**\n\n1. first\n2. second\n3. third" in said


def test_ordering_with_a_repeated_position_is_not_graded(app):
    at = open_question(app, "valid-ordering")
    for i in range(3):
        at.selectbox(key=f"ans:valid-ordering:0:pos{i}").set_value("1")
    at = button(at, "Submit answer").click().run()
    assert said(at.warning[0].value) == "Each position can be used once: 1 is given to more than one item."


def test_free_text_off_topic_is_said_and_the_candidate_may_still_tick(app):
    at = open_question(app, "valid-free")
    at.text_area(key="ans:valid-free:0:text").input("Coffee tastes best when the beans are ground just before brewing.")
    at = button(at, "Check my answer").click().run()
    assert not at.exception, at.exception
    (said,) = [w.value for w in at.warning if "does not seem to address this question" in w.value]
    # not "not scored", when recording it then saves a score: the ticks decide, and it says so
    assert "not scored" not in said and said.endswith("your ticks decide the grade.")
    assert any(t.value == "Coffee tastes best when the beans are ground just before brewing." for t in at.text)  # their words, as plain text
    assert not at.checkbox(key="kp:valid-free:0:0").value  # the judge claims nothing
    at.checkbox(key="kp:valid-free:0:0").check()
    at = button(at, "Record my grade").click().run()
    assert "you covered 1 of 1 key points" in at.success[0].value
    saved = open_store().attempts("me")[0]
    assert saved.answer["covered"] == ["one point"]
    assert saved.answer["judge"]["status"] == "off_topic"
    assert saved.answer["corrections"] == {"added": ["one point"], "removed": []}


def test_next_skip_and_session_score(app):
    at = app(PRACTICE)
    assert in_selection(at) == 5
    first = at.query_params["q"]
    at = read_then_skip(at)
    assert at.query_params["q"] != first
    for _ in range(4):
        at = read_then_skip(at)
    assert "You have been through all 5 questions" in at.success[0].value


def test_filters_narrow_the_selection(app):
    at = app(PRACTICE)
    at.multiselect(key="pf.types").set_value(["numeric", "ordering"])
    at = at.run()
    assert in_selection(at) == 2
    at.multiselect(key="pf.roles").set_value(["manager"])
    at = at.run()
    assert "No question matches these filters" in at.info[0].value


def test_practise_the_ones_i_missed(app):
    at = open_question(app, "valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("a")
    at = button(at, "Submit answer").click().run()
    at.toggle(key="pf.missed").set_value(True)
    at = at.run()
    assert in_selection(at) == 1
    assert at.query_params["q"] in ("valid-single", ["valid-single"])


def test_the_address_keeps_practices_own_keys_only(app):
    """Back from a lab brought its settings into Practice's address, after the question's id."""
    at = app(PRACTICE, preset="hartmann6", strategies="grid,random", budget="12", q="valid-numeric")
    assert not at.exception, at.exception
    assert set(at.query_params) == {"q"} and at.query_params["q"] in ("valid-numeric", ["valid-numeric"])
    assert any("0.01 times 1.5" in m.value for m in at.markdown)  # the question itself still opens


def test_unknown_question_link_warns_and_goes_on(app):
    at = app(PRACTICE, q="no-such-question")
    assert "no question with id \u201cno\\-such\\-question\u201d" in at.warning[0].value  # escaped: visitor text
    assert not at.exception


def test_root_link_with_q_opens_practice(app):
    at = app(None, q="valid-numeric")
    assert not at.exception
    assert at.title[0].value == "Practice"
    assert any("0.01 times 1.5" in m.value for m in at.markdown)


def test_home_brought_back_by_back_with_a_question_in_its_address_stays_home(app, monkeypatch):
    """A second Back pressed before Practice's run for the first had finished got Home that run's
    "?q=" in its address, and Home sent the visitor straight back to Practice (under load, 1 of 12
    times in Chromium): a link's redirect is for a visit, not for Back."""
    import ui.state

    monkeypatch.setattr(ui.state, "history_navigation", lambda: True)
    for query in ({"q": "valid-numeric"}, {"bank": "valid"}):
        at = app(None, **query)
        assert not at.exception, at.exception
        assert at.title[0].value == "TuneLab", query


def test_root_link_with_a_bank_opens_practice_on_it(app, content_dir):
    other_bank(content_dir)
    at = app(None, bank="other")
    assert not at.exception, at.exception
    assert at.title[0].value == "Practice"
    assert at.multiselect(key="pf.banks").value == ["other"] and in_selection(at) == 5
    at = app(None, bank="other", type="numeric")  # a selection's link, from the address bar
    assert at.title[0].value == "Practice"
    assert at.multiselect(key="pf.types").value == ["numeric"] and in_selection(at) == 1


def test_practice_page_imports_neither_torch_nor_sklearn_nor_the_judge():
    # a plain question: a generated or plot question computes with torch / scikit-learn when shown
    code = (
        "import sys\n"
        "import ui.warm\n"
        "ui.warm.REFERENCE_MODULES = ()\n"  # the server's background warm-up aside: the page itself imports none
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('app.py', default_timeout=30)\n"
        "at.switch_page('app_pages/practice.py')\n"
        "at.query_params['q'] = 'lr-one-step-distance'\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "assert at.title[0].value == 'Practice'\n"
        # nor the free-text judge's models: they load on the first submitted answer
        "print(sorted(m for m in ('torch', 'sklearn', 'optuna', 'onnxruntime', 'sentencepiece', 'tokenizers')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_predict_then_run(app, content_dir):
    (content_dir / "live.yaml").write_text(one_question_bank(), encoding="utf-8")
    at = open_question(app, "live-sgd-x2-lr-1-1")
    # before the answer is submitted, nothing of the experiment is shown
    assert not [b for b in at.button if b.label == "Run it"]
    at.radio(key="ans:live-sgd-x2-lr-1-1:0:radio").set_value("It converges to the minimum at 0")
    at = button(at, "Submit answer").click().run()
    assert not any("Measured" in m.value for m in at.markdown)
    at = button(at, "Run it").click().run(timeout=60)
    assert not at.exception, at.exception
    assert any("Measured, outcome (SGD, lr 1.1):** diverged" in m.value.replace("\\", "") for m in at.markdown)
    assert any("Reality disagrees with your answer." in e.value for e in at.error)
    assert len(at.get("plotly_chart")) == 2


def test_run_it_that_fails_in_its_worker_says_so_and_the_log_says_why(app, content_dir, monkeypatch, caplog):
    """The live-check walk-through saw "failed unexpectedly (WorkerFailed)" on every worker-run
    question for minutes, and the server's log had nothing to say why."""
    import logging

    import ui.sim_view
    from engine.jobs import WorkerFailed

    def broken(question):
        raise WorkerFailed("the worker stopped unexpectedly (exit code 1)")

    monkeypatch.setattr(ui.sim_view, "measure", broken)
    caplog.set_level(logging.ERROR, logger="ui.sim_view")
    (content_dir / "live.yaml").write_text(one_question_bank(), encoding="utf-8")
    at = open_question(app, "live-sgd-x2-lr-1-1")
    at.radio(key="ans:live-sgd-x2-lr-1-1:0:radio").set_value("It converges to the minimum at 0")
    at = button(button(at, "Submit answer").click().run(), "Run it").click().run(timeout=60)
    assert not at.exception, at.exception
    assert [e.value for e in at.error][-1] == ("The experiment failed unexpectedly; the rest of the page still works. "
                                               "Try again in a moment.")  # under the verdict
    (said,) = [r.getMessage() for r in caplog.records if "live-sgd-x2-lr-1-1" in r.getMessage()]
    assert "exit code 1" in said and "optimizer" in said


def test_run_it_names_runs_and_lists_a_set_in_the_options_order(app, content_dir):
    import shutil

    shutil.copy(ROOT / "content" / "check-optimisers.yaml", content_dir / "check-optimisers.yaml")
    qid = "co-which-diverge-lr-0-15"
    at = open_question(app, qid)
    at.checkbox(key=f"ans:{qid}:0:cb0").check()
    at = button(at, "Submit answer").click().run()
    at = button(at, "Run it").click().run(timeout=60)
    assert not at.exception, at.exception
    said = " ".join(m.value for m in at.markdown).replace("\\", "")  # shown inert: escapes aside
    # the runs by their settings, not the bank's keys "sgd", "nesterov"; a set, not an arrow
    assert "Measured, runs that diverged:** SGD, lr 0.15; Nesterov, lr 0.15" in said
    assert "Reality's answer:** Plain SGD, lr 0.15; Nesterov momentum, lr 0.15" in said  # the options' order


def test_try_it_in_the_lab_link_opens_the_preset(app):
    at = open_question(app, "valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("b")
    at = button(at, "Submit answer").click().run()
    links = at.get("page_link")
    assert links and links[0].proto.label == "A related demo: Presenter mode: Too low, about right, too high"
    assert links[0].proto.query_string == "preset=lr-regimes&from=valid-single"  # the lab links back to it
    assert links[0].proto.page == "presenter"
    lab = app("app_pages/presenter.py", preset="lr-regimes")
    assert lab.title[0].value == "Too low, about right, too high"


def test_training_lab_opens_on_a_preset_from_a_link(app):
    at = app("app_pages/training_lab.py", preset="batch-size")
    assert not at.exception
    assert at.selectbox(key="tl.dataset").value == "moons"
    from tests.pages.conftest import frame

    assert list(frame(at, "batch_size")["batch_size"]) == [8, 64, 512]


def test_the_days_score_is_read_once_and_then_kept_until_forgotten(content_dir, monkeypatch):
    """The card's reruns (moving on: nothing in the score changed) reuse the day's score; the
    page's own run forgets it (another tab may have answered), and so does a failed save.
    (AppTest runs the whole page on every click, so the card's own reruns are imitated here.)"""
    from streamlit.testing.v1 import AppTest

    from engine.store import Store

    reads = []
    real = Store.totals
    monkeypatch.setattr(Store, "totals", lambda self, *a: reads.append(a) or real(self, *a))

    def card_run():
        import streamlit as st

        from ui import practice_session as ps
        from ui.resources import get_store
        from ui.state import init_state

        init_state()
        if st.session_state.get("forget"):
            ps.forget_day_score()
        st.write(ps.day_score_line(ps.read_day_score(get_store(), "me")))

    at = AppTest.from_function(card_run, default_timeout=30).run()
    assert not at.exception and len(reads) == 1
    at.run()
    at.run()
    assert len(reads) == 1  # kept
    at.session_state["forget"] = True
    at.run()
    assert len(reads) == 2 and at.markdown[0].value == "nothing answered yet"


def second_click_while_saving(monkeypatch, at, label):
    """Press ``label`` so that a second click of it is already waiting while the first one's answer
    is saved (a double click): the waiting request ends the first run at its next session-state
    access, and the second one's trigger reaches the server as a fresh run would carry it."""
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    from engine.review import Reviews

    button(at, label).click()
    states = at._tree.get_widget_states()  # the trigger of this press, as the browser sends it
    saves, real = [], Reviews.save_answer

    def save_with_a_second_click_waiting(self, *args, **kwargs):
        saved = real(self, *args, **kwargs)
        if not saves:
            ctx = get_script_run_ctx()
            ctx.script_requests.request_rerun(RerunData(query_string=ctx.query_string, widget_states=states,
                                                        page_script_hash=ctx.page_script_hash))
        saves.append(saved)
        return saved

    monkeypatch.setattr(Reviews, "save_answer", save_with_a_second_click_waiting)
    at = at._run(states)
    assert not at.exception, at.exception
    return at, saves


def test_a_double_click_on_submit_saves_the_answer_once_and_shows_its_verdict(app, monkeypatch):
    at = open_question(app, "valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("b")
    at, saves = second_click_while_saving(monkeypatch, at, "Submit answer")
    assert len(saves) == 1 and len(open_store().attempts("me")) == 1
    assert "Correct." in at.success[0].value


def test_a_double_click_on_next_moves_one_question(app):
    at = app(PRACTICE)
    first = at.query_params["q"]
    first = first[0] if isinstance(first, list) else first
    button(at, "Skip").click()
    states = at._tree.get_widget_states()  # the press as the browser sends it, trigger and all
    at = at._run(states)
    second = at.query_params["q"]
    at = at._run(states)  # the same press again, as a double click's second reaches the server
    assert not at.exception, at.exception
    assert at.query_params["q"] == second and second != first


def test_a_double_click_whose_second_press_lands_on_the_next_skip_moves_one_question(app):
    """The second click of a double click on Skip (or Next) that comes after the next question is
    drawn presses that question's own Skip: the audit saw question 2 become question 4."""
    at = app(PRACTICE)
    first = at.query_params["q"]
    at = button(at, "Skip").click().run()
    second = at.query_params["q"]
    assert second != first
    at = button(at, "Skip").click().run()  # the second click, within half a second of the move
    assert not at.exception, at.exception
    assert at.query_params["q"] == second
    assert "Question 2 of 5" in at.get("progress")[0].proto.text
    at = read_then_skip(at)  # a press after reading the question moves on
    assert at.query_params["q"] not in (first, second)
    assert "Question 3 of 5" in at.get("progress")[0].proto.text


def test_a_number_asked_in_per_cent_is_right_typed_with_its_sign(app, content_dir):
    """The authors' audit: "Your answer (%)" read "75%" as 0.75% and graded it wrong."""
    (content_dir / "percent.yaml").write_text(
        "bank: percent\ntitle: Per cent\nquestions:\n"
        "  - id: pct-share\n    type: numeric\n    prompt: What share is 3 of 4?\n"
        "    answer: {value: 75, abs_tol: 0.5, unit: \"%\"}\n    difficulty: easy\n    topics: [metrics]\n"
        "    roles: [data-scientist]\n    explanation: Because.\n    model_answer: Say this.\n"
        "    key_points: [one point]\n    common_mistakes: [one mistake]\n    follow_ups: [one follow-up]\n")
    at = open_question(app, "pct-share")
    assert any(t.label == "Your answer (%)" for t in at.text_input)
    at.text_input(key="ans:pct-share:0:num").input("75%")
    at = button(at, "Submit answer").click().run()
    assert not at.exception, at.exception
    assert at.success and at.success[0].value.startswith("Correct")


def test_the_filters_and_the_place_outlive_a_visit_to_another_page(app):
    """The learner's walk-through: practice filtered to one difficulty, two questions in, a look at
    Progress, back to Practice: the filters were cleared and the queue rebuilt from question 1
    (Streamlit forgets a widget's value on a page that does not draw it)."""
    at = app(PRACTICE)
    at.pills(key="pf.difficulty").set_value(["easy"])
    at = at.run()
    total = in_selection(at)
    at = read_then_skip(at)
    shown = at.query_params["q"]
    assert at.progress[0].proto.text == f"Question 2 of {total}"
    at.switch_page("app_pages/progress.py")
    at = at.run()
    assert at.title[0].value == "Progress"
    at.switch_page("app_pages/practice.py")
    at = at.run()
    assert not at.exception, at.exception
    assert at.pills(key="pf.difficulty").value == ["easy"]
    assert at.progress[0].proto.text == f"Question 2 of {total}"
    assert at.query_params["q"] == shown


def test_leaving_a_review_returns_to_the_place_in_the_filters_queue(app, clock):
    """The walk-through: "Leave the review" sent the learner to question 1 of their selection, not
    the question they had left for the review."""
    at = open_question(app, "valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("a")  # wrong: due for review within minutes
    at = button(at, "Submit answer").click().run()
    at = button(at, "Next question →").click().run()
    place, shown = at.get("progress")[0].proto.text, at.query_params["q"]
    assert place.startswith("Question 2 of ")
    at.switch_page("app_pages/review.py")
    at = button(at.run(), "Start the review").click().run()
    at.switch_page("app_pages/practice.py")  # AppTest forgets the page's st.switch_page
    at = at.run()
    assert any(i.value.startswith("Review: question 1 of 1") for i in at.info)
    assert any(c.value.startswith("A review is running") for c in at.sidebar.caption)  # the filters wait
    at = button(at, "Leave the review").click().run()
    assert not at.exception, at.exception
    assert not any(i.value.startswith("Review:") for i in at.info)
    assert not any(c.value.startswith("A review is running") for c in at.sidebar.caption)
    assert at.get("progress")[0].proto.text == place and at.query_params["q"] == shown


def test_back_shows_the_question_before_and_one_answered_comes_back_with_its_verdict(app, monkeypatch):
    """Back on Practice left the question on screen and wrote its address back: twenty questions in,
    twenty presses of Back showed nothing new before the page was left. Then Back to a question
    answered showed it unanswered: the explanation a learner went back for was gone."""
    at = open_question(app, "valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("a")
    at = button(at, "Submit answer").click().run()
    at = button(at, "Next question \u2192").click().run()
    second = address(at)["q"]
    at = read_then_skip(at)
    third = address(at)["q"]
    assert len({"valid-single", second, third}) == 3
    at = history(at, monkeypatch, {"q": second})  # Back
    assert not at.exception, at.exception
    assert address(at) == {"q": second} and at.session_state["practice"]["retry_of"] is None  # skipped: a first answer
    at = history(at, monkeypatch, {"q": "valid-single"})  # Back again: the question answered
    assert address(at) == {"q": "valid-single"} and not at.success
    assert at.error[0].value.startswith("Not quite")  # its verdict, as it was graded
    assert any(c.value.startswith("Your latest answer to this question in this session") for c in at.caption)
    assert any("**Your answer**\n\na" in m.value for m in at.markdown)
    assert [a.correct for a in open_store().attempts("me")] == [False]  # shown again, not saved again
    at = button(at, "Retry").click().run()  # answered again: a retry, graded and not saved
    at.radio(key="ans:valid-single:1:radio").set_value("b")
    at = button(at, "Submit answer").click().run()
    assert "Correct." in at.success[0].value
    assert any("A retry is graded here and not saved" in c.value for c in at.caption)
    assert [a.correct for a in open_store().attempts("me")] == [False]  # its first answer is the one kept
    at = history(at, monkeypatch, {"q": third})  # Forward, twice
    assert address(at) == {"q": third}
    at.query_params["q"] = second  # a rerun carrying an older address is not Back: nothing moves
    assert address(at.run()) == {"q": third}
    at = history(at, monkeypatch, {"q": "no-such-question"})  # a history entry is an address too: unknown, ignored
    assert not at.exception and address(at) == {"q": third}


def test_the_bank_filter_serves_one_banks_questions(app, content_dir):
    other_bank(content_dir)
    at = app(PRACTICE)
    assert in_selection(at) == 10
    bank = at.multiselect(key="pf.banks")
    assert bank.options == ["A valid bank", "Another bank"] and bank.value == []  # by title; "All banks" until chosen
    assert not [m for m in at.sidebar.markdown if "Link to these questions" in m.value]  # all: no link
    at = bank.set_value(["other"]).run()
    assert not at.exception, at.exception
    assert in_selection(at) == 5 and address(at)["q"].startswith("other-") and address(at)["bank"] == "other"
    (link,) = [m.value for m in at.sidebar.markdown if "Link to these questions" in m.value]  # the selection's link
    assert "[Link to these questions](?bank=other)" in link
    at = at.multiselect(key="pf.banks").set_value(["other", "valid"]).run()
    assert in_selection(at) == 10 and address(at)["bank"] == "other,valid"
    (link,) = [m.value for m in at.sidebar.markdown if "Link to these questions" in m.value]
    assert "(?bank=other,valid)" in link
    at = at.multiselect(key="pf.banks").set_value([]).run()
    assert "bank" not in address(at) and not [m for m in at.sidebar.markdown if "Link to these questions" in m.value]


def test_a_bank_link_opens_practice_on_that_bank_and_keeps_it_in_the_address(app, content_dir):
    """A lecturer's link to one bank (the sidebar's "Link to these questions", the Room's link)."""
    other_bank(content_dir)
    at = app(PRACTICE, bank="other")
    assert not at.exception, at.exception
    assert at.multiselect(key="pf.banks").value == ["other"]
    assert in_selection(at) == 5
    # one write: the question and its bank
    assert set(address(at)) == {"q", "bank"} and address(at)["q"].startswith("other-")
    at.multiselect(key="pf.banks").set_value([])  # the visitor widens it: the link does not pin it
    at = at.run()
    assert in_selection(at) == 10 and set(address(at)) == {"q"}


def test_a_link_to_an_unknown_or_private_bank_says_so_and_tells_nothing_of_a_private_one(app, content_dir):
    from tests.content.test_private_banks import PRIVATE

    (content_dir / "hush.yaml").write_text(PRIVATE)
    said = {}
    for slug in ("no-such-bank", "hush", "<b>x</b>"):
        at = app(PRACTICE, bank=slug)
        assert not at.exception, at.exception
        assert at.multiselect(key="pf.banks").value == [] and in_selection(at) == 5  # the public questions only
        (warning,) = at.warning
        said[slug] = warning.value
        assert at.multiselect(key="pf.banks").options == ["A valid bank"]  # not the private one (its title is the same)
        assert "bank" not in address(at)
    # the same words for each: the link's text is not repeated
    assert said["hush"] == said["no-such-bank"] == said["<b>x</b>"]
    assert said["hush"] == "The link names 1 bank that Practice does not have: it is left out."


def test_a_reload_keeps_the_selection_and_its_link_opens_it(app, content_dir):
    """The filters lived in the session only: a reload, or the address bar's link, forgot them."""
    other_bank(content_dir)
    at = app(PRACTICE)
    at.multiselect(key="pf.banks").set_value(["valid"])
    at.multiselect(key="pf.types").set_value(["single_choice", "numeric"])
    at.pills(key="pf.difficulty").set_value(["easy", "medium", "hard"])
    at.toggle(key="pf.missed").set_value(False)
    at = at.run()
    kept = address(at)
    assert kept["bank"] == "valid" and kept["type"] == "single_choice,numeric"
    assert kept["difficulty"] == "easy,medium,hard" and "missed" not in kept  # "all" filters leave no key
    again = app(PRACTICE, **kept)  # a reload: a new session on the same address
    assert not again.exception, again.exception
    assert again.multiselect(key="pf.banks").value == ["valid"]
    assert again.multiselect(key="pf.types").value == ["single_choice", "numeric"]
    assert again.pills(key="pf.difficulty").value == ["easy", "medium", "hard"]
    assert address(again)["q"] == kept["q"] and in_selection(again) == in_selection(at) == 2
    assert not again.warning
    # a link of names it does not have: those are left out, one sentence a filter, nothing repeated
    odd = app(PRACTICE, topic="grid-search,<i>zz</i>,grid-search", role="nobody", missed="yes")
    assert not odd.exception, odd.exception
    assert odd.multiselect(key="pf.topics").value == ["grid-search"] and odd.multiselect(key="pf.roles").value == []
    assert odd.toggle(key="pf.missed").value is False
    assert odd.warning[0].value == ("The link names 1 topic that Practice does not have: it is left out. The link "
                                    "names 1 role that Practice does not have: it is left out. The link's "
                                    "\u201conly the ones I missed\u201d is neither 1 nor 0: it is off.")


def test_run_it_is_kept_in_the_run_history_in_words(app, content_dir):
    """Its row read "metric sgd.outcome; measured diverged; …": the metric's id is a setting."""
    (content_dir / "live.yaml").write_text(one_question_bank(), encoding="utf-8")
    at = open_question(app, "live-sgd-x2-lr-1-1")
    at.radio(key="ans:live-sgd-x2-lr-1-1:0:radio").set_value("It converges to the minimum at 0")
    at = button(button(at, "Submit answer").click().run(), "Run it").click().run(timeout=60)
    at.switch_page("app_pages/history.py")
    at = at.run()
    assert not at.exception, at.exception
    (row,) = at.dataframe[0].value.to_dict("records")
    assert row["Kind"] == "Run it (question)" and "metric" not in row["Results"] and "sgd." not in row["Results"]
    assert row["Results"].startswith("measured diverged; reality's answer It diverges"), row["Results"]


def test_a_reload_of_a_question_answered_today_asks_it_as_a_retry(app):
    """A reload showed the question answered a moment before blank: answered again after the key
    was read, it was saved and counted twice (an audit in Chromium). It is asked again, said to be
    answered today, and the answer is graded and not saved; the saved answer is not shown again
    (the same link on a screen the room sees would show the key)."""
    at = app(PRACTICE, q="valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("a")
    at = button(at, "Submit answer").click().run()
    assert at.error[0].value.startswith("Not quite")
    again = app(PRACTICE, q="valid-single")  # the reload: a new session on the same address
    assert not again.exception, again.exception
    assert any(re.fullmatch(r"You answered this question at \d\d:\d\d today: an answer now is graded here and not "
                            r"saved \(your first answer is the one your progress and reviews count\)\.", c.value)
               for c in again.caption)
    assert [f for f in again.get("form")] and not again.error  # asked: no verdict, no key
    again.radio(key="ans:valid-single:0:radio").set_value("b")
    again = button(again, "Submit answer").click().run()
    assert "Correct." in again.success[0].value
    assert any(c.value.startswith("A retry is graded here and not saved") for c in again.caption)
    assert [a.correct for a in open_store().attempts("me")] == [False]
    other = app(PRACTICE, q="valid-numeric")  # a question not answered today: asked and saved as ever
    assert [f for f in other.get("form")] and not [c for c in other.caption if "today" in c.value]
