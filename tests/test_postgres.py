"""The same code on PostgreSQL: the worked example through the CLI gives the same record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def _quotebank_file(lines: int) -> str:
    """Repeated speakers in two spellings, unattributed lines, shared articles, quotations said twice."""
    records = []
    for n in range(lines):
        attributed = n % 7 != 0
        speaker = ["Donald Trump", "donald  TRUMP", "Dönald Trump", f"Speaker {n % 11}"][n % 4]
        records.append(
            {
                "quotation": f"Quotation {n - 1 if n % 9 == 8 else n}.",
                "speaker": speaker if attributed else "None",
                "qids": [f"Q{n % 13 + 1}"] if attributed and n % 3 else [],
                "date": f"2020-01-{n % 28 + 1:02d} 12:00:00",
                "urls": [f"https://news.example/{n}", f"https://wire.example/{n // 5}"][: 1 + n % 2],
            }
        )
    return "".join(json.dumps(record) + "\n" for record in records)


def test_quotebank_bulk_import_on_postgresql_writes_what_sqlite_does(
    postgres_url: str, tmp_path: Path
) -> None:
    """The batched import's bulk inserts run on psycopg's executemany: the same rows, the same refusal."""
    from sqlalchemy import select

    from provenance.errors import BundleError
    from provenance.imports.quotebank import import_quotebank, parse_quotebank
    from provenance.models import Base

    records = parse_quotebank(_quotebank_file(300))
    long_name = {
        "quotation": "Hello.",
        "speaker": "x" * 301,
        "date": "2020-01-01",
        "urls": ["https://a.example/"],
    }
    too_long = parse_quotebank(_quotebank_file(3) + json.dumps(long_name))
    dumps = []
    for url, batched in ((postgres_url, True), (str(tmp_path / "line.db"), False)):
        with open_database(url, write=True) as database:
            refused = r"^line 4: person name is 301 characters long"
            with pytest.raises(BundleError, match=refused), database.session() as session:
                import_quotebank(session, too_long, batched=batched)
            # In chunks on PostgreSQL: what an earlier chunk counted is kept in a temporary table.
            chunk = 40 if batched else None
            with database.session() as session:
                counts = import_quotebank(session, records, batched=batched, chunk=chunk).to_json()
            with database.session() as session:
                again = import_quotebank(session, records, batched=batched, chunk=chunk).to_json()
                rows = {
                    table.name: sorted((tuple(row) for row in session.execute(select(table))), key=repr)
                    for table in Base.metadata.sorted_tables
                }
        assert again["created"] == 0
        dumps.append((counts, rows))
    assert dumps[0] == dumps[1]
    assert dumps[0][1]["statement"] and dumps[0][1]["quotation"]


def test_an_original_and_its_quote_merge_into_one_statement_on_postgresql(
    postgres_url: str, tmp_path: Path
) -> None:
    """Bundle import completes a quote-only statement the same way on PostgreSQL: the merge compares
    stored times (timestamptz there) with the bundle's."""
    from sqlalchemy import select

    from provenance.api import quotes
    from provenance.api.bundle import import_bundle
    from provenance.exports.bundle import export_bundle
    from provenance.models import Statement

    def say(url: str, original: str | None, article: str) -> None:
        with open_database(url, write=True) as database, database.session() as session:
            quotes.add_quote(
                session,
                article_url=article,
                person="David Sacks",
                text=original,
                quoted_text="Il n'y aura pas de renflouement fédéral de l'IA.",
                lang="en",
                quoted_lang="fr",
                said_at="2025-11-06T16:52Z",
                source_url="https://x.com/DavidSacks/status/1986400000000000001",
            )

    def exported(url: str) -> dict[str, object]:
        with open_database(url, write=False) as database, database.session() as session:
            return export_bundle(session)

    def merge(url: str, document: dict[str, object]) -> dict[str, int]:
        with open_database(url, write=True) as database, database.session() as session:
            return import_bundle(session, document).counts["statements"]

    def statements(url: str) -> list[tuple[str | None, str]]:
        with open_database(url, write=False) as database, database.session() as session:
            return [tuple(row) for row in session.execute(select(Statement.text, Statement.fingerprint))]

    sqlite_url = str(tmp_path / "original.db")
    say(sqlite_url, "There will be no federal bailout for AI.", "https://example.org/a")
    say(postgres_url, None, "https://example.org/b")
    assert merge(postgres_url, exported(sqlite_url)) == {"created": 0, "existing": 1}
    assert statements(postgres_url) == statements(sqlite_url)
    assert merge(sqlite_url, exported(postgres_url)) == {"created": 0, "existing": 1}
    assert merge(postgres_url, exported(sqlite_url)) == {"created": 0, "existing": 1}
    assert len(statements(sqlite_url)) == 1 and statements(postgres_url) == statements(sqlite_url)
