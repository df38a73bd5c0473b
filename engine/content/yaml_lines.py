"""Safe YAML parsing that remembers the line of every key and list item.

``yaml.safe_load`` throws line numbers away. Here the file is *composed* into a node tree
with PyYAML's safe loader (no Python tags, nothing executed) and converted to plain Python
data by hand, recording ``path -> line`` on the way, so a schema error at
``questions[3].answer`` can be reported at the line where that answer is written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's C parser is ~10x faster; the pure-Python one is identical in behaviour.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]

#: Guards against alias bombs ("billion laughs"): a bank has a few thousand nodes at most.
MAX_NODES = 200_000
#: Guards the conversion's recursion: a bank nests about eight levels (bank, questions, a
#: question, its simulation, its runs, a run, its start point), an upload could nest thousands.
MAX_DEPTH = 32


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class YamlProblem(Exception):
    """A file that is not usable YAML; ``line`` is 1-based, ``path`` the field it sits in."""

    def __init__(self, line: int, message: str, path: Path = ()):
        super().__init__(message)
        self.line = line
        self.message = message
        self.path = path


@dataclass
class Parsed:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    #: problems that do not stop parsing (duplicate keys), as (line, path, message)
    problems: list[tuple[int, Path, str]] = field(default_factory=list)


def parse(text: str) -> Parsed:
    """Parse one YAML document into Python data plus a line map.

    Raises
    ------
    YamlProblem
        On a syntax error, an unsupported tag, an empty document, an alias bomb or nesting
        deeper than :data:`MAX_DEPTH`.
    """
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            message = exc.problem or "invalid YAML"
            if exc.context and exc.context_mark is not None:
                message += f" ({exc.context} started at line {exc.context_mark.line + 1})"
            if "mapping values are not allowed" in message:  # the usual cause, said for a question's author
                message += ("; a colon followed by a space inside unquoted text starts a new field: "
                            "put the text in quotes")
            raise YamlProblem(line, f"YAML syntax error: {message}") from None
        except yaml.YAMLError as exc:
            # a reader error (control character, bad encoding) carries its position but no mark
            line = _reader_line(text, getattr(exc, "position", None))
            raise YamlProblem(line, f"YAML error: {str(exc).splitlines()[0]}") from None
        if node is None:
            raise YamlProblem(1, "the file is empty")
        parsed = Parsed(data=None)
        counter = [0]
        parsed.data = _convert(loader, node, (), parsed, counter)
        return parsed
    finally:
        loader.dispose()


def _convert(loader: Any, node: yaml.Node, path: Path, parsed: Parsed, counter: list[int]) -> Any:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise YamlProblem(node.start_mark.line + 1, f"more than {MAX_NODES} YAML nodes (alias bomb?)")
    if len(path) > MAX_DEPTH:
        raise YamlProblem(node.start_mark.line + 1, f"the YAML nests more than {MAX_DEPTH} levels deep")
    parsed.lines.setdefault(path, node.start_mark.line + 1)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        raise YamlProblem(node.start_mark.line + 1, f"unsupported YAML tag {node.tag}")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, "mapping keys must be plain scalars")
            key = _scalar(loader, key_node, path, parsed)
            if key == "<<":
                raise YamlProblem(key_node.start_mark.line + 1, "merge keys ('<<') are not supported")
            key_line = key_node.start_mark.line + 1
            child = path + (key,)
            if key in first_line:
                parsed.problems.append(
                    (key_line, child, f"key '{key}' appears twice (first at line {first_line[key]})")
                )
            first_line.setdefault(key, key_line)
            parsed.lines[child] = key_line  # errors about a field point at its key
            out[key] = _convert(loader, value_node, child, parsed, counter)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, path + (i,), parsed, counter) for i, item in enumerate(node.value)
        ]
    return _scalar(loader, node, path, parsed)


#: what a tagged scalar was meant to be, for the error message
_TAG_WORDS = {"int": "a whole number", "float": "a number", "bool": "true or false",
              "timestamp": "a date", "binary": "base64 data", "null": "null"}


def _scalar(loader: Any, node: yaml.Node, path: Path, parsed: Parsed) -> Any:
    """Construct one scalar; a value that cannot be built is a problem at its line, not a crash.

    Such a problem is recorded in ``parsed.problems`` and the raw text stands in for the value,
    so the rest of the file is still checked and every error is reported at once.

    PyYAML's safe constructors raise plain ``ValueError`` / ``KeyError`` for values such as
    ``2024-02-30`` (an implicit date that is not a real day), ``!!int abc``, ``!!bool maybe``
    or an integer longer than Python's 4,300-digit conversion limit.
    """
    line = node.start_mark.line + 1
    try:
        # SafeConstructor: str/int/float/bool/null/timestamp only; !!python/* tags are refused.
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(line, f"unsupported YAML value: {problem}", path) from None
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        kind = node.tag.rsplit(":", 1)[-1]
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        reason = ""
        if kind == "timestamp":
            reason = f" ({exc})"  # "day is out of range for month" says what is wrong
        elif "digits" in str(exc):
            reason = f" (more than {sys.get_int_max_str_digits():,} digits)"
        hint = "; put it in quotes to keep it as text" if not node.style and kind == "timestamp" else ""
        parsed.problems.append(
            (line, path, f"cannot read '{shown}' as {_TAG_WORDS.get(kind, kind)}{reason}{hint}")
        )
        return node.value


def _reader_line(text: str, position: int | None) -> int:
    return text.count("\n", 0, position) + 1 if isinstance(position, int) and position >= 0 else 1
