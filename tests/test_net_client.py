"""The polite client: timeouts, retries, redirects, size limit, pacing, concurrency, schemes."""

from __future__ import annotations

import time

import httpx
import pytest

from httpserver import LocalServer, dead_url, server_fixture  # noqa: F401  (the server fixture)
from provenance.errors import InvalidInput
from provenance.net.client import Client, NetSettings

FAST = NetSettings(
    connect_timeout=0.5, read_timeout=0.5, max_retries=2, backoff=0.05, max_wait=2.0, min_interval=0.0,
    concurrency=8, max_body=100_000, max_redirects=5,
)  # fmt: skip


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROV_READ_TIMEOUT", "2.5")
    monkeypatch.setenv("PROV_MAX_RETRIES", "999")
    monkeypatch.setenv("PROV_WAYBACK_URL", "http://127.0.0.1:1/")
    settings = NetSettings.from_env()
    assert settings.read_timeout == 2.5
    assert settings.max_retries == 10  # bounded whatever the environment says
    assert settings.wayback_url == "http://127.0.0.1:1"
    assert settings.credentials is None
    assert "secret" not in repr(NetSettings(ia_access_key="k", ia_secret_key="secret"))
    monkeypatch.setenv("PROV_CONCURRENCY", "many")
    with pytest.raises(InvalidInput, match="PROV_CONCURRENCY"):
        NetSettings.from_env()


def test_page_and_user_agent(server: LocalServer) -> None:
    with Client(FAST) as client:
        result = client.get(server.url("/quote"))
    assert result.ok and result.status_code == 200
    assert b"afford to go backwards" in (result.body or b"")
    assert server.headers_seen[-1]["user-agent"].startswith("prov/")


def test_read_timeout(server: LocalServer) -> None:
    started = time.monotonic()
    with Client(FAST) as client:
        result = client.get(server.url("/slow"))
    assert result.error == "read timeout" and result.body is None
    assert time.monotonic() - started < 2.5


def test_dead_host() -> None:
    with Client(FAST) as client:
        result = client.get(dead_url())
    assert result.status_code is None
    assert result.error is not None and "ConnectError" in result.error


def test_redirect_loop_is_caught(server: LocalServer) -> None:
    with Client(FAST) as client:
        result = client.get(server.url("/loop/a"))
    assert result.error is not None and "redirect loop" in result.error
    assert server.count("/loop/") == 2


def test_redirect_to_file_is_refused(server: LocalServer) -> None:
    with Client(FAST) as client:
        result = client.get(server.url("/to-file"))
    assert result.error is not None and "refused redirect" in result.error and result.body is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/plain,hi", "javascript:alert(1)"])
def test_non_http_urls_are_never_requested(url: str) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    transport = httpx.MockTransport(answer)
    with Client(FAST, transport=transport) as client:
        result = client.get(url)
    assert result.error is not None and result.error.startswith("refused")
    assert sent == [] and client.requests_sent == 0


def test_429_retry_after_then_success(server: LocalServer) -> None:
    started = time.monotonic()
    with Client(FAST) as client:
        result = client.get(server.url("/retry/one"))
    assert result.ok and result.attempts == 2
    assert time.monotonic() - started >= 0.9  # Retry-After: 1 was honoured


def test_retry_after_is_capped_and_retries_bounded() -> None:
    calls: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(time.monotonic())
        return httpx.Response(503, headers={"Retry-After": "3600"})

    settings = NetSettings(max_retries=2, max_wait=0.1, min_interval=0.0)
    with Client(settings, transport=httpx.MockTransport(answer)) as client:
        result = client.get("https://example.org/down")
    assert result.status_code == 503 and result.error == "HTTP 503"
    assert len(calls) == 3 and calls[-1] - calls[0] < 1.0


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_oversized_body_is_refused(server: LocalServer, path: str) -> None:
    with Client(FAST) as client:
        result = client.get(server.url(path))
    assert result.body is None
    assert result.error is not None and "100,000-byte limit" in result.error


def test_404_and_410_are_results(server: LocalServer) -> None:
    with Client(FAST) as client:
        gone = [client.get(server.url(f"/status/{code}")) for code in (404, 410)]
    assert [(r.status_code, r.error) for r in gone] == [(404, "HTTP 404"), (410, "HTTP 410")]


def test_per_host_rate_limit(server: LocalServer) -> None:
    settings = NetSettings(min_interval=0.2, concurrency=4, read_timeout=2)
    with Client(settings) as client:
        results = list(client.get_many([server.url("/quote")] * 4))
    assert all(r.ok for r in results)
    times = sorted(server.times("/quote"))
    assert times[-1] - times[0] >= 0.55  # three gaps of 0.2 s, loosely


def test_concurrency_is_real(server: LocalServer) -> None:
    settings = NetSettings(min_interval=0.0, concurrency=20, read_timeout=2)
    urls = [server.url(f"/delay/100?n={i}") for i in range(20)]
    started = time.monotonic()
    with Client(settings) as client:
        results = list(client.get_many(urls))
    elapsed = time.monotonic() - started
    assert len(results) == 20 and all(r.ok for r in results)
    # Requests overlap: several reach the server before the first could have been answered
    # (each takes 100 ms). One after another, only one would; the wall time is a looser check.
    arrivals = sorted(server.times("/delay/100"))
    assert sum(1 for t in arrivals if t < arrivals[0] + 0.1) >= 5
    assert elapsed < 2.0


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("PROV_READ_TIMEOUT", "-1"),
        ("PROV_CONNECT_TIMEOUT", "0"),
        ("PROV_MAX_BODY", "0"),
        ("PROV_MAX_RETRIES", "-2"),
    ],
)
def test_settings_out_of_range_are_refused(key: str, value: str) -> None:
    with pytest.raises(InvalidInput, match="out of range"):
        NetSettings.from_env({key: value})
