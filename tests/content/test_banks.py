"""The shipped question banks: valid, and as broad as the issue asks."""

from __future__ import annotations

import re

import pytest

from engine.content.loader import load_library
from tests.conftest import ROOT

LIB = load_library([ROOT / "content"])


def test_every_bank_is_valid():
    assert [str(e) for e in LIB.errors] == []


def test_size_and_spread():
    s = LIB.stats()
    assert s["banks"] >= 8
    assert s["questions"] >= 150
    assert all(n >= 30 for n in s["by_difficulty"].values()), s["by_difficulty"]
    assert all(n >= 10 for n in s["by_type"].values()), s["by_type"]
    assert all(n >= 5 for n in s["by_role"].values()), s["by_role"]
    assert all(n >= 3 for n in s["by_topic"].values()), s["by_topic"]


def test_bank_slug_matches_file_name():
    for lb in LIB.banks:
        assert lb.source.endswith(f"{lb.bank.bank}.yaml"), lb.source


@pytest.mark.parametrize("q", LIB.questions, ids=lambda q: q.id)
def test_question_quality(q):
    # choice texts are shuffled on screen, so a choice that refers to the others cannot work
    if q.type in ("single_choice", "multi_choice"):
        for c in q.choices:
            assert not re.search(r"\b(all|none|both) of the (above|others)\b", c, re.I), c
    if q.type == "multi_choice":
        assert len(q.answer) < len(q.choices), "at least one option must be wrong"
    assert len(q.explanation) >= 80, "an explanation says why right is right and wrong is wrong"
    assert len(q.model_answer) >= 60
