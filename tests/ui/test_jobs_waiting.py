"""ui.jobs: what a run's bar says while it waits in its lane's queue."""

from __future__ import annotations

import pytest

from ui.jobs import waiting_text


@pytest.mark.parametrize(("ahead", "said"), [
    (0, "Waiting for a free worker: yours is next"),
    (1, "Waiting for a free worker: 1 run is ahead of yours in the queue"),
    (12, "Waiting for a free worker: 12 runs are ahead of yours in the queue"),
])
def test_a_waiting_run_is_told_its_place(ahead, said):
    assert waiting_text(ahead) == said
