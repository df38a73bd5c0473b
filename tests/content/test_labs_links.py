"""Every lab link names a real page and a preset that page knows."""

from __future__ import annotations

import pytest

from engine.content.labs import LAB_PAGES, TOPIC_LABS, lab_link
from engine.content.loader import load_library
from engine.optim.presets import PRESETS
from engine.search.presets import SEARCH_PRESETS
from tests.conftest import ROOT

TRAINING_PRESETS = {"sgd-vs-adam", "batch-size", "overfit"}
KNOWN = {"presenter": set(PRESETS), "search-lab": set(SEARCH_PRESETS), "training-lab": TRAINING_PRESETS,
         "optimizer-lab": set()}


@pytest.mark.parametrize("topic", list(TOPIC_LABS))
def test_topic_links_point_at_real_presets(topic):
    page, preset = TOPIC_LABS[topic]
    assert page in LAB_PAGES and preset in KNOWN[page]


def test_training_lab_presets_match_the_page():
    text = (ROOT / "app_pages" / "training_lab.py").read_text()
    for key in TRAINING_PRESETS:
        assert f'"{key}"' in text


#: no lab generates text or images, so questions only on these topics have nothing to link to
NO_LAB_TOPICS = {"generative-sampling", "generative-evaluation"}


def test_every_question_a_lab_can_illustrate_has_a_link():
    lib = load_library([ROOT / "content"])
    illustratable = [q for q in lib.questions if not set(q.topics) <= NO_LAB_TOPICS]
    linked = [q for q in illustratable if lab_link(q) is not None]
    assert len(linked) >= 0.8 * len(illustratable)
    for q in linked:
        link = lab_link(q)
        assert link.preset in KNOWN[link.page], q.id
