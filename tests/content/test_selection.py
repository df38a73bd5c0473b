from engine.content.loader import load_library
from engine.content.selection import QuestionFilter, practice_order, select_questions
from tests.conftest import FIXTURES, FORMS_BANK

QS = load_library([FIXTURES / "valid.yaml"]).questions


def test_empty_filter_selects_everything():
    assert select_questions(QS, QuestionFilter()) == QS


def test_filters_combine():
    flt = QuestionFilter(types=frozenset({"numeric", "ordering"}), topics=frozenset({"learning-rate"}))
    assert [q.id for q in select_questions(QS, flt)] == ["valid-numeric", "valid-ordering"]
    assert select_questions(QS, QuestionFilter(roles=frozenset({"manager"}))) == []
    only = QuestionFilter(only_ids=frozenset({"valid-free"}))
    assert [q.id for q in select_questions(QS, only)] == ["valid-free"]


def test_order_is_seeded_and_independent_of_input_order():
    ids = [q.id for q in QS]
    assert practice_order(ids, 1) == practice_order(list(reversed(ids)), 1)
    assert sorted(practice_order(ids, 2)) == sorted(ids)
    assert len({tuple(practice_order(ids, s)) for s in range(10)}) > 1


def test_filter_by_form():
    from engine.content.loader import load_library

    lib = load_library([FORMS_BANK])
    picked = select_questions(lib.questions, QuestionFilter(forms=frozenset({"plot", "code"})))
    assert [q.id for q in picked] == ["form-plot", "form-code"]
