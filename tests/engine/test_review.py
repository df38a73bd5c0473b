"""FSRS scheduling with a fixed clock: due dates, no same-day repeat, lapses."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.review import EASY_SECONDS, Reviews, due_rows, rating_for
from engine.store import Store

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)


class Mine:
    """One learner's view of the reviews, so the scheduling tests read as before."""

    def __init__(self, reviews: Reviews, learner: str = "me"):
        self.reviews, self.learner = reviews, learner

    def __getattr__(self, name):
        method = getattr(self.reviews, name)
        return lambda *a, **kw: method(self.learner, *a, **kw)


@pytest.fixture
def reviews(db_url):
    return Mine(Reviews(Store(db_url)))


def test_ratings_follow_the_table():
    from fsrs import Rating

    assert rating_for(False, 0.0, 5) == Rating.Again
    assert rating_for(False, 0.5, 5) == Rating.Hard
    assert rating_for(True, 1.0, EASY_SECONDS + 1) == Rating.Good
    assert rating_for(True, 1.0, EASY_SECONDS - 1) == Rating.Easy
    assert rating_for(True, 1.0, None) == Rating.Good


def test_wrong_comes_back_soon_and_a_confident_right_answer_much_later(reviews):
    wrong = reviews.review("q-wrong", False, 0.0, 30, when=T0)
    easy = reviews.review("q-easy", True, 1.0, 5, when=T0)
    assert wrong - T0 <= dt.timedelta(minutes=10)
    assert easy - T0 >= dt.timedelta(days=2)


def test_due_today_and_no_same_day_repeat_once_right(reviews):
    reviews.review("a", False, 0.0, 30, when=T0)  # wrong: due again in minutes
    reviews.review("b", True, 1.0, 60, when=T0)  # right (Good): a learning step, due again today
    later = T0 + dt.timedelta(hours=1)
    assert reviews.due_today(later) == ["a"]  # b was answered right today: not served again today
    reviews.review("a", True, 1.0, 60, when=later)
    assert reviews.due_today(later + dt.timedelta(minutes=20)) == []
    tomorrow = T0 + dt.timedelta(days=1, hours=1)
    # both are still in their learning steps (due minutes after their last answer), so by
    # tomorrow both are due, the longer overdue first
    assert reviews.due_today(tomorrow) == ["b", "a"]


def test_a_lapse_shortens_the_interval(reviews):
    t = T0
    for _ in range(3):  # learn it well: each review at its due time
        t = reviews.review("c", True, 1.0, 5, when=t)
    assert t - T0 >= dt.timedelta(days=10)
    lapse_due = reviews.review("c", False, 0.0, 30, when=t)
    assert lapse_due - t <= dt.timedelta(minutes=10)
    assert reviews.cards(t)[0].last_rating == 1


def test_due_within_a_week_and_retention(reviews):
    assert reviews.retention(T0) is None
    reviews.review("a", True, 1.0, 5, when=T0)
    reviews.review("b", False, 0.0, 40, when=T0)
    assert reviews.due_within(7, T0) >= 1
    r = reviews.retention(T0 + dt.timedelta(days=1))
    assert 0 < r <= 1


def test_cards_survive_a_new_store(db_url):
    Reviews(Store(db_url)).review("me", "a", False, 0.0, 30, when=T0)
    assert Reviews(Store(db_url)).due_today("me", T0 + dt.timedelta(hours=1)) == ["a"]


def test_each_learner_has_their_own_cards(db_url):
    reviews = Reviews(Store(db_url))
    reviews.review("ann", "a", False, 0.0, 30, when=T0)
    reviews.review("bob", "b", False, 0.0, 30, when=T0)
    reviews.review("bob", "a", True, 1.0, 5, when=T0)  # bob's card for "a" is not ann's
    later = T0 + dt.timedelta(hours=1)
    assert reviews.due_today("ann", later) == ["a"]
    assert reviews.due_today("bob", later) == ["b"]
    assert reviews.due_within("nobody", 7, later) == 0 and reviews.retention("nobody", later) is None
    with pytest.raises(ValueError, match="a learner"):
        reviews.review("", "a", True, 1.0)
    with pytest.raises(TypeError):
        reviews.due_today()


def test_a_first_review_does_not_wait(reviews, monkeypatch):
    """fsrs's ``Card()`` sleeps a millisecond after taking the clock as its id; an answer's
    review must not pay that (it is on every first answer to a question)."""
    import fsrs.card

    def no_sleep(seconds):
        raise AssertionError(f"the review slept {seconds} s")

    monkeypatch.setattr(fsrs.card.time, "sleep", no_sleep)
    due = reviews.review("new-card", True, 1.0, 60, when=T0)
    assert due > T0
    assert reviews.cards(T0)[0].question_id == "new-card"


def test_saving_an_answer_stores_it_reviews_its_card_and_gives_the_days_totals(db_url):
    from engine.store import Attempt

    store = Store(db_url)
    reviews = Reviews(store)

    def attempt(qid, correct, score, when, learner="me"):
        return Attempt(question_id=qid, bank="b", question_type="single_choice", difficulty="easy",
                       topics=("learning-rate",), answer="x", correct=correct, score=score, seconds=30.0,
                       learner=learner, answered_at=when)

    store.record_attempt(attempt("old", True, 1.0, T0 - dt.timedelta(days=1)))  # yesterday: not today's
    store.record_attempt(attempt("tab", False, 0.5, T0 - dt.timedelta(hours=1)))  # another tab, earlier today
    store.record_attempt(attempt("other", True, 1.0, T0, learner="someone-else"))
    saved = reviews.save_answer(attempt("q1", True, 1.0, T0))
    assert (saved.answered, saved.correct, saved.points) == (2, 1, 1.5)
    assert [(a.id, a.question_id) for a in store.attempts("me")][0] == (saved.attempt_id, "q1")
    assert [a.question_id for a in store.attempts("me")] == ["q1", "tab", "old"]
    card = Mine(reviews).cards(T0)
    assert [(c.question_id, c.last_review, c.due) for c in card] == [("q1", T0, saved.due)]


def test_an_answer_whose_review_fails_is_not_saved_at_all(db_url, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from engine.store import Attempt

    store = Store(db_url)
    reviews = Reviews(store)

    def fails(*args, **kwargs):
        raise OperationalError("UPDATE review_cards", {}, Exception("disk full"))

    monkeypatch.setattr(Reviews, "review_in", fails)
    with pytest.raises(OperationalError):
        reviews.save_answer(Attempt(question_id="q1", bank="b", question_type="single_choice", difficulty="easy",
                                    topics=(), answer="x", correct=True, score=1.0, learner="me", answered_at=T0))
    assert store.attempts("me") == []  # the attempt's row went with the failed review


def test_counts_can_leave_out_cards_of_questions_the_banks_no_longer_serve(reviews):
    """A card of a question since removed (or made private) can never be answered: counted, it
    stayed due for ever and its 0 pulled the retention down for good."""
    reviews.review("kept", True, 1.0, 60, when=T0)
    reviews.review("gone", False, 0.0, 30, when=T0)
    later = T0 + dt.timedelta(hours=1)
    assert {c.question_id for c in reviews.cards(later)} == {"kept", "gone"}
    assert [c.question_id for c in reviews.cards(later, ["kept"])] == ["kept"]
    assert reviews.due_within(7, later) == 2 and reviews.due_within(7, later, ["kept"]) == 1
    kept_alone = reviews.retention(later, ["kept"])
    assert reviews.retention(later) == pytest.approx(kept_alone / 2)  # "gone" counted as 0
    assert kept_alone > 0.9 and reviews.retention(later, []) is None
    assert reviews.due_today(later, ["kept"]) == [] and reviews.due_today(later) == ["gone"]


def test_today_is_the_learners_day_in_their_time_zone(reviews):
    """Right at 09:30 in Sydney (23:30 UTC): an hour later it is a new UTC day, not a new Sydney
    one, and the question must not come back today."""
    from zoneinfo import ZoneInfo

    sydney = ZoneInfo("Australia/Sydney")
    t = dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.timezone.utc)  # 09:30 in Sydney (winter: UTC+10)
    reviews.review("a", True, 1.0, 60, when=t)  # right (Good): a learning step, due again in minutes
    hour_later = t + dt.timedelta(hours=1)
    assert reviews.due_today(hour_later, tz=sydney) == []  # the same Sydney day
    assert reviews.due_today(hour_later) == ["a"]  # UTC's new day
    # due within the day: by the end of the Sydney day (14:00 UTC), not the UTC one
    assert reviews.due_within(0, hour_later, tz=sydney) == 1
    next_sydney_day = dt.datetime(2026, 6, 2, 14, 30, tzinfo=dt.timezone.utc)  # 00:30 in Sydney
    assert reviews.due_today(next_sydney_day, tz=sydney) == ["a"]


def test_a_week_is_seven_calendar_days_across_a_clock_change():
    from zoneinfo import ZoneInfo

    from engine.review import day_after

    la = ZoneInfo("America/Los_Angeles")
    # 23:30 on 7 March 2026 in Los Angeles; the clocks go forward on the 8th (a 167-hour week)
    late = dt.datetime(2026, 3, 8, 7, 30, tzinfo=dt.timezone.utc)
    assert day_after(late, la, 7) == dt.datetime(2026, 3, 15, 7, 0, tzinfo=dt.timezone.utc)  # midnight PDT, 14th/15th
    assert day_after(late, la) == dt.datetime(2026, 3, 8, 8, 0, tzinfo=dt.timezone.utc)  # midnight PST, 7th/8th


def test_the_outlook_is_the_three_figures_from_one_read(reviews):
    from zoneinfo import ZoneInfo

    reviews.review("a", False, 0.0, 30, when=T0)
    reviews.review("b", True, 1.0, 60, when=T0)
    reviews.review("gone", False, 0.0, 30, when=T0)
    later, tz, valid = T0 + dt.timedelta(hours=1), ZoneInfo("Australia/Sydney"), ["a", "b"]
    seen = reviews.outlook(later, valid, tz)
    assert (seen.due_today, seen.due_within, seen.retention) == (
        reviews.due_today(later, valid, tz), reviews.due_within(7, later, valid, tz), reviews.retention(later, valid))


def test_the_examples_hold():
    import doctest

    import engine.review

    assert doctest.testmod(engine.review).failed == 0


def test_due_rows_name_each_question_its_topics_and_difficulty_and_link_it_in_the_order_given():
    from types import SimpleNamespace

    def q(prompt, topics, difficulty, variables=None):
        return SimpleNamespace(prompt=prompt, topics=topics, difficulty=difficulty, variables=variables, figure=None)

    questions = {"b": q("x" * 120, ["grid-search", "random-search"], "hard"),
                 "a": q("With {n} samples?", ["learning-rate"], "medium", {"n": {}}),
                 "unknown-topic": q("Why?", ["not-a-topic"], "easy")}
    rows = due_rows(["b", "gone", "a", "unknown-topic"], questions.get)
    assert rows == [
        {"Question": "x" * 110 + "\u2026", "Practice": "practice?q=b", "Topic": "Grid search, Random search",
         "Difficulty": "Hard"},
        # a generated question's drawn number as "[…]", as Progress lists it
        {"Question": "With [\u2026] samples?", "Practice": "practice?q=a", "Topic": "The learning rate",
         "Difficulty": "Medium"},
        {"Question": "Why?", "Practice": "practice?q=unknown-topic", "Topic": "not-a-topic", "Difficulty": "Easy"},
    ]  # "gone", served no more since the schedule was read, is left out
