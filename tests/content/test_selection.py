from engine.content.loader import load_library
from engine.content.selection import QuestionFilter, practice_order, select_from_library
from tests.conftest import FIXTURES, FORMS_BANK

LIB = load_library([FIXTURES / "valid.yaml"])
QS = LIB.questions


def test_empty_filter_selects_everything():
    assert select_from_library(LIB, QuestionFilter()) == QS


def test_filters_combine():
    flt = QuestionFilter(types=frozenset({"numeric", "ordering"}), topics=frozenset({"learning-rate"}))
    assert [q.id for q in select_from_library(LIB, flt)] == ["valid-numeric", "valid-ordering"]
    assert select_from_library(LIB, QuestionFilter(roles=frozenset({"manager"}))) == []
    only = QuestionFilter(only_ids=frozenset({"valid-free"}))
    assert [q.id for q in select_from_library(LIB, only)] == ["valid-free"]


def test_order_is_seeded_and_independent_of_input_order():
    ids = [q.id for q in QS]
    assert practice_order(ids, 1) == practice_order(list(reversed(ids)), 1)
    assert sorted(practice_order(ids, 2)) == sorted(ids)
    assert len({tuple(practice_order(ids, s)) for s in range(10)}) > 1


def test_a_session_opens_on_a_question_that_is_not_hard_when_the_selection_has_one():
    ids = [f"q{i}" for i in range(12)]
    hard = set(ids[:8])
    for seed in range(40):
        plain, gentle = practice_order(ids, seed), practice_order(ids, seed, hard=hard)
        assert gentle[0] not in hard and sorted(gentle) == sorted(ids)
        # the rest keep the shuffle's order: one question moved, not a new draw
        assert [i for i in gentle if i != gentle[0]] == [i for i in plain if i != gentle[0]]
    assert practice_order(ids[:8], 3, hard=hard) == practice_order(ids[:8], 3)  # all hard: as drawn
    assert practice_order([], 3, hard=hard) == []


def test_filter_by_form():
    from engine.content.loader import load_library

    lib = load_library([FORMS_BANK])
    picked = select_from_library(lib, QuestionFilter(forms=frozenset({"plot", "code"})))
    assert [q.id for q in picked] == ["form-plot", "form-code"]


def test_a_bank_filter_keeps_its_banks_questions_and_never_a_private_banks(tmp_path):
    import shutil

    from engine.content.bank_lists import public_bank_titles
    from tests.content.test_private_banks import PRIVATE

    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "valid.yaml")
    (tmp_path / "other.yaml").write_text((FIXTURES / "valid.yaml").read_text().replace("bank: valid", "bank: other")
                                         .replace("title: A valid bank", "title: Another bank")
                                         .replace("id: valid-", "id: other-"))
    (tmp_path / "hush.yaml").write_text(PRIVATE)
    lib = load_library([tmp_path])
    assert not lib.errors
    assert public_bank_titles(lib) == {"valid": "A valid bank", "other": "Another bank"}  # by title; no private one
    assert [q.id for q in select_from_library(lib, QuestionFilter())] == [q.id for q in lib.questions]
    mine = select_from_library(lib, QuestionFilter(banks=frozenset({"other"})))
    assert {q.id for q in mine} == {f"other-{t}" for t in ("single", "multi", "numeric", "ordering", "free")}
    both = QuestionFilter(banks=frozenset({"other"}), types=frozenset({"numeric"}))
    assert [q.id for q in select_from_library(lib, both)] == ["other-numeric"]
    assert select_from_library(lib, QuestionFilter(banks=frozenset({"hush"}))) == []  # interview-only: never served
    assert not QuestionFilter(banks=frozenset({"other"})).matches(mine[0])  # a bank filter needs the bank named
