"""``prov export`` and ``prov import`` through the command line."""

from __future__ import annotations

import bz2
import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from provenance import schemas
from provenance.api import claims, people, quotes
from provenance.api.bundle import FORMAT
from provenance.db import open_database
from provenance.exports.bundle import export_bundle

Cli = Callable[..., Result]
S1_URL = "https://x.com/DavidSacks/status/1986400000000000001"


def seed(path: Path) -> None:
    with open_database(path, write=True) as db, db.session() as session:
        people.add_person(session, "David Sacks", aliases=["@DavidSacks"])
        claims.add_claim(session, "federal-ai-bailout", "The government should rescue AI companies")
        quotes.add_quote(
            session,
            article_url="https://example.org/genseric",
            person="@DavidSacks",
            quoted_text="Il n'y aura pas de renflouement fédéral de l'IA.",
            lang="en",
            quoted_lang="fr",
            said_at="2025-11-06T16:52Z",
            source_url=S1_URL,
            archive_urls=["https://web.archive.org/web/20251106170000/" + S1_URL],
            claims=[("federal-ai-bailout", "opposes")],
            reader="Hannibal Genséric",
        )
        quotes.add_quote(
            session, article_url="https://example.org/genseric", unattributed=True, quoted_text="Genesis"
        )


def snapshot(path: Path) -> dict[str, Any]:
    """What the database holds, as a document to compare (its export time left out)."""
    with open_database(path, write=False) as db, db.session() as session:
        document = export_bundle(session)
    del document["exported_at"]
    return document


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


@pytest.fixture
def seeded(db_path: Path) -> Path:
    seed(db_path)
    return db_path


# --- export -------------------------------------------------------------------------------------


def test_export_writes_the_bundle_to_stdout(cli: Cli, seeded: Path) -> None:
    result = cli("export")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == FORMAT
    assert schemas.first_error("bundle", document) is None
    assert [p["name"] for p in document["people"]] == ["David Sacks"]
    assert len(document["quotations"]) == 2
    assert result.stderr == ""
    assert {k: v for k, v in document.items() if k != "exported_at"} == snapshot(seeded)


def test_export_out_writes_the_file_and_a_summary(cli: Cli, seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "bundles" / "sacks.json"
    target.parent.mkdir()
    result = cli("export", "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "exported 1 person, 0 affiliations, 1 source, 1 archive copy, 1 article, 1 claim, "
        f"2 statements, 2 quotations, 1 stance to {target}"
    )
    document = json.loads(target.read_text(encoding="utf-8"))
    assert schemas.first_error("bundle", document) is None
    assert {k: v for k, v in document.items() if k != "exported_at"} == snapshot(seeded)
    assert os.listdir(target.parent) == ["sacks.json"], "no temporary file is left behind"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask, "an ordinary file, not a private temporary one"


def test_export_out_replaces_a_file_only_when_the_write_succeeded(
    cli: Cli, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("the previous bundle", encoding="utf-8")

    def no_rename(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    line = one_error_line(cli("export", "--out", str(target)))
    assert f"cannot write {target}: No space left on device" in line
    assert target.read_text(encoding="utf-8") == "the previous bundle"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")) == []

    monkeypatch.undo()
    assert cli("export", "--out", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == FORMAT


@pytest.mark.parametrize(
    ("out", "expected"),
    [("missing-folder/out.json", "folder"), (".", "is a folder")],
    ids=["no-folder", "a-folder"],
)
def test_export_out_to_a_bad_path_fails_cleanly(
    cli: Cli, seeded: Path, tmp_path: Path, out: str, expected: str
) -> None:
    assert expected in one_error_line(cli("export", "--out", out))
    assert not (tmp_path / "missing-folder").exists()


def test_export_refuses_a_missing_database_and_creates_none(cli: Cli, db_path: Path) -> None:
    assert "no database at" in one_error_line(cli("export"))
    assert not db_path.exists()


# --- import -------------------------------------------------------------------------------------


def test_import_from_a_file_into_an_empty_database(cli: Cli, seeded: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.json"
    assert cli("export", "--out", str(bundle)).exit_code == 0
    copy = tmp_path / "copy.db"

    result = cli("import", str(bundle), "--db", str(copy))
    assert result.exit_code == 0, result.stderr
    assert "people" in result.stdout and "quotations" in result.stdout
    assert snapshot(copy) == snapshot(seeded)

    again = cli("import", str(bundle), "--db", str(copy), "--format", "json")
    assert again.exit_code == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["created"] == 0
    assert report["existing"] == 11
    assert report["tables"]["people"] == {"created": 0, "existing": 1}
    assert report["tables"]["archives"] == {"created": 0, "existing": 1}


def test_import_reads_standard_input(cli: Cli, seeded: Path, tmp_path: Path) -> None:
    text = cli("export").stdout
    copy = tmp_path / "copy.db"
    result = cli("import", "-", "--db", str(copy), "--format", "json", input=text)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["format"] == FORMAT
    assert report["created"] == 11 and report["existing"] == 0
    assert report["tables"]["statements"] == {"created": 2, "existing": 0}
    assert snapshot(copy) == snapshot(seeded)


@pytest.mark.parametrize("suffix", [".gz", ".bz2"])
def test_import_reads_a_compressed_bundle(cli: Cli, seeded: Path, tmp_path: Path, suffix: str) -> None:
    text = cli("export").stdout.encode("utf-8")
    bundle = tmp_path / f"bundle.json{suffix}"
    bundle.write_bytes(gzip.compress(text) if suffix == ".gz" else bz2.compress(text))
    copy = tmp_path / "copy.db"
    result = cli("import", str(bundle), "--db", str(copy), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["created"] == 11
    assert snapshot(copy) == snapshot(seeded)


# A gzip header, then a deflate block of the reserved type 3: zlib refuses it with zlib.error,
# which is not an OSError like the other ways a .gz file fails.
_CORRUPT_GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x07" + bytes(16)


@pytest.mark.parametrize("suffix", [".gz", ".bz2"])
def test_a_broken_compressed_file_fails_with_one_line(
    cli: Cli, seeded: Path, tmp_path: Path, suffix: str
) -> None:
    text = cli("export").stdout.encode("utf-8")
    whole = gzip.compress(text) if suffix == ".gz" else bz2.compress(text)
    corrupt = _CORRUPT_GZIP if suffix == ".gz" else b"BZh9" + bytes(32)
    for name, content in {"cut": whole[: len(whole) // 2], "plain": text, "corrupt": corrupt}.items():
        bundle = tmp_path / f"{name}.json{suffix}"
        bundle.write_bytes(content)
        fresh = tmp_path / f"{name}.db"
        line = one_error_line(cli("import", str(bundle), "--db", str(fresh)))
        assert f"{bundle} is not a whole" in line and "compress it again" in line
        assert not fresh.exists()


def _bad_bundles(good: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """name -> (file content, what the error line says)."""
    wrong_format = dict(good, format="prov-bundle/9")
    bad_field = json.loads(json.dumps(good))
    bad_field["statements"][1]["said"]["precision"] = "week"
    dangling = json.loads(json.dumps(good))
    dangling["statements"] = []
    dangling["stances"] = []
    return {
        "not-json": (
            '{"format": "prov-bundle/1", "people": [\n',
            "not JSON: Expecting value at line 2, column 1",
        ),
        "wrong-format": (json.dumps(wrong_format), "unsupported bundle format 'prov-bundle/9'"),
        "bad-field": (json.dumps(bad_field), "$.statements[1].said.precision"),
        "dangling": (json.dumps(dangling), "$.quotations[0].statement_id: no statement"),
    }


@pytest.mark.parametrize("case", ["not-json", "wrong-format", "bad-field", "dangling"])
def test_a_bad_file_fails_with_one_line_and_changes_nothing(
    cli: Cli, seeded: Path, tmp_path: Path, case: str
) -> None:
    good = json.loads(cli("export").stdout)
    assert good["statements"][1]["said"] is not None, "the bad-field case spoils a dated statement"
    content, expected = _bad_bundles(good)[case]
    target = tmp_path / "target.db"
    with open_database(target, write=True) as db, db.session() as session:
        people.add_person(session, "Ada Lovelace", aliases=["@ada"])
    before = snapshot(target)
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")

    line = one_error_line(cli("import", str(path), "--db", str(target)))
    assert expected in line
    assert snapshot(target) == before

    line = one_error_line(cli("import", "-", "--db", str(target), input=content))
    assert expected.replace(str(path), "standard input") in line
    assert snapshot(target) == before


def test_a_bad_file_creates_no_database(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "something else"}', encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert "unsupported bundle format" in one_error_line(cli("import", str(path), "--db", str(fresh)))
    assert not fresh.exists()


def test_import_of_a_missing_file_fails_cleanly(cli: Cli, tmp_path: Path) -> None:
    assert "no file" in one_error_line(cli("import", str(tmp_path / "nowhere.json")))


def test_export_and_import_are_listed_in_help(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "export" in result.stdout and "import" in result.stdout


# --- one statement, its original words known to one researcher ----------------------------------

S1_FR = "Il n'y aura pas de renflouement fédéral de l'IA."
S1_EN = "There will be no federal bailout for AI."


def _say_s1(cli: Cli, db: Path, article: str, *original: str) -> None:
    """S1 through ``prov add-quote``: ``original`` is ``--text WORDS``, or nothing for the quote alone."""
    result = cli(
        "add-quote",
        "--article",
        article,
        "--db",
        str(db),
        "--person",
        "David Sacks",
        *original,
        "--quoted-text",
        S1_FR,
        "--lang",
        "en",
        "--quoted-lang",
        "fr",
        "--said-at",
        "2025-11-06T16:52Z",
        "--source-url",
        S1_URL,
    )
    assert result.exit_code == 0, result.stderr


def _statement_rows(db: Path) -> list[dict[str, Any]]:
    return [
        {key: s[key] for key in ("id", "text", "language", "fingerprint")} for s in snapshot(db)["statements"]
    ]


def _export_import(cli: Cli, source: Path, target: Path, tmp_path: Path) -> dict[str, Any]:
    bundle = tmp_path / f"{source.stem}.json"
    assert cli("export", "--db", str(source), "--out", str(bundle)).exit_code == 0
    result = cli("import", str(bundle), "--db", str(target), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_researchers_merging_an_original_and_its_translation_keep_one_statement(
    cli: Cli, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _say_s1(cli, a, "https://example.org/genseric", "--text", S1_EN)
    _say_s1(cli, b, "https://example.org/another")
    [a_row], [b_row] = _statement_rows(a), _statement_rows(b)
    assert b_row["text"] is None and b_row["fingerprint"] != a_row["fingerprint"]

    report = _export_import(cli, a, b, tmp_path)
    assert report["tables"]["statements"] == {"created": 0, "existing": 1}
    assert report["tables"]["quotations"] == {"created": 1, "existing": 0}
    # B's record keeps its id and takes A's words and key.
    assert _statement_rows(b) == [{**a_row, "id": b_row["id"]}]

    report = _export_import(cli, b, a, tmp_path)
    assert report["tables"]["statements"] == {"created": 0, "existing": 1}
    assert report["tables"]["quotations"] == {"created": 1, "existing": 1}
    assert _statement_rows(a) == [a_row]
    # The same record on both sides, each keeping the statement's id it had.
    assert json.loads(json.dumps(snapshot(b)).replace(b_row["id"], a_row["id"])) == snapshot(a)

    for source, target in ((a, b), (b, a)):
        before = snapshot(target)
        report = _export_import(cli, source, target, tmp_path)
        assert report["created"] == 0
        assert snapshot(target) == before


def test_the_quote_only_side_importing_first_gives_the_same_record(cli: Cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _say_s1(cli, a, "https://example.org/genseric", "--text", S1_EN)
    _say_s1(cli, b, "https://example.org/another")
    [a_row], [b_row] = _statement_rows(a), _statement_rows(b)

    assert _export_import(cli, b, a, tmp_path)["tables"]["statements"] == {"created": 0, "existing": 1}
    assert _statement_rows(a) == [a_row]
    assert _export_import(cli, a, b, tmp_path)["tables"]["statements"] == {"created": 0, "existing": 1}
    assert _statement_rows(b) == [{**a_row, "id": b_row["id"]}]
    assert json.loads(json.dumps(snapshot(b)).replace(b_row["id"], a_row["id"])) == snapshot(a)
