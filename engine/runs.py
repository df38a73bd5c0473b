"""Run history: every lab run and every "Run it", with its configuration, seed and results.

The app practises the experiment tracking it asks about: what ran, with which settings and
seed, what it measured, and when. Results are stored as small summaries (numbers, labels),
not whole trajectories. Every run belongs to a learner, and every read names one.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Integer, String, Table, exists, func, insert, literal, select

from engine.labels import MEASUREMENTS
from engine.store import LEARNER_MAX, Store, as_utc, check_learner, metadata, utcnow

runs_table = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(LEARNER_MAX), nullable=False),
    Column("kind", String(40), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("config", JSON, nullable=False),
    Column("seed", Integer, nullable=True),
    Column("results", JSON, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Index("ix_runs_learner_created_at", "learner", "created_at"),
)


KINDS = {
    "optimizer_lab": "Optimizer lab",
    "presenter": "Presenter mode",
    "training_lab": "Training lab",
    "range_test": "LR range test",
    "search_lab": "Search lab",
    "overtuning": "Over-tuning experiment",
    "run_it": "Run it (question)",
}


def a_kind(kind: str) -> str:
    """"an Optimizer lab run", "a Search lab run": a kind's name with its article, for sentences."""
    name = KINDS.get(kind, kind)
    # by sound: "an LR range test" (el-ar), "an Over-tuning experiment"
    article = "an" if name[:1].lower() in "aeio" or name.startswith("LR") else "a"
    return f"{article} {name} run"


@dataclass(frozen=True)
class RunRecord:
    id: int
    kind: str
    title: str
    config: dict[str, Any]
    seed: int | None
    results: dict[str, Any]
    created_at: dt.datetime
    #: the run's place among its learner's own runs, from 1 (the id counts everyone's: on a shared
    #: server one learner's runs read #1, #3, #6, the gaps hinting at classmates' runs)
    number: int | None = None

    @property
    def seeds_text(self) -> str:
        """The seed as Run history's table writes it: the run's seed, else the seeds its settings ran
        over ("3, 4, 5": a "Run it" of a search over seeds read "none"), else "none"."""
        if self.seed is not None:
            return str(self.seed)
        params = self.config.get("params") if isinstance(self.config, dict) else None
        seeds = (params or {}).get("seeds") if isinstance(params, dict) else None
        if isinstance(seeds, list) and seeds and all(isinstance(x, int) for x in seeds):
            return ", ".join(map(str, seeds[:10])) + (", …" if len(seeds) > 10 else "")
        return "none"


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: v.item() if hasattr(v, "item") else str(v)))


def fingerprint(kind: str, config: Any, seed: int | None) -> str:
    return hashlib.sha256(json.dumps([kind, _plain(config), seed], sort_keys=True).encode()).hexdigest()


class RunLog:
    """Every learner's run history, in the store's database."""

    def __init__(self, store: Store):
        self.store = store

    def record(self, learner: str, kind: str, title: str, config: Any, results: Any, seed: int | None = None,
               when: dt.datetime | None = None, once: bool = False) -> int | None:
        """Keep one run of ``learner``'s; returns its id.

        ``once``: keep it only if the learner's latest run is not the same run (kind, settings and
        seed: :func:`fingerprint`), and return None when it is. The check and the insert are one
        statement (``INSERT ... SELECT ... WHERE NOT EXISTS``), so it holds across browser sessions
        (the same link opened twice ran the same search twice, and kept two rows) without a read
        racing a write in another tab.
        """
        check_learner(learner)
        if kind not in KINDS:
            raise ValueError(f"unknown run kind '{kind}'")
        fp = fingerprint(kind, config, seed)
        values = {"learner": learner, "kind": kind, "title": title[:200], "config": _plain(config), "seed": seed,
                  "results": _plain(results), "fingerprint": fp, "created_at": when or utcnow()}
        with self.store.begin() as conn:
            if not once:
                return int(conn.execute(insert(runs_table).values(**values)).inserted_primary_key[0])
            t = runs_table.c
            latest = (select(t.fingerprint).where(t.learner == learner)
                      .order_by(t.created_at.desc(), t.id.desc()).limit(1).subquery())
            repeat = exists(select(latest.c.fingerprint).where(latest.c.fingerprint == fp))
            # typed literals: each is bound with its column's type (JSON serialised, the time as a timestamp)
            source = select(*(literal(v, t[k].type).label(k) for k, v in values.items())).where(~repeat)
            row = conn.execute(insert(runs_table).from_select(list(values), source).returning(t.id)).first()
            return None if row is None else int(row[0])

    def runs(self, learner: str, kind: str | None = None, limit: int | None = 500) -> list[RunRecord]:
        """``learner``'s runs, newest first (of one ``kind`` when given), each numbered among all of
        the learner's runs (:attr:`RunRecord.number`, counted by the database)."""
        check_learner(learner)
        order = (runs_table.c.created_at, runs_table.c.id)
        mine = select(runs_table, func.row_number().over(order_by=order).label("number")).where(
            runs_table.c.learner == learner).subquery()
        stmt = select(mine).order_by(mine.c.created_at.desc(), mine.c.id.desc())
        if kind:
            stmt = stmt.where(mine.c.kind == kind)
        if limit:
            stmt = stmt.limit(limit)
        with self.store.engine.connect() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [RunRecord(r["id"], r["kind"], r["title"], r["config"], r["seed"], r["results"], as_utc(r["created_at"]),
                          r["number"]) for r in rows]


def flatten(prefix: str, value: Any, out: dict[str, Any], lists_as_json: bool = True) -> dict[str, Any]:
    """Nested dicts/lists to 'a.b[0]' keys, for tables, comparisons and CSV. A list of plain
    values stays one field: JSON text (for CSV), or the list itself (``lists_as_json=False``)."""
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else str(k), v, out, lists_as_json)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            flatten(f"{prefix}[{i}]", v, out, lists_as_json)
    else:
        out[prefix] = json.dumps(value) if isinstance(value, list) and lists_as_json else value
    return out


@functools.lru_cache(maxsize=1)
def _titles() -> dict[str, dict[str, str]]:
    """The registries' titles, by the settings field that holds their ids ("optimizer": "adamw"
    -> "AdamW"). Runs are stored with ids, which reproduce them; people read titles."""
    from engine.optim.optimizers import OPTIMIZERS
    from engine.optim.presets import PRESETS
    from engine.optim.schedules import SCHEDULE_TITLES
    from engine.optim.surfaces import SURFACES
    from engine.search.objectives import METRICS
    from engine.search.strategies import STRATEGIES

    strategies = {k: v.title for k, v in STRATEGIES.items()}
    return {"optimizer": {k: v.title for k, v in OPTIMIZERS.items()}, "strategy": strategies,
            "strategies": strategies, "schedule": dict(SCHEDULE_TITLES),
            "surface": {k: v.title for k, v in SURFACES.items()}, "metric": {k: v.title for k, v in METRICS.items()},
            "preset": {k: v.title for k, v in PRESETS.items()}}


def _field_name(key: str) -> str:
    """The settings field a flattened key ends in: "config.runs[0].schedule.name" -> "schedule"."""
    parts = [re.sub(r"\[\d+\]$", "", p) for p in key.split(".")]
    return parts[-2] if parts[-1] == "name" and len(parts) > 1 else parts[-1]


def value_words(key: str, value: Any) -> Any:
    """``value`` of the flattened field ``key`` with registry ids as their titles ("adamw" ->
    "AdamW", "iris:logistic" -> "Logistic regression on iris"); anything else as it is."""
    field_name = _field_name(key)
    if field_name == "objective" and isinstance(value, str):
        from engine.search.objectives import objective_title

        return objective_title(value) or value
    titles = _titles().get(field_name)
    if titles is None:
        return value
    if isinstance(value, list):
        return [titles.get(v, v) if isinstance(v, str) else v for v in value]
    return titles.get(value, value) if isinstance(value, str) else value


def key_words(key: str) -> str:
    """A results key as people read it: a search strategy's id ("random", the search lab keys
    its results by strategy) as its title; a run's own label is already words."""
    return _titles()["strategy"].get(key, key)


#: what the results fields of the runs mean, where the stored name is not words already (the
#: training measurements in the words a question's measurement uses, engine.labels.MEASUREMENTS)
RESULT_WORDS = {"best_cv": "best CV score", "nested": "nested CV score", "test": "held-out test score",
                **{k: MEASUREMENTS[k] for k in ("final_val_acc", "final_train_loss")},
                "min_loss_lr": "rate at the lowest loss", "diverged_at": "diverged at step",
                "diverged_at_epoch": "diverged at epoch",
                # a question's "Run it": what the run makes the question's answer (as its card says)
                "reality": "reality's answer"}


def value_text(value: Any) -> str:
    """A stored value as a table cell: 4 significant digits, yes / no, lists joined by commas."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    return str(value)


#: "runs[0]" in a flattened key: the first item of a list of settings
_ITEM = re.compile(r"(\w+?)s?\[(\d+)\]")
#: a dot that separates two names ("SGD lr=0.05.final_val_acc"), not one inside a number ("0.05")
_SEPARATOR = re.compile(r"\.(?=[A-Za-z_])")


def field_label(key: str) -> str:
    """A flattened key as people read it: "results.SGD lr=0.05.final_val_acc" -> "result: SGD lr=0.05 ·
    final validation accuracy", "config.runs[0].lr" -> "setting: run 1 · lr"."""
    kind = ""
    for prefix, name in (("results.", "result: "), ("config.", "setting: ")):
        if key.startswith(prefix):
            kind, key = name, key[len(prefix):]
            break
    key = _ITEM.sub(lambda m: f"{m.group(1)} {int(m.group(2)) + 1}", key)
    parts = _SEPARATOR.split(key)
    if kind == "result: ":  # results are keyed by a run (or a strategy) and named by measurement
        parts = [RESULT_WORDS.get(p, key_words(p)) for p in parts]
    return kind + " · ".join(parts).replace("_", " ")


def results_summary(results: Any, limit: int = 240) -> str:
    """One readable line of a run's results: "SGD (lr 0.1): converged, final loss 2.8e-07; ...".

    A result per run of a comparison (a dict of dicts) is written run by run; numbers keep four
    significant digits; booleans read yes / no.
    """
    if not isinstance(results, dict):
        return value_text(results)[:limit]

    def words(key: Any) -> str:
        return RESULT_WORDS.get(str(key), str(key).replace("_", " "))

    parts = []
    for key, value in results.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{words(k)} {value_text(v)}" for k, v in value.items()
                              if not isinstance(v, (dict, list)))
            parts.append(f"{key_words(str(key))}: {inner}")
        else:
            parts.append(f"{words(key)} {value_text(value)}")
    line = "; ".join(parts)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def matching(records: list[RunRecord], kinds: list[str] | None = None, text: str = "") -> list[RunRecord]:
    """The runs of any of ``kinds`` (all when empty) whose title contains ``text`` (any case)."""
    wanted = text.lower()
    return [r for r in records if (not kinds or r.kind in kinds) and wanted in r.title.lower()]


@dataclass(frozen=True)
class FieldDiff:
    """One field of two runs side by side: as people read it, and whether the runs differ in it."""

    label: str
    a: str
    b: str
    differs: bool


def compare(a: RunRecord, b: RunRecord) -> list[FieldDiff]:
    """Every setting, the seed and every result of two runs, field by field, in the order they
    first appear (run A's fields, then run B's own); a field one run lacks reads empty, a stored
    None ("not reached", "no seed") reads "–" as it does in the runs table."""
    fa = flatten("", {"config": a.config, "seed": a.seed, "results": a.results}, {}, lists_as_json=False)
    fb = flatten("", {"config": b.config, "seed": b.seed, "results": b.results}, {}, lists_as_json=False)
    out = []
    for key in dict.fromkeys([*fa, *fb]):
        va, vb = fa.get(key, _MISSING), fb.get(key, _MISSING)
        out.append(FieldDiff(field_label(key), "" if va is _MISSING else value_text(value_words(key, va)),
                             "" if vb is _MISSING else value_text(value_words(key, vb)), va != vb))
    return out


#: a field one of two compared runs does not have (a stored None is a value: "–")
_MISSING = object()


def _same_run(a: RunRecord, b: RunRecord) -> bool:
    return (a.config, a.seed, a.results) == (b.config, b.seed, b.results)


def default_pair(records: list[RunRecord]) -> tuple[int, int] | None:
    """The two runs compared by default: the newest, and the newest before it of the same kind
    (a comparison of a training run with a search says nothing) that differs from it in a setting,
    the seed or a result; of the same kind only, when every one is the same run again (the lab's
    runs kept twice read "the same in every field"). None with fewer than two runs.

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc)
    >>> runs = [RunRecord(i, kind, "", {"lr": lr}, 0, {}, at) for i, kind, lr in
    ...         [(4, "optimizer_lab", 0.1), (3, "search_lab", 0.1), (2, "optimizer_lab", 0.1),
    ...          (1, "optimizer_lab", 0.5)]]
    >>> default_pair(runs), default_pair(runs[:3])
    ((4, 1), (4, 2))
    """
    if len(records) < 2:
        return None
    newest = records[0]
    kind = [r for r in records[1:] if r.kind == newest.kind]
    same = next((r for r in kind if not _same_run(r, newest)), kind[0] if kind else None)
    if same is None:  # the newest is the only one of its kind: take the newest pair of any kind
        kinds: dict[str, RunRecord] = {}
        for r in records:
            if r.kind in kinds:
                return kinds[r.kind].id, r.id
            kinds[r.kind] = r
        return newest.id, records[1].id
    return newest.id, same.id


def to_csv(records: list[RunRecord]) -> str:
    rows = []
    for r in records:
        row = {"number": r.number, "kind": r.kind, "title": r.title, "seed": r.seed, "created_at": r.created_at.isoformat()}
        flatten("config", r.config, row)
        flatten("results", r.results, row)
        rows.append(row)
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
