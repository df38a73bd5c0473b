"""Who is using the app: one local learner by default, or the user signed in with OpenID Connect.

With no ``[auth]`` section in Streamlit's secrets, TuneLab is a single-user app: every attempt,
review card and run belongs to the learner ``"me"`` (``engine.store.LOCAL_LEARNER``), as before,
and that learner may set up interviews.

With ``[auth]`` configured, Streamlit's own ``st.login`` / ``st.user`` / ``st.logout`` (Authlib)
name the user, and nothing of a person's data is read or written without them: the learner is a
digest of the provider's issuer and subject (stable across e-mail changes, and not an e-mail
address in the database). Interviewers are the users the deployment lists, by e-mail, in
``[tunelab] interviewers = [...]`` in the secrets or ``TUNELAB_INTERVIEWERS`` (comma-separated).
A listed e-mail counts only when the provider vouches for it (``email_verified`` is true): where
users may type their own address (Keycloak's self-registration, some Entra and Okta set-ups), an
unverified claim would otherwise make anyone an interviewer. Providers that send no
``email_verified`` (Microsoft Entra ID) list interviewers by account instead:
``[tunelab] interviewer_accounts = ["<issuer>#<subject>"]`` or ``TUNELAB_INTERVIEWER_ACCOUNTS``; the
sidebar shows a signed-in user their own account string. Candidates need no account: their
interview link is all they have.
"""

from __future__ import annotations

import difflib
import ipaddress
import logging
import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit
from dataclasses import dataclass
from typing import Any

import streamlit as st

from engine.settings import base_url
from engine.store import LOCAL_LEARNER, learner_id
from ui.text import inert

_LOG = logging.getLogger("tunelab")


@dataclass(frozen=True)
class Identity:
    """The person behind this browser session."""

    learner: str
    email: str | None
    name: str | None
    interviewer: bool
    signed_in: bool
    #: ``<issuer>#<subject>``: what ``interviewer_accounts`` lists (None in local mode)
    account: str | None = None
    #: the provider vouches for ``email`` (its ``email_verified`` claim is true)
    email_verified: bool = False

    @property
    def display(self) -> str:
        return self.name or self.email or "you"


def _secrets_section(name: str) -> dict:
    try:
        section = st.secrets.get(name)
    except Exception:  # no secrets file at all: the local default
        return {}
    return dict(section) if section else {}


def _secrets() -> dict:
    try:
        return {str(k): v for k, v in st.secrets.items()}
    except Exception:  # no secrets file at all: the local default (or one that cannot be read: see below)
        return {}


#: Streamlit's ``error_id`` when no secrets file exists at all: the local default. Any other failure
#: to read them (a file that does not parse, a path that is no file) is a set-up mistake
NO_SECRETS_FILE = "no-secrets-found"


def secrets_unreadable() -> tuple[str, str] | None:
    """Why the secrets cannot be read, or None when they can (or there are none): a sentence for
    the page, which names no path (every visitor reads it), and Streamlit's own for the log.

    A file that does not parse was read as "no secrets" (Streamlit logs one line and goes on):
    an unclosed quote, or ``interviewers = [lead@example.org]`` without quotes, turned sign-in off
    and opened every page to everyone as the one local user, an interviewer (the operator's walk).
    """
    try:
        st.secrets.items()
    except Exception as exc:
        if getattr(exc, "error_id", None) == NO_SECRETS_FILE:
            return None
        cause = exc.__cause__
        if type(cause).__name__ == "TOMLDecodeError":
            # tomllib's "Invalid value (at line 8, column 17)", read as part of a sentence
            where = str(cause).replace(" (at line", " at line").removesuffix(")")
            said = (f"the secrets file is not valid TOML ({where[:1].lower()}{where[1:]}): a text value, an e-mail "
                    "address among them, goes in quotes")
        else:
            said = "the secrets cannot be read (the server log says why)"
        return said, str(exc)
    return None


#: what ``st.login()`` (the provider set directly in ``[auth]``, as the README shows) needs
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
#: the only path Streamlit answers a provider's return on
CALLBACK_PATH = "/oauth2callback"
#: what TuneLab reads from ``[tunelab]``
TUNELAB_KEYS = ("interviewers", "interviewer_accounts")


def _near(name: str, among: list[str]) -> str:
    """ `` (found "redirect_url": a typo?)`` when a present key is close to a missing one."""
    close = difflib.get_close_matches(name, among, n=1, cutoff=0.75)
    return f' (found "{close[0]}": a typo?)' if close else ""


def sign_in_problems(secrets: Mapping[str, Any]) -> list[str]:
    """Why sign-in, set up in ``secrets``, would not work; ``[]`` when it is off or complete.

    A section that means sign-in but that Streamlit would not use as such (``[Auth]``, a missing
    ``cookie_secret``, ``redirect_url`` for ``redirect_uri``) would otherwise turn sign-in off
    silently, or fail only when a visitor presses Sign in: the app would open to everyone as its
    one local user, an interviewer. Each problem is one sentence for the operator.
    """
    auth = secrets.get("auth")
    if auth is None:
        return [f'the secrets have a section [{k}], but sign-in reads [auth], in lower case'
                for k in secrets if k.lower() == "auth"]
    if not isinstance(auth, Mapping):
        return ["[auth] in the secrets must be a section of keys (redirect_uri, cookie_secret, client_id, ...)"]
    present = [str(k) for k in auth]
    problems = [f"[auth] has no {key}{_near(key, [k for k in present if k not in AUTH_KEYS])}"
                for key in AUTH_KEYS if not auth.get(key)]
    named = [k for k, v in auth.items() if isinstance(v, Mapping)]
    if named and any(not auth.get(k) for k in AUTH_KEYS[2:]):
        problems.append(f"TuneLab signs in with the provider set directly in [auth]; [auth.{named[0]}] is not "
                        "used: put its client_id, client_secret and server_metadata_url in [auth]")
    uri = str(auth.get("redirect_uri") or "")
    if uri and not (uri.startswith(("http://", "https://")) and uri.rstrip("/").endswith(CALLBACK_PATH)):
        problems.append(f"[auth] redirect_uri must be this site's address followed by {CALLBACK_PATH} "
                        f"(e.g. https://tunelab.example.org{CALLBACK_PATH}), the only path Streamlit answers "
                        "the provider's return on")
    return problems


def sign_in_warnings(secrets: Mapping[str, Any], base_url: str | None) -> list[str]:
    """What looks wrong but may be meant, for the server's log: no interviewer listed, a
    misspelt ``[tunelab]``, the lab runs' CPU ceilings left at one person's defaults, a
    ``redirect_uri`` on another host than ``TUNELAB_BASE_URL``."""
    if "auth" not in secrets:
        return []
    found: list[str] = []
    for k in secrets:
        if k != "tunelab" and difflib.get_close_matches(k.lower(), ["tunelab"], cutoff=0.75):
            found.append(f'the secrets have a section [{k}]; TuneLab reads [tunelab]')
    tunelab = secrets.get("tunelab") or {}
    if isinstance(tunelab, Mapping):
        found += [f'[tunelab] has a key "{k}" that TuneLab does not read{_near(k, list(TUNELAB_KEYS))}'
                  for k in tunelab if k not in TUNELAB_KEYS]
    found += [f'the interviewers\' list has "{t}", which holds no e-mail address: it makes nobody an interviewer'
              for t in not_addresses()]
    if not (interviewer_emails() or interviewer_accounts()):
        found.append("no interviewers are listed ([tunelab] interviewers, TUNELAB_INTERVIEWERS): "
                     "nobody can set up an interview")
    from engine.limits import CEILINGS, RUN_CPU_SECONDS

    if RUN_CPU_SECONDS is None:  # a server many people share, with one person's limits (the class walk-through)
        found.append(f"the lab runs' CPU ceilings are their defaults (search {CEILINGS['search'].limit:,.0f}, "
                     f"training {CEILINGS['training'].limit:,.0f} CPU-seconds): on a server a class shares, two "
                     "searches can hold both lab workers for minutes; the README's \"For a class on one small "
                     "server\" suggests TUNELAB_RUN_CPU_SECONDS=30")
    uri = str((secrets.get("auth") or {}).get("redirect_uri") or "")
    if base_url and uri and not uri.startswith(base_url.rstrip("/") + "/"):
        found.append(f"[auth] redirect_uri ({uri}) is not on TUNELAB_BASE_URL ({base_url}): visitors must open "
                     "the app on the redirect_uri's host, or signing in brings them back signed out")
    return found


_said: set[tuple[str, ...]] = set()


def check_sign_in_set_up() -> list[str]:
    """The sign-in set-up's problems (see :func:`sign_in_problems`); each new set of problems and
    warnings is written to the server's log once, and so is the mode the app runs in."""
    from engine.settings import base_url

    unreadable = secrets_unreadable()
    secrets = _secrets()
    problems = [unreadable[0]] if unreadable else sign_in_problems(secrets)
    warnings = sign_in_warnings(secrets, base_url()) if not problems else []
    said = tuple(problems) + ("",) + tuple(warnings)
    if said not in _said:
        _said.add(said)
        if unreadable:
            _LOG.error("the secrets cannot be read, so every page refuses visitors: %s", unreadable[1])
        for p in problems:
            _LOG.error("sign-in is set up but cannot work, so every page refuses visitors: %s", p)
        for w in warnings:
            _LOG.warning("sign-in: %s", w)
        if not problems:
            _LOG.info("sign-in %s", f"on, {len(interviewer_emails()) + len(interviewer_accounts())} interviewer "
                      "entries" if auth_configured() else "off: one local user, who may set up interviews")
    return problems


def auth_configured() -> bool:
    """True when the deployment configures an OpenID Connect provider (``[auth]`` in secrets)."""
    auth = _secrets_section("auth")
    return bool(auth.get("redirect_uri") or any(isinstance(v, dict) for v in auth.values()))


#: what separates the entries of a list typed as one text (a variable, or a text in the secrets):
#: commas as documented, and the semicolons and spaces an address book copies
SEPARATORS = re.compile(r"[,;\s]+")
#: an e-mail address within an entry: "Ada Lovelace <ada@example.org>" lists ada@example.org
EMAIL = re.compile(r"[^\s<>,;\"'()\[\]]+@[^\s<>,;\"'()\[\]]+")


def _listed(key: str, variable: str) -> list[str]:
    """Texts of ``[tunelab] <key>`` in the secrets and of the ``variable``, each as written."""
    listed = _secrets_section("tunelab").get(key) or []
    listed = [listed] if isinstance(listed, str) else list(listed)
    return [str(e) for e in [*listed, os.environ.get(variable, "")] if e and str(e).strip()]


def interviewer_emails() -> set[str]:
    """The listed interviewers' e-mail addresses, in lower case. Each address in the lists counts,
    however they are separated or named ("a@x.org; b@y.org", "Ada <a@x.org>"): split on commas
    alone, such a list made nobody an interviewer, and said nothing (the operator's walk)."""
    return {e.lower() for text in _listed("interviewers", "TUNELAB_INTERVIEWERS") for e in EMAIL.findall(text)}


def interviewer_accounts() -> set[str]:
    """The listed interviewers' accounts (``<issuer>#<subject>``; neither holds a space or comma)."""
    return {e for text in _listed("interviewer_accounts", "TUNELAB_INTERVIEWER_ACCOUNTS")
            for e in SEPARATORS.split(text.strip()) if e}


def not_addresses() -> list[str]:
    """Entries of the interviewers' lists with no e-mail address in them, for the server's log."""
    return [t.strip() for text in _listed("interviewers", "TUNELAB_INTERVIEWERS")
            for t in re.split(r"[,;]", text) if t.strip() and not EMAIL.search(t)]


def _claim_true(value: Any) -> bool:
    """An OIDC boolean claim: JSON true (some providers send the string "true")."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def identity_of(user: Mapping[str, Any], emails: set[str], accounts: set[str]) -> Identity:
    """The identity of a signed-in user's claims (``st.user``), given the deployment's interviewer
    lists: lower-cased e-mails, which count only when verified, and ``<issuer>#<subject>`` accounts."""
    issuer, subject = str(user.get("iss") or ""), str(user.get("sub") or "")
    email = str(user.get("email") or "") or None
    verified = bool(email) and _claim_true(user.get("email_verified"))
    account = f"{issuer}#{subject}"
    return Identity(
        learner=learner_id(issuer, subject),
        email=email,
        name=str(user.get("name") or "") or None,
        interviewer=(verified and email.lower() in emails) or (bool(subject) and account in accounts),
        signed_in=True,
        account=account,
        email_verified=verified,
    )


def current() -> Identity:
    """The session's identity; call :func:`require_sign_in` first on pages that need one."""
    if not auth_configured():
        return Identity(LOCAL_LEARNER, None, None, interviewer=True, signed_in=False)
    user = st.user
    if not user.get("is_logged_in"):
        return Identity("", None, None, interviewer=False, signed_in=False)
    return identity_of(user, interviewer_emails(), interviewer_accounts())


def current_learner() -> str:
    """The learner every read and write of this session's progress is for."""
    who = current()
    if auth_configured() and not who.signed_in:
        raise PermissionError("sign in first")  # pages call require_sign_in before reaching here
    return who.learner


#: why a page asks for sign-in, said on the prompt
PRACTICE_REASON = "Sign in to practise: your answers, review schedule and progress are kept for you alone."
#: the prompt's sentence on each page, by its url_path (the class walk-through: every page said "Sign
#: in to practise", the interview set-up and Presenter mode too; the home page said nothing of the app)
SIGN_IN_REASONS = {
    # the home page's url_path; the prompt's title already says "TuneLab"
    "": ("Practise the interview questions on hyperparameter tuning and optimisers, and check your answers "
         "against real results. " + PRACTICE_REASON),
    **dict.fromkeys(("optimizer-lab", "training-lab", "search-lab"),
                    "Sign in to use the labs: each person's runs and run history are their own on this server."),
    "history": "Sign in to see your run history: the runs you made in the labs, kept for you alone.",
    "presenter": "Sign in to present: the demonstrations run on this server for its signed-in users.",
    "interview": ("Sign in to set up a mock interview: the accounts your team lists as interviewers can. A candidate "
                  "needs no account: the link their interviewer sends opens the interview."),
    "room": "Sign in to see the room's answers: the accounts your team lists as interviewers can.",
}
INTERVIEWER_REASON = ("This is an interviewer's link: sign in with the account your team listed as an "
                      "interviewer to follow the interview.")


#: sessionStorage key of the address a signed-out visitor opened (per tab; it survives the trip
#: to the provider and back)
RETURN_KEY = "tunelab.after-sign-in"
#: Streamlit's sign-in callback always lands on the app's root, so a shared link (a question, a
#: demo, an interviewer's link) would be lost at sign-in. The browser keeps the address it was
#: opened at, and goes back to it once signed in. Constant scripts: nothing a visitor controls is
#: written into them; the address is the browser's own, and only a path on this site is followed.
REMEMBER_ADDRESS_JS = f"""<script>
(() => {{
  const here = window.location.pathname + window.location.search;
  try {{ sessionStorage.setItem("{RETURN_KEY}", here); }} catch (e) {{}}
}})();
</script>"""
RETURN_TO_ADDRESS_JS = f"""<script>
(() => {{
  let there = null;
  try {{ there = sessionStorage.getItem("{RETURN_KEY}"); sessionStorage.removeItem("{RETURN_KEY}"); }} catch (e) {{}}
  const here = window.location.pathname + window.location.search;
  // a path on this site only: not "//host" nor "/\\host", which browsers read as another site
  const second = there ? there.charAt(1) : "";
  if (there && there.charAt(0) === "/" && second !== "/" && second !== String.fromCharCode(92) && there !== here) {{
    window.location.replace(there);
  }}
}})();
</script>"""


def require_sign_in(reason: str = PRACTICE_REASON) -> Identity:
    """In signed-in mode, stop the page with a sign-in prompt unless a user is signed in.

    The browser remembers the address the prompt was shown at (:data:`REMEMBER_ADDRESS_JS`), and
    :func:`account_box` returns there after the provider has sent the user back to the root.
    """
    who = current()
    if not auth_configured() or who.signed_in:
        return who
    st.title("TuneLab", anchor=False)
    st.markdown(reason)
    st.html(REMEMBER_ADDRESS_JS, unsafe_allow_javascript=True, width="content")
    if elsewhere := sign_in_elsewhere(_request_host(), str(_secrets_section("auth").get("redirect_uri") or "")):
        st.warning(inert(elsewhere), icon=":material/swap_horiz:")
    st.button("Sign in", type="primary", on_click=st.login, key="auth.login", icon=":material/login:")
    st.stop()
    raise AssertionError("unreachable")


def sign_in_elsewhere(host: str | None, redirect_uri: str) -> str | None:
    """A sentence for a visitor who opened the app at another host than the ``redirect_uri``'s
    (``localhost``, the server's own address): the provider sends them back there, where no sign-in
    of theirs is under way, and they landed signed out with no word (the operator's walk; the log
    said only "Missing provider for OAuth callback"). None when the hosts agree or one is unknown.
    Said as "if": behind a proxy that does not pass the visitor's host on, the two differ though
    signing in works."""
    parts = urlsplit(redirect_uri)
    if not host or not parts.netloc or host.strip().lower() == parts.netloc.lower():
        return None
    site = f"{parts.scheme}://{parts.netloc}/"
    _say_once(f"a visitor opened the app at {host.strip()}, and sign-in returns to {parts.netloc} "
              "([auth] redirect_uri): signing in there brings them back signed out")
    return (f"Signing in brings you back to {site}. If you come back signed out, open TuneLab at that "
            "address and sign in there.")


_said_once: set[str] = set()


def _say_once(warning: str) -> None:
    if warning not in _said_once and len(_said_once) < 100:  # the hosts visitors type are theirs: a bound
        _said_once.add(warning)
        _LOG.warning("sign-in: %s", warning)


#: said in the sidebar of a server without sign-in that people reach from other machines
SHARED_WITHOUT_SIGN_IN = (
    "No sign-in on this server: everyone who opens it shares one record of answers, progress and runs, and "
    "can set up interviews. For a class or a team, set up sign-in (README: \u201cSigning in\u201d).")


def loopback(host: str | None) -> bool:
    """True for an address of the machine itself, as a ``Host`` header or a URL's host gives it
    (``localhost:8501``, ``127.0.0.1``, ``[::1]:8501``); False for any other, and for none."""
    if not host:
        return False
    name = urlsplit(f"//{host.strip()}").hostname or ""
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:  # a name: another machine's, as far as we can tell
        return False


def _request_host() -> str | None:
    try:
        return st.context.headers.get("Host")
    except Exception:  # no request behind this run (a test harness): the machine's own
        return None


def shared_without_sign_in(host: str | None, public: str | None) -> bool:
    """True when a server with no sign-in is reached from other machines: the visitor's ``Host``
    is not the machine itself, or the deployment has a public address (``TUNELAB_BASE_URL``).

    There, the one local learner is every visitor: a class on one server shares one progress
    record, and every visitor may set up interviews. A browser on the server's own machine
    (``make run``: the single-user app) is told nothing.
    """
    if public and not loopback(urlsplit(public).netloc):
        return True
    return bool(host) and not loopback(host)


#: the "Your account" box's words to a signed-in visitor, above their account's name
ACCOUNT_NAME_CAPTION = ("Your account's name on this server. Whoever runs this server may ask you for it, to make "
                        "you an interviewer or to delete your data:")


def account_box() -> None:
    """Sidebar lines naming the signed-in user, with Sign out. Without sign-in, nothing, unless
    the server is reached from other machines: then a warning that everyone shares one record
    (:func:`shared_without_sign_in`)."""
    who = current()
    if not who.signed_in:
        if not auth_configured() and shared_without_sign_in(_request_host(), base_url()):
            st.sidebar.warning(SHARED_WITHOUT_SIGN_IN, icon=":material/group:")
        return
    with st.sidebar:
        if not st.session_state.get("auth.returned"):
            # the session's first signed-in run: back to the address opened before signing in, if any
            st.session_state["auth.returned"] = True
            st.html(RETURN_TO_ADDRESS_JS, unsafe_allow_javascript=True, width="content")
        st.caption(f"Signed in as {inert(who.email or who.display)}" + (" · interviewer" if who.interviewer else ""))
        if who.email and not who.email_verified and who.email.lower() in interviewer_emails():
            st.caption("Your e-mail is on the interviewer list, but your provider has not verified it, so it "
                       "does not make you an interviewer.")
        with st.expander("Your account"):
            # as text (st.code: copyable, never Markdown): what an administrator lists in
            # interviewer_accounts for a provider that verifies no e-mails. The caption names no setting:
            # a student read "(interviewer_accounts)" there and could do nothing with it
            st.caption(ACCOUNT_NAME_CAPTION)
            st.code(who.account or "", language=None, wrap_lines=True)
        st.button("Sign out", on_click=st.logout, key="auth.logout", icon=":material/logout:")
