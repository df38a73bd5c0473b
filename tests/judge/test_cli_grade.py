"""``python -m engine grade``: one answer, a batch in order, and one-line errors with exit 2."""

from __future__ import annotations

import json

import pytest

from engine.cli import main
from tests.engine.test_cli import run

GRID = "ss-grid-vs-random-explain"
ANSWER = ("Grid search tries every combination of the listed values, so the cost is the product of the list "
          "lengths. Random search samples each setting from a distribution for as many runs as the budget allows.")


def test_grade_one_answer_as_json(judge, bank, capsys, at_root):
    assert main(["grade", GRID, "--answer", ANSWER, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["question"] == GRID
    assert [p["text"] for p in out["key_points"]] == list(bank.question(GRID).key_points)
    first = out["key_points"][0]
    assert first["covered"] is True and first["evidence"].startswith("Grid search tries")
    assert 0 <= first["confidence"] <= 1
    assert out["score"] == pytest.approx(sum(p["covered"] for p in out["key_points"]) / 4)
    assert isinstance(out["correct"], bool)


def test_grade_from_a_file_in_text(judge, capsys, at_root, tmp_path):
    f = tmp_path / "answer.txt"
    f.write_text(ANSWER, encoding="utf-8")
    assert main(["grade", GRID, "--answer-file", str(f)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{GRID}: The judge found")
    assert "[covered" in out and "the candidate's correction is final" in out


def test_batch_prints_one_object_per_line_in_order(judge, capsys, at_root, tmp_path):
    rows = [{"question": GRID, "answer": ANSWER}, {"question": "tl-momentum-ravines", "answer": "   "},
            {"question": GRID, "answer": "I like to bake bread at the weekend."}]
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    assert main(["grade", "--batch", str(f), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(x)["question"] for x in lines] == [GRID, "tl-momentum-ravines", GRID]
    assert [json.loads(x)["status"] for x in lines] == ["judged", "empty", "off_topic"]
    assert json.loads(lines[1])["score"] is None


@pytest.mark.parametrize("args, message", [
    (["grade", "no-such-question", "--answer", "x"], "there is no question with id 'no-such-question'"),
    (["grade", "lr-one-step-distance", "--answer", "0.015"], "is numeric, not free text"),
    (["grade", GRID, "--answer-file", "/no/such/file.txt"], "cannot read answer file '/no/such/file.txt'"),
    (["grade", GRID], "give the answer with --answer TEXT or --answer-file FILE"),
    (["grade", "--batch", "/no/such/batch.jsonl"], "cannot read batch file"),
])
def test_errors_are_one_line_and_exit_2(args, message):
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], out.stderr


def test_a_bad_batch_line_names_its_line_before_any_model_loads(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"question": GRID, "answer": "x"}) + "\nnot json\n", encoding="utf-8")
    out = run("grade", "--batch", str(f), "--json")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip().endswith(f"{f}:2: not a JSON object (Expecting value)")
    f.write_text(json.dumps({"question": "lr-one-step-distance", "answer": "x"}) + "\n", encoding="utf-8")
    out = run("grade", "--batch", str(f))
    assert out.returncode == 2 and ":1: question 'lr-one-step-distance' is numeric" in out.stderr


def test_binary_answer_file_is_refused(tmp_path):
    f = tmp_path / "answer.bin"
    f.write_bytes(b"\xff\xfe\x00\x81binary")
    out = run("grade", GRID, "--answer-file", str(f))
    assert out.returncode == 2 and "it is not UTF-8 text" in out.stderr
