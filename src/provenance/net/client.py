"""A polite HTTP client: bounded in time, size, retries, redirects and load on each host.

Every failure of one URL (a dead host, a timeout, a redirect loop, a body over the limit, an
HTTP error) comes back as a ``Fetched`` with its ``error`` set; nothing here raises for one URL,
so a run over many URLs goes on.
"""

from __future__ import annotations

import email.utils
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from provenance import __version__
from provenance.errors import InvalidInput, InvalidURL
from provenance.urls import check_url

T = TypeVar("T")
R = TypeVar("R")

USER_AGENT = f"prov/{__version__} (+https://example.org/prov)"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Hard bounds whatever the environment says: a typo must not make prov hammer a host.
_MAX_RETRIES_CAP = 10
_MAX_CONCURRENCY_CAP = 64


@dataclass(frozen=True)
class NetSettings:
    """How prov behaves on the network; ``from_env`` reads the PROV_* overrides."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_retries: int = 3
    backoff: float = 1.0  # first wait before a retry; doubles each time
    max_wait: float = 60.0  # cap on any one wait, Retry-After included
    min_interval: float = 1.0  # seconds between two requests to one host
    concurrency: int = 8
    max_body: int = 20 * 1024 * 1024
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    wayback_url: str = "https://web.archive.org"
    wayback_api_url: str = "https://archive.org"
    # Save Page Now credentials: read from the environment for each run, never stored.
    ia_access_key: str | None = field(default=None, repr=False)
    ia_secret_key: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_retries", max(0, min(self.max_retries, _MAX_RETRIES_CAP)))
        object.__setattr__(self, "concurrency", max(1, min(self.concurrency, _MAX_CONCURRENCY_CAP)))
        object.__setattr__(self, "max_redirects", max(0, self.max_redirects))
        object.__setattr__(self, "wayback_url", self.wayback_url.rstrip("/"))
        object.__setattr__(self, "wayback_api_url", self.wayback_api_url.rstrip("/"))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> NetSettings:
        source = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, key, kind in _ENV:
            raw = source.get(key)
            if raw is None or not raw.strip():
                continue
            try:
                values[name] = kind(raw.strip())
            except ValueError:
                raise InvalidInput(
                    f"${key} is {raw!r}, not a number", f"set it to a {kind.__name__}"
                ) from None
            if kind is not str and (values[name] < 0 or (values[name] == 0 and name in _POSITIVE)):
                raise InvalidInput(f"${key} is {raw!r}, out of range", "set it to a positive number")
        values.update(overrides)
        return cls(**values)

    @property
    def credentials(self) -> str | None:
        if self.ia_access_key and self.ia_secret_key:
            return f"LOW {self.ia_access_key}:{self.ia_secret_key}"
        return None


# A zero here would make every request fail at once or refuse every body.
_POSITIVE = {"connect_timeout", "read_timeout", "max_body", "concurrency"}
_ENV: tuple[tuple[str, str, Callable[[str], Any]], ...] = (
    ("connect_timeout", "PROV_CONNECT_TIMEOUT", float),
    ("read_timeout", "PROV_READ_TIMEOUT", float),
    ("max_retries", "PROV_MAX_RETRIES", int),
    ("backoff", "PROV_BACKOFF", float),
    ("max_wait", "PROV_MAX_WAIT", float),
    ("min_interval", "PROV_MIN_INTERVAL", float),
    ("concurrency", "PROV_CONCURRENCY", int),
    ("max_body", "PROV_MAX_BODY", int),
    ("max_redirects", "PROV_MAX_REDIRECTS", int),
    ("user_agent", "PROV_USER_AGENT", str),
    ("wayback_url", "PROV_WAYBACK_URL", str),
    ("wayback_api_url", "PROV_WAYBACK_API_URL", str),
    ("ia_access_key", "PROV_IA_ACCESS_KEY", str),
    ("ia_secret_key", "PROV_IA_SECRET_KEY", str),
)


@dataclass(frozen=True)
class Fetched:
    """What one request brought back; ``error`` says why there is no usable body."""

    url: str
    final_url: str | None
    status_code: int | None
    fetched_at: datetime
    content_type: str | None = None
    body: bytes | None = None
    error: str | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300

    def json(self) -> Any:
        import json

        return json.loads(self.body or b"null")


class _TooBig(Exception):
    pass


class _HostPacer:
    """Reserves each host's next free slot under a lock, then sleeps outside it."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        if self.interval <= 0:
            return
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class Client:
    """One client per run: shares connections, the per-host pacing and the settings."""

    def __init__(self, settings: NetSettings | None = None, *, transport: httpx.BaseTransport | None = None):
        self.settings = settings or NetSettings.from_env()
        s = self.settings
        self._pacer = _HostPacer(s.min_interval)
        self._http = httpx.Client(
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            # Redirects are followed here, one hop at a time, so each target is checked.
            follow_redirects=False,
            headers={"User-Agent": s.user_agent},
            limits=httpx.Limits(max_connections=s.concurrency * 2, max_keepalive_connections=s.concurrency),
            transport=transport,
            trust_env=False,
        )
        self.requests_sent = 0
        self._count_lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Fetched:
        return self.request("GET", url, headers=headers)

    def request(
        self,
        method: str,
        url: str,
        *,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched:
        """One logical request: redirects followed (checked and capped), 429/5xx retried."""
        started = datetime.now(UTC)
        try:
            current = check_url(url)
        except InvalidURL as error:
            return Fetched(url, None, None, started, error=f"refused: {error.message}")
        seen: set[str] = set()
        attempts = 0
        for _hop in range(self.settings.max_redirects + 1):
            seen.add(current)
            result, attempts = self._with_retries(method, url, current, data, headers, started, attempts)
            location = result.final_url if result.error == "redirect" else None
            if location is None:
                return result
            try:
                target = check_url(location, "redirect target")
            except InvalidURL as error:
                return replace(result, error=f"refused redirect: {error.message}", body=None)
            if target in seen:
                return replace(result, error=f"redirect loop at {target}", body=None)
            current = target
            if result.status_code == 303 or (result.status_code in (301, 302) and method == "POST"):
                method, data = "GET", None
        return Fetched(
            url, current, None, started, error=f"more than {self.settings.max_redirects} redirects",
            attempts=attempts,
        )  # fmt: skip

    def _with_retries(
        self,
        method: str,
        original: str,
        url: str,
        data: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        started: datetime,
        attempts: int,
    ) -> tuple[Fetched, int]:
        s = self.settings
        for retry in range(s.max_retries + 1):
            self._pacer.wait(url)
            attempts += 1
            result, retry_after = self._once(method, original, url, data, headers, started, attempts)
            if result.status_code not in _RETRY_STATUSES or retry == s.max_retries:
                return result, attempts
            wait = retry_after if retry_after is not None else s.backoff * (2**retry)
            time.sleep(max(0.0, min(wait, s.max_wait)))
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self,
        method: str,
        original: str,
        url: str,
        data: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        started: datetime,
        attempts: int,
    ) -> tuple[Fetched, float | None]:
        with self._count_lock:
            self.requests_sent += 1
        try:
            with self._http.stream(method, url, data=data, headers=headers) as response:
                status = response.status_code
                content_type = response.headers.get("content-type")
                if status in _REDIRECTS and "location" in response.headers:
                    target = urljoin(url, response.headers["location"])
                    return Fetched(original, target, status, started, content_type, error="redirect"), None
                retry_after = _retry_after(response.headers.get("retry-after"))
                body = self._read(response)
        except _TooBig:
            limit = self.settings.max_body
            too_big = f"body larger than the {limit:,}-byte limit: not stored (raise PROV_MAX_BODY)"
            return Fetched(
                original, url, status, started, content_type, error=too_big, attempts=attempts
            ), None
        except httpx.TimeoutException as exc:
            kind = "connect" if isinstance(exc, httpx.ConnectTimeout) else "read"
            return Fetched(original, url, None, started, error=f"{kind} timeout", attempts=attempts), None
        except httpx.HTTPError as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            message = f"{type(exc).__name__}: {reason}"[:500]
            return Fetched(original, url, None, started, error=message, attempts=attempts), None
        failure = None if 200 <= status < 300 else f"HTTP {status}"
        return Fetched(original, url, status, started, content_type, body, failure, attempts), retry_after

    def _read(self, response: httpx.Response) -> bytes:
        limit = self.settings.max_body
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise _TooBig
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise _TooBig
            chunks.append(chunk)
        return b"".join(chunks)

    def get_many(self, urls: Iterable[str]) -> Iterator[Fetched]:
        """GET each URL from a bounded pool of threads; results come back as they complete."""
        return self.map(self.get, urls)

    def map(self, work: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Run ``work`` on each item in the bounded pool; results in completion order."""
        pool = ThreadPoolExecutor(max_workers=self.settings.concurrency, thread_name_prefix="prov-net")
        try:
            futures = [pool.submit(work, item) for item in items]
            for future in as_completed(futures):
                yield future.result()
        finally:
            # A caller that stops early (a failed write, Ctrl-C) must not wait for the whole queue.
            pool.shutdown(wait=True, cancel_futures=True)


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
