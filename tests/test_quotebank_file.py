"""A Quotebank file imported as a stream: checked in a first pass, imported a chunk at a time in a
second, all or nothing; standard input, pipes and compressed files."""

from __future__ import annotations

import bz2
import gzip
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from typer.testing import Result

from provenance.db import Database
from provenance.errors import BundleError
from provenance.imports import quotebank_batch
from provenance.imports.quotebank import import_quotebank, parse_quotebank
from provenance.imports.quotebank_file import check_quotebank_file, import_quotebank_file
from provenance.models import Base

Cli = Callable[..., Result]


def _line(n: int, **change: Any) -> dict[str, Any]:
    """Speakers, articles and quotations shared between lines far apart, so between chunks."""
    return {
        "quoteID": f"2020-01-16-{n:06d}",
        "quotation": f"Quotation {n % 7}.",
        "speaker": ["Ann Example", "ann  EXAMPLE", "Bob Example", "None"][n % 4],
        "qids": [f"Q{n + 1}"] if n % 3 else [],
        "date": f"2020-03-{n % 5 + 1:02d} 00:00:00",
        "urls": [f"https://news.example/{n % 11}", f"https://wire.example/{n // 6}"][: 1 + n % 2],
        **change,
    }


def _text(count: int, **bad: dict[str, Any]) -> str:
    """``count`` lines; ``bad`` maps a line number (as "n12") to what changes on it."""
    lines = [_line(n, **bad.get(f"n{n + 1}", {})) for n in range(count)]
    return "".join(json.dumps(line) + "\n" for line in lines)


def _every_row(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.session() as sess:
        return {
            table.name: sorted((tuple(row) for row in sess.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> int:
    """What prov import runs, three lines a chunk."""
    monkeypatch.setattr(quotebank_batch, "CHUNK_LINES", 3)
    return 3


def test_the_first_pass_counts_the_records_and_keeps_none(tmp_path: Path) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text("\n" + _text(10) + "\n\n", encoding="utf-8")
    assert check_quotebank_file(path) == 10
    path.write_text("\n \n", encoding="utf-8")
    with pytest.raises(BundleError, match="no records"):
        check_quotebank_file(path)


def test_chunks_of_three_give_the_rows_and_counts_of_one_pass(tmp_path: Path) -> None:
    from provenance.db import open_database

    text = _text(40)
    path = tmp_path / "quotes.jsonl"
    path.write_text(text, encoding="utf-8")
    with (
        open_database(tmp_path / "whole.db", write=True) as whole_db,
        open_database(tmp_path / "chunked.db", write=True) as chunked_db,
    ):
        with whole_db.session() as sess:
            whole = import_quotebank(sess, parse_quotebank(text)).to_json()
        assert whole["created"] > 0
        with chunked_db.session() as sess:
            assert import_quotebank_file(sess, path, chunk=3).to_json() == whole
        rows = _every_row(whole_db)
        assert _every_row(chunked_db) == rows
        with chunked_db.session() as sess:
            again = import_quotebank_file(sess, path, chunk=3).to_json()
        assert again["created"] == 0
        assert again["existing"] == whole["created"]
        assert _every_row(chunked_db) == rows


def test_a_bad_line_far_down_creates_no_database(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text(_text(12_000, n11999={"date": "soon"}), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "Error: line 11999: date 'soon' is not a date; fix that line of the Quotebank file"
    )
    assert not db_path.exists()


def test_a_refusal_in_a_later_chunk_undoes_the_earlier_ones(
    cli: Cli, tmp_path: Path, db_path: Path, small_chunks: int
) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text(_text(5), encoding="utf-8")
    assert cli("import", str(first)).exit_code == 0
    from provenance.db import open_database

    with open_database(db_path, write=False) as database:
        before = _every_row(database)
    # Valid JSON and a valid URL, refused only when its article row is made: in the fourth chunk.
    late = tmp_path / "late.jsonl"
    long_url = {"quotation": "New.", "urls": ["https://news.example/" + "a" * 2000]}
    late.write_text(_text(12, n11=long_url), encoding="utf-8")
    result = cli("import", str(late))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: line 11: article url is 2021 characters long")
    with open_database(db_path, write=False) as database:
        assert _every_row(database) == before


def test_a_database_failure_in_a_later_chunk_writes_nothing(tmp_path: Path, database: Database) -> None:
    path = tmp_path / "quotes.jsonl"
    path.write_text(_text(20, n17={"quotation": "Refused."}), encoding="utf-8")
    with database.session() as sess:
        sess.execute(
            sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON quotation WHEN NEW.quoted_text = 'Refused.' "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )
    before = _every_row(database)
    with pytest.raises(IntegrityError, match="refused"), database.session() as sess:
        import_quotebank_file(sess, path, chunk=4)
    assert _every_row(database) == before
    # The connection that failed is used again: what the failed import kept aside is gone.
    path.write_text(_text(20), encoding="utf-8")
    with database.session() as sess:
        result = import_quotebank_file(sess, path, chunk=4).to_json()
    with database.session() as sess:
        assert (
            sess.scalar(select(func.count()).select_from(Base.metadata.tables["quotation"]))
            == (result["tables"]["quotations"]["created"])
        )


@pytest.fixture
def spool_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where standard input is copied; empty again once the import is over."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_standard_input_is_read_twice_through_a_temporary_copy(
    cli: Cli, tmp_path: Path, small_chunks: int, spool_folder: Path
) -> None:
    text = _text(10)
    first = cli("import", "-", "--format", "json", input=text)
    assert first.exit_code == 0, first.stderr
    created = json.loads(first.stdout)
    assert created["format"] == "quotebank" and created["created"] > 0
    again = cli("import", "-", "--from", "quotebank", "--format", "json", input=text)
    assert json.loads(again.stdout)["existing"] == created["created"]
    bad = cli("import", "-", input=_text(4, n3={"urls": []}))
    assert bad.stderr.startswith("Error: line 3: urls")
    # A bundle on standard input is still read, and named, as before.
    assert "standard input is not JSON" in cli("import", "-", input="{not json").stderr
    assert list(spool_folder.iterdir()) == []


def test_a_quotebank_file_may_be_compressed(cli: Cli, tmp_path: Path, small_chunks: int) -> None:
    text = _text(10)
    plain = cli("import", _write(tmp_path / "q.jsonl", text.encode()), "--format", "json")
    expected = json.loads(plain.stdout)["created"]
    for name, packed in (("q.jsonl.gz", gzip.compress), ("q.json.bz2", bz2.compress)):
        again = cli("import", _write(tmp_path / name, packed(text.encode())), "--format", "json")
        assert again.exit_code == 0, again.stderr
        assert json.loads(again.stdout)["existing"] == expected
    broken = cli("import", _write(tmp_path / "bad.jsonl.gz", gzip.compress(text.encode())[:-30]))
    assert broken.exit_code == 1 and "is not a whole gzip file (it breaks after line" in broken.stderr
    # A deflate block of the reserved type 3 after a gzip header: zlib.error, not an OSError.
    corrupt = _write(
        tmp_path / "corrupt.jsonl.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x07" + bytes(16)
    )
    refused = cli("import", corrupt, "--from", "quotebank")
    assert refused.exit_code == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(f"Error: {corrupt} is not a whole gzip file")


def test_a_line_that_is_not_utf8_is_named(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    data = _text(2).encode() + b'{"quotation": "caf\xe9"}\n'
    line = cli("import", _write(tmp_path / "q.jsonl", data), "--from", "quotebank").stderr
    assert line.startswith("Error: ") and "is not UTF-8 text (line 3, byte 18)" in line
    assert not db_path.exists()


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Callable[[bytes], Path]]:
    # No skip where os.mkfifo is missing: like the PostgreSQL and Chromium tests, this one fails on a
    # machine that cannot run it (prov's tests run on POSIX systems) rather than pass unseen.
    writers: list[threading.Thread] = []

    def make(data: bytes) -> Path:
        path = tmp_path / f"pipe{len(writers)}"
        os.mkfifo(path)
        writer = threading.Thread(target=path.write_bytes, args=(data,), daemon=True)
        writer.start()
        writers.append(writer)
        return path

    yield make
    for writer in writers:
        writer.join(timeout=10)


def test_a_pipe_is_copied_before_it_is_read_twice(
    cli: Cli, fifo: Callable[[bytes], Path], small_chunks: int
) -> None:
    result = cli("import", str(fifo(_text(10).encode())), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "quotebank"


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)
