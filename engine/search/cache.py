"""A persistent cache of evaluations, in the project's database.

Keyed by the objective's ``cache_key`` (dataset, model, parameters, folds, metric, seed,
resource), so a configuration evaluated once is reused by every strategy, rerun and session.
An in-memory dict sits in front of the table. Two sessions (or workers) that evaluate the same
configuration at once both store it with ``INSERT ... ON CONFLICT DO NOTHING``: the first row
stays, and the numbers are the same anyway.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

from sqlalchemy import JSON, Column, DateTime, String, Table, select

from engine.store import Store, insert_missing, metadata

evaluations_table = Table(
    "evaluations",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("objective", String(120), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class EvalCache:
    """get/put of evaluation payloads ``{"value", "info"}``. The runner keeps failures out (a fixed
    bug or a raised limit must be able to retry them); they stay in their study's trials."""

    def __init__(self, store: Store | None = None):
        self.store = store
        self._memory: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str | None) -> dict[str, Any] | None:
        if key is None:
            return None
        with self._lock:
            if key in self._memory:
                return self._memory[key]
        if self.store is None:
            return None
        with self.store.engine.connect() as conn:
            row = conn.execute(select(evaluations_table.c.payload).where(evaluations_table.c.key == key)).first()
        if row is None:
            return None
        with self._lock:
            self._memory[key] = row[0]
        return row[0]

    def put(self, key: str | None, objective: str, payload: dict[str, Any]) -> None:
        if key is None:
            return
        payload = json.loads(json.dumps(payload))
        with self._lock:
            self._memory[key] = payload
        if self.store is None:
            return
        with self.store.begin() as conn:
            insert_missing(conn, evaluations_table, {"key": key},
                           {"objective": objective[:120], "payload": payload,
                            "created_at": dt.datetime.now(dt.timezone.utc)})

    def __getstate__(self) -> dict[str, Any]:
        # A cache crosses into a worker process (engine.jobs) as its database URL; the worker
        # opens its own connection pool.
        return {"url": self.store.url if self.store is not None else None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(Store(state["url"]) if state["url"] else None)

    def __len__(self) -> int:
        return len(self._memory)
