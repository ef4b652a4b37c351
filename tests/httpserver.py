"""A local HTTP server for network tests: pages, failure modes and fake Wayback services.

Use the ``server`` fixture (import ``server_fixture`` into a test module). Nothing here reaches
the internet: the server listens on 127.0.0.1, and ``dead_url()`` names a port nobody listens on.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

QUOTE = "We can't afford to go backwards."


def page(title: str, text: str, *, author: str = "Jane Doe", date: str = "2025-11-24") -> bytes:
    return (
        f"<html><head><title>{title}</title><meta name='author' content='{author}'>"
        f"<meta property='article:published_time' content='{date}'></head><body><article>"
        f"<h1>{title}</h1><p>{text}</p><p>{'Some context around the quote. ' * 10}</p>"
        "</article></body></html>"
    ).encode()


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class LocalServer:
    """State the handler reads and tests change: pages, Wayback captures, hit counts."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {"/quote": Page(page("Post", QUOTE))}
        # original URL -> 14-digit timestamps the fake Wayback Machine holds for it
        self.captures: dict[str, list[str]] = {}
        self.hits: list[tuple[str, str, float]] = []  # (method, path with query, monotonic time)
        self.headers_seen: list[dict[str, str]] = []
        self.save_jobs: dict[str, dict[str, object]] = {}
        self.save_pending_polls = 1
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, prefix: str = "/") -> int:
        with self.lock:
            return sum(1 for _, path, _ in self.hits if path.startswith(prefix))

    def times(self, prefix: str) -> list[float]:
        with self.lock:
            return [t for _, path, t in self.hits if path.startswith(prefix)]


def dead_url() -> str:
    """A URL on a local port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nobody"


def _handler(state: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes = b"", ctype: str = "text/plain", **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, data: object, status: int = 200) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def do_GET(self) -> None:
            self._route("GET", b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._route("POST", self.rfile.read(length))

        def _route(self, method: str, body: bytes) -> None:
            with state.lock:
                state.hits.append((method, self.path, time.monotonic()))
                state.headers_seen.append({k.lower(): v for k, v in self.headers.items()})
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            # The client may give up (a timeout, a body over its limit): expected here.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._dispatch(method, path, query, body)

        def _dispatch(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> None:
            if path in state.pages:
                p = state.pages[path]
                self._send(p.status, p.body, p.content_type, **p.headers)
            elif path.startswith("/delay/"):
                time.sleep(int(path.rsplit("/", 1)[1]) / 1000)
                self._send(200, page("Delayed", f"{QUOTE} {path}"), "text/html")
            elif path == "/slow":
                time.sleep(3)
                self._send(200, b"too late")
            elif path.startswith("/loop/"):
                other = "/loop/b" if path == "/loop/a" else "/loop/a"
                self._send(302, Location=other)
            elif path.startswith("/retry/"):
                first = state.count(path) == 1
                if first:
                    self._send(429, b"slow down", Retry_After="1")
                else:
                    self._send(200, page("Retried", QUOTE), "text/html")
            elif path == "/big":
                self._send(200, b"x" * 2_000_000)
            elif path == "/big-stream":
                # No Content-Length: the client must count what it reads and stop.
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(200):
                    self.wfile.write(b"y" * 10_000)
            elif path.startswith("/status/"):
                self._send(int(path.rsplit("/", 1)[1]), b"status page")
            elif path == "/to-file":
                self._send(302, Location="file:///etc/passwd")
            elif path == "/wayback/available":
                self._available(query)
            elif path == "/cdx/search/cdx":
                self._cdx(query)
            elif path.startswith("/web/"):
                stamp, _, original = path[len("/web/") :].partition("/")
                text = f"{QUOTE} (archived {stamp} of {original})"
                self._send(200, page("Archived", text), "text/html")
            elif path == "/save" and method == "POST":
                self._save(body)
            elif path.startswith("/save/status/"):
                self._save_status(path.rsplit("/", 1)[1])
            else:
                self._send(404, b"not here")

        def _available(self, query: dict[str, list[str]]) -> None:
            url = query.get("url", [""])[0]
            stamps = state.captures.get(url, [])
            if not stamps:
                self._json({"url": url, "archived_snapshots": {}})
                return
            wanted = query.get("timestamp", [stamps[-1]])[0].ljust(14, "0")
            best = min(stamps, key=lambda s: abs(int(s) - int(wanted)))
            closest = {
                "available": True,
                "url": f"http://web.archive.org/web/{best}/{url}",
                "timestamp": best,
                "status": "200",
            }
            self._json({"url": url, "archived_snapshots": {"closest": closest}})

        def _cdx(self, query: dict[str, list[str]]) -> None:
            url = query.get("url", [""])[0]
            stamps = state.captures.get(url, [])
            if not stamps:
                self._send(200, b"", "application/json")
                return
            header = ["timestamp", "original", "statuscode", "mimetype", "digest"]
            rows = [[s, url, "200", "text/html", f"DIGEST{s}"] for s in stamps]
            self._json([header, *rows])

        def _save(self, body: bytes) -> None:
            if not (self.headers.get("Authorization") or "").startswith("LOW "):
                self._json({"message": "You need to be logged in"}, 401)
                return
            url = parse_qs(body.decode())["url"][0]
            job_id = f"spn2-{len(state.save_jobs) + 1}"
            state.save_jobs[job_id] = {"url": url, "polls": 0}
            self._json({"url": url, "job_id": job_id})

        def _save_status(self, job_id: str) -> None:
            job = state.save_jobs.get(job_id)
            if job is None:
                self._json({"status": "error", "message": "unknown job"})
                return
            job["polls"] = int(str(job["polls"])) + 1
            if int(str(job["polls"])) <= state.save_pending_polls:
                self._json({"status": "pending", "job_id": job_id})
                return
            stamp = "20251201120000"
            state.captures.setdefault(str(job["url"]), []).append(stamp)
            self._json(
                {"status": "success", "job_id": job_id, "timestamp": stamp, "original_url": job["url"]}
            )

    return Handler


@pytest.fixture(name="server")
def server_fixture() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    try:
        yield local
    finally:
        local.httpd.shutdown()
        local.httpd.server_close()
