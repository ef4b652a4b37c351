"""The same code on PostgreSQL: the worked example through the CLI gives the same record."""

from __future__ import annotations

import json
from pathlib import Path

from provenance.db import HEAD, current_revision, open_database
from walkthrough import (
    check_seed_report,
    contradictions,
    copy_database,
    export,
    run_prov,
    run_verify_walkthrough,
    run_walkthrough,
)


def test_worked_example_and_migrations_on_postgresql(
    postgres_url: str, walked: tuple[Path, str], tmp_path: Path
) -> None:
    walk = run_walkthrough(postgres_url)
    assert walk.returncode == 0, walk.stderr
    check_seed_report(contradictions(postgres_url))
    assert export(postgres_url) == export(str(walked[0]))

    # Saved copy, anchors and the lint give the same answers on both databases.
    sqlite_copy = str(copy_database(walked[0], tmp_path / "checked.db"))
    for db in (postgres_url, sqlite_copy):
        checked = run_verify_walkthrough(db)
        assert checked.returncode == 0, checked.stderr
    reports = [
        json.loads(run_prov(db, "check", "--format", "json").stdout) for db in (postgres_url, sqlite_copy)
    ]
    assert reports[0] == reports[1]
    assert reports[0]["summary"]["name-mismatch"] == 2
    anchors = [
        json.loads(run_prov(db, "verify", "--format", "json").stdout)["summary"]
        for db in (postgres_url, sqlite_copy)
    ]
    assert anchors[0] == anchors[1] == {"quotations": 8, "source": {"unchecked": 8}, "article": {"found": 8}}

    down = run_prov(postgres_url, "db", "downgrade", "base")
    assert down.returncode == 0, down.stderr
    up = run_prov(postgres_url, "db", "upgrade")
    assert up.returncode == 0, up.stderr
    with open_database(postgres_url, write=False) as database:
        assert current_revision(database.engine) == HEAD
    assert run_walkthrough(postgres_url).returncode == 0
    check_seed_report(contradictions(postgres_url))
