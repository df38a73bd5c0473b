"""Home and progress pages, and a broken bank that must not stop the app."""

from __future__ import annotations

import datetime as dt
import time

from engine.content.topics import QUESTION_TYPES
from engine.store import Attempt, open_store
from tests.pages.conftest import address, button, in_selection, other_bank


def test_home_page_counts_and_links(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "TuneLab"
    assert [m.value for m in at.metric[:2]] == ["5", "1"]


def test_home_opens_practice_on_a_role(app):
    """The manager's walk-through: nothing on the way in said the banks serve four roles, and the
    first question was a hard one for ML engineers."""
    at = app()
    roles = [b.label for b in at.button if b.key.startswith("home.role.")]
    assert roles == ["Data scientist · 5 questions"]  # the fixture bank's only role; none with no question
    at.session_state["pf.banks"] = ["valid"]  # a bank chosen before: the role's questions are not only its
    at = button(at, roles[0]).click().run()
    at.switch_page("app_pages/practice.py")  # AppTest does not follow st.switch_page
    at = at.run()
    assert not at.exception, at.exception
    assert at.multiselect(key="pf.roles").value == ["data-scientist"] and at.multiselect(key="pf.banks").value == []
    assert in_selection(at) == 5


def test_home_tells_a_learner_who_is_not_an_interviewer_how_an_interview_reaches_them(app, monkeypatch):
    """The class walk-through: the Home card "Set up an interview" led students to a refusal."""
    import ui.identity
    from ui.identity import Identity

    assert any(link.proto.label == "Set up an interview" for link in app().get("page_link"))  # locally: one user
    monkeypatch.setattr(ui.identity, "current",
                        lambda: Identity("acct-stu", "stu@x.org", "Stu", interviewer=False, signed_in=True))
    at = app()
    assert not at.exception, at.exception
    assert not any(link.proto.label == "Set up an interview" for link in at.get("page_link"))
    assert any(m.value.startswith("An interviewer sets one up and sends you its link") for m in at.markdown)


def test_your_account_box_tells_a_student_in_plain_words_what_the_name_is_for(app, monkeypatch):
    """The class walk-through: the sidebar's "Your account" told a student a setting's name
    ("interviewer_accounts"), which meant nothing to them."""
    import ui.identity
    from ui.identity import Identity

    monkeypatch.setattr(ui.identity, "current",
                        lambda: Identity("https://id.example#stu", "stu@x.org", "Stu", interviewer=False,
                                         signed_in=True, account="https://id.example#stu"))
    at = app()
    assert not at.exception, at.exception
    captions = [c.value for c in at.sidebar.caption]
    assert ("Your account's name on this server. Whoever runs this server may ask you for it, to make you an "
            "interviewer or to delete your data:") in captions
    assert not any("interviewer_accounts" in c for c in captions)
    assert [c.value for c in at.sidebar.code] == ["https://id.example#stu"]


def test_progress_page_when_empty(app):
    at = app("app_pages/progress.py")
    assert not at.exception
    assert "No answers saved yet" in at.info[0].value


def test_progress_page_after_some_answers(app):
    store = open_store()
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for i, (qid, ok, score) in enumerate([("valid-single", True, 1.0), ("valid-numeric", False, 0.0),
                                          ("valid-multi", False, 0.5)]):
        store.record_attempt(
            Attempt(qid, "valid", "numeric", "easy", ("learning-rate",), 1, ok, score,
                    answered_at=t0 + dt.timedelta(minutes=i), learner="me")
        )
    at = app("app_pages/progress.py")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answers saved"] == "3"
    # fully right, and with partial credit (the figure Practice's sidebar gives for a day): "Accuracy 67%"
    # beside the sidebar's "score 85%" read as a contradiction (a learner's walk-through)
    assert metrics["Accuracy"] == "33%" and metrics["Average score"] == "50%"
    assert metrics["Questions seen"] == "3 of 5"
    assert metrics["Missed, to redo"] == "2"
    assert any("The learning rate" in m.value for m in at.markdown)  # weakest topic card
    assert len(at.get("plotly_chart")) == 3  # by topic, by difficulty, topic map
    table = at.dataframe[-1].value  # Recent attempts: the last table (By bank comes before it)
    assert list(table["Result"]) == ["Partly right", "Wrong", "Correct"]
    # the question first, its link to Practice beside it, then the outcome (a phone cut every question to a
    # few words behind the result and score: tests/pages/test_progress_review_tables.py)
    assert list(table.columns) == ["Question", "Practice", "Result", "Score", "When", "Seconds", "Type", "Difficulty"]
    # each type named as Practice's Question type filter names it (it read "multi choice" here, "Multi choice" there)
    assert set(table["Type"]) <= {name for name, _ in QUESTION_TYPES.values()}
    practice = app("app_pages/practice.py")
    assert practice.multiselect(key="pf.types").options == [name for name, _ in QUESTION_TYPES.values()]


def test_progress_practises_its_weakest_topics_as_review_does(app):
    """The manager's walk-through: the "Practise" under "Weakest topics" was a plain link, which
    opened Practice on every question. Now it serves those topics' questions, as Review does."""
    store = open_store()
    for qid, ok in [("valid-single", False), ("valid-numeric", False)]:
        store.record_attempt(Attempt(qid, "valid", "numeric", "easy", ("learning-rate",), 1, ok, float(ok),
                                     learner="me"))
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    press = button(at, "Practise these topics (5 questions)")  # the bank's five on the learning rate
    at = press.click().run()
    at.switch_page("app_pages/practice.py")  # AppTest does not follow st.switch_page
    at = at.run()
    assert not at.exception, at.exception
    assert any(i.value.startswith("Review: question 1 of 5") for i in at.info), [i.value for i in at.info]


def test_a_reload_during_a_review_carries_on_with_the_review(app):
    """A reload ended a running review unannounced: the address did not say one ran."""
    store = open_store()
    for qid, ok in [("valid-single", False), ("valid-numeric", False)]:
        store.record_attempt(Attempt(qid, "valid", "numeric", "easy", ("learning-rate",), 1, ok, float(ok),
                                     learner="me"))
    at = button(app("app_pages/progress.py"), "Practise these topics (5 questions)").click().run()
    at.switch_page("app_pages/practice.py")
    at = at.run()
    kept = address(at)
    assert kept["review"] == "weakest" and "q" in kept
    again = app("app_pages/practice.py", **kept)  # the reload: a new session on the same address
    assert not again.exception, again.exception
    assert any(i.value.startswith("Review: question 1 of 5 from your weakest topics") for i in again.info)
    assert address(again) == kept
    again = button(again, "Leave the review").click().run()  # left: the address says so, a reload is practice
    assert "review" not in address(again)
    assert not any(i.value.startswith("Review:") for i in app("app_pages/practice.py", **address(again)).info)
    for odd in ("someday", "due"):  # nothing due: the filters' practice, as without the key
        plain = app("app_pages/practice.py", review=odd)
        assert not plain.exception and not any(i.value.startswith("Review:") for i in plain.info)
        assert "review" not in address(plain)


def review_of_one_missed(app):
    """Practice running a review of valid-single, answered wrong (due again within minutes) and
    handed over by the Review page's "Start the review"."""
    at = app("app_pages/practice.py", q="valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("a")
    button(at, "Submit answer").click().run()
    at = button(app("app_pages/review.py"), "Start the review").click().run()
    at.switch_page("app_pages/practice.py")
    return at.run()


def test_a_reload_during_a_review_of_due_questions_serves_those_still_due(app, clock):
    at = review_of_one_missed(app)
    assert address(at) == {"q": "valid-single", "review": "due"}
    again = app("app_pages/practice.py", **address(at))
    assert any(i.value == "Review: question 1 of 1 due today." for i in again.info)
    # asked, not shown as answered earlier today: a review's answer counts
    assert [f for f in again.get("form")] and not [c for c in again.caption if "today" in c.value]


def test_practise_these_topics_keeps_to_the_role_chosen_in_practice(app):
    store = open_store()
    for qid in ("valid-single", "valid-numeric"):
        store.record_attempt(Attempt(qid, "valid", "numeric", "easy", ("learning-rate",), 1, False, 0.0,
                                     learner="me"))
    at = app("app_pages/progress.py")
    assert "Practise these topics (5 questions)" in [b.label for b in at.button]
    at.session_state["pf.roles"] = ["manager"]  # as Practice's Role filter (or Home's role button) leaves it
    at = at.run()
    assert "Practise these topics (0 questions)" in [b.label for b in at.button]  # the bank has none for managers
    assert button(at, "Practise these topics (0 questions)").disabled


def test_progress_weakest_topics_leave_out_strong_topics_and_keep_those_answered_once(app, content_dir):
    """A learner's walk-through: "Weakest topics" named a topic at 78% over two answers and left
    out her topics at 0% answered once; "Practise these topics" then drilled the strong one."""
    (content_dir / "metrics.yaml").write_text(
        (content_dir / "valid.yaml").read_text().replace("bank: valid", "bank: metrics")
        .replace("- id: valid-", "- id: metrics-").replace("[learning-rate]", "[metrics]"))
    store = open_store()
    for qid, score, topic in [("valid-single", 0.78, "learning-rate"), ("valid-numeric", 0.78, "learning-rate"),
                              ("metrics-single", 0.0, "metrics")]:
        store.record_attempt(Attempt(qid, "valid", "numeric", "easy", (topic,), 1, False, score, learner="me"))
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    cards = [m.value for m in at.markdown if m.value.startswith("**")]
    assert cards == ["**Evaluation metrics**"], cards  # the 0% topic; not the learning rate at 78%
    assert any(m.value == "Average score 0% over 1 answer (0 fully right)" for m in at.markdown)
    assert any("75% or more is not listed" in c.value for c in at.caption)  # the rule, on the page
    press = button(at, "Practise these topics (5 questions)")  # the metrics bank's five, not the learning rate's
    at = press.click().run()
    at.switch_page("app_pages/practice.py")
    at = at.run()
    assert not at.exception, at.exception
    assert at.session_state["practice"]["queue"] == [f"metrics-{k}" for k in ("single", "multi", "numeric",
                                                                             "ordering", "free")]


def test_progress_says_no_topic_is_weak_when_every_one_is_at_the_bar(app):
    store = open_store()
    for qid, score in [("valid-single", 1.0), ("valid-numeric", 0.5)]:
        store.record_attempt(Attempt(qid, "valid", "numeric", "easy", ("learning-rate",), 1, score == 1.0, score,
                                     learner="me"))
    store.record_attempt(Attempt("valid-multi", "valid", "numeric", "easy", ("metrics",), 1, True, 1.0, learner="me"))
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    assert not any(h.value == "Weakest topics" for h in at.header)
    assert at.success[0].value == ("No weak topic: every topic you have answered averages 75% or more "
                                   "(the lowest: The learning rate, 75%)."), at.success[0].value


def test_progress_survives_an_app_restart(app):
    at = app("app_pages/practice.py", q="valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("b")
    button(at, "Submit answer").click().run()
    fresh = app("app_pages/progress.py")  # a new AppTest: a new session and script run
    assert {m.label: m.value for m in fresh.metric}["Answers saved"] == "1"


def test_a_broken_bank_names_file_line_and_reason_and_the_rest_is_served(app, content_dir):
    (content_dir / "broken.yaml").write_text("bank: broken\ntitle: Broken\nquestions:\n  - id: x\n    type: essay\n")
    at = app()
    assert not at.exception
    assert "broken.yaml" in at.warning[0].value
    codes = [c.value for c in at.code]
    assert any(":5: questions[0].type: unknown question type 'essay'" in c for c in codes)
    assert at.metric[0].value == "5"  # the valid bank is still served
    practice = app("app_pages/practice.py")
    assert not practice.exception
    assert in_selection(practice) == 5


def test_no_banks_at_all_is_a_message_not_a_crash(app, content_dir):
    (content_dir / "valid.yaml").unlink()
    at = app("app_pages/practice.py")
    assert not at.exception
    assert "No question banks could be loaded" in at.info[0].value


def test_answer_schedules_a_review_and_the_review_page_serves_it(app, clock):
    at = app("app_pages/practice.py", q="valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("a")  # wrong: due again within minutes
    button(at, "Submit answer").click().run()
    progress = app("app_pages/progress.py")
    labels = {m.label: m.value for m in progress.metric}
    assert labels["Due within a week (today's included)"] == "1"
    review = app("app_pages/review.py")
    assert not review.exception
    labels = {m.label: m.value for m in review.metric}
    # a learner's walk-through: "Due today 7 / Due within a week 8" did not say the 8 includes the 7
    assert labels["Due today"] == "1" and labels["Due within a week (today's included)"] == "1"
    # the button comes before the table of what is due (on a phone the list pushed it off screen)
    order = [getattr(e, "label", None) for e in review.main]
    start = order.index("Start the review")
    assert start < next(i for i, e in enumerate(review.main) if e.type == "dataframe")


def test_review_page_falls_back_to_weakest_topics(app):
    store = open_store()
    for i in range(2):
        store.record_attempt(Attempt("valid-multi", "valid", "multi_choice", "easy", ("learning-rate",), [], False, 0.0,
                                     learner="me"))
    # one right today (held back until tomorrow, as Review holds it), one right yesterday (served)
    now = dt.datetime.now(dt.timezone.utc)
    for qid, when in (("valid-single", now), ("valid-numeric", now - dt.timedelta(days=1, hours=1))):
        store.record_attempt(Attempt(qid, "valid", "numeric", "easy", ("learning-rate",), 1, True, 1.0,
                                     answered_at=when, learner="me"))
    at = app("app_pages/review.py")
    assert not at.exception
    assert "Nothing is due today" in at.success[0].value and "(50%)" in at.success[0].value
    assert "Practise these topics (4 questions)" in [b.label for b in at.button]


def test_review_does_not_offer_a_topic_at_the_bar_as_weak(app):
    """A learner's walk-through: a topic at 78% was called one of the weakest (Review's fallback
    lists the same topics as Progress)."""
    store = open_store()
    for qid in ("valid-single", "valid-numeric"):
        store.record_attempt(Attempt(qid, "valid", "numeric", "easy", ("learning-rate",), 1, False, 0.78,
                                     learner="me"))
    at = app("app_pages/review.py")
    assert not at.exception, at.exception
    assert not at.success and "Practise these topics" not in " ".join(b.label for b in at.button)
    assert at.info[-1].value == ("Nothing is due, and no topic you have answered averages under 75%. "
                                 "Practise a few more questions."), [i.value for i in at.info]


def test_a_value_yaml_cannot_construct_leaves_its_file_out_on_every_page(app, content_dir):
    # issue 10, 1: an impossible date used to raise "day is out of range for month" on every page
    (content_dir / "dates.yaml").write_text(
        "bank: dates\ntitle: Dates\nquestions:\n  - id: d-one\n    type: free_text\n    prompt: 2024-02-30\n")
    for page in (None, "app_pages/practice.py", "app_pages/interview.py"):
        at = app(page)
        assert not at.exception, (page, at.exception)
        codes = " ".join(c.value for c in at.code)
        assert "dates.yaml:6: questions[0].prompt: cannot read '2024-02-30' as a date" in codes


def test_a_broken_bank_is_news_for_the_deployment_not_for_a_signed_in_learner(app, content_dir):
    # a learner could not fix it, and a private bank's file name and the server's paths are not theirs
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    (content_dir / "acme-final-round.yaml").write_text("bank: acme\ntitle: Acme\nquestions:\n  - id: x\n    type: essay\n")
    assert "acme-final-round.yaml" in app().warning[0].value  # the one local user runs the deployment
    for email, sees in (("alice@example.com", False), ("carol@example.com", True)):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:1/oauth2callback", "cookie_secret": "x",
                              "client_id": "x", "client_secret": "x",
                              "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}
        at.secrets["tunelab"] = {"interviewers": ["carol@example.com"]}
        at.user = {"is_logged_in": True, "iss": "http://127.0.0.1:1", "sub": email, "email": email,
                   "email_verified": True}
        at.run()
        assert not at.exception
        shown = " ".join([*(w.value for w in at.warning), *(m.value for m in at.markdown)])
        assert ("acme-final-round" in shown) is sees, email


def test_starting_the_selection_again_after_a_review_is_practice_not_the_review(app, clock):
    """The end screen's "Start this selection again" after a review rebuilt the queue from the
    filters (every question) and still called it "Review: question 1 of N due today"."""
    at = review_of_one_missed(app)
    assert any(i.value.startswith("Review: question 1 of 1") for i in at.info)
    at = button(at, "Skip").click().run()
    at = button(at, "Start this selection again").click().run()
    assert not at.exception, at.exception
    assert not any(i.value.startswith("Review:") for i in at.info)
    assert in_selection(at) > 1  # the filters' selection: every question of the bank


def test_a_question_no_longer_in_the_banks_is_not_counted_as_due_missed_or_seen(app, clock, content_dir):
    """The learner audit: after a bank was removed, Review and Progress kept its questions due
    within the week, missed and seen for ever (and the retention down), while Practice, at the
    same moment, said there was nothing to redo."""
    from engine.content.loader import load_library
    from engine.review import Reviews

    reviews = Reviews(open_store())
    for qid, correct in (("valid-single", False), ("removed-question", False)):
        reviews.save_answer(Attempt(qid, "valid", "single_choice", "easy", ("learning-rate",), "a", correct,
                                    float(correct), seconds=30, learner="me", answered_at=clock))
    progress = app("app_pages/progress.py")
    assert not progress.exception, progress.exception
    labels = {m.label: m.value for m in progress.metric}
    total = len(load_library([content_dir]).questions)
    assert labels["Missed, to redo"] == "1" and labels["Due within a week (today's included)"] == "1"
    assert labels["Questions seen"] == f"1 of {total}" and labels["Answers saved"] == "2"
    review = app("app_pages/review.py")
    labels = {m.label: m.value for m in review.metric}
    assert labels["Due today"] == "1" and labels["Due within a week (today's included)"] == "1"


def test_today_is_the_learners_day_where_their_browser_is(app, monkeypatch):
    """The learner audit: answered right at 09:30 in Sydney (23:30 UTC), the question was due
    again an hour later and the day's score went back to nothing, at a new UTC day."""
    from zoneinfo import ZoneInfo

    import ui.state

    clock = {"now": dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.timezone.utc)}
    monkeypatch.setattr(ui.state, "now", lambda: clock["now"])
    monkeypatch.setattr(ui.state, "timezone", lambda: ZoneInfo("Australia/Sydney"))
    at = app("app_pages/practice.py", q="valid-single")
    at.session_state["practice"]["shown_at"] = time.time() - 60  # a minute's thought: Good, not Easy
    at.radio(key="ans:valid-single:0:radio").set_value("b")  # right: FSRS's learning step, due in minutes
    at = button(at, "Submit answer").click().run()
    clock["now"] += dt.timedelta(hours=1)  # 00:30 UTC: a new UTC day, the same Sydney morning
    at = app("app_pages/practice.py")
    assert "1 answered" in at.sidebar.markdown[-1].value
    review = app("app_pages/review.py")
    assert {m.label: m.value for m in review.metric}["Due today"] == "0"
    monkeypatch.setattr(ui.state, "timezone", lambda: dt.timezone.utc)  # as it was for everyone
    assert {m.label: m.value for m in app("app_pages/review.py").metric}["Due today"] == "1"


def tick_bank(at, key: str, row: int, monkeypatch):
    """Tick row ``row``'s box of the table of banks under ``key`` (ui.bank_picker) and run: the
    run's AppTest, and the pages the run switched to (AppTest does not follow a switch: it is kept)."""
    import streamlit as st

    switched = []
    monkeypatch.setattr(st, "switch_page", lambda page, **kw: switched.append((page, kw)))
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at = at.run()
    assert not at.exception, at.exception
    return at, switched


def test_the_bank_table_lists_the_public_banks_by_title_and_a_ticked_row_opens_practice_on_it(app, content_dir,
                                                                                             monkeypatch):
    from tests.content.test_private_banks import PRIVATE

    other_bank(content_dir, "aaa", "Zed bank")  # its slug sorts first, its title last
    (content_dir / "hush.yaml").write_text(PRIVATE)
    at = app()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["Bank"]) == ["A valid bank", "Zed bank"]  # by title; the interview-only bank is not announced
    assert list(table["For"]) == ["DS", "DS"] and list(table["Questions"]) == [5, 5]
    at, switched = tick_bank(at, "home.banks.0", 1, monkeypatch)
    assert switched == [("app_pages/practice.py", {})] and at.session_state["pf.banks"] == ["aaa"]
    at.switch_page("app_pages/practice.py")
    at = at.run()
    assert in_selection(at) == 5 and at.multiselect(key="pf.banks").value == ["aaa"]
    at.switch_page("app_pages/home.py")
    at.query_params.clear()  # the menu's link to Home carries no question (AppTest keeps Practice's)
    at = at.run()
    assert not at.exception and switched == [("app_pages/practice.py", {})]  # back on Home: the row is not kept


def test_progress_by_bank_sums_each_banks_answers_and_a_ticked_row_opens_practice_on_it(app, content_dir,
                                                                                      monkeypatch):

    other_bank(content_dir)
    store = open_store()
    for qid, bank, score in [("valid-single", "valid", 1.0), ("valid-numeric", "valid", 0.0),
                             ("valid-numeric", "valid", 0.5), ("other-free", "other", 1.0)]:
        store.record_attempt(Attempt(qid, bank, "numeric", "easy", ("learning-rate",), 1, score == 1.0, score,
                                     learner="me"))
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    (table,) = [d for d in at.dataframe if d.key == "progress.banks.0"]
    rows = table.value.to_dict("records")
    # (1 + 0 + 0.5) / 3; valid-numeric's latest answer earned half: not right, so missed
    assert rows == [{"Bank": "A valid bank", "Score": 50, "Seen": 2, "Missed": 1, "Questions": 5},
                    {"Bank": "Another bank", "Score": 100, "Seen": 1, "Missed": 0, "Questions": 5}]
    assert list(table.value.columns)[0] == "Bank"  # the name first: a phone cut it to "Creative roles: f" last
    at, switched = tick_bank(at, "progress.banks.0", 1, monkeypatch)
    assert switched == [("app_pages/practice.py", {})] and at.session_state["pf.banks"] == ["other"]


def test_a_bank_ticked_on_home_empties_the_role_filter_and_keeps_the_ones_that_narrow(app, content_dir, monkeypatch):
    """A manager's role kept from before left a bank for other roles, opened from Home, with no question."""
    from tests.pages.conftest import PRACTICE

    other_bank(content_dir)
    at = app(PRACTICE)
    at.multiselect(key="pf.roles").set_value(["manager"]).run()
    at.pills(key="pf.difficulty").set_value(["easy"])
    at = at.run()
    assert "No question matches these filters" in at.info[0].value  # the fixture banks have none for managers
    at.switch_page("app_pages/home.py")
    at.query_params.clear()  # the menu's link to Home carries no question (AppTest keeps Practice's)
    at, _ = tick_bank(at.run(), "home.banks.0", 1, monkeypatch)
    at.switch_page(PRACTICE)
    at = at.run()
    assert at.multiselect(key="pf.roles").value == [] and at.multiselect(key="pf.banks").value == ["other"]
    assert at.pills(key="pf.difficulty").value == ["easy"]  # a filter that narrows stays
    assert in_selection(at) == 5  # the other bank's five, all easy


def test_progress_offers_the_learners_own_answers_as_a_file_built_when_asked(app, monkeypatch):
    """A class's server is wiped at the end of term: a learner takes their answers with them. The
    file is built when the button is pressed (not on each visit) and holds their answers alone."""
    import csv
    import io

    import streamlit as st

    store = open_store()
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    store.record_attempt(Attempt("valid-single", "valid", "single_choice", "easy", ("learning-rate",), "b", True,
                                 1.0, answered_at=t0, learner="me"))
    store.record_attempt(Attempt("valid-multi", "valid", "multi_choice", "easy", ("learning-rate",), ["a"], False,
                                 0.5, answered_at=t0 + dt.timedelta(minutes=1), learner="me"))
    store.record_attempt(Attempt("valid-single", "valid", "single_choice", "easy", ("learning-rate",), "c", False,
                                 0.0, answered_at=t0, learner="oidc:someone-else"))
    given = {}
    real = st.download_button

    def kept(label, data, *args, **kwargs):
        given[label] = data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", kept)
    built = []
    import engine.attempts_export

    monkeypatch.setattr(engine.attempts_export, "attempts_csv",
                        lambda *a, real=engine.attempts_export.attempts_csv: built.append(1) or real(*a))
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    (button,) = at.get("download_button")
    assert button.proto.label == "Download all your answers (CSV)" and button.proto.deferred_file_id
    assert built == []  # nothing read or written until the learner asks
    text = given["Download all your answers (CSV)"]()  # what Streamlit runs on the press
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["question id"], r["your answer"], r["result"]) for r in rows] == [
        # the newest first, and no one else's; ticked options a line each, without a list's "- "
        ("valid-multi", "a", "Partly right"), ("valid-single", "b", "Correct")]
    assert rows[0]["bank"] == "A valid bank" and rows[1]["question"] == "Pick b."


def test_progress_by_bank_says_when_its_table_holds_more_rows_than_it_shows(app, monkeypatch):
    """Ten rows in view and the rest under the table's own scroll, unsaid (the learner walk-through)."""
    from engine.content.loader import load_library
    from tests.conftest import ROOT

    monkeypatch.setenv("TUNELAB_CONTENT_DIR", str(ROOT / "content"))
    store = open_store()
    for lb in load_library([ROOT / "content"]).public_banks[:11]:
        q = lb.bank.questions[0]
        store.record_attempt(Attempt(q.id, lb.bank.bank, q.type, q.difficulty, tuple(q.topics), "x", False, 0.0,
                                     learner="me"))
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    assert any(c.value.endswith("All 11 are in the table: it scrolls past the first 10.") for c in at.caption)
    (table,) = [d for d in at.dataframe if d.key == "progress.banks.0"]
    assert len(table.value) == 11
