"""prov fetch: snapshots, bodies once per hash, changed and gone, offline, --all, the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from typer.testing import Result

from httpserver import QUOTE, LocalServer, Page, dead_url, page, server_fixture  # noqa: F401  (the server fixture)
from provenance.api.articles import add_article
from provenance.api.fetch import run_fetch
from provenance.api.sources import add_archive, add_source
from provenance.db import Database
from provenance.errors import InvalidURL, NotFound
from provenance.models import Body, Snapshot
from provenance.net.client import NetSettings

FAST = NetSettings(connect_timeout=0.5, read_timeout=0.5, max_retries=0, min_interval=0.0, max_body=100_000)


@pytest.fixture
def fast(server: LocalServer) -> NetSettings:
    """Short limits, and the Wayback services on the local server: no test reaches the internet."""
    return replace(FAST, wayback_url=server.base, wayback_api_url=server.base)


def _fast_env(monkeypatch: pytest.MonkeyPatch, server: LocalServer) -> None:
    for key, value in {
        "PROV_CONNECT_TIMEOUT": "0.5", "PROV_READ_TIMEOUT": "0.5", "PROV_MAX_RETRIES": "0",
        "PROV_MIN_INTERVAL": "0", "PROV_MAX_BODY": "100000",
        "PROV_WAYBACK_URL": server.base, "PROV_WAYBACK_API_URL": server.base,
    }.items():  # fmt: skip
        monkeypatch.setenv(key, value)


def _source(database: Database, url: str) -> None:
    with database.session() as session:
        add_source(session, url)


def test_fetch_stores_snapshot_and_body_once(
    database: Database, server: LocalServer, fast: NetSettings
) -> None:
    url = server.url("/quote")
    _source(database, url)
    first = run_fetch(database, url, settings=fast)["results"][0]
    second = run_fetch(database, url, settings=fast)["results"][0]
    assert (first["state"], second["state"]) == ("new", "unchanged")
    assert first["status_code"] == 200 and first["sha256"] == second["sha256"]
    assert first["title"] == "Post" and first["author"] == "Jane Doe" and first["published"] == "2025-11-24"
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Snapshot)) == 2
        bodies = list(session.scalars(select(Body)))
        assert len(bodies) == 1 and bodies[0].text is not None and QUOTE in bodies[0].text


def test_changed_then_gone(database: Database, server: LocalServer, fast: NetSettings) -> None:
    url = server.url("/quote")
    _source(database, url)
    run_fetch(database, url, settings=fast)
    server.pages["/quote"] = Page(page("Post", "Edited after the fact."))
    assert run_fetch(database, url, settings=fast)["results"][0]["state"] == "changed"
    server.pages["/quote"] = Page(b"deleted", status=410)
    gone = run_fetch(database, url, settings=fast)["results"][0]
    assert gone["state"] == "gone" and gone["status_code"] == 410 and gone["sha256"] is None


def test_offline_makes_no_request(database: Database, server: LocalServer, fast: NetSettings) -> None:
    url = server.url("/quote")
    _source(database, url)
    assert run_fetch(database, url, offline=True, settings=fast)["results"][0]["state"] == "not fetched"
    run_fetch(database, url, settings=fast)
    hits = server.count()
    stored = run_fetch(database, url, offline=True, settings=fast)
    assert server.count() == hits
    assert stored["offline"] and stored["results"][0]["state"] == "new"


def test_all_records_every_failure_and_goes_on(
    database: Database, server: LocalServer, fast: NetSettings
) -> None:
    urls = [server.url(p) for p in ("/quote", "/slow", "/big", "/status/404", "/to-file", "/loop/a")]
    for url in [*urls, dead_url()]:
        _source(database, url)
    with database.session() as session:
        add_article(session, server.url("/delay/10"))
        source, _ = add_source(session, server.url("/quote"))
        add_archive(session, source, "https://web.archive.org/web/20251124173400/https://x.com/a/status/1")
    seen: list[tuple[int, int]] = []
    report = run_fetch(database, every=True, settings=fast, progress=lambda d, t: seen.append((d, t)))
    states = {r["url"]: (r["state"], r["error"]) for r in report["results"]}
    assert len(states) == 9 and seen[-1] == (9, 9)
    assert states[server.url("/quote")][0] == "new"
    assert states[server.url("/slow")] == ("failed", "read timeout")
    assert "limit" in (states[server.url("/big")][1] or "")
    assert states[server.url("/status/404")][0] == "gone"
    assert "refused redirect" in (states[server.url("/to-file")][1] or "")
    assert "redirect loop" in (states[server.url("/loop/a")][1] or "")
    archive = "https://web.archive.org/web/20251124173400/https://x.com/a/status/1"
    assert states[archive][0] == "new"
    # The copy's original bytes: the id_ form, on the (local) Wayback base URL.
    assert server.count("/web/20251124173400id_/https://x.com/a/status/1") == 1
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Snapshot)) == 9


def test_unknown_and_invalid_urls(database: Database, fast: NetSettings) -> None:
    with pytest.raises(NotFound):
        run_fetch(database, "https://example.org/never-recorded", settings=fast)
    with pytest.raises(InvalidURL):
        run_fetch(database, "file:///etc/passwd", settings=fast)


def test_cli_fetch_table_and_json(
    cli: Callable[..., Result], server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fast_env(monkeypatch, server)
    url = server.url("/quote")
    assert cli("add-article", url).exit_code == 0
    table = cli("fetch", url)
    assert table.exit_code == 0, table.output
    assert "new" in table.stdout and "Fetched: 1 new" in table.stdout
    result = cli("fetch", "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["results"][0]["state"] == "unchanged" and data["results"][0]["kind"] == "article"
    hits = server.count()
    offline = cli("fetch", "--all", "--offline", "--format", "json")
    assert offline.exit_code == 0 and server.count() == hits
    assert json.loads(offline.stdout)["offline"] is True


def test_cli_fetch_errors_are_one_line(cli: Callable[..., Result], server: LocalServer) -> None:
    assert cli("add-article", server.url("/quote")).exit_code == 0
    unknown = cli("fetch", "https://example.org/unknown")
    assert unknown.exit_code == 1 and "no source, article or archive copy" in unknown.stderr
    bad = cli("fetch", "javascript:alert(1)")
    assert bad.exit_code == 1 and "not an http(s) URL" in bad.stderr
    neither = cli("fetch")
    assert neither.exit_code == 1 and "--all" in neither.stderr
