"""Which lab (and preset) illustrates a question: "Try it in the lab" links.

A question may name its lab explicitly (``lab: {page: search-lab, preset: branin}``); otherwise
its first topic that a lab can illustrate decides. Links carry the preset in the URL, so the
lab opens with it loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: url_path of a lab page -> its script
LAB_PAGES = {
    "presenter": "app_pages/presenter.py",
    "optimizer-lab": "app_pages/optimizer_lab.py",
    "training-lab": "app_pages/training_lab.py",
    "search-lab": "app_pages/search_lab.py",
}

#: topic -> (lab url_path, preset)
TOPIC_LABS: dict[str, tuple[str, str]] = {
    "learning-rate": ("presenter", "lr-regimes"),
    "lr-schedules": ("presenter", "decay"),
    "sgd-momentum": ("presenter", "ravine"),
    "adaptive-optimisers": ("presenter", "adam-vs-sgd"),
    "choosing-optimisers": ("training-lab", "sgd-vs-adam"),
    "training-loop": ("training-lab", "sgd-vs-adam"),
    "grid-search": ("search-lab", "branin"),
    "random-search": ("search-lab", "hartmann6"),
    "bayesian-optimisation": ("search-lab", "branin"),
    "cross-validation": ("search-lab", "svc-cancer"),
    "tuning-process": ("search-lab", "svc-cancer"),
    "resource-management": ("search-lab", "svc-digits"),
    "overfitting-underfitting": ("training-lab", "overfit"),
    "model-hyperparameters": ("search-lab", "forest-wine"),
    "tuning-tools": ("search-lab", "svc-digits"),
    "debugging-training": ("training-lab", "sgd-vs-adam"),
    "loss-landscapes": ("presenter", "minima"),
}


@dataclass(frozen=True)
class LabLink:
    page: str  # url_path
    preset: str

    @property
    def script(self) -> str:
        return LAB_PAGES[self.page]

    @property
    def title(self) -> str:
        return {"presenter": "Presenter mode", "optimizer-lab": "Optimizer lab", "training-lab": "Training lab",
                "search-lab": "Search lab"}[self.page]


def lab_link(question: Any) -> LabLink | None:
    explicit = getattr(question, "lab", None)
    if explicit is not None:
        return LabLink(explicit.page, explicit.preset)
    for topic in question.topics:
        if topic in TOPIC_LABS:
            return LabLink(*TOPIC_LABS[topic])
    return None
