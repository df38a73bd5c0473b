"""The animated path charts by keyboard (the accessibility audit's blocker): Plotly's Play, Pause
and step slider are SVG with no tab stop, so the pages put Play, Pause and "Go to step" widgets
under the chart (ui/chart_controls.py) that drive the animation with the chart's own arguments.
Here: Tab reaches them in order, Enter plays and pauses, the arrow keys move the step; the
watched charts have no toolbar; the widgets are the one set of controls (the chart's own are
hidden, its slider only reads out the step, for the mouse too); and at 200% zoom that readout
covers neither the axis's title nor its numbers."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import wait_idle

pytestmark = pytest.mark.browser

GRAPH = ".st-key-{key} .js-plotly-plot"
#: every frame the chart shows from now on, by name, in window.__frames
LISTEN = """(sel) => {
  const gd = document.querySelector(sel);
  window.__frames = [];
  gd.on('plotly_animatingframe', (e) => window.__frames.push(e.name));
}"""
FRAMES = "() => window.__frames.length"


def open_chart(page, url: str, key: str) -> str:
    """Open ``url``, wait for the chart with element key ``key`` (as a class: dots are dashes)
    to draw its surface, listen to its frames; returns its selector."""
    sel = GRAPH.format(key=key)
    page.goto(url)
    wait_idle(page, 120_000)
    page.wait_for_function(f"() => document.querySelectorAll('{sel} .imagelayer image').length > 0",
                           timeout=90_000)
    page.evaluate(LISTEN, sel)
    return sel


def focused(page) -> str:
    """What has the keyboard: a button's text, or a slider's value text."""
    return page.evaluate("""() => { const e = document.activeElement;
      return e.getAttribute('aria-valuetext') || e.innerText.trim(); }""")


#: how many "Go to step" sliders are marked as following a playing chart (dimmed, value hidden)
FOLLOWING = "() => document.querySelectorAll('.tl-following').length"


def play_then_pause_by_keyboard(page, play_selector: str) -> int:
    """Focus Play, press Enter, wait for the paths to move; Tab to Pause, press Enter; the frames stop
    before the last. Returns how many step sliders were marked as following while it played."""
    page.locator(play_selector).focus()
    assert focused(page) == "▶ Play"
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__frames.length > 0", timeout=30_000)
    following = page.evaluate(FOLLOWING)
    page.keyboard.press("Tab")
    assert focused(page) == "❚❚ Pause"
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_timeout(1_500)  # the pause's script runs; frames stop
    stopped = page.evaluate(FRAMES)
    page.wait_for_timeout(1_000)
    assert page.evaluate(FRAMES) == stopped  # nothing more after Pause
    assert 0 < stopped < 60, stopped  # paused part-way: the optimizer lab's 200 steps have 60 frames
    return following


def readout(page, sel: str) -> str:
    """The step the chart's own slider reads out ("step 40")."""
    return page.evaluate("""(sel) => Array.from(document.querySelectorAll(sel + ' .slider-container text'))
      .map(t => t.textContent).find(t => t.startsWith('step'))""", sel)


def test_the_optimizer_labs_paths_play_pause_and_step_by_keyboard(server, page):
    sel = open_chart(page, f"{server}/optimizer-lab", "ol-paths")
    # while the picture moves, "Go to step" (which cannot follow each frame) is dimmed, its value hidden:
    # it read "step 200" beside a chart at step 61
    assert play_then_pause_by_keyboard(page, ".st-key-ol-paths-play button") == 1
    paused = readout(page, sel)
    assert paused != "step 200"
    assert page.evaluate(FOLLOWING) == 0  # stopped: it reads the step again
    slider = page.get_by_test_id("stMain").get_by_role("slider", name="Go to step")
    # "Go to step" follows the picture: it stood at step 200, where the chart was before Play
    expect(slider).to_have_attribute("aria-valuetext", paused, timeout=15_000)
    page.wait_for_timeout(1_000)
    assert readout(page, sel) == paused  # and the picture stays where it stopped
    page.keyboard.press("Tab")  # from Pause to "Go to step"
    assert focused(page) == paused
    page.keyboard.press("ArrowRight")  # one step on from where the picture stopped
    expect(slider).not_to_have_attribute("aria-valuetext", paused, timeout=15_000)
    moved = slider.get_attribute("aria-valuetext")
    assert int(moved.split()[1]) > int(paused.split()[1])
    page.wait_for_function("([s, v]) => Array.from(document.querySelectorAll(s + ' .slider-container text'))"
                           ".some(t => t.textContent === v)", arg=[sel, moved], timeout=30_000)
    page.keyboard.press("Home")
    wait_idle(page)
    page.wait_for_function("() => window.__frames[window.__frames.length - 1] === '1'", timeout=30_000)
    assert readout(page, sel) == "step 0"  # the chart's own slider followed
    # Another page and back: the chart is drawn anew, at its last step, and the slider stands there
    # too (it came back at the step the chart had last stopped at)
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name="Run history").click()
    # on the other page for real: "idle" straight after a click can be the lab's own state, and a click
    # back before the history's run began left the lab's visit uncounted (CI's third run, under load)
    expect(page.get_by_role("heading", name="Run history")).to_be_visible(timeout=60_000)
    wait_idle(page, 60_000)
    nav.get_by_role("link", name="Optimizer lab").click()
    wait_idle(page, 120_000)
    page.wait_for_function(f"() => document.querySelectorAll('{sel} .imagelayer image').length > 0",
                           timeout=90_000)
    expect(slider).to_have_attribute("aria-valuetext", "step 200", timeout=15_000)
    assert readout(page, sel) == "step 200"


def test_practice_run_it_plays_by_keyboard_and_has_no_chart_toolbar(server, page):
    page.goto(f"{server}/practice?q=live-sgd-x2-lr-1-1")
    wait_idle(page, 60_000)
    page.get_by_text("It converges to the minimum at 0").click()
    page.get_by_role("button", name="Submit answer").click()
    wait_idle(page)
    page.get_by_role("button", name="Run it").click()
    wait_idle(page, 60_000)
    key = "sim-fig-live-sgd-x2-lr-1-1-0"
    page.wait_for_function(f"() => document.querySelectorAll('{GRAPH.format(key=key)} .imagelayer image').length > 0",
                           timeout=60_000)
    page.evaluate(LISTEN, GRAPH.format(key=key))
    assert page.locator(".modebar-btn").count() == 0  # the audit counted 16 toolbar tab stops here
    # the surface's chart as tall as its plot lets it be, and the loss chart beside it following their row:
    # both at the figure's 420 px left some 250 px of empty bands around a 170-px plot at 1280 px
    sizes = page.evaluate("""(key) => {
        const chart = (k) => document.querySelector('.st-key-' + k + ' .js-plotly-plot').getBoundingClientRect();
        const plot = document.querySelector('.st-key-' + key + ' .nsewdrag').getBoundingClientRect();
        return {around: chart(key).height - plot.height, paths: chart(key).bottom,
                loss: chart(key.replace(/-0$/, '-1')).bottom};
    }""", key)
    assert sizes["around"] < 160 and sizes["loss"] >= sizes["paths"], sizes
    page.locator(f".st-key-{key}-play button").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__frames.length > 3", timeout=30_000)


def test_presenter_pauses_by_keyboard_right_after_play_and_has_no_chart_toolbar(server, page):
    open_chart(page, f"{server}/presenter?preset=ravine&lr=0.018&steps=150", "pm-paths")
    assert page.locator(".modebar-btn").count() == 0
    play_then_pause_by_keyboard(page, ".st-key-pm-play button")  # Pause is the next tab stop after Play


#: the step the chart reads out, and whether the pointer reaches its slider: what is under the readout
READOUT = """(sel) => {
  const gd = document.querySelector(sel);
  const text = Array.from(gd.querySelectorAll('.slider-container text')).find(t => t.textContent.startsWith('step'));
  const r = text.getBoundingClientRect();
  const under = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {step: text.textContent, grabbed: !!(under && under.closest('.slider-container'))};
}"""


@pytest.mark.parametrize("path, key, play", [
    ("/presenter?preset=ravine", "pm-paths", ".st-key-pm-play button"),
    ("/optimizer-lab", "ol-paths", ".st-key-ol-paths-play button"),
])
def test_one_set_of_controls_for_mouse_and_keyboard(server, page, path, key, play):
    """The lecturer's audit: Play / Pause at the top, plotly's SVG Play / Pause and slider under the
    picture, and a "Go to step" slider: three sets. Now the widgets are the only ones; the chart
    shows the step it stands at, which follows a mouse click on Play."""
    sel = open_chart(page, f"{server}{path}", key)
    main = page.get_by_test_id("stMain")
    # waited for, not counted at once: right after the chart was drawn, a bare count found no Play
    # once in a full run of the browser tests (not again in 5 runs of this test alone)
    expect(main.get_by_role("button", name="▶ Play")).to_have_count(1, timeout=15_000)
    expect(main.get_by_role("button", name="❚❚ Pause")).to_have_count(1, timeout=15_000)
    expect(main.get_by_role("slider", name="Go to step")).to_have_count(1, timeout=15_000)
    assert page.locator(f"{sel} .updatemenu-button").count() == 0  # the chart's own buttons are not drawn
    before = page.evaluate(READOUT, sel)
    assert before["step"] == page.get_by_role("slider", name="Go to step").get_attribute("aria-valuetext")
    assert not before["grabbed"]  # a readout: the pointer passes through it, no invisible slider to drag
    page.locator(play).click()
    page.wait_for_function("() => window.__frames.length > 3", timeout=30_000)
    assert page.evaluate(READOUT, sel)["step"] != before["step"]  # it follows the frames


@pytest.mark.parametrize("viewport", [{"width": 640, "height": 360}], ids=["1280x720-at-200%"])  # the tight case
def test_presenter_charts_step_readout_covers_no_axis_text(server, browser, viewport):
    """At 200% zoom the chart's own "❚❚ Pause" covered the start of "step 40" above its slider; the
    readout that replaced them sits on the x axis title's row, clear of the title and the numbers."""
    context = browser.new_context(viewport=viewport, device_scale_factor=1280 // viewport["width"])
    page = context.new_page()
    try:
        sel = open_chart(page, f"{server}/presenter?preset=lr-regimes", "pm-paths")
        boxes = page.evaluate("""(sel) => {
          const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
          const gd = document.querySelector(sel);
          const label = Array.from(gd.querySelectorAll('.slider-container text'))
            .find(t => t.textContent.startsWith('step'));
          const axis = Array.from(gd.querySelectorAll('.xtick text, .g-xtitle text'));
          return {axis: axis.map(box), label: box(label), chart: box(gd),
                  buttons: gd.querySelectorAll('.updatemenu-button').length};
        }""", sel)
    finally:
        context.close()
    assert boxes["buttons"] == 0
    lx0, ly0, lx1, ly1 = boxes["label"]
    cx0, cy0, cx1, cy1 = boxes["chart"]
    assert cx0 <= lx0 and lx1 <= cx1 and cy0 <= ly0 and ly1 <= cy1, boxes  # whole, inside the chart
    for bx0, by0, bx1, by1 in boxes["axis"]:
        assert bx1 <= lx0 or lx1 <= bx0 or by1 <= ly0 or ly1 <= by0, boxes  # apart, side by side or one above
