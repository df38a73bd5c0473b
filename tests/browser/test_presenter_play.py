"""The lecturer's demo in Chromium: the loss surface stays on screen through Play, Play is logged,
text is projector-sized, and every demo's controls, picture and verdicts fit one projector screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from engine.optim.presets import PRESETS
from tests.browser.support import wait_idle

pytestmark = pytest.mark.browser

GRAPH = ".st-key-{key} .js-plotly-plot"
# the surface is a layout image under the plot (ui/surface_image.py): is it on the page, and loaded
SURFACE_DRAWN = """(sel) => {
  const gd = document.querySelector(sel);
  const images = Array.from(gd.querySelectorAll('.imagelayer image'));
  const png = images.filter(i => (i.getAttribute('href') || '').startsWith('data:image/png'));
  return {images: images.length, png: png.length};
}"""
LISTEN = """(sel) => {
  const gd = document.querySelector(sel);
  window.__animated = false;
  gd.on('plotly_animated', () => { window.__animated = true; });
}"""


DIAGNOSE = """(sel) => ({
  state: document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState,
  graph: !!document.querySelector(sel),
  plots: document.querySelectorAll('.js-plotly-plot').length,
  alerts: Array.from(document.querySelectorAll('[data-testid="stAlert"], [data-testid="stException"]'))
    .map(e => e.innerText.slice(0, 200)),
  status: document.querySelector('[data-testid="stStatusWidget"]')?.innerText || '',
})"""


def open_graph(page, url: str, key: str) -> str:
    """Open ``url`` and wait until the graph ``key`` has drawn its surface.

    Once in a full CI run the Optimizer lab's graph never appeared within a minute (not seen
    locally in dozens of runs, with or without a CPU hog). What the page showed is kept in the
    test's output, and the page is loaded once more: this test is about Play, not first load.
    """
    sel = GRAPH.format(key=key)
    drawn = f"() => document.querySelectorAll('{sel} .imagelayer image').length > 0"
    for attempt in (1, 2):
        page.goto(url)
        wait_idle(page, 120_000)
        try:
            page.wait_for_function(drawn, timeout=60_000)
            return sel
        except PlaywrightTimeout:
            print(f"attempt {attempt}: no surface in {sel} after 60 s:", page.evaluate(DIAGNOSE, sel))
            if attempt == 2:
                raise
    return sel


def play_to_the_end(page, sel: str, play: str) -> list[dict]:
    """Press Play (the widget under the chart: the chart has no buttons of its own) and wait for
    the last frame; returns the surface as seen during it."""
    page.evaluate(LISTEN, sel)
    page.locator(play).click()
    during = []
    for _ in range(5):  # the animation runs for seconds: these look while the paths move
        page.wait_for_timeout(150)
        during.append(page.evaluate(SURFACE_DRAWN, sel))
    page.wait_for_function("() => window.__animated === true", timeout=60_000)
    return during


@pytest.mark.parametrize("path, key, play", [
    ("/presenter?preset=lr-regimes&lr=0.24", "pm-paths", ".st-key-pm-play button"),
    ("/optimizer-lab", "ol-paths", ".st-key-ol-paths-play button"),
])
def test_the_surface_stays_on_screen_while_the_paths_move_and_after(server, page, path, key, play):
    # a contour trace was cleared on every frame: the paths moved over blank axes until the end
    sel = open_graph(page, f"{server}{path}", key)
    before = page.evaluate(SURFACE_DRAWN, sel)
    during = play_to_the_end(page, sel, play)
    after = page.evaluate(SURFACE_DRAWN, sel)
    assert before == {"images": 1, "png": 1}
    assert all(seen == before for seen in during), during
    assert after == before


def presenter_runs(server_env) -> list[str]:
    """The titles of the Presenter runs in the server's run history (any order of the tests)."""
    from sqlalchemy import select

    from engine.runs import runs_table
    from engine.store import Store

    store = Store(f"sqlite:///{server_env['TUNELAB_DATA_DIR']}/tunelab.db")
    with store.engine.connect() as conn:
        return [t for (t,) in conn.execute(select(runs_table.c.title).where(runs_table.c.kind == "presenter"))]


#: the Presenter's verdict cards while they are dimmed (ui.chart_controls.FOLLOWING)
DIMMED_VERDICTS = '[class*="st-key-pm-verdict-"].tl-following'


def test_presenter_play_button_animates_and_is_the_only_thing_logged(server, server_env, page):
    sel = open_graph(page, f"{server}/presenter?preset=ravine&lr=0.018&steps=150", "pm-paths")
    page.get_by_text("SGD (lr 0.018)").first.wait_for()
    wait_idle(page)
    before = presenter_runs(server_env)
    assert "Presenter: SGD vs momentum in a ravine (lr 0.018, 150 steps)" not in before  # opening logs nothing
    page.evaluate(LISTEN, sel)
    story = page.get_by_text("A bowl 50 times steeper")
    top = story.bounding_box()["y"]
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_timeout(500)
    # the press's script took a row's gap: the story under the picture moved down 16 px while it ran
    assert story.bounding_box()["y"] == top
    # the verdicts tell each run's end: dimmed while the picture plays, as "Go to step" is
    page.wait_for_function(f"() => document.querySelectorAll('{DIMMED_VERDICTS}').length === 2", timeout=10_000)
    page.wait_for_function("() => window.__animated === true", timeout=60_000)
    page.wait_for_function(f"() => document.querySelectorAll('{DIMMED_VERDICTS}').length === 0", timeout=10_000)
    assert page.evaluate(SURFACE_DRAWN, sel)["images"] == 1
    wait_idle(page)
    # Play logged this one run, once
    assert presenter_runs(server_env) == [*before, "Presenter: SGD vs momentum in a ravine (lr 0.018, 150 steps)"]


def test_presenter_is_readable_on_a_projector(server, page):
    sel = open_graph(page, f"{server}/presenter?preset=lr-regimes", "pm-paths")
    sizes = page.evaluate("""(sel) => {
      const px = (el) => parseFloat(getComputedStyle(el).fontSize);
      const story = Array.from(document.querySelectorAll('[data-testid="stMarkdownContainer"] p'))
        .find(p => p.textContent.includes('Plain gradient descent'));
      const ticks = Array.from(document.querySelectorAll('.js-plotly-plot .xtick text, .js-plotly-plot .ytick text'));
      const titles = Array.from(document.querySelectorAll('.js-plotly-plot .g-xtitle text, .js-plotly-plot .g-ytitle text'));
      return {width: window.innerWidth, body: px(story), ticks: ticks.map(px), titles: titles.map(px)};
    }""", sel)
    assert sizes["width"] == 1400
    assert sizes["body"] >= 20
    assert sizes["ticks"] and min(sizes["ticks"]) >= 16, sizes["ticks"]
    assert sizes["titles"] and min(sizes["titles"]) >= 16, sizes["titles"]


#: where each thing the lecturer needs is, [top, bottom] in the viewport, and any text cut short
FIT = """(whole) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.bottom)]; };
  const all = (css) => Array.from(document.querySelectorAll(css));
  const text = (el) => el.innerText.trim().split('\\n')[0].slice(0, 40);
  const boxes = {};
  for (const [name, css] of Object.entries({
      chart: '.st-key-pm-paths [data-testid="stPlotlyChart"]', play: '.st-key-pm-play',
      pause: '.st-key-pm-paths-pause', step: '.st-key-pm-paths-step', reset: '.st-key-pm-reset',
      title: '[data-testid="stMain"] h1'})) {
    const el = document.querySelector(css);
    boxes[name] = el ? box(el) : null;
  }
  all('[class*="st-key-pm-verdict-"]').forEach((el, i) => { boxes['verdict ' + i + ': ' + text(el)] = box(el); });
  all('[class*="st-key-mark-"]').forEach((el) => { boxes['rate ' + text(el)] = box(el); });
  const readout = all('.st-key-pm-paths .slider-container text').find(t => t.textContent.startsWith('step'));
  boxes.readout = readout ? box(readout) : null;
  // text cut short: a box that ends its text in an ellipsis, or hides what does not fit
  const cut = all(['p', 'label', 'input', '[data-testid="stMarkdownContainer"]', '[data-testid="stCaptionContainer"]']
                  .map(css => '[data-testid="stMain"] ' + css).join(', '))
    .filter(e => (whole || e.getBoundingClientRect().bottom <= window.innerHeight) && e.offsetParent !== null)
    .filter(e => { const c = getComputedStyle(e);
      return (c.textOverflow === 'ellipsis' || c.overflowX !== 'visible') && e.scrollWidth > e.clientWidth + 1; })
    .map(e => e.innerText.trim());
  const main = document.querySelector('[data-testid="stMain"]');
  return {boxes, cut, scrolled: main.scrollTop + window.scrollY};
}"""


def fits(page, height: int) -> int:
    """Check that everything the lecturer needs is on screen, uncut; return the picture's height."""
    seen = page.evaluate(FIT, False)
    assert seen["scrolled"] == 0
    missing = [name for name, b in seen["boxes"].items() if b is None]
    assert not missing, seen
    off = {name: b for name, b in seen["boxes"].items() if not (0 <= b[0] and b[1] <= height)}
    assert not off, (height, off)
    assert not seen["cut"], seen["cut"]
    return seen["boxes"]["chart"][1] - seen["boxes"]["chart"][0]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_on_a_projector_the_controls_the_picture_and_the_verdicts_fit_one_screen(server, page, preset):
    """At 1280 x 720 and 1920 x 1080, every demo shows its controls (Play, Pause, "Go to step",
    Reset, the rate buttons), the whole picture of the paths and every verdict without scrolling,
    no label cut short. The picture started at 655 px of a 720-px screen (the lecturer scrolled
    after every click); the decay demo's verdicts 3 and 4 and Reset were below it, and "Mean
    loss, last …" hid how many steps it averages. The picture grows with the screen: on 1920 x
    1080 it was the 720-px screen's 460 px high, about a third of the width."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_graph(page, f"{server}/presenter?preset={preset}", "pm-paths")
    small = fits(page, 720)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(600)  # the columns and the chart take the new width
    assert fits(page, 1080) >= 600 > small
    # 1280 x 720 at 150% zoom: the page scrolls, and still cuts no text short anywhere
    page.set_viewport_size({"width": 853, "height": 480})
    page.wait_for_timeout(600)
    assert page.evaluate(FIT, True)["cut"] == []


def test_a_links_note_leaves_the_controls_and_the_picture_on_a_projectors_screen(server, page):
    """A link the page had to read for the lecturer (a decimal comma, a rate past the slider) said so
    in a box above the picture, and ▶ Play, Pause and "Go to step" fell below a 720-px screen."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_graph(page, f"{server}/presenter?preset=decay&lr=0,05", "pm-paths")
    expect(page.get_by_test_id("stToast")).to_contain_text("decimal comma: read as 0.05")
    # whole: Streamlit cuts a toast to three lines, and at the projector's size the number was cut
    assert page.evaluate("() => { const t = document.querySelector('[data-testid=stToastText]');"
                         " return t.scrollHeight <= t.clientHeight + 1; }")
    fits(page, 720)
    # at the screen's foot: at the top it covered the Steps slider and Reset for ten seconds
    toast = page.get_by_test_id("stToast").bounding_box()
    for control in (page.get_by_test_id("stSlider").nth(1), page.get_by_role("button", name="Reset")):
        box = control.bounding_box()
        assert toast["y"] >= box["y"] + box["height"] or toast["x"] >= box["x"] + box["width"]
    assert toast["y"] + toast["height"] <= 720


#: the words of the verdicts' headings that a line break splits (each word's boxes on more than one line)
SPLIT_WORDS = """() => {
  const out = [];
  document.querySelectorAll('[class*="st-key-pm-verdict-"] h2').forEach(h => {
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.textContent.matchAll(/\\S+/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        if (new Set(Array.from(r.getClientRects(), x => Math.round(x.top))).size > 1) out.push(m[0]);
      }
    }
  });
  return out;
}"""


def test_a_verdict_keeps_its_words_whole_when_the_sidebar_narrows_its_card(server, page):
    # with the sidebar open on a 1280-px projector "Still descending" broke into "Still descendi" / "ng" and
    # "Converged" into "Converg" / "ed" (a lecturer's walk-through): the size follows the card's width
    page.set_viewport_size({"width": 1280, "height": 720})
    open_graph(page, f"{server}/presenter?preset=ravine", "pm-paths")
    assert page.evaluate(SPLIT_WORDS) == []
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_timeout(600)  # the columns take the narrower width
    assert page.locator('[class*="st-key-pm-verdict-"] h2').count() == 2
    assert page.evaluate(SPLIT_WORDS) == []
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('[class*="st-key-pm-verdict-"] h2'),
                                              h => parseFloat(getComputedStyle(h).fontSize))""")
    assert min(sizes) >= 20, sizes  # never under the body text's 20 px


def test_the_pictures_legend_and_step_sit_at_the_plots_edges(server, page):
    """At 1920 x 1080 the four minima's square plot stood centred in its column's 1024-px figure: its
    legend 250 px left of the plot, "step 150" 180 px right of it. The figure is now as wide as its
    plot, centred in the column, and both sit at the plot's edges, at 1280 x 720 too."""
    from tests.browser.test_labs_journey import charts_drawn

    for width, height in ((1920, 1080), (1280, 720)):
        page.set_viewport_size({"width": width, "height": height})
        open_graph(page, f"{server}/presenter?preset=minima", "pm-paths")
        (chart,) = charts_drawn(page, GRAPH.format(key="pm-paths"), 1)
        (left, top, right, bottom), legend, readout = chart["plot"], chart["legend"], chart["readout"]
        assert abs(legend[0] - left) <= 2 and legend[3] <= top - 5, (width, chart)
        assert abs(readout[2] - right) <= 3 and 0 <= readout[1] - bottom <= 60, (width, chart)
