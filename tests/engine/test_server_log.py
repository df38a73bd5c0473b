"""engine.server_log.shutting_down: a background helper's failure while the process exits is not logged."""

from __future__ import annotations

import subprocess
import sys

from engine.server_log import shutting_down
from tests.conftest import ROOT

SCRIPT = """
import threading, time
from engine.server_log import shutting_down
seen = []
def watch():
    seen.append(shutting_down())      # while the main thread runs
    time.sleep(0.5)                   # the main thread ends meanwhile
    print(seen[0], shutting_down(), flush=True)
threading.Thread(target=watch).start()
time.sleep(0.1)
"""


def test_shutting_down_is_false_while_the_main_thread_runs_and_true_after_it_ended():
    assert shutting_down() is False
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "True"], done.stderr
