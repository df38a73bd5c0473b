"""Reading the values of a shareable lab link, each held to the range of the control it sets.

A lab's link (``?epochs=20&runs=...``) is text anyone can write. :class:`LinkReader` reads one
value at a time: a value the lab's control accepts is returned as that control's type; one
outside its range is clamped to the range, and one the control cannot take at all (not a
number, a name the lab does not have) is left out; either way one plain sentence is added to
:attr:`LinkReader.notes`, and nothing raises. The sentences name the setting and the lab's own
values, never the link's text (a visitor wrote it: the page shows notes, but does not repeat
what it could not read).

Pure Python: the pages read ``st.query_params`` and pass a mapping.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

#: the longest value read as a number; a longer one is "not a number" without being parsed
MAX_NUMBER_CHARS = 40
#: how many names of a list (``strategies=grid,random``) are looked at
MAX_NAMES = 64


def number_text(x: float) -> str:
    """``x`` as the shortest text that reads back as the same float (``0.05``, ``1e-05``, ``10``)."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def parse_number(raw: object) -> float | None:
    """The finite number ``raw`` spells, or None (not a number, too long, nan, inf)."""
    text = str(raw).strip()
    if len(text) > MAX_NUMBER_CHARS:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def first_names(text: str) -> list[str]:
    """The comma-separated names of ``text``, stripped, empty ones left out: the first
    :data:`MAX_NAMES` only (a registry has a handful or a few dozen, a link may hold millions)."""
    return [p for p in (p.strip() for p in str(text).split(",", MAX_NAMES)[:MAX_NAMES]) if p]


class LinkReader:
    """Reads the values of one link, collecting a note for each it could not use as given.

    Parameters
    ----------
    query
        The link's parameters (name -> text), as ``st.query_params`` gives them.
    """

    def __init__(self, query: Mapping[str, str]) -> None:
        self.query = query
        self.notes: list[str] = []

    def __contains__(self, key: str) -> bool:
        return key in self.query

    def text(self, key: str) -> str:
        return str(self.query[key]).strip()

    def note(self, sentence: str) -> None:
        """Add one sentence (the reader's own words: never the link's text)."""
        self.notes.append(sentence)

    def number(self, key: str, label: str) -> float | None:
        """The finite number under ``key``, or None with a note (missing: None, no note)."""
        if key not in self.query:
            return None
        value = parse_number(self.query[key])
        if value is None:
            self.note(f"The link's {label} is not a number: ignored.")
        return value

    def whole(self, key: str, label: str, low: int, high: int) -> int | None:
        """The whole number under ``key``, rounded and clamped to ``low`` .. ``high`` (with a note)."""
        value = self.number(key, label)
        if value is None:
            return None
        whole = min(max(round(value), low), high)
        if whole != value:
            reason = "is not a whole number" if low <= value <= high else f"is outside {low:,} to {high:,}"
            self.note(f"The link's {label} ({value:g}) {reason}: using {whole:,}.")
        return int(whole)

    def nearest(self, key: str, label: str, choices: Sequence[int]) -> int | None:
        """The choice nearest (on a log scale) the positive number under ``key`` (with a note if not one)."""
        value = self.number(key, label)
        if value is None:
            return None
        near = min(choices, key=lambda c: abs(math.log(max(value, 1e-12)) - math.log(c)))
        if value != near:
            self.note(f"The link's {label} ({value:g}) is not one of the lab's "
                      f"({', '.join(map(str, choices))}): using {near}.")
        return near

    def choice(self, key: str, label: str, options: Collection[str]) -> str | None:
        """The value under ``key`` if it is one of ``options``, else None with a note.

        ``label`` names the setting with its article ("a dataset").
        """
        if key not in self.query:
            return None
        value = self.text(key)
        if value in options:
            return value
        self.note(f"This link names {label} the lab does not have: ignored (it has {', '.join(options)}).")
        return None

    def names(self, key: str, plural: str, options: Collection[str]) -> list[str] | None:
        """The comma-separated names under ``key`` that are among ``options``, each once, in order.

        Unknown names are left out with one note; None (and a note) if none is left.
        """
        if key not in self.query:
            return None
        parts = first_names(self.text(key))
        known = list(dict.fromkeys(p for p in parts if p in options))
        unknown = sum(p not in options for p in parts)
        if unknown:
            self.note(f"The link names {unknown:,} of its {plural} that the lab does not have: left out "
                      f"(it has {', '.join(options)}).")
        if not known:
            self.note(f"The link names none of the lab's {plural}: ignored.")
            return None
        return known
