"""Who is using this session: the learner every page passes to the engine.

Without sign-in (the local default) everyone is the single local learner, as before sign-in
existed. Pages never name a learner themselves: they call :func:`current_learner`, so sign-in
changes this one function.
"""

from __future__ import annotations

from engine.store import LOCAL_LEARNER


def current_learner() -> str:
    """The learner whose attempts, cards, runs and progress this session reads and writes."""
    return LOCAL_LEARNER
