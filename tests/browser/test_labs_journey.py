"""A presenter restores a demo from a link; a candidate runs a search-lab preset."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from engine.optim.training_presets import PRESETS as TRAINING_PRESETS
from tests.browser.support import phone_page, wait_idle
from ui.figures import TOOLBAR_ROW

pytestmark = pytest.mark.browser


def test_presenter_demo_restored_from_a_link(server, page):
    page.goto(f"{server}/presenter?preset=ravine&lr=0.01&steps=60")
    wait_idle(page)
    expect(page.get_by_role("heading", name="SGD vs momentum in a ravine")).to_be_visible()
    expect(page.get_by_text("SGD + momentum 0.9 (lr 0.01)").first).to_be_visible()
    expect(page.get_by_text("?preset=ravine&lr=0.01&steps=60")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()


def test_presenter_regime_button_moves_the_slider_and_the_url(server, page):
    page.goto(f"{server}/presenter?preset=lr-regimes")
    wait_idle(page)
    page.get_by_role("button", name="Too high: 0.3").click()
    wait_idle(page)
    expect(page.get_by_text("Diverged").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"lr=0\.3"))


def test_one_back_from_a_related_demo_returns_to_the_question_and_its_own_address(server, page):
    """The Presenter wrote its link out in full (a history entry: two presses of Back to leave it),
    and Practice, reached by Back, kept the demo's settings in front of the question's id."""
    page.goto(f"{server}/practice?q=valid-single")
    wait_idle(page)
    page.get_by_test_id("stMain").get_by_text("b", exact=True).click()  # any answer: the link shows after it
    page.get_by_role("button", name="Submit answer").click()
    demo = page.get_by_test_id("stPageLink-NavLink")  # "A related demo: Presenter mode: ..."
    expect(demo).to_contain_text("Presenter mode")
    demo.click()
    expect(page).to_have_url(re.compile(r"/presenter\?preset=lr-regimes&from=valid-single$"))
    wait_idle(page)
    expect(page.get_by_role("button", name="Too high: 0.3")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the question")).to_be_visible()  # the other way back
    page.go_back()
    expect(page).to_have_url(re.compile(r"/practice\?q=valid-single$"))
    wait_idle(page)
    expect(page.get_by_role("button", name=re.compile("Next question"))).to_be_visible()
    page.wait_for_timeout(500)  # a write of the address, had there been one, has reached the bar by now
    expect(page).to_have_url(re.compile(r"/practice\?q=valid-single$"))


def test_back_walks_a_labs_settings_and_one_more_leaves_it(server, page):
    """A lab reached from a question wrote its link out in full on opening, and each write of its
    address is an entry in the browser's history: two or three presses of Back to leave it."""
    page.goto(f"{server}/practice?q=live-sgd-x2-lr-1-1")
    wait_idle(page)
    page.get_by_test_id("stMain").get_by_text("It diverges, overshooting further each step").click()
    page.get_by_role("button", name="Submit answer").click()
    lab = page.get_by_test_id("stPageLink-NavLink")
    expect(lab).to_contain_text("Optimizer lab")
    lab.click()
    expect(page).to_have_url(re.compile(r"/optimizer-lab\?.*lr=1\.1.*&from=live-sgd-x2-lr-1-1$"))
    wait_idle(page)
    opened, entries = page.url, page.evaluate("history.length")
    rates = page.locator(".st-key-ol-lrs input")
    expect(rates).to_have_value("1.1")
    rates.fill("0.05")
    rates.press("Enter")
    expect(page).to_have_url(re.compile(r"lr=0\.05"))
    wait_idle(page)
    assert page.evaluate("history.length") == entries + 1  # the change, once
    page.go_back()
    expect(page).to_have_url(opened)
    wait_idle(page)
    expect(rates).to_have_value("1.1")  # what that address showed
    page.wait_for_timeout(500)  # a write of the address, had there been one, has reached the bar by now
    expect(page).to_have_url(opened)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/practice\?q=live-sgd-x2-lr-1-1$"))


def test_search_lab_preset_runs_in_the_browser(server, page):
    page.goto(f"{server}/search-lab?preset=branin")
    wait_idle(page)
    page.get_by_role("button", name="Run the search").click()
    wait_idle(page, 120_000)
    # the search runs in a worker and streams into a fragment: the page can be idle between two
    # updates while it still runs (on a busy machine, for tens of seconds)
    expect(page.get_by_text(re.compile(r"30 evaluations · 0 failed")).first).to_be_visible(timeout=120_000)
    expect(page.get_by_text("Bayesian optimisation (GP + EI)").first).to_be_visible()


def test_a_runs_progress_is_brought_on_screen_on_a_phone(server, browser):
    # a walk-through: on a phone the Search lab's bar was drawn under the link box, off the screen,
    # and for seconds of a search nothing on screen moved but the pressed button
    with phone_page(browser) as page:
        page.goto(f"{server}/search-lab?preset=svc-cancer&seed=11&budget=30")
        wait_idle(page)
        run = page.get_by_role("button", name="Run the search")
        assert run.bounding_box()["y"] + 400 > page.viewport_size["height"]  # the bar's place is below the screen
        run.click()
        bar = page.get_by_test_id("stProgress")
        expect(bar).to_be_in_viewport(timeout=30_000)  # while the search runs (a worker's start, then ~5 s)
        expect(page.get_by_role("button", name="Stop")).to_be_in_viewport()


def test_no_chart_toolbar_over_a_legend_on_a_touch_screen(server, browser):
    # a touch screen cannot hover, so Plotly kept its toolbar shown over the legend's top row: on a
    # phone it covered the curve names of the labs' charts and took their taps
    with phone_page(browser) as page:
        page.goto(f"{server}/optimizer-lab")
        wait_idle(page)
        chart = page.locator(".js-plotly-plot").first
        expect(chart.locator(".legend")).to_be_visible(timeout=30_000)  # the first drawing, on a busy machine
        assert page.evaluate("matchMedia('(hover: none)').matches")
        expect(chart.locator(".modebar-container")).to_have_css("display", "none")


def test_a_links_copy_button_covers_none_of_its_text_on_a_phone(server, browser):
    # shown at all times (for the keyboard), it sat over the link's first line: "optimizer-lab?" lost its "?"
    with phone_page(browser) as page:
        page.goto(f"{server}/optimizer-lab")
        wait_idle(page)
        box = page.get_by_test_id("stCode").filter(has_text="/optimizer-lab").first
        box.scroll_into_view_if_needed()
        button = box.get_by_test_id("stElementToolbarButton").first
        expect(button).to_be_visible()
        text = box.locator("code").evaluate(
            "c => { const r = document.createRange(); r.selectNodeContents(c); "
            "return Math.max(...[...r.getClientRects()].map(b => b.right)); }")
        assert text <= button.bounding_box()["x"], (text, button.bounding_box())


def test_a_tables_toolbar_covers_nothing_above_it_on_a_touch_screen(server, server_env, browser):
    # a touch screen shows a table's toolbar at all times, above the table: it sat over Run
    # history's "Search titles" box on a phone
    from engine.runs import KINDS, RunLog
    from engine.store import LOCAL_LEARNER, Store

    store = Store(f"sqlite:///{server_env['TUNELAB_DATA_DIR']}/tunelab.db")
    RunLog(store).record(LOCAL_LEARNER, next(iter(KINDS)), "A run to list", {"lr": 0.1}, {"loss": 1.0}, seed=1)
    with phone_page(browser) as page:
        page.goto(f"{server}/history")
        wait_idle(page)
        box = page.get_by_label("Search titles")
        toolbar = page.get_by_test_id("stElementToolbar").first
        expect(toolbar).to_be_visible()
        above, bar = box.bounding_box(), toolbar.bounding_box()
        assert bar["y"] >= above["y"] + above["height"], (above, bar)


def test_the_chart_toolbar_stays_where_a_pointer_can_hover(server, page):
    page.goto(f"{server}/optimizer-lab")
    wait_idle(page)
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator(".legend")).to_be_visible(timeout=30_000)  # the first drawing, on a busy machine
    chart.hover()
    expect(chart.locator(".modebar-container")).not_to_have_css("display", "none")
    expect(chart.locator(".modebar-btn").first).to_be_visible()


#: the chart's toolbar, and the boxes of what the chart writes (legend entries, subplot titles, axis
#: titles), on the page, while the pointer is on the chart
TOOLBAR_AND_TEXT = """(sel) => {
  const gd = document.querySelector(sel);
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {bar: box(gd.querySelector('.modebar')),
          texts: [...gd.querySelectorAll('.legend .traces, .annotation, .g-xtitle, .g-ytitle')].map(box)};
}"""


def toolbar_covers(page, sel: str) -> list:
    """What the toolbar of the chart ``sel`` lies over, with the pointer on the chart."""
    chart = page.locator(sel)
    chart.hover(position={"x": 100, "y": 200})
    expect(chart.locator(".modebar-btn").first).to_be_visible()
    seen = page.evaluate(TOOLBAR_AND_TEXT, sel)
    (bl, bt, br, bb), texts = seen["bar"], seen["texts"]
    assert texts, seen
    return [t for t in texts if t[0] < br and bl < t[2] and t[1] < bb and bt < t[3]]


def test_the_training_charts_toolbar_leaves_its_legend_readable_under_the_pointer(server, page):
    # the whole toolbar sat over the legend's first row ("Adam lr=0.001") on a laptop with the sidebar
    # open; with fewer buttons, "SGD + momentum lr=0.05" was still under it at 800 to 1050 px and 1250
    page.set_viewport_size({"width": 1100, "height": 1000})
    page.goto(f"{server}/training-lab")
    wait_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    sel = ".st-key-tl-curves .js-plotly-plot"
    expect(page.locator(sel).locator(".legend")).to_be_visible(timeout=60_000)
    for width in (800, 950, 1100, 1250, 1600):
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(400)  # the chart takes the new width
        assert toolbar_covers(page, sel) == [], width


def test_the_search_labs_toolbars_leave_their_legends_readable(server, page):
    # two charts side by side, each with Plotly's whole toolbar then: the legend's first row ran under it
    page.set_viewport_size({"width": 1250, "height": 1000})
    page.goto(f"{server}/search-lab")
    wait_idle(page)
    page.get_by_role("button", name="Run the search").click()
    for key in ("sl-bsf", "sl-bsf-t"):
        sel = f".st-key-{key} .js-plotly-plot"
        expect(page.locator(sel).locator(".legend")).to_be_visible(timeout=120_000)
        assert toolbar_covers(page, sel) == [], key


def test_a_labs_address_bar_holds_the_settings_on_screen(server, page):
    # copied from the bar, the address reopens what is shown, as the link box's does; a preset's
    # short link stays as it is until a setting changes (it reopens the same, and a write would be
    # one more press of Back to leave the lab)
    preset = next(iter(TRAINING_PRESETS))
    page.goto(f"{server}/training-lab?preset={preset}")
    wait_idle(page)
    box = page.get_by_test_id("stCode").filter(has_text="/training-lab?").first
    expect(box).to_contain_text("runs=")
    shown = box.inner_text().strip()
    expect(page).to_have_url(re.compile(rf"/training-lab\?preset={preset}$"))
    page.reload()
    wait_idle(page)
    expect(box).to_have_text(shown)
    seed = page.locator(".st-key-tl-seed input")
    seed.fill("9")
    seed.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]seed=9"))
    wait_idle(page)
    expect(box).to_contain_text("seed=9")
    shown = box.inner_text().strip()
    assert parse_qsl(urlsplit(page.url).query) == parse_qsl(urlsplit(shown).query)  # the bar encodes ":" and ","
    page.reload()
    wait_idle(page)
    expect(box).to_have_text(shown)


#: where the trajectory chart's surface sits in the figure: the plot's room (plotly's _size) and
#: the share of it the axes take when x and y keep one scale
PLOT_ROOM = """() => { const gd = document.querySelector('.st-key-ol-paths .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullLayout.yaxis) return null;
  const L = gd._fullLayout, s = L._size, y = L.yaxis.domain, x = L.xaxis.domain;
  return {height: L.height, above_below: s.h * (1 - (y[1] - y[0])), beside: s.w * (1 - (x[1] - x[0])),
          settled: Math.abs(L.height - gd.parentElement.getBoundingClientRect().height) < 1}; }"""


@pytest.mark.parametrize("width", [390, 1400])
def test_the_trajectory_chart_is_as_tall_as_its_width_lets_the_surface_be(server, browser, width):
    # a phone drew the 2:1 surface 130 px high in a 560-px figure: blank bands of about 150 px
    # above and below it (the phone walk-through); a wide column keeps its 560 px
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server}/optimizer-lab")
        wait_idle(page)
        expect(page.locator(".st-key-ol-paths .js-plotly-plot .legend")).to_be_visible(timeout=30_000)
        # drawn at its box's height: under load a first drawing at the figure's own 560 px was measured
        page.wait_for_function(f"(() => {{ const r = ({PLOT_ROOM})(); return r !== null && r.settled; }})()")
        page.wait_for_timeout(300)  # Plotly's margins settle after its first drawing (as charts_drawn)
        room = page.evaluate(PLOT_ROOM)
    finally:
        context.close()
    # at most a legend row of blank above and below (the legend's wrapping is estimated wide)
    assert room["above_below"] <= 45, room
    if width == 1400:
        assert room["height"] >= 540, room  # about the figure's 560 px, as before (its ceiling)
    else:
        assert room["height"] <= 340 + TOOLBAR_ROW + 1, room  # and the row kept for the toolbar
        assert room["beside"] <= 5, room  # not narrowed at its sides (an estimate too short)


#: each chart matching a selector: its plot (the axes' domains, px on the page: left, top, right,
#: bottom), its legend's box and its step readout's, and whether Plotly has drawn it at its box's height
PLOT_LEGEND_READOUT = """(sel) => Array.from(document.querySelectorAll(sel)).map(gd => {
  const L = gd._fullLayout, s = L._size, r = gd.getBoundingClientRect(), x = L.xaxis.domain, y = L.yaxis.domain;
  const box = (e) => {
    if (!e) return null;
    const b = e.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom];
  };
  const readout = Array.from(gd.querySelectorAll('.slider-container text')).find(t => t.textContent.startsWith('step'));
  return {plot: [r.left + s.l + s.w * x[0], r.top + s.t + s.h * (1 - y[1]),
                 r.left + s.l + s.w * x[1], r.top + s.t + s.h * (1 - y[0])],
          legend: box(gd.querySelector('.legend .bg')), readout: box(readout),
          settled: Math.abs(L.height - gd.parentElement.getBoundingClientRect().height) < 1};
})"""


def charts_drawn(page, sel: str, count: int) -> list[dict]:
    """:data:`PLOT_LEGEND_READOUT` of the ``count`` charts ``sel``, once each is drawn at its box's size."""
    page.wait_for_function(f"() => ({PLOT_LEGEND_READOUT})({sel!r}).filter(c => c.legend && c.settled).length"
                           f" === {count}", timeout=60_000)
    page.wait_for_timeout(300)  # Plotly's margins settle after its first drawing
    return page.evaluate(PLOT_LEGEND_READOUT, sel)


@pytest.mark.parametrize("rates, large", [("0.01,0.1", True), ("0.01,0.03,0.1", False)])
def test_the_loss_charts_legends_stay_above_their_plots_on_a_projectors_screen(server, page, rates, large):
    """At 1920 x 1080 with large text the loss chart's legend, one row of six runs, lay over the top
    of its plot in a white box (SGD lr=0.1 hidden from step 0 to 118, 49 px into the plot), and the
    learning rate's over its 0.1 line; nine runs at the usual size, 34 px. The charts are drawn
    first in their tab before it opens, narrower, their legends in more rows: Plotly kept each
    legend where those rows had put it after the margin above the plot had shrunk."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/optimizer-lab?optimizers=sgd,momentum,adam&lr={rates}" + ("&large=1" if large else ""))
    wait_idle(page)
    page.get_by_role("tab", name="Loss and learning rate").click()
    wait_idle(page)
    charts = charts_drawn(page, ".st-key-ol-loss .js-plotly-plot, .st-key-ol-lr .js-plotly-plot", 2)
    for chart in charts:
        assert chart["legend"][3] <= chart["plot"][1] - 5, chart  # the legend's bottom above the plot's top
    assert charts[0]["plot"][0] == charts[1]["plot"][0] and charts[0]["plot"][2] == charts[1]["plot"][2]


def test_the_paths_legend_and_step_sit_at_the_plots_edges_on_a_wide_screen(server, page):
    """At 1920 x 1080, the sidebar closed, the picture used 816 px of the page's 1760 (its 560 px of
    height the limit): Plotly centred the plot in a figure as wide as the page, the legend at the
    figure's left edge and "step 200" 330 px right of the plot. Now the figure is as wide as its plot,
    centred, taller where the window allows, and both sit at the plot's edges."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/optimizer-lab?optimizers=sgd,momentum,adam&lr=0.01,0.1")
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.hover()
    page.get_by_role("button", name="Collapse sidebar").click()
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    (chart,) = charts_drawn(page, ".st-key-ol-paths .js-plotly-plot", 1)
    (left, top, right, _), legend, readout = chart["plot"], chart["legend"], chart["readout"]
    assert abs(legend[0] - left) <= 2 and legend[3] <= top - 5, chart
    assert abs(readout[2] - right) <= 3, chart
    assert right - left >= 950, chart  # a 660-px picture: the window's height less the page above and under it
