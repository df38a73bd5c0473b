"""A sign-in set-up with a mistake stays closed, with one sentence, instead of opening the app to
everyone as its one local user (the operator audit: ``redirect_url`` for ``redirect_uri``, or
``[Auth]``, turned sign-in off without a word, and every visitor could set up interviews)."""

from __future__ import annotations

import logging

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui.identity import sign_in_problems, sign_in_warnings

COMPLETE = {"redirect_uri": "https://tunelab.example.org/oauth2callback", "cookie_secret": "cookie-secret-value-0123456789",
            "client_id": "id", "client_secret": "client-secret-value",
            "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}


def test_no_auth_section_means_no_sign_in_and_no_problem():
    assert sign_in_problems({}) == []
    assert sign_in_problems({"tunelab": {"interviewers": ["a@b.c"]}}) == []


def test_a_complete_section_has_no_problem():
    assert sign_in_problems({"auth": COMPLETE}) == []


def test_a_capitalised_section_is_named():
    (problem,) = sign_in_problems({"Auth": COMPLETE})
    assert "[Auth]" in problem and "[auth], in lower case" in problem


def test_a_misspelt_key_is_named_with_what_was_found():
    broken = {k: v for k, v in COMPLETE.items() if k != "redirect_uri"} | {"redirect_url": COMPLETE["redirect_uri"]}
    (problem,) = sign_in_problems({"auth": broken})
    assert problem == '[auth] has no redirect_uri (found "redirect_url": a typo?)'


@pytest.mark.parametrize("key", ["cookie_secret", "client_id", "client_secret", "server_metadata_url"])
def test_each_missing_key_is_a_problem(key):
    assert sign_in_problems({"auth": {k: v for k, v in COMPLETE.items() if k != key}}) == [f"[auth] has no {key}"]


def test_a_named_provider_alone_is_not_used():
    shared = {k: COMPLETE[k] for k in ("redirect_uri", "cookie_secret")}
    provider = {k: COMPLETE[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    problems = sign_in_problems({"auth": shared | {"google": provider}})
    assert any("[auth.google] is not used" in p for p in problems)


def test_a_callback_on_another_path_is_a_problem():
    (problem,) = sign_in_problems({"auth": COMPLETE | {"redirect_uri": "https://tunelab.example.org/oauth2/callback"}})
    assert "/oauth2callback" in problem


def test_warnings_name_a_misspelt_tunelab_section_and_no_interviewers(monkeypatch):
    monkeypatch.delenv("TUNELAB_INTERVIEWERS", raising=False)
    monkeypatch.delenv("TUNELAB_INTERVIEWER_ACCOUNTS", raising=False)
    import ui.identity

    monkeypatch.setattr(ui.identity, "_secrets_section", lambda name: {})
    found = sign_in_warnings({"auth": COMPLETE, "tunelabs": {"interviewers": ["a@b.c"]}}, None)
    assert any("[tunelabs]" in w for w in found)
    assert any("no interviewers are listed" in w for w in found)
    elsewhere = sign_in_warnings({"auth": COMPLETE}, "http://127.0.0.1:8501")
    assert any("is not on TUNELAB_BASE_URL" in w for w in elsewhere)
    assert sign_in_warnings({}, None) == []  # no sign-in: nothing to warn of


@pytest.mark.parametrize("listed", ["ada@x.org;b@y.org", "ada@x.org b@y.org", "Ada Lovelace <Ada@X.org>, b@y.org",
                                    " ada@x.org ,b@y.org "])
def test_interviewers_are_read_however_their_list_is_separated_or_named(monkeypatch, listed):
    """Split on commas alone, "a; b", "a b" or "Name <a>" made nobody an interviewer, and nothing was
    logged (the operator's walk)."""
    import ui.identity

    monkeypatch.setattr(ui.identity, "_secrets_section", lambda name: {})
    monkeypatch.setenv("TUNELAB_INTERVIEWERS", listed)
    assert ui.identity.interviewer_emails() == {"ada@x.org", "b@y.org"}
    assert ui.identity.not_addresses() == []
    monkeypatch.setattr(ui.identity, "_secrets_section", lambda name: {"interviewers": ["Ada <ada@x.org>", "lead"]})
    monkeypatch.delenv("TUNELAB_INTERVIEWERS")
    assert ui.identity.interviewer_emails() == {"ada@x.org"}
    (said,) = [w for w in sign_in_warnings({"auth": COMPLETE}, None) if "no e-mail address" in w]
    assert said == 'the interviewers\' list has "lead", which holds no e-mail address: it makes nobody an interviewer'


def test_interviewer_accounts_are_split_on_commas_semicolons_and_spaces(monkeypatch):
    import ui.identity

    listed = {"interviewer_accounts": ["https://a#1; https://b#2"]}
    monkeypatch.setattr(ui.identity, "_secrets_section", lambda name: listed)
    monkeypatch.setenv("TUNELAB_INTERVIEWER_ACCOUNTS", "https://c#3 https://d#4,")
    assert ui.identity.interviewer_accounts() == {"https://a#1", "https://b#2", "https://c#3", "https://d#4"}


def test_warnings_name_the_lab_ceilings_left_at_their_defaults(monkeypatch):
    """The class walk-through: nothing told the operator of a signed-in server that the run ceilings
    are one person's (README: "For a class on one small server")."""
    import engine.limits
    import ui.identity

    monkeypatch.setattr(ui.identity, "_secrets_section", lambda name: {})
    monkeypatch.setattr(engine.limits, "RUN_CPU_SECONDS", None)
    (said,) = [w for w in sign_in_warnings({"auth": COMPLETE}, None) if "CPU ceilings" in w]
    assert "search 240, training 120 CPU-seconds" in said and "TUNELAB_RUN_CPU_SECONDS=30" in said
    monkeypatch.setattr(engine.limits, "RUN_CPU_SECONDS", 30)
    assert not [w for w in sign_in_warnings({"auth": COMPLETE}, None) if "CPU ceilings" in w]


def _open(secrets: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, section in secrets.items():
        at.secrets[name] = section
    return at.run()


@pytest.mark.parametrize("secrets", [
    {"auth": {k: v for k, v in COMPLETE.items() if k != "redirect_uri"} | {"redirect_url": COMPLETE["redirect_uri"]}},
    {"auth": {k: v for k, v in COMPLETE.items() if k != "cookie_secret"}},
], ids=["redirect_url", "no cookie_secret"])
@pytest.mark.parametrize("page", [None, "app_pages/interview.py", "app_pages/practice.py"])
def test_every_page_stays_closed_with_one_sentence(content_dir, monkeypatch, caplog, secrets, page):
    monkeypatch.chdir(ROOT)
    caplog.set_level(logging.ERROR, logger="tunelab")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for name, section in secrets.items():
        at.secrets[name] = section
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("Sign-in is set up on this server but cannot work, so TuneLab stays closed")
    assert "[auth] has no" in error.value
    # nothing of the app: no interview set-up, no key, no question
    assert not at.button and not at.text_input and not at.radio
    assert "secret-value" not in error.value  # no value of the secrets is quoted


def test_the_problem_is_in_the_server_log_once(content_dir, monkeypatch, caplog):
    monkeypatch.chdir(ROOT)
    caplog.set_level(logging.ERROR, logger="tunelab")
    broken = {"auth": {k: v for k, v in COMPLETE.items() if k != "client_secret"} | {"client_secrt": "x"}}
    _open(broken)
    _open(broken)
    said = [r.getMessage() for r in caplog.records if "cannot work" in r.getMessage()]
    assert len(said) <= 1  # once per process (an earlier test may have said it already)
    assert all('[auth] has no client_secret (found "client_secrt": a typo?)' in s for s in said)


def test_a_complete_set_up_still_asks_to_sign_in(content_dir, monkeypatch):
    monkeypatch.chdir(ROOT)
    at = _open({"auth": COMPLETE})
    assert not at.exception and not at.error
    assert [b.label for b in at.button] == ["Sign in"]


@pytest.mark.parametrize("page, said", [
    (None, "Practise the interview questions on hyperparameter tuning"),
    ("app_pages/practice.py", "Sign in to practise"),
    ("app_pages/search_lab.py", "Sign in to use the labs"),
    ("app_pages/interview.py", "Sign in to set up a mock interview"),
    ("app_pages/presenter.py", "Sign in to present"),
])
def test_each_page_asks_to_sign_in_in_its_own_words(content_dir, monkeypatch, page, said):
    """The class walk-through: every page said "Sign in to practise", the interview set-up too."""
    monkeypatch.chdir(ROOT)
    at = _open({"auth": COMPLETE})
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.markdown if m.value.startswith(said)], [m.value for m in at.markdown]
    assert [b.label for b in at.button] == ["Sign in"]


def test_an_empty_interview_link_is_a_link_that_opens_nothing_signed_out_too(content_dir, monkeypatch):
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.secrets["auth"] = COMPLETE
    at.run()
    at.switch_page("app_pages/interview.py")
    at.query_params["t"] = ""
    at = at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["This link is not valid."] and not at.button


BROKEN_SECRETS = {"unclosed quote": '[auth]\nclient_secret = "unclosed\n',
                  "unquoted e-mail": "[tunelab]\ninterviewers = [lead@example.org]\n"}


@pytest.mark.parametrize("text", BROKEN_SECRETS.values(), ids=BROKEN_SECRETS.keys())
def test_a_secrets_file_that_does_not_parse_keeps_every_page_closed(content_dir, monkeypatch, tmp_path, caplog, text):
    """Streamlit reads a secrets file that does not parse as no secrets (one line in its log): sign-in
    was off, and every visitor could set up interviews as the one local user (the operator's walk)."""
    from streamlit.runtime.secrets import secrets_singleton
    from streamlit.testing.v1.util import patch_config_options

    monkeypatch.chdir(ROOT)
    caplog.set_level(logging.ERROR, logger="tunelab")
    broken = tmp_path / "secrets.toml"
    broken.write_text(text)
    monkeypatch.setattr(secrets_singleton, "_secrets", None)
    with patch_config_options({"secrets.files": [str(broken)]}):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
        at.switch_page("app_pages/interview.py").run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("Sign-in is set up on this server but cannot work, so TuneLab stays closed")
    assert "the secrets file is not valid TOML (" in error.value and "): a text value" in error.value
    assert " at line " in error.value and str(tmp_path) not in error.value  # where, but not the server's paths
    assert not at.button and not at.text_input
    assert any(str(broken) in r.getMessage() for r in caplog.records)  # the log names the file


def test_a_visitor_at_another_host_than_the_redirect_uri_is_told_where_signing_in_works(content_dir, monkeypatch):
    """Opened at localhost or the server's address, signing in came back to the redirect_uri's host,
    signed out, with no word (the operator's walk)."""
    import ui.identity

    monkeypatch.chdir(ROOT)
    assert ui.identity.sign_in_elsewhere("tunelab.example.org", COMPLETE["redirect_uri"]) is None
    assert ui.identity.sign_in_elsewhere("TuneLab.example.org", COMPLETE["redirect_uri"]) is None
    assert ui.identity.sign_in_elsewhere(None, COMPLETE["redirect_uri"]) is None
    monkeypatch.setattr(ui.identity, "_request_host", lambda: "192.0.2.2:8501")
    at = _open({"auth": COMPLETE})
    assert not at.exception and not at.error
    (warning,) = at.warning
    shown = warning.value.replace("\\", "").replace("\u200b", "")  # drawn inert: escaped, never a link
    assert shown == ("Signing in brings you back to https://tunelab.example.org/. If you come back signed out, open "
                     "TuneLab at that address and sign in there.")
    assert [b.label for b in at.button] == ["Sign in"]
