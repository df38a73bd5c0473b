"""Signed-in mode through a real OpenID Connect flow (issue 11).

A local OpenID provider (``oidc-provider-mock``) runs on 127.0.0.1; the app is configured with an
``[auth]`` section pointing at it, exactly as a deployment would point at Google, Entra, Okta or
Keycloak. Two learners sign in with Streamlit's own ``st.login`` in Chromium, answer questions and
each sees only their own progress; a third, listed as an interviewer, can set up an interview that
the other two cannot, and a fourth who claims the interviewer's e-mail unverified cannot either.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engine.store import learner_id
from tests.browser.support import OFFSITE, free_port, streamlit_server, wait_idle
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser

INTERVIEWER = "carol@example.com"
#: a user of the same provider whose unverified e-mail claim is the interviewer's (a provider where
#: users type their own address)
IMPOSTOR = "mallory-sub"


def set_claims(provider: str, sub: str, claims: dict) -> None:
    body = json.dumps(claims).encode()
    req = urllib.request.Request(f"{provider}/users/{sub}", data=body, method="PUT",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        assert r.status == 204


@pytest.fixture(scope="module")
def provider():
    port = free_port()
    exe = Path(sys.executable).with_name("oidc-provider-mock")
    proc = subprocess.Popen([str(exe), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the OpenID provider did not start:\n{proc.stdout.read()}") from None
                time.sleep(0.2)
        set_claims(url, INTERVIEWER, {"email": INTERVIEWER, "email_verified": True})
        set_claims(url, IMPOSTOR, {"email": "Carol@Example.com", "email_verified": False})
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def server(provider, tmp_path_factory):
    with serving(provider, tmp_path_factory.mktemp("signin")) as url:
        yield url


@contextmanager
def serving(provider: str, tmp: Path):
    """The app in signed-in mode on ``provider``, its content and data in ``tmp``; yields its address."""
    content = tmp / "content"
    content.mkdir()
    shutil.copy(FIXTURES / "valid.yaml", content / "valid.yaml")
    port = free_port()
    secrets = tmp / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-of-some-length-0123456789"
client_id = "tunelab-test"
client_secret = "tunelab-test-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[tunelab]
interviewers = ["{INTERVIEWER}"]
""")
    env = {"TUNELAB_CONTENT_DIR": str(content), "TUNELAB_DATA_DIR": str(tmp / "data")}
    with streamlit_server(env=env, port=port, extra_args=["--secrets.files", str(secrets)]) as url:
        yield url


def _abort(route) -> None:
    route.abort()


def sign_in(page, server: str, who: str, shown: str | None = None, start: str = "/progress",
            prompt: str = "Sign in to practise") -> None:
    page.goto(f"{server}{start}")
    wait_idle(page)
    expect(page.get_by_text(prompt)).to_be_visible()
    # The provider's page links a stylesheet on a CDN: what would leave the machine is aborted, and
    # only while the browser is away signing in. Any route turns Chromium's HTTP cache off, and
    # every later page of the app then fetched its scripts anew (4 to 5 s a page, not about 1).
    page.route(OFFSITE, _abort)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(who)
    page.get_by_role("button", name="Authorize").click()
    # the provider sends the browser to the root, which goes back to ``start``: wait for that
    # (a navigation of the test's own meanwhile was aborted by it)
    page.wait_for_url(f"{server}{start}", timeout=30_000)
    page.unroute(OFFSITE, _abort)
    wait_idle(page)
    expect(page.get_by_text(f"Signed in as {shown or who}")).to_be_visible()


def answer(page, server: str, qid: str, choice: str) -> None:
    page.goto(f"{server}/practice?q={qid}")
    wait_idle(page)
    page.get_by_test_id("stMain").get_by_text(choice, exact=True).click()
    page.get_by_role("button", name="Submit answer").click()
    # saved once the verdict is drawn (leaving earlier could cut the script run short)
    expect(page.get_by_role("button", name=re.compile("Next question"))).to_be_visible()
    wait_idle(page)


def progress_metrics(page, server: str) -> dict[str, str]:
    """The Progress page's metrics, label -> value, as this browser's user sees them."""
    page.goto(f"{server}/progress")
    wait_idle(page)
    # every metric read below is drawn (the first alone can show while the run's later messages
    # are still on their way: "idle" right after a navigation can be the new page's state before
    # its first run)
    for label in ("Answers saved", "Questions seen", "Accuracy"):
        expect(page.get_by_test_id("stMetricLabel").filter(has_text=label)).to_be_visible()
    out = {}
    for metric in page.get_by_test_id("stMetric").all():
        label = metric.get_by_test_id("stMetricLabel").inner_text().strip()
        out[label] = metric.get_by_test_id("stMetricValue").inner_text().strip()
    return out


def downloaded_answers(page, server: str) -> list[tuple[str, str]]:
    """(question id, answer) of each row of the file Progress's "Download all your answers" gives."""
    page.goto(f"{server}/progress")
    wait_idle(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download all your answers (CSV)").click()
    text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    return [(r["question id"], r["your answer"]) for r in csv.DictReader(io.StringIO(text))]


def test_two_learners_each_see_only_their_own_progress_and_only_the_interviewer_sets_up(server, browser):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(4)]
    try:
        alice, bob, carol, mallory = (c.new_page() for c in contexts)
        for page in (alice, bob, carol, mallory):
            page.set_default_timeout(30_000)
        sign_in(alice, server, "alice@example.com")
        answer(alice, server, "valid-single", "b")
        answer(alice, server, "valid-multi", "a")
        sign_in(bob, server, "bob@example.com")
        answer(bob, server, "valid-single", "c")
        a, b = progress_metrics(alice, server), progress_metrics(bob, server)
        # nobody else's attempts: Alice answered two questions (one right), Bob one (wrong)
        assert a["Answers saved"] == "2" and a["Questions seen"] == "2 of 5", a
        assert b["Answers saved"] == "1" and b["Questions seen"] == "1 of 5" and b["Accuracy"] == "0%", b
        # each one's file holds their own answers, the newest first, and nobody else's
        assert downloaded_answers(alice, server) == [("valid-multi", "a"), ("valid-single", "b")]
        assert downloaded_answers(bob, server) == [("valid-single", "c")]
        for page in (alice, bob):
            # the menu does not offer them the set-up (its address still answers, with a refusal)
            expect(page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Progress")).to_be_visible()
            expect(page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Mock interview")).to_have_count(0)
            page.goto(f"{server}/interview")
            wait_idle(page)
            expect(page.get_by_text("Only interviewers can set up mock interviews")).to_be_visible()
            expect(page.get_by_role("button", name="Create the interview")).to_have_count(0)
        sign_in(carol, server, INTERVIEWER)
        expect(carol.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Mock interview")).to_be_visible()
        carol.goto(f"{server}/interview")
        wait_idle(carol)
        carol.get_by_role("button", name="Create the interview").click()
        wait_idle(carol)
        expect(carol.get_by_text(re.compile("^Created"))).to_be_visible()
        # code blocks fill in after the success message: wait for the link text itself
        # both links drawn (interviewer's first), so .first cannot be the candidate's while the
        # interviewer's box is still filling in
        links = carol.get_by_test_id("stCode").filter(has_text="t=")
        expect(links).to_have_count(2)
        link_box = links.first
        expect(link_box).to_be_visible()
        interviewer_link = link_box.inner_text().strip()
        expect(carol.get_by_text("Your interviews")).to_be_visible()
        # an interviewer's link is not enough for a signed-in learner who is not an interviewer
        alice.goto(server + interviewer_link[interviewer_link.index("/interview"):])
        wait_idle(alice)
        expect(alice.get_by_text("Only interviewers can open this page")).to_be_visible()
        # the interviewer's e-mail, claimed but not verified by the provider, makes nobody an interviewer
        sign_in(mallory, server, IMPOSTOR, shown="Carol@Example.com")
        expect(mallory.get_by_text("your provider has not verified it")).to_be_visible()
        mallory.goto(server + interviewer_link[interviewer_link.index("/interview"):])
        wait_idle(mallory)
        expect(mallory.get_by_text("Only interviewers can open this page")).to_be_visible()
        mallory.goto(f"{server}/interview")
        wait_idle(mallory)
        expect(mallory.get_by_role("button", name="Create the interview")).to_have_count(0)
        # the interviewer's link opened signed out (a new browser): signing in comes back to it,
        # with the navigation and the account (a candidate's link hides them)
        late = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(late)
        carol_later = late.new_page()
        carol_later.set_default_timeout(30_000)
        path = interviewer_link[interviewer_link.index("/interview"):]
        sign_in(carol_later, server, INTERVIEWER, start=path, prompt="This is an interviewer's link")
        expect(carol_later.get_by_text(f"Signed in as {INTERVIEWER}")).to_be_visible()
        expect(carol_later.get_by_test_id("stSidebarNav")).to_be_visible()
        expect(carol_later.get_by_text("Only interviewers can open this page")).to_have_count(0)
    finally:
        for c in contexts:
            c.close()


def test_signing_in_comes_back_to_the_link_that_was_opened(server, page):
    # Streamlit's sign-in callback lands on the root: a shared question's link used to be lost there
    page.set_default_timeout(30_000)
    sign_in(page, server, "dave@example.com", start="/practice?q=valid-single")
    expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
    # once back, it is forgotten: the root stays the root
    page.goto(f"{server}/")
    wait_idle(page)
    page.wait_for_timeout(1000)
    assert page.url.rstrip("/") == server.rstrip("/")


def test_no_page_but_a_candidate_link_opens_without_signing_in(server, page):
    page.goto(f"{server}/practice?t=anything")  # a token on another page does not skip sign-in
    wait_idle(page)
    expect(page.get_by_text("Sign in to practise")).to_be_visible()
    expect(page.get_by_role("button", name="Submit answer")).to_have_count(0)
    page.goto(f"{server}/interview?t=not-a-real-token")
    wait_idle(page)
    expect(page.get_by_text("This link is not valid.")).to_be_visible()
    assert os.environ.get("TUNELAB_INTERVIEWERS") is None


def test_an_interviewer_sees_the_rooms_answers_counted_and_a_learner_does_not(provider, tmp_path, browser):
    """The lecturer's Room, on a server of its own: the module's server has other tests' answers."""
    with serving(provider, tmp_path) as server:
        contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(4)]
        try:
            pages = [c.new_page() for c in contexts]
            for page in pages:
                page.set_default_timeout(30_000)
            *learners, lecturer = pages
            for page, who, pick in zip(learners, ("dan@example.com", "eve@example.com", "fay@example.com"),
                                       ("a", "b", "a")):
                sign_in(page, server, who)
                answer(page, server, "valid-single", pick)
            dan = learners[0]
            expect(dan.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Room")).to_have_count(0)
            dan.goto(f"{server}/room")
            wait_idle(dan)
            expect(dan.get_by_text("Only interviewers see the room's answers.")).to_be_visible()
            expect(dan.get_by_test_id("stMetric")).to_have_count(0)
            sign_in(lecturer, server, INTERVIEWER, start="/room", prompt="Sign in to see the room's answers")
            expect(lecturer.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Room")).to_be_visible()
            metrics = lecturer.get_by_test_id("stMetric")
            expect(metrics).to_have_count(3)
            shown = {m.get_by_test_id("stMetricLabel").inner_text().strip():
                     m.get_by_test_id("stMetricValue").inner_text().strip() for m in metrics.all()}
            assert shown == {"Learners": "3", "First answers": "3", "Average score": "33%"}, shown
            expect(lecturer.get_by_text("1 of 3 learners right first time; average score 33%.")).to_be_visible()
            # no one is named: not their address, and not the learner ids the answers are stored under
            issuer = json.load(urllib.request.urlopen(f"{provider}/.well-known/openid-configuration"))["issuer"]
            html = lecturer.content()
            for who in ("dan@example.com", "eve@example.com", "fay@example.com"):
                assert who not in html and learner_id(issuer, who) not in html
        finally:
            for c in contexts:
                c.close()
