"""`prov fetch --all` over 200 recorded URLs from a local server that answers each after 50 ms.

Through the API (what the command runs), on a new database: prints seconds and URLs per second
beside the target (under 3 s, so the fetches really overlap). Exits 0 whatever the figures.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

URLS = 200
DELAY = 0.05
TARGET = 3.0


class _Slow(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(DELAY)
        body = (f"<html><head><title>Page {self.path}</title></head><body><article><p>"
                + "A sentence someone said and an article quoted. " * 40
                + f"{self.path}</p></article></body></html>").encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    from provenance.api.fetch import run_fetch
    from provenance.api.sources import add_source
    from provenance.db import open_database
    from provenance.net.client import NetSettings

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    # One local host stands for many: the per-host pause would otherwise serialise the run.
    settings = NetSettings.from_env(min_interval=0.0, concurrency=16)
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench.db", write=True)
        with database.session() as session:
            for i in range(URLS):
                add_source(session, f"{base}/page/{i}")
        started = time.perf_counter()
        report = run_fetch(database, every=True, settings=settings)
        elapsed = time.perf_counter() - started
        database.close()
    httpd.shutdown()
    ok = report["counts"].get("new", 0)
    verdict = "PASS" if elapsed < TARGET and ok == URLS else "FAIL"
    what = f"prov fetch --all: {URLS} URLs ({DELAY * 1000:.0f} ms each, concurrency {settings.concurrency})"
    rate = URLS / elapsed
    print(f"{what}: {elapsed:.2f} s, {rate:.0f} URLs/s, {ok} stored (target < {TARGET:.0f} s) {verdict}")
    sys.exit(0)


if __name__ == "__main__":
    main()
