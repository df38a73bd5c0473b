"""The theme's text colours meet WCAG's 4.5:1 for small text on the page, captions included."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT
from ui.figures import contrast

#: Streamlit draws a caption as the text colour at this opacity (measured in Chromium, Streamlit 1.67)
CAPTION_OPACITY = 0.6
PAGE = "#ffffff"


def _over(colour: str, alpha: float, background: str = PAGE) -> str:
    """``colour`` at ``alpha`` opacity over ``background``, as one opaque ``#rrggbb``."""
    fg = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    bg = [int(background[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(alpha * f + (1 - alpha) * b):02x}" for f, b in zip(fg, bg))


def test_captions_and_body_text_meet_small_text_contrast():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    text = theme["textColor"]
    assert contrast(text, PAGE) >= 4.5
    assert contrast(_over(text, CAPTION_OPACITY), PAGE) >= 4.5
    # the default it replaces did not: the measured #828180 of the accessibility audit
    assert _over("#2f2d2b", CAPTION_OPACITY) == "#828180" and contrast("#828180", PAGE) < 4.5


#: Streamlit's sidebar background in the light theme (measured in Chromium, Streamlit 1.67)
SIDEBAR = "#f8f8f7"


def test_the_edges_of_controls_meet_non_text_contrast():
    # an unticked radio or checkbox is its edge alone: WCAG 1.4.11 asks 3:1 of it, on the page and in
    # the sidebar; Streamlit's default edge (the text colour at 20%) was 1.5:1
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    edge = theme["borderColor"]
    assert contrast(edge, PAGE) >= 3 and contrast(edge, SIDEBAR) >= 3
    assert contrast(_over(theme["textColor"], 0.2), PAGE) < 1.6
