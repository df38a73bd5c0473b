"""Text a visitor controls, made inert for Markdown (pure Python; the pages draw it).

Escaping Markdown is not enough on its own: Streamlit's renderer turns URLs, ``www.`` names
and e-mail addresses in *plain text* into live links (GFM autolink literals), so
:func:`markdown_inert` also breaks those patterns with a zero-width space, which a reader does
not see. Used by the pages (through ``ui.text``) and by exports written as Markdown.
"""

from __future__ import annotations

import re
import string

_ZWSP = "\u200b"
_PUNCTUATION = set(string.punctuation)
_SCHEME = re.compile(r"(?<=:)(?=//)")
_WWW = re.compile(r"(?i)(?<=www)(?=\.)")
#: Unicode's explicit direction controls (embeddings, overrides, isolates and their ends): one left
#: open in a visitor's text turns the rest of our sentence around it right to left (a "?q=" starting
#: with U+202E printed "here are the others" backwards). Right-to-left letters still read right to
#: left on their own; only the controls are dropped.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def quoted(raw: str, limit: int = 40) -> str:
    """What a refusal quotes of the text typed: all of it, or its first ``limit`` characters and "…"
    (cut silently, the quote read as the whole answer)."""
    return raw if len(raw) <= limit else raw[:limit] + "…"


def number(value: float) -> str:
    """A number a refusal quotes back: the shortest text that reads back as exactly ``value``
    ("-1", "0.001", "1000.0000001"). ``:g`` rounds to six digits, so a rate just past its bound was
    refused in words that quoted the bound ("at most 1,000, got 1000"), and 1e-320 came back as
    "9.99989e-321"."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def plain(text: object) -> str:
    """Visitor text for an element that renders nothing (a table's cell, a select's option, plain
    text): as typed, less the direction controls (:data:`BIDI_CONTROLS`), which turned the app's own
    words beside it around ("not started · 5 Dec 2026" read backwards in the interview's list)."""
    return str(text).translate(BIDI_CONTROLS)


def markdown_inert(text: object, limit: int | None = 200, one_line: bool = True) -> str:
    """``text`` as Markdown that renders literally.

    Every ASCII punctuation character is backslash-escaped (links, images, emphasis,
    ``:color[...]`` and ``:icon:`` directives, ``$`` maths, HTML), autolinks are broken, and the
    text is cut to ``limit`` characters. ``one_line`` collapses whitespace (for labels); else
    line breaks are kept as Markdown hard breaks.
    """
    s = str(text).translate(BIDI_CONTROLS)
    s = " ".join(s.split()) if one_line else s.replace("\r\n", "\n")
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    s = _SCHEME.sub(_ZWSP, s)
    s = _WWW.sub(_ZWSP, s)
    s = s.replace("@", "@" + _ZWSP)
    s = "".join("\\" + c if c in _PUNCTUATION else c for c in s)
    return s if one_line else s.replace("\n", "  \n")


#: what makes a spreadsheet program run a cell as a formula (tab and CR too, per OWASP)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_inert(value: object) -> object:
    """Visitor text for a table the browser can download as CSV (Streamlit's dataframe toolbar),
    which a spreadsheet would otherwise run as a formula ("=HYPERLINK(...)" as a candidate's
    name). A zero-width space in front looks the same on the page and makes the cell text."""
    if not isinstance(value, str):
        return value
    value = plain(value)
    return _ZWSP + value if value.startswith(FORMULA_STARTS) else value
