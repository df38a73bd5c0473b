"""Mock interviews: set-up, access by token, answers, rubric scores and the scorecard.

An interview has two links, each carrying its own unguessable token (``secrets``, 256 bits).
Only a SHA-256 digest of each token is stored, so the database alone does not open an
interview. A candidate token opens only that interview's candidate view; the interviewer
token opens the interviewer view and the scorecard. :func:`candidate_question` is the only
shape of a question a candidate view ever receives: no answer, explanation, model answer,
key points, mistakes or follow-ups.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Float, Integer, String, Table, Text, insert, select

from engine.limits import check_text
from engine.store import LEARNER_MAX, Store, metadata, upsert, utcnow
from engine.text import markdown_inert

TOKEN_BYTES = 32  # 256 bits
CRITERIA = ("technical accuracy", "depth", "communication", "use of evidence")
BANDS = ("strong no hire", "no hire", "hire", "strong hire")  # scored 1..4

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
                   "answer-structure"],
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


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccessDenied(Exception):
    """A wrong, missing or mismatched token. Its message reveals nothing about interviews."""

    def __init__(self) -> None:
        super().__init__("This link is not valid.")


@dataclass(frozen=True)
class Interview:
    id: int
    title: str
    role: str
    questions: tuple[dict[str, Any], ...]
    created_at: dt.datetime
    uploaded_bank: str | None = None


@dataclass(frozen=True)
class Created:
    interview_id: int
    interviewer_token: str
    candidate_token: str


def candidate_question(q: Any, seconds: int) -> dict[str, Any]:
    """What a candidate may see of a question: never the answer or the rubric."""
    out: dict[str, Any] = {"id": q.id, "type": q.type, "prompt": q.prompt, "seconds": seconds}
    if q.type in ("single_choice", "multi_choice"):
        out["choices"] = list(q.choices)
    elif q.type == "ordering":
        out["items"] = list(q.items)
    elif q.type == "numeric" and q.answer.unit:
        out["unit"] = q.answer.unit
    return out


def pick_questions(questions: Sequence[Any], role: str, seed: int = 0) -> list[str]:
    """A role template's default mix: its topics, in its easy/medium/hard proportions."""
    import random

    tpl = ROLE_TEMPLATES[role]
    rng = random.Random(f"{role}:{seed}")
    chosen: list[str] = []
    for difficulty, n in tpl["mix"].items():
        pool = [q.id for q in questions if q.difficulty == difficulty and role in q.roles
                and set(q.topics) & set(tpl["topics"]) and q.id not in chosen]
        rng.shuffle(pool)
        chosen += pool[:n]
    return chosen


class Interviews:
    def __init__(self, store: Store):
        self.store = store

    # --- set-up ------------------------------------------------------------------------
    def create(self, title: str, role: str, question_ids: Sequence[str], seconds_per_question: int,
               owner: str, uploaded_bank: str | None = None) -> Created:
        if role not in ROLE_TEMPLATES:
            raise ValueError(f"unknown role '{role}'; choose one of {', '.join(ROLE_TEMPLATES)}")
        if not question_ids:
            raise ValueError("an interview needs at least one question")
        if not 30 <= seconds_per_question <= 3600:
            raise ValueError(f"time per question must be from 30 to 3600 seconds, got {seconds_per_question}")
        interviewer, candidate = secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES)
        with self.store.begin() as conn:
            res = conn.execute(insert(interviews_table).values(
                title=title.strip()[:200] or "Mock interview", role=role,
                interviewer_digest=digest(interviewer), candidate_digest=digest(candidate), owner=owner,
                questions=[{"id": q, "seconds": int(seconds_per_question)} for q in question_ids],
                uploaded_bank=uploaded_bank, created_at=utcnow()))
        return Created(int(res.inserted_primary_key[0]), interviewer, candidate)

    def _open(self, token: str | None, column) -> Interview:
        if not token or len(token) > 200:
            raise AccessDenied()
        d = digest(token)
        with self.store.engine.connect() as conn:
            row = conn.execute(select(interviews_table).where(column == d)).mappings().first()
        # compare_digest on the stored digest: no timing hint about near-misses
        if row is None or not hmac.compare_digest(d, row[column.name]):
            raise AccessDenied()
        return Interview(row["id"], row["title"], row["role"], tuple(row["questions"]), row["created_at"],
                         row["uploaded_bank"])

    def as_interviewer(self, token: str | None) -> Interview:
        return self._open(token, interviews_table.c.interviewer_digest)

    def as_candidate(self, token: str | None) -> Interview:
        return self._open(token, interviews_table.c.candidate_digest)

    def owned_by(self, owner: str) -> list[Interview]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(interviews_table).where(interviews_table.c.owner == owner)
                                .order_by(interviews_table.c.created_at.desc())).mappings().all()
        return [Interview(r["id"], r["title"], r["role"], tuple(r["questions"]), r["created_at"], r["uploaded_bank"])
                for r in rows]

    # --- during ------------------------------------------------------------------------
    def save_answer(self, candidate_token: str, question_id: str, answer: Any, seconds: float | None = None) -> None:
        """Upsert the candidate's answer (called as they type and when they submit)."""
        iv = self.as_candidate(candidate_token)
        if question_id not in {q["id"] for q in iv.questions}:
            raise AccessDenied()
        check_answer(answer)
        with self.store.begin() as conn:
            upsert(conn, interview_answers_table, {"interview_id": iv.id, "question_id": question_id},
                   {"answer": answer, "saved_at": utcnow(), "seconds": seconds})

    def answers(self, interview_id: int) -> dict[str, dict[str, Any]]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(interview_answers_table).where(
                interview_answers_table.c.interview_id == interview_id)).mappings().all()
        return {r["question_id"]: {"answer": r["answer"], "seconds": r["seconds"], "saved_at": r["saved_at"]} for r in rows}

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
    def scorecard(self, interviewer_token: str) -> "Scorecard":
        iv = self.as_interviewer(interviewer_token)
        answers, scores = self.answers(iv.id), self.scores(iv.id)
        rows = []
        for q in iv.questions:
            s = scores.get(q["id"], {})
            a = answers.get(q["id"], {})
            rows.append(ScoreRow(q["id"], s.get("scores", {}), s.get("notes", ""), a.get("seconds"),
                                 a.get("answer") is not None))
        return Scorecard(iv.title, iv.role, tuple(rows))


def check_answer(answer: Any) -> None:
    """Refuse an answer whose text is over the ``answer`` ceiling, or of a shape no widget sends."""
    if answer is None or isinstance(answer, (int, float)):
        return
    if isinstance(answer, str):
        check_text(answer, "the answer")
    elif isinstance(answer, list) and len(answer) <= 50 and all(isinstance(a, str) for a in answer):
        check_text("".join(answer), "the answer")
    else:
        raise ValueError("an answer is a text, a number or a list of choices")


def _csv_cell(value: Any) -> Any:
    # a cell starting with = + - @ is run as a formula by spreadsheet programs
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


@dataclass(frozen=True)
class ScoreRow:
    question_id: str
    scores: dict[str, int]
    notes: str
    seconds: float | None
    answered: bool

    @property
    def mean(self) -> float | None:
        return sum(self.scores.values()) / len(self.scores) if self.scores else None


@dataclass(frozen=True)
class Scorecard:
    title: str
    role: str
    rows: tuple[ScoreRow, ...] = field(default_factory=tuple)

    @property
    def overall(self) -> tuple[str | None, str]:
        """(band, reasoning): the mean of every criterion score, rounded to a band.

        Any criterion averaging below 2 ("no hire") across the interview caps the band at
        "no hire": one serious weakness is not averaged away.
        """
        scored = [r for r in self.rows if r.scores]
        if not scored:
            return None, "No question has been scored yet."
        values = [v for r in scored for v in r.scores.values()]
        mean = sum(values) / len(values)
        band = BANDS[min(3, max(0, round(mean) - 1))]
        per = {c: [r.scores[c] for r in scored if c in r.scores] for c in CRITERIA}
        weak = [c for c, vs in per.items() if vs and sum(vs) / len(vs) < 2]
        reason = f"Mean score {mean:.2f} of 4 over {len(scored)} scored question(s)"
        if weak and BANDS.index(band) > 1:
            band = BANDS[1]
            reason += f"; capped at 'no hire' because {', '.join(weak)} averaged below 2"
        return band, reason + "."

    def to_dict(self) -> dict[str, Any]:
        band, reason = self.overall
        return {"title": self.title, "role": self.role, "overall": band, "reasoning": reason,
                "questions": [{**asdict(r), "mean": r.mean} for r in self.rows]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, default=str)

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["question", *CRITERIA, "mean", "seconds", "answered", "notes"])
        for r in self.rows:
            w.writerow([r.question_id, *[r.scores.get(c, "") for c in CRITERIA],
                        "" if r.mean is None else f"{r.mean:.2f}", "" if r.seconds is None else f"{r.seconds:.0f}",
                        r.answered, _csv_cell(r.notes)])
        return buf.getvalue()

    def to_markdown(self) -> str:
        band, reason = self.overall
        lines = [f"# Scorecard: {markdown_inert(self.title)}", "", f"Role: {self.role}", "",
                 f"**Overall: {band or 'not scored'}.** {reason}", "",
                 "| Question | " + " | ".join(c.capitalize() for c in CRITERIA) + " | Time | Notes |",
                 "|---|" + "---|" * len(CRITERIA) + "---|---|"]
        for r in self.rows:
            cells = [BANDS[r.scores[c] - 1] if c in r.scores else "–" for c in CRITERIA]
            secs = "–" if r.seconds is None else f"{r.seconds:.0f} s"
            lines.append(f"| {r.question_id} | " + " | ".join(cells) + f" | {secs} | {markdown_inert(r.notes, None)} |")
        return "\n".join(lines) + "\n"


__all__ = ["AccessDenied", "Interviews", "candidate_question", "pick_questions", "ROLE_TEMPLATES", "CRITERIA",
           "BANDS"]
