"""What a session-state key costs a script run: Streamlit's own walks over a session's keys, timed
directly (no server, no client: an end-to-end action varies by more than this from run to run).

A run walks every key at its start (``on_script_will_rerun``: the widgets' new values, the
triggers reset), once per input widget drawn (``filtered_state``: two here) and at its end
(``on_script_finished``: state compacted, stale widgets dropped). Timed for a session holding 18
keys (Practice alone, ``ui.state``), 31 (after the labs and Presenter, each keeping one dict for
its link and one per chart) and 44 (as they kept them before, a key per field).

2026-12-05 (2-core machine, two runs): 95 to 134, 136 to 174 and 182 to 195 us a run: about 2
to 3.5 us a key. Thirteen keys less is 0.03 to 0.05 ms of a practice action's 5 to 7 ms; the
practice benchmark (``bench_action_phases.py --after ...``) run five times on each side spread
5.5 to 6.7 ms on both.

Usage::

    .venv/bin/python benchmarks/bench_session_keys.py
"""

from __future__ import annotations

import timeit

from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.state.session_state import SessionState


def session(keys: int) -> SessionState:
    """A session holding ``keys`` keys, each a small dict (as the pages' carried state is)."""
    state = SessionState()
    for i in range(keys):
        state[f"k{i}"] = {"value": i}
    return state


def one_run(state: SessionState, widgets: int = 2) -> None:
    """The walks of one script run that draws ``widgets`` input widgets."""
    state.on_script_will_rerun(WidgetStates())
    for _ in range(widgets):
        state.filtered_state  # noqa: B018 - a property: reading it is the walk
    state.on_script_finished(set())


def main() -> None:
    for keys in (18, 31, 44):
        state = session(keys)
        seconds = min(timeit.repeat(lambda: one_run(state), number=1000, repeat=7)) / 1000
        print(f"{keys} keys: {seconds * 1e6:.0f} us a run")


if __name__ == "__main__":
    main()
