"""The lecturer's demo in Chromium: the loss surface stays on screen through Play, Play is logged,
text is projector-sized."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

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


def play_to_the_end(page, sel: str) -> list[dict]:
    """Press the chart's Play and wait for the last frame; returns the surface as seen during it."""
    page.evaluate(LISTEN, sel)
    page.locator(f"{sel} .updatemenu-button").first.click()
    during = []
    for _ in range(5):  # the animation runs for seconds: these look while the paths move
        page.wait_for_timeout(150)
        during.append(page.evaluate(SURFACE_DRAWN, sel))
    page.wait_for_function("() => window.__animated === true", timeout=60_000)
    return during


@pytest.mark.parametrize("path, key", [
    ("/presenter?preset=lr-regimes&lr=0.24", "pm-paths"),
    ("/optimizer-lab", "ol-paths"),
])
def test_the_surface_stays_on_screen_while_the_paths_move_and_after(server, page, path, key):
    # a contour trace was cleared on every frame: the paths moved over blank axes until the end
    sel = open_graph(page, f"{server}{path}", key)
    before = page.evaluate(SURFACE_DRAWN, sel)
    during = play_to_the_end(page, sel)
    after = page.evaluate(SURFACE_DRAWN, sel)
    assert before == {"images": 1, "png": 1}
    assert all(seen == before for seen in during), during
    assert after == before


def test_presenter_play_button_animates_and_is_the_only_thing_logged(server, page):
    sel = open_graph(page, f"{server}/presenter?preset=ravine&lr=0.018&steps=150", "pm-paths")
    expect(page.get_by_text("SGD (lr 0.018)").first).to_be_visible()
    page.evaluate(LISTEN, sel)
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_function("() => window.__animated === true", timeout=60_000)
    assert page.evaluate(SURFACE_DRAWN, sel)["images"] == 1
    page.goto(f"{server}/history")
    wait_idle(page)
    # opening the demo logged nothing, Play logged one run: the history has exactly one
    expect(page.get_by_text("Two runs are needed to compare.")).to_be_visible()
    expect(page.get_by_text("No runs yet")).to_have_count(0)


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


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_on_a_projector_the_controls_the_picture_and_the_verdict_fit_one_screen(server, page, size):
    # the picture started at 655 px of a 720 px screen: the lecturer scrolled after every click
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    sel = open_graph(page, f"{server}/presenter?preset=lr-regimes", "pm-paths")
    boxes = page.evaluate("""(sel) => {
      const box = (el) => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; };
      return {chart: box(document.querySelector(sel).closest('[data-testid="stPlotlyChart"]')),
              play: box(document.querySelector('.st-key-pm-play')),
              verdict: box(Array.from(document.querySelectorAll('h2')).find(h => h.textContent.includes('Converged'))),
              scrolled: window.scrollY};
    }""", sel)
    assert boxes["scrolled"] == 0
    for name in ("chart", "play", "verdict"):
        top, bottom = boxes[name]
        assert 0 <= top and bottom <= height, (name, boxes)
