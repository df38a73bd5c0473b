"""Plain data at the engine's edges: one strict pydantic base, one scalar converter.

Both sit at the bottom of the engine (they import no engine module), so the content schema,
the simulator's parameters and the search results can share them without importing each other.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A frozen pydantic model that rejects unknown fields (a typo is an error, not ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def plain(value: Any) -> Any:
    """A numpy scalar as the Python one, and a non-finite float as ``None``; anything else as is.

    For ``to_dict()`` output: ``json.dumps`` writes ``Infinity``/``NaN``, which is not JSON.
    """
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
