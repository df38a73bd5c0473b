"""Values PyYAML fails to *construct* (not parse) are ordinary errors, never crashes (issue 10, 1).

An impossible date, a tagged scalar that is not what its tag says, or an integer past Python's
digit limit raised ``ValueError`` / ``KeyError`` out of the loader and took every page down.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from engine.content.loader import load_bytes, load_library
from tests.conftest import FIXTURES, ROOT

HOSTILE = {
    "impossible date": ("prompt: 2024-02-30", "cannot read '2024-02-30' as a date (day is out of range for month)"),
    "tagged int": ("prompt: !!int abc", "cannot read 'abc' as a whole number"),
    "tagged float": ("prompt: !!float abc", "cannot read 'abc' as a number"),
    "tagged bool": ("prompt: !!bool maybe", "cannot read 'maybe' as true or false"),
    "tagged timestamp": ("prompt: !!timestamp 2001-02-30", "cannot read '2001-02-30' as a date"),
    "huge integer": ("prompt: " + "7" * 5000, "as a whole number (more than 4,300 digits)"),
    "bad base64": ("prompt: !!binary abc$", "unsupported YAML value"),
    "impossible date as id": ("id: 2001-02-30", "cannot read '2001-02-30' as a date"),
}


def bank_with(line: str) -> str:
    """The valid fixture with one field of its first question replaced by ``line``."""
    text = (FIXTURES / "valid.yaml").read_text()
    key = line.split(":", 1)[0]
    lines = text.splitlines()
    for i, old in enumerate(lines):
        if old.strip().startswith(f"{key}:") or old.strip().startswith(f"- {key}:"):
            indent = old[: len(old) - len(old.lstrip())] + ("- " if old.strip().startswith("- ") else "")
            lines[i] = indent + line
            return "\n".join(lines[: i + 1] + [ln for ln in lines[i + 1:]]) + "\n"
    raise AssertionError(f"no field {key} in the fixture")


@pytest.mark.parametrize("name", list(HOSTILE))
def test_unconstructible_value_is_one_error_at_its_line(name):
    line, message = HOSTILE[name]
    text = bank_with(line)
    bank, errors = load_bytes(text.encode(), "upload.yaml")
    assert bank is None
    lineno = next(i for i, ln in enumerate(text.splitlines(), 1) if line in ln)
    hits = [e for e in errors if message in e.message]
    assert hits, [str(e) for e in errors]
    assert hits[0].line == lineno
    assert hits[0].path.startswith("questions[0].")
    assert "Traceback" not in str(hits[0]) and "/" not in hits[0].message.replace("1/", "")


def test_every_bad_value_of_a_file_is_reported_at_once():
    text = bank_with("prompt: 2024-02-30").replace("difficulty: easy", "difficulty: !!bool maybe", 1)
    _, errors = load_bytes(text.encode(), "upload.yaml")
    found = " | ".join(str(e) for e in errors)
    assert "as a date" in found and "as true or false" in found


def test_a_broken_file_in_the_folder_is_left_out_and_the_rest_served(tmp_path):
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "good.yaml")
    (tmp_path / "bad.yaml").write_text(bank_with("prompt: 2024-02-30").replace("valid", "other"))
    lib = load_library([tmp_path])
    assert [lb.bank.bank for lb in lib.banks] == ["valid"]
    assert lib.broken_files == [str(tmp_path / "bad.yaml")]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_prints_the_error_line_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(bank_with("id: 2001-02-30"))
    out = run("validate", str(bad))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    assert out.stdout.startswith(f"{bad}:")
    assert "cannot read '2001-02-30' as a date" in out.stdout


def test_validate_json_over_a_folder_with_a_bad_file(tmp_path):
    shutil.copy(FIXTURES / "valid.yaml", tmp_path / "good.yaml")
    (tmp_path / "bad.yaml").write_text(bank_with("prompt: !!int abc").replace("valid", "other"))
    out = run("validate", "--json", str(tmp_path))
    assert out.returncode == 1, out.stderr
    stats = json.loads(out.stdout)
    assert stats["questions"] == 5
    assert any("cannot read 'abc' as a whole number" in e for e in stats["errors"])
