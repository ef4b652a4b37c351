"""Imports from the field: Quotebank JSON Lines and ClaimReview JSON-LD, beside the bundle."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.db import Database
from provenance.errors import BundleError
from provenance.imports import detect, detect_text
from provenance.imports.quotebank import import_quotebank, parse_quotebank
from provenance.models import Article, Base, Person, Quotation, Statement

Cli = Callable[..., Result]

TRUMP_URLS = ["http://example.com/a", "https://example.org/b"]
TRUMP = {
    "quoteID": "2020-01-16-000088",
    "quotation": "We will build the wall.",
    "speaker": "Donald Trump",
    "qids": ["Q22686", "Q27947481"],
    "date": "2020-01-16 00:00:00",
    "numOccurrences": 2,
    "probas": [["Donald Trump", "0.9"], ["None", "0.1"]],
    "urls": TRUMP_URLS,
    "phase": "E",
}
NOBODY = {
    "quoteID": "2020-02-01-000001",
    "quotation": "Nobody knows who said this.",
    "speaker": "None",
    "qids": [],
    "date": "2020-02-01 13:45:00",
    "numOccurrences": 1,
    "probas": [["None", "0.8"]],
    "urls": ["https://example.net/c"],
    "phase": "E",
}
AGAIN = {**TRUMP, "quoteID": "2020-01-17-000002", "quotation": "Mexico will pay.", "urls": TRUMP_URLS[:1]}


def _lines(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


SAMPLE = _lines(TRUMP, NOBODY, AGAIN)


def _rows(database: Database) -> dict[str, int]:
    with database.session() as sess:
        return {
            table.name: sess.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def test_quotebank_lines_become_people_statements_articles_and_quotations(session: Session) -> None:
    result = import_quotebank(session, parse_quotebank(SAMPLE))
    counts = result.to_json()
    assert counts["format"] == "quotebank"
    assert counts["tables"]["people"] == {"created": 1, "existing": 0}
    assert counts["tables"]["articles"] == {"created": 3, "existing": 0}
    assert counts["tables"]["statements"] == {"created": 3, "existing": 0}
    assert counts["tables"]["quotations"] == {"created": 4, "existing": 0}

    trump = session.scalars(select(Person)).one()
    assert (trump.name, trump.wikidata_id) == ("Donald Trump", "Q22686")
    wall = session.scalars(select(Statement).where(Statement.text == TRUMP["quotation"])).one()
    assert wall.speaker_id == trump.id
    assert wall.language == "en"
    assert wall.said_precision == "day"
    assert wall.said_at is not None and wall.said_at.date().isoformat() == "2020-01-16"
    quotes = session.scalars(select(Quotation).where(Quotation.statement_id == wall.id)).all()
    urls = {session.get(Article, q.article_id).url for q in quotes}  # type: ignore[union-attr]
    assert urls == set(TRUMP_URLS)
    assert {(q.quoted_text, q.relation) for q in quotes} == {(TRUMP["quotation"], "verbatim")}

    nobody = session.scalars(select(Statement).where(Statement.text == NOBODY["quotation"])).one()
    assert nobody.speaker_id is None
    # The hour is the article's publication time, not the speech's: only the day is kept.
    assert nobody.said_precision == "day"
    assert nobody.said_at is not None and (nobody.said_at.hour, nobody.said_at.minute) == (0, 0)


def test_importing_the_same_quotebank_file_again_changes_nothing(database: Database) -> None:
    with database.session() as sess:
        import_quotebank(sess, parse_quotebank(SAMPLE))
    before = _rows(database)
    with database.session() as sess:
        again = import_quotebank(sess, parse_quotebank(SAMPLE)).to_json()
    assert again["created"] == 0
    assert again["existing"] == 1 + 3 + 3 + 4
    assert _rows(database) == before


def test_a_known_speaker_keeps_their_wikidata_id(session: Session) -> None:
    from provenance.api.people import add_person

    add_person(session, "Donald Trump", wikidata_id="Q1")
    import_quotebank(session, parse_quotebank(_lines(TRUMP)))
    assert session.scalars(select(Person.wikidata_id)).one() == "Q1"


BAD_LINES = {
    "bad-json": ('{"quoteID": "x", "quotation": ', "line 3: not JSON"),
    "no-quotation": (json.dumps({k: v for k, v in TRUMP.items() if k != "quotation"}), "line 3: quotation"),
    "bad-date": (json.dumps({**TRUMP, "date": "x"}), "line 3: date 'x' is not a date"),
    "impossible-date": (json.dumps({**TRUMP, "date": "2020-02-30 00:00:00"}), "line 3: date"),
    "javascript-url": (
        json.dumps({**TRUMP, "urls": ["https://ok.example/", "javascript:alert(1)"]}),
        "line 3: urls[1]",
    ),
    "no-urls": (json.dumps({**TRUMP, "urls": []}), "line 3: urls"),
    "bad-qid": (json.dumps({**TRUMP, "qids": ["Trump"]}), "line 3: qids"),
    "not-an-object": ("[1, 2]", "line 3: a record is a JSON object"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_bad_quotebank_line_is_named_and_nothing_is_written(database: Database, case: str) -> None:
    line, expected = BAD_LINES[case]
    # A blank line still counts, so the number matches what an editor shows.
    text = _lines(NOBODY) + "\n" + line + "\n" + _lines(AGAIN)
    before = _rows(database)
    with pytest.raises(BundleError) as caught:
        parse_quotebank(text)
    assert expected in str(caught.value)
    assert _rows(database) == before


def test_an_empty_quotebank_file_is_refused() -> None:
    with pytest.raises(BundleError, match="no records"):
        parse_quotebank("\n\n")


def test_detection_tells_the_three_formats_apart(tmp_path: Path) -> None:
    bundle = json.dumps({"format": "prov-bundle/1", "people": []}, indent=2)
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x"}
    cases = {
        "bundle.json": (bundle, "bundle"),
        "bundle-one-line.json": (json.dumps({"format": "prov-bundle/1"}), "bundle"),
        "quotes.jsonl": ("\n\n" + SAMPLE, "quotebank"),
        "broken-first.jsonl": ('{"quotation": "a", }\n' + SAMPLE, "quotebank"),
        "reviews.json": (json.dumps([review], indent=2), "claimreview"),
        "review.json": (json.dumps(review, indent=2), "claimreview"),
        "review-one-line.json": (json.dumps(review), "claimreview"),
        "graph.json": (json.dumps({"@graph": [review]}), "claimreview"),
        "garbage.txt": ("not json at all", "bundle"),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert detect(path) == expected, name
        assert detect_text(text) == expected, name


def _one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    return lines[0]


def test_cli_imports_quotebank_by_detection_and_by_name(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text(SAMPLE, encoding="utf-8")
    first = cli("import", str(path), "--format", "json")
    assert first.exit_code == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["format"] == "quotebank"
    assert data["tables"]["quotations"]["created"] == 4
    again = cli("import", "-", "--from", "quotebank", "--format", "json", input=SAMPLE)
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["created"] == 0


def test_cli_refuses_a_bad_quotebank_file_and_writes_nothing(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text(_lines(TRUMP) + json.dumps({**NOBODY, "date": "x"}) + "\n", encoding="utf-8")
    line = _one_error_line(cli("import", str(path)))
    assert "line 2: date 'x' is not a date" in line
    # Checked before the database is opened: none is created.
    assert not db_path.exists()


def test_cli_refuses_an_unknown_input_format(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text(SAMPLE, encoding="utf-8")
    result = cli("import", str(path), "--from", "csv")
    assert result.exit_code != 0


def test_cli_refuses_claimreview_for_now_and_writes_nothing(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(
        json.dumps([{"@context": "https://schema.org", "@type": "ClaimReview"}]), encoding="utf-8"
    )
    assert "ClaimReview" in _one_error_line(cli("import", str(path)))
    assert not db_path.exists()


def test_cli_reads_a_named_format_even_when_detection_would_differ(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text(SAMPLE, encoding="utf-8")
    line = _one_error_line(cli("import", str(path), "--from", "bundle"))
    assert "is not JSON" in line


def test_five_thousand_quotebank_lines_import(database: Database, tmp_path: Path) -> None:
    speakers = [f"Speaker {n}" for n in range(50)]
    records = [
        {
            "quoteID": f"2020-01-{n % 28 + 1:02d}-{n:06d}",
            "quotation": f"Quotation number {n}.",
            "speaker": "None" if n % 10 == 0 else speakers[n % 50],
            "qids": [] if n % 10 == 0 else [f"Q{n % 50 + 1}"],
            "date": f"2020-01-{n % 28 + 1:02d} 00:00:00",
            # Every tenth line also quoted by a second article, shared by two lines.
            "urls": [f"https://news.example/a/{n}"]
            + ([f"https://news.example/b/{n // 20}"] if n % 10 == 0 else []),
        }
        for n in range(5000)
    ]
    text = _lines(*records)
    with database.session() as sess:
        result = import_quotebank(sess, parse_quotebank(text)).to_json()
    tables = result["tables"]
    assert tables["people"]["created"] == 45
    assert tables["statements"]["created"] == 5000
    assert tables["articles"]["created"] == 5000 + 250
    assert tables["quotations"]["created"] == 5000 + 500
    rows = _rows(database)
    assert rows["statement"] == 5000 and rows["quotation"] == 5500
