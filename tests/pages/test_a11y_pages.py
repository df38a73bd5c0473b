"""The accessibility audit's findings, at page level (AppTest): the keyboard's Play, Pause and
"Go to step" for animated charts, no toolbar on watched charts, headings that never skip a
level in the states the audit found them skipping, and progress charts told in words."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from engine.links import lr_options
from engine.runs import RunLog
from engine.store import Attempt, open_store
from tests.conftest import LIVE, one_question_bank
from tests.pages.conftest import PRACTICE, button
from tests.pages.test_heading_outline import heading_levels
from ui.chart_controls import SCRIPT

PATHS = f"sim.fig.{LIVE}.0"


def assert_outline(at) -> None:
    levels = heading_levels(at)
    assert levels and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"h{before} then h{after}: {levels}"


def html_bodies(at) -> list[str]:
    return [e.proto.body for e in at.get("html")]


def no_toolbar(chart) -> bool:
    return json.loads(chart.proto.config or "{}").get("displayModeBar") is False


def test_the_outline_helper_sees_markdown_headings_anywhere_and_not_in_code():
    def node(kind, value="", children=()):  # the shape of an AppTest element, enough for the helper
        return type(kind, (), {"value": value, "children": dict(enumerate(children))})()

    at = type("At", (), {"main": node("Block", children=[
        node("Title"), node("Markdown", "intro\n\n#### Late"), node("Markdown", "```\n# not a heading\n```")])})
    assert heading_levels(at) == [1, 4]


@pytest.fixture
def run_it(app, content_dir):
    """Practice on the optimiser question, answered, after "Run it"."""
    (content_dir / "live.yaml").write_text(one_question_bank(), encoding="utf-8")
    at = app(PRACTICE, q=LIVE)
    at.radio(key=f"ans:{LIVE}:0:radio").set_value("It converges to the minimum at 0")
    at = button(at, "Submit answer").click().run()
    at = button(at, "Run it").click().run(timeout=60)
    assert not at.exception, at.exception
    return at


#: a press's marker (ui.chart_controls.press); the site's style names it too, to give it no room (app.py)
MARKER = "<span hidden data-chart="


def test_run_it_headings_charts_and_the_keyboards_play_pause_and_step(run_it):
    at = run_it
    assert_outline(at)  # "Check it live" was an h4 under the page's h1
    charts = at.get("plotly_chart")
    assert len(charts) == 2 and all(no_toolbar(c) for c in charts)  # 8 tab stops each, 16 in all
    # named as the Optimizer lab names them, not "Chart of y against x" (the audit's M2)
    from ui.figures import LOSS_ALT, PATHS_ALT

    assert [c.proto.alt for c in charts] == [PATHS_ALT, LOSS_ALT]
    assert not any(MARKER in b for b in html_bodies(at))  # nothing runs before a press

    at = at.button(key=f"{PATHS}.play").click().run()
    (pressed,) = [b for b in html_bodies(at) if MARKER in b]
    # the chart's element class, the action and a press count in a marker; the script is the constant one
    assert pressed.startswith(f'<span hidden data-chart="st-key-sim-fig-{LIVE}-0" data-action="play"')
    assert pressed.endswith(SCRIPT)

    at = at.button(key=f"{PATHS}.pause").click().run()
    (pressed,) = [b for b in html_bodies(at) if MARKER in b]
    assert 'data-action="pause"' in pressed and pressed.endswith(SCRIPT)

    step = at.select_slider(key=f"{PATHS}.step")
    slider = json.loads(charts[0].proto.spec)["layout"]["sliders"][0]
    frames = [s["args"][0][0] for s in slider["steps"]]  # the figure's own frames, labelled as it labels them
    assert step.options == [f"step {s['label']}" for s in slider["steps"]]
    assert step.value == frames[-1]  # the chart shows every path in full until it is played
    at = step.set_value(frames[3]).run()
    (pressed,) = [b for b in html_bodies(at) if MARKER in b]
    assert f'data-action="step" data-frame="{frames[3]}"' in pressed and pressed.endswith(SCRIPT)


def test_presenter_has_no_chart_toolbar_and_a_keyboard_pause_and_step(app):
    at = app("app_pages/presenter.py", preset="decay")  # paths, loss and learning rate
    assert not at.exception, at.exception
    charts = at.get("plotly_chart")
    assert len(charts) == 3 and all(no_toolbar(c) for c in charts)
    at = at.button(key="pm.paths.pause").click().run()
    assert any('data-action="pause"' in b and b.endswith(SCRIPT) for b in html_bodies(at))
    at = at.button(key="pm.play").click().run()  # Presenter's own Play starts from the first step
    assert any('data-action="restart"' in b and b.endswith(SCRIPT) for b in html_bodies(at))
    last = at.select_slider(key="pm.paths.step").value
    at = at.select_slider(key="pm.paths.step").set_value("4").run()
    assert any('data-action="step" data-frame="4"' in b for b in html_bodies(at))
    rate = at.select_slider(key="lr")
    other = next(v for v in lr_options(rate.value) if v != rate.value)
    at = rate.set_value(other).run()  # another rate: a new picture, drawn in full (on a new slider)
    assert next(s for s in at.select_slider if s.label == "Go to step").value == last


def test_the_labs_keep_their_toolbars_and_the_optimizer_lab_gets_the_keyboards_controls(app):
    at = app("app_pages/optimizer_lab.py")
    assert not at.exception, at.exception
    assert not any(no_toolbar(c) for c in at.get("plotly_chart"))  # zoom is used there
    assert at.button(key="ol.paths.play") and at.button(key="ol.paths.pause")
    step = at.select_slider(key="ol.paths.step")
    assert step.options[-1] == "step 200" and step.value == "201"  # its 200 steps, shown in full


def seed_attempts() -> None:
    store = open_store()
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for i, (qid, difficulty, ok) in enumerate([("valid-single", "easy", True), ("valid-numeric", "medium", False),
                                               ("valid-multi", "hard", False)]):
        store.record_attempt(Attempt(qid, "valid", "numeric", difficulty, ("learning-rate",), 1, ok, float(ok),
                                     answered_at=t0 + dt.timedelta(minutes=i), learner="me"))


def test_progress_with_saved_answers_has_an_outline_and_its_charts_in_words(app):
    seed_attempts()
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    assert any(h.value == "Weakest topics" for h in at.header)  # the state whose sections were h3
    assert_outline(at)
    captions = [c.value for c in at.caption]
    # with each bar's counts (they were in the hover only, out of a keyboard's reach)
    assert "The learning rate (33% average over 3 answers: 1 correct, 0 partly right, 2 wrong)." in captions
    assert ("Easy (100% average over 1 answer: 1 correct, 0 partly right, 0 wrong); Medium (0% average over "
            "1 answer: 0 correct, 0 partly right, 1 wrong); Hard (0% average over 1 answer: 0 correct, "
            "0 partly right, 1 wrong).") in captions  # by difficulty
    assert any(c.startswith("1 of ") and "1 weak (under 50%)" in c for c in captions)  # the topic map
    assert all(c.proto.alt for c in at.get("plotly_chart"))  # each chart has a name


def test_the_topic_maps_words_use_the_bands_of_its_colours():
    from engine.progress_summary import STRONG, WEAK
    from ui.figures import AMBER, GREEN, RED, _score_colour

    assert [_score_colour(s) for s in (WEAK - 1e-9, WEAK, STRONG - 1e-9, STRONG)] == [RED, AMBER, AMBER, GREEN]


def test_run_history_with_two_runs_has_an_outline(app):
    log = RunLog(open_store())
    for lr in (0.1, 0.3):
        log.record("me", "presenter", f"Presenter: lr {lr}", {"lr": lr}, {"SGD": {"outcome": "converged"}}, seed=0)
    at = app("app_pages/history.py")
    assert not at.exception, at.exception
    assert any(h.value == "Compare two runs" for h in at.header)
    assert_outline(at)


def parent_of(at, found) -> object:
    """The block that directly holds the first element for which ``found(element)`` is true."""
    todo = [(child, at.main) for child in at.main.children.values()]
    while todo:
        node, parent = todo.pop(0)
        if found(node):
            return parent
        todo += [(child, node) for child in getattr(node, "children", {}).values()]
    raise AssertionError("no such element on the page")


def wrapping_row(block) -> bool:
    flex = block.proto.flex_container
    return flex.direction == flex.HORIZONTAL and flex.wrap


def key_is(key):
    return lambda node: getattr(node, "key", None) == key


def metric(label):
    return lambda node: type(node).__name__ == "Metric" and node.label == label


def card_title(text):
    return lambda node: type(node).__name__ == "Markdown" and text in node.value


@pytest.mark.parametrize("page, seeded, element", [
    ("app_pages/search_lab.py", False, key_is("sl.run")),  # "Run the search" was cut to "R."
    ("app_pages/search_lab.py", False, key_is("sl.stop.idle")),  # greyed out while nothing runs
    ("app_pages/training_lab.py", False, key_is("tl.train")),
    ("app_pages/home.py", False, metric("Question types")),
    ("app_pages/progress.py", True, metric("Answers saved")),  # "Answer…"
    ("app_pages/progress.py", True, metric("Estimated retention now")),
    ("app_pages/review.py", True, metric("Estimated retention now")),
], ids=["search-run", "search-stop", "train", "home-metrics", "progress-metrics", "progress-review-metrics",
        "review-metrics"])
def test_buttons_and_metrics_sit_in_rows_that_wrap_not_in_columns(app, page, seeded, element):
    """Text at 200%: columns of fixed shares cut these short; a horizontal container wraps instead."""
    if seeded:
        seed_attempts()
    at = app(page)
    assert not at.exception, at.exception
    assert wrapping_row(parent_of(at, element))


@pytest.mark.parametrize("page, title", [("app_pages/home.py", "Start practising"),
                                         ("app_pages/progress.py", "The learning rate")])
def test_cards_sit_in_rows_that_wrap_not_in_columns(app, page, title):
    """Home's "Start here" cards broke their words ("St…") and Progress's weakest topics a few
    letters to a line: each card is a bordered container in a row that wraps."""
    seed_attempts()
    at = app(page)
    assert not at.exception, at.exception
    found = card_title(title) if page.endswith("progress.py") else (
        lambda node: type(node).__name__ == "PageLink" and node.proto.label == title)
    card = parent_of(at, found)
    assert card.proto.flex_container.border  # the card
    assert wrapping_row(parent_of(at, lambda node: node is card))
