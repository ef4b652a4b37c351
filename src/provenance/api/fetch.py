"""Fetching sources, articles and archive copies, and keeping what came back as snapshots.

The network runs in a bounded pool of threads; every write happens in the calling thread, in
short transactions (a quarter of a second of results each), so a run stopped half-way keeps what
it recorded before, without paying for a commit per URL.
Whether a page changed or is gone is read from the snapshots, never stored apart.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.api._common import url_report
from provenance.errors import InvalidInput, NotFound, ProvError
from provenance.ids import stable_id
from provenance.models import ArchiveCopy, Article, Body, Snapshot, Source
from provenance.urls import check_url

if TYPE_CHECKING:
    from provenance.dates import When
    from provenance.db import Database
    from provenance.net.client import Client, Fetched, NetSettings

Progress = Callable[[int, int], None]
GONE = frozenset({404, 410})
COMMIT_EVERY = 0.25  # seconds of results per transaction


@dataclass(frozen=True)
class Target:
    url: str  # as recorded: the key of its snapshots
    request_url: str  # what is asked for: a Wayback copy's id_ form
    kind: str  # source, article or archive
    record_id: str


@dataclass(frozen=True)
class Extracted:
    text: str | None
    title: str | None
    author: str | None
    published: str | None


def targets(session: Session, url: str | None, *, every: bool, wayback_base: str) -> list[Target]:
    """What to fetch: the one recorded URL given, or every source, article and archive copy."""
    from provenance.net.wayback import raw_url

    if every == (url is not None):
        raise InvalidInput("give a URL or --all, not both and not neither", "see prov fetch --help")

    def archive_target(copy: ArchiveCopy) -> Target:
        return Target(copy.url, raw_url(copy.url, wayback_base), "archive", copy.id)

    if url is not None:
        url = check_url(url)
        source = session.scalars(select(Source).where(Source.url == url)).first()
        if source is not None:
            return [Target(url, url, "source", source.id)]
        article = session.scalars(select(Article).where(Article.url == url)).first()
        if article is not None:
            return [Target(url, url, "article", article.id)]
        copy = session.scalars(select(ArchiveCopy).where(ArchiveCopy.url == url)).first()
        if copy is not None:
            return [archive_target(copy)]
        raise NotFound(f"no source, article or archive copy has the URL {url}", "record it first")
    found = [
        Target(s.url, s.url, "source", s.id) for s in session.scalars(select(Source).order_by(Source.url))
    ]
    found += [
        Target(a.url, a.url, "article", a.id) for a in session.scalars(select(Article).order_by(Article.url))
    ]
    found += [archive_target(c) for c in session.scalars(select(ArchiveCopy).order_by(ArchiveCopy.url))]
    return found


def extract(content: bytes, content_type: str | None) -> Extracted:
    """The main text and what the page says of itself (title, author, date)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "text/plain":
        return Extracted(content.decode("utf-8", "replace"), None, None, None)
    if kind and "html" not in kind and "xml" not in kind:
        return Extracted(None, None, None, None)
    import trafilatura

    try:
        document = trafilatura.bare_extraction(content, with_metadata=True)
    except Exception:  # a page the extractor chokes on is still stored, without text
        return Extracted(None, None, None, None)
    if document is None:
        return Extracted(None, None, None, None)
    return Extracted(
        getattr(document, "text", None) or None,
        _short(getattr(document, "title", None), 1000),
        _short(getattr(document, "author", None), 300),
        getattr(document, "date", None) or None,
    )


def _short(value: object, limit: int) -> str | None:
    return str(value)[:limit] if value else None


def _fetch_one(client: Client, target: Target) -> tuple[Target, Fetched]:
    return target, client.get(target.request_url)


def _previous_ok(session: Session, url: str, before: datetime | None = None) -> Snapshot | None:
    query = select(Snapshot).where(
        Snapshot.url == url,
        Snapshot.body_sha256.is_not(None),
        Snapshot.status_code >= 200,
        Snapshot.status_code < 300,
    )
    if before is not None:
        query = query.where(Snapshot.fetched_at < before)
    return session.scalars(query.order_by(Snapshot.fetched_at.desc()).limit(1)).first()


def state_of(session: Session, snapshot: Snapshot) -> str:
    """new, unchanged, changed, gone, http error or failed: this snapshot against the last good one."""
    if snapshot.status_code in GONE:
        return "gone"
    if snapshot.status_code is None and snapshot.error is None and snapshot.body_sha256 is not None:
        return "saved copy"
    if snapshot.body_sha256 is None:
        return "http error" if snapshot.status_code is not None and not snapshot.error else "failed"
    previous = _previous_ok(session, snapshot.url, before=snapshot.fetched_at)
    if previous is None:
        return "new"
    return "unchanged" if previous.body_sha256 == snapshot.body_sha256 else "changed"


def _store_body(session: Session, body: bytes, content_type: str | None) -> tuple[str, Extracted]:
    """Keep a body once per hash, with its extracted text; the hash and the extraction."""
    digest = hashlib.sha256(body).hexdigest()
    extracted = extract(body, content_type)
    if session.get(Body, digest) is None:
        session.add(Body(sha256=digest, size=len(body), content=body, text=extracted.text))
    return digest, extracted


def _published(extracted: Extracted | None) -> When | None:
    from provenance.dates import parse_when

    if extracted is None or not extracted.published:
        return None
    try:
        return parse_when(extracted.published)
    except ProvError:
        return None  # a page's own date is a hint, never a reason to lose the fetch


def record(session: Session, target: Target, result: Fetched) -> dict[str, Any]:
    """Store one fetch (its body once per hash) and say what it found."""
    digest = None
    extracted = None
    if result.ok and result.body is not None:
        # Extracted here, not in the fetching threads: pure-Python parsing there would hold the
        # GIL against this thread's database work.
        digest, extracted = _store_body(session, result.body, result.content_type)
    when = _published(extracted)
    error = result.error
    if error is None and digest is None and not result.ok:
        error = f"HTTP {result.status_code}"
    snapshot = Snapshot(
        id=stable_id("snapshot", target.url, result.fetched_at.isoformat()),
        url=target.url,
        final_url=(result.final_url or "")[:2000] or None,
        status_code=result.status_code,
        fetched_at=result.fetched_at,
        content_type=(result.content_type or "")[:200] or None,
        body_sha256=digest,
        error=error[:500] if error else None,
        title=extracted.title if extracted else None,
        author=extracted.author if extracted else None,
        published_at=when.at if when else None,
        published_precision=when.precision.value if when else None,
    )
    session.add(snapshot)
    session.flush()
    return row(session, target, snapshot)


def store_saved_copy(
    database: Database, url: str, path: str | Path, *, max_body: int | None = None
) -> dict[str, Any]:
    """Keep a copy of a recorded URL that the researcher saved by hand (a paywalled page, say).

    It is stored like a fetch with no HTTP status: ``verify`` reads it, and nothing pretends
    the web answered.
    """
    import mimetypes

    from provenance.net.client import NetSettings

    limit = max_body or NetSettings.from_env().max_body
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > limit:
            raise InvalidInput(
                f"{file} is {size:,} bytes, over the {limit:,}-byte limit", "raise PROV_MAX_BODY"
            )
        content = file.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {file}: {error.strerror}", "give the path of a saved page") from None
    content_type = mimetypes.guess_type(file.name)[0] or "text/html"
    with database.session() as session:
        (target,) = targets(session, url, every=False, wayback_base="")
        digest, extracted = _store_body(session, content, content_type)
        snapshot_id = stable_id("snapshot", target.url, "saved", digest)
        snapshot = session.get(Snapshot, snapshot_id)
        if snapshot is None:  # the same file saved again is the same copy
            when = _published(extracted)
            snapshot = Snapshot(
                id=snapshot_id,
                url=target.url,
                final_url=None,
                status_code=None,
                fetched_at=datetime.now(UTC).replace(microsecond=0),
                content_type=content_type,
                body_sha256=digest,
                error=None,
                title=extracted.title,
                author=extracted.author,
                published_at=when.at if when else None,
                published_precision=when.precision.value if when else None,
            )
            session.add(snapshot)
            session.flush()
        return url_report([row(session, target, snapshot)], [target], by="state", offline=True)


def row(session: Session, target: Target, snapshot: Snapshot | None) -> dict[str, Any]:
    """One URL's line of the report: its latest snapshot and the state it shows."""
    base: dict[str, Any] = {"url": target.url, "kind": target.kind, "record_id": target.record_id}
    if snapshot is None:
        return base | {"state": "not fetched", "snapshot_id": None, "status_code": None, "final_url": None,
                       "fetched_at": None, "content_type": None, "sha256": None, "size": None,
                       "error": None, "title": None, "author": None, "published": None}  # fmt: skip
    body = session.get(Body, snapshot.body_sha256) if snapshot.body_sha256 else None
    return base | {
        "state": state_of(session, snapshot),
        "snapshot_id": snapshot.id,
        "status_code": snapshot.status_code,
        "final_url": snapshot.final_url,
        "fetched_at": snapshot.fetched_at.isoformat(),
        "content_type": snapshot.content_type,
        "sha256": snapshot.body_sha256,
        "size": body.size if body else None,
        "error": snapshot.error,
        "title": snapshot.title,
        "author": snapshot.author,
        "published": snapshot.published_at.date().isoformat() if snapshot.published_at else None,
    }


def latest(session: Session, url: str) -> Snapshot | None:
    query = select(Snapshot).where(Snapshot.url == url).order_by(Snapshot.fetched_at.desc()).limit(1)
    return session.scalars(query).first()


def run_fetch(
    database: Database,
    url: str | None = None,
    *,
    every: bool = False,
    offline: bool = False,
    settings: NetSettings | None = None,
    client: Client | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Fetch one recorded URL or all of them (``offline``: only report what is stored)."""
    from provenance.net.client import Client, NetSettings

    settings = settings or (client.settings if client else NetSettings.from_env())
    with database.session() as session:
        planned = targets(session, url, every=every, wayback_base=settings.wayback_url)
        if offline:
            rows = [row(session, t, latest(session, t.url)) for t in planned]
            return url_report(rows, planned, by="state", offline=True)
    rows = []
    own = client is None
    net = client or Client(settings)
    try:
        if progress:
            progress(0, len(planned))
        results = net.map(lambda t: _fetch_one(net, t), planned)
        done = False
        while not done:
            # Short transactions: a run stopped half-way keeps all but the last fraction of a second.
            with database.session() as session:
                opened = time.monotonic()
                while time.monotonic() - opened < COMMIT_EVERY:
                    item = next(results, None)
                    if item is None:
                        done = True
                        break
                    rows.append(record(session, *item))
                    if progress:
                        progress(len(rows), len(planned))
    finally:
        if own:
            net.close()
    return url_report(rows, planned, by="state", offline=False)
