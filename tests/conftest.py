"""Shared fixtures: every test gets its own data folder, so no test touches data/."""

from __future__ import annotations

from pathlib import Path

import pytest

# db_url (SQLite and PostgreSQL), postgres_database, postgres_url
pytest_plugins = ["tests.db"]

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "content" / "fixtures"


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("TUNELAB_DATA_DIR", str(data))
    monkeypatch.delenv("TUNELAB_DATABASE_URL", raising=False)
    monkeypatch.delenv("TUNELAB_CONTENT_DIR", raising=False)
    return data


@pytest.fixture
def at_root(monkeypatch):
    """Run from the project root, so files display as ``tests/content/fixtures/x.yaml``."""
    monkeypatch.chdir(ROOT)
    return ROOT
