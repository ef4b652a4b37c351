"""Shared fixtures: a fresh database file per test, and the CLI bound to it."""

from __future__ import annotations

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
