"""The Wayback Machine: the availability API, the CDX capture list and Save Page Now 2.

Recorded copy URLs always name https://web.archive.org, whatever base URL the settings point the
requests at (tests point them at a local server), so a record means the same everywhere.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from provenance.errors import InvalidInput, NetworkError
from provenance.net.client import Client, Fetched
from provenance.urls import parse_archive_url

PUBLIC = "https://web.archive.org"
# How many captures of one URL are recorded: the closest to the date that matters, not every
# crawl of a front page (the CDX list of a popular page runs to thousands).
MAX_CAPTURES = 10


@dataclass(frozen=True)
class Capture:
    timestamp: str  # the 14-digit Wayback timestamp, UTC
    original: str

    @property
    def url(self) -> str:
        return f"{PUBLIC}/web/{self.timestamp}/{self.original}"

    @property
    def captured_at(self) -> datetime:
        return datetime.strptime(self.timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def _failed(what: str, result: Fetched) -> NetworkError:
    return NetworkError(
        f"the Wayback Machine's {what} did not answer for {result.url}: {result.error}",
        "try again later, or use --offline",
    )


def _json(what: str, result: Fetched) -> object:
    if not result.ok:
        raise _failed(what, result)
    try:
        return result.json()
    except ValueError:
        raise NetworkError(
            f"the Wayback Machine's {what} answered with something that is not JSON", "try again later"
        ) from None


def available(client: Client, url: str, when: datetime | None) -> Capture | None:
    """The capture the availability API calls closest to ``when`` (the latest without one)."""
    query = {"url": url} | ({"timestamp": stamp(when)} if when else {})
    data = _json(
        "availability API",
        client.get(f"{client.settings.wayback_api_url}/wayback/available?{urlencode(query)}"),
    )
    closest = (data.get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
    if not isinstance(closest, dict) or not closest.get("available") or str(closest.get("status")) != "200":
        return None
    info = parse_archive_url(str(closest.get("url", "")).replace("http://", "https://", 1))
    timestamp = str(closest.get("timestamp") or "")
    if not timestamp.isdigit():
        return None
    return Capture(timestamp, info.original_url or url)


def captures(client: Client, url: str) -> list[Capture]:
    """Every distinct 200 capture the CDX API lists (identical bodies collapsed)."""
    query = {
        "url": url,
        "output": "json",
        "fl": "timestamp,original,statuscode,mimetype,digest",
        "filter": "statuscode:200",
        "collapse": "digest",
    }
    result = client.get(f"{client.settings.wayback_url}/cdx/search/cdx?{urlencode(query)}")
    # The CDX server answers an empty body, not [], when it holds nothing.
    if result.ok and not (result.body or b"").strip():
        return []
    rows = _json("CDX API", result)
    if not isinstance(rows, list) or not rows:
        return []
    header = [str(h) for h in rows[0]]
    found = []
    for row in rows[1:]:
        fields = dict(zip(header, row, strict=False))
        timestamp = str(fields.get("timestamp", ""))
        if timestamp.isdigit() and str(fields.get("statuscode", "200")) == "200":
            found.append(Capture(timestamp, str(fields.get("original") or url)))
    return found


def closest_first(found: list[Capture], when: datetime | None) -> list[Capture]:
    """Distinct captures, the closest to ``when`` first (the newest first without a date)."""
    unique = {c.timestamp: c for c in found}.values()
    if when is None:
        return sorted(unique, key=lambda c: c.timestamp, reverse=True)
    return sorted(unique, key=lambda c: (abs((c.captured_at - when).total_seconds()), c.timestamp))


def lookup(client: Client, url: str, when: datetime | None) -> list[Capture]:
    """The captures worth recording for ``url``, closest to ``when`` first."""
    closest = available(client, url, when)
    listed = captures(client, url)
    return closest_first(([closest] if closest else []) + listed, when)[:MAX_CAPTURES]


@dataclass(frozen=True)
class SaveOutcome:
    status: str  # success, pending (still running when we stopped asking) or error
    job_id: str | None
    capture: Capture | None = None
    message: str | None = None


def save(client: Client, url: str, *, poll_every: float = 5.0, max_polls: int = 24) -> SaveOutcome:
    """Ask Save Page Now 2 for a capture, then poll its job a bounded number of times."""
    auth = client.settings.credentials
    if auth is None:
        raise InvalidInput(
            "--save needs Internet Archive credentials",
            "set PROV_IA_ACCESS_KEY and PROV_IA_SECRET_KEY (from archive.org/account/s3.php)",
        )
    headers = {"Authorization": auth, "Accept": "application/json"}
    base = client.settings.wayback_url
    data = _json("Save Page Now", client.request("POST", f"{base}/save", data={"url": url}, headers=headers))
    job_id = data.get("job_id") if isinstance(data, dict) else None
    if not isinstance(job_id, str) or not job_id:
        message = data.get("message") if isinstance(data, dict) else None
        return SaveOutcome("error", None, message=str(message or "no job id in the answer"))
    for poll in range(max_polls):
        if poll:
            time.sleep(poll_every)
        state = _json("Save Page Now status", client.get(f"{base}/save/status/{job_id}", headers=headers))
        if not isinstance(state, dict):
            continue
        status = str(state.get("status", ""))
        if status == "success" and str(state.get("timestamp", "")).isdigit():
            original = str(state.get("original_url") or url)
            return SaveOutcome("success", job_id, Capture(str(state["timestamp"]), original))
        if status == "error":
            reason = state.get("message") or state.get("status_ext") or "the capture failed"
            return SaveOutcome("error", job_id, message=str(reason))
    return SaveOutcome("pending", job_id, message=f"job {job_id} still pending")


def raw_url(archive_url: str, base: str) -> str:
    """The ``id_`` form of a Wayback copy URL (the original bytes, no banner), on ``base``."""
    info = parse_archive_url(archive_url)
    if info.service != "wayback" or info.original_url is None:
        return archive_url
    path = archive_url.split("/web/", 1)[1]
    timestamp = path.split("/", 1)[0]
    digits = "".join(ch for ch in timestamp if ch.isdigit())
    return f"{base}/web/{digits}id_/{info.original_url}"
