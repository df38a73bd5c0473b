"""Operators' view of learners: who has data in the database, and forgetting one of them.

A learner who leaves a class, or asks for their data to be erased, has it removed with
:func:`forget_learner`: their attempts, review cards and review logs, their run history, and the
mock interviews they set up, with those interviews' answers, scores and recorded browsers. It is
one write transaction, so a failure part-way deletes nothing. The evaluation cache is not
touched: it holds scores of configurations, and no learner.

Signed-in learners are stored as ``oidc:<digest>``, a digest of the provider's issuer and
subject (:func:`engine.store.learner_id`), so the database alone cannot say who a learner is. The
app's sidebar shows a signed-in user their account as ``<issuer>#<subject>`` ("Your account");
:func:`learner_of_account` turns that text into the stored id, the same way the app does.

Candidates in someone else's interview have no account: what they typed belongs to that
interview and goes when its owner is forgotten, not with any learner of theirs.

This module only reads the table definitions of :mod:`engine.store`, :mod:`engine.review`,
:mod:`engine.runs` and :mod:`engine.interviews`; it is for the command line
(``python -m engine learners`` / ``forget``), never for a page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select

from engine.interview_browsers import interview_browsers_table
from engine.interviews import interview_answers_table, interview_scores_table, interviews_table, is_key_owner
from engine.review import cards_table, review_logs_table
from engine.runs import runs_table
from engine.store import LOCAL_LEARNER, Store, as_utc, attempts_table, check_learner, learner_id

#: every table holding a learner's data, in the order counts are shown; the interview answers
#: and scores belong to the interviews the learner owns
TABLES = ("attempts", "review_cards", "review_logs", "runs", "interviews", "interview_answers",
          "interview_scores", "interview_browsers")


def learner_of_account(account: str) -> str:
    """The stored learner id of a signed-in account, as the app's "Your account" box shows it.

    An OpenID Connect issuer has no ``#`` (it is a URL without a fragment), so the first ``#``
    separates it from the subject, which :func:`engine.store.learner_id` digests as the app does.

    Parameters
    ----------
    account : str
        ``<issuer>#<subject>``, e.g. ``https://accounts.google.com#1084...``.

    Raises
    ------
    ValueError
        When ``account`` does not look like ``<issuer>#<subject>``.
    """
    text = account.strip() if isinstance(account, str) else ""
    issuer, sep, subject = text.partition("#")
    if not (sep and issuer and subject):
        raise ValueError(f'an account looks like <issuer>#<subject>, as the app\'s "Your account" box shows it, '
                         f"got {account!r:.80}")
    return learner_id(issuer, subject)


def _owned_interviews(learner: str):
    return select(interviews_table.c.id).where(interviews_table.c.owner == learner).scalar_subquery()


def _where(learner: str) -> dict[str, Any]:
    """Table name -> (table, the condition selecting ``learner``'s rows)."""
    owned = _owned_interviews(learner)
    return {
        "attempts": (attempts_table, attempts_table.c.learner == learner),
        "review_cards": (cards_table, cards_table.c.learner == learner),
        "review_logs": (review_logs_table, review_logs_table.c.learner == learner),
        "runs": (runs_table, runs_table.c.learner == learner),
        "interviews": (interviews_table, interviews_table.c.owner == learner),
        "interview_answers": (interview_answers_table, interview_answers_table.c.interview_id.in_(owned)),
        "interview_scores": (interview_scores_table, interview_scores_table.c.interview_id.in_(owned)),
        "interview_browsers": (interview_browsers_table, interview_browsers_table.c.interview_id.in_(owned)),
    }


def learner_counts(store: Store, learner: str) -> dict[str, int]:
    """How many rows of ``learner``'s each table holds (every table of :data:`TABLES`, zeros too)."""
    check_learner(learner)
    with store.engine.connect() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(table).where(cond)).scalar_one())
                for name, (table, cond) in _where(learner).items()}


def forget_learner(store: Store, learner: str) -> dict[str, int]:
    """Delete every row of ``learner``'s data, in one write transaction; returns the rows deleted
    per table (see the module doc for what that covers).

    The interviews' answers and scores go first, while the interviews that select them still
    exist; a failure anywhere rolls the whole deletion back.

    Raises
    ------
    ValueError
        When ``learner`` is not a valid learner name.
    """
    check_learner(learner)
    deleted: dict[str, int] = {}
    order = ("interview_answers", "interview_scores", "interview_browsers", "interviews", "review_logs",
             "review_cards", "runs", "attempts")
    with store.begin() as conn:
        where = _where(learner)
        for name in order:
            table, cond = where[name]
            deleted[name] = int(conn.execute(delete(table).where(cond)).rowcount)
    return {name: deleted[name] for name in TABLES}


#: the tables holding one interview's data, in the order counts are shown (:func:`forget_interview`)
INTERVIEW_TABLES = ("interviews", "interview_answers", "interview_scores", "interview_browsers")


def interview_of_link(store: Store, link: str) -> tuple[int, str]:
    """``(id, title)`` of the interview whose interviewer or candidate link is ``link``: the whole
    address (``https://host/interview?t=<token>``, as mailed) or the token alone.

    A candidate has no account to be erased by: the link is what they, or the interviewer who
    sent it, can name the interview by (the operator's walk found no way to erase one candidate's
    interview but to forget its interviewer, with every interview they ran).

    Raises
    ------
    ValueError
        When the link opens no interview (only digests of the tokens are stored: a link that is not
        one cannot be told from one whose interview is gone).
    """
    from urllib.parse import parse_qs, urlsplit

    from engine.interviews import digest, link_token

    text = (link or "").strip()
    if "t=" in text:
        text = (parse_qs(urlsplit(text).query).get("t") or [""])[0]
    token = link_token(text) or ""
    if not token or len(token) > 200:
        raise ValueError("give the interview's link as it was sent (…/interview?t=…), or its token")
    d = digest(token)
    with store.engine.connect() as conn:
        row = conn.execute(select(interviews_table.c.id, interviews_table.c.title).where(
            (interviews_table.c.interviewer_digest == d) | (interviews_table.c.candidate_digest == d))).first()
    if row is None:
        raise ValueError("no interview has this link (a new candidate or interviewer link replaces the old one; "
                         "or the interview was erased)")
    return int(row.id), str(row.title)


def _interview_where(interview_id: int) -> dict[str, Any]:
    return {
        "interviews": (interviews_table, interviews_table.c.id == interview_id),
        "interview_answers": (interview_answers_table, interview_answers_table.c.interview_id == interview_id),
        "interview_scores": (interview_scores_table, interview_scores_table.c.interview_id == interview_id),
        "interview_browsers": (interview_browsers_table, interview_browsers_table.c.interview_id == interview_id),
    }


def interview_counts(store: Store, interview_id: int) -> dict[str, int]:
    """How many rows of each of :data:`INTERVIEW_TABLES` the interview holds."""
    with store.engine.connect() as conn:
        return {name: int(conn.execute(select(func.count()).select_from(table).where(cond)).scalar_one())
                for name, (table, cond) in _interview_where(interview_id).items()}


def forget_interview(store: Store, interview_id: int) -> dict[str, int]:
    """Delete one interview (its candidate's answers, the scores and notes, the browsers seen, the
    interview itself) in one write transaction; the rows deleted per table. Its interviewer's other
    interviews and own data stay."""
    deleted: dict[str, int] = {}
    with store.begin() as conn:
        where = _interview_where(interview_id)
        for name in ("interview_answers", "interview_scores", "interview_browsers", "interviews"):
            table, cond = where[name]
            deleted[name] = int(conn.execute(delete(table).where(cond)).rowcount)
    return {name: deleted[name] for name in INTERVIEW_TABLES}


@dataclass(frozen=True)
class LearnerSummary:
    """One learner with data in the database: rows per table, and when they were first and last active."""

    learner: str
    counts: dict[str, int] = field(default_factory=dict)
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    #: ``<issuer>#<subject>`` when known (given by the operator; a digest cannot be read back)
    account: str | None = None

    @property
    def local(self) -> bool:
        """The single learner of the app without sign-in."""
        return self.learner == LOCAL_LEARNER

    @property
    def interviewer_key(self) -> bool:
        """An interviewer key of the app without sign-in: its interviews, no learner's data."""
        return is_key_owner(self.learner)

    def to_dict(self) -> dict[str, Any]:
        return {"learner": self.learner, "account": self.account, "local": self.local,
                "interviewer_key": self.interviewer_key,
                "first_activity": self.first.isoformat() if self.first else None,
                "last_activity": self.last.isoformat() if self.last else None,
                "counts": {name: self.counts.get(name, 0) for name in TABLES}}


def list_learners(store: Store) -> list[LearnerSummary]:
    """Every learner with any data, most recently active first.

    Activity is an attempt answered, a review, a run kept or an interview set up. One grouped
    query per table: for operators, never for a page (it reads every learner).
    """
    owner = interviews_table.c.owner
    queries = {  # name -> (learner column, activity time or None, select-from)
        "attempts": (attempts_table.c.learner, attempts_table.c.answered_at, attempts_table),
        "review_cards": (cards_table.c.learner, None, cards_table),
        "review_logs": (review_logs_table.c.learner, review_logs_table.c.reviewed_at, review_logs_table),
        "runs": (runs_table.c.learner, runs_table.c.created_at, runs_table),
        "interviews": (owner, interviews_table.c.created_at, interviews_table),
        "interview_answers": (owner, None, interview_answers_table.join(
            interviews_table, interview_answers_table.c.interview_id == interviews_table.c.id)),
        "interview_scores": (owner, None, interview_scores_table.join(
            interviews_table, interview_scores_table.c.interview_id == interviews_table.c.id)),
        "interview_browsers": (owner, None, interview_browsers_table.join(
            interviews_table, interview_browsers_table.c.interview_id == interviews_table.c.id)),
    }
    counts: dict[str, dict[str, int]] = {}
    spans: dict[str, list[dt.datetime]] = {}
    with store.engine.connect() as conn:
        for name, (who, when, source) in queries.items():
            columns = [who, func.count()] + ([func.min(when), func.max(when)] if when is not None else [])
            for row in conn.execute(select(*columns).select_from(source).group_by(who)):
                counts.setdefault(row[0], {})[name] = int(row[1])
                spans.setdefault(row[0], []).extend(as_utc(t) for t in row[2:] if t is not None)
    out = [LearnerSummary(learner, {name: c.get(name, 0) for name in TABLES},
                          min(spans[learner], default=None), max(spans[learner], default=None))
           for learner, c in counts.items()]
    never = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return sorted(out, key=lambda s: (s.last or never, s.learner), reverse=True)


__all__ = ["LearnerSummary", "TABLES", "forget_learner", "learner_counts", "learner_of_account", "list_learners"]
