"""engine.blas: one BLAS thread inside the context, the previous number after it."""

from __future__ import annotations

import numpy  # noqa: F401  (loads the BLAS the limits apply to)
from threadpoolctl import threadpool_info

from engine.blas import one_blas_thread


def _blas_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_one_blas_thread_inside_and_the_old_count_after():
    before = _blas_threads()
    with one_blas_thread():
        assert _blas_threads() == {1}
    assert _blas_threads() == before
    with one_blas_thread():  # the controller is built once and reused
        assert _blas_threads() == {1}
