"""The browsers a candidate link was opened in, for the interviewer.

A candidate link is the candidate's only key: whoever holds it can read and change the answers
(a hiring team's walk: a second browser did so and nobody was told). The candidate's page asks
the browser for a random id it keeps (``localStorage``) and the server records each new one once,
with the kind of browser it said it was (:func:`browser_kind`, in our words from a fixed list)
and when it first came. The interviewer's page and the scorecard then say "opened in 2 browsers",
which and when, so a second holder is seen while the interview runs; a new candidate link stops
the old one at once.

The id is the browser's own claim, so this tells, it does not prove: a browser that refuses to
keep anything (storage blocked) reports nothing, and a determined holder can send a copied id.
Only a digest of the id is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Integer, String, Table

from engine.labels import and_list
from engine.limits import CEILINGS
from engine.store import as_utc, metadata

#: what a browser's id is written in: the page makes 32 hex digits; anything else is refused
BROWSER_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
KIND_MAX = 60

interview_browsers_table = Table(
    "interview_browsers",
    metadata,
    Column("interview_id", Integer, primary_key=True),
    Column("browser", String(64), primary_key=True),  # a digest of the id the browser keeps
    Column("kind", String(KIND_MAX), nullable=False),  # "Chrome on Windows": our words, never the header's
    Column("first_seen", DateTime(timezone=True), nullable=False),
)

# (marker in the User-Agent header, name): the first match wins, so a browser whose header also
# names the one it is built on (Edge and Opera say "Chrome", Chrome says "Safari") comes first
_BROWSERS = (("Edg", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
             ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("HeadlessChrome/", "headless Chrome"),
             ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
            ("CrOS", "ChromeOS"), ("Macintosh", "macOS"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def browser_kind(user_agent: str | None) -> str:
    """The kind of browser a User-Agent header names, in a few words of ours: the header is the
    visitor's text, so none of it is kept or shown.

    Examples
    --------
    >>> browser_kind("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    ...              "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
    'Chrome on Windows'
    >>> browser_kind("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    ...              "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
    'Safari on iPhone'
    >>> browser_kind(None), browser_kind("curl/8.5")
    ('an unknown browser', 'an unknown browser')
    """
    ua = user_agent or ""
    name = next((n for marker, n in _BROWSERS if marker in ua), None)
    system = next((s for marker, s in _SYSTEMS if marker in ua), None)
    if name is None:
        return f"a browser on {system}" if system else "an unknown browser"
    return f"{name} on {system}" if system else name


@dataclass(frozen=True)
class BrowserSeen:
    """One browser the candidate link was opened in: its kind and when it first came."""

    kind: str
    first_seen: dt.datetime

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "first_seen": self.first_seen.isoformat()}


#: the most browsers named in one sentence; the rest are counted
NAMED = 4


def _at(moment: dt.datetime) -> str:
    d = as_utc(moment)
    return f"{d.day} {d:%b %H:%M} UTC"


def browsers_listed(seen: Sequence[BrowserSeen], recorded_max: int | None = None) -> str:
    """How many browsers ``seen`` (oldest first) are, and which came when: "1 browser (Chrome,
    7 Dec 14:05 UTC)", "2 browsers: Chrome (first, 7 Dec 14:05 UTC) and Safari (7 Dec 14:09 UTC)".

    ``recorded_max``: the most browsers the server records for one interview (by default the
    ``browsers`` ceiling); at it, the count is "at least".
    """
    if recorded_max is None:
        recorded_max = int(CEILINGS["browsers"].limit)
    if not seen:
        return "no browser recorded"
    first, *rest = seen
    if not rest:
        return f"1 browser ({first.kind}, {_at(first.first_seen)})"
    count = f"at least {len(seen)}" if len(seen) >= recorded_max else str(len(seen))
    named = [f"{first.kind} (first, {_at(first.first_seen)})"]
    named += [f"{b.kind} ({_at(b.first_seen)})" for b in rest[:NAMED - 1]]
    if len(rest) > NAMED - 1:
        named.append(f"{len(rest) - (NAMED - 1)} more")
    return f"{count} browsers: {and_list(named)}"


def browsers_note(seen: Sequence[BrowserSeen], recorded_max: int | None = None) -> str | None:
    """What the interviewer is told of ``seen`` (oldest first): None for one browser or none,
    else which opened the link and when (:func:`browsers_listed`).

    Examples
    --------
    >>> t = dt.datetime(2026, 12, 7, 14, 5, tzinfo=dt.timezone.utc)
    >>> print(browsers_note([BrowserSeen("Chrome", t), BrowserSeen("Safari", t.replace(minute=9))]))
    The candidate link was opened in 2 browsers: Chrome (first, 7 Dec 14:05 UTC) and Safari (7 Dec 14:09 UTC).
    """
    if len(seen) < 2:
        return None
    return f"The candidate link was opened in {browsers_listed(seen, recorded_max)}."


__all__ = ["BROWSER_ID", "BrowserSeen", "browser_kind", "browsers_listed", "browsers_note", "interview_browsers_table"]
