"""Progress's and Review's tables of questions: the column that names a row comes first, and a question
Practice serves opens from its row (a learner's walk-through on a phone: "Creative roles: f" was all of a
bank's name, Recent attempts cut every question short with no way to reopen one, and Review listed eight
due questions, "…and 4 more.", with no topic and no way to open one)."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urljoin, urlsplit

import pandas as pd
import pytest

from engine.store import Attempt, open_store
from tests.pages.conftest import PRACTICE, frame, other_bank

#: the pages' addresses, as a browser has them: a table's link is resolved against the page it is on
PROGRESS_URL, REVIEW_URL = "https://tunelab.example.org/progress", "https://tunelab.example.org/review"


def column_types(table) -> dict[str, dict]:
    """The column configuration a table was drawn with (column name -> its settings)."""
    return json.loads(table.proto.columns)


def link_column(table) -> dict:
    """The "Practice" column's settings: a link column that says "Open"."""
    config = column_types(table)["Practice"]
    assert config["type_config"]["type"] == "link", config
    assert config["type_config"]["display_text"] == "Open"
    return config


def opened(app, link: str):
    """Practice, opened on the address ``link`` leads to."""
    target = urlsplit(urljoin(PROGRESS_URL, link))
    assert target.path == "/practice", link
    return app(PRACTICE, **{k: v[0] for k, v in parse_qs(target.query).items()})


def record(store, qid: str, bank: str, correct: bool, score: float, **kw) -> None:
    store.record_attempt(Attempt(qid, bank, "single_choice", "easy", ("learning-rate",), "a", correct, score,
                                 learner="me", **kw))


def test_progress_tables_put_what_names_a_row_first(app):
    store = open_store()
    record(store, "valid-single", "valid", True, 1.0)
    record(store, "valid-numeric", "valid", False, 0.0)
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    (banks,) = [d for d in at.dataframe if d.key == "progress.banks.0"]
    assert list(banks.value.columns) == ["Bank", "Score", "Seen", "Missed", "Questions"]
    assert list(banks.value["Bank"]) == ["A valid bank"]
    recent = frame(at, "Result")
    assert list(recent.columns) == ["Question", "Practice", "Result", "Score", "When", "Seconds", "Type",
                                    "Difficulty"]
    # the prompt itself, as text (a table interprets no Markdown), the newest first
    assert list(recent["Question"]) == ["What is 0.01 times 1.5?", "Pick b."]
    assert column_types(next(d for d in at.dataframe if "Result" in d.value.columns))["Question"]["type_config"][
        "type"] == "text"


def test_recent_attempts_open_a_served_question_in_practice_and_link_none_that_is_not(app, content_dir):
    """A question since removed, or whose bank was made private, is history: its row names it and has no
    link (Practice would answer it with "no question with id …")."""
    from tests.content.test_private_banks import PRIVATE

    (content_dir / "hush.yaml").write_text(PRIVATE)
    store = open_store()
    record(store, "valid-single", "valid", False, 0.0)
    record(store, "removed-question", "gone", False, 0.0)
    record(store, "hush-single", "hush", True, 1.0)
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    table = next(d for d in at.dataframe if "Result" in d.value.columns)
    link_column(table)
    rows = {r["Question"]: r["Practice"] for r in table.value.to_dict("records")}
    assert set(rows) == {"Pick b.", "removed-question", "hush-single"}
    assert rows["Pick b."] == "practice?q=valid-single"
    assert urljoin(PROGRESS_URL, rows["Pick b."]) == "https://tunelab.example.org/practice?q=valid-single"
    assert pd.isna(rows["removed-question"]) and pd.isna(rows["hush-single"])
    assert any(c.value.endswith("a question the banks no longer serve has no link.") for c in at.caption)
    practice = opened(app, rows["Pick b."])
    assert not practice.exception and not practice.warning, [w.value for w in practice.warning]
    assert any("Pick b." in m.value for m in practice.markdown)


def topical_bank(content_dir) -> None:
    """A second bank of five, hard, on two topics each: Review's table names each question's own."""
    other_bank(content_dir)
    path = content_dir / "other.yaml"
    path.write_text(path.read_text().replace("difficulty: easy", "difficulty: hard")
                    .replace("topics: [learning-rate]", "topics: [learning-rate, grid-search]"))


@pytest.mark.parametrize("wrong, scrolls", [(10, False), (11, True)])
def test_review_lists_every_due_question_with_its_topic_and_difficulty_and_a_link_to_it(app, clock, content_dir,
                                                                                      wrong, scrolls):
    """Every due question, however many (ten rows in view, the rest under the table's own scroll, said so),
    the most overdue first, as "Start the review" asks them."""
    import datetime as dt

    from engine.content.loader import load_library
    from engine.review import Reviews

    topical_bank(content_dir)
    other_bank(content_dir, "third", "A third bank")
    questions = load_library([content_dir]).questions
    reviews = Reviews(open_store())
    for i, q in enumerate(questions[:wrong]):
        reviews.save_answer(Attempt(q.id, "valid", q.type, q.difficulty, tuple(q.topics), "a", False, 0.0,
                                    seconds=30, learner="me", answered_at=clock - dt.timedelta(minutes=60 - i)))
    review = app("app_pages/review.py")
    assert not review.exception, review.exception
    assert {m.label: m.value for m in review.metric}["Due today"] == str(wrong)
    (table,) = [d for d in review.dataframe if "Topic" in d.value.columns]
    link_column(table)
    rows = table.value.to_dict("records")
    assert list(table.value.columns) == ["Question", "Practice", "Topic", "Difficulty"]
    titles = {"learning-rate": "The learning rate", "grid-search": "Grid search"}
    assert rows == [{"Question": q.prompt, "Practice": f"practice?q={q.id}",
                     "Topic": ", ".join(titles[t] for t in q.topics), "Difficulty": q.difficulty.capitalize()}
                    for q in questions[:wrong]]
    assert {r["Difficulty"] for r in rows} == {"Easy", "Hard"} and "The learning rate, Grid search" in {
        r["Topic"] for r in rows}
    assert all(urljoin(REVIEW_URL, r["Practice"]) == f"https://tunelab.example.org/practice?q={q.id}"
               for r, q in zip(rows, questions))
    note = f"All {wrong} are in the table: it scrolls past the first 10."
    assert any(c.value.endswith(note) for c in review.caption) == scrolls
    assert not any(c.value.startswith("…and") for c in review.caption)
    assert "Start the review" in [b.label for b in review.button]  # the review itself still starts here
    practice = opened(app, rows[-1]["Practice"])
    assert not practice.exception and not practice.warning, [w.value for w in practice.warning]
    assert any(questions[wrong - 1].prompt in m.value for m in practice.markdown)
