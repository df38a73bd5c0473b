"""The judge loads, and reads a question's material, in the background while the learner types
(engine.judge.warm_for): the first answer on a fresh server waited 1.9 to 2.9 s for both."""

from __future__ import annotations

import pytest

import engine.judge.judge as judge_module
from engine.judge import get_judge, warm_for


@pytest.fixture
def free_text(bank):
    return next(q for q in bank.questions if q.type == "free_text")


def material_keys(judge) -> set:
    return set(judge._cache)


def test_a_question_shown_loads_the_judge_and_reads_its_material_once(free_text, monkeypatch):
    monkeypatch.setattr(judge_module, "_warmed", set())
    thread = warm_for(free_text)
    assert thread is not None and thread.daemon
    thread.join(timeout=60)
    judge = get_judge()
    key = (free_text.id, free_text.prompt, tuple(free_text.key_points), tuple(free_text.common_mistakes),
           free_text.model_answer)
    assert key in material_keys(judge)  # the first answer reads it from the cache
    assert warm_for(free_text) is None  # once per question and process


def test_a_variant_with_its_own_prompt_is_read_too(free_text, monkeypatch):
    monkeypatch.setattr(judge_module, "_warmed", set())
    warm_for(free_text).join(timeout=60)
    variant = free_text.model_copy(update={"prompt": free_text.prompt + " (a drawn variant)"})
    thread = warm_for(free_text, variant)  # one thread for the questions not read yet
    assert thread is not None
    thread.join(timeout=60)
    assert (variant.id, variant.prompt) in judge_module._warmed


def test_a_load_that_fails_is_logged_and_left_to_the_answer(free_text, monkeypatch, caplog):
    monkeypatch.setattr(judge_module, "_warmed", set())

    def broken():
        raise OSError("model file missing")

    monkeypatch.setattr(judge_module, "get_judge", broken)
    warm_for(free_text).join(timeout=10)
    assert "could not load the free-text judge ahead of an answer: model file missing" in caplog.text


def test_the_number_of_questions_kept_is_bounded(free_text, monkeypatch):
    monkeypatch.setattr(judge_module, "_warmed", {(str(i), "") for i in range(judge_module.MAX_WARMED)})
    assert warm_for(free_text) is None
