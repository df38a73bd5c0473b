"""The load benchmark's verdict on issue 11's goals (``benchmarks/bench_load.py``'s report)."""

from __future__ import annotations

from benchmarks.bench_load import goals_met

MET = {"ratio": 1.4, "mb_per_session": 1.6, "errors": 0, "lost_attempts": 0, "submitted": 150,
       "practice_median_s": 0.006}


def test_a_load_within_every_goal_meets_them_all():
    assert all(goals_met(MET).values())


def test_the_ratio_and_the_absolute_time_are_judged_apart():
    # the README's case: 6 ms a practice action against a 3 ms bare page
    met = goals_met(dict(MET, ratio=2.24))
    assert not met["practice <= 1.5x the bare page"]
    assert met["(proposed) practice median <= 20 ms"]
    slow = goals_met(dict(MET, practice_median_s=0.021))
    assert slow["practice <= 1.5x the bare page"] and not slow["(proposed) practice median <= 20 ms"]


def test_each_goal_fails_on_its_own_number():
    assert not goals_met(dict(MET, mb_per_session=30.5))["<= 30 MB per session"]
    assert not goals_met(dict(MET, errors=1))["0 errors"]
    assert not goals_met(dict(MET, lost_attempts=1))["0 lost attempts"]


def test_nothing_measured_meets_nothing():
    nan = float("nan")
    met = goals_met(dict(MET, ratio=nan, practice_median_s=nan, submitted=0))
    assert not met["practice <= 1.5x the bare page"]
    assert not met["(proposed) practice median <= 20 ms"]
    assert not met["0 lost attempts"]  # no attempt submitted proves nothing about losing them
