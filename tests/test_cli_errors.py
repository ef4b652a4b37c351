"""Bad input: one line on stderr starting with "Error", exit code 1, no traceback, nothing written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from provenance.cli import app

Cli = Callable[..., Result]

ARTICLE = "https://example.org/hannibal-genseric/genesis-mission.html"
NEW_ARTICLE = "https://example.org/another-article.html"
S1_URL = "https://x.com/DavidSacks/status/1986503946297684195"
WSJ_URL = "https://www.wsj.com/economy/ai-spending"


def row_counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def snapshot(db_path: Path) -> dict[str, Any]:
    """Every row of every table, so an update in place shows too."""
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in sorted(tables)}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error"), lines[0]
    return lines[0]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A small record, built once: a person, an organisation, a claim, an article quoting a statement."""
    path = tmp_path_factory.mktemp("seed") / "prov.db"
    runner = CliRunner()

    def run(*args: str) -> Result:
        return ok(runner.invoke(app, [*args, "--db", str(path)]))

    run("add-person", "David Sacks", "--alias", "@DavidSacks")
    run("add-person", "White House", "--org")
    run("add-claim", "federal-ai-bailout", "The US federal government should rescue AI companies that fail")
    result = run(
        "add-quote",
        "--article", ARTICLE,
        "--article-date", "mercredi 26 novembre 2025",
        "--person", "@DavidSacks",
        "--quoted-text", "Il n'y aura pas de renflouement fédéral pour l'IA.",
        "--quoted-lang", "fr",
        "--lang", "en",
        "--said-at", "6 Nov 2025 16:52 UTC",
        "--source-url", S1_URL,
        "--claim", "federal-ai-bailout",
        "--stance", "opposes",
        "--format", "json",
    )  # fmt: skip
    return path, {"statement": json.loads(result.stdout)["statement_id"]}


@pytest.fixture
def seeded(seeded_template: tuple[Path, dict[str, str]], db_path: Path) -> dict[str, str]:
    template, ids = seeded_template
    shutil.copyfile(template, db_path)
    return ids


def quote(*extra: str, article: str = NEW_ARTICLE) -> list[str]:
    """An add-quote that would create a new article, person and statement if it were accepted."""
    return ["add-quote", "--article", article, "--person", "Somebody New", "--text", "Some words.", *extra]


BAD_INPUT: dict[str, list[str]] = {
    # dates
    "unparseable date": ["add-article", NEW_ARTICLE, "--date", "32 nov 2025"],
    "impossible date": ["add-article", NEW_ARTICLE, "--date", "2025-02-30"],
    "weekday contradicts date": ["add-article", NEW_ARTICLE, "--date", "mercredi 27 novembre 2025"],
    "unparseable said-at": quote("--said-at", "32 nov 2025"),
    "impossible said-at": quote("--said-at", "2025-02-30T10:00Z"),
    "weekday contradicts said-at": quote("--said-at", "mercredi 27 novembre 2025"),
    "impossible article date in add-quote": quote("--article-date", "2025-13-01"),
    "impossible affiliation date": ["add-affiliation", "David Sacks", "White House", "--from", "2025-02-30"],
    "affiliation ends before it starts": [
        "add-affiliation", "David Sacks", "White House", "--from", "2025", "--until", "2024",
    ],
    # stances
    "stance other than the three (stance)": [
        "stance", "{statement}", "--claim", "federal-ai-bailout", "--stance", "maybe",
    ],
    "stance other than the three (add-quote)": quote("--claim", "federal-ai-bailout", "--stance", "endorses"),
    "--claim without --stance": quote("--claim", "federal-ai-bailout"),
    "--stance without --claim": quote("--stance", "supports"),
    "two --claim, one --stance": quote(
        "--claim", "federal-ai-bailout", "--stance", "opposes", "--claim", "federal-ai-bailout"
    ),
    # unknown references
    "unknown person (show)": ["show", "person", "Nobody Known"],
    "unknown article (show)": ["show", "article", "https://example.org/never-recorded"],
    "unknown statement (show)": ["show", "statement", "deadbeef-0000"],
    "statement prefix too short (show)": ["show", "statement", "{statement_short}"],
    "unknown claim (show)": ["show", "claim", "no-such-claim"],
    "unknown person (list)": ["list", "statements", "--person", "Nobody Known"],
    "unknown claim (list)": ["list", "statements", "--claim", "no-such-claim"],
    "unknown statement (stance)": [
        "stance", "deadbeef-0000", "--claim", "federal-ai-bailout", "--stance", "supports",
    ],
    "unknown claim (stance)": ["stance", "{statement}", "--claim", "no-such-claim", "--stance", "supports"],
    "unknown claim (add-quote)": quote("--claim", "no-such-claim", "--stance", "supports"),
    "unknown person (add-alias)": ["add-alias", "Nobody Known", "Nobody"],
    "unknown organisation (add-affiliation)": ["add-affiliation", "David Sacks", "No Such Org"],
    "unknown kind (show)": ["show", "widget", "x"],
    "unknown kind (list)": ["list", "widgets"],
    "filter on the wrong list": ["list", "people", "--person", "David Sacks"],
    # URLs
    "javascript: article": ["add-article", "javascript:alert(1)"],
    "file: article": ["add-article", "file:///etc/passwd"],
    "javascript: article in add-quote": ["add-quote", "--article", "javascript:alert(1)", "--person", "X",
                                         "--text", "Words."],
    "file: source": quote("--source-url", "file:///etc/passwd"),
    "javascript: archive": quote("--source-url", S1_URL, "--archive-url", "javascript:alert(1)"),
    "file: via": quote("--via", "file:///tmp/wsj.html"),
    "archive without source": quote("--archive-url", "https://web.archive.org/web/2025/" + WSJ_URL),
    # empty text
    "empty text": quote("--text", ""),
    "blank quoted text": ["add-quote", "--article", NEW_ARTICLE, "--person", "X", "--quoted-text", "   "],
    "empty person name": ["add-person", "  "],
    "empty alias": ["add-alias", "David Sacks", ""],
    "empty claim text": ["add-claim", "new-claim", " "],
    "bad claim slug": ["add-claim", "Not A Slug", "Some text"],
    "no speaker": ["add-quote", "--article", NEW_ARTICLE, "--text", "Words."],
    "speaker and unattributed": quote("--unattributed"),
    "bad relation": quote("--relation", "summary"),
    "bad language": quote("--lang", "english!"),
    "bad wikidata id": ["add-person", "Someone", "--wikidata", "7354219"],
}  # fmt: skip


def _fill(args: list[str], ids: dict[str, str]) -> list[str]:
    values = {**ids, "statement_short": ids["statement"][:5]}
    return [a.format(**values) if a.startswith("{") else a for a in args]


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_one_line_and_writes_nothing(
    cli: Cli, db_path: Path, seeded: dict[str, str], case: str
) -> None:
    before = snapshot(db_path)
    result = cli(*_fill(BAD_INPUT[case], seeded))
    assert_one_line_error(result)
    assert snapshot(db_path) == before


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_as_json_is_still_one_error_line(
    cli: Cli, db_path: Path, seeded: dict[str, str], case: str
) -> None:
    before = row_counts(db_path)
    assert_one_line_error(cli(*_fill(BAD_INPUT[case], seeded), "--format", "json"))
    assert row_counts(db_path) == before


def test_messages_say_what_was_wrong(cli: Cli, seeded: dict[str, str]) -> None:
    assert "32 nov 2025" in assert_one_line_error(cli("add-article", NEW_ARTICLE, "--date", "32 nov 2025"))
    assert "Thursday" in assert_one_line_error(
        cli("add-article", NEW_ARTICLE, "--date", "mercredi 27 novembre 2025")
    )
    assert "supports, opposes, neutral" in assert_one_line_error(
        cli("stance", seeded["statement"], "--claim", "federal-ai-bailout", "--stance", "maybe")
    )
    assert "javascript:" in assert_one_line_error(cli("add-article", "javascript:alert(1)"))
    assert "Nobody Known" in assert_one_line_error(cli("show", "person", "Nobody Known"))
    assert "people, articles, claims, statements" in assert_one_line_error(cli("list", "widgets")).replace(
        "|", ", "
    )


def test_a_failure_late_in_add_quote_rolls_back_the_article_it_created(cli: Cli, db_path: Path) -> None:
    ok(cli("add-claim", "federal-ai-bailout", "The US federal government should rescue AI companies"))
    before = snapshot(db_path)
    # The article, person, source and statement come first; the bad archive URL fails after them.
    args = quote(
        "--source-url", S1_URL,
        "--archive-url", "https://web.archive.org/x",
        "--archive-url", "file:///etc/passwd",
        "--claim", "federal-ai-bailout",
        "--stance", "supports",
    )  # fmt: skip
    result = cli(*args)
    assert_one_line_error(result)
    assert snapshot(db_path) == before


# the database itself


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(cli: Cli, db_path: Path) -> None:
    db_path.write_bytes(os.urandom(4096))
    before = digest(db_path)
    for args in (
        ["add-person", "David Sacks"],
        ["list", "people"],
        ["show", "person", "David Sacks"],
        ["init"],
        ["db", "current"],
        ["db", "upgrade"],
        ["db", "downgrade", "base"],
    ):
        line = assert_one_line_error(cli(*args))
        assert "not an SQLite database" in line
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith("prov.db")) == ["prov.db"]


def test_a_text_file_is_not_a_database(cli: Cli, db_path: Path) -> None:
    db_path.write_text("name,alias\nDavid Sacks,@DavidSacks\n")
    before = digest(db_path)
    assert_one_line_error(cli("add-person", "David Sacks"))
    assert_one_line_error(cli("list", "people"))
    assert digest(db_path) == before


def test_an_sqlite_file_of_another_program_is_refused(cli: Cli, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    before = snapshot(db_path)
    assert "no prov schema" in assert_one_line_error(cli("add-person", "David Sacks"))
    assert "no prov schema" in assert_one_line_error(cli("list", "people"))
    assert "no prov schema" in assert_one_line_error(cli("init"))
    assert snapshot(db_path) == before


def _stamp(db_path: Path, revision: str) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))


@pytest.mark.parametrize(
    "args",
    [
        ["add-person", "Someone Else"],
        ["add-quote", "--article", NEW_ARTICLE, "--unattributed", "--text", "Words."],
        ["stance", "{statement}", "--claim", "federal-ai-bailout", "--stance", "supports"],
        ["list", "people"],
        ["list", "statements"],
        ["show", "person", "David Sacks"],
        ["init"],
        ["db", "upgrade"],
        ["db", "upgrade", "head"],
        ["db", "downgrade", "base"],
        ["db", "downgrade", "0001"],
        ["db", "current"],
    ],
    ids=" ".join,
)
def test_a_database_newer_than_the_code_is_refused(
    cli: Cli, db_path: Path, seeded: dict[str, str], args: list[str]
) -> None:
    _stamp(db_path, "ffff9999")
    before = snapshot(db_path)
    line = assert_one_line_error(cli(*_fill(args, seeded)))
    assert "ffff9999" in line and "newer" in line
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    "args",
    [
        ["list", "people"],
        ["list", "statements", "--person", "David Sacks"],
        ["show", "person", "David Sacks"],
        ["show", "statement", "deadbeef-0000"],
        ["show", "article", ARTICLE],
        ["db", "current"],
        ["db", "downgrade", "base"],
    ],
    ids=" ".join,
)
def test_a_read_on_a_missing_database_is_refused_and_creates_nothing(
    cli: Cli, db_path: Path, args: list[str]
) -> None:
    line = assert_one_line_error(cli(*args))
    assert str(db_path) in line
    assert list(db_path.parent.iterdir()) == []


def test_a_missing_database_through_the_db_option(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere.db"
    assert_one_line_error(cli("list", "claims", "--db", str(missing)))
    assert not missing.exists()


def test_a_missing_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "prov.db"
    assert "does not exist" in assert_one_line_error(cli("add-person", "X", "--db", str(target)))
    assert not target.parent.exists()


@pytest.mark.parametrize(
    "args", [["add-person", "David Sacks"], ["list", "people"], ["init"], ["db", "current"]]
)
def test_a_folder_as_db_is_refused(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    line = assert_one_line_error(cli(*args, "--db", str(folder)))
    assert "folder" in line
    assert list(folder.iterdir()) == []


def test_an_unreachable_server_url_is_one_line(cli: Cli) -> None:
    line = assert_one_line_error(cli("list", "people", "--db", "postgresql://u:secret@127.0.0.1:1/prov"))
    assert "secret" not in line


def test_an_unknown_database_scheme_is_one_line(cli: Cli) -> None:
    assert "cannot open" in assert_one_line_error(cli("list", "people", "--db", "nosuchdb://host/x"))


def test_a_bad_migration_target_is_one_line(cli: Cli, db_path: Path, seeded: dict[str, str]) -> None:
    before = snapshot(db_path)
    assert "zzz" in assert_one_line_error(cli("db", "upgrade", "zzz"))
    assert "9999" in assert_one_line_error(cli("db", "downgrade", "9999"))
    assert snapshot(db_path) == before


# Typer's own argument parsing: exit code 2 and a usage message, still no traceback and no write.


@pytest.mark.parametrize(
    "args",
    [
        ["add-person"],
        ["add-quote", "--person", "X", "--text", "no article"],
        ["show", "person"],
        ["list", "people", "--format", "yaml"],
        ["db", "downgrade"],
        ["stance", "{statement}", "--claim", "federal-ai-bailout"],
        ["no-such-command"],
    ],
    ids=" ".join,
)
def test_usage_errors_exit_2_without_traceback(
    cli: Cli, db_path: Path, seeded: dict[str, str], args: list[str]
) -> None:
    before = snapshot(db_path)
    result = cli(*_fill(args, seeded))
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "Error" in result.stderr
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    "args",
    [
        ["add-article", "javascript:alert(1)"],
        [
            "add-quote",
            "--article",
            "https://example.org/a",
            "--person",
            "X",
            "--said-at",
            "32 nov 2025",
            "--text",
            "t",
        ],
        ["add-claim", "Not A Slug", "text"],
    ],
)
def test_a_first_write_that_fails_leaves_no_database_file(cli: Cli, db_path: Path, args: list[str]) -> None:
    assert not db_path.exists()
    assert_one_line_error(cli(*args))
    assert not db_path.exists()
    assert not Path(f"{db_path}-wal").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["contradictions", "--persn", "X"], "No such option: --persn"),
        (["contradictions", "--person", "X", "--format", "yaml"], "'yaml' is not one of table, json, csv"),
        (["add-claim"], "Missing argument"),
        (["db", "upgrade", "1", "2"], "unexpected extra argument"),
    ],
)
def test_usage_errors_are_one_line_too(cli: Cli, db_path: Path, args: list[str], says: str) -> None:
    line = assert_one_line_error(cli(*args), code=2)
    assert says in line
    assert line.endswith("--help")
    assert not db_path.exists()
