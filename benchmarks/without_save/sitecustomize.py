"""A floor experiment for ``bench_load.py``: the practice server with answers not saved.

Not part of the app. Put this folder first on ``PYTHONPATH`` and set
``TUNELAB_BENCH_WITHOUT_SAVE=1``; every Python process started then (the benchmark's two
``streamlit run`` servers among them) replaces :meth:`engine.review.Reviews.save_answer` with one
that touches no database and returns a made-up :class:`engine.review.SavedAnswer`::

    PYTHONPATH=benchmarks/without_save TUNELAB_BENCH_WITHOUT_SAVE=1 \\
        .venv/bin/python benchmarks/bench_load.py --client websocket --sessions 10 30

The practice page then does everything it does for an answer but the save: grading, the verdict,
the day's score from what the "save" returned. The benchmark reports every attempt as lost, by
construction. What the ratio shows is how far an answer's run could come down if its save cost
nothing at all (written behind the verdict, say): the floor under any change to the save alone.
"""

from __future__ import annotations

import importlib.abc
import os
import sys


def _without_save(review) -> None:
    import datetime as dt
    import itertools

    counter = itertools.count(1)

    def save_answer(self, attempt, tz=None):
        n = next(counter)
        return review.SavedAnswer(n, dt.datetime.now(dt.timezone.utc), n, n, float(n))

    review.Reviews.save_answer = save_answer


class _PatchAfterImport(importlib.abc.MetaPathFinder):
    """Finds ``engine.review`` with the other finders, then patches it once it has run."""

    def find_spec(self, name, path, target=None):
        if name != "engine.review":
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            _without_save(module)

        spec.loader.exec_module = exec_module
        return spec


if os.environ.get("TUNELAB_BENCH_WITHOUT_SAVE") == "1":
    sys.meta_path.insert(0, _PatchAfterImport())
