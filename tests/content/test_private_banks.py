"""Private (interview-only) banks: never served by Practice, Review, Run it or a URL (issue 11)."""

from __future__ import annotations

import shutil

from engine.content.loader import load_library
from tests.conftest import FIXTURES

PRIVATE = (FIXTURES / "valid.yaml").read_text().replace("bank: valid", "bank: hush\nprivate: true").replace(
    "id: valid-", "id: hush-")


def test_a_bank_marked_private_is_reached_only_as_an_interview_question(tmp_path):
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "valid.yaml")
    (tmp_path / "hush.yaml").write_text(PRIVATE)
    lib = load_library([tmp_path])
    assert not lib.errors
    assert {q.id for q in lib.questions} == {f"valid-{t}" for t in ("single", "multi", "numeric", "ordering", "free")}
    assert len(lib.interview_questions) == 10
    assert lib.question("hush-single") is None and lib.bank_of("hush-single") is None
    assert lib.question("hush-single", private=True).prompt == "Pick b."
    assert lib.is_private("hush-single") and not lib.is_private("valid-single")
    assert lib.stats()["questions"] == 5 and lib.stats()["private_questions"] == 5
    # what the set-up page, the interviewer's page and the scorecard call public: an uploaded id never is
    assert lib.public_ids() == {q.id for q in lib.questions}
    assert lib.public_ids({"valid-single"}) == {q.id for q in lib.questions} - {"valid-single"}


def test_every_bank_in_a_private_folder_is_private(tmp_path):
    public, private = tmp_path / "public", tmp_path / "private"
    public.mkdir(), private.mkdir()
    shutil.copy(FIXTURES / "valid.yaml", private / "valid.yaml")
    lib = load_library([public], [private])
    assert lib.questions == [] and len(lib.interview_questions) == 5
