"""The judge loads once per test session (about 2 s); every judge test shares it."""

from __future__ import annotations

import pytest

from engine.content.loader import load_library
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def judge():
    from engine.judge import get_judge

    return get_judge()


@pytest.fixture(scope="session")
def bank():
    return load_library([ROOT / "content"])
