"""A question's picture of paths over a surface is as tall as its width lets the surface be
(ui.chart_fit): on a phone the 380-px figure drew the valley 120 px high between 186 px of blank.
The sizes in a browser are tests/browser/test_labs_journey.py's; here, which figures get the rules."""

from __future__ import annotations

import shutil

from tests.conftest import ROOT
from tests.pages.conftest import PRACTICE


def _styles(at) -> list[str]:
    return [str(h.proto.body) for h in at.get("html") if "container-type" in str(h.proto.body)]


def test_a_paths_figure_is_sized_by_its_width_and_a_curve_is_not(app, content_dir):
    shutil.copy(ROOT / "content" / "read-the-plot.yaml", content_dir / "read-the-plot.yaml")
    at = app(PRACTICE, q="plot-ravine-which-optimiser-first")
    assert not at.exception, at.exception
    (style,) = _styles(at)
    assert ".st-key-form-fig-" in style and "100cqw" in style
    assert len(at.get("plotly_chart")) == 1
    curves = app(PRACTICE, q="plot-bowl-which-diverged")
    assert not curves.exception, curves.exception
    assert curves.get("plotly_chart") and not _styles(curves)  # a curve's axes keep no aspect


def test_the_candidates_paths_figure_is_sized_by_its_width_under_a_key_that_names_no_question(app, content_dir):
    from engine.interviews import Interviews
    from engine.store import open_store
    from tests.pages.conftest import button

    shutil.copy(ROOT / "content" / "read-the-plot.yaml", content_dir / "read-the-plot.yaml")
    qid = "plot-ravine-which-optimiser-first"
    made = Interviews(open_store()).create("Plots", "ml-engineer", [qid], 120, owner="ann")
    at = button(app("app_pages/interview.py", t=made.candidate_token), "Start the interview").click().run()
    assert not at.exception, at.exception
    (style,) = _styles(at)
    assert ".st-key-iv-fig-" in style and qid not in style and "ravine" not in style
