"""Databases for the storage tests: SQLite, and a real PostgreSQL.

``db_url`` is parametrised over both. For PostgreSQL it uses, in this order:

1. ``TUNELAB_TEST_POSTGRES_URL`` (any SQLAlchemy/libpq URL of a server we may create databases on);
2. a throwaway cluster of its own: Debian's ``initdb`` / ``pg_ctl`` (on PATH or in
   ``/usr/lib/postgresql/*/bin``) in a temporary folder, on 127.0.0.1 and a free port, run as
   the ``postgres`` system user when the tests run as root (PostgreSQL refuses root), stopped
   and deleted at the end of the session.

Either way one database is created for the test session, and every test gets a schema of its
own in it (its URL sets ``search_path``), dropped afterwards. Without a server the PostgreSQL
half is skipped, except when ``CI`` is set: there it fails, so CI never passes by skipping.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.support import free_port

ENV_URL = "TUNELAB_TEST_POSTGRES_URL"


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_postgres_user() -> list[str]:
    """The command prefix that runs a server command as a non-root user ([] when not root)."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running as root and no runuser: cannot start PostgreSQL as another user")
    subprocess.run(["id", "postgres"], check=True, capture_output=True)  # Debian's package creates it
    return [runuser, "-u", "postgres", "--"]


@contextmanager
def throwaway_cluster():
    """Yield the URL (``postgresql+psycopg://postgres@127.0.0.1:<port>``) of a new local cluster."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        raise FileNotFoundError("no initdb/pg_ctl (apt-get install -y postgresql)")
    prefix = _as_postgres_user()
    # not under pytest's tmp_path: that folder is private to root, and the server runs as postgres
    folder = Path(tempfile.mkdtemp(prefix="tunelab-pg-"))
    data = folder / "data"
    if prefix:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    try:
        subprocess.run([*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                        "--no-sync", "--no-instructions"], check=True, capture_output=True)
        # durability is not what these tests are about: no fsync makes them fast
        opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=200")
        subprocess.run([*prefix, pg_ctl, "start", "-D", str(data), "-w", "-t", "60", "-l", str(folder / "log"),
                        "-o", opts], check=True, capture_output=True)
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
        finally:
            subprocess.run([*prefix, pg_ctl, "stop", "-D", str(data), "-m", "immediate", "-w"],
                           capture_output=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _sqlalchemy_url(url: str) -> str:
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def _admin(server_url: str, sql: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


@contextmanager
def session_database():
    """Yield the URL of a fresh database for this test session, on the configured or a new server."""
    from sqlalchemy.engine import make_url

    configured = os.environ.get(ENV_URL)
    with (_given(configured) if configured else throwaway_cluster()) as server:
        name = f"tunelab_test_{uuid.uuid4().hex[:10]}"
        _admin(server, f'CREATE DATABASE "{name}"')
        try:
            yield make_url(server).set(database=name).render_as_string(hide_password=False)
        finally:
            _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _given(url: str):
    yield _sqlalchemy_url(url)


@pytest.fixture(scope="session")
def postgres_database():
    """The URL of this session's PostgreSQL database (skip without a server; fail under CI)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "psycopg is not installed (pip install -e '.[test]')"
        _no_postgres(reason)
    try:
        with session_database() as url:
            yield url
    except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        _no_postgres(f"no PostgreSQL server: {exc} {detail.decode(errors='replace')[-400:]}".strip())


def _no_postgres(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and PostgreSQL is required: {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def fresh_schema(database_url: str):
    """Yield a URL whose connections see only a new, empty schema; drop it afterwards."""
    from sqlalchemy.engine import make_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    _admin(database_url, f'CREATE SCHEMA "{schema}"')
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _admin(database_url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A clean database URL for one test: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tunelab.db'}"
        return
    with fresh_schema(request.getfixturevalue("postgres_database")) as url:
        yield url


@pytest.fixture
def postgres_url(request):
    """A clean PostgreSQL schema's URL (for tests that need PostgreSQL itself)."""
    with fresh_schema(request.getfixturevalue("postgres_database")) as url:
        yield url


__all__ = ["db_url", "postgres_database", "postgres_url", "fresh_schema", "throwaway_cluster"]
