"""The benchmarks' shared measures (``benchmarks/stats.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.stats import own_peak_rss_mb, p90

ROOT = Path(__file__).resolve().parents[2]


def test_p90_is_a_time_one_of_the_runs_took():
    assert p90([5.0, 1.0, 3.0, 2.0, 4.0]) == 4.0
    assert p90([7.0]) == 7.0


def test_a_child_reports_its_own_peak_not_its_parents():
    """A process started by a large one reads its own peak: ``ru_maxrss`` would report the parent's
    size at the fork (the fuzz test's driver, under a pytest worker grown past 1 GB, read 1,150 MB)."""
    parent = bytearray(400 * 1024 * 1024)
    parent[::4096] = b"\1" * len(parent[::4096])  # touched, so resident
    child = subprocess.run([sys.executable, "-c", "from benchmarks.stats import own_peak_rss_mb as m; print(m())"],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    assert own_peak_rss_mb() > 400
    assert float(child.stdout) < 200, child.stdout
