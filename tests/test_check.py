"""``prov check``: the seed's problems, each code on a small record, exit codes and formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.api import people, quotes
from provenance.api.check import check
from provenance.db import Database, open_database
from provenance.ids import stable_id
from provenance.models import Anchor, ArchiveCopy, Body, Quotation, Snapshot, Source, Statement
from walkthrough import copy_database

ARTICLE = "https://example.org/2025/11/26/genesis"
WSJ = "https://www.wsj.com/economy/ai-growth"
POST = "https://x.com/DavidSacks/status/1"


def copy_of(walked: tuple[Path, str], tmp_path: Path) -> Path:
    """The shared worked-example database, copied with SQLite's backup API (it holds a WAL)."""
    return copy_database(walked[0], tmp_path / "seed-copy.db")


def report_of(path: Path) -> dict[str, Any]:
    database = open_database(path, write=False)
    try:
        with database.session() as session:
            return check(session)
    finally:
        database.close()


def of_code(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [p for p in report["problems"] if p["code"] == code]


def codes(session: Session) -> list[str]:
    return [p["code"] for p in check(session)["problems"]]


# --- the worked example -------------------------------------------------------------------------


@pytest.fixture
def seed(walked: tuple[Path, str], tmp_path: Path) -> Path:
    return copy_of(walked, tmp_path)


def test_the_seed_names_as_written_are_flagged_with_the_closest_names(seed: Path) -> None:
    report = report_of(seed)
    found = {p["message"].split("'")[1]: p for p in of_code(report, "name-mismatch")}
    # "David O. Sacks", "WSJ", "la Maison Blanche" are names (or aliases) of their speakers.
    assert set(found) == {"Gary Sacks", "Gary Markus"}
    sacks, markus = found["Gary Sacks"], found["Gary Markus"]
    assert "David Sacks" in sacks["message"] and "David Sacks" in sacks["suggestion"]
    assert markus["closest"]["person"] == "Gary Marcus" and "Gary Marcus" in markus["suggestion"]
    assert markus["closest"]["person_id"] == markus["ids"]["person_id"]
    assert set(sacks["ids"]) == {"quotation_id", "statement_id", "article_id", "person_id"}


def test_the_seed_unattributed_commentary_and_translations(seed: Path) -> None:
    report = report_of(seed)
    unattributed = of_code(report, "unattributed")
    assert len(unattributed) == 1 and "person_id" not in unattributed[0]["ids"]
    database = open_database(seed, write=False)
    with database.session() as session:
        s7 = session.scalars(select(Statement).where(Statement.speaker_id.is_(None))).one()
        french = set(
            session.scalars(
                select(Quotation.id).where(Quotation.quoted_lang == "fr", Quotation.relation == "translation")
            )
        )
    database.close()
    assert unattributed[0]["ids"]["statement_id"] == s7.id
    flagged = {p["ids"]["quotation_id"] for p in of_code(report, "translation-without-original")}
    assert flagged == french and len(french) >= 6  # S1-S6 at least: no English original recorded


def test_the_seed_archives_and_quotes_of_quotes(seed: Path) -> None:
    report = report_of(seed)
    no_archive = of_code(report, "no-archive")
    assert [p["message"] for p in no_archive] == [
        "no archive copy of https://www.whitehouse.gov/presidential-actions/2025/11/launching-the-genesis-mission/"
    ]
    weak = of_code(report, "weak-archive")
    assert len(weak) == 1 and "wsj.com" in weak[0]["message"] and weak[0]["severity"] == "note"
    # S4 and S5 were recorded with --via: not flagged.
    assert of_code(report, "quote-of-quote-without-via") == []
    assert of_code(report, "said-after-article") == []
    assert report["summary"]["name-mismatch"] == 2 and report["total"] == len(report["problems"])


def test_the_seed_without_via_would_be_flagged(seed: Path) -> None:
    database = open_database(seed, write=True)
    with database.session() as session:
        for quotation in session.scalars(select(Quotation).where(Quotation.via_source_id.is_not(None))):
            quotation.via_source_id = None
    with database.session() as session:
        report = check(session)
    database.close()
    flagged = of_code(report, "quote-of-quote-without-via")
    assert sorted(p["message"].split("'")[0] for p in flagged) == ["Berezin", "Millar"]
    assert all("The Wall Street Journal" in p["message"] for p in flagged)


def test_cli_on_the_seed(seed: Path, cli: Callable[..., Result]) -> None:
    table = cli("check", "--db", str(seed))
    # The table is folded to the terminal's width: the heading line is the one whole line.
    assert table.exit_code == 0 and "problems: name-mismatch 2," in table.stdout
    strict = cli("check", "--strict", "--db", str(seed), "--format", "json")
    assert strict.exit_code == 1
    data = json.loads(strict.stdout)
    assert data == report_of(seed)
    rows = cli("check", "--db", str(seed), "--format", "csv").stdout.splitlines()
    assert rows[0] == "severity,code,message,suggestion,ids" and len(rows) == 1 + data["total"]


# --- each code on a small record ----------------------------------------------------------------


def quote(session: Session, **given: Any) -> quotes.QuoteResult:
    values: dict[str, Any] = {"article_url": ARTICLE, "quoted_text": "words", "article_date": "2025-11-26"}
    values.update(given)
    return quotes.add_quote(session, **values)


def test_an_empty_database_has_no_problems(database: Database, cli: Callable[..., Result]) -> None:
    with database.session() as session:
        assert check(session) == {"problems": [], "summary": {}, "total": 0}
    result = cli("check", "--strict")
    assert result.exit_code == 0 and "No problems found." in result.stdout


def test_a_missing_database_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    result = cli("check", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "no database" in result.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(
    ("said", "flagged"),
    [("2025-11-27", True), ("2025-11-26T23:00Z", False), ("novembre 2025", False), ("2025-12", True)],
)
def test_said_after_article_respects_precision(session: Session, said: str, flagged: bool) -> None:
    quote(session, person="Someone", said_at=said, text="words", lang="en")
    assert ("said-after-article" in codes(session)) is flagged


def test_a_name_is_matched_by_key_alias_or_leading_article(session: Session) -> None:
    people.add_person(session, "White House", kind="organisation", aliases=["Maison Blanche"])
    quote(session, person="White House", attributed_as="la Maison Blanche", text="a", lang="en")
    quote(session, person="White House", attributed_as="WHITE  house", text="b", lang="en")
    quote(session, person="White House", attributed_as="The White House", text="c", lang="en")
    assert "name-mismatch" not in codes(session)
    quote(session, person="White House", attributed_as="Elysée", text="d", lang="en")
    assert codes(session).count("name-mismatch") == 1


def test_unattributed_and_translation_without_original(session: Session) -> None:
    quote(session, unattributed=True, quoted_text="des mots", quoted_lang="fr", lang="en")
    found = codes(session)
    assert "unattributed" in found and "translation-without-original" in found
    quote(session, person="Someone", text="words", quoted_text="des mots", lang="en", quoted_lang="fr")
    assert codes(session).count("translation-without-original") == 1


def test_quote_of_quote_by_an_organisation_sharing_the_source(session: Session) -> None:
    people.add_person(session, "The Wall Street Journal", kind="organisation")
    quote(session, person="The Wall Street Journal", text="a", lang="en", source_url=WSJ)
    quote(session, person="Millar", text="b", lang="en", source_url=WSJ)
    quote(session, person="Berezin", text="c", lang="en", source_url=WSJ, via=WSJ)
    flagged = [p for p in check(session)["problems"] if p["code"] == "quote-of-quote-without-via"]
    assert len(flagged) == 1 and flagged[0]["message"].startswith("Millar's words")
    assert flagged[0]["ids"]["source_id"] == stable_id("source", WSJ)


def test_quote_of_quote_by_a_source_published_by_someone_else(session: Session) -> None:
    quote(session, person="Millar", text="b", lang="en", source_url=WSJ)
    assert "quote-of-quote-without-via" not in codes(session)
    session.scalars(select(Source)).one().publisher = "Dow Jones"
    assert "quote-of-quote-without-via" in codes(session)
    session.scalars(select(Source)).one().publisher = "millar"  # the speaker's own document
    assert "quote-of-quote-without-via" not in codes(session)


def _archive(session: Session, url: str, service: str, status: str | None = None) -> None:
    session.add(
        ArchiveCopy(
            id=stable_id("archive", url),
            source_id=stable_id("source", WSJ),
            url=url,
            service=service,
            status=status,
        )
    )
    session.flush()


def test_archives_none_weak_and_unusable(session: Session) -> None:
    quote(session, person="Someone", text="a", lang="en", source_url=WSJ)
    assert "no-archive" in codes(session)
    _archive(session, "https://archive.ph/abcde", "archive.today")
    assert "weak-archive" in codes(session) and "no-archive" not in codes(session)
    _archive(session, "https://web.archive.org/web/2025/" + WSJ, "wayback", status="missing")
    assert "weak-archive" in codes(session)  # a copy the archive does not hold is no copy
    _archive(session, "https://web.archive.org/web/20251124/" + WSJ, "wayback")
    assert not {"weak-archive", "no-archive"} & set(codes(session))


def _fetch(session: Session, url: str, day: int, status: int, body: bytes | None) -> None:
    digest = None
    if body is not None:
        import hashlib

        digest = hashlib.sha256(body).hexdigest()
        if session.get(Body, digest) is None:
            session.add(Body(sha256=digest, size=len(body), content=body, text=body.decode()))
    session.add(
        Snapshot(
            id=stable_id("snapshot", url, str(day)),
            url=url,
            status_code=status,
            fetched_at=datetime(2025, 11, day, tzinfo=UTC),
            body_sha256=digest,
        )
    )
    session.flush()


def test_changed_and_gone(session: Session) -> None:
    quote(session, person="Someone", text="a", lang="en", source_url=WSJ)
    _fetch(session, WSJ, 1, 200, b"first")
    _fetch(session, WSJ, 2, 503, None)
    _fetch(session, WSJ, 3, 200, b"first")
    assert not {"changed", "gone"} & set(codes(session))
    _fetch(session, WSJ, 4, 200, b"second")
    _fetch(session, ARTICLE, 4, 410, None)
    problems = {p["code"]: p for p in check(session)["problems"] if p["code"] in ("changed", "gone")}
    assert problems["changed"]["ids"] == {"source_id": stable_id("source", WSJ)}
    assert "2025-11-04" in problems["changed"]["message"]
    gone = problems["gone"]
    assert gone["severity"] == "error" and "410" in gone["message"]
    assert set(gone["ids"]) == {"article_id"}
    _fetch(session, WSJ, 5, 404, None)
    assert codes(session).count("gone") == 2


def test_gone_with_an_archive_copy_is_only_a_warning(session: Session) -> None:
    quote(session, person="Someone", text="a", lang="en", source_url=WSJ)
    _archive(session, "https://web.archive.org/web/20251124/" + WSJ, "wayback")
    _fetch(session, WSJ, 5, 404, None)
    gone = [p for p in check(session)["problems"] if p["code"] == "gone"]
    assert [p["severity"] for p in gone] == ["warning"]


def test_anchor_problems_by_side(session: Session) -> None:
    result = quote(session, person="Someone", text="a", lang="en", source_url=WSJ)
    statuses = [("source", "missing"), ("article", "fuzzy")]
    for side, status in statuses:
        session.add(
            Anchor(
                id=stable_id("anchor", result.quotation_id, side),
                quotation_id=result.quotation_id,
                side=side,
                status=status,
                score=87.5 if status == "fuzzy" else None,
                url=WSJ if side == "source" else ARTICLE,
                checked_at=datetime(2025, 11, 27, tzinfo=UTC),
            )
        )
    session.flush()
    problems = {p["code"]: p for p in check(session)["problems"] if p["code"].startswith("quote-")}
    assert set(problems) == {"quote-missing", "quote-fuzzy"}
    assert problems["quote-missing"]["severity"] == "error" and problems["quote-missing"]["side"] == "source"
    assert problems["quote-missing"]["ids"]["source_id"] == stable_id("source", WSJ)
    assert problems["quote-fuzzy"]["side"] == "article" and "score 88" in problems["quote-fuzzy"]["message"]
    assert "source_id" not in problems["quote-fuzzy"]["ids"]
    anchor = session.scalars(select(Anchor).where(Anchor.side == "article")).one()
    anchor.status = "ambiguous"
    session.flush()
    assert "quote-ambiguous" in codes(session) and "quote-fuzzy" not in codes(session)
    anchor.status = "found"
    session.flush()
    assert codes(session).count("quote-missing") == 1 and "quote-ambiguous" not in codes(session)


def test_errors_come_first_and_strict_exits_1(database: Database, cli: Callable[..., Result]) -> None:
    with database.session() as session:
        quote(session, unattributed=True, quoted_text="mots", said_at="2025-12-01")
    with database.session() as session:
        report = check(session)
    assert report["problems"][0]["severity"] == "error"
    assert report["summary"] == {"said-after-article": 1, "unattributed": 1}
    assert cli("check").exit_code == 0
    strict = cli("check", "--strict")
    assert strict.exit_code == 1 and "said-after-article" in strict.stdout
    assert json.loads(cli("check", "-f", "json").stdout) == report
