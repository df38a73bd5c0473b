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


def test_the_limit_reaches_scipys_blas_when_scipy_is_imported_after_the_first_use():
    # the controller knows the libraries loaded when it is built: built before SciPy was imported,
    # SciPy's own OpenBLAS kept every core (seen when the judge's tests ran first)
    import os
    import subprocess
    import sys

    script = ("import numpy\nfrom engine.blas import one_blas_thread\nwith one_blas_thread(): pass\n"
              "import scipy.linalg\nfrom threadpoolctl import threadpool_info\nwith one_blas_thread():\n"
              "    print(sorted({l['num_threads'] for l in threadpool_info() if l['user_api'] == 'blas'}))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, "OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2"})
    assert out.stdout.strip() == "[1]"
