"""One BLAS thread for small matrices: :func:`one_blas_thread`.

On the small matrices of a Gaussian process or a sentence embedder, OpenBLAS's threads cost far
more than they save (a GP likelihood measured 5x slower on a busy 2-core machine), and the
judge's embedder already runs its batches side by side on workers of its own.
"""

from __future__ import annotations

import contextlib
from typing import Any

_CONTROLLER: Any = None


def one_blas_thread():
    """A context limiting BLAS to one thread, or a no-op without threadpoolctl.

    The controller is built once per process: scanning the loaded libraries costs about a
    millisecond (``threadpool_limits(...)`` does it on every call), switching limits microseconds.
    It knows only the libraries loaded when it is built, so SciPy's (a BLAS of its own, which the
    Gaussian process's linear algebra uses) is loaded first: built before SciPy was imported, the
    limit left SciPy's BLAS at every core.
    """
    global _CONTROLLER
    if _CONTROLLER is None:
        try:
            import scipy.linalg  # noqa: F401  (loads SciPy's BLAS; scikit-learn needs SciPy)
            from threadpoolctl import ThreadpoolController

            _CONTROLLER = ThreadpoolController()
        except Exception:  # pragma: no cover - threadpoolctl comes with scikit-learn
            _CONTROLLER = False
    if _CONTROLLER is False:
        return contextlib.nullcontext()
    return _CONTROLLER.limit(limits=1, user_api="blas")
