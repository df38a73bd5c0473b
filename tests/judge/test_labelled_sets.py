"""The labelled answers the judge is measured on (benchmarks/free_text_labels*.yaml) are well formed."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from engine.content.grading import FREE_TEXT_PASS
from engine.content.loader import load_library
from tests.conftest import ROOT

FILES = {"free_text_labels.yaml": {"tuning", "heldout"}, "free_text_labels_fresh.yaml": {"fresh"}}
KINDS = ["excellent", "partial", "vague", "misconception", "terse", "off_topic"]
OFFTOPIC_DEV = "free_text_offtopic_dev.yaml"


@pytest.fixture(scope="module")
def library():
    return load_library([ROOT / "content"])


def questions(name: str) -> list[dict]:
    return yaml.safe_load((ROOT / "benchmarks" / name).read_text())["questions"]


@pytest.mark.parametrize("name", FILES)
def test_every_question_has_six_labelled_answers_of_the_six_kinds(name, library):
    for q in questions(name):
        assert q["split"] in FILES[name], q["id"]
        question = library.question(q["id"])
        assert question is not None and question.type == "free_text", q["id"]
        assert [a["kind"] for a in q["answers"]] == KINDS, q["id"]
        for a in q["answers"]:
            where = f"{q['id']} ({a['kind']})"
            assert len(a["covered"]) == len(question.key_points), where
            assert set(a["covered"]) <= {0, 1}, where
            assert a["text"].strip(), where
            if a["pass"]:  # a pass needs the grader's share (and no wrong claim, which the writer judged)
                assert sum(a["covered"]) / len(a["covered"]) >= FREE_TEXT_PASS, where
            if a["kind"] in ("misconception", "off_topic"):
                assert not a["pass"], where


def test_the_extra_off_topic_answers_cover_nothing_and_fail(library):
    labelled = {q["id"] for q in questions("free_text_labels.yaml")}
    extra = questions(OFFTOPIC_DEV)
    assert [q["id"] for q in extra] == [q["id"] for q in questions("free_text_labels.yaml")]
    for q in extra:
        assert q["id"] in labelled and q["split"] == "offtopic_dev"
        points = len(library.question(q["id"]).key_points)
        assert [a["kind"] for a in q["answers"]] == ["off_topic", "off_topic"], q["id"]
        for a in q["answers"]:
            assert a["covered"] == [0] * points and a["pass"] is False and a["text"].strip(), q["id"]


def test_the_sets_share_no_question_and_the_splits_are_the_sizes_reported():
    ids = [q["id"] for name in FILES for q in questions(name)]
    assert len(ids) == len(set(ids))
    splits = Counter(q["split"] for name in FILES for q in questions(name))
    assert splits == {"tuning": 8, "heldout": 8, "fresh": 10}
