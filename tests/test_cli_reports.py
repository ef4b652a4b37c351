"""``prov contradictions`` and ``prov timeline`` through the command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from provenance.api.claims import add_claim
from provenance.api.people import add_affiliation, add_person
from provenance.api.quotes import add_quote
from provenance.db import Database
from provenance.schemas import first_error

Cli = Callable[..., Result]
ARTICLE = "https://example.org/genseric/2025/11/26/sacks-bailout"
BAILOUT = "federal-ai-bailout"
S1_URL = "https://x.com/DavidSacks/status/1986500000000000001"
S1_ARCHIVE = "https://web.archive.org/web/20251106170300/https://x.com/DavidSacks/status/1986500000000000001"
S2_URL = "https://x.com/DavidSacks/status/1993300000000000002"


@pytest.fixture
def seeded(database: Database) -> Database:
    """The seed article's two Sacks posts, committed before the CLI opens the file."""
    with database.session() as session:
        add_person(session, "David Sacks", aliases=["@DavidSacks"])
        add_person(session, "Gary Marcus")
        add_person(session, "White House", kind="organisation")
        add_affiliation(session, "David Sacks", "White House", role="AI and crypto czar", start="2024-12")
        add_claim(session, BAILOUT, "The US federal government should rescue AI companies that fail")
        common: dict[str, Any] = {
            "article_url": ARTICLE,
            "article_date": "2025-11-26",
            "lang": "en",
            "quoted_lang": "fr",
        }
        add_quote(
            session,
            **common,
            person="@DavidSacks",
            quoted_text="Il n'y aura pas de renflouement fédéral pour l'IA.",
            said_at="2025-11-06T16:52Z",
            source_url=S1_URL,
            archive_urls=[S1_ARCHIVE],
            attributed_as="David Sacks",
            claims=[(BAILOUT, "opposes")],
            reader="researcher",
        )
        add_quote(
            session,
            **common,
            person="David Sacks",
            quoted_text="Nous ne pouvons pas nous permettre de faire marche arrière.",
            said_at="2025-11-24T17:34Z",
            source_url=S2_URL,
            attributed_as="Gary Sacks",
            claims=[(BAILOUT, "supports")],
            reader="Hannibal Genséric",
            basis="interpreted",
        )
        add_quote(
            session,
            **common,
            person="White House",
            quoted_text="Pas de renflouement.",
            said_at="2025-11-10",
            source_url="https://www.whitehouse.gov/briefings/2025/11/10/ai",
            claims=[(BAILOUT, "neutral")],
            reader="researcher",
        )
    return database


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide terminal, so table cells are not folded mid-word."""
    monkeypatch.setenv("COLUMNS", "1000")


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr + result.stdout
    return result.stdout


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_contradictions_json_is_the_seed_pair(seeded: Database, cli: Cli) -> None:
    doc = json.loads(ok(cli("contradictions", "--person", "David Sacks", "--format", "json")))
    assert first_error("contradictions", doc) is None
    [item] = doc["contradictions"]
    assert (item["kind"], item["days_apart"], item["unordered"]) == ("full", 18, False)
    assert item["earlier"]["said_at"] == "2025-11-06T16:52:00Z"
    assert item["earlier"]["source"]["url"] == S1_URL
    assert item["earlier"]["archive_urls"] == [S1_ARCHIVE]
    assert item["later"]["quoted_in"][0]["attributed_as"] == "Gary Sacks"


def test_contradictions_options_reach_the_report(seeded: Database, cli: Cli) -> None:
    out = ok(
        cli(
            "contradictions",
            "--person",
            "@davidsacks",
            "--claim",
            BAILOUT,
            "--since",
            "2025-11",
            "--until",
            "2025-11-30",
            "--include-affiliated",
            "--shifts",
            "-f",
            "json",
        )
    )
    doc = json.loads(out)
    assert first_error("contradictions", doc) is None
    assert doc["filters"]["claim"] == BAILOUT
    assert doc["filters"]["until"] == {"at": "2025-11-30T00:00:00Z", "precision": "day"}
    assert doc["filters"]["include_affiliated"] is True
    # The White House's neutral line of 10 November makes two half shifts beside the full pair.
    assert [(i["kind"], i["earlier"]["said"], i["later"]["said"]) for i in doc["contradictions"]] == [
        ("half", "2025-11-06 16:52 UTC", "2025-11-10"),
        ("full", "2025-11-06 16:52 UTC", "2025-11-24 17:34 UTC"),
        ("half", "2025-11-10", "2025-11-24 17:34 UTC"),
    ]
    assert doc["contradictions"][0]["later"]["via_affiliation"]["role"] == "AI and crypto czar"


def test_contradictions_table_shows_dates_gap_sources_and_names_as_written(
    seeded: Database, cli: Cli, wide: None
) -> None:
    out = ok(cli("contradictions", "--person", "David Sacks"))
    for expected in (
        "Contradictions: David Sacks",
        BAILOUT,
        "full",
        "2025-11-06 16:52 UTC",
        "2025-11-24 17:34 UTC",
        "opposes",
        "supports (interpreted)",
        "18 days",
        S1_URL,
        f"archive: {S1_ARCHIVE}",
        S2_URL,
        f"{ARTICLE} as “Gary Sacks”",
        "renflouement fédéral",
    ):
        assert expected in out, expected
    assert "unordered" not in out


def test_contradictions_csv_has_one_row_a_pair(seeded: Database, cli: Cli) -> None:
    rows = list(csv.reader(io.StringIO(ok(cli("contradictions", "--person", "David Sacks", "-f", "csv")))))
    assert rows[0] == ["claim", "kind", "earlier", "later", "gap", "sources", "quoted in"]
    assert len(rows) == 2
    assert rows[1][:2] == [BAILOUT, "full"]
    assert rows[1][4] == "18 days"


def test_no_contradictions_says_so(seeded: Database, cli: Cli, wide: None) -> None:
    out = ok(cli("contradictions", "--person", "Gary Marcus"))
    assert out.strip() == "No contradictions found for Gary Marcus."
    doc = json.loads(ok(cli("contradictions", "--person", "Gary Marcus", "--format", "json")))
    assert doc["contradictions"] == []
    assert first_error("contradictions", doc) is None


def test_timeline_json_and_table(seeded: Database, cli: Cli, wide: None) -> None:
    doc = json.loads(ok(cli("timeline", "--person", "David Sacks", "--format", "json")))
    assert [s["said_at"] for s in doc["statements"]] == ["2025-11-06T16:52:00Z", "2025-11-24T17:34:00Z"]
    assert doc["statements"][1]["stances"][0]["basis"] == "interpreted"
    out = ok(cli("timeline", "--person", "David Sacks", "--claim", BAILOUT))
    for expected in (
        "Timeline: David Sacks on federal-ai-bailout",
        "2025-11-06 16:52 UTC",
        "minute",
        f"{BAILOUT}: opposes by researcher",
        f"{BAILOUT}: supports (interpreted) by Hannibal Genséric",
        "faire marche arrière",
        S2_URL,
    ):
        assert expected in out, expected
    assert ok(cli("timeline", "--person", "Gary Marcus")).strip() == "No statements recorded for Gary Marcus."


@pytest.mark.parametrize("command", ["contradictions", "timeline"])
def test_unknown_person_is_one_error_line(seeded: Database, cli: Cli, command: str) -> None:
    line = one_error_line(cli(command, "--person", "Nobody Atall"))
    assert "unknown person 'Nobody Atall'" in line


@pytest.mark.parametrize("command", ["contradictions", "timeline"])
def test_unknown_claim_is_one_error_line(seeded: Database, cli: Cli, command: str) -> None:
    line = one_error_line(cli(command, "--person", "David Sacks", "--claim", "no-such-claim"))
    assert "unknown claim 'no-such-claim'" in line


def test_bad_dates_are_one_error_line(seeded: Database, cli: Cli) -> None:
    assert "impossible date" in one_error_line(
        cli("contradictions", "--person", "David Sacks", "--since", "2025-02-30")
    )
    line = one_error_line(
        cli("contradictions", "--person", "David Sacks", "--since", "2025-12", "--until", "2025-11")
    )
    assert "after --until" in line


@pytest.mark.parametrize("command", ["contradictions", "timeline"])
def test_missing_database_is_refused_and_not_created(cli: Cli, db_path: Path, command: str) -> None:
    line = one_error_line(cli(command, "--person", "David Sacks"))
    assert "no database" in line
    assert not db_path.exists()


def test_missing_person_option_is_a_usage_error(cli: Cli) -> None:
    result = cli("contradictions")
    assert result.exit_code == 2
    assert "--person" in result.stderr


def test_table_marks_unordered_and_undated_pairs(seeded: Database, cli: Cli, wide: None) -> None:
    with seeded.session() as session:
        for said_at, stance in (("2025-11-06", "supports"), ("2025-11-06", "opposes"), (None, "supports")):
            add_quote(
                session,
                article_url=ARTICLE,
                person="Gary Marcus",
                text=f"Marcus {stance} on {said_at}",
                said_at=said_at,
                claims=[(BAILOUT, stance)],
            )
    out = ok(cli("contradictions", "--person", "Gary Marcus", "--claim", BAILOUT))
    assert "0 days (unordered)" in out
    assert "undated (unordered)" in out
    assert "no source recorded" in out
    assert "“Marcus supports on None”" in out
