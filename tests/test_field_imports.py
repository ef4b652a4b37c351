"""Imports from the field: Quotebank JSON Lines and ClaimReview JSON-LD, beside the bundle."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.db import Database, open_database
from provenance.errors import BundleError
from provenance.imports import detect, detect_text, is_quotebank_file
from provenance.imports.quotebank import import_quotebank, parse_quotebank
from provenance.imports.quotebank_file import check_quotebank_file, import_quotebank_file
from provenance.models import Article, Base, Person, Quotation, Statement
from walkthrough import copy_database

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
        # What prov import reads before choosing to stream the file: its first non-blank line.
        assert is_quotebank_file(path, name) == (expected == "quotebank"), name


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


def test_cli_format_names_the_file_as_the_field_does(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text(SAMPLE, encoding="utf-8")
    # A file format given to --format names the input; the report falls back to its table.
    named = cli("import", str(path), "--format", "quotebank")
    assert named.exit_code == 0, named.stderr
    assert "Imported quotebank" in named.stdout
    # Named as a bundle, the same file is read as one, and refused as one.
    assert "is not JSON" in _one_error_line(cli("import", str(path), "-f", "bundle"))
    # --format and --from must agree; an unknown name lists both sets.
    clash = cli("import", str(path), "--format", "bundle", "--from", "quotebank")
    assert clash.exit_code == 2
    assert "disagree" in clash.stderr and len(clash.stderr.strip().splitlines()) == 1
    unknown = cli("import", str(path), "--format", "xml")
    assert unknown.exit_code == 2
    assert "table, json, csv, bundle, quotebank, claimreview" in unknown.stderr


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


def test_cli_detects_an_incomplete_claimreview_and_writes_nothing(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(
        json.dumps([{"@context": "https://schema.org", "@type": "ClaimReview"}]), encoding="utf-8"
    )
    # Read as ClaimReview (not as a bundle), and refused by the JSON path of what is missing.
    line = _one_error_line(cli("import", str(path)))
    assert "ClaimReview $[0]" in line
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


# --- the batched path against the line-by-line one --------------------------------------------

# Seeded on a copy of the worked example: a stored statement and quotation (with no language) that
# a Quotebank line repeats, and a speaker whose stored Wikidata id a line's guess must not replace.
SEEN_TEXT = "Is there a link between two recent posts?"
SEEN_URL = "https://news.example/seen"
KAMALA_QID = "Q10853588"


@pytest.fixture(scope="module")
def quotebank_template(walked: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from provenance.api.people import add_person
    from provenance.api.quotes import add_quote

    path = copy_database(walked[0], tmp_path_factory.mktemp("quotebank") / "template.db")
    with open_database(path, write=True) as database, database.session() as sess:
        add_quote(sess, article_url=SEEN_URL, person="Gary Marcus", text=SEEN_TEXT, said_at="2020-01-16")
        add_person(sess, "Kamala Harris", wikidata_id=KAMALA_QID)
        # Recorded from a quote alone: a Quotebank line of these words gives it its original.
        add_quote(sess, article_url=SEEN_URL, person="Donald Trump", **UNORIGINAL)
    return path


UNORIGINAL: dict[str, Any] = {
    "quoted_text": "Mexico will pay.",
    "quoted_lang": "en",
    "lang": "en",
    "said_at": "2020-02-01",
}


def _sacks_id() -> str:
    from provenance.ids import stable_id
    from provenance.names import name_key

    return stable_id("person", name_key("David Sacks"))


# Stored names, aliases and an id; new names in several spellings; Quotebank's "nobody".
SPEAKERS = [
    "David Sacks",
    "@DavidSacks",
    "david o. SACKS",
    "WSJ",
    "Gary Marcus",
    "Kamala Harris",
    "Donald Trump",
    "donald  TRUMP",
    "Dönald Trump",
    "Joe Biden",
    _sacks_id(),
    "None",
    "",
]
QIDS = [[], ["Q22686"], ["Q6279", "Q22686"]]
TEXTS = [SEEN_TEXT, "We will build the wall.", "Mexico will pay.", "It is what it is."]
DATES = ["2020-01-16 00:00:00", "2020-01-16 13:45:00", "2020-02-01 00:00:00", "2020-02-01"]
URLS = [
    SEEN_URL,
    "https://news.example/1",
    "https://news.example/2",
    "http://wire.example/3",
    "https://x.example/4",
]


def _no_empty_speaker(line: dict[str, Any]) -> dict[str, Any]:
    """The empty name stands for a line with no speaker field at all."""
    return {key: value for key, value in line.items() if not (key == "speaker" and value == "")}


_quotebank_line = st.builds(
    dict,
    quoteID=st.just("2020-01-16-000001"),
    quotation=st.sampled_from(TEXTS),
    speaker=st.sampled_from(SPEAKERS),
    qids=st.sampled_from(QIDS),
    date=st.sampled_from(DATES),
    urls=st.lists(st.sampled_from(URLS), min_size=1, max_size=3),
    phase=st.just("E"),
).map(_no_empty_speaker)


def _every_row(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.session() as sess:
        return {
            table.name: sorted((tuple(row) for row in sess.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def _counts(sess: Session) -> dict[str, int]:
    return {
        table.name: sess.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def _import(database: Database, text: str, *, batched: bool, chunk: int | None = None) -> dict[str, Any]:
    with database.session() as sess:
        return import_quotebank(sess, parse_quotebank(text), batched=batched, chunk=chunk).to_json()


def _import_file(database: Database, path: Path, *, chunk: int) -> dict[str, Any]:
    """As prov import does: the file checked in one pass, then read again ``chunk`` lines at a time."""
    check_quotebank_file(path)
    with database.session() as sess:
        result = import_quotebank_file(sess, path, chunk=chunk).to_json()
        # Core statements only: the session holds no object between chunks, or after.
        assert len(sess.identity_map) == 0
    return result


@settings(max_examples=30, deadline=None)
@given(lines=st.lists(_quotebank_line, min_size=1, max_size=25), chunk=st.sampled_from([1, 2, 3]))
def test_the_batched_import_writes_what_the_line_by_line_one_writes(
    quotebank_template: Path, lines: list[dict[str, Any]], chunk: int
) -> None:
    text = _lines(*lines)
    with tempfile.TemporaryDirectory() as folder:
        for name in ("line.db", "batched.db", "chunked.db"):
            shutil.copy(quotebank_template, Path(folder) / name)
        path = Path(folder) / "quotes.jsonl"
        path.write_text(text, encoding="utf-8")
        with (
            open_database(Path(folder) / "line.db", write=True) as line_db,
            open_database(Path(folder) / "batched.db", write=True) as batched_db,
            open_database(Path(folder) / "chunked.db", write=True) as chunked_db,
        ):
            expected = _import(line_db, text, batched=False)
            assert _import(batched_db, text, batched=True) == expected
            # The same person, article or statement met again in a later chunk is counted once.
            assert _import_file(chunked_db, path, chunk=chunk) == expected
            rows = _every_row(batched_db)
            assert rows == _every_row(line_db) == _every_row(chunked_db)
            again = _import(batched_db, text, batched=True)
            assert again == _import(line_db, text, batched=False)
            assert _import_file(chunked_db, path, chunk=chunk) == again
            assert again["created"] == 0
            assert _every_row(batched_db) == rows == _every_row(chunked_db)
            kamala = [r for r in rows["person"] if r[1] == "Kamala Harris"]
            assert [r[5] for r in kamala] == [KAMALA_QID]


def test_the_batched_import_gives_a_stored_quotation_its_language(
    quotebank_template: Path, tmp_path: Path
) -> None:
    with open_database(copy_database(quotebank_template, tmp_path / "a.db"), write=True) as database:
        line = {**TRUMP, "speaker": "Gary Marcus", "quotation": SEEN_TEXT, "urls": [SEEN_URL]}
        result = _import(database, _lines(line), batched=True)
        assert result["created"] == 0
        assert result["tables"]["quotations"] == {"created": 0, "existing": 1}
        with database.session() as sess:
            quoted = sess.scalars(select(Quotation.quoted_lang).where(Quotation.quoted_text == SEEN_TEXT))
            assert list(quoted) == ["en"]


@pytest.mark.parametrize("batched", [True, False])
def test_a_line_completes_a_statement_recorded_without_its_original(
    quotebank_template: Path, tmp_path: Path, batched: bool
) -> None:
    with open_database(copy_database(quotebank_template, tmp_path / "a.db"), write=True) as database:
        with database.session() as sess:
            before = sess.scalars(select(Statement).where(Statement.text.is_(None))).all()
            (bare,) = [s for s in before if s.said_at is not None and s.said_at.year == 2020]
            bare_id, counts = bare.id, _counts(sess)
        line = {**TRUMP, "quotation": "Mexico will pay.", "date": "2020-02-01 09:00:00", "urls": [SEEN_URL]}
        result = _import(database, _lines(line, line), batched=batched)
        assert result["tables"]["statements"] == {"created": 0, "existing": 1}
        assert result["tables"]["quotations"] == {"created": 0, "existing": 1}
        with database.session() as sess:
            completed = sess.get(Statement, bare_id)
            assert completed is not None
            assert (completed.text, completed.language) == ("Mexico will pay.", "en")
            assert _counts(sess) == counts
        assert _import(database, _lines(line), batched=batched)["created"] == 0


def test_an_alias_of_two_people_is_refused_alike_on_its_line(database: Database) -> None:
    from provenance.api.people import add_alias, add_person

    with database.session() as sess:
        for name in ("Jane Doe", "John Doe"):
            add_person(sess, name)
            add_alias(sess, name, "Doe")
    text = _lines(TRUMP, {**NOBODY, "speaker": "Doe"})
    before = _every_row(database)
    messages = []
    for batched in (False, True):
        with pytest.raises(BundleError) as caught:
            _import(database, text, batched=batched)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith("line 2: 'Doe' is an alias of several people")
    assert _every_row(database) == before


LONG = "x" * 301
TOO_LONG: dict[str, tuple[dict[str, Any], str]] = {
    "speaker": (
        {"speaker": "Ann " + LONG},
        "line 3: person name is 305 characters long, over the 300 allowed",
    ),
    "url": (
        {"urls": ["https://news.example/" + "a" * 2000]},
        "line 3: article url is 2021 characters long, over the 2000 allowed",
    ),
    # Found under its name key, so no person is created: the quotation's attributed_as is the one refused.
    "attributed-as": (
        {"speaker": "Gary" + " " * 300 + "Marcus"},
        "line 3: quotation attributed_as is 310 characters long, over the 300 allowed",
    ),
}


@pytest.mark.parametrize("case", sorted(TOO_LONG))
def test_a_value_too_long_for_its_column_is_refused_on_its_line_writing_nothing(
    database: Database, case: str
) -> None:
    from provenance.api.people import add_person

    with database.session() as sess:
        add_person(sess, "Gary Marcus")
    change, expected = TOO_LONG[case]
    text = _lines(TRUMP, NOBODY, {**AGAIN, **change}, {**TRUMP, "quotation": "After the bad line."})
    before = _every_row(database)
    messages = []
    inside: dict[str, int] = {}
    for batched in (False, True):
        with pytest.raises(BundleError) as caught, database.session() as sess:
            try:
                import_quotebank(sess, parse_quotebank(text), batched=batched)
            finally:
                if batched:
                    inside = _counts(sess)
        messages.append(str(caught.value))
    # A file smaller than one write batch is refused before its first insert: nothing to undo.
    assert inside == {name: len(rows) for name, rows in before.items()}
    assert messages[0] == messages[1]
    assert messages[0] == expected + "; shorten it"
    assert _every_row(database) == before


def test_a_database_failure_mid_way_writes_nothing(database: Database) -> None:
    """The rows go in table by table; a refusal at the quotations undoes the people and articles."""
    with database.session() as sess:
        sess.execute(
            sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON quotation WHEN NEW.quoted_text = 'Mexico will pay.' "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )
    before = _every_row(database)
    with pytest.raises(IntegrityError, match="refused"):
        _import(database, SAMPLE, batched=True)
    assert _every_row(database) == before


def test_cli_names_the_line_of_a_too_long_speaker_and_writes_nothing(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text(_lines(TRUMP, {**NOBODY, "speaker": LONG}), encoding="utf-8")
    line = _one_error_line(cli("import", str(path)))
    assert line == "Error: line 2: person name is 301 characters long, over the 300 allowed; shorten it"
    # The database this import created is removed with the transaction it rolled back.
    assert not db_path.exists()


def test_writing_in_batches_gives_the_same_rows_and_a_late_refusal_undoes_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from provenance.imports import quotebank_batch

    monkeypatch.setattr(quotebank_batch, "_WRITE_EVERY", 7)
    speakers = ["Ann Example", "ann  EXAMPLE", "Bob Example", "None"]
    numbered = [
        {
            "quotation": f"Quotation {n % 45}.",
            "speaker": speakers[n % 4],
            "qids": [f"Q{n + 1}"] if n % 3 else [],
            "date": f"2020-03-{n % 5 + 1:02d}",
            "urls": [f"https://news.example/{n}", f"https://wire.example/{n // 6}"][: 1 + n % 2],
        }
        for n in range(60)
    ]
    with (
        open_database(tmp_path / "line.db", write=True) as line_db,
        open_database(tmp_path / "batched.db", write=True) as batched_db,
    ):
        text = _lines(*numbered)
        assert _import(batched_db, text, batched=True) == _import(line_db, text, batched=False)
        assert _every_row(batched_db) == _every_row(line_db)

        before = _every_row(batched_db)
        late = _lines(*[{**line, "quotation": f"New {line['quotation']}"} for line in numbered])
        late += _lines({**NOBODY, "urls": ["https://news.example/" + "a" * 2000]})
        with pytest.raises(BundleError, match=r"^line 61: article url is 2021 characters long"):
            _import(batched_db, late, batched=True)
        assert _every_row(batched_db) == before
