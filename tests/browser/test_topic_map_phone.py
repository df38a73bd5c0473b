"""The Progress page's topic map on a phone: its tiles share the map's area, and on a 358-px
screen a 520-px map left 10 of its 26 topics without a name (tap for it). The map grows taller as
its box narrows under 640 px, to at most 880 px; a laptop draws it as before."""

from __future__ import annotations

import pytest

from engine.content.topics import TOPICS
from engine.store import Attempt, open_store
from tests.browser.support import streamlit_server, wait_idle

pytestmark = pytest.mark.browser

#: tiles (topics in the shipped banks) and how many carry their name, counted in Chromium
NAMED = """() => {
  const tiles = [...document.querySelectorAll('.st-key-topic_map g.slice')].slice(1);  // the first is the root
  const named = tiles.filter(t => {
    const text = t.querySelector('text.slicetext');
    return text && text.textContent.trim() && text.getBoundingClientRect().width > 0
      && getComputedStyle(text).opacity !== '0';
  });
  const box = document.querySelector('.st-key-topic_map .js-plotly-plot').getBoundingClientRect();
  return [tiles.length, named.length, Math.round(box.height)];
}"""


@pytest.fixture(scope="module")
def progress_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("topic-map")
    url = f"sqlite:///{data / 'tunelab.db'}"
    env = {"TUNELAB_DATA_DIR": str(data), "TUNELAB_DATABASE_URL": url, "TUNELAB_WARM_FIGURES": "0"}
    store = open_store(url)
    for i, topic in enumerate(list(TOPICS)[:12]):  # a dozen topics tried, the rest grey
        store.record_attempt(Attempt(f"q{i}", "b", "numeric", "easy", (topic,), 1, i % 2 == 0, (i % 3) / 2,
                                     learner="me"))
    with streamlit_server(env=env) as address:
        yield address


# 26 of 26 named at both widths since a long word breaks inside it (ui.figures.tile_lines; 24 at 358 px before)
@pytest.mark.parametrize("width, tallest, fewest_named", [(358, 880, 25), (1280, 520, 25)])
def test_the_topic_map_grows_taller_on_a_phone_so_its_tiles_keep_their_names(progress_server, browser, width,
                                                                             tallest, fewest_named):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(f"{progress_server}/progress")
        wait_idle(page)
        page.locator(".st-key-topic_map .js-plotly-plot").scroll_into_view_if_needed()
        page.wait_for_function("document.querySelectorAll('.st-key-topic_map g.slice').length > 20")
        page.wait_for_timeout(500)  # plotly lays out the texts after the tiles
        tiles, named, height = page.evaluate(NAMED)
        assert tiles >= 26 and height == tallest
        assert named >= fewest_named, (named, tiles)  # at 358 px, 520 px high: 16 named
    finally:
        ctx.close()
