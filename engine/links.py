"""Shareable Presenter links: URL parameters in, the demo to show (and why, when it differs) out.

A link restores exactly what it says when it can. When it cannot (an unknown demo, a rate that
is not a number or lies outside the slider, a step count out of range), the nearest valid value
is used and a plain sentence says what was changed, so a presenter never gets a silently
different demo. Pure: no Streamlit; the page reads ``st.query_params`` and passes a mapping.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from engine.labels import as_written
from engine.optim.presets import LR_CHOICES, PRESETS, STEP_CHOICES

#: the range a link's learning rate is clamped to: the Presenter slider's ends
LR_MIN, LR_MAX = min(LR_CHOICES), max(LR_CHOICES)
#: the range a link's step count is clamped to
STEPS_MIN, STEPS_MAX = min(STEP_CHOICES), max(STEP_CHOICES)


@dataclass(frozen=True)
class PresenterLink:
    """The demo a link opens: preset key, learning rate and steps, plus notes on any change."""

    preset: str
    lr: float
    steps: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    def query(self) -> dict[str, str]:
        """The URL parameters that reopen this demo."""
        return {"preset": self.preset, "lr": f"{self.lr:g}", "steps": str(self.steps)}


#: a number written with a decimal comma, digits only ("0,05"): nothing else of the visitor's is read
_DECIMAL_COMMA = re.compile(r"\d{1,20},\d{1,20}")


def _number(raw: str | None, infinite: bool = False) -> float | None:
    """The number in ``raw``, or None (missing, empty, not a number, nan; inf and numbers past
    a float's range too unless ``infinite``: a rate of "1e400" is too large, not "not a number")."""
    if raw is None:
        return None
    try:
        value = float(str(raw).strip()[:40])
    except ValueError:
        return None
    return value if math.isfinite(value) or (infinite and not math.isnan(value)) else None


def parse_presenter_link(params: Mapping[str, str]) -> PresenterLink:
    """Read ``preset``, ``lr`` and ``steps`` from a Presenter link's URL parameters.

    Parameters
    ----------
    params
        The query parameters (values as strings; a missing key means "the preset's default").

    Returns
    -------
    PresenterLink
        What to show. ``notes`` holds one sentence per value the link asked for but could not
        get (empty when the link is honoured exactly). Notes never repeat the visitor's text.
    """
    notes: list[str] = []
    default_key = next(iter(PRESETS))
    key = params.get("preset")
    if key is None or key == "":
        key = default_key
    elif key not in PRESETS:
        notes.append(f"This link names a demo that does not exist; showing “{PRESETS[default_key].title}”.")
        key = default_key
    preset = PRESETS[key]

    lr = preset.lr
    raw_lr = params.get("lr")
    if raw_lr not in (None, ""):
        value = _number(raw_lr, infinite=True)  # clamped below like any rate too large or small
        if value is None and (comma := _DECIMAL_COMMA.fullmatch(str(raw_lr).strip())):
            # one rate, so "0,05" can only mean 0.05 (the lab's box, which takes a list, refuses it):
            # the demo was dropped for the default rate (a lecturer's walk-through)
            value = float(comma.group().replace(",", "."))
            notes.append(f"The learning rate in this link is written with a decimal comma: read as {value:g} "
                         "(links write decimals with a point).")
        if value is None:
            notes.append(f"The learning rate in this link is not a number; using the demo's {preset.lr:g}.")
        elif value <= 0:
            # a sign slip, not a small rate: the slider's smallest (0.0001) crawled and read as a result
            notes.append(f"The learning rate in this link ({value:g}) must be greater than 0; "
                         f"using the demo's {preset.lr:g}.")
        elif value < LR_MIN:
            lr = LR_MIN
            notes.append(f"The learning rate in this link ({value:g}) is below the slider's smallest, "
                         f"{LR_MIN:g}; using {LR_MIN:g}.")
        elif value > LR_MAX:
            lr = LR_MAX
            notes.append(f"The learning rate in this link ({value:g}) is above the slider's largest, "
                         f"{LR_MAX:g}; using {LR_MAX:g}.")
        else:
            lr = float(f"{value:.6g}")  # what the link says, without float noise

    steps = preset.steps
    raw_steps = params.get("steps")
    if raw_steps not in (None, ""):
        value = _number(raw_steps)
        if value is None or value != int(value):
            notes.append(f"The step count in this link is not a whole number; using the demo's {preset.steps}.")
        elif not STEPS_MIN <= value <= STEPS_MAX:
            steps = STEPS_MIN if value < STEPS_MIN else STEPS_MAX
            notes.append(f"The step count in this link ({as_written(value)}) is outside {STEPS_MIN}–{STEPS_MAX}; "
                         f"using {steps}.")
        else:
            steps = int(value)
    return PresenterLink(key, lr, steps, tuple(notes))


def lr_options(lr: float) -> tuple[float, ...]:
    """The slider's rates, with ``lr`` among them (a link may ask for a rate between two stops)."""
    return tuple(sorted({*LR_CHOICES, float(lr)}))


def step_options(steps: int) -> tuple[int, ...]:
    """The slider's step counts, with ``steps`` among them."""
    return tuple(sorted({*STEP_CHOICES, int(steps)}))
