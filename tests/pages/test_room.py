"""The Room: an interviewer (a lecturer) sees how the signed-in learners answered, counted and never
named; a learner who is no interviewer, and the local single-user app, see none of it."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.store import Attempt, open_store
from tests.pages.conftest import other_bank

ROOM = "app_pages/room.py"
#: learner ids as the store keeps them: none may reach the page, in any element
LEARNERS = ("acct-ann-1f9e", "acct-bob-77c2", "acct-cy-0b4d")


def sign_in(monkeypatch, interviewer: bool) -> None:
    import ui.identity
    from ui.identity import Identity

    monkeypatch.setattr(ui.identity, "current", lambda: Identity("acct-lee-5d0a", "lee@x.org", "Lee",
                                                                 interviewer=interviewer, signed_in=True))


def answer(learner: str, qid: str, response, correct: bool, when: dt.datetime, bank: str = "valid") -> None:
    open_store().record_attempt(Attempt(qid, bank, "single_choice", "easy", ("learning-rate",), response, correct,
                                        float(correct), answered_at=when, learner=learner))


def the_room(now: dt.datetime) -> None:
    """Three learners' first answers to valid-single (b is right), then one learner changing their mind;
    two learners on valid-numeric (too few to show); one learner an hour and a half before."""
    for learner, pick in zip(LEARNERS, ["a", "b", "a"]):
        answer(learner, "valid-single", pick, pick == "b", now - dt.timedelta(minutes=20))
    answer(LEARNERS[0], "valid-single", "b", True, now - dt.timedelta(minutes=5))  # after the key: not counted
    for learner in LEARNERS[:2]:
        answer(learner, "valid-numeric", {"value": 0.015}, True, now - dt.timedelta(minutes=10))
    answer("acct-dee-9a1b", "valid-single", "c", False, now - dt.timedelta(minutes=90))


def every_byte(at) -> bytes:
    """Every element the page sent, serialised: its text, tables and widgets' options alike."""
    out, todo = [], [at.main, at.sidebar]
    while todo:
        node = todo.pop()
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(proto.SerializeToString())
        todo.extend(getattr(node, "children", {}).values())
    return b"".join(out)


def test_an_interviewer_sees_each_question_counted_by_first_answers_and_no_one_named(app, monkeypatch, clock):
    sign_in(monkeypatch, interviewer=True)
    the_room(clock)
    at = app(ROOM)
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric} == {"Learners": "3", "First answers": "3", "Average score": "33%"}
    table, choices = at.dataframe  # the room's table, and the choices of the question looked at
    assert table.value.to_dict("records") == [
        {"Right": 33, "Learners": 3, "Score": 33, "Question": "Pick b.", "Bank": "A valid bank"}]
    assert any("1 more question answered by fewer than 3 learners is left out" in c.value for c in at.caption)
    # the question looked at: its choices, each with how many first answers picked it; the right one is
    # marked only when asked for (the page is often the one projected while the room still answers)
    assert choices.value.to_dict("records") == [{"Picked by": 2, "Choice": "a"}, {"Picked by": 1, "Choice": "b"},
                                                {"Picked by": 0, "Choice": "c"}]
    at = at.toggle(key="room.show_key").set_value(True).run()
    assert at.dataframe[1].value.to_dict("records") == [{"Picked by": 2, "Choice": "a", "Right": ""},
                                                        {"Picked by": 1, "Choice": "b", "Right": "\u2713 right"},
                                                        {"Picked by": 0, "Choice": "c", "Right": ""}]
    assert any(c.value.startswith("1 of 3 learners right first time") for c in at.caption)
    (csv_button,) = at.get("download_button")  # the figures kept after the class
    assert csv_button.proto.label == "Download these figures (CSV)"
    sent = every_byte(at)
    assert all(learner.encode() not in sent for learner in (*LEARNERS, "acct-dee-9a1b"))
    # the window: the last 7 days take in the learner of an hour and a half ago
    at.segmented_control(key="room.window").set_value("week").run()
    assert {m.label: m.value for m in at.metric}["Learners"] == "4"


def test_the_bank_chosen_narrows_the_room_and_an_empty_one_says_what_to_do(app, content_dir, monkeypatch, clock):
    other_bank(content_dir)
    sign_in(monkeypatch, interviewer=True)
    the_room(clock)
    at = app(ROOM)
    assert not [c for c in at.code if "/practice" in c.value]  # every bank: no one link
    at.selectbox(key="room.bank").set_value("other").run()
    assert not at.exception, at.exception
    (link,) = [c for c in at.code if "/practice" in c.value]  # the link to send the room, where it is watched
    assert link.value.endswith("/practice?bank=other")
    assert at.query_params["bank"] in ("other", ["other"])  # in the address: a reload opens the same room
    assert not at.metric and not at.dataframe
    (info,) = at.info
    assert info.value.startswith("No question in \u201cAnother bank\u201d has been answered by 3 signed-in learners "
                                 "in the last hour yet")
    # one question for everyone: a bank's link spread the room over its questions, and none reached three
    at = at.selectbox(key="room.send.other").set_value("other-single").run()
    assert [c.value.split("/", 3)[-1] for c in at.code if "/practice" in c.value] == [
        "practice?bank=other", "practice?q=other-single&bank=other"]
    at = at.selectbox(key="room.bank").set_value("valid").run()  # another bank: its own questions to send
    assert not at.exception, at.exception
    assert at.selectbox(key="room.send.valid").value is None
    assert [c.value.split("/", 3)[-1] for c in at.code if "/practice" in c.value] == ["practice?bank=valid"]
    again = app(ROOM, bank="other", window="week")  # the reload
    assert again.selectbox(key="room.bank").value == "other"
    assert again.segmented_control(key="room.window").value == "week"
    (table, _) = app(ROOM, bank="valid").dataframe  # one bank: its title is not repeated on every row
    assert list(table.value.columns) == ["Right", "Learners", "Score", "Question"]
    odd = app(ROOM, bank="<b>nope</b>", window="century")  # unknown: every bank, the last hour, as without them
    assert not odd.exception and odd.selectbox(key="room.bank").value is None
    assert odd.segmented_control(key="room.window").value == "hour" and not dict(odd.query_params)


def test_a_learner_who_is_no_interviewer_is_refused_and_nothing_is_read(app, monkeypatch, clock):
    sign_in(monkeypatch, interviewer=False)
    the_room(clock)

    def never(*args, **kwargs):
        raise AssertionError("the room was read for a learner")

    monkeypatch.setattr("engine.store.Store.first_answers", never)
    at = app(ROOM)
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == ["Only interviewers see the room's answers. Your own answers are on Progress."]
    assert not at.dataframe and not at.metric


def test_without_sign_in_the_room_says_it_counts_people(app, monkeypatch, clock):
    monkeypatch.setattr("engine.store.Store.first_answers", lambda *a, **k: pytest.fail("read without sign-in"))
    at = app(ROOM)
    assert not at.exception, at.exception
    (info,) = at.info
    assert "need sign-in" in info.value and not at.dataframe


def test_a_database_that_cannot_be_read_is_said_in_one_sentence(app, monkeypatch, clock):
    from sqlalchemy.exc import OperationalError

    def down(self, *args, **kwargs):
        raise OperationalError("SELECT secret_column", {"learner": "x"}, Exception("disk I/O error"))

    sign_in(monkeypatch, interviewer=True)
    monkeypatch.setattr("engine.store.Store.first_answers", down)
    at = app(ROOM)
    assert not at.exception, at.exception
    (error,) = at.error
    shown = error.value.replace("\\", "")
    assert shown.startswith("Could not read the room's answers") and "disk I/O error" in shown
    assert "secret_column" not in shown


def test_a_question_without_choices_shows_its_answer_key(app, monkeypatch, clock):
    sign_in(monkeypatch, interviewer=True)
    for learner, value in zip(LEARNERS, (0.015, 0.15, 0.015)):
        answer(learner, "valid-numeric", {"value": value}, value == 0.015, clock - dt.timedelta(minutes=3))
    at = app(ROOM)
    assert not at.exception, at.exception
    assert at.selectbox(key="room.question").value == "valid-numeric" and len(at.dataframe) == 1  # no choices
    assert not [m for m in at.markdown if m.value.startswith("**The answer**")]  # hidden until asked for
    assert any(c.value.startswith("The answer key is hidden") for c in at.caption)
    at = at.toggle(key="room.show_key").set_value(True).run()
    (key,) = [m.value for m in at.markdown if m.value.startswith("**The answer**")]
    assert "0.015 per step" in key
    assert any(c.value.startswith("2 of 3 learners right first time") for c in at.caption)


@pytest.mark.parametrize("interviewer", [True, False])
def test_home_offers_the_room_to_an_interviewer_signed_in_alone(app, monkeypatch, interviewer):
    sign_in(monkeypatch, interviewer=interviewer)
    at = app()
    assert not at.exception, at.exception
    links = [link.label for link in at.get("page_link")]
    assert ("Open the Room" in links) == interviewer


def test_home_in_the_local_app_does_not_offer_the_room(app):
    at = app()  # no sign-in: everyone is one learner, and there is no room to count
    assert not at.exception, at.exception
    assert "Open the Room" not in [link.label for link in at.get("page_link")]
