"""Mock interviews: set-up, access by token, answers, rubric scores and the scorecard.

An interview has two links, each carrying its own unguessable token (``secrets``, 256 bits).
Only a SHA-256 digest of each token is stored, so the database alone does not open an
interview. A candidate token opens only that interview's candidate view; the interviewer
token opens the interviewer view and the scorecard. :func:`candidate_question` is the only
shape of a question a candidate view ever receives: no answer, explanation, model answer,
key points, mistakes or follow-ups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Float, Integer, String, Table, Text, func, insert, select, update

from engine.content.answers import is_answered, readable_answer
from engine.content.shown_order import display_order, steps_order
from engine.content.loader import check_uploaded_bank
from engine.interview_browsers import BROWSER_ID, BrowserSeen, browser_kind, interview_browsers_table
from engine.limits import CEILINGS, LimitExceeded, check_interview_questions, check_text
from engine.scorecard import BANDS, CRITERIA, Scorecard, ScoreRow, auto_grade, machine_summary, unit_of
from engine.settings import interview_days
from engine.store import (LEARNER_MAX, Store, as_utc, insert_missing, locked, metadata, serialized, upsert,
                          utcnow)

TOKEN_BYTES = 32  # 256 bits
NAME_MAX = 120  # the candidate's name, as typed

#: role -> (topics to draw from, difficulty mix easy/medium/hard, number of questions)
ROLE_TEMPLATES: dict[str, dict[str, Any]] = {
    "data-scientist": {
        "title": "Data scientist",
        "topics": ["overfitting-underfitting", "cross-validation", "metrics", "random-search",
                   "bayesian-optimisation", "tuning-process", "learning-rate", "model-hyperparameters",
                   "tuning-tools", "loss-landscapes"],
        "mix": {"easy": 2, "medium": 3, "hard": 1},
    },
    "ml-engineer": {
        "title": "ML engineer",
        "topics": ["learning-rate", "lr-schedules", "sgd-momentum", "adaptive-optimisers", "training-loop",
                   "resource-management", "experiment-tracking", "debugging-training", "fine-tuning",
                   "production-constraints"],
        "mix": {"easy": 1, "medium": 3, "hard": 2},
    },
    "manager": {
        "title": "Manager",
        "topics": ["tuning-process", "best-practices", "resource-management", "experiment-tracking",
                   "answer-structure", "metrics", "production-constraints"],
        "mix": {"easy": 2, "medium": 3, "hard": 1},
    },
    "creative": {
        "title": "Creative (generative models)",
        "topics": ["generative-sampling", "generative-evaluation", "fine-tuning", "learning-rate", "lr-schedules",
                   "adaptive-optimisers", "random-search", "answer-structure"],
        "mix": {"easy": 2, "medium": 3, "hard": 1},
    },
}

interviews_table = Table(
    "interviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(200), nullable=False),
    Column("role", String(40), nullable=False),
    Column("interviewer_digest", String(64), nullable=False, unique=True),
    Column("candidate_digest", String(64), nullable=False, unique=True),
    Column("owner", String(LEARNER_MAX), nullable=False, index=True),
    Column("questions", JSON, nullable=False),  # [{"id", "seconds"}], in order
    Column("uploaded_bank", Text, nullable=True),  # YAML of a bank that belongs to this interview only
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("candidate_name", String(NAME_MAX), nullable=True),  # typed by a visitor: shown inert
    # fixed at creation (TUNELAB_INTERVIEW_DAYS then): a later setting moves no link already sent
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

interview_answers_table = Table(
    "interview_answers",
    metadata,
    Column("interview_id", Integer, primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("answer", JSON, nullable=True),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=True),
    Column("seconds", Float, nullable=True),
)

interview_scores_table = Table(
    "interview_scores",
    metadata,
    Column("interview_id", Integer, primary_key=True),
    Column("question_id", String(80), primary_key=True),
    Column("scores", JSON, nullable=False),  # criterion -> band (1..4)
    Column("notes", Text, nullable=False, default=""),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)


#: what a link's token is written in (secrets.token_urlsafe): URL-safe base64, no padding
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def link_token(raw: str | None) -> str | None:
    """The token of a link's ``t`` as the visitor's address holds it, less what a mail or a chat
    added at its end: a full stop, a comma, a closing bracket or quote, a space. A link pasted from
    the end of a sentence ("...?t=<token>.") was refused as not valid (a hiring team's walk). No
    token holds such a character, so nothing valid is cut; what is left is checked as before (an
    address with nothing left stays a link that is not valid).

    Examples
    --------
    >>> link_token("abc_D-9.")
    'abc_D-9'
    >>> link_token(" abc), "), link_token(". "), link_token(None), link_token("x.y")
    ('abc', '', None, 'x.y')
    """
    if raw is None:
        return None
    end = len(raw)
    while end and raw[end - 1] not in _TOKEN_CHARS:
        end -= 1
    return raw[:end].strip()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_key_owner(owner: str) -> bool:
    """Whether an owner is an interviewer key's :func:`digest` (an interview set up without
    sign-in), not a learner: learners are ``me`` or ``oidc:<digest>``, never bare hex."""
    return len(owner) == 64 and all(c in "0123456789abcdef" for c in owner)


class AccessDenied(Exception):
    """A wrong, missing or mismatched token. Its message reveals nothing about interviews."""

    def __init__(self) -> None:
        super().__init__("This link is not valid.")


class LinkClosed(Exception):
    """A candidate link that worked but no longer does: the interview is finished or the link
    has expired. The message is the page the candidate sees; ``title``, the interview's (when the
    link named one), heads it as it headed every earlier screen."""

    def __init__(self, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.title = title


class TimeUp(ValueError):
    """An answer after its question's time limit (plus the grace), or after the candidate finished."""


class AnswerChanged(ValueError):
    """An answer refused because the stored one is no longer the one its edit was made over:
    another tab or window of the same link saved a newer answer since (nothing was written)."""

    def __init__(self) -> None:
        super().__init__("this answer was changed in another tab or window since this one loaded it")


class _NotGiven:
    """The type of :data:`NOT_GIVEN`."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


#: ``expected`` of :meth:`Interviews.save_answer` left out: no comparison (None means "no answer yet")
NOT_GIVEN: Any = _NotGiven()


#: seconds after a question's limit in which an answer still counts (network, a last keystroke)
GRACE_SECONDS = 10


@dataclass(frozen=True)
class Interview:
    id: int
    title: str
    role: str
    questions: tuple[dict[str, Any], ...]
    created_at: dt.datetime
    #: when the candidate link stops opening: ``interview_days()`` after it was made, as set then
    expires_at: dt.datetime
    uploaded_bank: str | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    candidate_name: str | None = None

    def expired(self, now: dt.datetime | None = None) -> bool:
        """Whether the candidate link closed by age before the candidate handed in.

        A handed-in interview is never "expired": handing in closed the link first, and
        :meth:`Interviews.as_candidate` says "finished" for it, not "expired".
        """
        return self.finished_at is None and (now or utcnow()) > self.expires_at


@dataclass(frozen=True)
class Opened:
    """One question as the server times it: when it was first shown and when time is up."""

    position: int
    question_id: str
    opened_at: dt.datetime
    seconds: int

    @property
    def deadline(self) -> dt.datetime:
        return self.opened_at + dt.timedelta(seconds=self.seconds)

    def seconds_left(self, now: dt.datetime | None = None) -> float:
        return (self.deadline - (now or utcnow())).total_seconds()


def interview_status(iv: Interview, answered: int, now: dt.datetime | None = None) -> str:
    """Where an interview stands, for the interviewer's list of their interviews.

    Parameters
    ----------
    iv : Interview
        The interview.
    answered : int
        How many of its questions hold an answer (see :meth:`Interviews.answered_counts`).
    now : datetime, optional
        The time to judge expiry at (default: now, as :meth:`Interviews.as_candidate` does).

    Returns
    -------
    str
        ``"handed in"``; ``"expired"`` (the link aged out before a hand-in);
        ``"not started"`` (no question opened yet); else
        ``"in progress, 3 of 8 answered"``. The order is the candidate link's own: a hand-in
        closes it before age does, so a handed-in interview never reads "expired".
    """
    if iv.finished_at is not None:
        return "handed in"
    if iv.expired(now):
        return "expired"
    if iv.started_at is None:
        return "not started"
    return f"in progress, {answered} of {len(iv.questions)} answered"


def describe_utc(d: dt.datetime) -> str:
    """A moment as people read it, in UTC: "1 Dec 2026 14:05 UTC"."""
    d = as_utc(d)
    return f"{d.day} {d:%b %Y %H:%M} UTC"


def _interview(row: Any) -> Interview:
    return Interview(row["id"], row["title"], row["role"], tuple(row["questions"]), as_utc(row["created_at"]),
                     as_utc(row["expires_at"]), row["uploaded_bank"], as_utc(row["started_at"]),
                     as_utc(row["finished_at"]), row.get("candidate_name"))


@dataclass(frozen=True)
class Created:
    interview_id: int
    interviewer_token: str
    candidate_token: str


def candidate_question(q: Any, seconds: int, seed: int = 0, measure: Any = None) -> dict[str, Any]:
    """What a candidate may see of a question: never the answer or the rubric.

    A question with a form is drawn for ``seed`` (one per interview, so the interviewer sees the
    same variant): a generated question's filled prompt, a plot question's figure data (runs
    lettered when the question hides them), the code to read, each derivation step's prompt and
    choices. ``measure`` runs a plot question's simulation (a page passes a cached one).
    """
    from engine.forms.instance import draw

    return candidate_view(draw(q, seed, measure), seconds)


def candidate_view(c: Any, seconds: int) -> dict[str, Any]:
    """:func:`candidate_question` of a question already drawn (an ``engine.forms.instance.Instance``)."""
    out: dict[str, Any] = {"id": c.question.id, "type": c.question.type, "prompt": c.question.prompt,
                           "seconds": seconds}
    out.update(_inputs(c.question, c.question.id))
    if c.plot is not None:
        out["figure"] = c.plot.to_dict()
    if c.question.code is not None:
        out["code"] = {"language": c.question.code.language, "source": c.question.code.source}
    if c.question.steps:
        out["steps"] = [{"prompt": s.prompt, "type": s.type, **_inputs(s, f"{c.question.id}:step{i}")}
                        for i, s in enumerate(c.question.steps)]
    return out


def _inputs(q: Any, shown_as: str) -> dict[str, Any]:
    """What a candidate answers with: choices, items or a unit (never the answer itself).

    Choices and steps come in the order Practice shows them (``shown_as``: the id their shuffle
    is keyed by): a bank lists the right choice first more often than not, and a candidate's
    page draws them as given.
    """
    if q.type in ("single_choice", "multi_choice"):
        return {"choices": display_order(shown_as, q.choices)}
    if q.type == "ordering":  # never (nearly) in the right order: choosing that takes the answer
        return {"items": steps_order(shown_as, q.items, q.answer)}
    if q.type == "numeric":  # "whole": the box says so as the candidate types, as Practice's refuses
        return {k: v for k, v in (("unit", q.answer.unit), ("whole", q.answer.whole)) if v}
    return {}


def pick_questions(questions: Sequence[Any], role: str, seed: int = 0) -> list[str]:
    """A role template's default mix: its topics, in its easy/medium/hard proportions.

    A question qualifies when it is for ``role`` and shares a topic with the template. Those
    wholly within the template's topics come first: a question for several roles otherwise
    brought another role's subject into the default (the data scientist's first interview held a
    style LoRA's checkpoint and a rater study, each tagged with one data-science topic beside a
    generative one). The others fill a difficulty only when the first are too few.

    Each pick goes to a question on the topics used least so far, so that the default spreads
    over the template's topics: a draw at random follows the banks' own weights, and gave the
    creative template four to six questions on sampling alone, the topic with most of its questions.
    """
    import random
    from collections import Counter

    tpl = ROLE_TEMPLATES[role]
    topics = set(tpl["topics"])
    rng = random.Random(f"{role}:{seed}")
    chosen: list[str] = []
    used: Counter[str] = Counter()
    for difficulty, n in tpl["mix"].items():
        fits = [q for q in questions if q.difficulty == difficulty and role in q.roles
                and set(q.topics) & topics and q.id not in chosen]
        rng.shuffle(fits)
        for _ in range(min(n, len(fits))):
            # wholly on the template's topics first; then on the least-used topics, bringing the
            # most topics not yet asked; then in the draw's order
            pick = min(fits, key=lambda q: (not set(q.topics) <= topics, max(used[t] for t in q.topics),
                                            -sum(not used[t] for t in q.topics)))
            fits.remove(pick)
            chosen.append(pick.id)
            used.update(pick.topics)
    return chosen


def with_uploaded(chosen: Sequence[str], uploaded: Sequence[str], limit: int) -> tuple[list[str], list[str]]:
    """The set-up's choice once a bank's questions are uploaded: ``chosen`` and then ``uploaded``,
    in that order, no question twice, within ``limit`` questions; and the earlier choices left out.

    The upload is what the interviewer just asked for: when both do not fit, the questions chosen
    before give way, the last first (a legal 60-question upload beside a role's six defaults was
    66 chips and "remove 6", to be found and removed one by one).
    """
    new = [i for i in dict.fromkeys(uploaded) if i not in chosen]
    room = max(0, int(limit) - len(new))
    before = list(dict.fromkeys(chosen))
    return before[:room] + new[:int(limit)], before[room:]


def given_back(chosen: Sequence[str], returning: Sequence[str], limit: int) -> list[str]:
    """``chosen`` and after it those of ``returning`` not chosen, as many as ``limit`` has room for:
    the questions an upload took the places of (:func:`with_uploaded`), when the upload is removed."""
    chosen = list(dict.fromkeys(chosen))
    back = [i for i in dict.fromkeys(returning) if i not in chosen]
    return chosen + back[:max(0, int(limit) - len(chosen))]


def with_bank(chosen: Sequence[str], bank: Sequence[str], limit: int) -> tuple[list[str], int, int]:
    """The set-up's choice once a bank's questions are added to it: ``chosen``, then those of
    ``bank`` not chosen yet, as many as ``limit`` has room for (the choice made before stays: the
    interviewer added to it, as :func:`given_back` does). Also returns how many were added and how
    many did not fit.

    Examples
    --------
    >>> with_bank(["a", "b"], ["b", "c", "d"], 3)
    (['a', 'b', 'c'], 1, 1)
    """
    before = list(dict.fromkeys(chosen))
    new = [i for i in dict.fromkeys(bank) if i not in before]
    after = given_back(before, new, limit)
    return after, len(after) - len(before), len(new) - (len(after) - len(before))


def late_by(saved: Mapping[str, Any] | None, limit: int) -> float | None:
    """Seconds after ``limit`` at which a question's last answer was saved, or None when it came
    in time (or never came).

    Derived from the stored times, which already suffice: :meth:`Interviews.save_answer` stores
    ``saved_at`` and keeps ``opened_at`` (the first showing), and accepts a save up to
    ``GRACE_SECONDS`` after the limit. ``seconds`` is rounded to a tenth, so the exact times are used.

    Parameters
    ----------
    saved : mapping or None
        One entry of :meth:`Interviews.answers` (``saved_at``, ``opened_at``, ``seconds``).
    limit : int
        The question's time limit in seconds.
    """
    if not saved or saved.get("seconds") is None:  # opened but never saved: nothing came late
        return None
    opened, at = as_utc(saved.get("opened_at")), as_utc(saved.get("saved_at"))
    used = (at - opened).total_seconds() if opened is not None and at is not None else float(saved["seconds"])
    past = used - limit
    return round(past, 1) if past > 0 else None


def time_on_questions(questions: Sequence[Mapping[str, Any]], answers: Mapping[str, Mapping[str, Any]],
                      finished_at: dt.datetime | None = None, closed_at: dt.datetime | None = None,
                      now: dt.datetime | None = None) -> list[tuple[float | None, bool]]:
    """How long the candidate stayed on each question, and whether its time ran out first.

    A saved answer's ``seconds`` runs from the question's first showing to the *last save*: a
    candidate who typed for 7 s and then sat until the limit reads "7 s", as does one who moved on
    after 7 s (the hiring walk-through). The stored times tell the two apart: the page moves one
    question at a time, so a question was left when a later one was first shown (only first
    openings are stored), and the last one when the candidate handed in. A candidate may go back to
    a question: a save there later than that still counts as time on it.

    Parameters
    ----------
    questions : sequence of mapping
        The interview's entries (``id``, ``seconds``: the limit), in order.
    answers : mapping
        :meth:`Interviews.answers`: ``opened_at`` per question opened, ``saved_at`` and ``seconds``
        (None before an answer was saved) per answer.
    finished_at : datetime, optional
        The hand-in, if there was one.
    closed_at : datetime, optional
        When the candidate's link expired without a hand-in (the question they were on ends there).
    now : datetime, optional
        For a question the candidate is still on (default: now).

    Returns
    -------
    list of (float or None, bool)
        Per entry: seconds from the first showing until the candidate moved on or handed in (None
        when never opened, or still on it), and True when the limit passed before that (or, still
        on it, already has).
    """
    opened = [as_utc((answers.get(e["id"]) or {}).get("opened_at")) for e in questions]
    out: list[tuple[float | None, bool]] = []
    for n, (entry, start) in enumerate(zip(questions, opened)):
        if start is None:
            out.append((None, False))
            continue
        later = [t for t in opened[n + 1:] if t is not None and t >= start]
        left = min(later) if later else (as_utc(finished_at) or as_utc(closed_at))
        saved = answers[entry["id"]]
        if saved.get("seconds") is not None and left is not None:  # back on it after moving on: saved then
            left = max(left, as_utc(saved["saved_at"]))
        stayed = ((left or now or utcnow()) - start).total_seconds()
        out.append((None if left is None else round(stayed, 1), stayed > int(entry["seconds"])))
    return out


class Interviews:
    def __init__(self, store: Store):
        self.store = store

    # --- set-up ------------------------------------------------------------------------
    def create(self, title: str, role: str, question_ids: Sequence[str], seconds_per_question: int,
               owner: str, uploaded_bank: str | None = None, candidate_name: str | None = None,
               now: dt.datetime | None = None) -> Created:
        """Store a new interview of ``owner`` and return its two tokens (shown once).

        Raises
        ------
        ValueError
            For an unknown role, no questions or a time per question outside 30 to 3600 seconds.
        engine.limits.LimitExceeded
            Before anything is stored: more questions than the ``interview`` ceiling, an uploaded bank
            over 1 MB or of more questions than the ``upload`` ceiling, or, with an uploaded bank, an
            ``owner`` who made as many interviews with one in the last 24 hours as the ``uploads`` ceiling.
        """
        if role not in ROLE_TEMPLATES:
            raise ValueError(f"unknown role '{role}'; choose one of {', '.join(ROLE_TEMPLATES)}")
        if not question_ids:
            raise ValueError("an interview needs at least one question")
        check_interview_questions(len(question_ids))
        if not 30 <= seconds_per_question <= 3600:
            raise ValueError(f"time per question must be from 30 to 3600 seconds, got {seconds_per_question}")
        if uploaded_bank is not None:
            check_uploaded_bank(uploaded_bank, "The uploaded bank")
        interviewer, candidate = secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES)
        now = now or utcnow()
        with self.store.begin() as conn:
            if uploaded_bank is not None:
                # counted in the transaction that inserts, alone among this owner's (SQLite's write
                # lock; PostgreSQL's advisory lock): two presses at once cannot both take the last place
                serialized(conn, f"tunelab.uploads:{owner}")
                self._check_stored_banks(conn, owner, now)
            res = conn.execute(insert(interviews_table).values(
                title=title.strip()[:200] or "Mock interview", role=role,
                interviewer_digest=digest(interviewer), candidate_digest=digest(candidate), owner=owner,
                questions=[{"id": q, "seconds": int(seconds_per_question)} for q in question_ids],
                uploaded_bank=uploaded_bank, created_at=now, expires_at=now + dt.timedelta(days=interview_days()),
                candidate_name=clean_name(candidate_name)))
        return Created(int(res.inserted_primary_key[0]), interviewer, candidate)

    @staticmethod
    def _check_stored_banks(conn: Any, owner: str, now: dt.datetime) -> None:
        """Refuse a further interview with an uploaded bank when ``owner`` made as many as the
        ``uploads`` ceiling in the 24 hours before ``now``; the sentence says when the next one can be
        made. A rolling day, not a count of all those kept: a team that interviews every week would
        reach any fixed total, and each copy of a bank is stored whole (up to 1 MB)."""
        c = CEILINGS["uploads"]
        t = interviews_table.c
        since = now - dt.timedelta(hours=24)
        made = conn.execute(select(t.created_at).where(t.owner == owner, t.uploaded_bank.is_not(None),
                                                       t.created_at > since)
                            .order_by(t.created_at)).scalars().all()
        if len(made) >= c.limit:
            # the place that frees first: the oldest of the day's last ``limit`` interviews turning a day old
            free = as_utc(made[len(made) - int(c.limit)]) + dt.timedelta(hours=24)
            raise LimitExceeded(f"You have set up {len(made)} interviews with an uploaded bank in the last 24 hours, "
                                f"the most one interviewer may: the next can be made after {describe_utc(free)}, "
                                "or set this one up without an uploaded bank.")

    def _open(self, token: str | None, column) -> Interview:
        if not token or len(token) > 200:
            raise AccessDenied()
        d = digest(token)
        with self.store.engine.connect() as conn:
            row = conn.execute(select(interviews_table).where(column == d)).mappings().first()
        # compare_digest on the stored digest: no timing hint about near-misses
        if row is None or not hmac.compare_digest(d, row[column.name]):
            raise AccessDenied()
        return _interview(row)

    def as_interviewer(self, token: str | None) -> Interview:
        return self._open(token, interviews_table.c.interviewer_digest)

    def as_candidate(self, token: str | None, now: dt.datetime | None = None) -> Interview:
        """The interview behind a candidate link that is still open.

        Raises
        ------
        AccessDenied
            For a token that names no interview.
        LinkClosed
            When the candidate has finished it, or its link has expired (``expires_at``, set when it was made).
        """
        iv = self._open(token, interviews_table.c.candidate_digest)
        if iv.finished_at is not None:
            raise LinkClosed("This interview is finished: your answers are with your interviewer. Thank you.",
                             title=iv.title)
        if (now or utcnow()) > iv.expires_at:
            # an expired interview takes no new link (new_candidate_link refuses it): a new interview is the way
            raise LinkClosed(f"This interview link expired on {describe_utc(iv.expires_at)}. "
                             "Your interviewer can set up a new interview for you.", title=iv.title)
        return iv

    def owned_by(self, owner: str) -> list[Interview]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(interviews_table).where(interviews_table.c.owner == owner)
                                .order_by(interviews_table.c.created_at.desc())).mappings().all()
        return [_interview(r) for r in rows]

    def new_interviewer_link(self, interview_id: int, owner: str) -> str:
        """A fresh interviewer token for an interview of ``owner``, replacing the stored digest:
        the old interviewer link stops working at once. Returned once; only its digest is kept.

        Raises
        ------
        AccessDenied
            When ``owner`` does not own an interview ``interview_id``.
        """
        token = secrets.token_urlsafe(TOKEN_BYTES)
        t = interviews_table
        with self.store.begin() as conn:
            # one UPDATE: the owner check and the replacement are one statement, nothing to race
            done = conn.execute(update(t).where((t.c.id == interview_id) & (t.c.owner == owner))
                                .values(interviewer_digest=digest(token))).rowcount
        if done != 1:
            raise AccessDenied()
        return token

    def new_candidate_link(self, interview_id: int, owner: str, now: dt.datetime | None = None) -> str:
        """A fresh candidate token for an interview of ``owner`` that is not handed in and has not
        expired, replacing the stored digest: the old candidate link stops working at once, and
        the answers saved so far (and the clocks of opened questions) stay.

        Raises
        ------
        AccessDenied
            When ``owner`` does not own an interview ``interview_id``.
        LinkClosed
            When the interview is handed in or its link has expired: a new link would open nothing.
        """
        token = secrets.token_urlsafe(TOKEN_BYTES)
        t = interviews_table
        moment = now or utcnow()
        with self.store.begin() as conn:
            # the conditions the candidate's page checks, in the UPDATE itself: a hand-in committed
            # a moment before cannot be reopened by a new link
            done = conn.execute(update(t).where(
                (t.c.id == interview_id) & (t.c.owner == owner) & t.c.finished_at.is_(None)
                & (t.c.expires_at >= moment)).values(candidate_digest=digest(token))).rowcount
            if done != 1:
                row = conn.execute(select(t.c.finished_at).where((t.c.id == interview_id) & (t.c.owner == owner))
                                   ).first()
        if done != 1:
            if row is None:
                raise AccessDenied()
            raise LinkClosed("This interview is handed in: its answers are final, so it takes no new candidate link."
                             if row[0] is not None else
                             "This interview's candidate link has expired, so it takes no new one. Create another "
                             "like it for a new link.")
        return token

    def on_question(self, iv: Interview) -> Opened | None:
        """The question the candidate is on, as the server knows it: the one opened first most
        recently (the page moves one question at a time, so the furthest reached), with its
        clock; None before any was opened. See :meth:`resume_position` for why not the last save."""
        t = interview_answers_table
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(t.c.question_id, t.c.opened_at).where(
                (t.c.interview_id == iv.id) & t.c.opened_at.is_not(None))).all()
        where = {q["id"]: pos for pos, q in enumerate(iv.questions)}
        # ties (two openings in one clock tick) go to the later position: the further one
        opened = [(as_utc(at), where[qid], qid) for qid, at in rows if qid in where]
        if not opened:
            return None
        at, pos, qid = max(opened)
        return Opened(pos, qid, at, int(iv.questions[pos]["seconds"]))

    def answered_counts(self, interview_ids: Sequence[int]) -> dict[int, int]:
        """How many questions of each interview hold an answer, in one query (an interview
        with none is left out). An opened question has a row with no answer, and a cleared
        text is not an answer either: both are counted by :func:`is_answered`, as the views do."""
        if not interview_ids:
            return {}
        t = interview_answers_table
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(t.c.interview_id, t.c.answer)
                                .where(t.c.interview_id.in_(list(interview_ids)))).all()
        counts: dict[int, int] = {}
        for interview_id, answer in rows:
            if is_answered(answer):
                counts[interview_id] = counts.get(interview_id, 0) + 1
        return counts

    def resume_position(self, candidate_token: str, now: dt.datetime | None = None) -> int | None:
        """Where a fresh session of the candidate's page starts: the position (in the
        interview's question list) of the question opened first most recently, or None
        before any was opened.

        The page moves one question at a time, so that is the furthest question the
        candidate reached, and Previous is one click away from it. The last saved answer
        would mislead: Next and Previous save the question being left, so after "back to
        question 2, Next to question 3" the latest save is question 2's. Only first openings
        are stored, so a candidate who went back and reloaded without answering there
        returns to the furthest question rather than the one they were reading.
        """
        on = self.on_question(self.as_candidate(candidate_token, now))
        return on.position if on else None

    def open_question(self, candidate_token: str, position: int, now: dt.datetime | None = None) -> Opened:
        """Record when the question at ``position`` was first shown (once: a reload keeps the
        first time) and return its timing; the interview's ``started_at`` is set on the first."""
        iv = self.as_candidate(candidate_token, now)
        if not 0 <= position < len(iv.questions):
            raise AccessDenied()
        entry = iv.questions[position]
        now = now or utcnow()
        with self.store.begin() as conn:
            conn.execute(update(interviews_table).where(
                (interviews_table.c.id == iv.id) & interviews_table.c.started_at.is_(None)).values(started_at=now))
            key = {"interview_id": iv.id, "question_id": entry["id"]}
            insert_missing(conn, interview_answers_table, key, {"answer": None, "saved_at": now, "opened_at": now})
            conn.execute(update(interview_answers_table).where(
                (interview_answers_table.c.interview_id == iv.id)
                & (interview_answers_table.c.question_id == entry["id"])
                & interview_answers_table.c.opened_at.is_(None)).values(opened_at=now))
            opened = conn.execute(select(interview_answers_table.c.opened_at).where(
                (interview_answers_table.c.interview_id == iv.id)
                & (interview_answers_table.c.question_id == entry["id"]))).scalar_one()
        return Opened(position, entry["id"], as_utc(opened), int(entry["seconds"]))

    def set_candidate_name(self, candidate_token: str, name: str, now: dt.datetime | None = None) -> str | None:
        """The candidate states their name on their start screen (while the link is open)."""
        iv = self.as_candidate(candidate_token, now)
        cleaned = clean_name(name)
        with self.store.begin() as conn:
            conn.execute(update(interviews_table).where(interviews_table.c.id == iv.id)
                         .values(candidate_name=cleaned))
        return cleaned

    def note_browser(self, candidate_token: str, browser_id: str, user_agent: str | None = None,
                     now: dt.datetime | None = None) -> bool:
        """Record that the browser which keeps ``browser_id`` opened this candidate link (once per
        browser: a later visit changes nothing); True when it is new. See
        :mod:`engine.interview_browsers`.

        ``user_agent`` (the request's header) is reduced to a kind of browser and not kept. Past
        the ``browsers`` ceiling nothing more is recorded.

        Raises
        ------
        ValueError
            For an id not written as the page writes one.
        AccessDenied, LinkClosed
            As :meth:`as_candidate`: only an open link records a browser.
        """
        if not isinstance(browser_id, str) or not BROWSER_ID.fullmatch(browser_id):
            raise ValueError("a browser's id is 16 to 64 letters, digits, '-' or '_'")
        iv = self.as_candidate(candidate_token, now)
        t = interview_browsers_table
        with self.store.begin() as conn:
            # counted inside the write transaction: SQLite's is one writer at a time; two PostgreSQL
            # writers racing at the ceiling may store one row past it, which costs nothing
            recorded = conn.execute(select(func.count()).select_from(t).where(t.c.interview_id == iv.id)).scalar_one()
            if recorded >= CEILINGS["browsers"].limit:
                return False
            return insert_missing(conn, t, {"interview_id": iv.id, "browser": digest(browser_id)},
                                  {"kind": browser_kind(user_agent), "first_seen": now or utcnow()})

    def browsers(self, interview_id: int) -> list[BrowserSeen]:
        """The browsers the interview's candidate link was opened in, the first first."""
        t = interview_browsers_table
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(t.c.kind, t.c.first_seen).where(t.c.interview_id == interview_id)
                                .order_by(t.c.first_seen, t.c.browser)).all()
        return [BrowserSeen(kind, as_utc(at)) for kind, at in rows]

    def browser_counts(self, interview_ids: Sequence[int]) -> dict[int, int]:
        """How many browsers opened each interview's candidate link, in one query (an interview
        whose link no browser has reported is left out)."""
        if not interview_ids:
            return {}
        t = interview_browsers_table
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(t.c.interview_id, func.count()).where(t.c.interview_id.in_(list(interview_ids)))
                                .group_by(t.c.interview_id)).all()
        return {interview_id: int(n) for interview_id, n in rows}

    def finish(self, candidate_token: str, now: dt.datetime | None = None) -> None:
        """The candidate is done: their answers are locked and the link closes."""
        iv = self.as_candidate(candidate_token, now)
        with self.store.begin() as conn:
            conn.execute(update(interviews_table).where(
                (interviews_table.c.id == iv.id) & interviews_table.c.finished_at.is_(None))
                .values(finished_at=now or utcnow()))

    # --- during ------------------------------------------------------------------------
    def save_answer(self, candidate_token: str, question_id: str, answer: Any, now: dt.datetime | None = None,
                    expected: Any = NOT_GIVEN) -> None:
        """Upsert the candidate's answer (called as they type and when they submit).

        The server keeps time: ``seconds`` is measured from when the question was first shown
        (:meth:`open_question`), and an answer later than its limit plus ``GRACE_SECONDS`` is
        refused with :class:`TimeUp` (what was saved in time is kept).

        Parameters
        ----------
        candidate_token : str
            The candidate's link token.
        question_id : str
            A question of this interview.
        answer : Any
            What the widgets send (:func:`check_answer`): a text, a number, a list of choices or
            a derivation's ``{"steps", "final"}``.
        now : datetime, optional
            The time of the save (default: now).
        expected : Any, optional
            The stored answer this edit was made over, as the saving tab last loaded or saved it
            (None: there was no answer yet). Given, the answer is written only if the stored one
            still equals it (compared as JSON values), checked and written in one transaction
            with the row locked; left out, the answer is written whatever is stored.

        Raises
        ------
        TimeUp
            After the question's limit plus the grace, or once the link closed.
        AnswerChanged
            ``expected`` was given and the stored answer is another one (and not ``answer``
            itself): another tab or window saved a newer answer. Nothing is written.
        AccessDenied
            A wrong token, or a question not in this interview.
        """
        try:
            iv = self.as_candidate(candidate_token, now)
        except LinkClosed as exc:
            raise TimeUp(str(exc)) from None
        entry = next((q for q in iv.questions if q["id"] == question_id), None)
        if entry is None:
            raise AccessDenied()
        check_answer(answer)
        now = now or utcnow()
        t = interview_answers_table
        key = {"interview_id": iv.id, "question_id": question_id}
        row_of = select(t.c.opened_at, t.c.answer).where((t.c.interview_id == iv.id) & (t.c.question_id == question_id))
        with self.store.begin() as conn:
            row = conn.execute(locked(conn, row_of)).first()
            if row is None and expected is not NOT_GIVEN:
                # PostgreSQL locks no row that is not there yet: create it (no answer, opened now, as
                # the upsert below would) so that it is locked, or, when a concurrent save created it
                # first, read and lock what that save wrote. A refusal rolls the placeholder back.
                if insert_missing(conn, t, key, {"answer": None, "saved_at": now, "opened_at": now}):
                    row = (now, None)
                else:
                    row = conn.execute(locked(conn, row_of)).first()
            opened = (as_utc(row[0]) if row is not None else None) or now
            used = (now - opened).total_seconds()
            if used > int(entry["seconds"]) + GRACE_SECONDS:
                # not "the answer saved before the limit": the last one kept may have come in the grace
                raise TimeUp("time is up for this question: your interviewer sees its last saved answer")
            stored = row[1] if row is not None else None
            # the same answer again is no conflict, whatever it was typed over: a reload sends the
            # tab's draft while the closing page's last send of the same text may land first
            if expected is not NOT_GIVEN and not same_answer(stored, expected) and not same_answer(stored, answer):
                raise AnswerChanged()
            upsert(conn, t, key, {"answer": answer, "saved_at": now, "opened_at": opened, "seconds": round(used, 1)})

    def answers(self, interview_id: int) -> dict[str, dict[str, Any]]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(interview_answers_table).where(
                interview_answers_table.c.interview_id == interview_id)).mappings().all()
        return {r["question_id"]: {"answer": r["answer"], "seconds": r["seconds"], "saved_at": as_utc(r["saved_at"]),
                                   "opened_at": as_utc(r["opened_at"])} for r in rows}

    def candidate_answers(self, candidate_token: str) -> dict[str, Any]:
        iv = self.as_candidate(candidate_token)
        return {k: v["answer"] for k, v in self.answers(iv.id).items()}

    def score(self, interviewer_token: str, question_id: str, scores: dict[str, int], notes: str = "") -> None:
        iv = self.as_interviewer(interviewer_token)
        if question_id not in {q["id"] for q in iv.questions}:
            raise ValueError(f"question '{question_id}' is not in this interview")
        check_text(notes, "the notes")
        unknown = set(scores) - set(CRITERIA)
        if unknown or any(not 1 <= int(v) <= 4 for v in scores.values()):
            raise ValueError(f"score each of {', '.join(CRITERIA)} from 1 ({BANDS[0]}) to 4 ({BANDS[-1]})")
        with self.store.begin() as conn:
            upsert(conn, interview_scores_table, {"interview_id": iv.id, "question_id": question_id},
                   {"scores": {k: int(v) for k, v in scores.items()}, "notes": notes, "saved_at": utcnow()})

    def scores(self, interview_id: int) -> dict[str, dict[str, Any]]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(interview_scores_table).where(
                interview_scores_table.c.interview_id == interview_id)).mappings().all()
        return {r["question_id"]: {"scores": r["scores"], "notes": r["notes"]} for r in rows}

    # --- after -------------------------------------------------------------------------
    def scorecard(self, interviewer_token: str,
                  suggest: Callable[[str, Any], dict[str, Any] | None] | None = None,
                  questions: Mapping[str, Any] | None = None,
                  public: Collection[str] | None = None) -> "Scorecard":
        """The interviewer's scores, and beside them each question's text, the candidate's
        answer as given, the auto-graded result and the machine's suggested coverage.

        ``questions`` maps ids to the questions as drawn for this interview (their text and
        answer key); without it a row carries the id only and no auto-graded result.
        ``suggest(question_id, answer)`` returns a judge's verdict (``Judgement.to_dict()``) for
        a free-text answer, or None; it is shown as a suggestion and never enters the scores.
        ``public``: the ids a candidate could have practised
        (:meth:`engine.content.loader.Library.public_ids`); each row of ``questions`` then says
        whether it is public or private. Without it, neither is said.
        """
        return self._scorecard(self.as_interviewer(interviewer_token), suggest, questions, public)

    def scorecard_for_owner(self, interview_id: int, owner: str,
                            questions: Mapping[str, Any] | None = None) -> "Scorecard":
        """The scorecard of an interview of ``owner``, without its interviewer link: for
        comparing several candidates ("Your interviews" lists them by owner, and holds no token).

        The same rows as :meth:`scorecard`, with the auto-graded results where ``questions``
        (ids to the questions as drawn for this interview) carry a key, and no judge's
        suggestions: those are slow, and a comparison shows the interviewer's scores.

        Raises
        ------
        AccessDenied
            When ``owner`` does not own an interview ``interview_id``; like a wrong link, it
            says nothing of whether the interview exists.
        """
        t = interviews_table
        with self.store.engine.connect() as conn:
            row = conn.execute(select(t).where((t.c.id == interview_id) & (t.c.owner == owner))).mappings().first()
        if row is None:
            raise AccessDenied()
        return self._scorecard(_interview(row), None, questions)

    def _scorecard(self, iv: Interview, suggest: Callable[[str, Any], dict[str, Any] | None] | None,
                   questions: Mapping[str, Any] | None, public: Collection[str] | None = None) -> "Scorecard":
        # the one place a scorecard's rows are built, whichever check opened the interview
        answers, scores = self.answers(iv.id), self.scores(iv.id)
        questions = questions or {}
        rows = []
        stays = time_on_questions(iv.questions, answers, iv.finished_at, iv.expires_at if iv.expired() else None)
        for n, entry in enumerate(iv.questions, start=1):
            qid = entry["id"]
            s = scores.get(qid, {})
            a = answers.get(qid, {})
            given = a.get("answer")
            q = questions.get(qid)
            machine = None
            if suggest is not None and isinstance(given, str) and given.strip():
                machine = machine_summary(suggest(qid, given))
            rows.append(ScoreRow(qid, s.get("scores", {}), s.get("notes", ""), a.get("seconds"),
                                 is_answered(given), machine, position=n,
                                 question=getattr(q, "prompt", "") or "",
                                 answer=readable_answer(getattr(q, "type", ""), given, unit_of(q)),
                                 auto=auto_grade(q, given), limit=int(entry["seconds"]),
                                 late_by=late_by(a, int(entry["seconds"])), kind=getattr(q, "type", "") or "",
                                 left_after=stays[n - 1][0], ran_out=stays[n - 1][1],
                                 # known only of a question that still loads: a removed one's bank is gone
                                 public=None if public is None or q is None else qid in public))
        return Scorecard(iv.title, iv.role, tuple(rows), iv.candidate_name, iv.started_at, iv.finished_at,
                         iv.expires_at if iv.expired() else None,
                         role_title=ROLE_TEMPLATES.get(iv.role, {}).get("title", iv.role), created_at=iv.created_at,
                         browsers=tuple(self.browsers(iv.id)))


def check_answer(answer: Any) -> None:
    """Refuse an answer whose text is over the ``answer`` ceiling, or of a shape no widget sends."""
    if answer is None or isinstance(answer, (int, float)):
        return
    if isinstance(answer, str):
        check_text(answer, "the answer")
    elif isinstance(answer, list) and len(answer) <= 50 and all(isinstance(a, str) for a in answer):
        check_text("".join(answer), "the answer")
    elif (isinstance(answer, dict) and set(answer) <= {"steps", "final"}
          and isinstance(answer.get("steps", []), list) and len(answer.get("steps", [])) <= 20
          and all(a is None or isinstance(a, str) for a in [*answer.get("steps", []), answer.get("final")])):
        check_text("".join(a or "" for a in [*answer.get("steps", []), answer.get("final")]), "the answer")
    else:
        raise ValueError("an answer is a text, a number, a list of choices or a derivation's steps")


def same_answer(stored: Any, expected: Any) -> bool:
    """Whether two answers are the same once stored: compared as the JSON column gives them back
    (a tuple reads back as a list; 1 and 1.0 are equal, as they are in Python)."""
    try:
        return json.loads(json.dumps(stored)) == json.loads(json.dumps(expected))
    except (TypeError, ValueError):  # not JSON at all: it cannot be what is stored
        return False


def clean_name(name: str | None) -> str | None:
    """A candidate's name as stored: stripped, one line, at most ``NAME_MAX`` characters (None if blank)."""
    if name is None:
        return None
    cleaned = " ".join(str(name).split())[:NAME_MAX]
    return cleaned or None


def title_without(title: str, name: str | None) -> str:
    """``title`` with the candidate's ``name`` taken out, with the separator that joined them
    ("ML screen — Ada" -> "ML screen"): what "Create another like this" gives the next candidate's
    interview, whose title the candidate reads (a hiring team's walk-through: the copy kept the
    previous candidate's name). The title itself when it does not name them; "" when it is only the
    name (the set-up then offers the role's own title)."""
    name = clean_name(name)
    if not name:
        return title
    sep = r"[\s\-\u2013\u2014:,;|\u00b7/()]*"
    named = r"(?:\b(?:for|with)\s+)?(?<!\w)" + re.escape(name) + r"(?:'s)?(?!\w)"
    rest = re.sub(sep + named + sep, " ", title, flags=re.IGNORECASE)
    rest = re.sub(r"\s+", " ", rest).strip(" -\u2013\u2014:,;|\u00b7/")
    if rest and rest != title and title[:1].isupper():
        rest = rest[0].upper() + rest[1:]  # "Ada's screen" -> "Screen"
    return rest


__all__ = ["AccessDenied", "AnswerChanged", "Interviews", "LinkClosed", "NOT_GIVEN", "TimeUp", "candidate_question",
           "pick_questions", "ROLE_TEMPLATES", "clean_name", "describe_utc", "digest", "interview_status", "late_by",
           "time_on_questions", "title_without"]
