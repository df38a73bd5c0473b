"""A server without sign-in that other machines reach says, in its sidebar, that every visitor
shares one record (the class audit: thirty students on one such server saw each other's answers,
progress, review queue and runs, and the app never said so); ``make run`` on one's own machine
says nothing, and neither does a signed-in deployment nor a candidate's link."""

from __future__ import annotations

import pytest

import ui.identity
from engine.interviews import Interviews
from engine.store import open_store
from ui.identity import SHARED_WITHOUT_SIGN_IN, loopback, shared_without_sign_in


@pytest.mark.parametrize("host", ["localhost:8501", "localhost", "127.0.0.1:8501", "127.0.0.2", "[::1]:8501",
                                  "app.localhost:8501"])
def test_the_machines_own_addresses_are_loopback(host):
    assert loopback(host)


@pytest.mark.parametrize("host", ["192.168.1.20:8501", "tunelab.example.org", "10.0.0.5", "[2001:db8::1]:80",
                                  "localhost.example.org", "", None])
def test_other_addresses_are_not(host):
    assert not loopback(host)


def test_shared_when_reached_from_elsewhere_or_given_a_public_address():
    assert shared_without_sign_in("192.168.1.20:8501", None)
    assert shared_without_sign_in("localhost:8501", "https://tunelab.example.org")  # a proxy on the machine
    assert not shared_without_sign_in("localhost:8501", None)
    assert not shared_without_sign_in("127.0.0.1:8501", "http://127.0.0.1:8501")
    assert not shared_without_sign_in(None, None)  # no request to judge by: the machine's own


def sidebar_warnings(at) -> list[str]:
    return [w.value for w in at.sidebar.warning]


@pytest.mark.parametrize("page", [None, "app_pages/practice.py", "app_pages/progress.py", "app_pages/interview.py"])
def test_every_page_of_a_server_reached_from_another_machine_says_it(app, monkeypatch, page):
    monkeypatch.setattr(ui.identity, "_request_host", lambda: "192.168.1.20:8501")
    at = app(page).run() if page else app().run()
    assert not at.exception, at.exception
    assert sidebar_warnings(at) == [SHARED_WITHOUT_SIGN_IN]


def test_the_single_user_app_on_its_own_machine_says_nothing(app, monkeypatch):
    monkeypatch.setattr(ui.identity, "_request_host", lambda: "localhost:8501")
    at = app("app_pages/practice.py").run()
    assert not at.exception and SHARED_WITHOUT_SIGN_IN not in sidebar_warnings(at)


def test_a_candidates_link_is_not_told(app, monkeypatch):
    monkeypatch.setattr(ui.identity, "_request_host", lambda: "192.168.1.20:8501")
    made = Interviews(open_store()).create("Round 1", "ml-engineer", ["valid-single"], 120, owner="o")
    at = app("app_pages/interview.py", t=made.candidate_token).run()
    assert not at.exception, at.exception
    assert SHARED_WITHOUT_SIGN_IN not in sidebar_warnings(at)


def test_a_signed_in_deployment_is_not_told(app, monkeypatch):
    monkeypatch.setattr(ui.identity, "_request_host", lambda: "192.168.1.20:8501")
    monkeypatch.setattr(ui.identity, "auth_configured", lambda: True)
    at = app().run()
    assert SHARED_WITHOUT_SIGN_IN not in sidebar_warnings(at)
