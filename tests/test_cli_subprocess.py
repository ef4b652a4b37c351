"""The real ``prov`` as a process (``python -m provenance``, the console script) and what start-up loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.db import init_database

ARTICLE = "https://example.org/hannibal-genseric/genesis-mission.html"
S1_URL = "https://x.com/DavidSacks/status/1986503946297684195"
HEAVY = (
    "sqlalchemy",
    "alembic",
    "httpx",
    "dateparser",
    "jsonschema",
    "trafilatura",
    "rapidfuzz",
    "prov",
    "pyld",
)


def _launchers() -> list[list[str]]:
    launchers = [[sys.executable, "-m", "provenance"]]
    script = Path(sys.executable).with_name("prov")
    if script.exists():
        launchers.append([str(script)])
    return launchers


LAUNCHERS = _launchers()


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PROV_DB", "PROV_READER")}
    env["PROV_DB"] = str(db)
    env["COLUMNS"] = "250"
    return env


def run(launcher: list[str], db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*launcher, *args],
        env=_env(db),
        cwd=db.parent,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("launcher", LAUNCHERS, ids=lambda launcher: Path(launcher[-1]).name)
def test_record_and_show_through_a_real_process(launcher: list[str], tmp_path: Path) -> None:
    db = tmp_path / "prov.db"
    person = run(launcher, db, "add-person", "David Sacks", "--alias", "@DavidSacks", "--format", "json")
    assert person.returncode == 0, person.stderr
    assert json.loads(person.stdout)["records"][0]["action"] == "created"

    quote = run(
        launcher, db,
        "add-quote", "--article", ARTICLE, "--article-date", "mercredi 26 novembre 2025",
        "--person", "@DavidSacks", "--quoted-text", "Il n'y aura pas de renflouement fédéral pour l'IA.",
        "--quoted-lang", "fr", "--lang", "en", "--said-at", "6 Nov 2025 16:52 UTC", "--source-url", S1_URL,
        "--attributed-as", "Gary Sacks", "--format", "json",
    )  # fmt: skip
    assert quote.returncode == 0, quote.stderr
    statement_id = json.loads(quote.stdout)["statement_id"]

    shown = run(launcher, db, "show", "statement", statement_id[:8])
    assert shown.returncode == 0, shown.stderr
    assert "Gary Sacks" in shown.stdout and "David Sacks" in shown.stdout and S1_URL in shown.stdout
    article = run(launcher, db, "show", "article", ARTICLE, "--format", "json")
    assert json.loads(article.stdout)["quotations"][0]["attributed_as"] == "Gary Sacks"
    assert person.stderr == quote.stderr == shown.stderr == article.stderr == ""


@pytest.mark.parametrize("launcher", LAUNCHERS, ids=lambda launcher: Path(launcher[-1]).name)
@pytest.mark.parametrize(
    "args",
    [
        ["add-article", "https://example.org/a", "--date", "2025-02-30"],
        ["show", "person", "Nobody Known"],
        ["add-article", "javascript:alert(1)"],
    ],
    ids=lambda args: args[0] + " " + args[-1],
)
def test_an_error_is_one_line_without_traceback(launcher: list[str], tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "prov.db"
    init_database(db)
    before = db.read_bytes()
    result = run(launcher, db, *args)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert db.read_bytes() == before


def test_a_read_on_a_missing_database_creates_no_file(tmp_path: Path) -> None:
    db = tmp_path / "prov.db"
    result = run(LAUNCHERS[0], db, "list", "people")
    assert result.returncode == 1 and result.stderr.startswith("Error: ")
    assert list(tmp_path.iterdir()) == []


_PROBE = """
import json, sys
from provenance.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
else:
    code = 0
heavy = sorted({name.partition(".")[0] for name in sys.modules} & set(json.loads(sys.stdin.read())))
sys.stderr.write("\\nPROBE " + json.dumps({"code": code, "heavy": heavy}) + "\\n")
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["add-quote", "--help"],
        ["show", "--help"],
        ["db", "--help"],
        [],
        ["add-person"],
        ["add-quote", "--no-such-option"],
        ["list", "people", "--format", "yaml"],
        ["list", "widgets"],
        ["show", "widget", "x"],
        ["no-such-command"],
    ],
    ids=lambda args: " ".join(args) or "(no arguments)",
)
def test_help_and_argument_errors_load_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        input=json.dumps(HEAVY),
        env=_env(tmp_path / "prov.db"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    probe = json.loads(result.stderr.rpartition("PROBE ")[2])
    assert probe["heavy"] == [], probe
    assert "Traceback" not in result.stderr
    assert probe["code"] in (0, 1, 2)
    assert list(tmp_path.iterdir()) == []


def test_the_probe_would_see_a_heavy_import(tmp_path: Path) -> None:
    """The check above can fail: a command that really opens a database loads SQLAlchemy."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, "init", "--db", str(tmp_path / "prov.db")],
        input=json.dumps(HEAVY),
        env=_env(tmp_path / "prov.db"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    probe = json.loads(result.stderr.rpartition("PROBE ")[2])
    assert probe["code"] in (0, None)
    assert "sqlalchemy" in probe["heavy"] and "alembic" in probe["heavy"]


def test_quotebank_lines_piped_into_import(tmp_path: Path) -> None:
    """Standard input is read twice (checked, then imported) through a temporary copy."""
    db = tmp_path / "prov.db"
    lines = [
        {
            "quotation": f"Words {n}.",
            "speaker": "Ann Example",
            "date": "2020-01-16",
            "urls": [f"https://a.example/{n}"],
        }
        for n in range(3)
    ]
    text = "".join(json.dumps(line) + "\n" for line in lines)
    for created in (1 + 3 + 3 + 3, 0):  # one person; three articles, statements, quotations
        result = subprocess.run(
            [*LAUNCHERS[0], "import", "-", "--format", "json"],
            env=_env(db),
            cwd=tmp_path,
            input=text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["created"] == created
    bad = subprocess.run(
        [*LAUNCHERS[0], "import", "-", "--db", str(tmp_path / "other.db")],
        env=_env(db),
        cwd=tmp_path,
        input=text + '{"quotation": "x"}\n',
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert bad.returncode == 1 and bad.stderr.startswith("Error: line 4: ")
    assert not (tmp_path / "other.db").exists()
