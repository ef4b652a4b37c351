"""``prov export --format jsonl|csv|md``: each output read back with an independent reader."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import insert
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.api import claims, people, quotes
from provenance.db import open_database
from provenance.exports import FORMATS, writer
from provenance.exports.bundle import export_bundle
from provenance.exports.jsonl import write_jsonl
from provenance.exports.markdown import render
from provenance.models import Person, Source, Statement
from walkthrough import copy_database

Cli = Callable[..., Result]
CSV_FILES = {
    "people",
    "aliases",
    "affiliations",
    "sources",
    "archives",
    "articles",
    "claims",
    "statements",
    "quotations",
    "stances",
}
TYPES = {
    "person": "people",
    "alias": "aliases",
    "affiliation": "affiliations",
    "source": "sources",
    "archive": "archives",
    "article": "articles",
    "claim": "claims",
    "statement": "statements",
    "quotation": "quotations",
    "stance": "stances",
}


@pytest.fixture
def seed(walked: tuple[Path, str], db_path: Path) -> Path:
    """The worked example copied to the ``cli`` fixture's database (SQLite's backup API: it has a WAL)."""
    return copy_database(walked[0], db_path)


def bundle_of(path: Path) -> dict[str, Any]:
    with open_database(path, write=False) as db, db.session() as session:
        return export_bundle(session)


def expected_counts(bundle: dict[str, Any]) -> dict[str, int]:
    counts = {table: len(bundle[table]) for table in CSV_FILES - {"aliases", "archives"}}
    counts["aliases"] = sum(len(p["aliases"]) for p in bundle["people"])
    counts["archives"] = sum(len(s["archives"]) for s in bundle["sources"] + bundle["articles"])
    return counts


def one_error_line(result: Result) -> str:
    assert result.exit_code != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


# --- jsonl --------------------------------------------------------------------------------------


def test_jsonl_holds_every_record_of_the_bundle(cli: Cli, seed: Path) -> None:
    result = cli("export", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["type"] == "header" and lines[0]["format"] == "prov-jsonl/1"
    bundle = bundle_of(seed)
    found: dict[str, list[dict[str, Any]]] = {table: [] for table in CSV_FILES}
    for record in lines[1:]:
        found[TYPES[record.pop("type")]].append(record)
    assert {t: len(r) for t, r in found.items()} == expected_counts(bundle)
    # Records carry the bundle's fields and values, one table at a time.
    for table in ("statements", "quotations", "stances", "claims", "affiliations"):
        assert sorted(found[table], key=lambda r: r["id"]) == bundle[table]
    sacks = next(p for p in found["people"] if p["name"] == "David Sacks")
    assert {a["alias"] for a in found["aliases"] if a["person_id"] == sacks["id"]} == set(
        next(p for p in bundle["people"] if p["id"] == sacks["id"])["aliases"]
    )


def test_jsonl_to_a_file_is_atomic_and_says_how_many(cli: Cli, seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    result = cli("export", "-f", "jsonl", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    records = out.read_text(encoding="utf-8").splitlines()
    assert f"exported {len(records) - 1} records as jsonl to {out}" in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _bulk(session: Session, count: int) -> None:
    """``count`` statements inserted with Core: the ORM would take most of the test's time."""
    speaker = "00000000-0000-5000-8000-000000000001"
    source = "00000000-0000-5000-8000-000000000002"
    session.execute(
        insert(Person),
        [{"id": speaker, "name": "Bulk Speaker", "name_key": "bulk speaker", "kind": "person"}],
    )
    session.execute(
        insert(Source),
        [{"id": source, "url": "https://example.org/bulk", "kind": "blog_post", "language": "en"}],
    )
    said = datetime(2025, 1, 1, tzinfo=UTC)
    for start in range(0, count, 2000):
        session.execute(
            insert(Statement),
            [
                {
                    "id": f"00000000-0000-5000-9000-{n:012d}",
                    "speaker_id": speaker,
                    "source_id": source,
                    "text": f"Statement number {n}, said in so many words and quoted many times over.",
                    "language": "en",
                    "said_at": said,
                    "said_precision": "day",
                    "fingerprint": f"{n:064d}",
                }
                for n in range(start, min(start + 2000, count))
            ],
        )


class _Counting(io.TextIOBase):
    """A sink that keeps only the size of what it is given, so it adds nothing to the peak."""

    size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def test_jsonl_streams_memory_stays_far_below_the_output(session: Session) -> None:
    _bulk(session, 20_000)
    session.flush()
    # A first run fills SQLAlchemy's statement caches, a fixed cost the test is not about: alone,
    # it pushed the peak over the bound when this test ran by itself.
    write_jsonl(session, cast(IO[str], _Counting()))
    sink = _Counting()
    tracemalloc.start()
    try:
        written = write_jsonl(session, cast(IO[str], sink))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written == 20_002  # with the speaker and the source
    assert sink.size > 4_000_000
    assert peak < sink.size / 4, (peak, sink.size)


@pytest.fixture(scope="module")
def bulk_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 statements, filled once: the exports that used to be built in memory read it."""
    path = tmp_path_factory.mktemp("bulk") / "prov.db"
    with open_database(path, write=True) as db, db.session() as session:
        _bulk(session, 20_000)
    return path


@pytest.mark.parametrize(
    ("fmt", "records"),
    # The bundle's people, sources and statements; PROV's agent, source, and each statement's
    # entity, attribution and generation.
    [("json", 20_002), ("prov-json", 60_002), ("prov-n", 60_002)],
)
def test_whole_database_exports_stream_memory_stays_far_below_the_output(
    bulk_database: Path, fmt: str, records: int
) -> None:
    with open_database(bulk_database, write=False) as db, db.session() as session:
        sink = _Counting()
        tracemalloc.start()
        try:
            written = writer(fmt)(session, cast(IO[str], sink))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert written == records
    assert sink.size > 4_000_000
    # Built in memory, these documents took several times their own size (prov's records, a few
    # kilobytes each, the most); streamed, one chunk of rows and of records at a time.
    assert peak < sink.size / 4, (peak, sink.size)


# --- csv ----------------------------------------------------------------------------------------


def _read_tables(open_text: Callable[[str], io.TextIOBase | Any]) -> dict[str, list[dict[str, str]]]:
    tables = {}
    for name in CSV_FILES:
        with open_text(f"{name}.csv") as stream:
            tables[name] = list(csv.DictReader(stream))
    return tables


def _check_tables(tables: dict[str, list[dict[str, str]]], bundle: dict[str, Any]) -> None:
    assert {t: len(rows) for t, rows in tables.items()} == expected_counts(bundle)
    statements = {s["id"]: s for s in bundle["statements"]}
    for row in tables["statements"]:
        expected = statements[row["id"]]
        assert row["fingerprint"] == expected["fingerprint"]
        assert row["text"] == (expected["text"] or "")
        said = expected["said"]
        assert (row["said_at"], row["said_precision"]) == (
            (said["at"], said["precision"]) if said else ("", "")
        )
    quotations = {q["id"]: q for q in bundle["quotations"]}
    for row in tables["quotations"]:
        assert row["quoted_text"] == quotations[row["id"]]["quoted_text"]


def test_csv_writes_one_file_a_table_into_a_folder(cli: Cli, seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = cli("export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert {p.name for p in out.iterdir()} == {f"{name}.csv" for name in CSV_FILES}
    tables = _read_tables(lambda name: (out / name).open(encoding="utf-8", newline=""))
    _check_tables(tables, bundle_of(seed))
    assert "in 10 CSV files" in result.stderr


def test_csv_writes_a_zip_when_out_ends_with_zip(cli: Cli, seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables.zip"
    result = cli("export", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == {f"{name}.csv" for name in CSV_FILES}
        tables = _read_tables(lambda name: io.TextIOWrapper(archive.open(name), encoding="utf-8", newline=""))
    _check_tables(tables, bundle_of(seed))


def test_csv_of_an_empty_database_has_headers(cli: Cli, database: Any, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    assert cli("export", "-f", "csv", "-o", str(out)).exit_code == 0
    assert (out / "statements.csv").read_text(encoding="utf-8").startswith("id,speaker_id,source_id,text")


# --- md -----------------------------------------------------------------------------------------


def test_md_reports_the_worked_example(cli: Cli, seed: Path) -> None:
    result = cli("export", "--format", "md", "--person", "David Sacks")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Contradictions: David Sacks")
    assert "## 1. federal\\-ai\\-bailout" in text or "## 1. federal-ai-bailout" in text
    assert "- **Kind:** full" in text
    assert "- **Gap:** 18 days" in text
    assert "(precision: minute)" in text
    assert "supports (interpreted)" in text
    assert "<https://web.archive.org/web/20251106170000/https://x.com/DavidSacks/status/" in text
    assert "as “Gary Sacks”" in text and "as “David O. Sacks”" in text
    html = MarkdownIt("commonmark").render(text)
    assert html.count("<blockquote>") == 2
    assert "Il n'y aura pas de plan de sauvetage fédéral pour l'IA." in html


def _pair(text: str, name: str) -> dict[str, Any]:
    side = {
        "said": "2025-01-01",
        "precision": "day",
        "stance": "supports",
        "readings": [{"stance": "supports", "basis": "stated", "reader": "r", "note": "**n**"}],
        "text": text,
        "original_known": True,
        "source": {"url": "https://example.org/a b<c>", "title": "[t](javascript:x)"},
        "archive_urls": [],
        "quoted_in": [
            {"article": {"url": "https://example.org/art", "title": None}, "attributed_as": name, "via": None}
        ],
    }
    return {
        "person": {"name": "<b>Someone</b>"},
        "contradictions": [
            {
                "kind": "full",
                "claim": {"slug": "c", "text": "# claim", "kind": "position"},
                "unordered": True,
                "days_apart": None,
                "earlier": side,
                "later": {**side, "stance": "opposes"},
            }
        ],
    }


def test_md_quoted_text_cannot_inject_markup() -> None:
    hostile = (
        "**bold** <script>alert(1)</script> [link](javascript:alert(1)) `code`\n# heading\n- item\n1. one"
    )
    text = render(_pair(hostile, "_Name_ <img src=x>"))
    html = MarkdownIt("commonmark").render(text)
    for markup in (
        "<script",
        "<strong>bold",
        "<strong>n",
        "<em>Name",
        "<code>",
        "<img",
        "<b>",
        "<li>item",
        "<ol>",
        "<h1># claim",
        "<h1>heading",
        '<a href="javascript',
    ):
        assert markup not in html, markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "**bold**" in html and "_Name_" in html
    # The one link each URL makes, the unsafe characters encoded.
    assert 'href="https://example.org/a%20b%3Cc%3E"' in html
    assert "undated (unordered)" in text


def test_md_with_no_pairs_says_so(cli: Cli, session: Session) -> None:
    people.add_person(session, "Jane Doe")
    session.commit()
    result = cli("export", "-f", "md", "-p", "Jane Doe")
    assert result.exit_code == 0, result.stderr
    assert "No contradictions found for Jane Doe." in result.stdout


# --- the command's errors -----------------------------------------------------------------------


def test_csv_without_out_is_one_line(cli: Cli, seed: Path) -> None:
    assert "give --out FOLDER" in one_error_line(cli("export", "--format", "csv"))


def test_md_without_person_is_one_line(cli: Cli, seed: Path) -> None:
    assert "give --person NAME" in one_error_line(cli("export", "--format", "md"))


def test_md_of_an_unknown_person_is_one_line(cli: Cli, seed: Path) -> None:
    one_error_line(cli("export", "--format", "md", "--person", "Nobody At All"))


def test_unknown_format_is_one_line(cli: Cli, seed: Path) -> None:
    line = one_error_line(cli("export", "--format", "yaml"))
    assert "'yaml' is not one of json, jsonl, csv, md" in line


def test_json_is_still_the_default_bundle(cli: Cli, seed: Path) -> None:
    result = cli("export")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "prov-bundle/1"


def test_a_format_whose_module_is_missing_is_one_line(
    cli: Cli, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.exports import Format

    monkeypatch.setitem(FORMATS, "claimreview", Format("provenance.exports.nowhere", "write", "absent"))
    line = one_error_line(cli("export", "--format", "claimreview"))
    assert "export format 'claimreview' is not available" in line


def test_the_registry_writers_import_lazily() -> None:
    assert writer("jsonl") is write_jsonl
    assert {"claimreview", "prov-json", "prov-n"} <= set(FORMATS)


def test_csv_out_naming_a_file_is_one_line(cli: Cli, seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "file.txt"
    out.write_text("x")
    assert "is a file" in one_error_line(cli("export", "-f", "csv", "-o", str(out)))


def test_md_claims_and_quotes_from_the_api(session: Session) -> None:
    people.add_person(session, "Ann Example")
    claims.add_claim(session, "c", "A claim")
    for said, stance in (("2024-01-01", "supports"), ("2024-03-01", "opposes")):
        quotes.add_quote(
            session,
            article_url=f"https://example.org/{said}",
            person="Ann Example",
            quoted_text=f"Words *of* {said}",
            said_at=said,
            claims=[("c", stance)],
        )
    out = io.StringIO()
    assert writer("md")(session, out, person="Ann Example") == 1
    assert (
        "> Words \\*of\\* 2024\\-01\\-01" in out.getvalue() or "> Words \\*of\\* 2024-01-01" in out.getvalue()
    )
    assert "- **Gap:** 60 days" in out.getvalue()


def test_cli_exports_claimreview_and_prov_of_the_worked_example(
    walked: tuple[Path, str], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from provenance.cli import app

    copy = copy_database(walked[0], tmp_path / "seed.db")
    runner = CliRunner()
    env = {"PROV_DB": str(copy)}
    reviews = runner.invoke(app, ["export", "-f", "claimreview", "-p", "David Sacks"], env=env)
    assert reviews.exit_code == 0, reviews.stderr
    (review,) = json.loads(reviews.stdout)
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "Full flop"
    assert (
        runner.invoke(app, ["export", "-f", "claimreview", "-p", "Gary Marcus"], env=env).stdout.strip()
        == "[]"
    )
    document = runner.invoke(app, ["export", "-f", "prov-json"], env=env)
    assert document.exit_code == 0, document.stderr
    graph = json.loads(document.stdout)
    assert len(graph["agent"]) == 6 and "wasAttributedTo" in graph
    provn = runner.invoke(app, ["export", "-f", "prov-n"], env=env)
    assert provn.stdout.startswith("document") and "wasAttributedTo(" in provn.stdout
