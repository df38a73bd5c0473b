"""The PostgreSQL half of the storage tests is skipped without a server, except under CI."""

from __future__ import annotations

import pytest

from tests import db


def test_without_a_server_ci_fails_and_a_local_run_skips(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set and PostgreSQL is required"):
        db._no_postgres("no PostgreSQL server")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        db._no_postgres("no PostgreSQL server")


def test_a_configured_server_url_is_used_with_the_psycopg_driver():
    assert db._sqlalchemy_url("postgresql://u@h:5/d") == "postgresql+psycopg://u@h:5/d"
    assert db._sqlalchemy_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
