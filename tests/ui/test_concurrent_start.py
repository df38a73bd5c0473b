"""Two races a busy server used to lose, in its first seconds and under many sessions.

Both were found by the load benchmark's websocket visitors (benchmarks/bench_load.py), each
showing one visitor an exception box or "This question could not be prepared".
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_a_worker_that_re_imports_the_app_as_its_main_draws_nothing():
    """A worker started while another session's run had just installed ``app.py`` as
    ``__main__`` re-ran the whole app and died (exit code 1: no script run context)."""
    out = run_python("import runpy; runpy.run_path('app.py', run_name='__mp_main__'); print('ok')")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
    assert "ScriptRunContext" not in out.stderr and "Traceback" not in out.stderr


def test_the_modules_plotly_looks_up_are_complete_before_the_background_imports_start():
    """plotly reads pandas from ``sys.modules`` without importing it; a figure drawn while the
    warm-up thread was half-way through importing pandas failed."""
    code = (
        "import sys, threading\n"
        "from ui import warm\n"
        "started = []\n"
        "real = threading.Thread.start\n"
        "def start(self):\n"
        "    started.append({m: m in sys.modules and hasattr(sys.modules[m], '__version__') for m in warm.IMPORTED_FIRST})\n"
        "threading.Thread.start = start  # the background thread is not needed to check the order\n"
        "warm.warm_reference_libraries()\n"
        "print(started)\n"
    )
    out = run_python(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[{'numpy': True, 'pandas': True}]"
