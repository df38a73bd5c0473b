"""The free-text judge loads while the learner types: Practice asks for it when it shows a
free-text question, the interviewer's page for the interview's free-text questions (the first
answer on a fresh server waited 1.9 to 2.9 s for the models)."""

from __future__ import annotations

import engine.judge
import ui.interview_interviewer
from engine.interviews import Interviews
from engine.store import open_store
from tests.pages.conftest import PRACTICE

IV = "app_pages/interview.py"


def recorded(monkeypatch, module) -> list[list[str]]:
    calls: list[list[str]] = []
    monkeypatch.setattr(module, "warm_for", lambda *qs: calls.append([q.id for q in qs]))
    return calls


def test_practice_asks_for_the_judge_when_it_shows_a_free_text_question(app, monkeypatch):
    calls = recorded(monkeypatch, engine.judge)
    at = app(PRACTICE, q="valid-free")
    assert not at.exception, at.exception
    assert calls and calls[-1] == ["valid-free"]


def test_practice_does_not_for_other_questions(app, monkeypatch):
    calls = recorded(monkeypatch, engine.judge)
    at = app(PRACTICE, q="valid-single")
    assert not at.exception, at.exception
    assert calls == []


def test_the_interviewer_page_asks_for_it_for_the_free_text_questions(app, monkeypatch):
    calls = recorded(monkeypatch, ui.interview_interviewer)
    made = Interviews(open_store()).create("T", "ml-engineer", ["valid-single", "valid-free"], 300, owner="o")
    at = app(IV, t=made.interviewer_token)
    assert not at.exception, at.exception
    assert calls and calls[-1] == ["valid-free"]
