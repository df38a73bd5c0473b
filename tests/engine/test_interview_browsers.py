"""The browsers a candidate link was opened in: recorded once each, told to the interviewer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from engine.interview_browsers import (BrowserSeen, browser_kind, browsers_listed, browsers_note,
                                       interview_browsers_table)
from engine.interviews import AccessDenied, Interviews, LinkClosed
from engine.limits import CEILINGS
from engine.store import Store

T = dt.datetime(2026, 12, 7, 14, 5, tzinfo=dt.timezone.utc)
CHROME_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/131.0.0.0 Safari/537.36")
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/18.1 Mobile/15E148 Safari/604.1")


@pytest.fixture
def ivs(db_url):
    return Interviews(Store(db_url))


@pytest.fixture
def made(ivs):
    return ivs.create("A", "ml-engineer", ["lr-one-step-distance"], 120, owner="alice")


@pytest.mark.parametrize("agent, kind", [
    (CHROME_WINDOWS, "Chrome on Windows"),
    (SAFARI_IPHONE, "Safari on iPhone"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", "Firefox on Linux"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
     "Safari/537.36 Edg/131.0.0.0", "Edge on macOS"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
     "Safari/537.36", "Chrome on Android"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 "
     "Safari/537.36", "headless Chrome on Linux"),
    ("<script>alert(1)</script> (Windows)", "a browser on Windows"),
    ("", "an unknown browser"),
    (None, "an unknown browser"),
])
def test_a_browsers_kind_is_said_in_our_words_never_the_headers(agent, kind):
    assert browser_kind(agent) == kind


def test_each_browser_is_recorded_once_with_its_kind_and_first_visit(ivs, made):
    assert ivs.note_browser(made.candidate_token, "a" * 32, CHROME_WINDOWS, now=T)
    # a reload, a second tab of the same browser: the same id, nothing new, the first visit kept
    assert not ivs.note_browser(made.candidate_token, "a" * 32, CHROME_WINDOWS, now=T + dt.timedelta(minutes=1))
    assert ivs.note_browser(made.candidate_token, "b" * 32, SAFARI_IPHONE, now=T + dt.timedelta(minutes=4))
    assert ivs.browsers(made.interview_id) == [BrowserSeen("Chrome on Windows", T),
                                               BrowserSeen("Safari on iPhone", T + dt.timedelta(minutes=4))]
    # only a digest of the id the browser keeps is stored, and none of the header
    with ivs.store.engine.connect() as conn:
        stored = json.dumps([dict(r) for r in conn.execute(interview_browsers_table.select()).mappings()],
                            default=str)
    assert "a" * 32 not in stored and "Mozilla" not in stored


def test_only_an_open_candidate_link_records_a_browser(ivs, made):
    with pytest.raises(AccessDenied):  # the interviewer's link is not the candidate's
        ivs.note_browser(made.interviewer_token, "a" * 32, CHROME_WINDOWS)
    with pytest.raises(ValueError):  # an id the page never makes
        ivs.note_browser(made.candidate_token, "<b>" * 10, CHROME_WINDOWS)
    with pytest.raises(ValueError):
        ivs.note_browser(made.candidate_token, "short", CHROME_WINDOWS)
    ivs.finish(made.candidate_token)
    with pytest.raises(LinkClosed):
        ivs.note_browser(made.candidate_token, "a" * 32, CHROME_WINDOWS)
    assert ivs.browsers(made.interview_id) == []


def test_browsers_of_one_interview_are_not_anothers(ivs, made):
    other = ivs.create("B", "manager", ["lr-one-step-distance"], 120, owner="bob")
    ivs.note_browser(made.candidate_token, "a" * 32, CHROME_WINDOWS, now=T)
    ivs.note_browser(other.candidate_token, "a" * 32, SAFARI_IPHONE, now=T)  # the same browser, both links
    assert [b.kind for b in ivs.browsers(made.interview_id)] == ["Chrome on Windows"]
    assert [b.kind for b in ivs.browsers(other.interview_id)] == ["Safari on iPhone"]


def test_past_the_ceiling_a_new_id_adds_no_row(ivs, made):
    limit = int(CEILINGS["browsers"].limit)
    for n in range(limit + 5):  # a script replaying the link with a new id each time
        ivs.note_browser(made.candidate_token, f"{n:032d}", CHROME_WINDOWS, now=T + dt.timedelta(seconds=n))
    seen = ivs.browsers(made.interview_id)
    assert len(seen) == limit
    assert browsers_note(seen, limit).startswith(f"The candidate link was opened in at least {limit} browsers: "
                                                 "Chrome on Windows (first, 7 Dec 14:05 UTC), Chrome on Windows")
    assert browsers_note(seen, limit).endswith(f"(7 Dec 14:05 UTC) and {limit - 4} more.")


def test_the_note_is_for_two_browsers_or_more():
    one = [BrowserSeen("Chrome on Windows", T)]
    assert browsers_note([]) is None and browsers_note(one) is None
    assert browsers_listed([]) == "no browser recorded"
    assert browsers_listed(one) == "1 browser (Chrome on Windows, 7 Dec 14:05 UTC)"
    two = one + [BrowserSeen("Safari on iPhone", T + dt.timedelta(days=1, minutes=4))]
    assert browsers_note(two) == ("The candidate link was opened in 2 browsers: Chrome on Windows (first, "
                                  "7 Dec 14:05 UTC) and Safari on iPhone (8 Dec 14:09 UTC).")


def test_the_scorecard_and_its_exports_say_which_browsers_opened_the_link(ivs, made):
    ivs.note_browser(made.candidate_token, "a" * 32, CHROME_WINDOWS, now=T)
    card = ivs.scorecard(made.interviewer_token)
    assert card.browser_note is None and card.opened_in == "1 browser (Chrome on Windows, 7 Dec 14:05 UTC)"
    ivs.note_browser(made.candidate_token, "b" * 32, SAFARI_IPHONE, now=T + dt.timedelta(minutes=4))
    card = ivs.scorecard(made.interviewer_token)
    assert card.browser_note.startswith("The candidate link was opened in 2 browsers: Chrome on Windows (first")
    assert "Opened in: 2 browsers: Chrome on Windows (first, 7 Dec 14:05 UTC) and Safari on iPhone " \
           "(7 Dec 14:09 UTC)" in card.to_markdown()
    assert json.loads(card.to_json())["browsers"] == [
        {"kind": "Chrome on Windows", "first_seen": T.isoformat()},
        {"kind": "Safari on iPhone", "first_seen": (T + dt.timedelta(minutes=4)).isoformat()}]
    rows = list(csv.reader(io.StringIO(card.to_csv().lstrip("\ufeff"))))
    assert rows[0][-1] == "browsers" and {r[-1] for r in rows[1:]} == {"2"}  # each question's row and the overall


def test_browser_counts_are_read_for_many_interviews_at_once(ivs, made):
    other = ivs.create("B", "manager", ["lr-one-step-distance"], 120, owner="alice")
    quiet = ivs.create("C", "manager", ["lr-one-step-distance"], 120, owner="alice")
    for n, token in enumerate((made.candidate_token, made.candidate_token, other.candidate_token)):
        ivs.note_browser(token, f"{n:032d}", CHROME_WINDOWS, now=T)
    assert ivs.browser_counts([made.interview_id, other.interview_id, quiet.interview_id]) == {
        made.interview_id: 2, other.interview_id: 1}
    assert ivs.browser_counts([]) == {}
