"""The same code on PostgreSQL: the worked example through the CLI gives the same record."""

from __future__ import annotations

from pathlib import Path

from provenance.db import HEAD, current_revision, open_database
from walkthrough import check_seed_report, contradictions, export, run_prov, run_walkthrough


def test_worked_example_and_migrations_on_postgresql(postgres_url: str, walked: tuple[Path, str]) -> None:
    walk = run_walkthrough(postgres_url)
    assert walk.returncode == 0, walk.stderr
    check_seed_report(contradictions(postgres_url))
    assert export(postgres_url) == export(str(walked[0]))

    down = run_prov(postgres_url, "db", "downgrade", "base")
    assert down.returncode == 0, down.stderr
    up = run_prov(postgres_url, "db", "upgrade")
    assert up.returncode == 0, up.stderr
    with open_database(postgres_url, write=False) as database:
        assert current_revision(database.engine) == HEAD
    assert run_walkthrough(postgres_url).returncode == 0
    check_seed_report(contradictions(postgres_url))
