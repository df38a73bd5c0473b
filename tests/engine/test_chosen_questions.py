"""The set-up's names for the chosen questions: a chip's short label and the list to read."""

from __future__ import annotations

from types import SimpleNamespace

from engine.chosen_questions import CHIP_CHARS, LIST_CHARS, chip_label, chosen_rows
from engine.content.loader import load_library
from engine.content.topics import topic_title
from tests.conftest import ROOT

LONG = ("A learning rate is sampled log-uniformly between 1e-4 and 1e-1 for every trial of a random search "
        "that runs sixty trials on a budget of two GPU-hours, and the team wants to know how many of them "
        "fall in the decade where the good rates were found last time, and why that matters for the budget")


def question(qid: str, prompt: str, difficulty: str = "medium", topics=("learning-rate",)):
    return SimpleNamespace(id=qid, prompt=prompt, difficulty=difficulty, topics=list(topics), variables=None,
                           figure=None)


def test_a_chip_marks_only_the_private_and_cuts_the_prompt_at_a_word():
    q = question("q1", LONG)
    public = chip_label(q, {"q1"})
    assert public.startswith("medium · A learning rate") and public.endswith(" …")
    assert len(public) <= len("medium · ") + CHIP_CHARS
    assert chip_label(q, set()) == "private · " + public


def test_the_list_keeps_the_order_skips_what_no_longer_loads_and_cuts_at_a_word():
    by_id = {"a": question("a", "Short one.", "easy"), "b": question("b", LONG, "hard", ("metrics", "nope"))}
    rows = chosen_rows(["b", "gone", "a"], by_id, public={"a"})
    assert [(r.position, r.difficulty, r.private) for r in rows] == [(1, "hard", True), (2, "easy", False)]
    assert rows[1].prompt == "Short one."
    assert rows[0].topics == f"{topic_title('metrics')}, nope"  # an unknown topic (an upload's) as written
    head = rows[0].prompt.removesuffix(" …")
    assert rows[0].prompt.endswith(" …") and len(rows[0].prompt) <= LIST_CHARS
    assert LONG.startswith(head) and LONG[len(head)] == " "  # whole words only
    assert len(head) > 3 * CHIP_CHARS  # recognisable where the chip was not


def test_a_generated_question_is_listed_with_its_first_variant_filled_in():
    library = load_library([ROOT / "content"])
    generated = next(q for q in library.questions if q.variables)
    (row,) = chosen_rows([generated.id], {generated.id: generated}, public=set())
    assert "{" not in row.prompt  # no placeholder left


def test_the_public_questions_are_named_by_position_when_some_are_private():
    from engine.chosen_questions import ChosenQuestion, public_positions

    def rows(*private):
        return [ChosenQuestion(n, "easy", "t", p, "q") for n, p in enumerate(private, 1)]

    assert public_positions(rows(True, False, True)) == "question 2"
    assert public_positions(rows(False, True, False, False)) == "questions 1, 3 and 4"
    assert public_positions(rows(False, False)) is None  # all public: the count says it
    assert public_positions(rows(True, True)) is None and public_positions([]) is None
