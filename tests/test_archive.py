"""prov archive: Wayback availability and CDX lookups, Save Page Now 2, offline, the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from typer.testing import Result

from httpserver import LocalServer, dead_url, server_fixture  # noqa: F401  (the server fixture)
from provenance.api.archive import run_archive
from provenance.api.articles import add_article
from provenance.api.sources import add_source
from provenance.db import Database
from provenance.errors import InvalidInput, NetworkError, NotFound
from provenance.models import ArchiveCopy
from provenance.net.client import NetSettings

SRC = "https://x.com/DavidSacks/status/0000000000000000002"
ART = "https://example.org/2025/11/usa-decret.html"


@pytest.fixture
def fast(server: LocalServer) -> NetSettings:
    return NetSettings(
        connect_timeout=0.5, read_timeout=0.5, max_retries=0, min_interval=0.0,
        wayback_url=server.base, wayback_api_url=server.base,
    )  # fmt: skip


@pytest.fixture
def recorded(database: Database) -> Database:
    with database.session() as session:
        add_source(session, SRC, published="2025-11-24T17:34:00Z")
        add_article(session, ART, published="2025-11-26")
    return database


def test_records_captures_closest_first(recorded: Database, server: LocalServer, fast: NetSettings) -> None:
    server.captures[SRC] = ["20251101000000", "20251124173400", "20251220000000"]
    report = run_archive(recorded, SRC, settings=fast)
    row = report["results"][0]
    assert row["status"] == "available" and row["kind"] == "source"
    urls = [c["url"] for c in row["copies"]]
    assert urls[0] == f"https://web.archive.org/web/20251124173400/{SRC}"
    assert len(urls) == 3 and {c["action"] for c in row["copies"]} == {"created"}
    assert server.count("/wayback/available") == 1 and server.count("/cdx/search/cdx") == 1
    asked = next(p for _, p, _ in server.hits if p.startswith("/wayback/available"))
    assert "timestamp=20251124173400" in asked
    with recorded.session() as session:
        copy = session.scalars(select(ArchiveCopy).where(ArchiveCopy.url == urls[0])).one()
        assert copy.captured_at == datetime(2025, 11, 24, 17, 34, tzinfo=UTC)
        assert copy.status == "available" and copy.checked_at is not None and copy.service == "wayback"
    again = run_archive(recorded, SRC, settings=fast)["results"][0]
    assert {c["action"] for c in again["copies"]} == {"found"}


def test_missing_is_reported_not_stored(recorded: Database, server: LocalServer, fast: NetSettings) -> None:
    row = run_archive(recorded, ART, settings=fast)["results"][0]
    assert row["status"] == "missing" and row["copies"] == [] and row["kind"] == "article"
    with recorded.session() as session:
        assert session.scalars(select(ArchiveCopy)).first() is None


def test_save_page_now(recorded: Database, server: LocalServer, fast: NetSettings) -> None:
    with pytest.raises(InvalidInput, match="PROV_IA_ACCESS_KEY"):
        run_archive(recorded, ART, save=True, settings=fast)
    assert server.count() == 0
    keyed = replace(fast, ia_access_key="key", ia_secret_key="secret")
    import provenance.net.wayback as wayback

    original = wayback.save
    wayback.save = lambda client, url, **kw: original(client, url, poll_every=0.01, max_polls=5)
    try:
        row = run_archive(recorded, ART, save=True, settings=keyed)["results"][0]
    finally:
        wayback.save = original
    assert row["status"] == "available" and "job spn2-1" in row["note"]
    assert row["copies"][0]["url"] == f"https://web.archive.org/web/20251201120000/{ART}"
    assert server.count("/save/status/") == 2  # pending, then success
    posted = [h for h, (m, p, _) in zip(server.headers_seen, server.hits, strict=True) if p == "/save"]
    assert posted[0]["authorization"] == "LOW key:secret"


def test_offline_and_all(recorded: Database, server: LocalServer, fast: NetSettings) -> None:
    server.captures[SRC] = ["20251124173400"]
    report = run_archive(recorded, every=True, settings=fast)
    assert report["counts"] == {"available": 1, "missing": 1}
    hits = server.count()
    stored = run_archive(recorded, every=True, offline=True, settings=fast)
    assert server.count() == hits
    assert [r["status"] for r in stored["results"]] == ["available", "not checked"]


def test_unreachable_archive_writes_nothing(recorded: Database, fast: NetSettings) -> None:
    dead = dead_url().rsplit("/", 1)[0]
    with pytest.raises(NetworkError, match="did not answer"):
        run_archive(recorded, SRC, settings=replace(fast, wayback_url=dead, wayback_api_url=dead))
    every = run_archive(recorded, every=True, settings=replace(fast, wayback_url=dead, wayback_api_url=dead))
    assert every["counts"] == {"error": 2}
    with recorded.session() as session:
        assert session.scalars(select(ArchiveCopy)).first() is None


def test_unknown_and_archive_urls(recorded: Database, fast: NetSettings) -> None:
    with pytest.raises(NotFound):
        run_archive(recorded, "https://example.org/nope", settings=fast)
    with pytest.raises(InvalidInput, match=r"archive\.today copy"):
        run_archive(recorded, f"https://archive.ph/2025.11.24-190000/{SRC}", settings=fast)


def test_cli_archive(
    cli: Callable[..., Result],
    server: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in {"PROV_WAYBACK_URL": server.base, "PROV_WAYBACK_API_URL": server.base,
                       "PROV_MIN_INTERVAL": "0", "PROV_MAX_RETRIES": "0"}.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("PROV_IA_ACCESS_KEY", raising=False)
    assert cli("add-article", ART, "--date", "2025-11-26").exit_code == 0
    server.captures[ART] = ["20251126090000"]
    table = cli("archive", ART)
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith("Archives: 1 available")
    csv = cli("archive", ART, "--format", "csv")
    assert f"https://web.archive.org/web/20251126090000/{ART}" in csv.stdout
    data = json.loads(cli("archive", "--all", "--offline", "--format", "json").stdout)
    assert data["results"][0]["copies"][0]["captured_at"] == "2025-11-26T09:00:00+00:00"
    no_keys = cli("archive", ART, "--save")
    assert no_keys.exit_code == 1 and "credentials" in no_keys.stderr
    monkeypatch.setenv("PROV_WAYBACK_API_URL", dead_url().rsplit("/", 1)[0])
    down = cli("archive", ART)
    assert down.exit_code == 1 and "did not answer" in down.stderr and len(down.stderr.splitlines()) == 1
