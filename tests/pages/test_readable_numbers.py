"""Numbers a visitor reads, written as people write them: the optimizer lab's rate messages, a
plot question's table of numbers, the interviewer's answer key, and the scorecard's headings."""

from __future__ import annotations

import json
import shutil

import pytest

from engine.content.loader import load_library
from engine.forms.instance import draw
from engine.interviews import Interviews
from engine.scorecard import CRITERIA
from engine.store import open_store
from tests.conftest import ROOT
from tests.pages.conftest import PRACTICE, frame, open_sections, said
from tests.pages.test_forms_page import forms_app  # noqa: F401  (a fixture with a longer timeout)

OL, IV = "app_pages/optimizer_lab.py", "app_pages/interview.py"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("1e400", "learning rate must be a finite number, got inf"),
        ("inf", "learning rate must be a finite number, got inf"),
        ("nan", "learning rate must be a finite number, got nan"),
        ("-1", "learning rate must be > 0, got -1"),
    ],
)
def test_optimizer_lab_says_a_typed_rate_is_not_finite(app, typed, message):
    at = app(OL)
    at.text_input(key="ol.lrs").input(typed)
    at = at.run()
    assert not at.exception, at.exception
    assert said(at.error[0].value) == f"Cannot run these settings: {message}."  # one sentence, ended
    # and under the box itself: on a phone the open sidebar covers the page's message (the lab walk-through)
    assert said(at.sidebar.error[0].value) == f"{message[0].upper()}{message[1:]}."


def test_optimizer_lab_momentum_message_echoes_a_whole_number_whole(app):
    at = app(OL)
    at.number_input(key="ol.momentum").set_value(1.0)
    at = at.run()
    assert said(at.error[0].value).endswith("momentum must be >= 0 and < 1, got 1.")


def test_a_plot_questions_table_shows_its_fractions_to_four_significant_digits(forms_app):  # noqa: F811
    at = forms_app(PRACTICE, q="form-plot", seed="5")
    assert not at.exception, at.exception
    table = next(d for d in at.dataframe if "Curve" in d.value.columns)
    assert any(not float(v).is_integer() for v in table.value["loss − minimum"])  # numbers, so they sort
    columns = json.loads(table.proto.columns)
    assert columns["loss − minimum"]["type_config"] == {"type": "number", "format": "%.4g"}
    assert "step" not in columns  # whole steps as they are: "%.4g" would write step 12000 as 1.200e+4


@pytest.fixture
def keyed(content_dir):
    """An interview with a whole-number answer (73856) and a computed fraction."""
    for bank in ("tools-and-architecture.yaml", "generated.yaml"):
        shutil.copy(ROOT / "content" / bank, content_dir / bank)
    return Interviews(open_store()).create("Keys", "ml-engineer", ["ta-conv-params", "gen-macro-f1"], 120,
                                           owner="ann")


def test_the_answer_key_writes_numbers_as_the_model_answer_does(app, keyed):
    boss = open_sections(app(IV, t=keyed.interviewer_token))
    assert not boss.exception, boss.exception
    keys = [t.value for t in boss.text]
    assert "73,856" in keys and "73856" not in keys
    q = load_library([ROOT / "content" / "generated.yaml"]).question("gen-macro-f1")
    value = draw(q, keyed.interview_id).question.answer.value  # 0.5104136... for the first interview
    assert f"{value:.4g}" in keys  # as the model answer's "{macro_f1:.4f}" writes it: 0.5104
    assert len(f"{value:g}") > len(f"{value:.4g}") and f"{value:g}" not in keys  # not 0.510414


def test_the_scorecards_columns_are_headed_as_the_score_radios_are(app):
    made = Interviews(open_store()).create("Heads", "ml-engineer", ["valid-single"], 120, owner="ann")
    Interviews(open_store()).score(made.interviewer_token, "valid-single", {"technical accuracy": 3})
    boss = app(IV, t=made.interviewer_token)
    assert not boss.exception, boss.exception
    card = frame(boss, "Notes")
    heads = [c.capitalize() for c in CRITERIA]
    assert heads[0] == "Technical accuracy"
    assert set(heads) <= set(card.columns) and not set(CRITERIA) & set(card.columns)
    assert card["Technical accuracy"][0] == "hire"
    radios = {r.label for r in boss.radio}
    assert set(heads) <= radios
