"""The scorecard of a mock interview: per question, the text, the answer as given, the
auto-graded result, the interviewer's rubric scores and notes, the time, and the offline
judge's suggestion; overall, a verdict with a warning when it rests on a minority of questions.
Exported as Markdown, CSV and JSON. Pure: :class:`engine.interviews.Interviews` reads the
database and builds one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.content.answers import is_answered
from engine.content.numbers import NotWhole, read_number
from engine.text import FORMULA_STARTS, plain
from engine.interview_browsers import BrowserSeen, browsers_listed, browsers_note
from engine.labels import count_of

CRITERIA = ("technical accuracy", "depth", "communication", "use of evidence")
BANDS = ("strong no hire", "no hire", "hire", "strong hire")  # scored 1..4
#: the scale the exports' numbers are read on
SCALE = ", ".join(f"{n} = {b}" for n, b in enumerate(BANDS, start=1))
#: bullets of a multi-choice answer in the exports: "- " starts a formula in a spreadsheet
BULLET = "\u2022 "


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: text that starts like a formula (``=``, ``+``, ``-``, ``@``...)
    gets a leading "'", since spreadsheet programs run such a cell as a formula."""
    if not isinstance(value, str):
        return value
    value = plain(value)  # a direction control left open turns the rest of the row around
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def machine_summary(judgement: dict[str, Any] | None) -> dict[str, Any] | None:
    """The part of a judge's verdict a scorecard keeps: what it found, not a score."""
    if not judgement:
        return None
    points = judgement.get("key_points", [])
    judged = judgement.get("status") == "judged"
    return {
        "status": judgement.get("status"),
        "covered": [p["text"] for p in points if judged and p.get("covered")],
        "contradicted": [p["text"] for p in points if judged and p.get("contradicted")],
        "key_points": len(points),
        "confidence": min((p.get("confidence", 0.0) for p in points), default=0.0) if judged else 0.0,
    }


def describe_machine(machine: dict[str, Any] | None) -> str:
    """One line for a table cell, e.g. "3/5 key points (suggestion; 1 contradicted)"."""
    if not machine:
        return ""
    if machine["status"] != "judged":
        return f"not judged ({str(machine['status']).replace('_', ' ')})"
    text = f"{len(machine['covered'])}/{machine['key_points']} key points (suggestion"
    if machine["contradicted"]:
        text += f"; {len(machine['contradicted'])} contradicted"
    return text + ")"


def unit_of(q: Any) -> str | None:
    answer = getattr(q, "answer", None)
    return getattr(answer, "unit", None) if getattr(q, "type", None) == "numeric" else None


def auto_grade(q: Any, answer: Any) -> dict[str, Any] | None:
    """The grader's result for an answer with a key (choices, numbers, orderings, derivations).

    None for a free-text question (the interviewer scores it; the judge only suggests), for a
    missing question or an unanswered one. An incomplete answer (an ordering with steps left
    unnumbered, a number that does not parse) is graded as 0 with the reason. A derivation
    stopped half way (time ran out) keeps the credit of the steps given: a blank step scores 0
    and the feedback names it (``missing_is_wrong`` of :func:`engine.content.grading.grade`).
    """
    from engine.content.grading import grade

    if q is None or not is_answered(answer) or (q.type == "free_text" and not getattr(q, "steps", None)):
        return None
    if q.type == "numeric" and isinstance(answer, str):
        try:
            read_number(answer, q.answer.unit, whole=q.answer.whole)
        except NotWhole as exc:  # the candidate's page said so under the box while they typed
            return {"correct": False, "score": 0.0, "feedback": str(exc)}
        except ValueError as exc:  # the sentence the candidate would have read in Practice, after a colon
            said = str(exc)
            return {"correct": False, "score": 0.0, "feedback": f"Not a number: {said[:1].lower()}{said[1:]}"}
    try:
        g = grade(q, answer, missing_is_wrong=True)
    except (ValueError, TypeError, KeyError) as exc:
        return {"correct": False, "score": 0.0, "feedback": f"Incomplete: {exc}."}
    return {"correct": g.correct, "score": g.score, "feedback": g.feedback}


def describe_auto(auto: dict[str, Any] | None) -> str:
    """One line for a table cell: "Right", "Partly right: 67%" or "Wrong" ("" when not auto-graded)."""
    if not auto:
        return ""
    if auto["correct"]:
        return "Right"
    return f"Partly right: {auto['score']:.0%}" if auto["score"] > 0 else "Wrong"


def auto_sentence(auto: dict[str, Any]) -> str:
    """The auto-grade's verdict and its grader's words in one sentence: "Partly right: 25%; 1 of 3
    steps right (step 1); not answered: step 2, step 3 and the result." A grader whose words
    already begin with the verdict ("Partly right: 90%. ...") is left as it is; one that names the
    verdict without its credit (a derivation's "Partly right: 1 of 3 steps right") read "Partly
    right: 25%. Partly right: 1 of 3 ..." on the interviewer's page."""
    verdict, said = describe_auto(auto), auto["feedback"]
    if said.startswith(verdict):
        return said
    lead = verdict.split(":")[0]
    if said.startswith(f"{lead}:"):
        return f"{verdict}; {said[len(lead) + 1:].strip()}"
    return f"{verdict}. {said}"


def _utc_phrase(moment: dt.datetime) -> str:
    """ "14:32 UTC on 20 Nov 2026" (a naive time is UTC already: SQLite drops the zone)."""
    at = moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment
    return f"{at:%H:%M} UTC on {at.day} {at:%b %Y}"


def describe_handed_in(finished_at: dt.datetime | None, started_at: dt.datetime | None = None) -> str | None:
    """When the candidate handed in, e.g. "14:32 UTC on 20 Nov 2026, 12 min 03 s after starting"
    (None while they have not)."""
    if finished_at is None:
        return None
    text = _utc_phrase(finished_at)
    if started_at is not None and started_at <= finished_at:
        text += f", {describe_seconds((finished_at - started_at).total_seconds())} after starting"
    return text


def describe_seconds(seconds: float | None) -> str:
    """A duration as people read it: "2 min 05 s", "7 s", "under 1 s" (a save 0.3 s after the
    question opened read "last saved after 0 s", as if never: a hiring team's walk), "–" unknown.

    Examples
    --------
    >>> [describe_seconds(s) for s in (None, 0, 0.3, 7.4, 125)]
    ['–', '0 s', 'under 1 s', '7 s', '2 min 05 s']
    """
    if seconds is None:
        return "–"
    if 0 < seconds < 0.5:
        return "under 1 s"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


#: what the two times of a row measure: the column help on the page and the note of the exports
LAST_SAVE_MEANS = ("Last save: when the candidate last saved an answer, counted from the question's first showing; "
                   "not the time spent on it.")
TIME_ON_MEANS = ("Time on it: from the question's first showing until the candidate opened the next question or "
                 "handed in; \u201ctime ran out\u201d when its limit passed first.")


def describe_time_on(left_after: float | None, ran_out: bool) -> str:
    """The time on a question (see :func:`engine.interviews.time_on_questions`): "40 s", "time ran
    out" (its limit passed first) or "–" (never opened, or still on it within its limit)."""
    return "time ran out" if ran_out else describe_seconds(left_after)


#: what "public" and "private" mean beside a question of an interview, where the interviewer reads and scores
PUBLIC_MEANS = "Public: a candidate could have practised this question in Practice."
PRIVATE_MEANS = "Private: served only in interviews."


def describe_public(public: bool | None) -> str:
    """A question's cell: "public", "private", or "–" where it is not known (the question no longer loads)."""
    return "–" if public is None else ("public" if public else "private")


def public_means(public: bool | None) -> str | None:
    """The sentence saying what a question's "public" or "private" means (None where it is not known)."""
    return None if public is None else (PUBLIC_MEANS if public else PRIVATE_MEANS)


def next_unscored(ids: Sequence[str], after: str, scored: Collection[str]) -> str | None:
    """The first of ``ids`` after ``after``, going round to the start, that is not in ``scored``
    (None when every other one is).

    Examples
    --------
    >>> next_unscored(["a", "b", "c", "d"], "b", {"b", "c"}), next_unscored(["a", "b"], "a", {"a", "b"})
    ('d', None)
    """
    start = ids.index(after) if after in ids else -1
    ring = [*ids[start + 1:], *ids[:start + 1]]
    return next((i for i in ring if i != after and i not in scored), None)


def describe_late(late_by: float | None) -> str:
    """How long after its limit a question's last answer came, e.g. "7 s after the limit"
    ("" when it came in time or never). At least "1 s": 0.3 s late is late, never "0 s"."""
    if not late_by or late_by <= 0:
        return ""
    return f"{describe_seconds(max(1, round(late_by)))} after the limit"


# --- Markdown for people to read -------------------------------------------------------------
# The Markdown export is opened in an editor or a viewer, so escaping every punctuation mark (as
# the pages' markdown_inert does) left "\=SUM\(A1\)" in the notes. Here only what Markdown (or
# GFM) acts on is escaped; the text stays inert and reads as typed.
_ZWSP = "\u200b"
_ALWAYS = set("\\`*[]<>|~$")  # code, emphasis, links and :directive[...], HTML, tables, strike, maths
_SCHEME = re.compile(r"(?<=:)(?=//)")  # GFM autolinks: a zero-width space breaks them invisibly
_WWW = re.compile(r"(?i)(?<=www)(?=\.)")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&lt;" would be drawn as "<"
_BLOCK = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|(?=[=_-]+\s*$))")


def _md_line(line: str) -> str:
    line = _WWW.sub(_ZWSP, _SCHEME.sub(_ZWSP, line)).replace("@", "@" + _ZWSP)
    out = []
    for n, c in enumerate(line):
        if c in _ALWAYS or (c == "&" and _ENTITY.match(line, n)):
            out.append("\\" + c)
        elif c == "_" and not (0 < n < len(line) - 1 and line[n - 1].isalnum() and line[n + 1].isalnum()):
            out.append("\\_")  # snake_case stays as typed: an underscore inside a word emphasises nothing
        else:
            out.append(c)
    line = "".join(out)
    # a heading, a list item or a setext underline at the start of a line: escape its marker
    m = _BLOCK.match(line)
    if m and m.group(2) is not None:
        at = m.end(1) + (len(m.group(2)) if m.group(2)[:1].isdigit() else 0)
        if at < len(line) and not line[at].isspace():
            line = line[:at] + "\\" + line[at:]
    return line


def markdown_text(text: object, one_line: bool = True) -> str:
    """Visitor text (a name, notes, an answer) for the Markdown export: inert, and readable as typed.

    Only what Markdown would interpret is backslash-escaped: code, emphasis, links, images, HTML,
    tables, maths, headings and list markers at a line's start; autolinks are broken with a
    zero-width space. ``=``, ``(``, ``.`` and the rest stay as typed. ``one_line`` collapses
    whitespace (a table cell, a heading); else line breaks are kept as hard breaks.
    """
    s = plain(text)  # a direction control left open turns the rest of the file around
    if one_line:
        return _md_line(" ".join(s.split()))
    return "  \n".join(_md_line(line.rstrip()) for line in s.replace("\r\n", "\n").split("\n"))


def filename_part(text: str | None, fallback: str = "candidate", limit: int = 60) -> str:
    """``text`` as part of a file name: letters and digits of any script kept, every run of
    anything else (spaces, slashes, dots, quotes) one hyphen. "Ada Ñúñez-Łovelace 李" reads
    "Ada-Ñúñez-Łovelace-李"."""
    s = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", text or "")).strip("-")[:limit].strip("-")
    return s or fallback


@dataclass(frozen=True)
class ScoreRow:
    question_id: str
    scores: dict[str, int]
    notes: str
    seconds: float | None
    answered: bool
    #: the machine's suggested coverage of a free-text answer (see machine_summary), never a score
    machine: dict[str, Any] | None = None
    position: int = 0
    #: the question's text as drawn for this interview
    question: str = ""
    #: the candidate's answer as given, as readable lines (see engine.content.answers)
    answer: str = ""
    #: the grader's result where the question has a key (see auto_grade)
    auto: dict[str, Any] | None = None
    #: the question's time limit in seconds
    limit: int | None = None
    #: how many seconds after the limit the last answer was saved (None when in time or never);
    #: the server accepts a save within a grace period after the limit
    late_by: float | None = None
    #: the question's type ("multi_choice", ...), "" when it no longer loads
    kind: str = ""
    #: seconds from the first showing until the candidate moved on or handed in (None: never opened,
    #: or still on it); ``seconds`` is only the time of the last save (see time_on_questions)
    left_after: float | None = None
    #: True when the question's limit passed before the candidate moved on or handed in
    ran_out: bool = False
    #: True when the question is in a public bank, so the candidate could have practised it; False
    #: when private (a private bank, or the interview's uploaded one); None when not known
    public: bool | None = None

    @property
    def mean(self) -> float | None:
        return sum(self.scores.values()) / len(self.scores) if self.scores else None

    @property
    def late(self) -> bool:
        """True when the last answer was saved after the question's limit (within the grace)."""
        return bool(self.late_by and self.late_by > 0)

    @property
    def time_on(self) -> str:
        """The time on the question as a cell: "40 s", "time ran out" or "–" (never opened, or still on
        it within its limit)."""
        return describe_time_on(self.left_after, self.ran_out)

    @property
    def shown_answer(self) -> str:
        """The answer as the exports write it: a multi-choice's picks as "• " bullets, which (unlike
        "- ") no spreadsheet reads as the start of a formula."""
        if self.kind != "multi_choice":
            return self.answer
        return "\n".join(BULLET + line[2:] if line.startswith("- ") else line for line in self.answer.split("\n"))


@dataclass(frozen=True)
class Scorecard:
    title: str
    role: str
    rows: tuple[ScoreRow, ...] = field(default_factory=tuple)
    candidate_name: str | None = None
    #: when the candidate started and handed in (None while they have not)
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    #: when the candidate's link expired, if it did before a hand-in (the answers then stand as saved)
    expired_at: dt.datetime | None = None
    #: the role's readable name ("Data scientist"); ``role`` is its slug
    role_title: str | None = None
    #: when the interview was set up
    created_at: dt.datetime | None = None
    #: the browsers the candidate link was opened in, the first first (:mod:`engine.interview_browsers`)
    browsers: tuple[BrowserSeen, ...] = ()

    @property
    def scored(self) -> int:
        """How many questions carry at least one rubric score."""
        return sum(bool(r.scores) for r in self.rows)

    @property
    def basis(self) -> str:
        """What the overall verdict rests on, e.g. "based on 1 of 6 questions scored"."""
        return f"based on {self.scored} of {count_of(len(self.rows), 'question')} scored"

    @property
    def exposure(self) -> str | None:
        """How many questions a candidate could have practised, e.g. "3 of 7 questions public" (None
        when that is known of no question)."""
        known = [r.public for r in self.rows if r.public is not None]
        if not known:
            return None
        unknown = len(self.rows) - len(known)
        return (f"{sum(known)} of {count_of(len(self.rows), 'question')} public"
                + (f" ({unknown} no longer {'loads' if unknown == 1 else 'load'})" if unknown else ""))

    @property
    def provisional(self) -> bool:
        """True while the verdict rests on fewer than half of the questions: not a verdict yet."""
        return bool(self.scored) and 2 * self.scored < len(self.rows)

    @property
    def mean(self) -> float | None:
        """The mean of every criterion score of every question (None before any is scored): what
        :attr:`overall` rounds to a band."""
        values = [v for r in self.rows for v in r.scores.values()]
        return sum(values) / len(values) if values else None

    @property
    def overall(self) -> tuple[str | None, str]:
        """(band, reasoning): the mean of every criterion score, rounded to a band.

        Any criterion averaging below 2 ("no hire") across the interview caps the band at
        "no hire": one serious weakness is not averaged away. The reasoning says how many
        questions the band rests on.
        """
        mean = self.mean
        if mean is None:
            return None, "No question has been scored yet."
        scored = [r for r in self.rows if r.scores]
        band = BANDS[min(3, max(0, round(mean) - 1))]
        per = {c: [r.scores[c] for r in scored if c in r.scores] for c in CRITERIA}
        weak = [c for c, vs in per.items() if vs and sum(vs) / len(vs) < 2]
        # said over what: a question scored on fewer criteria weighs less than the questions' own means
        given = sum(len(r.scores) for r in scored)
        reason = f"Mean score {mean:.2f} of 4 over {count_of(given, 'rubric score')}, {self.basis}"
        if weak and BANDS.index(band) > 1:
            band = BANDS[1]
            reason += f"; capped at 'no hire' because {', '.join(weak)} averaged below 2"
        return band, reason + "."

    @property
    def verdict(self) -> str:
        """The overall band as the exports state it: "hire", "hire (provisional)" or "not scored"."""
        band = self.overall[0]
        return f"{band} (provisional)" if band and self.provisional else (band or "not scored")

    @property
    def warning(self) -> str | None:
        """A caution when the verdict rests on fewer than half of the questions."""
        if self.provisional:
            return (f"Only {self.scored} of the {count_of(len(self.rows), 'question')} "
                    f"{'is' if self.scored == 1 else 'are'} scored, so the overall verdict is provisional: it rests "
                    "on a minority of the interview.")
        return None

    @property
    def handed_in(self) -> str | None:
        """When the candidate handed in, as one line (None while they have not)."""
        return describe_handed_in(self.finished_at, self.started_at)

    @property
    def handed_in_line(self) -> str:
        """The exports' "Handed in" value: when, "not yet", or that the link expired first."""
        if self.handed_in:
            return self.handed_in
        if self.expired_at is not None:
            return f"never: the link expired at {_utc_phrase(self.expired_at)}; the answers stand as saved"
        return "not yet"

    @property
    def browser_note(self) -> str | None:
        """Which browsers opened the candidate link and when, once there were two or more."""
        return browsers_note(self.browsers)

    @property
    def opened_in(self) -> str:
        """The exports' "Opened in" value: how many browsers opened the candidate link, which and when."""
        return browsers_listed(self.browsers)

    @property
    def candidate(self) -> str:
        return self.candidate_name or "not given"

    @property
    def role_name(self) -> str:
        return self.role_title or self.role

    @property
    def date(self) -> dt.date:
        """The interview's day (UTC): when the candidate started, else when it was set up."""
        moment = self.started_at or self.created_at
        if moment is None:
            return dt.datetime.now(dt.timezone.utc).date()
        return (moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment).date()

    def filename(self, ext: str) -> str:
        """The download's name: "scorecard-Ada-Lovelace-2026-11-20.csv" (``ext`` without the dot)."""
        return f"scorecard-{filename_part(self.candidate_name)}-{self.date:%Y-%m-%d}.{ext}"

    def to_dict(self) -> dict[str, Any]:
        band, reason = self.overall
        return {"title": self.title, "role": self.role, "role_title": self.role_name, "date": self.date.isoformat(),
                "candidate": self.candidate_name, "overall": band, "verdict": self.verdict,
                "provisional": self.provisional, "scored": self.scored, "reasoning": reason, "warning": self.warning,
                "public_questions": self.exposure,
                "score_scale": {n: b for n, b in enumerate(BANDS, start=1)},
                "handed_in_at": self.finished_at.isoformat() if self.finished_at else None,
                "link_expired_at": self.expired_at.isoformat() if self.expired_at else None,
                "browsers": [b.to_dict() for b in self.browsers],
                "questions": [{**asdict(r), "mean": r.mean, "auto_graded": describe_auto(r.auto),
                               # "time" as before, for scripts reading it; "last_save" says what it is
                               "time": describe_seconds(r.seconds), "last_save": describe_seconds(r.seconds),
                               "time_on": r.time_on, "late": r.late} for r in self.rows]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, default=str)

    def to_csv(self) -> str:
        """One row per question, then a row for the overall verdict (question "overall").

        Written for a spreadsheet: a UTF-8 byte-order mark first (without it Excel reads the file
        in the system's code page and mangles "Ñúñez" and "李"); every row carries the interview's
        title, role, date, hand-in time and score scale, so a sheet of many scorecards sorts and
        filters; the verdict and its reasoning have their own columns. A cell a visitor typed
        that starts like a formula is prefixed with "'".
        """
        buf = io.StringIO()
        buf.write("\ufeff")
        w = csv.writer(buf)
        w.writerow(["question", *CRITERIA, "mean", "seconds to last save", "answered", "notes", "machine coverage",
                    "candidate", "position", "question text", "answer", "auto-graded", "limit seconds", "late",
                    "seconds past limit", "title", "role", "date", "handed in", "score scale", "verdict",
                    "verdict reasoning", "seconds on question", "time ran out", "public or private",
                    "handed in at (UTC)", "browsers"])
        about = [csv_cell(self.title), self.role_name, self.date.isoformat(), self.handed_in_line, SCALE]
        # the moment as a spreadsheet sorts it, beside "handed in"'s sentence (a hiring team's walk), last:
        # a sheet read by column position keeps its columns
        at = self.finished_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S") if self.finished_at else ""
        for r in self.rows:
            w.writerow([r.question_id, *[r.scores.get(c, "") for c in CRITERIA],
                        "" if r.mean is None else f"{r.mean:.2f}", "" if r.seconds is None else f"{r.seconds:.0f}",
                        r.answered, csv_cell(r.notes), describe_machine(r.machine),
                        csv_cell(self.candidate_name or ""), r.position, csv_cell(r.question),
                        csv_cell(r.shown_answer), describe_auto(r.auto), "" if r.limit is None else r.limit,
                        "" if r.seconds is None else r.late, f"{r.late_by:.1f}" if r.late else "", *about, "", "",
                        "" if r.left_after is None else f"{r.left_after:.0f}", r.ran_out,
                        "" if r.public is None else describe_public(r.public), at, len(self.browsers)])
        reason = " ".join(t for t in (self.overall[1], self.warning or "") if t)
        w.writerow(["overall", *[""] * len(CRITERIA), "" if self.mean is None else f"{self.mean:.2f}", "", "", "", "",
                    csv_cell(self.candidate_name or ""),
                    "", "", "", "", "", "", "", *about, self.verdict, reason, "", "", "", at, len(self.browsers)])
        return buf.getvalue()

    def to_markdown(self) -> str:
        band, reason = self.overall
        lines = [f"# Scorecard: {markdown_text(self.title)}", "",
                 f"Candidate: {markdown_text(self.candidate)}", "", f"Role: {self.role_name}", "",
                 f"Date: {self.date.isoformat()}", "", f"Handed in: {self.handed_in_line}", "",
                 f"Opened in: {self.opened_in}", "",
                 f"Score scale: {SCALE}.", ""]
        if self.exposure:
            lines += [f"Questions: {self.exposure}. {PUBLIC_MEANS} {PRIVATE_MEANS}", ""]
        lines += [f"**Overall: {self.verdict}.** {reason}", ""]
        if self.warning:
            lines += [f"> **Warning:** {self.warning}", ""]
        lines += ["| Question | " + " | ".join(c.capitalize() for c in CRITERIA)
                  + " | Auto-graded | Last save | Limit | Late | Time on it | Public or private | Notes"
                  " | Machine coverage |",
                  "|---|" + "---|" * len(CRITERIA) + "---|---|---|---|---|---|---|---|"]
        for r in self.rows:
            cells = [BANDS[r.scores[c] - 1] if c in r.scores else "–" for c in CRITERIA]
            secs = "–" if r.seconds is None else describe_seconds(r.seconds)  # as the limit beside it is written
            limit = "–" if r.limit is None else describe_seconds(r.limit)
            # the position and the prompt's start, as the sections below are headed: an id means
            # nothing to the hiring team reading the card
            asked = textwrap.shorten(r.question or r.question_id, 60, placeholder=" …")
            # the auto-grade in the table too: it was in each question's section alone (a hiring team's walk)
            lines.append(f"| {r.position}. {markdown_text(asked)} | " + " | ".join(cells)
                         + f" | {describe_auto(r.auto) if r.auto else '–'} | {secs} | {limit} | "
                         f"{describe_late(r.late_by) if r.late else ''} | {r.time_on} | "
                         f"{describe_public(r.public)} | {markdown_text(r.notes)} | {describe_machine(r.machine)} |")
        lines += ["", LAST_SAVE_MEANS, "", TIME_ON_MEANS]
        for r in self.rows:
            timing = f"Last save: {describe_seconds(r.seconds)}"
            if r.limit is not None:
                timing += f" (limit {describe_seconds(r.limit)})"
            timing += f" · Time on it: {r.time_on}"
            if r.late:
                timing += f" · **late**: saved {describe_late(r.late_by)} (within the grace period)"
            lines += ["", f"## {r.position}. {markdown_text(r.question or r.question_id)}", "",
                      timing + (f" · Auto-graded: {describe_auto(r.auto)}" if r.auto else ""), ""]
            if r.public is not None:
                lines += [public_means(r.public), ""]
            lines += [
                      "Answer as given:", "", markdown_text(r.shown_answer, one_line=False)]
            if r.scores:
                lines += ["", "Scores: " + ", ".join(f"{c}: {BANDS[v - 1]}" for c, v in r.scores.items() if c in CRITERIA)]
            if r.notes:
                lines += ["", "Notes:", "", markdown_text(r.notes, one_line=False)]
        if any(r.machine for r in self.rows):
            lines += ["", "Machine coverage is an offline model's suggestion of which key points a free-text answer "
                      "states; it is not part of the scores."]
        return "\n".join(lines) + "\n"
