"""Load question banks from YAML files and report every problem at once.

Each problem is a :class:`ContentError` printed as ``<file>:<line>: <field path>: <message>``.
A file with any problem is left out of the :class:`Library`; the other files are served, so
one broken bank never takes the app down.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.content.schema import QUESTION_MODELS, RUBRIC_LINES, STEP_TYPES, Bank
from engine.content.topics import DIFFICULTIES, QUESTION_TYPES, ROLES, TOPICS
from engine.content.yaml_lines import Parsed, YamlProblem, parse
from engine.forms import FORMS, forms_of
from engine.limits import LimitExceeded, check_upload_questions

#: Largest bank file accepted (1 MiB); a bank of 200 questions is ~150 kB.
MAX_BANK_BYTES = 1_048_576
BANK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one bank file."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message}


@dataclass(frozen=True)
class LoadedBank:
    """A validated bank with where it came from."""

    bank: Bank
    source: str
    #: question id -> line of the question in ``source``
    question_lines: dict[str, int] = field(default_factory=dict)
    #: interview-only (the bank says ``private: true``, or it sits in a private folder)
    private: bool = False


@dataclass(frozen=True)
class Library:
    """Every valid bank, plus every error found while loading.

    ``questions``, ``question`` and ``bank_of`` see the public banks only: what Practice,
    Review, Run it and the CLI serve. Private (interview-only) questions are reached only
    through ``interview_questions`` and ``question(..., private=True)``.
    """

    banks: tuple[LoadedBank, ...] = ()
    errors: tuple[ContentError, ...] = ()

    @property
    def public_banks(self) -> list[LoadedBank]:
        """The banks anyone may see and practise (a private bank's title and topics say too much)."""
        return [lb for lb in self.banks if not lb.private]

    @property
    def questions(self) -> list[Any]:
        return [q for lb in self.public_banks for q in lb.bank.questions]

    @property
    def interview_questions(self) -> list[Any]:
        """Every question an interview may use: the public ones and the private ones."""
        return [q for lb in self.banks for q in lb.bank.questions]

    def public_ids(self, uploaded: Iterable[str] = ()) -> frozenset[str]:
        """The ids of the questions a candidate could have practised: those of the public banks,
        the ones Practice serves. ``uploaded``: the ids of an interview's own uploaded bank, private
        by construction (an upload never joins the banks, and its ids are kept apart from theirs)."""
        return frozenset(q.id for q in self.questions) - set(uploaded)

    def is_private(self, question_id: str) -> bool:
        return question_id in self._index() and self._index()[question_id][2]

    def question(self, question_id: str, private: bool = False) -> Any | None:
        q, _, hidden = self._index().get(question_id, (None, None, False))
        return q if q is not None and (private or not hidden) else None

    def bank_of(self, question_id: str, private: bool = False) -> Bank | None:
        _, bank, hidden = self._index().get(question_id, (None, None, False))
        return bank if bank is not None and (private or not hidden) else None

    def _index(self) -> dict[str, tuple[Any, Bank, bool]]:
        # Frozen dataclass: cache the index on first use without breaking immutability.
        cached = self.__dict__.get("_idx")
        if cached is None:
            cached = {q.id: (q, lb.bank, lb.private) for lb in self.banks for q in lb.bank.questions}
            object.__setattr__(self, "_idx", cached)
        return cached

    @property
    def broken_files(self) -> list[str]:
        return sorted({e.file for e in self.errors})

    def stats(self) -> dict[str, Any]:
        """Counts used by ``python -m engine validate --json`` and the home page."""
        qs = self.questions
        by_topic = Counter(t for q in qs for t in q.topics)
        by_role = Counter(r for q in qs for r in q.roles)
        return {
            "banks": len(self.banks),
            "questions": len(qs),
            "by_type": {t: sum(q.type == t for q in qs) for t in QUESTION_TYPES},
            "by_difficulty": {d: sum(q.difficulty == d for q in qs) for d in DIFFICULTIES},
            "by_topic": {t: by_topic.get(t, 0) for t in TOPICS},
            "by_role": {r: by_role.get(r, 0) for r in ROLES},
            "by_form": {f: sum(f in forms_of(q) for q in qs) for f in FORMS},
            "private_questions": len(self.interview_questions) - len(qs),
            "errors": [str(e) for e in self.errors],
        }


def display_path(path: Path) -> str:
    """``content/x.yaml`` when under the working directory, else the path as given."""
    try:
        return os.path.relpath(path.resolve(), Path.cwd()) if path.resolve().is_relative_to(
            Path.cwd()
        ) else str(path)
    except (OSError, ValueError):
        return str(path)


def iter_bank_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders into their ``*.yaml``/``*.yml`` files, sorted for reproducibility.

    Raises
    ------
    FileNotFoundError
        When a path names nothing.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            # any case of the suffix: My-Bank.YAML was no bank, with no error either
            yield from sorted(f for f in p.iterdir() if f.suffix.lower() in BANK_SUFFIXES and f.is_file())
        elif p.is_file():
            yield p
        else:
            raise FileNotFoundError(f"no such file or folder: {raw}")


def load_library(paths: Iterable[str | Path], private_paths: Iterable[str | Path] = ()) -> Library:
    """Load every bank under ``paths`` (and, as interview-only, under ``private_paths``).

    These are banks the operator installed (the content folder, or files given to
    ``validate``), so their ``code.run`` blocks are allowed: the engine may run those snippets.

    Raises
    ------
    FileNotFoundError
        When a path names nothing.
    """
    public = list(iter_bank_files(paths))
    private = list(iter_bank_files(private_paths))
    banks, errors = _check_files(public + private)
    hidden = {display_path(f) for f in private}
    banks = [replace(lb, private=lb.private or lb.source in hidden) for lb in banks]
    return Library(banks=tuple(banks), errors=tuple(sorted(errors)))


def load_bytes(raw: bytes, name: str, trusted: bool = False, beside: Library | None = None,
               upload: bool = False) -> tuple[LoadedBank | None, list[ContentError]]:
    """Validate one bank given as bytes (a file, or an upload named ``name``).

    An upload is not ``trusted``: a ``code.run`` block (asking the engine to run its snippet)
    is an error, so code from an uploaded bank is never run. ``beside``: the library the bank
    joins; an id one of its banks (private ones too) already has is a duplicate, named with where
    it is defined (an upload reusing a shipped id replaced that question in the interview and was
    counted as public).

    Raises
    ------
    engine.limits.LimitExceeded
        With ``upload`` (a bank uploaded for an interview), when it has more questions than the
        ``upload`` ceiling; counted once the YAML is read, before any question is validated.
    """
    text, problem = _decode(raw, name)
    if problem is not None:
        return None, [problem]
    return load_text(text, name, trusted, beside, upload)


def load_text(text: str, name: str, trusted: bool = False, beside: Library | None = None,
              upload: bool = False) -> tuple[LoadedBank | None, list[ContentError]]:
    """Validate one bank given as text; returns the bank (or None) and its errors (see :func:`load_bytes`)."""
    taken = {} if beside is None else {
        q.id: f"{lb.source}:{lb.question_lines.get(q.id, 1)}" for lb in beside.banks for q in lb.bank.questions}
    banks, errors = _dedupe([(name, _check_text(text, name, trusted, upload))], taken)
    if errors:
        return None, sorted(errors)
    return banks[0], []


def _decode(raw: bytes, name: str, size: int | None = None) -> tuple[str | None, ContentError | None]:
    """The text of a bank file, or the error that stops it being read (too big, not UTF-8).

    ``size`` is the file's size when it was too big to read (``raw`` is then empty).
    """
    size = len(raw) if size is None else size
    if size > MAX_BANK_BYTES:
        return None, ContentError(name, 1, "(file)", _too_big(size))
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, ContentError(name, line, "(file)", "not valid UTF-8 text")


def _too_big(size: int, subject: str = "file") -> str:
    return f"{subject} is {size:,} bytes; a bank may be at most {MAX_BANK_BYTES:,} bytes (1 MB)"


@dataclass
class _FileResult:
    bank: LoadedBank | None
    errors: list[ContentError]
    #: (id, line, question index) for every question that has a string id, valid or not
    ids: list[tuple[str, int, int]]


def load_stored_upload(text: str) -> LoadedBank | None:
    """An interview's uploaded bank as its interview stored it (or None if it no longer reads).

    It was checked when uploaded, under the rules of that day: a rubric list longer than
    :data:`~engine.content.schema.RUBRIC_LINES` (allowed before 2026-12-05) is read up to its
    first ones, so an interview made then still shows its questions. The stored text is unchanged.
    """
    bank, _ = _dedupe([("uploaded.yaml", _check_text(text, "uploaded.yaml", trusted=False, stored=True))], {})
    return bank[0] if bank else None


def _trim_rubrics(data: Any) -> None:
    """Cut each question's rubric lists to :data:`RUBRIC_LINES` items, in place (see
    :func:`load_stored_upload`)."""
    questions = data.get("questions") if isinstance(data, dict) else None
    for q in questions if isinstance(questions, list) else ():
        for field in ("key_points", "common_mistakes", "follow_ups"):
            if isinstance(q, dict) and isinstance(q.get(field), list) and len(q[field]) > RUBRIC_LINES:
                q[field] = q[field][:RUBRIC_LINES]


def _check_text(text: str, name: str, trusted: bool = True, upload: bool = False,
                stored: bool = False) -> _FileResult:
    try:
        parsed = parse(text)
    except YamlProblem as exc:
        where = _format_path(exc.path) if exc.path else "(yaml)"
        return _FileResult(None, [ContentError(name, exc.line, where, exc.message)], [])
    if stored:
        _trim_rubrics(parsed.data)
    if upload:  # before validating (and listing the problems of) thousands of questions
        check_upload_questions(_question_count(parsed.data), name)
    errors = [ContentError(name, line, _format_path(path), msg) for line, path, msg in parsed.problems]
    if not isinstance(parsed.data, dict):
        msg = "a bank must be a mapping with bank, title and questions"
        return _FileResult(None, errors + [ContentError(name, 1, "(file)", msg)], [])
    ids = _raw_ids(parsed)
    if not trusted:
        errors += _runs_refused(parsed, name)
    try:
        bank = Bank.model_validate(parsed.data)
    except ValidationError as exc:
        return _FileResult(None, sorted(errors + _translate(exc, parsed, name)), ids)
    if errors:
        return _FileResult(None, sorted(errors), ids)
    qlines = {q.id: parsed.lines.get(("questions", i), 1) for i, q in enumerate(bank.questions)}
    return _FileResult(LoadedBank(bank=bank, source=name, question_lines=qlines, private=bank.private), [], ids)


def _question_count(data: Any) -> int:
    """How many entries a parsed bank's ``questions`` list has (0 when it has none)."""
    questions = data.get("questions") if isinstance(data, dict) else None
    return len(questions) if isinstance(questions, list) else 0


def check_uploaded_bank(text: str, name: str) -> None:
    """Refuse a bank uploaded for an interview, called ``name`` in the sentence, that is larger than
    a bank may be or lists more questions (valid or not) than the ``upload`` ceiling, with
    :class:`engine.limits.LimitExceeded`: the checks :func:`load_bytes` makes of an upload, for a
    bank's text kept with an interview."""
    size = len(text.encode())
    if size > MAX_BANK_BYTES:
        raise LimitExceeded(_too_big(size, name) + ".")
    try:
        count = _question_count(parse(text).data)
    except YamlProblem:
        count = 0
    check_upload_questions(count, name)


def _runs_refused(parsed: Parsed, name: str) -> list[ContentError]:
    """A ``code.run`` block in a bank that is not trusted (an upload): the code is never run."""
    questions = parsed.data.get("questions")
    out = []
    for i, q in enumerate(questions if isinstance(questions, list) else []):
        code = q.get("code") if isinstance(q, dict) else None
        if isinstance(code, dict) and "run" in code:
            path = ("questions", i, "code", "run")
            out.append(ContentError(name, parsed.lines.get(path, 1), _format_path(path),
                                    "an uploaded bank cannot ask the engine to run its code; remove 'run' "
                                    "(the code is still shown)"))
    return out


def _raw_ids(parsed: Parsed) -> list[tuple[str, int, int]]:
    questions = parsed.data.get("questions")
    if not isinstance(questions, list):
        return []
    out = []
    for i, q in enumerate(questions):
        if isinstance(q, dict) and isinstance(q.get("id"), str):
            out.append((q["id"], parsed.lines.get(("questions", i, "id"), 1), i))
    return out


def _duplicate(name: str, line: int, index: int, qid: str, first: str) -> ContentError:
    return ContentError(
        name, line, f"questions[{index}].id", f"duplicate id '{qid}' (first defined at {first})"
    )


def _check_files(files: list[Path]) -> tuple[list[LoadedBank], list[ContentError]]:
    """Validate each file, then make ids unique across all of them (see :func:`_dedupe`)."""
    results: list[tuple[str, _FileResult]] = []
    errors: list[ContentError] = []
    for f in files:
        name = display_path(f)
        try:
            size = f.stat().st_size
            raw = b"" if size > MAX_BANK_BYTES else f.read_bytes()  # never read an oversized file
        except OSError as exc:
            errors.append(ContentError(name, 1, "(file)", f"cannot read the file: {exc.strerror}"))
            continue
        text, problem = _decode(raw, name, size)
        if problem is not None:
            errors.append(problem)
            continue
        results.append((name, _check_text(text, name, trusted=True)))
    banks, dup_errors = _dedupe(results)
    return banks, errors + dup_errors


def _dedupe(results: list[tuple[str, _FileResult]],
            taken: Mapping[str, str] | None = None) -> tuple[list[LoadedBank], list[ContentError]]:
    """Make ids unique within and across files (and against ``taken``: id -> where it is
    defined already); a file that reuses an id is left out.

    Duplicates are found on the raw ids, so a file with other errors still has its repeated
    ids reported.
    """
    errors: list[ContentError] = []
    first: dict[str, str] = dict(taken or {})
    bad: set[str] = set()
    for name, res in results:
        errors.extend(res.errors)
        for qid, line, index in res.ids:
            if qid in first:
                errors.append(_duplicate(name, line, index, qid, first[qid]))
                bad.add(name)
            else:
                first[qid] = f"{name}:{line}"
    banks = [r.bank for n, r in results if r.bank is not None and n not in bad]
    return banks, errors


# --------------------------------------------------------------------------- error text
def _format_path(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _resolve(loc: tuple[Any, ...], data: Any) -> tuple[tuple[Any, ...], Any, tuple[Any, ...]]:
    """Map a pydantic ``loc`` onto the data: (matched path, node reached, unmatched rest).

    Discriminated unions insert the tag (``'single_choice'``) into ``loc``; it names no key in
    the data, so it is skipped.
    """
    matched: list[Any] = []
    node = data
    rest = list(loc)
    while rest:
        part = rest[0]
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and part in QUESTION_MODELS and node.get("type") == part:
            rest.pop(0)
            continue
        else:
            break
        matched.append(part)
        rest.pop(0)
    return tuple(matched), node, tuple(rest)


def _translate(exc: ValidationError, parsed: Parsed, name: str) -> list[ContentError]:
    errors = []
    for err in exc.errors(include_url=False):
        matched, node, rest = _resolve(tuple(err["loc"]), parsed.data)
        line = parsed.lines.get(matched, 1)
        kind = err["type"]
        msg = err["msg"]
        path = matched
        if kind == "missing" and rest:
            path = matched + (rest[0],)
            msg = f"required field '{rest[0]}' is missing"
        elif kind == "extra_forbidden":
            msg = f"unknown field '{matched[-1]}'" + _suggest_field(matched, parsed.data)
        elif kind == "union_tag_invalid":
            tag = err.get("ctx", {}).get("tag")
            path = matched + ("type",)
            line = parsed.lines.get(path, line)
            if "steps" in matched:  # a derivation's step, whose types are fewer than a question's
                msg = f"unknown step type '{tag}' (a derivation's step is {' or '.join(STEP_TYPES)})"
            else:
                msg = f"unknown question type '{tag}' (known types: {', '.join(QUESTION_TYPES)})"
        elif kind == "string_type" and isinstance(node, (bool, int, float)):
            # YAML reads Yes, No, on, off as true/false and 0.001 as a number: say so, and the cure
            read = "true/false" if isinstance(node, bool) else "a number"
            msg = f"expected text, but YAML read this value as {read}: put it in quotes (\"...\")"
        elif kind in ("model_type", "model_attributes_type", "dict_type") and matched and matched[-1] == "answer" \
                and isinstance(node, (int, float)) and not isinstance(node, bool):
            msg = (f"a numeric answer is a mapping with its tolerance: answer: {{value: {node}, abs_tol: ...}} "
                   "(or rel_tol)")
        elif kind == "union_tag_not_found":
            path = matched + ("type",)
            known = ", ".join(STEP_TYPES if "steps" in matched else QUESTION_TYPES)
            msg = f"required field 'type' is missing (one of: {known})"
        elif kind == "string_pattern_mismatch":
            msg = f"'{node}' is not a valid id: use lower-case letters, digits and single hyphens"
        elif kind == "value_error":
            msg = msg.removeprefix("Value error, ")
            path, line, msg = _pinpoint(matched, line, msg, parsed)
        elif kind in ("too_long", "too_short") and err.get("ctx", {}).get("field_type") == "List":
            # pydantic's "list should have at most 8 items after validation, not 9" speaks of itself
            ctx = err["ctx"]
            bound = (f"at most {ctx['max_length']}" if kind == "too_long"
                     else f"at least {ctx['min_length']}")
            msg = f"{bound} item{'' if bound.endswith(' 1') else 's'} here, not {ctx['actual_length']}"
        elif kind == "literal_error" and matched and matched[-1] == "difficulty":
            msg = f"difficulty must be one of {', '.join(DIFFICULTIES)}, got '{node}'"
        else:
            msg = msg[:1].lower() + msg[1:]
        errors.append(ContentError(name, line, _format_path(path), msg))
    # one schema problem can surface twice through unions; keep each once
    return sorted(set(errors))


_FIELD_PREFIX = re.compile(r"^([a-z_][a-z0-9_]*(?:\[\d+\]|\.[a-z_][a-z0-9_]*)*): (.+)$", re.S)


def _pinpoint(matched: tuple[Any, ...], line: int, msg: str, parsed: Parsed) -> tuple[tuple[Any, ...], int, str]:
    """A rule broken across fields says where (``"figure.view: ..."``): report it at that field's line."""
    m = _FIELD_PREFIX.match(msg)
    if not m:
        return matched, line, msg
    sub: list[Any] = []
    for part in re.findall(r"[a-z_][a-z0-9_]*|\[\d+\]", m.group(1)):
        sub.append(int(part[1:-1]) if part.startswith("[") else part)
    path = matched + tuple(sub)
    while len(path) > len(matched) and path not in parsed.lines:
        path = path[:-1]  # e.g. a field that was left out: point at its parent
    return matched + tuple(sub), parsed.lines.get(path, line), m.group(2)


def _params_model(data: Any, path: tuple[Any, ...]) -> Any:
    """The model of the simulation params (or of one of its runs) a misspelt field sits in."""
    from engine.sim.params import SCENARIO_PARAMS

    q = data["questions"][path[1]] if isinstance(data.get("questions"), list) else {}
    sim = q.get("simulation") if isinstance(q, dict) else None
    model = SCENARIO_PARAMS.get(sim.get("scenario")) if isinstance(sim, dict) else None
    for part in path[4:-1]:  # down through the params: runs, then a run
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = getattr(field, "annotation", None)
        args = [a for a in getattr(inner, "__args__", ()) if hasattr(a, "model_fields")]
        model = args[0] if args else (inner if hasattr(inner, "model_fields") else None)
    return model


def _suggest_field(path: tuple[Any, ...], data: Any) -> str:
    """' (did you mean 'x'?)' for a misspelt field name, when a close known field exists."""
    if not path:
        return ""
    parent, _, _ = _resolve(path[:-1], data)
    model: Any = Bank
    if len(path) >= 5 and path[0] == "questions" and path[2:4] == ("simulation", "params"):
        model = _params_model(data, path)
        if model is None:
            return ""
    elif len(path) >= 3 and path[0] == "questions":
        q = data["questions"][path[1]] if isinstance(data.get("questions"), list) else {}
        model = QUESTION_MODELS.get(q.get("type") if isinstance(q, dict) else None)
        if model is None or len(path) > 3:
            return ""
    elif len(path) != 1:
        return ""
    close = difflib.get_close_matches(str(path[-1]), list(model.model_fields), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
