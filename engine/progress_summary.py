"""The progress charts in words: one sentence under each chart, which a screen reader reads where
it meets the chart (a Plotly chart reaches it as an unnamed image). Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.progress import WEAK_BELOW, GroupStats

#: average-score bands: the topic map colours its tiles by them (ui.figures: green from STRONG, red under WEAK);
#: a green tile is never among the "Weakest topics" (:data:`engine.progress.WEAK_BELOW`)
STRONG, WEAK = WEAK_BELOW, 0.5


def _answers(n: int) -> str:
    return f"{n} answer{'s' if n != 1 else ''}"


def _group(g: GroupStats, labels: Mapping[str, str]) -> str:
    # the bar's three segments in words: their counts were in the hover only, which a keyboard never reaches
    return (f"{labels.get(g.key, g.key)} ({g.mean_score:.0%} average over {_answers(g.attempts)}: "
            f"{g.correct} correct, {g.partial} partly right, {g.wrong} wrong)")


def bars_summary(groups: Sequence[GroupStats], labels: Mapping[str, str] | None = None,
                 what: str = "topics", list_up_to: int = 3) -> str:
    """What a chart of :func:`ui.figures.outcome_bars` shows: every group when there are at most
    ``list_up_to`` (the difficulties), else how many ``what`` were answered, and the ones with the
    lowest and the highest average score (the topics; partial credit counts, ties going to the group
    with more answers, as :func:`engine.progress.summarise` ranks them). Each group named is given
    with its bar's counts: correct, partly right and wrong.

    "Lowest", not "weakest": the page's "Weakest topics" are only those under
    :data:`engine.progress.WEAK_BELOW`, and the lowest of all may be above it.

    Examples
    --------
    >>> from engine.progress import GroupStats
    >>> bars_summary([GroupStats("easy", 4, 3, 0.75), GroupStats("hard", 2, 0, 0.25, partial=1)],
    ...              {"easy": "Easy", "hard": "Hard"})
    'Easy (75% average over 4 answers: 3 correct, 0 partly right, 1 wrong); Hard (25% average over 2 answers: \
0 correct, 1 partly right, 1 wrong).'
    """
    labels = labels or {}
    if not groups:
        return "No answers yet."
    if len(groups) <= list_up_to:
        return "; ".join(_group(g, labels) for g in groups) + "."
    lowest = min(groups, key=lambda g: (g.mean_score, -g.attempts, g.key))
    highest = min(groups, key=lambda g: (-g.mean_score, -g.attempts, g.key))
    return (f"{len(groups)} {what} answered. Lowest average: {_group(lowest, labels)}; "
            f"highest: {_group(highest, labels)}.")


def topic_map_summary(groups: Sequence[GroupStats], total_by_topic: Mapping[str, int]) -> str:
    """What the topic map shows: of the topics with questions in the banks, how many were tried,
    and how many of those are strong, middling and weak (the tiles' green, amber and red).

    Examples
    --------
    >>> from engine.progress import GroupStats
    >>> topic_map_summary([GroupStats("a", 2, 2, 1.0), GroupStats("b", 2, 0, 0.25)], {"a": 5, "b": 3, "c": 4})
    '2 of 3 topics tried: 1 strong (average 75% or more), 0 middling, 1 weak (under 50%); 1 not tried yet.'
    """
    shown = {k for k, n in total_by_topic.items() if n}
    tried = [g for g in groups if g.key in shown]
    strong = sum(g.mean_score >= STRONG for g in tried)
    weak = sum(g.mean_score < WEAK for g in tried)
    return (f"{len(tried)} of {len(shown)} topics tried: {strong} strong (average {STRONG:.0%} or more), "
            f"{len(tried) - strong - weak} middling, {weak} weak (under {WEAK:.0%}); "
            f"{len(shown) - len(tried)} not tried yet.")


def weak_topics_note(groups: Sequence[GroupStats], labels: Mapping[str, str] | None = None) -> str:
    """What Progress says where its "Weakest topics" would be, when no topic qualifies (every topic
    answered averages :data:`engine.progress.WEAK_BELOW` or more), naming the lowest of them so the
    learner sees where the bar stands.

    Examples
    --------
    >>> from engine.progress import GroupStats
    >>> weak_topics_note([GroupStats("a", 2, 2, 1.0)])
    'No weak topic: every topic you have answered scores 100%.'
    >>> weak_topics_note([GroupStats("a", 2, 2, 1.0), GroupStats("b", 2, 1, 0.78)], {"b": "Metrics"})
    'No weak topic: every topic you have answered averages 75% or more (the lowest: Metrics, 78%).'
    """
    labels = labels or {}
    if all(g.mean_score >= 1.0 for g in groups):
        return "No weak topic: every topic you have answered scores 100%."
    lowest = min(groups, key=lambda g: (g.mean_score, -g.attempts, g.key))
    return (f"No weak topic: every topic you have answered averages {WEAK_BELOW:.0%} or more "
            f"(the lowest: {labels.get(lowest.key, lowest.key)}, {lowest.mean_score:.0%}).")
