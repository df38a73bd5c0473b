"""Progress's "By bank" (engine.progress.by_bank) and the banks it sums over."""

from __future__ import annotations

import doctest
import shutil

import engine.progress
from engine.content.bank_lists import bank_questions
from engine.content.loader import load_library
from engine.progress import by_bank, summarise
from engine.store import Tally
from tests.conftest import FIXTURES


def test_the_examples_hold():
    assert doctest.testmod(engine.progress).failed == 0


def tally(qid, difficulty="easy", attempts=1, points=1.0, latest_wrong=False):
    return Tally(qid, difficulty, ("metrics",), attempts, int(points == attempts), points, 0, latest_wrong)


BANKS = {"b": ("B first by title", ["b1", "b2"]), "a": ("Then A", ["a1", "a2", "a3"]), "c": ("Unanswered", ["c1"])}


def test_a_bank_sums_its_questions_answers_and_counts_each_question_once():
    tallies = [tally("a1", attempts=2, points=1.5), tally("a1", "hard", points=0.0, latest_wrong=True),
               tally("a2"), tally("b2", points=0.25, latest_wrong=True), tally("gone", points=0.0, latest_wrong=True)]
    rows = by_bank(tallies, BANKS)
    assert [r.slug for r in rows] == ["b", "a"]  # the order given; a bank with no answer is left out
    b, a = rows
    assert (a.title, a.questions, a.seen, a.missed) == ("Then A", 3, 2, 1)  # a1 answered under two difficulties: once
    assert (a.stats.attempts, a.stats.correct, a.stats.mean_score) == (4, 1, 0.625)  # (1.5 + 0 + 1) / 4
    assert (b.seen, b.missed, b.stats.mean_score) == (1, 1, 0.25)
    # every answer to a question the banks hold counts in exactly one bank: the totals agree with Progress's
    held = [t for t in tallies if t.question_id != "gone"]
    assert sum(r.stats.attempts for r in rows) == summarise(held).attempts
    assert by_bank([], BANKS) == []


def test_the_banks_are_the_public_ones_by_title(tmp_path):
    from tests.content.test_private_banks import PRIVATE

    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "valid.yaml")
    (tmp_path / "hush.yaml").write_text(PRIVATE)
    banks = bank_questions(load_library([tmp_path]))
    assert list(banks) == ["valid"]  # an interview-only bank's answers are never summed for a learner to see
    title, ids = banks["valid"]
    assert title == "A valid bank" and len(ids) == 5 and all(i.startswith("valid-") for i in ids)
