"""The best so far against seconds follows the order the evaluations finished in.

Evaluations run side by side finish out of the order they were asked in, and a result keeps the
asked order: the Search lab's "seconds" chart drew the best after each trial at that trial's
finishing time, so its line ran backwards in time and its "best score so far" fell (a lecturer's
walk-through of the lab, a search of SVC on breast cancer).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.search.trials import COMPLETE, FAILED, SearchResult, Trial
from ui.figures_search import best_so_far_figure


def result(rows, maximize=True) -> SearchResult:
    """``rows``: (value, elapsed, state, resource) of each trial, in the order they were asked."""
    trials = tuple(Trial(i, {"x": i}, v, state, None, {}, resource, 0.1, elapsed)
                   for i, (v, elapsed, state, resource) in enumerate(rows))
    return SearchResult("random", "test", maximize, len(trials), 0, trials)


#: asked in this order; the second and the fourth finished first
OUT_OF_ORDER = result([(3.0, 0.5, COMPLETE, 1.0), (5.0, 0.2, COMPLETE, 1.0), (1.0, 0.9, COMPLETE, 1.0),
                       (9.0, 0.4, COMPLETE, 1.0)])


def test_the_best_is_taken_in_finishing_order():
    assert OUT_OF_ORDER.best_by_time() == [(0.2, 5.0), (0.4, 9.0), (0.5, 9.0), (0.9, 9.0)]
    # by evaluations the asked order stays: the fourth asked is the best from the fourth on
    assert OUT_OF_ORDER.best_so_far() == [3.0, 5.0, 5.0, 9.0]


def test_the_seconds_chart_moves_forward_in_time_and_never_falls():
    fig = best_so_far_figure({"random": OUT_OF_ORDER}, {"random": "Random"}, x="seconds")
    (trace,) = fig.data
    assert list(trace.x) == [0.2, 0.4, 0.5, 0.9] and list(trace.y) == [5.0, 9.0, 9.0, 9.0]


rows = st.lists(st.tuples(st.floats(-100, 100), st.floats(0, 60), st.sampled_from([COMPLETE, FAILED]),
                          st.sampled_from([1.0, 0.5])), max_size=30)


@given(rows, st.booleans())
def test_each_point_is_the_best_finished_by_then(rows, maximize):
    r = result(rows, maximize)
    curve = r.best_by_time()
    pick = max if maximize else min
    seconds = [s for s, _ in curve]
    assert seconds == sorted(seconds)
    bests = [b for _, b in curve]
    assert bests == sorted(bests, reverse=not maximize)  # never worse than before
    for s, best in dict(curve).items():  # at a time two trials share, the later point
        finished = [t.value for t in r.trials if t.elapsed <= s and t.state == COMPLETE and t.resource >= 1.0]
        assert best == pick(finished)
    assert (curve[-1][1] if curve else None) == (r.best.value if r.best else None)
