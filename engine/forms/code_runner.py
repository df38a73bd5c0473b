"""Run a snippet from a shipped question bank, fenced in: its own process, time and memory.

Only banks shipped with the app (the content folder) may ask for their code to be run; the
loader refuses a ``code.run`` block in an uploaded bank, and nothing a visitor types is ever
run. The snippet still gets a fence of its own:

- a fresh interpreter (``sys.executable -I``: no user site-packages, no ``PYTHON*`` variables,
  the working folder not on ``sys.path``) in an empty temporary folder it starts in;
- an address-space limit (``RLIMIT_AS``) and a CPU-time limit (``RLIMIT_CPU``) that the child
  sets on itself before the snippet starts, a wall-clock limit enforced from outside (the whole process group is
  killed), and a cap on the output kept;
- a small environment: no inherited secrets, one thread for the numeric libraries.

A snippet needs no network, and nothing here gives it any on purpose.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from typing import Any

MAX_OUTPUT = 20_000  # characters of stdout / stderr kept
MAX_TIMEOUT = 120.0
MAX_MEMORY_MB = 4096
MEMORY_WORDS = ("MemoryError", "Cannot allocate memory", "can't allocate memory", "std::bad_alloc")


@dataclass(frozen=True)
class SnippetResult:
    stdout: str
    stderr: str
    returncode: int | None
    #: None, "timeout" or "memory": which limit stopped the snippet
    stopped_by: str | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.stopped_by is None

    @property
    def message(self) -> str:
        """One sentence on how the run ended."""
        if self.stopped_by == "timeout":
            return f"the snippet was stopped after {self.seconds:.0f} s: it ran past its time limit"
        if self.stopped_by == "memory":
            return "the snippet was stopped: it tried to use more memory than its limit"
        if self.returncode != 0:
            last = (self.stderr.strip().splitlines() or ["no message"])[-1]
            return f"the snippet failed (exit code {self.returncode}): {last[:300]}"
        return "the snippet ran to the end"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "message": self.message}


#: The child sets its own limits, then runs the snippet as ``__main__``. (Setting them here
#: would need ``preexec_fn``, which is unsafe in a threaded parent such as a Streamlit server.)
BOOTSTRAP = (
    "import resource, runpy, sys\n"
    "mem, cpu = int(sys.argv[2]) * 1048576, int(sys.argv[3])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (mem, mem))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "path = sys.argv[1]\n"
    "sys.argv = [path]\n"
    "runpy.run_path(path, run_name='__main__')\n"
)


def _env() -> dict[str, str]:
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT") if k in os.environ}
    threads = {k: "1" for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    return {**keep, **threads, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}


def run_snippet(source: str, timeout_s: float = 30.0, memory_mb: int = 1024) -> SnippetResult:
    """Run ``source`` as a Python script under the limits above and collect what it printed.

    Raises
    ------
    ValueError
        For limits outside 0 < timeout <= 120 s and 128 <= memory <= 4096 MB.
    """
    import time

    if not 0 < timeout_s <= MAX_TIMEOUT:
        raise ValueError(f"time limit must be from 0 to {MAX_TIMEOUT:.0f} seconds, got {timeout_s}")
    if not 128 <= memory_mb <= MAX_MEMORY_MB:
        raise ValueError(f"memory limit must be from 128 to {MAX_MEMORY_MB} MB, got {memory_mb}")
    with tempfile.TemporaryDirectory(prefix="tunelab-snippet-") as cwd:
        path = os.path.join(cwd, "snippet.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-I", "-B", "-c", BOOTSTRAP, path, str(int(memory_mb)), str(int(timeout_s) + 1)],
            cwd=cwd, env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=timeout_s)
            stopped = None
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            stopped = "timeout"
        seconds = time.perf_counter() - t0
    code = proc.returncode
    if stopped is None and code == -signal.SIGXCPU:
        stopped = "timeout"
    if stopped is None and code != 0 and any(w in err for w in MEMORY_WORDS):
        stopped = "memory"
    return SnippetResult(out[-MAX_OUTPUT:], err[-MAX_OUTPUT:], code, stopped, round(seconds, 2))
