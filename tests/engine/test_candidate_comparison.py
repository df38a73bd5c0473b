"""Comparing candidates: the owner's interviews asked the same questions, side by side, best
first, with each question's rubric mean and auto-grade, and a CSV a spreadsheet cannot run."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from engine.candidate_comparison import NO_NAME, Entry, cell, common_wording, comparable, compare, one_decimal
from engine.content.loader import load_library
from engine.interviews import AccessDenied, Interviews, interview_status
from engine.scorecard import CRITERIA, Scorecard, ScoreRow
from engine.store import Store, utcnow
from tests.conftest import FIXTURES

QS = {q.id: q for q in load_library([FIXTURES / "valid.yaml"]).questions}
IDS = ["valid-multi", "valid-numeric", "valid-free"]
EVIL = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def ivs(db_url):
    return Interviews(Store(db_url))


def scores(value: int) -> dict[str, int]:
    return dict.fromkeys(CRITERIA, value)


@pytest.fixture
def three(ivs):
    """Three interviews of alice on the same questions: the first created scored low on one
    question (provisional), the second scored on all, the third answered nothing, unscored."""
    made = [ivs.create("Round 1", "data-scientist", IDS, 120, owner="alice", candidate_name=name)
            for name in (EVIL, "Grace", "+1")]
    low, best, _ = made
    ivs.save_answer(low.candidate_token, "valid-multi", ["a"])  # half the right options: partial credit
    ivs.open_question(low.candidate_token, 1, now=utcnow() - dt.timedelta(seconds=125))
    ivs.save_answer(low.candidate_token, "valid-numeric", "0.015")  # 5 s past the 120 s limit: late, kept
    ivs.score(low.interviewer_token, "valid-multi", scores(2))
    ivs.open_question(best.candidate_token, 0)
    ivs.save_answer(best.candidate_token, "valid-multi", ["a", "c"])
    ivs.save_answer(best.candidate_token, "valid-numeric", "0.015")
    ivs.save_answer(best.candidate_token, "valid-free", "Because it is.")
    for qid, value in zip(IDS, (4, 3, {**scores(3), "depth": 4})):
        ivs.score(best.interviewer_token, qid, value if isinstance(value, dict) else scores(value))
    return made


def entries(ivs, owner: str = "alice"):
    answered = ivs.answered_counts([iv.id for iv in ivs.owned_by(owner)])
    return [Entry(iv.id, interview_status(iv, answered.get(iv.id, 0)),
                  ivs.scorecard_for_owner(iv.id, owner, questions=QS))
            for iv in comparable(ivs.owned_by(owner), ivs.owned_by(owner)[-1].id)]


def test_candidates_are_ordered_best_first_and_the_unscored_last(ivs, three):
    table = compare(entries(ivs))
    assert [r.candidate for r in table.rows] == ["Grace", EVIL, "+1"]  # not the order they were created in
    grace, low, blank = table.rows
    assert (grace.scored_line, low.scored_line, blank.scored_line) == ("3 of 3", "1 of 3", "0 of 3")
    assert grace.mean == pytest.approx((4 * 4 + 3 * 4 + 3 * 3 + 4) / 12) and low.mean == 2.0 and blank.mean is None
    assert grace.verdict == "hire" and blank.verdict == "not scored"
    assert low.verdict == "no hire (provisional)"  # 1 of 3 scored: as the scorecard says, provisional
    assert [r.status for r in table.rows] == ["in progress, 3 of 3 answered", "in progress, 2 of 3 answered",
                                              "not started"]


def test_each_cell_shows_the_rubric_mean_the_auto_grade_and_a_late_answer(ivs, three):
    table = compare(entries(ivs))
    assert table.headers == ("Q1", "Q2", "Q3") and table.question_ids == tuple(IDS)
    assert table.legend == ("Pick a and c.", "What is 0.01 times 1.5?", "Explain.")
    grace, low, blank = table.rows
    assert grace.cells == ("4.0 · auto ✓", "3.0 · auto ✓", "3.3")  # 3.25 rounds up; free text has no key
    assert low.cells == ("2.0 · auto 50%", "— · auto ✓ · late", "— · no answer")
    assert blank.cells == ("— · no answer",) * 3


def test_a_cell_says_the_time_ran_out_when_the_candidate_was_still_on_the_question():
    sat = ScoreRow("q", {}, "", 7.0, True, auto={"correct": True, "score": 1.0, "feedback": ""}, limit=60,
                   left_after=None, ran_out=True)
    assert cell(sat) == "— · auto ✓ · time ran out"  # typed in 7 s, then sat until the limit
    assert cell(ScoreRow("q", {}, "", None, False, limit=60, ran_out=True)) == "— · no answer · time ran out"
    late = ScoreRow("q", {}, "", 65.0, True, limit=60, late_by=5.0, ran_out=True)
    assert cell(late) == "— · late"  # a late save says the limit passed already
    assert cell(ScoreRow("q", {}, "", 7.0, True, limit=60, left_after=20.0)) == "—"


def test_a_wrong_auto_grade_and_rounding_read_as_people_expect():
    wrong = ScoreRow("q", {}, "", 10.0, True, auto={"correct": False, "score": 0.0, "feedback": ""})
    assert cell(wrong) == "— · auto ✗" and cell(None) == "—"
    assert [one_decimal(x) for x in (3.25, 2.75, 3.0, 1 / 3 + 2)] == ["3.3", "2.8", "3.0", "2.3"]


def test_ties_go_to_the_interview_created_first_and_an_unscored_one_stays_last():
    day = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)

    def entry(n: int, hours: int, value: int | None) -> Entry:
        row = ScoreRow("q", scores(value) if value else {}, "", None, True)
        created = day + dt.timedelta(hours=hours)
        return Entry(n, "handed in", Scorecard("T", "manager", (row,), f"c{n}", created_at=created))

    table = compare([entry(1, 0, None), entry(2, 5, 3), entry(3, 1, 3), entry(4, 2, 4)])
    assert [r.interview_id for r in table.rows] == [4, 3, 2, 1]


def test_a_verdict_capped_at_no_hire_ranks_below_a_hire_with_a_lower_mean():
    def entry(n: int, row_scores: dict[str, int]) -> Entry:
        return Entry(n, "handed in", Scorecard("T", "manager", (ScoreRow("q", row_scores, "", None, True),), f"c{n}"))

    # a mean of 3.25, but depth at 1: capped at "no hire"; against an even 2.75, a "hire"
    capped = entry(1, {**dict.fromkeys(CRITERIA, 4), CRITERIA[1]: 1})
    even = entry(2, {**dict.fromkeys(CRITERIA, 3), CRITERIA[0]: 2})
    assert capped.card.mean > even.card.mean and capped.card.verdict == "no hire" and even.card.verdict == "hire"
    assert [r.interview_id for r in compare([capped, even]).rows] == [2, 1]


def test_an_interview_with_other_questions_is_not_comparable(ivs, three):
    other = ivs.create("Other", "data-scientist", ["valid-multi", "valid-numeric"], 120, owner="alice")
    reordered = ivs.create("Reordered", "data-scientist", IDS[::-1], 120, owner="alice")
    mine = ivs.owned_by("alice")
    first = ivs.as_interviewer(three[0].interviewer_token).id
    assert {iv.id for iv in comparable(mine, first)} == {*(ivs.as_interviewer(m.interviewer_token).id for m in three),
                                                          reordered.interview_id}  # same set, any order
    assert [iv.id for iv in comparable(mine, other.interview_id)] == [other.interview_id]
    assert comparable(mine, 10**6) == []
    cards = {iv.id: Entry(iv.id, "", ivs.scorecard_for_owner(iv.id, "alice", QS)) for iv in mine}
    with pytest.raises(ValueError, match="same questions"):
        compare([cards[first], cards[other.interview_id]])
    # the columns follow the first interview's order whatever the others' order
    table = compare([cards[first], cards[reordered.interview_id]])
    assert table.question_ids == tuple(IDS)
    with pytest.raises(ValueError, match="choose at least one"):
        compare([])


def test_an_interview_of_another_owner_is_refused(ivs, three):
    bobs = ivs.create("Bob's", "data-scientist", IDS, 120, owner="bob", candidate_name="Secret")
    ivs.score(bobs.interviewer_token, "valid-free", scores(4))
    for owner, interview_id in (("alice", bobs.interview_id), ("", bobs.interview_id), ("alice", 10**6)):
        with pytest.raises(AccessDenied) as err:
            ivs.scorecard_for_owner(interview_id, owner)
        assert str(err.value) == "This link is not valid."  # says nothing of whether it exists
    card = ivs.scorecard_for_owner(bobs.interview_id, "bob", QS)
    assert card.candidate_name == "Secret" and card.rows[2].scores == scores(4)
    # the same rows as the interviewer's own link gives, without the judge's suggestions
    assert card.rows == ivs.scorecard(bobs.interviewer_token, questions=QS).rows


def test_the_csv_opens_in_a_spreadsheet_without_running_a_name(ivs, three):
    table = compare(entries(ivs))
    text = table.to_csv()
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [r["candidate"] for r in rows] == ["Grace", "'" + EVIL, "'+1"]  # inert, in the page's order
    assert list(rows[0])[4:7] == ["Q1: Pick a and c.", "Q2: What is 0.01 times 1.5?", "Q3: Explain."]
    assert rows[0]["Q1: Pick a and c."] == "4.0 · auto ✓" and rows[0]["scored"] == "3 of 3"
    assert rows[0]["mean"] == "3.42" and rows[1]["verdict"] == "no hire (provisional)" and rows[2]["mean"] == ""
    assert rows[0]["title"] == "Round 1" and len(rows[0]["created (UTC)"]) == len("2026-11-20 14:05")
    assert table.filename(dt.date(2026, 11, 20)) == "comparison-Round-1-2026-11-20.csv"
    # each question's figures in columns of their own, after the page's: "3.0 · auto ✓ · late" could not be
    # averaged (a hiring team's walk)
    assert list(rows[0])[-9:] == [f"Q{n} {what}" for n in (1, 2, 3) for what in ("mean", "auto %", "late")]
    assert [rows[0][f"Q{n} mean"] for n in (1, 2, 3)] == ["4.00", "3.00", "3.25"]  # as the scorecard writes it
    assert [(rows[1][f"Q{n} auto %"], rows[1][f"Q{n} late"]) for n in (1, 2, 3)] == [("50", ""), ("100", "late"),
                                                                                    ("", "")]


def test_no_name_yet_for_a_candidate_who_gave_none(ivs):
    for _ in range(2):
        ivs.create("R", "manager", ["valid-free"], 120, owner="o")
    mine = ivs.owned_by("o")
    table = compare([Entry(iv.id, "not started", ivs.scorecard_for_owner(iv.id, "o")) for iv in mine])
    assert [r.candidate for r in table.rows] == [NO_NAME, NO_NAME] == ["no name yet"] * 2
    assert table.legend == ("valid-free",)  # the question did not load: its id stands in
    assert table.to_dict()["candidates"][0]["cells"] == {"Q1": "— · no answer"}


def test_a_question_asked_with_different_numbers_reads_as_the_words_all_were_asked():
    assert common_wording(["Use lr 0.01 for 3 epochs.", "Use lr 0.3 for 5 epochs."]) == "Use lr … for … epochs."
    # a number in scientific notation is one number; a run of differences is one mark
    assert common_wording(["From 1e-3, x 2 3 y.", "From 3e-4, x 5 6 y.", "From 3e-4, x 5 6 y."]) == "From …, x … y."
    assert common_wording(["Same words."] * 2) == "Same words." == common_wording(["Same words."])
    with pytest.raises(ValueError):
        common_wording([])


def test_the_legend_of_a_generated_question_shows_no_one_candidates_numbers(ivs):
    """Each interview draws a generated question with its own seed: the legend (and the CSV's
    header) showed the first candidate's numbers as every candidate's question."""
    ids = ["valid-numeric"]
    first, second = (ivs.create("R", "manager", ids, 120, owner="o", candidate_name=n) for n in ("Ada", "Grace"))
    asked = {first.interview_id: "What is 0.01 times 1.5?", second.interview_id: "What is 0.02 times 2.5?"}
    table = compare([Entry(i, "not started", ivs.scorecard_for_owner(
        i, "o", questions={"valid-numeric": QS["valid-numeric"].model_copy(update={"prompt": p})}))
        for i, p in asked.items()])
    assert table.legend == ("What is … times …?",)
    assert "Q1: What is … times …?" in table.to_csv().splitlines()[0]
    assert table.varied == {"valid-numeric"}
    as_written = Entry(first.interview_id, "not started", ivs.scorecard_for_owner(first.interview_id, "o", questions=QS))
    assert compare([as_written, as_written]).varied == frozenset()  # the same words: nothing varied
