"""engine.progress_summary: the sentence under each progress chart (a screen reader's chart)."""

from __future__ import annotations

import doctest

import engine.progress_summary
from engine.progress import GroupStats
from engine.progress_summary import bars_summary, topic_map_summary


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(engine.progress_summary).failed == 0


def test_many_topics_name_the_lowest_and_the_highest_average_ties_to_the_one_with_more_answers():
    groups = [GroupStats("a", 2, 1, 0.5), GroupStats("b", 4, 0, 0.1), GroupStats("c", 1, 0, 0.1),
              GroupStats("d", 3, 3, 1.0), GroupStats("e", 5, 5, 1.0)]
    said = bars_summary(groups, {"b": "Batch size", "e": "Early stopping"})
    assert said == ("5 topics answered. Lowest average: Batch size (10% average over 4 answers: 0 correct, "
                    "0 partly right, 4 wrong); highest: Early stopping (100% average over 5 answers: 5 correct, "
                    "0 partly right, 0 wrong).")
    # never "Weakest", which the page's cards say of topics answered twice or more only
    assert "eakest" not in bars_summary([GroupStats("a", 1, 0, 0.0), *groups])


def test_a_few_groups_are_each_named_in_their_order_and_one_answer_is_singular():
    groups = [GroupStats("easy", 1, 1, 1.0), GroupStats("medium", 3, 1, 0.5, partial=1)]
    # each bar's counts, right, partly right and wrong: in the hover alone, a keyboard never reached them
    assert bars_summary(groups, {"easy": "Easy", "medium": "Medium"}) == \
        ("Easy (100% average over 1 answer: 1 correct, 0 partly right, 0 wrong); "
         "Medium (50% average over 3 answers: 1 correct, 1 partly right, 1 wrong).")
    assert bars_summary([]) == "No answers yet."


def test_the_topic_map_counts_only_topics_with_questions_in_the_bands_of_its_colours():
    groups = [GroupStats("a", 2, 2, 0.75), GroupStats("b", 2, 1, 0.5), GroupStats("c", 2, 0, 0.49),
              GroupStats("gone", 3, 0, 0.0)]  # answered once, no longer in any bank: not a tile
    said = topic_map_summary(groups, {"a": 3, "b": 2, "c": 1, "d": 4, "gone": 0})
    assert said == ("3 of 4 topics tried: 1 strong (average 75% or more), 1 middling, 1 weak (under 50%); "
                    "1 not tried yet.")
