"""ui.jobs.job_party: whom a lab job counts against in the queue for workers (engine.slot_queue)."""

from __future__ import annotations

import os

import pytest
import streamlit as st
from streamlit.web.server.starlette.starlette_app_utils import decode_xsrf_token_string, generate_xsrf_token_string

import ui.identity
import ui.jobs
from ui.identity import Identity
from ui.jobs import XSRF_COOKIE, browser_token


@pytest.fixture
def visitor(monkeypatch):
    """Set this visitor's address, tab (browser session) and sign-in state."""

    def set_up(address: str | None, tab: str = "tab-1", signed_in_as: str | None = None,
               cookie: str | None = None) -> None:
        monkeypatch.setattr(type(st.context), "ip_address", property(lambda _self: address))
        cookies = {XSRF_COOKIE: cookie} if cookie else {}
        monkeypatch.setattr(type(st.context), "cookies", property(lambda _self: cookies))
        monkeypatch.setattr(ui.jobs, "_session", lambda: tab)
        monkeypatch.setattr(ui.identity, "auth_configured", lambda: signed_in_as is not None)
        monkeypatch.setattr(ui.identity, "current", lambda: Identity(
            signed_in_as or "", None, None, interviewer=False, signed_in=bool(signed_in_as)))

    return set_up


def test_the_tabs_of_one_machine_are_one_party_and_another_machine_another(visitor):
    """The walk-through's eight tabs of one browser were eight sessions: as parties they would have
    been served eight times for another visitor's once."""
    visitor("203.0.113.7", tab="tab-1")
    first_tab, first_owner = ui.jobs.job_party(), ui.jobs.job_owner()
    visitor("203.0.113.7", tab="tab-2")
    assert ui.jobs.job_party() == first_tab  # one party...
    assert ui.jobs.job_owner() != first_owner  # ...and, sending no cookie, each tab runs a job of its own
    visitor("198.51.100.20", tab="tab-3")
    assert ui.jobs.job_party() != first_tab


def test_without_an_address_everyone_is_the_one_shared_party(visitor):
    # localhost (Streamlit gives None) or no session client: first come, first served among them
    visitor(None, tab="tab-1")
    assert ui.jobs.job_party() == ""
    visitor(None, tab="tab-2")
    assert ui.jobs.job_party() == ""


def test_a_signed_in_person_is_their_own_party_from_any_address(visitor):
    visitor("203.0.113.7", signed_in_as="carol")
    assert ui.jobs.job_party() == ui.jobs.job_owner() == "learner:carol"
    visitor("198.51.100.20", tab="tab-2", signed_in_as="carol")  # her laptop and her phone
    assert ui.jobs.job_party() == "learner:carol"


def test_with_sign_in_set_up_a_visitor_not_signed_in_counts_by_address(visitor, monkeypatch):
    visitor("203.0.113.7")
    anonymous = ui.jobs.job_party()
    monkeypatch.setattr(ui.identity, "auth_configured", lambda: True)  # current() says: not signed in
    assert ui.jobs.job_party() == anonymous != ""


def test_a_job_asked_for_outside_a_script_run_is_the_servers_own_and_the_shared_party(visitor, monkeypatch):
    """The figures the server makes ahead, in its own threads, are nobody's: the shared party."""
    import streamlit.runtime.scriptrunner as runner

    visitor("203.0.113.7")
    monkeypatch.setattr(runner, "get_script_run_ctx", lambda suppress_warning=False: object())
    assert ui.jobs.caller_party() == ui.jobs.job_party() == "address:203.0.113.7"
    monkeypatch.setattr(runner, "get_script_run_ctx", lambda suppress_warning=False: None)
    assert ui.jobs.caller_party() == ""


def test_the_servers_own_threads_ask_for_a_party_without_a_warning_in_the_log(monkeypatch, caplog):
    """Each figure made ahead at a server's start asked whose it was from a thread with no script
    run, and Streamlit logged "missing ScriptRunContext" for each: eleven lines at every start."""
    import threading

    from streamlit.runtime import Runtime

    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))  # as in a served app
    parties: list[str] = []
    with caplog.at_level("WARNING"):
        thread = threading.Thread(target=lambda: parties.extend([ui.jobs.caller_party(), ui.jobs._session()]))
        thread.start()
        thread.join()
    assert parties == ["", "none"]
    assert not [r for r in caplog.records if "ScriptRunContext" in r.getMessage()]


def test_the_app_names_the_party_of_jobs_whose_callers_name_none(monkeypatch):
    import ast

    import engine.jobs
    from tests.conftest import ROOT

    monkeypatch.setattr(engine.jobs, "_party_of_caller", None)
    ui.jobs.name_job_parties.clear()
    try:
        ui.jobs.name_job_parties()
        assert engine.jobs._party_of_caller is ui.jobs.caller_party
    finally:  # the global goes back at teardown: the app's next run in this process names the parties again
        ui.jobs.name_job_parties.clear()
    # every run of the app asks for it (once per process: a cached resource); not run here, since the
    # app's first run starts the server's background imports in this test process
    (main,) = [f for f in ast.parse((ROOT / "app.py").read_text()).body
               if isinstance(f, ast.FunctionDef) and f.name == "main"]
    calls = {n.func.id for n in ast.walk(main) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert "name_job_parties" in calls


def test_the_tabs_of_one_browser_run_one_lab_job_at_a_time(visitor):
    """Per tab, one visitor's two tabs each ran a 230-CPU-second search and held both workers; the
    tabs of one browser carry one XSRF token (under a new mask at each visit) and are one owner."""
    token = os.urandom(16)
    visitor("203.0.113.7", tab="tab-1", cookie=generate_xsrf_token_string(token))
    first = ui.jobs.job_owner()
    visitor("203.0.113.7", tab="tab-2", cookie=generate_xsrf_token_string(token))
    assert ui.jobs.job_owner() == first and first.startswith("browser:")
    assert token.hex() not in first  # a digest: the token itself is not kept
    visitor("203.0.113.7", tab="tab-3", cookie=generate_xsrf_token_string(os.urandom(16)))  # another browser
    assert ui.jobs.job_owner() != first
    visitor("203.0.113.7", tab="tab-4", cookie="2|not|a|token")
    assert ui.jobs.job_owner() == "session:tab-4"
    visitor("203.0.113.7", tab="tab-5", cookie=generate_xsrf_token_string(token), signed_in_as="carol")
    assert ui.jobs.job_owner() == "learner:carol"  # a person across their browsers


def test_the_cookies_token_is_read_as_streamlits_server_reads_it():
    """:func:`ui.jobs.browser_token` against the server's own encoder and decoder (its module is
    internal: this test says when a new Streamlit changes the cookie's form)."""
    for _ in range(20):
        token = os.urandom(16)
        cookie = generate_xsrf_token_string(token)
        assert browser_token(cookie) == token == decode_xsrf_token_string(cookie)[0]
    for bad in (None, "", "2|zz|00|1", "2|0011|ab|1", "1|a|b|c", "2|00112233||5"):
        assert browser_token(bad) is None, bad
