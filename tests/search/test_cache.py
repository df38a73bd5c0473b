"""The evaluation cache, on SQLite and PostgreSQL: shared across stores, first write kept."""

from __future__ import annotations

import pickle
import threading

from sqlalchemy import func, select

from engine.search.cache import EvalCache, evaluations_table
from engine.store import Store


def test_an_evaluation_is_shared_by_every_store_on_the_database(db_url):
    a, b = EvalCache(Store(db_url)), EvalCache(Store(db_url))
    assert a.get("k" * 64) is None and a.get(None) is None
    a.put("k" * 64, "digits:svc", {"value": 0.9, "info": {"folds": [0.8, 1.0]}})
    assert b.get("k" * 64) == {"value": 0.9, "info": {"folds": [0.8, 1.0]}}
    # a worker process receives the cache as its URL and opens its own connections
    assert pickle.loads(pickle.dumps(a)).get("k" * 64)["value"] == 0.9


def test_storing_the_same_key_at_once_keeps_one_row_and_raises_nothing(db_url):
    caches = [EvalCache(Store(db_url)) for _ in range(4)]
    barrier, errors = threading.Barrier(4), []

    def put(cache: EvalCache, n: int) -> None:
        barrier.wait()
        for i in range(25):
            try:
                cache.put(f"{i:064d}", "obj", {"value": float(i), "info": {"by": n}})
            except Exception as exc:  # collected: there must be none
                errors.append(exc)

    threads = [threading.Thread(target=put, args=(c, n)) for n, c in enumerate(caches)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with caches[0].store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(evaluations_table)).scalar_one() == 25
    fresh = EvalCache(Store(db_url))
    assert [fresh.get(f"{i:064d}")["value"] for i in range(25)] == [float(i) for i in range(25)]
