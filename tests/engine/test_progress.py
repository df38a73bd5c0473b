"""engine.progress (today's score, the topic map's tiles) and engine.store's one definition of "missed"."""

from __future__ import annotations

import datetime as dt

from engine.progress import day_score, summarise
from engine.store import Attempt, missed, tally

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.timezone.utc)


def att(qid, correct, score=None, when=NOW, i=0, topics=("metrics",)):
    return Attempt(qid, "b", "single_choice", "easy", topics, None, correct,
                   float(correct) if score is None else score, learner="me", answered_at=when, id=i)


def test_day_score_counts_only_the_clocks_day_with_partial_credit():
    attempts = [att("a", True, when=NOW - dt.timedelta(hours=1)), att("b", False, 0.5, when=NOW),
                att("c", True, when=NOW - dt.timedelta(days=1))]
    s = day_score(attempts, NOW)
    assert (s.answered, s.correct, s.points, s.rate) == (2, 1, 1.5, 0.75)
    assert day_score([], NOW).rate is None


def test_missed_is_the_latest_attempt_wrong_whatever_the_order():
    t = NOW - dt.timedelta(minutes=5)
    attempts = [att("a", True, when=NOW, i=2), att("a", False, when=t, i=1),  # fixed
                att("b", False, when=NOW, i=4), att("b", True, when=t, i=3)]  # broke again
    assert missed(attempts) == ["b"]
    assert missed(list(reversed(attempts))) == ["b"]
    assert missed(attempts, among=["c", "b", "a"]) == ["b"]


def test_topic_tiles_and_weakest_count_partial_credit():
    attempts = [att("a", False, 0.33, topics=("metrics",)), att("b", False, 0.9, topics=("metrics",)),
                att("c", False, 0.0, topics=("learning-rate",)), att("d", True, topics=("learning-rate",))]
    s = summarise(tally(attempts))
    tiles = {g.key: g.mean_score for g in s.by_topic}  # what the map and the bars show
    assert round(tiles["metrics"], 3) == 0.615 and tiles["learning-rate"] == 0.5
    assert [g.key for g in s.weakest] == ["learning-rate", "metrics"]  # by mean score, not all-or-nothing


def test_weakest_topics_are_those_under_the_bar_and_count_a_single_answer():
    """A learner's walk-through, after 15 answers: "Weakest topics" named "Choosing an optimiser 0%",
    "Experiment tracking 50%" and a topic at 78% over two answers, and left out four topics at 0%
    answered once each."""
    from engine.progress import WEAK_BELOW

    attempts = [att("o1", False, topics=("optimizers",)), att("o2", False, topics=("optimizers",)),
                att("x1", True, topics=("experiment-tracking",)), att("x2", False, topics=("experiment-tracking",)),
                att("p1", False, 0.78, topics=("production",)), att("p2", False, 0.78, topics=("production",))]
    attempts += [att(f"z-{t}", False, topics=(t,)) for t in ("budgets", "learning-rate", "fitting", "architecture")]
    s = summarise(tally(attempts), n_weakest=3)
    # the lowest first, a tie going to the topic with more answers, then by key
    assert [(g.key, g.mean_score) for g in s.weakest] == [("optimizers", 0.0), ("architecture", 0.0),
                                                           ("budgets", 0.0)]
    s = summarise(tally(attempts), n_weakest=10)
    assert {g.key for g in s.weakest} == {"optimizers", "architecture", "budgets", "fitting", "learning-rate",
                                          "experiment-tracking"}  # never the one at 78%
    assert all(g.mean_score < WEAK_BELOW for g in s.weakest)


def test_weakest_topics_are_fewer_rather_than_strong_ones():
    at_bar = [att("a", False, 0.75, topics=("metrics",)), att("b", True, topics=("learning-rate",)),
              att("c", False, 0.5, topics=("fitting",)), att("d", True, topics=("fitting",))]
    assert summarise(tally(at_bar)).weakest == ()  # 75%, 100% and 75%: none is weak
    s = summarise(tally(at_bar + [att("e", False, 0.7, topics=("metrics",))]))
    assert [(g.key, round(g.mean_score, 3)) for g in s.weakest] == [("metrics", 0.725)]  # one card, not three


def test_questions_seen_counts_only_the_questions_served_now():
    attempts = [att("a", True, when=NOW - dt.timedelta(minutes=1), i=1), att("a", False, i=2), att("gone", False, i=3)]
    assert summarise(tally(attempts)).questions_seen == 2
    s = summarise(tally(attempts), current={"a", "b"})
    assert s.questions_seen == 1 and s.attempts == 3  # the removed question's answers are still history
    assert missed(attempts, among=["a", "b"]) == ["a"]  # Progress's "Missed, to redo", as Practice serves it


def test_a_learners_day_is_their_own_time_zones():
    """Counted in UTC, a Sydney learner's day turned at 10:00 there and a Californian's at 16:00."""
    from zoneinfo import ZoneInfo

    from engine.progress import day_bounds, local_date

    sydney, la = ZoneInfo("Australia/Sydney"), ZoneInfo("America/Los_Angeles")
    morning = dt.datetime(2026, 11, 19, 23, 30, tzinfo=dt.timezone.utc)  # 10:30 in Sydney (summer time)
    hour_later = morning + dt.timedelta(hours=1)  # a new UTC day, the same Sydney morning
    assert local_date(morning, sydney) == local_date(hour_later, sydney) == dt.date(2026, 11, 20)
    attempts = [att("a", True, when=morning, i=1)]
    assert day_score(attempts, hour_later, sydney).answered == 1
    assert day_score(attempts, hour_later).answered == 0  # UTC: a new day
    assert day_bounds(hour_later, sydney) == (dt.datetime(2026, 11, 19, 13, tzinfo=dt.timezone.utc),
                                             dt.datetime(2026, 11, 20, 13, tzinfo=dt.timezone.utc))
    # the day the clocks go back in California is 25 hours long
    start, end = day_bounds(dt.datetime(2026, 11, 1, 12, tzinfo=dt.timezone.utc), la)
    assert end - start == dt.timedelta(hours=25)


def test_recent_rows_cut_long_prompts_and_name_a_question_no_longer_served():
    from types import SimpleNamespace

    from engine.progress import recent_rows

    prompts = {"long": "x" * 95, "short": "Why warm up?", "drawn": "With {n} samples, how many batches?"}

    def question(qid):
        if qid not in prompts:
            return None
        return SimpleNamespace(prompt=prompts[qid], variables={"n": {}} if qid == "drawn" else None, figure=None)

    rows = recent_rows([att("long", False, 0.5), att("short", True), att("gone", False), att("drawn", True)], question)
    # a generated question's drawn number as "[…]", never its template's "{n}"
    assert [r["Question"] for r in rows] == ["x" * 90 + "…", "Why warm up?", "gone",
                                             "With […] samples, how many batches?"]
    assert [(r["Result"], r["Score"]) for r in rows] == [("Partly right", 50), ("Correct", 100), ("Wrong", 0),
                                                          ("Correct", 100)]
    # each row opens its question in Practice, but one the banks no longer serve, which Practice cannot open
    assert [r["Practice"] for r in rows] == ["practice?q=long", "practice?q=short", None, "practice?q=drawn"]
    assert list(rows[0]) == ["Question", "Practice", "Result", "Score", "When", "Seconds", "Type", "Difficulty"]


def test_topic_pool_keeps_the_banks_order_and_holds_back_what_was_right_today():
    from types import SimpleNamespace

    from engine.progress import topic_pool

    qs = [SimpleNamespace(id=i, topics=t) for i, t in
          (("a", ("metrics",)), ("b", ("learning-rate",)), ("c", ("metrics", "cv")), ("d", ("cv",)))]
    assert topic_pool(qs, ["metrics", "cv"]) == ["a", "c", "d"]
    assert topic_pool(qs, ["metrics", "cv"], held_back={"c"}) == ["a", "d"]
    assert topic_pool(qs, []) == []


def test_recent_rows_say_when_on_the_learners_clock():
    """The table said UTC while Review counts "today" on the learner's clock."""
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from engine.progress import recent_rows

    a = att("short", True, when=dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.timezone.utc))
    question = lambda qid: SimpleNamespace(prompt="Why warm up?", variables=None, figure=None)  # noqa: E731
    tokyo = recent_rows([a], question, ZoneInfo("Asia/Tokyo"))[0]["When"]
    assert (tokyo.date(), tokyo.hour, tokyo.utcoffset()) == (dt.date(2026, 11, 21), 8, dt.timedelta(hours=9))
    assert recent_rows([a], question)[0]["When"] == a.answered_at  # UTC unless told
