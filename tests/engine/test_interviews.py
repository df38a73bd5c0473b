"""Mock interviews: tokens, access, answers, scores and the scorecard."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
import time
from collections import Counter
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.content.loader import load_library
from engine.interviews import (
    GRACE_SECONDS,
    ROLE_TEMPLATES,
    AccessDenied,
    AnswerChanged,
    LinkClosed,
    TimeUp,
    Interviews,
    candidate_question,
    digest,
    interviews_table,
    pick_questions,
    title_without,
)
from engine.scorecard import BANDS, CRITERIA
from engine.store import Store
from tests.conftest import ROOT

LIB = load_library([ROOT / "content"])


@pytest.fixture
def ivs(db_url):
    return Interviews(Store(db_url))


@pytest.fixture
def two(ivs):
    a = ivs.create("A", "ml-engineer", ["lr-one-step-distance", "tl-why-grads-accumulate"], 120, owner="alice")
    b = ivs.create("B", "manager", ["lr-one-step-distance"], 120, owner="bob")
    return a, b


def test_tokens_are_long_random_and_stored_only_as_digests(ivs, two):
    a, _ = two
    assert len(a.candidate_token) >= 43 and a.candidate_token != a.interviewer_token  # 256 bits, url-safe
    with ivs.store.engine.connect() as conn:
        row = conn.execute(interviews_table.select()).mappings().first()
    assert a.candidate_token not in json.dumps(dict(row), default=str)
    assert row["candidate_digest"] == digest(a.candidate_token)


def test_candidate_token_opens_only_its_candidate_view(ivs, two):
    a, b = two
    assert ivs.as_candidate(a.candidate_token).title == "A"
    with pytest.raises(AccessDenied):
        ivs.as_interviewer(a.candidate_token)  # not the interviewer view
    with pytest.raises(AccessDenied):
        ivs.scorecard(a.candidate_token)  # not the scorecard
    assert ivs.as_candidate(b.candidate_token).title == "B"  # each token its own interview
    for bad in (None, "", "x" * 43, a.candidate_token[:-1] + ("A" if a.candidate_token[-1] != "A" else "B")):
        with pytest.raises(AccessDenied) as err:
            ivs.as_candidate(bad)
        assert str(err.value) == "This link is not valid."  # a plain refusal that reveals nothing


def test_candidate_never_receives_answers_or_rubric():
    for q in LIB.questions:
        if q.figure is not None:
            continue  # runs a simulation; tests/forms/test_instance.py covers the figure's boundary
        shown = candidate_question(q, 60)
        text = json.dumps(shown)
        assert set(shown) <= {"id", "type", "prompt", "seconds", "choices", "items", "unit", "code", "steps", "whole"}
        for secret in (q.explanation, q.model_answer, *q.key_points, *q.common_mistakes, *q.follow_ups):
            assert secret not in text
        if q.type == "ordering":
            assert "answer" not in shown


def test_answers_autosave_and_scores_make_a_scorecard(ivs, two):
    a, _ = two
    ivs.save_answer(a.candidate_token, "lr-one-step-distance", "0.01")
    ivs.save_answer(a.candidate_token, "lr-one-step-distance", "0.015")  # typed on: overwritten
    assert ivs.candidate_answers(a.candidate_token) == {"lr-one-step-distance": "0.015"}
    with pytest.raises(AccessDenied):
        ivs.save_answer(a.candidate_token, "not-in-this-interview", "x")
    ivs.score(a.interviewer_token, "lr-one-step-distance", dict.fromkeys(CRITERIA, 4), "crisp")
    ivs.score(a.interviewer_token, "tl-why-grads-accumulate", dict.fromkeys(CRITERIA, 3))
    card = ivs.scorecard(a.interviewer_token)
    band, reason = card.overall
    assert band == "strong hire" and "3.50" in reason
    # without the questions (their text), a row is named by its position and id
    assert "| 1. lr-one-step-distance | strong hire |" in card.to_markdown()
    assert card.to_csv().splitlines()[0].startswith("\ufeffquestion,technical accuracy")  # a BOM for Excel
    assert json.loads(card.to_json())["overall"] == "strong hire"
    with pytest.raises(ValueError, match="from 1"):
        ivs.score(a.interviewer_token, "lr-one-step-distance", {"depth": 5})


def test_one_weak_criterion_caps_the_band(ivs, two):
    a, _ = two
    ivs.score(a.interviewer_token, "lr-one-step-distance",
              {"technical accuracy": 1, "depth": 4, "communication": 4, "use of evidence": 4})
    band, reason = ivs.scorecard(a.interviewer_token).overall
    assert band == BANDS[1] and "technical accuracy" in reason


def test_interviewer_and_candidate_writing_at_once_lose_nothing(ivs, two):
    a, _ = two

    def candidate():
        for i in range(30):
            ivs.save_answer(a.candidate_token, "tl-why-grads-accumulate", f"draft {i}")

    def interviewer():
        for i in range(30):
            ivs.score(a.interviewer_token, "lr-one-step-distance", dict.fromkeys(CRITERIA, 1 + i % 4), f"n{i}")

    threads = [threading.Thread(target=candidate), threading.Thread(target=interviewer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ivs.candidate_answers(a.candidate_token)["tl-why-grads-accumulate"] == "draft 29"
    assert ivs.scores(ivs.as_interviewer(a.interviewer_token).id)["lr-one-step-distance"]["notes"] == "n29"


def test_every_role_has_a_template_of_known_topics():
    from engine.content.topics import ROLES, TOPICS

    assert set(ROLE_TEMPLATES) == set(ROLES)
    for role, tpl in ROLE_TEMPLATES.items():
        assert tpl["title"] == ROLES[role]
        assert set(tpl["topics"]) <= set(TOPICS), role


@pytest.mark.parametrize("role", list(ROLE_TEMPLATES))
def test_role_templates_pick_a_sensible_mix(role):
    ids = pick_questions(LIB.questions, role)
    qs = [LIB.question(i) for i in ids]
    assert len(ids) == sum(ROLE_TEMPLATES[role]["mix"].values())
    assert all(role in q.roles for q in qs)
    # the banks hold enough questions wholly within each template's topics for its default
    assert all(set(q.topics) <= set(ROLE_TEMPLATES[role]["topics"]) for q in qs), [q.topics for q in qs]


def test_a_template_fills_up_with_questions_partly_on_its_topics_when_it_must():
    from types import SimpleNamespace as Q

    qs = [Q(id="on", difficulty="easy", roles=["manager"], topics=["metrics"]),
          Q(id="partly", difficulty="easy", roles=["manager"], topics=["metrics", "generative-sampling"]),
          Q(id="partly-2", difficulty="easy", roles=["manager"], topics=["metrics", "lr-schedules"]),
          Q(id="off", difficulty="easy", roles=["manager"], topics=["generative-sampling"]),
          Q(id="not-for-managers", difficulty="easy", roles=["creative"], topics=["metrics"])]
    for seed in range(5):
        ids = pick_questions(qs, "manager", seed)  # two easy ones wanted
        assert ids[0] == "on" and ids[1] in {"partly", "partly-2"}, ids


def test_a_template_spreads_its_questions_over_its_topics():
    from types import SimpleNamespace as Q

    # ten easy questions on metrics, one each on two other manager topics: a draw at random
    # mostly gave three on metrics
    qs = [Q(id=f"m{i}", difficulty="easy", roles=["manager"], topics=["metrics"]) for i in range(10)]
    qs += [Q(id="b", difficulty="easy", roles=["manager"], topics=["best-practices"]),
           Q(id="t", difficulty="easy", roles=["manager"], topics=["tuning-process", "metrics"])]
    tpl = {**ROLE_TEMPLATES["manager"], "mix": {"easy": 3}}
    with mock.patch.dict(ROLE_TEMPLATES, {"manager": tpl}):
        for seed in range(20):
            ids = pick_questions(qs, "manager", seed)
            # whichever comes first, the other two topics come before a second question on metrics
            assert {"b", "t"} <= set(ids) and sum(i.startswith("m") for i in ids) == 1, ids


@pytest.mark.parametrize("role", list(ROLE_TEMPLATES))
def test_a_default_interview_spreads_over_its_topics(role):
    topics = set(ROLE_TEMPLATES[role]["topics"])
    for seed in range(40):
        qs = [LIB.question(i) for i in pick_questions(LIB.questions, role, seed)]
        on = Counter(t for q in qs for t in q.topics)
        assert max(on.values()) <= len(qs) // 2, (seed, on)
        # at least as many of the template's topics as questions (a draw at random covered 5 of 10)
        assert len(set(on) & topics) >= min(len(qs), len(topics)), (seed, on)


def test_listing_and_validation(ivs, two):
    assert [i.title for i in ivs.owned_by("alice")] == ["A"]
    with pytest.raises(ValueError, match="unknown role"):
        ivs.create("x", "recruiter", ["a"], 60, owner="a")
    with pytest.raises(ValueError, match="at least one question"):
        ivs.create("x", "manager", [], 60, owner="a")
    with pytest.raises(ValueError, match="time per question"):
        ivs.create("x", "manager", ["a"], 5, owner="a")


# --- the interview boundary: time kept by the server, locks, expiry (issue 11) ---------------
T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.timezone.utc)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_questions_clock_starts_when_first_shown_and_survives_a_reload(ivs, two):
    a, _ = two
    first = ivs.open_question(a.candidate_token, 0, now=at(0))
    again = ivs.open_question(a.candidate_token, 0, now=at(50))  # a reload 50 s later
    assert again.opened_at == first.opened_at == T0
    assert again.seconds_left(at(50)) == first.seconds - 50
    iv = ivs.as_interviewer(a.interviewer_token)
    assert iv.started_at == T0 and iv.finished_at is None
    with pytest.raises(AccessDenied):
        ivs.open_question(a.candidate_token, 99)


def test_an_answer_after_the_limit_and_the_grace_is_refused_and_the_last_in_time_is_kept(ivs, two):
    a, _ = two
    opened = ivs.open_question(a.candidate_token, 0, now=at(0))
    qid, limit = opened.question_id, opened.seconds
    ivs.save_answer(a.candidate_token, qid, "in time", now=at(limit - 1))
    ivs.save_answer(a.candidate_token, qid, "within the grace", now=at(limit + GRACE_SECONDS - 1))
    with pytest.raises(TimeUp, match="time is up for this question"):
        ivs.save_answer(a.candidate_token, qid, "too late", now=at(limit + GRACE_SECONDS + 1))
    assert ivs.candidate_answers(a.candidate_token)[qid] == "within the grace"
    row = ivs.answers(ivs.as_interviewer(a.interviewer_token).id)[qid]
    assert row["seconds"] == limit + GRACE_SECONDS - 1  # measured by the server, not the browser


# --- a stale tab: a save states the answer it was made over ------------------------------------
def _row(ivs, a, qid):
    return ivs.answers(ivs.as_interviewer(a.interviewer_token).id)[qid]


def test_a_save_made_over_the_stored_answer_is_written(ivs, two):
    a, _ = two
    qid = ivs.open_question(a.candidate_token, 0, now=at(0)).question_id
    ivs.save_answer(a.candidate_token, qid, "0.01", now=at(5), expected=None)  # opened: no answer yet
    ivs.save_answer(a.candidate_token, qid, "0.015", now=at(9), expected="0.01")
    row = _row(ivs, a, qid)
    assert row["answer"] == "0.015" and row["saved_at"] == at(9) and row["seconds"] == 9


def test_a_save_made_over_an_older_answer_is_refused_and_writes_nothing(ivs, two):
    a, _ = two
    qid = ivs.open_question(a.candidate_token, 0, now=at(0)).question_id
    ivs.save_answer(a.candidate_token, qid, "old", now=at(5))  # tab A loads "old"
    ivs.save_answer(a.candidate_token, qid, "newer", now=at(10), expected="old")  # tab B saves over it
    with pytest.raises(AnswerChanged, match="changed in another tab or window") as err:
        ivs.save_answer(a.candidate_token, qid, "old, edited", now=at(15), expected="old")  # tab A, stale
    assert isinstance(err.value, ValueError)  # a refusal the page shows in a sentence
    with pytest.raises(AnswerChanged):  # "there was no answer" when there is one
        ivs.save_answer(a.candidate_token, qid, "first", now=at(16), expected=None)
    row = _row(ivs, a, qid)
    assert row["answer"] == "newer" and row["saved_at"] == at(10) and row["seconds"] == 10
    ivs.save_answer(a.candidate_token, qid, "whatever is stored", now=at(20))  # no expected: as before
    assert _row(ivs, a, qid)["answer"] == "whatever is stored"


def test_the_same_answer_again_is_no_conflict_whatever_it_was_typed_over(ivs, two):
    # a reload: the closing page's last send and the new page's draft carry the same text, made
    # over the same older answer; whichever lands second finds its own text stored
    a, _ = two
    qid = ivs.open_question(a.candidate_token, 0, now=at(0)).question_id
    ivs.save_answer(a.candidate_token, qid, "typed offline", now=at(5), expected=None)
    ivs.save_answer(a.candidate_token, qid, "typed offline", now=at(6), expected=None)
    assert _row(ivs, a, qid)["answer"] == "typed offline"
    with pytest.raises(AnswerChanged):  # a different text over the same old answer still is one
        ivs.save_answer(a.candidate_token, qid, "something else", now=at(7), expected=None)


def test_the_time_limit_is_checked_before_the_comparison(ivs, two):
    a, _ = two
    opened = ivs.open_question(a.candidate_token, 0, now=at(0))
    with pytest.raises(TimeUp):
        ivs.save_answer(a.candidate_token, opened.question_id, "late", expected="stale",
                        now=at(opened.seconds + GRACE_SECONDS + 1))


def test_answers_are_compared_as_the_json_column_gives_them_back(ivs):
    made = ivs.create("J", "ml-engineer", ["valid-multi", "valid-numeric", "valid-free"], 120, owner="o")
    token = made.candidate_token
    ivs.save_answer(token, "valid-multi", ["a", "c"])
    ivs.save_answer(token, "valid-multi", ["c"], expected=("a", "c"))  # a tuple is stored as a list
    ivs.save_answer(token, "valid-numeric", 1.0)
    ivs.save_answer(token, "valid-numeric", 2, expected=1)  # 1 == 1.0, as in Python
    ivs.save_answer(token, "valid-free", {"final": "5.26", "steps": ["x", None]})
    ivs.save_answer(token, "valid-free", "done", expected={"steps": ["x", None], "final": "5.26"})
    with pytest.raises(AnswerChanged):
        ivs.save_answer(token, "valid-free", "again", expected="")  # a cleared text is not the stored one
    assert ivs.candidate_answers(token) == {"valid-multi": ["c"], "valid-numeric": 2, "valid-free": "done"}


def test_a_refused_save_to_a_question_never_opened_leaves_no_row(ivs, two):
    a, _ = two
    with pytest.raises(AnswerChanged):
        ivs.save_answer(a.candidate_token, "tl-why-grads-accumulate", "x", expected="something")
    assert ivs.answers(ivs.as_interviewer(a.interviewer_token).id) == {}
    ivs.save_answer(a.candidate_token, "tl-why-grads-accumulate", "x", expected=None)
    assert ivs.candidate_answers(a.candidate_token) == {"tl-why-grads-accumulate": "x"}


def test_two_tabs_saving_over_the_same_answer_at_once_only_one_is_written(ivs, two, monkeypatch):
    import time

    import engine.interviews as module

    a, _ = two
    qid = ivs.open_question(a.candidate_token, 0).question_id
    ivs.save_answer(a.candidate_token, qid, "loaded")
    write = module.upsert

    def slow_write(*args, **kwargs):  # widen the gap between the comparison and the write
        time.sleep(0.1)
        write(*args, **kwargs)

    monkeypatch.setattr(module, "upsert", slow_write)
    tabs = 6
    start, won, refused = threading.Barrier(tabs), [], []

    def tab(n):
        start.wait()
        try:
            ivs.save_answer(a.candidate_token, qid, f"tab {n}", expected="loaded")
            won.append(n)
        except AnswerChanged:
            refused.append(n)

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(tabs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # the comparison and the write are one step with the row locked: the first writer wins, the
    # others find its answer, not the one they loaded
    assert len(won) == 1 and len(refused) == tabs - 1
    assert ivs.candidate_answers(a.candidate_token)[qid] == f"tab {won[0]}"


def test_i_am_done_locks_the_answers_and_closes_the_link(ivs, two):
    a, _ = two
    opened = ivs.open_question(a.candidate_token, 0, now=at(0))
    ivs.save_answer(a.candidate_token, opened.question_id, "final", now=at(5))
    ivs.finish(a.candidate_token, now=at(6))
    with pytest.raises(LinkClosed, match="This interview is finished"):
        ivs.as_candidate(a.candidate_token)
    with pytest.raises(TimeUp, match="finished"):
        ivs.save_answer(a.candidate_token, opened.question_id, "changed my mind", now=at(7))
    iv = ivs.as_interviewer(a.interviewer_token)  # the interviewer still sees everything
    assert iv.finished_at == at(6) and ivs.answers(iv.id)[opened.question_id]["answer"] == "final"


def test_a_link_expires_after_the_days_configured_when_it_was_made(ivs, monkeypatch):
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", "3")
    a = ivs.create("Short", "ml-engineer", ["valid-single"], 120, owner="ann")
    created = ivs.as_interviewer(a.interviewer_token).created_at
    ivs.as_candidate(a.candidate_token, now=created + dt.timedelta(days=2, hours=23))
    # the operator audit: the expiry was worked out on every read from the current setting, so
    # changing it reopened or closed links already sent, and two servers disagreed
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", "30")
    # an expired interview takes no new candidate link: the page says what the interviewer can do
    with pytest.raises(LinkClosed, match="This interview link expired on .* can set up a new interview for you"):
        ivs.as_candidate(a.candidate_token, now=created + dt.timedelta(days=3, minutes=1))
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", "1")
    ivs.as_candidate(a.candidate_token, now=created + dt.timedelta(days=2))  # not closed by a shorter setting
    assert ivs.as_interviewer(a.interviewer_token).expires_at == created + dt.timedelta(days=3)


# --- issue 13: answered means answered; a scorecard a hiring team can read -------------------
def _qs(*ids):
    from engine.forms.instance import draw

    return {i: draw(LIB.question(i), 0).question for i in ids}


def test_an_empty_or_opened_but_unanswered_question_is_not_answered(ivs):
    made = ivs.create("E", "data-scientist", ["lr-one-step-distance", "tl-why-grads-accumulate"], 120, owner="o")
    ivs.open_question(made.candidate_token, 0)  # shown, so a row exists with no answer
    ivs.save_answer(made.candidate_token, "tl-why-grads-accumulate", "   ")  # typed, then cleared
    card = ivs.scorecard(made.interviewer_token)
    assert [r.answered for r in card.rows] == [False, False]
    assert [q["answered"] for q in card.to_dict()["questions"]] == [False, False]
    ivs.save_answer(made.candidate_token, "tl-why-grads-accumulate", "because")
    assert [r.answered for r in ivs.scorecard(made.interviewer_token).rows] == [False, True]


def test_scorecard_carries_text_answer_auto_grade_scores_notes_name_time_and_a_minority_warning(ivs):
    ids = ["lr-one-step-distance", "tl-why-grads-accumulate", "ss-grid-vs-random-explain"]
    ids = [i for i in ids if LIB.question(i) is not None]
    made = ivs.create("Card", "ml-engineer", ids, 120, owner="o", candidate_name="  Ada   <b>Lovelace</b> ")
    ivs.open_question(made.candidate_token, 0)
    ivs.save_answer(made.candidate_token, ids[0], "0.015")
    ivs.score(made.interviewer_token, ids[0], dict.fromkeys(CRITERIA, 3), "=clear *and* quick")
    card = ivs.scorecard(made.interviewer_token, questions=_qs(*ids))
    row = card.rows[0]
    assert card.candidate_name == "Ada <b>Lovelace</b>"  # stored as typed (one line), shown inert
    assert row.question == _qs(ids[0])[ids[0]].prompt and row.answer.startswith("0.015")
    assert row.auto["correct"] and row.seconds is not None and row.position == 1
    assert card.warning and "1 of the 3" in card.warning
    md, csv_text, js = card.to_markdown(), card.to_csv(), json.loads(card.to_json())
    assert "Warning" in md and "Ada" in md and "<b>" not in md  # escaped
    assert "Right" in md and "Answer as given" in md and "clear" in md
    assert "'=clear" in csv_text and "Ada <b>Lovelace</b>" in csv_text and "minority" in csv_text
    assert js["candidate"] == "Ada <b>Lovelace</b>" and js["warning"] and js["questions"][0]["auto_graded"] == "Right"
    assert js["questions"][0]["question"] and js["questions"][0]["answer"].startswith("0.015")
    for r in card.rows[1:]:
        ivs.score(made.interviewer_token, r.question_id, dict.fromkeys(CRITERIA, 3))
    assert ivs.scorecard(made.interviewer_token).warning is None


def test_the_candidate_can_give_their_name_and_ordering_answers_read_as_steps(ivs):
    from engine.content.loader import load_library
    from tests.conftest import FIXTURES

    lib = load_library([FIXTURES / "valid.yaml"])
    qs = {q.id: q for q in lib.questions}
    made = ivs.create("N", "data-scientist", ["valid-ordering", "valid-multi"], 120, owner="o")
    assert ivs.set_candidate_name(made.candidate_token, " Grace\nHopper ") == "Grace Hopper"
    order = list(qs["valid-ordering"].answer)
    ivs.save_answer(made.candidate_token, "valid-ordering", [order[1], order[0], *order[2:]])
    ivs.save_answer(made.candidate_token, "valid-multi", ["a", "b"])
    card = ivs.scorecard(made.interviewer_token, questions=qs)
    assert card.candidate_name == "Grace Hopper"
    assert card.rows[0].answer.splitlines()[0] == f"1. {order[1]}" and "[" not in card.rows[0].answer
    assert card.rows[1].answer == "- a\n- b"
    assert card.rows[0].auto["score"] > 0 and not card.rows[0].auto["correct"]
    assert len(ivs.set_candidate_name(made.candidate_token, "x" * 500)) == 120  # cut, never refused


def test_a_candidate_cannot_find_the_right_choice_by_its_place():
    # the banks list the right choice first in four questions of five; the candidate's page draws
    # the choices as the engine gives them, so the engine gives them shuffled as Practice shows them
    from engine.content.shown_order import display_order

    single = [q for q in LIB.questions if q.type == "single_choice" and q.figure is None and not q.steps]
    first = 0
    for q in single:
        shown = candidate_question(q, 60)["choices"]
        assert shown == display_order(q.id, q.choices) and sorted(shown) == sorted(q.choices)
        first += shown[0] == q.answer
    assert first / len(single) <= 0.4, f"the right choice comes first in {first} of {len(single)}"


def test_a_candidate_is_never_shown_the_steps_nearly_in_order():
    from engine.content.grading import pairs_in_order

    for q in LIB.questions:
        if q.type == "ordering" and q.figure is None and q.answer:
            kept, pairs = pairs_in_order(candidate_question(q, 60)["items"], q.answer)
            assert 0.2 <= kept / pairs <= 0.6, q.id


def test_scorecard_overall_says_how_many_questions_it_rests_on_in_proper_english(ivs):
    from engine.labels import count_of

    assert (count_of(1, "question"), count_of(6, "question")) == ("1 question", "6 questions")
    one = ivs.create("One", "ml-engineer", ["lr-one-step-distance"], 120, owner="o")
    ivs.score(one.interviewer_token, "lr-one-step-distance", dict.fromkeys(CRITERIA, 3))
    card = ivs.scorecard(one.interviewer_token)
    assert card.overall == ("hire", "Mean score 3.00 of 4 over 4 rubric scores, based on 1 of 1 question scored.")
    assert not card.provisional and card.warning is None
    six = ivs.create("Six", "ml-engineer", [f"q{i}" for i in range(6)], 120, owner="o")
    ivs.score(six.interviewer_token, "q0", dict.fromkeys(CRITERIA, 3))
    card = ivs.scorecard(six.interviewer_token)
    band, reason = card.overall
    assert band == "hire" and reason == "Mean score 3.00 of 4 over 4 rubric scores, based on 1 of 6 questions scored."
    assert card.provisional and card.warning.startswith("Only 1 of the 6 questions is scored, so the overall verdict "
                                                        "is provisional")
    assert "(s)" not in reason + card.warning
    assert ("**Overall: hire (provisional).** Mean score 3.00 of 4 over 4 rubric scores, based on 1 of 6 questions "
            "scored.") in card.to_markdown()
    overall = list(csv.DictReader(io.StringIO(card.to_csv().lstrip("\ufeff"))))[-1]
    assert overall["question"] == "overall" and overall["verdict"] == "hire (provisional)"  # its own column
    assert overall["verdict reasoning"].startswith("Mean score 3.00 of 4") and not overall["notes"]
    exported = json.loads(card.to_json())
    assert (exported["overall"], exported["provisional"], exported["scored"]) == ("hire", True, 1)
    for i in (1, 2):
        ivs.score(six.interviewer_token, f"q{i}", dict.fromkeys(CRITERIA, 3))
    card = ivs.scorecard(six.interviewer_token)
    assert not card.provisional and card.overall[1].endswith("based on 3 of 6 questions scored.")
    assert "**Overall: hire.**" in card.to_markdown()


def test_scorecard_says_when_the_candidate_handed_in(ivs):
    from engine.scorecard import describe_handed_in

    made = ivs.create("T", "ml-engineer", ["lr-one-step-distance"], 120, owner="o")
    t0 = dt.datetime(2026, 3, 4, 9, 5, 0, tzinfo=dt.timezone.utc)
    ivs.open_question(made.candidate_token, 0, now=t0)
    card = ivs.scorecard(made.interviewer_token)
    assert card.handed_in is None and "Handed in: not yet" in card.to_markdown()
    ivs.finish(made.candidate_token, now=t0 + dt.timedelta(seconds=95))
    card = ivs.scorecard(made.interviewer_token)
    assert card.handed_in == "09:06 UTC on 4 Mar 2026, 1 min 35 s after starting"
    assert json.loads(card.to_json())["handed_in_at"].startswith("2026-03-04T09:06:35")
    assert describe_handed_in(None) is None
    assert describe_handed_in(t0) == "09:05 UTC on 4 Mar 2026"


# --- audit of the mock interview: expiry on the interviewer's side, the list, resuming --------
def _age(ivs, made, days: float) -> None:
    """Move an interview's creation back ``days``, as the audit did in the database."""
    from sqlalchemy import update

    iv = ivs.as_interviewer(made.interviewer_token)
    with ivs.store.begin() as conn:
        conn.execute(update(interviews_table).where(interviews_table.c.id == iv.id)
                     .values(created_at=iv.created_at - dt.timedelta(days=days),
                             expires_at=iv.expires_at - dt.timedelta(days=days)))


def test_an_interview_expires_with_its_candidate_link_unless_handed_in_first(ivs, two):
    a, b = two
    iv = ivs.as_interviewer(a.interviewer_token)
    assert not iv.expired(iv.expires_at) and iv.expired(iv.expires_at + dt.timedelta(seconds=1))
    _age(ivs, a, 15)
    assert ivs.as_interviewer(a.interviewer_token).expired()  # the interviewer's side knows
    with pytest.raises(LinkClosed, match="expired"):  # as the candidate's link says
        ivs.as_candidate(a.candidate_token)
    ivs.finish(b.candidate_token)
    _age(ivs, b, 15)
    assert not ivs.as_interviewer(b.interviewer_token).expired()  # handed in: closed by that, not by age


def test_interview_status_says_where_each_interview_stands(ivs):
    from engine.interviews import interview_status

    ids = ["lr-one-step-distance", "tl-why-grads-accumulate", "ss-grid-vs-random-explain"]
    made = ivs.create("S", "data-scientist", ids, 120, owner="o")

    def status(now=None):
        iv = ivs.as_interviewer(made.interviewer_token)
        return interview_status(iv, ivs.answered_counts([iv.id]).get(iv.id, 0), now)

    assert status() == "not started"
    ivs.open_question(made.candidate_token, 0)
    assert status() == "in progress, 0 of 3 answered"  # opened, nothing typed yet
    ivs.save_answer(made.candidate_token, ids[0], "0.015")
    ivs.open_question(made.candidate_token, 1)
    ivs.save_answer(made.candidate_token, ids[1], "  ")  # typed, then cleared: not an answer
    assert status() == "in progress, 1 of 3 answered"
    expires = ivs.as_interviewer(made.interviewer_token).expires_at
    assert status(expires + dt.timedelta(minutes=1)) == "expired"
    ivs.finish(made.candidate_token)
    assert status() == "handed in" and status(expires + dt.timedelta(days=30)) == "handed in"
    fresh = ivs.create("T", "manager", ids[:1], 120, owner="o")
    fresh_iv = ivs.as_interviewer(fresh.interviewer_token)
    assert interview_status(fresh_iv, 0, fresh_iv.expires_at + dt.timedelta(seconds=1)) == "expired"  # never opened


def test_answered_counts_covers_many_interviews_in_one_call(ivs, two):
    a, b = two
    ivs.save_answer(a.candidate_token, "lr-one-step-distance", "0.015")
    ivs.save_answer(a.candidate_token, "tl-why-grads-accumulate", "because")
    ivs.open_question(b.candidate_token, 0)  # opened only
    ida, idb = (ivs.as_interviewer(m.interviewer_token).id for m in (a, b))
    assert ivs.answered_counts([ida, idb]) == {ida: 2}
    assert ivs.answered_counts([]) == {}


def test_describe_utc_reads_as_people_write_dates():
    from engine.interviews import describe_utc

    assert describe_utc(dt.datetime(2026, 12, 1, 14, 5, tzinfo=dt.timezone.utc)) == "1 Dec 2026 14:05 UTC"
    cet = dt.timezone(dt.timedelta(hours=1))
    assert describe_utc(dt.datetime(2026, 12, 1, 15, 5, tzinfo=cet)) == "1 Dec 2026 14:05 UTC"
    assert describe_utc(dt.datetime(2026, 12, 1, 14, 5)) == "1 Dec 2026 14:05 UTC"  # SQLite drops the zone


def test_a_fresh_session_resumes_at_the_furthest_question_reached(ivs):
    ids = ["lr-one-step-distance", "tl-why-grads-accumulate", "ss-grid-vs-random-explain"]
    made = ivs.create("R", "data-scientist", ids, 120, owner="o")
    token = made.candidate_token
    assert ivs.resume_position(token) is None  # nothing opened: the start screen
    for pos in range(3):
        ivs.open_question(token, pos, now=at(10 * pos))
    assert ivs.resume_position(token) == 2
    ivs.open_question(token, 1, now=at(60))  # back to question 2: its first opening stays
    ivs.save_answer(token, ids[1], "later", now=at(61))
    assert ivs.resume_position(token) == 2
    with pytest.raises(AccessDenied):
        ivs.resume_position("not-a-token")
    ivs.finish(token)
    with pytest.raises(LinkClosed):  # a closed link resumes nothing
        ivs.resume_position(token)


def test_resume_ties_go_to_the_further_question(ivs, two):
    a, _ = two
    for pos in (1, 0):  # one clock tick for both
        ivs.open_question(a.candidate_token, pos, now=T0)
    assert ivs.resume_position(a.candidate_token, now=T0) == 1


def test_a_scorecard_of_a_link_that_expired_says_it_was_never_handed_in(ivs, two, monkeypatch):
    import engine.interviews

    a, b = two
    assert "Handed in: not yet" in ivs.scorecard(a.interviewer_token).to_markdown()
    later = engine.interviews.utcnow() + dt.timedelta(days=15)
    monkeypatch.setattr(engine.interviews, "utcnow", lambda: later)
    card = ivs.scorecard(a.interviewer_token)
    assert "Handed in: never: the link expired at " in card.to_markdown()
    assert "the answers stand as saved" in card.to_markdown() and json.loads(card.to_json())["link_expired_at"]
    ivs.finish(b.candidate_token, now=later - dt.timedelta(days=14))  # handed in before its link aged out
    assert "Handed in: never" not in ivs.scorecard(b.interviewer_token).to_markdown()


# --- hiring-team audit: lost links, late answers, where the candidate is ----------------------
def test_a_lost_link_is_replaced_by_a_new_one_and_the_old_one_stops_working(ivs, two):
    a, b = two
    iv = ivs.as_interviewer(a.interviewer_token)
    ivs.open_question(a.candidate_token, 0)
    ivs.save_answer(a.candidate_token, "lr-one-step-distance", "0.015")
    ivs.score(a.interviewer_token, "lr-one-step-distance", {"depth": 3}, "kept")
    boss = ivs.new_interviewer_link(iv.id, "alice")
    with pytest.raises(AccessDenied):
        ivs.as_interviewer(a.interviewer_token)  # the old interviewer link opens nothing
    assert ivs.as_interviewer(boss).id == iv.id and len(boss) >= 43
    cand = ivs.new_candidate_link(iv.id, "alice")
    with pytest.raises(AccessDenied):
        ivs.as_candidate(a.candidate_token)
    # the answers, their clocks and the scores stay with the interview
    assert ivs.candidate_answers(cand) == {"lr-one-step-distance": "0.015"}
    assert ivs.resume_position(cand) == 0
    assert ivs.scorecard(boss).rows[0].notes == "kept"
    with ivs.store.engine.connect() as conn:  # only digests, as for the first links
        row = conn.execute(interviews_table.select().where(interviews_table.c.id == iv.id)).mappings().first()
    assert (row["interviewer_digest"], row["candidate_digest"]) == (digest(boss), digest(cand))
    assert boss not in json.dumps(dict(row), default=str) and cand not in json.dumps(dict(row), default=str)
    # only the owner: another owner's key (or account) changes nothing, and is told nothing more
    bob = ivs.as_interviewer(b.interviewer_token)
    for call in (lambda: ivs.new_interviewer_link(bob.id, "alice"), lambda: ivs.new_candidate_link(bob.id, "alice"),
                 lambda: ivs.new_interviewer_link(10_000, "alice")):
        with pytest.raises(AccessDenied):
            call()
    assert ivs.as_interviewer(b.interviewer_token).id == bob.id and ivs.as_candidate(b.candidate_token).id == bob.id


def test_a_handed_in_or_expired_interview_takes_no_new_candidate_link(ivs, two):
    a, b = two
    ivs.finish(a.candidate_token)
    iv = ivs.as_interviewer(a.interviewer_token)
    with pytest.raises(LinkClosed, match="handed in"):
        ivs.new_candidate_link(iv.id, "alice")
    assert ivs.as_interviewer(ivs.new_interviewer_link(iv.id, "alice")).id == iv.id  # the scorecard stays reachable
    bob = ivs.as_interviewer(b.interviewer_token)
    with pytest.raises(LinkClosed, match="expired"):
        ivs.new_candidate_link(bob.id, "bob", now=bob.expires_at + dt.timedelta(seconds=1))
    with pytest.raises(LinkClosed):  # the old link is untouched, and closed by age as before
        ivs.as_candidate(b.candidate_token, now=bob.expires_at + dt.timedelta(seconds=1))
    assert ivs.as_candidate(ivs.new_candidate_link(bob.id, "bob", now=bob.expires_at)).id == bob.id  # its last moment


def test_a_save_after_the_limit_is_marked_late_from_the_stored_times(ivs):
    from engine.interviews import late_by

    ids = ["lr-one-step-distance", "tl-why-grads-accumulate", "ss-grid-vs-random-explain"]
    made = ivs.create("Late", "ml-engineer", ids, 120, owner="o")
    token = made.candidate_token
    for pos in range(3):
        ivs.open_question(token, pos, now=at(0))
    ivs.save_answer(token, ids[0], "0.015", now=at(119.9))  # in time
    ivs.save_answer(token, ids[1], "first", now=at(60))
    ivs.save_answer(token, ids[1], "last words", now=at(120 + 7.25))  # within the grace: kept, and late
    iv = ivs.as_interviewer(made.interviewer_token)
    saved = ivs.answers(iv.id)
    assert late_by(saved[ids[0]], 120) is None and late_by(saved[ids[1]], 120) == 7.2
    assert late_by(saved[ids[2]], 120) is None and late_by(None, 120) is None  # opened, never saved
    card = ivs.scorecard(made.interviewer_token)
    assert [r.limit for r in card.rows] == [120, 120, 120]
    assert [r.late for r in card.rows] == [False, True, False] and card.rows[1].late_by == 7.2
    exported = json.loads(card.to_json())["questions"]
    assert [q["late"] for q in exported] == [False, True, False] and exported[1]["limit"] == 120
    rows = list(csv.DictReader(io.StringIO(card.to_csv().lstrip("\ufeff"))))
    assert [(r["limit seconds"], r["late"], r["seconds past limit"]) for r in rows[:3]] == [
        ("120", "False", ""), ("120", "True", "7.2"), ("120", "", "")]
    md = card.to_markdown()
    assert "| 2 min 00 s | 7 s after the limit |" in md
    # its clock ran past the limit before the candidate's last save (within the grace)
    assert "Last save: 2 min 07 s (limit 2 min 00 s) · Time on it: time ran out · **late**: saved 7 s after" in md


def test_the_scorecard_tells_moving_on_from_sitting_until_the_time_ran_out(ivs):
    """The hiring walk-through: one candidate moved on after ~40 s, another sat until the limit; both
    last saved 7 s in and both rows read "7 s", "Late" blank. The stored first openings and the
    hand-in tell them apart."""
    from engine.interviews import time_on_questions

    ids = ["lr-one-step-distance", "tl-why-grads-accumulate", "ss-grid-vs-random-explain"]
    cards = []
    for sat in (False, True):
        made = ivs.create("Time", "ml-engineer", ids, 120, owner="o")
        token = made.candidate_token
        ivs.open_question(token, 0, now=at(0))
        ivs.save_answer(token, ids[0], "0.015", now=at(7))
        ivs.open_question(token, 1, now=at(130 if sat else 40))  # moved on after the limit, or after 40 s
        ivs.save_answer(token, ids[1], "words", now=at(140 if sat else 45))
        ivs.open_question(token, 2, now=at(150 if sat else 50))
        ivs.finish(token, now=at(300 if sat else 60))  # the last one: handed in after its 2 minutes, or not
        cards.append(ivs.scorecard(made.interviewer_token))
    quick, slow = cards
    assert [r.seconds for r in quick.rows[:1]] == [r.seconds for r in slow.rows[:1]] == [7.0]  # what misled
    assert [(r.left_after, r.ran_out, r.time_on) for r in quick.rows] == [
        (40.0, False, "40 s"), (10.0, False, "10 s"), (10.0, False, "10 s")]
    assert [(r.left_after, r.ran_out, r.time_on) for r in slow.rows] == [
        (130.0, True, "time ran out"), (20.0, False, "20 s"), (150.0, True, "time ran out")]
    assert [r.late for r in slow.rows] == [False, False, False]  # no save came late: the clock ran out
    rows = list(csv.DictReader(io.StringIO(slow.to_csv().lstrip("\ufeff"))))
    assert [(r["seconds to last save"], r["seconds on question"], r["time ran out"]) for r in rows[:3]] == [
        ("7", "130", "True"), ("10", "20", "False"), ("", "150", "True")]
    md = slow.to_markdown()
    assert "| Last save | Limit | Late | Time on it |" in md and "| 7 s | 2 min 00 s |  | time ran out |" in md
    assert "not the time spent on it" in md
    exported = [q["time_on"] for q in json.loads(slow.to_json())["questions"]]
    assert exported == ["time ran out", "20 s", "time ran out"]
    # still on a question (no later opening, no hand-in): no time on it yet, "ran out" once its limit passed
    entries = [{"id": "a", "seconds": 60}]
    assert time_on_questions(entries, {"a": {"opened_at": at(0)}}, now=at(30)) == [(None, False)]
    assert time_on_questions(entries, {"a": {"opened_at": at(0)}}, now=at(61)) == [(None, True)]
    assert time_on_questions(entries, {}, now=at(61)) == [(None, False)]  # never opened
    # moved on after 20 s, came back and saved at 50 s: on it until then at least
    two = [{"id": "a", "seconds": 60}, {"id": "b", "seconds": 60}]
    back = {"a": {"opened_at": at(0), "saved_at": at(50), "seconds": 50.0}, "b": {"opened_at": at(20)}}
    assert time_on_questions(two, back, finished_at=at(70)) == [(50.0, False), (50.0, False)]
    # a link that expired on the question: it ends there
    assert time_on_questions(entries, {"a": {"opened_at": at(0)}}, closed_at=at(90)) == [(90.0, True)]


def test_the_interviewer_sees_which_question_the_candidate_is_on(ivs):
    ids = ["lr-one-step-distance", "tl-why-grads-accumulate", "ss-grid-vs-random-explain"]
    made = ivs.create("On", "ml-engineer", ids, 120, owner="o")
    iv = ivs.as_interviewer(made.interviewer_token)
    assert ivs.on_question(iv) is None
    ivs.open_question(made.candidate_token, 0, now=at(0))
    ivs.open_question(made.candidate_token, 1, now=at(30))
    on = ivs.on_question(iv)
    assert (on.position, on.question_id, on.seconds) == (1, ids[1], 120)
    assert on.seconds_left(at(100)) == 50
    ivs.open_question(made.candidate_token, 0, now=at(40))  # back to question 1: its first opening stays
    assert ivs.on_question(iv).position == 1


# --- ceilings on an interview's size and on what one interviewer stores -------------------------
def generated_bank(n: int, prefix: str = "up") -> str:
    """A valid bank of ``n`` one-line questions (an upload of 3,800 like these is under 1 MB)."""
    one = ("  - {{id: {p}-{i}, type: single_choice, prompt: 'Q{i}?', choices: [a, b], answer: a, difficulty: easy,"
           " topics: [learning-rate], roles: [data-scientist], explanation: e, model_answer: m, key_points: [k],"
           " common_mistakes: [c], follow_ups: [f]}}\n")
    return f"bank: {prefix}\ntitle: Generated\nquestions:\n" + "".join(one.format(p=prefix, i=i) for i in range(n))


def stored(ivs) -> int:
    from sqlalchemy import func, select

    with ivs.store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(interviews_table)).scalar_one()


def test_the_largest_interview_the_ceilings_allow_is_accepted(ivs):
    from engine.content.loader import load_text
    from engine.limits import CEILINGS

    most, upload = int(CEILINGS["interview"].limit), int(CEILINGS["upload"].limit)
    assert (most, upload) == (60, 60)
    bank = generated_bank(upload)
    loaded, errors = load_text(bank, "ours.yaml", upload=True)
    assert not errors and len(loaded.bank.questions) == upload
    made = ivs.create("Big", "ml-engineer", [f"up-{i}" for i in range(most)], 60, owner="o", uploaded_bank=bank)
    assert len(ivs.as_interviewer(made.interviewer_token).questions) == most


def test_every_role_templates_default_fits_an_interview():
    from engine.limits import CEILINGS

    for role, tpl in ROLE_TEMPLATES.items():
        assert sum(tpl["mix"].values()) <= CEILINGS["interview"].limit, role


def test_an_upload_takes_the_place_of_the_last_chosen_when_both_do_not_fit():
    from engine.interviews import with_uploaded

    assert with_uploaded(["a", "b"], ["u1", "u2"], 60) == (["a", "b", "u1", "u2"], [])
    assert with_uploaded(["a", "b", "c"], ["u1", "u2"], 3) == (["a", "u1", "u2"], ["b", "c"])
    assert with_uploaded(["a", "u1"], ["u1", "u2"], 3) == (["a", "u1", "u2"], [])  # chosen already: once
    assert with_uploaded(["a"], [f"u{i}" for i in range(5)], 3) == (["u0", "u1", "u2"], ["a"])


def test_the_questions_that_gave_way_come_back_as_far_as_there_is_room():
    from engine.interviews import given_back

    assert given_back([], ["a", "b"], 60) == ["a", "b"]
    assert given_back(["x", "a"], ["a", "b", "c"], 3) == ["x", "a", "b"]
    assert given_back(["x", "y", "z"], ["a"], 3) == ["x", "y", "z"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("abcdefgh"), max_size=8), st.lists(st.sampled_from("efghijkl"), max_size=8),
       st.integers(1, 10))
def test_with_uploaded_keeps_the_upload_first_within_the_limit(chosen, uploaded, limit):
    from engine.interviews import with_uploaded

    result, off = with_uploaded(chosen, uploaded, limit)
    assert len(result) == len(set(result)) <= limit
    new = [i for i in dict.fromkeys(uploaded) if i not in chosen]
    assert [i for i in result if i in new] == new[:limit]  # the upload's own, in its order, first to stay
    before = list(dict.fromkeys(chosen))
    assert [i for i in result if i not in new] + off == before  # nothing chosen before is lost unsaid
    if len(before) + len(new) <= limit:
        assert result == before + new and not off


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("abcdefgh"), max_size=8), st.lists(st.sampled_from("efghijkl"), max_size=8),
       st.integers(1, 10))
def test_a_bank_added_keeps_the_choice_made_before_and_counts_what_did_not_fit(chosen, bank, limit):
    from engine.interviews import with_bank

    result, added, left_out = with_bank(chosen, bank, limit)
    before = list(dict.fromkeys(chosen))
    new = [i for i in dict.fromkeys(bank) if i not in before]
    assert result[:len(before)] == before  # the interviewer added to the choice: none of it gives way
    assert result[len(before):] == new[:added] and len(result) == len(set(result))
    assert added + left_out == len(new) and len(result) <= max(limit, len(before))
    if len(before) + len(new) <= limit:
        assert left_out == 0


def test_an_interview_of_more_questions_than_its_ceiling_is_refused_before_anything_is_stored(ivs):
    from engine.limits import LimitExceeded

    with pytest.raises(LimitExceeded) as err:
        ivs.create("Huge", "ml-engineer", [f"q{i}" for i in range(3806)], 300, owner="o")
    assert str(err.value) == "An interview can hold at most 60 questions; 3,806 are chosen: remove 3,746 of them."
    with pytest.raises(LimitExceeded, match=r"^An interview can hold at most 60 questions; 61 are chosen: remove 1 "):
        ivs.create("One too many", "ml-engineer", [f"q{i}" for i in range(61)], 300, owner="o")
    assert stored(ivs) == 0


def test_an_uploaded_bank_of_more_questions_than_its_ceiling_is_refused_before_its_questions_are_read(ivs):
    from engine.content.loader import load_bytes
    from engine.limits import LimitExceeded

    big = generated_bank(61)
    sentence = (r"^ours\.yaml has 61 questions; a bank uploaded for an interview may have at most 60: upload only "
                r"the questions this interview needs \(.*TUNELAB_PRIVATE_DIR.*\)\.$")
    with pytest.raises(LimitExceeded, match=sentence):
        load_bytes(big.encode(), "ours.yaml", upload=True)
    # counted before validation: 61 broken questions give the one sentence, not a list of their problems
    with pytest.raises(LimitExceeded, match=sentence):
        load_bytes(big.replace("type: single_choice", "type: nonsense").encode(), "ours.yaml", upload=True)
    bank, errors = load_bytes(big.encode(), "shipped.yaml")  # a shipped bank is not held to it
    assert bank is not None and not errors
    with pytest.raises(LimitExceeded, match=r"^The uploaded bank has 61 questions; a bank uploaded for an interview"):
        ivs.create("Upload", "ml-engineer", ["up-0"], 300, owner="o", uploaded_bank=big)
    assert stored(ivs) == 0


def test_presses_at_the_same_instant_cannot_pass_the_day_ceiling_together(ivs, monkeypatch):
    """Eight creates race for the last of the day's 20 places; each holds its transaction 0.2 s
    after counting, so without a lock every one counts 19 (PostgreSQL, READ COMMITTED) and inserts."""
    from engine.limits import LimitExceeded

    bank = generated_bank(2)
    for i in range(19):
        ivs.create(f"R{i}", "ml-engineer", ["up-0"], 300, owner="o", uploaded_bank=bank, now=at(60 * i))
    count = Interviews._check_stored_banks

    def slow_count(conn, owner, now):
        count(conn, owner, now)
        time.sleep(0.2)

    monkeypatch.setattr(Interviews, "_check_stored_banks", staticmethod(slow_count))
    start, outcomes = threading.Barrier(8), []

    def press(i):
        start.wait()
        try:
            ivs.create(f"Race {i}", "ml-engineer", ["up-0"], 300, owner="o", uploaded_bank=bank, now=at(3600))
            outcomes.append("made")
        except LimitExceeded:
            outcomes.append("refused")

    threads = [threading.Thread(target=press, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert sorted(outcomes) == ["made"] + ["refused"] * 7
    assert stored(ivs) == 20


def test_one_interviewer_sets_up_at_most_20_interviews_with_an_uploaded_bank_a_day(ivs):
    from engine.limits import CEILINGS, LimitExceeded

    bank = generated_bank(2)
    assert CEILINGS["uploads"].limit == 20
    for i in range(20):
        ivs.create(f"R{i}", "ml-engineer", ["up-0"], 300, owner="o", uploaded_bank=bank, now=at(60 * i))
    with pytest.raises(LimitExceeded) as err:
        ivs.create("R20", "ml-engineer", ["up-0"], 300, owner="o", uploaded_bank=bank, now=at(3600))
    assert str(err.value) == ("You have set up 20 interviews with an uploaded bank in the last 24 hours, the most one "
                              "interviewer may: the next can be made after 1 Dec 2026 09:00 UTC, or set this one up "
                              "without an uploaded bank.")
    assert stored(ivs) == 20
    ivs.create("Plain", "ml-engineer", ["lr-one-step-distance"], 300, owner="o", now=at(3600))  # no bank: stored
    ivs.create("Other", "ml-engineer", ["up-0"], 300, owner="p", uploaded_bank=bank, now=at(3600))  # another's
    # a day after the first, its place is free again
    ivs.create("Next day", "ml-engineer", ["up-0"], 300, owner="o", uploaded_bank=bank, now=at(86_400 + 1))
    assert stored(ivs) == 23


@pytest.mark.parametrize("title, name, kept", [
    ("ML eng screen \u2014 Ada", "Ada", "ML eng screen"),
    ("Ada: data scientist round 2", "ada", "Data scientist round 2"),
    ("Round 1 (Ada Lovelace)", "Ada  Lovelace", "Round 1"), ("Screen for Ada", "Ada", "Screen"),
    ("Ada's screen", "Ada", "Screen"), ("Nada screen", "ada", "Nada screen"), ("Round 1", "Bob", "Round 1"),
    ("Plain", None, "Plain"), ("Ada", "Ada", ""),
])
def test_another_like_this_leaves_the_candidates_name_out_of_the_title(title, name, kept):
    # the copy kept the previous candidate's name in the title the next candidate reads (hiring walk-through)
    assert title_without(title, name) == kept


def test_the_examples_in_the_docstrings_hold():
    import doctest

    import engine.interviews

    assert doctest.testmod(engine.interviews).failed == 0
