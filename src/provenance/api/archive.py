"""Finding archive copies of sources and articles in the Wayback Machine, and asking for new ones.

Lookups run in a bounded pool of threads; the records are written in the calling thread, one
transaction per source or article. "missing" (no capture anywhere), "requested" (a Save Page Now
job still running) and "failed" are reported, not stored: an ArchiveCopy row needs the URL of a
copy, and these have none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.api._common import url_report
from provenance.errors import InvalidInput, NotFound
from provenance.ids import stable_id
from provenance.models import ArchiveCopy, Article, Source, Statement
from provenance.urls import check_url, parse_archive_url

if TYPE_CHECKING:
    from provenance.db import Database
    from provenance.net.client import Client, NetSettings
    from provenance.net.wayback import Capture, SaveOutcome

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Target:
    url: str
    kind: str  # source or article
    record_id: str
    when: datetime | None  # the statement's date for a source, the article's for an article


@dataclass(frozen=True)
class Lookup:
    target: Target
    captures: list[Capture]
    saved: SaveOutcome | None = None
    error: str | None = None


def _source_date(session: Session, source: Source) -> datetime | None:
    said = session.scalar(select(func.min(Statement.said_at)).where(Statement.source_id == source.id))
    value = said or source.published_at
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def targets(session: Session, url: str | None, *, every: bool) -> list[Target]:
    if every == (url is not None):
        raise InvalidInput("give a URL or --all, not both and not neither", "see prov archive --help")
    sources = select(Source).order_by(Source.url)
    articles = select(Article).order_by(Article.url)
    if url is not None:
        url = check_url(url)
        info = parse_archive_url(url)
        if info.service in ("wayback", "archive.today"):
            raise InvalidInput(
                f"{url} is already a {info.service} copy", "give the URL of the source or article it copies"
            )
        sources, articles = sources.where(Source.url == url), articles.where(Article.url == url)
    found = [Target(s.url, "source", s.id, _source_date(session, s)) for s in session.scalars(sources)]
    found += [Target(a.url, "article", a.id, a.published_at) for a in session.scalars(articles)]
    if url is not None and not found:
        raise NotFound(f"no source or article has the URL {url}", "record it first (add-quote, add-article)")
    return found


def _lookup(client: Client, target: Target, save: bool) -> Lookup:
    from provenance.errors import NetworkError
    from provenance.net import wayback

    try:
        found = wayback.lookup(client, target.url, target.when)
        saved = wayback.save(client, target.url) if save and not found else None
    except NetworkError as error:
        return Lookup(target, [], error=str(error))
    return Lookup(target, found, saved)


def _stored(session: Session, target: Target) -> list[ArchiveCopy]:
    owner = ArchiveCopy.source_id if target.kind == "source" else ArchiveCopy.article_id
    return list(session.scalars(select(ArchiveCopy).where(owner == target.record_id)))


def _closest_first(copies: list[ArchiveCopy], when: datetime | None) -> list[ArchiveCopy]:
    def key(copy: ArchiveCopy) -> tuple[int, float, str]:
        if copy.captured_at is None:
            return (1, 0.0, copy.url)
        if when is None:
            return (0, -copy.captured_at.timestamp(), copy.url)
        return (0, abs((copy.captured_at - when).total_seconds()), copy.url)

    return sorted(copies, key=key)


def _copy_json(copy: ArchiveCopy, action: str | None) -> dict[str, Any]:
    return {
        "id": copy.id,
        "url": copy.url,
        "service": copy.service,
        "captured_at": copy.captured_at.isoformat() if copy.captured_at else None,
        "status": copy.status,
        "checked_at": copy.checked_at.isoformat() if copy.checked_at else None,
        "action": action,
    }


def _row(target: Target, status: str, copies: list[dict[str, Any]], note: str | None) -> dict[str, Any]:
    return {
        "url": target.url,
        "kind": target.kind,
        "record_id": target.record_id,
        "date": target.when.isoformat() if target.when else None,
        "status": status,
        "copies": copies,
        "note": note,
    }


def record(session: Session, lookup: Lookup, checked_at: datetime) -> dict[str, Any]:
    """Store the captures found (or saved) for one source or article; its line of the report."""
    target = lookup.target
    if lookup.error is not None:
        return _row(target, "error", [], lookup.error)
    found = list(lookup.captures)
    note = None
    if lookup.saved is not None:
        if lookup.saved.capture is not None:
            found.append(lookup.saved.capture)
            note = f"captured by Save Page Now (job {lookup.saved.job_id})"
        else:
            status = "requested" if lookup.saved.status == "pending" else "failed"
            return _row(target, status, [], lookup.saved.message)
    if not found:
        return _row(target, "missing", [], "no capture in the Wayback Machine")
    actions: dict[str, str] = {}
    for capture in found:
        copy = session.scalars(select(ArchiveCopy).where(ArchiveCopy.url == capture.url)).first()
        if copy is None:
            copy = ArchiveCopy(
                id=stable_id("archive", capture.url),
                source_id=target.record_id if target.kind == "source" else None,
                article_id=target.record_id if target.kind == "article" else None,
                url=capture.url,
                service="wayback",
            )
            session.add(copy)
            actions[capture.url] = "created"
        elif (copy.source_id or copy.article_id) != target.record_id:
            continue  # the same capture URL recorded for another record: left as it is
        else:
            actions[capture.url] = "updated" if copy.status != "available" else "found"
        copy.captured_at = capture.captured_at
        copy.status = "available"
        copy.checked_at = checked_at
    session.flush()
    copies = [
        _copy_json(c, actions.get(c.url)) for c in _closest_first(_stored(session, target), target.when)
    ]
    return _row(target, "available", copies, note)


def offline_row(session: Session, target: Target) -> dict[str, Any]:
    copies = _closest_first(_stored(session, target), target.when)
    statuses = {c.status for c in copies}
    status = "available" if "available" in statuses else ("recorded" if copies else "not checked")
    return _row(target, status, [_copy_json(c, None) for c in copies], None)


def run_archive(
    database: Database,
    url: str | None = None,
    *,
    every: bool = False,
    save: bool = False,
    offline: bool = False,
    settings: NetSettings | None = None,
    client: Client | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Look up (and with ``save`` ask for) Wayback captures of one source or article, or all."""
    from provenance.errors import NetworkError
    from provenance.net.client import Client, NetSettings

    settings = settings or (client.settings if client else NetSettings.from_env())
    if save and offline:
        raise InvalidInput("--save asks the archive for a capture; --offline makes no request", "drop one")
    if save and settings.credentials is None:
        raise InvalidInput(
            "--save needs Internet Archive credentials",
            "set PROV_IA_ACCESS_KEY and PROV_IA_SECRET_KEY (from archive.org/account/s3.php)",
        )
    with database.session() as session:
        planned = targets(session, url, every=every)
        if offline:
            return url_report([offline_row(session, t) for t in planned], planned, by="status", offline=True)
    own = client is None
    net = client or Client(settings)
    rows: list[dict[str, Any]] = []
    try:
        if progress:
            progress(0, len(planned))
        for lookup in net.map(lambda t: _lookup(net, t, save), planned):
            if lookup.error is not None and not every:
                # One URL asked for: an unreachable archive is the user's error to see, not a row.
                raise NetworkError(lookup.error)
            with database.session() as session:
                rows.append(record(session, lookup, datetime.now(UTC)))
            if progress:
                progress(len(rows), len(planned))
    finally:
        if own:
            net.close()
    return url_report(rows, planned, by="status", offline=False)
