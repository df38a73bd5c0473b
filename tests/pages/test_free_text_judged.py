"""Practice and Review with the offline judge: suggested coverage, evidence, corrections, storage."""

from __future__ import annotations

import shutil

from engine.review import Reviews
from engine.store import open_store
from tests.conftest import ROOT
from tests.pages.conftest import PRACTICE, button

QID = "ss-grid-vs-random-explain"
GRID_POINT = "Grid is exhaustive over fixed values; cost is the product of list lengths"
ANSWER = ("Grid search tries every combination of the listed values, so the cost is the product of the list "
          "lengths. I think **bold** claims need evidence.")


def with_search_bank(content_dir):
    shutil.copy(ROOT / "content" / "search-strategies.yaml", content_dir / "search-strategies.yaml")


def points_of(at):
    return [c.label for c in at.checkbox if c.key.startswith(f"kp:{QID}:")]


def test_judged_answer_shows_evidence_and_the_correction_decides(app, content_dir):
    with_search_bank(content_dir)
    at = app(PRACTICE, q=QID)
    at.text_area(key=f"ans:{QID}:0:text").input(ANSWER)
    at = button(at, "Check my answer").click().run()
    assert not at.exception, at.exception
    labels = points_of(at)
    assert labels[0] == GRID_POINT and len(labels) == 4
    boxes = {c.label: c for c in at.checkbox if c.key.startswith(f"kp:{QID}:")}
    assert boxes[GRID_POINT].value  # the judge pre-ticks what it found
    texts = [t.value for t in at.text]
    # the evidence is the candidate's own sentence, quoted under its point with Markdown escaped
    quoted = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("Found in your answer")]
    assert any("\u201cGrid search tries every combination of the listed values, so the cost is the product of the "
               "list lengths.\u201d" in c for c in quoted), quoted
    assert ANSWER in texts
    assert not any("**bold**" in m.value for m in at.markdown)
    assert any("judge's confidence" in c.value for c in at.caption)
    assert any("suggestion" in i.value for i in at.info)
    # the candidate disagrees on two points: unticks the found one, ticks another
    at.checkbox(key=f"kp:{QID}:0:0").uncheck()
    at.checkbox(key=f"kp:{QID}:0:3").check()
    at = button(at, "Record my grade").click().run()
    assert not at.exception, at.exception
    saved = open_store().attempts("me")[0]
    ans = saved.answer
    fourth = "Default to random for five hyperparameters and 60 runs"
    assert ans["covered"] == [fourth]
    assert ans["judge"]["status"] == "judged"
    assert GRID_POINT in [p["text"] for p in ans["judge"]["key_points"] if p["covered"]]
    assert ans["corrections"]["removed"] == [GRID_POINT] and ans["corrections"]["added"] == [fourth]
    assert saved.score == 0.25 and not saved.correct
    said = " ".join(m.value for m in at.markdown)  # the verdict's key points say which counted, in words
    assert f":green[:material/check: covered] \u00b7 {fourth}" in said
    assert f":gray[:material/remove: not covered] \u00b7 {GRID_POINT}" in said


def test_review_routes_free_text_through_the_judge(app, content_dir):
    with_search_bank(content_dir)
    Reviews(open_store()).review("me", QID, False, 0.0, 10.0)  # due again within minutes
    at = app("app_pages/review.py")
    assert not at.exception, at.exception
    at = button(at, "Start the review").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Practice" and at.query_params["q"] in (QID, [QID])
    # AppTest forgets a st.switch_page on the next run; the browser stays on the page
    at.switch_page("app_pages/practice.py")
    at.text_area(key=f"ans:{QID}:0:text").input(ANSWER)
    at = button(at, "Check my answer").click().run()
    assert GRID_POINT in points_of(at)
    at = button(at, "Record my grade").click().run()
    assert open_store().attempts("me")[0].answer["judge"]["status"] == "judged"


def test_the_review_step_goes_back_to_the_answer_with_its_text_or_skips_recording_nothing(app, content_dir):
    """"Record my grade" was the only way on from the review: no way back to edit the answer, and
    leaving the page dropped it without a word (the learner walk-through)."""
    with_search_bank(content_dir)
    at = app(PRACTICE, q=QID)
    at.text_area(key=f"ans:{QID}:0:text").input(ANSWER)
    at = button(at, "Check my answer").click().run()
    at = button(at, "Edit my answer").click().run()
    assert not at.exception, at.exception
    assert at.text_area(key=f"ans:{QID}:0:text").value == ANSWER  # back in its box, to change
    assert not points_of(at)
    at.text_area(key=f"ans:{QID}:0:text").input(ANSWER + " Random search samples instead.")
    at = button(at, "Check my answer").click().run()
    assert any(t.value.endswith("Random search samples instead.") for t in at.text)  # the edited answer reviewed
    at = button(at, "Skip").click().run()
    assert not at.exception, at.exception
    assert not points_of(at) and open_store().attempts("me") == []  # on, and nothing recorded


def test_a_covered_point_near_a_coin_toss_says_possibly_and_shows_no_figure(app, content_dir, monkeypatch):
    """The hiring team's walk: "covered · 54%" beside an answer made of a listed mistake read as a
    measurement. Below the judge's SURE_AT a covered point says "possibly", with no percentage; the
    pre-tick is the rule's, unchanged."""
    import ui.free_text_review as review
    from engine.judge.response import SURE_AT

    with_search_bank(content_dir)
    from engine.content.loader import load_library

    q = load_library([content_dir]).question(QID)
    points = [{"text": p, "covered": i < 2, "contradicted": False, "evidence": "Grid search tries every combination.",
               "confidence": (SURE_AT - 0.11, SURE_AT + 0.2)[i] if i < 2 else 0.9}
              for i, p in enumerate(q.key_points)]
    verdict = {"status": "judged", "message": "The judge found 2 of 4 key points.", "key_points": points,
               "score": 0.5, "correct": False, "notes": []}
    monkeypatch.setattr(review, "judge_answer", lambda question, text: verdict)
    at = app(PRACTICE, q=QID)
    at.text_area(key=f"ans:{QID}:0:text").input(ANSWER)
    at = button(at, "Check my answer").click().run()
    assert not at.exception, at.exception
    said = [c.value for c in at.caption]
    assert sum(c.startswith("Possibly in your answer (the judge is unsure):") for c in said) == 1
    assert sum(c.startswith("Found in your answer (judge's confidence 85%)") for c in said) == 1
    boxes = [c.value for c in at.checkbox if c.key.startswith(f"kp:{QID}:")]
    assert boxes[:2] == [True, True]  # both pre-ticked as the rule decided

    from streamlit.testing.v1 import AppTest

    shown = AppTest.from_function(_interviewer_view, args=(q, verdict)).run()
    lines = [c.value for c in shown.caption]
    assert lines[0] == f"possibly covered · {q.key_points[0]}" and lines[1] == f"covered · 85% · {q.key_points[1]}"


def _interviewer_view(q, verdict):
    import ui.free_text_review as review

    review.judge_answer = lambda question, text: verdict
    review.suggested_coverage(q, "Grid search tries every combination.", {})
