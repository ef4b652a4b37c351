"""Shared fixtures: a fresh database file per test, and the CLI bound to it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from provenance.cli import app
from provenance.db import Database, open_database


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's $PROV_DB or writes ./prov.db."""
    monkeypatch.delenv("PROV_DB", raising=False)
    monkeypatch.delenv("PROV_READER", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "prov.db"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = open_database(db_path, write=True)
    yield db
    db.close()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session inside one transaction, committed when the test ends without error."""
    with database.session() as sess:
        yield sess


@pytest.fixture
def cli(db_path: Path) -> Callable[..., Result]:
    """Run ``prov ARGS`` through CliRunner on the test's database (stderr kept apart)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env={"PROV_DB": str(db_path)}, input=input)

    return invoke


def _pg_bin(name: str) -> str:
    """A PostgreSQL server program: on PATH, else Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        raise RuntimeError(f"PostgreSQL's {name} not found: install the postgresql server package")
    return str(candidates[-1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a Unix socket (or $PROV_TEST_POSTGRES_URL's server).

    The tests start their own server so that `scripts/test` needs nothing running beforehand;
    as root, the server runs as the `postgres` user since PostgreSQL refuses to run as root.
    """
    given = os.environ.get("PROV_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    # Not under pytest's temporary root: that folder is private to root, and the server runs as
    # the postgres user when the tests run as root.
    base = Path(tempfile.mkdtemp(prefix="prov-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, user="postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    subprocess.run(
        [*as_user, _pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-k {base} -p 54329 -c listen_addresses='' -c fsync=off"
    pg_ctl = _pg_bin("pg_ctl")
    subprocess.run(
        [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={base}&port=54329"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A new, empty PostgreSQL database for one test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"prov_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(postgres_server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def walked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database holding the worked example, recorded once by the real script, and its output.

    Shared by every test that asks for it: copy it before writing to it.
    """
    from walkthrough import run_walkthrough

    db = tmp_path_factory.mktemp("walked") / "seed.db"
    result = run_walkthrough(str(db))
    assert result.returncode == 0, result.stderr
    return db, result.stdout
