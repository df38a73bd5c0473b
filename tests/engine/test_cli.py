"""``python -m engine validate``: exit codes, text and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys

from engine.cli import main
from tests.conftest import FIXTURES, ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_validate_valid_file_exits_0():
    out = run("validate", "tests/content/fixtures/valid.yaml")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""
    assert "1 valid banks, 5 questions, 0 errors" in out.stderr


def test_validate_prints_every_error_and_exits_1():
    out = run("validate", "tests/content/fixtures/unknown_key.yaml", "tests/content/fixtures/not_permutation.yaml")
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "tests/content/fixtures/not_permutation.yaml:8: questions[0].answer: answer is not a "
        "permutation of the items: missing 'third'; repeated 'second'",
        "tests/content/fixtures/unknown_key.yaml:9: questions[0].explanaton: unknown field "
        "'explanaton'; did you mean 'explanation'?",
    ]


def test_validate_json_counts(capsys, at_root):
    code = main(["validate", "--json", str(FIXTURES / "valid.yaml"), str(FIXTURES / "wrong_type.yaml")])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(data) == {"banks", "questions", "by_type", "by_difficulty", "by_topic", "by_role", "errors"}
    assert data["banks"] == 1 and data["questions"] == 5
    assert data["by_type"] == dict.fromkeys(
        ["single_choice", "multi_choice", "numeric", "ordering", "free_text"], 1
    )
    assert data["by_difficulty"] == {"easy": 5, "medium": 0, "hard": 0}
    assert data["by_topic"]["learning-rate"] == 5 and data["by_topic"]["metrics"] == 0
    assert data["by_role"] == {"data-scientist": 5, "ml-engineer": 0, "manager": 0}
    assert len(data["errors"]) == 1 and data["errors"][0].startswith(
        "tests/content/fixtures/wrong_type.yaml:7: "
    )


def test_validate_a_folder_defaults_to_content():
    out = run("validate", "--json")
    data = json.loads(out.stdout)
    assert data["banks"] >= 1


def test_missing_path_and_bad_flag_exit_2():
    out = run("validate", "nowhere.yaml")
    assert out.returncode == 2
    assert out.stderr.strip() == "python -m engine validate: error: no such file or folder: nowhere.yaml"
    bad = run("validate", "--nope")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
