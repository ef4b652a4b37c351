"""The same code on PostgreSQL: the worked example through the CLI gives the same record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from provenance.db import HEAD, open_database
from test_example import check_seed_report, contradictions, run_prov, run_walkthrough


def _export(db: str) -> dict[str, Any]:
    result = run_prov(db, "export")
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    document.pop("exported_at")
    for stance in document["stances"]:
        stance.pop("recorded_at")  # when each run recorded the reading: differs by design
    return document


def test_worked_example_on_postgresql_matches_sqlite(postgres_url: str, tmp_path: Path) -> None:
    walk = run_walkthrough(postgres_url)
    assert walk.returncode == 0, walk.stderr
    check_seed_report(contradictions(postgres_url))
    sqlite_db = str(tmp_path / "seed.db")
    assert run_walkthrough(sqlite_db).returncode == 0
    assert _export(postgres_url) == _export(sqlite_db)


def test_migrations_down_and_up_on_postgresql_with_data(postgres_url: str) -> None:
    assert run_walkthrough(postgres_url).returncode == 0
    down = run_prov(postgres_url, "db", "downgrade", "base")
    assert down.returncode == 0, down.stderr
    up = run_prov(postgres_url, "db", "upgrade")
    assert up.returncode == 0, up.stderr
    with open_database(postgres_url, write=False) as database:
        from provenance.db import current_revision

        assert current_revision(database.engine) == HEAD
    assert run_walkthrough(postgres_url).returncode == 0
    check_seed_report(contradictions(postgres_url))
