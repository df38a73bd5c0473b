"""Issue 10: extreme and malformed values through the CLI and the engine entry points the pages
use find no traceback, no hang over 30 s and no run over 1 GB (tests/engine/fuzz_driver.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_fuzzing_finds_no_traceback_no_hang_and_no_memory_blowup(tmp_path):
    out = subprocess.run([sys.executable, "-m", "tests.engine.fuzz_driver", "--examples", "100"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600,
                         env={"PATH": "/usr/bin:/bin", "TUNELAB_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.splitlines()[-1])
    assert report["failures"] == []
    assert report["tracebacks"] == 0 and report["hangs"] == 0
    assert report["tried"] >= 1200 and report["refused"] > 0 and report["ok"] > 0
    assert report["peak_mb"] < 1024
    for prop, counts in report["by_property"].items():
        assert counts["tried"] > 0, prop
