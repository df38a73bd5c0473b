"""The loader reports every problem as ``<file>:<line>: <field path>: <message>``."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.content.loader import MAX_BANK_BYTES, load_bytes, load_library, load_stored_upload, load_text
from tests.conftest import FIXTURES

F = "tests/content/fixtures"


def messages(*names: str) -> list[str]:
    lib = load_library([FIXTURES / n for n in names])
    return [str(e) for e in lib.errors]


def test_valid_bank_loads_every_type(at_root):
    lib = load_library([FIXTURES / "valid.yaml"])
    assert lib.errors == ()
    assert [q.type for q in lib.questions] == [
        "single_choice", "multi_choice", "numeric", "ordering", "free_text"
    ]
    assert lib.question("valid-numeric").answer.unit == "per step"
    assert lib.bank_of("valid-free").bank == "valid"
    assert lib.banks[0].question_lines == {
        "valid-single": 4, "valid-multi": 17, "valid-numeric": 30,
        "valid-ordering": 42, "valid-free": 55,
    }


@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("syntax_error.yaml", [
            f"{F}/syntax_error.yaml:7: (yaml): YAML syntax error: did not find expected ',' or ']'"
            " (while parsing a flow sequence started at line 6)"
        ]),
        ("unknown_key.yaml", [
            f"{F}/unknown_key.yaml:9: questions[0].explanaton: unknown field 'explanaton'; "
            "did you mean 'explanation'?"
        ]),
        ("wrong_type.yaml", [
            f"{F}/wrong_type.yaml:7: questions[0].answer.value: input should be a valid number, "
            "unable to parse string as a number"
        ]),
        ("missing_field.yaml", [
            f"{F}/missing_field.yaml:4: questions[0].prompt: required field 'prompt' is missing"
        ]),
        ("answer_not_in_choices.yaml", [
            f"{F}/answer_not_in_choices.yaml:8: questions[0].answer: answer 'c' is not one of the choices",
            f"{F}/answer_not_in_choices.yaml:21: questions[1].answer: answer 'd' not among the choices",
        ]),
        ("not_permutation.yaml", [
            f"{F}/not_permutation.yaml:8: questions[0].answer: answer is not a permutation of the "
            "items: missing 'third'; repeated 'second'"
        ]),
        ("unknown_topic.yaml", [
            f"{F}/unknown_topic.yaml:8: questions[0].topics[1]: unknown topic 'learnig-rates'; "
            "did you mean 'learning-rate'?"
        ]),
        ("python_tag.yaml", [
            f"{F}/python_tag.yaml:2: (yaml): unsupported YAML tag "
            "tag:yaml.org,2002:python/object/apply:os.system"
        ]),
    ],
)
def test_each_error_kind_has_an_exact_message(at_root, fixture, expected):
    assert messages(fixture) == expected


def test_duplicate_ids_name_both_places(at_root):
    assert messages("duplicate_a.yaml", "duplicate_b.yaml") == [
        f"{F}/duplicate_b.yaml:15: questions[1].id: duplicate id 'shared-id' "
        f"(first defined at {F}/duplicate_a.yaml:4)"
    ]


def test_duplicate_ids_within_one_file_are_found_even_with_other_errors(at_root):
    text = (FIXTURES / "duplicate_a.yaml").read_text()
    q = text.split("questions:\n", 1)[1]
    bad = text + q.replace("prompt: Explain.", "prompt: 12") + "    extra: 1\n"
    _, errors = load_text(bad, "dupes.yaml")
    assert [str(e) for e in errors] == [
        "dupes.yaml:15: questions[1].id: duplicate id 'shared-id' (first defined at dupes.yaml:4)",
        "dupes.yaml:17: questions[1].prompt: expected text, but YAML read this value as a number: put it in quotes (\"...\")",
        "dupes.yaml:26: questions[1].extra: unknown field 'extra'",
    ]


def test_every_error_of_a_file_is_reported_at_once(at_root):
    assert messages("many_errors.yaml") == [
        f"{F}/many_errors.yaml:1: bank: 'Many Errors' is not a valid id: use lower-case letters, "
        "digits and single hyphens",
        f"{F}/many_errors.yaml:6: questions[0].difficulty: difficulty must be one of easy, medium, "
        "hard, got 'extreme'",
        f"{F}/many_errors.yaml:8: questions[0].roles[0]: unknown role 'recruiter'; known roles: "
        "data-scientist, ml-engineer, manager, creative",
        f"{F}/many_errors.yaml:23: questions[1].answer: give abs_tol, rel_tol or both "
        "(use abs_tol: 0 for an exact answer)",
    ]


def test_every_error_of_every_file_is_reported_and_good_banks_still_load(at_root):
    lib = load_library([FIXTURES])
    files = {e.file.rsplit("/", 1)[1] for e in lib.errors}
    assert files == {
        "answer_not_in_choices.yaml", "duplicate_b.yaml", "many_errors.yaml",
        "missing_field.yaml", "not_permutation.yaml", "python_tag.yaml", "syntax_error.yaml",
        "unknown_key.yaml", "unknown_topic.yaml", "wrong_type.yaml",
    }
    assert sorted(lb.bank.bank for lb in lib.banks) == ["duplicate-a", "valid"]


def test_python_tags_are_never_executed(at_root, tmp_path):
    target = Path("/tmp/tunelab-pwned")
    target.unlink(missing_ok=True)
    load_library([FIXTURES / "python_tag.yaml"])
    assert not target.exists()


def test_files_over_one_megabyte_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    big = tmp_path / "big.yaml"
    big.write_text("bank: big\ntitle: Big\n# " + "x" * MAX_BANK_BYTES + "\n")
    lib = load_library([big])
    size = big.stat().st_size
    assert [str(e) for e in lib.errors] == [
        f"big.yaml:1: (file): file is {size:,} bytes; a bank may be at most 1,048,576 bytes (1 MB)"
    ]
    _, errors = load_bytes(big.read_bytes(), "upload.yaml")
    assert errors[0].path == "(file)" and "at most 1,048,576 bytes" in errors[0].message


def test_a_rubric_of_aliased_lines_is_refused_at_eight():
    """Each of a question's key points, common mistakes and follow-ups is at most 8 lines. An
    uploaded bank under 1 MB repeated one key point 90,000 times through a YAML alias (the
    adversarial walk-through): the free-text judge then read them all, for minutes, and every
    visitor's free-text answer waited behind it."""
    text = (FIXTURES / "valid.yaml").read_text()
    free = text.index("id: valid-free")
    line = text.index("key_points", free)
    end = text.index("\n", line)
    bomb = "key_points: [&k 'A point worth saying', " + ", ".join(["*k"] * 9_000) + "]"
    _, errors = load_bytes((text[:line] + bomb + text[end:]).encode(), "upload.yaml", upload=True)
    assert [e.message for e in errors] == ["at most 8 items here, not 9001"]
    assert errors[0].path == "questions[4].key_points"
    for field in ("common_mistakes", "follow_ups"):
        many = f"{field}: [" + ", ".join(f"Line {n}" for n in range(9)) + "]"
        at = text.index(field, free)
        _, errors = load_text(text[:at] + many + text[text.index("\n", at):], "k.yaml")
        assert [e.message for e in errors] == ["at most 8 items here, not 9"], field
    eight = "key_points: [" + ", ".join(f"Point {n}" for n in range(8)) + "]"
    bank, errors = load_text(text[:line] + eight + text[end:], "k.yaml")
    assert not errors and len(bank.bank.questions[4].key_points) == 8


def test_a_stored_upload_of_the_days_before_the_rubric_bound_still_reads():
    """An interview kept the bank uploaded for it, checked under the rules of its day: one made
    before rubrics had a bound reads its questions, each list up to its first 8 (a new upload of
    the same text is refused, as above); a stored bank that is broken otherwise still reads as none."""
    text = (FIXTURES / "valid.yaml").read_text()
    free = text.index("id: valid-free")
    line = text.index("key_points", free)
    twelve = "key_points: [" + ", ".join(f"Point {n}" for n in range(12)) + "]"
    old = text[:line] + twelve + text[text.index("\n", line):]
    assert load_text(old, "k.yaml", upload=True)[0] is None
    bank = load_stored_upload(old)
    assert bank is not None and bank.bank.questions[4].key_points == [f"Point {n}" for n in range(8)]
    assert [q.id for q in bank.bank.questions] == [q.id for q in load_text(text, "v.yaml")[0].bank.questions]
    assert load_stored_upload(old.replace("type: free_text", "type: essay")) is None


def test_alias_bombs_are_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefg", "bcdefgh")
    )
    _, errors = load_text(bomb, "bomb.yaml")
    assert len(errors) == 1 and "alias bomb" in errors[0].message


@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_one_error_not_a_crash(style):
    # 600 levels: far past Python's recursion limit for a converter that recursed without a guard
    depth = 600
    if style == "block":
        text = "bank: deep\nquestions:\n" + "".join("  " * i + "-\n" for i in range(depth)) + "  " * depth + "x\n"
    else:
        text = "bank: deep\nquestions: " + "[" * depth + "x" + "]" * depth + "\n"
    bank, errors = load_bytes(text.encode(), "deep.yaml")
    assert bank is None and len(errors) == 1
    assert "the YAML nests more than 32 levels deep" == errors[0].message, errors


def test_duplicate_yaml_keys_are_errors():
    text = (FIXTURES / "valid.yaml").read_text().replace("title: A valid bank", "title: A\ntitle: B", 1)
    _, errors = load_text(text, "k.yaml")
    assert [str(e) for e in errors] == ["k.yaml:3: title: key 'title' appears twice (first at line 2)"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "k.yaml:1: (yaml): the file is empty"),
        ("- a\n- b\n", "k.yaml:1: (file): a bank must be a mapping with bank, title and questions"),
        ("bank: x\ntitle: T\nquestions: []\n", "k.yaml:3: questions: at least 1 item here, not 0"),
        ("bank: x\ntitle: T\nquestions:\n  - id: a\n    type: essay\n",
         "k.yaml:5: questions[0].type: unknown question type 'essay' (known types: single_choice, "
         "multi_choice, numeric, ordering, free_text)"),
        ("bank: x\ntitle: T\nquestions:\n  - id: a\n",
         "k.yaml:4: questions[0].type: required field 'type' is missing (one of: single_choice, "
         "multi_choice, numeric, ordering, free_text)"),
    ],
)
def test_shape_errors(text, message):
    _, errors = load_text(text, "k.yaml")
    assert [str(e) for e in errors] == [message]


def test_invalid_utf8_is_reported_with_its_line():
    _, errors = load_bytes(b"bank: x\ntitle: \xff\n", "u.yaml")
    assert [str(e) for e in errors] == ["u.yaml:2: (file): not valid UTF-8 text"]


def test_missing_path_raises():
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_library(["does/not/exist"])


def _one_question(body: str) -> str:
    return "bank: x\ntitle: T\nquestions:\n  - id: a\n" + body


@pytest.mark.parametrize(
    "body, message",
    [
        # the authors' audit: pydantic's and PyYAML's words said what was wrong, not what to write
        ("    type: single_choice\n    prompt: P?\n    choices: [Yes, No]\n",
         "k.yaml:7: questions[0].choices[0]: expected text, but YAML read this value as true/false: put it in "
         "quotes (\"...\")"),
        ("    type: numeric\n    prompt: P?\n    answer: 0.2\n",
         "k.yaml:7: questions[0].answer: a numeric answer is a mapping with its tolerance: answer: "
         "{value: 0.2, abs_tol: ...} (or rel_tol)"),
        ("    type: numeric\n    prompt: The step is lr times gradient: what is it?\n",
         "k.yaml:6: (yaml): YAML syntax error: mapping values are not allowed in this context; a colon followed by "
         "a space inside unquoted text starts a new field: put the text in quotes"),
        ("    type: numeric\n    prompt: P?\n    steps:\n      - {type: ordering, prompt: S}\n",
         "k.yaml:8: questions[0].steps[0].type: unknown step type 'ordering' (a derivation's step is single_choice "
         "or numeric)"),
    ],
)
def test_an_authors_usual_mistakes_say_what_to_write(body, message):
    _, errors = load_text(_one_question(body), "k.yaml")
    assert message in [str(e) for e in errors]


def test_a_folder_finds_a_bank_whatever_the_case_of_its_suffix(tmp_path):
    (tmp_path / "My-Bank.YAML").write_text((FIXTURES / "valid.yaml").read_text())
    assert len(load_library([tmp_path]).questions) == 5  # it was "0 valid banks, 0 errors"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("abs_tol: 1.0e-6, unit: per step", "rel_tol: 5, unit: per step",
         "rel_tol is a share of the value (0.05 accepts 5% either side), so at most 1; 5 would accept almost any number"),
        ("    explanation: Because.\n", "    explanation: Because.\n    lab: {page: search-lab, preset: branin-typo}\n",
         "preset: the search-lab has no preset 'branin-typo'; it has "),
    ],
)
def test_a_tolerance_or_a_lab_preset_that_cannot_be_meant_is_refused(old, new, message):
    text = (FIXTURES / "valid.yaml").read_text()
    assert old in text
    _, errors = load_text(text.replace(old, new, 1), "k.yaml")
    assert any(message in str(e) for e in errors), errors


def test_every_problem_of_a_simulations_params_is_said_at_once_at_its_own_line():
    """The authors' audit: three mistakes in simulation.params took three runs of validate to see,
    the last at the line of 'simulation:' and without a suggestion."""
    text = ("bank: x\ntitle: T\nquestions:\n  - id: a\n    type: single_choice\n    prompt: Which wins?\n"
            "    choices: [fast, slow]\n    answer: fast\n    difficulty: easy\n    topics: [learning-rate]\n"
            "    roles: [ml-engineer]\n    explanation: e\n    model_answer: m\n    key_points: [k]\n"
            "    common_mistakes: [c]\n    follow_ups: [f]\n    simulation:\n      scenario: training\n"
            "      params:\n        dataset: moons\n        hiden: [32]\n        epoch: 20\n        runs:\n"
            "          - {label: fast, optimizer: adam, lr: 0.01}\n"
            "          - {label: slow, optimizer: sgd, lr: 0.0001, batch: 16}\n"
            "      check: {metric: winner_by_val_acc}\n")
    _, errors = load_text(text, "k.yaml")
    said = [str(e) for e in errors]
    assert "k.yaml:21: questions[0].simulation.params.hiden: unknown field 'hiden'; did you mean 'hidden'?" in said
    assert "k.yaml:22: questions[0].simulation.params.epoch: unknown field 'epoch'; did you mean 'epochs'?" in said
    assert ("k.yaml:25: questions[0].simulation.params.runs[1].batch: unknown field 'batch'; did you mean "
            "'batch_size'?") in said
