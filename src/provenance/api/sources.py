"""Sources (where statements were first published) and their archive copies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.api._common import Outcome, apply_updates, choice, language
from provenance.dates import When, parse_when
from provenance.errors import InvalidInput, NotFound
from provenance.ids import stable_id
from provenance.models import ArchiveCopy, Source
from provenance.names import optional_text
from provenance.urls import SOURCE_KINDS, check_url, infer_source_kind, parse_archive_url


def find_source(session: Session, ref: str) -> Source:
    text = (ref or "").strip()
    source = session.get(Source, text) or session.scalars(select(Source).where(Source.url == text)).first()
    if source is None:
        raise NotFound(f"unknown source {ref!r}", "record it with add-quote --source-url")
    return source


def add_source(
    session: Session,
    url: str,
    *,
    kind: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    language_tag: str | None = None,
    published: str | When | None = None,
) -> tuple[Source, Outcome]:
    """A source by URL; its kind is inferred from the URL unless given."""
    url = check_url(url, "source URL")
    kind_value = choice(kind, SOURCE_KINDS, "source kind") if kind else None
    when = parse_when(published) if published is not None else None
    values = {
        "kind": kind_value,
        "title": optional_text(title),
        "publisher": optional_text(publisher),
        "language": language(language_tag, "source language"),
        "published_at": when.at if when else None,
        "published_precision": when.precision.value if when else None,
    }
    source = session.scalars(select(Source).where(Source.url == url)).first()
    if source is not None:
        changed = apply_updates(source, values)
        return source, Outcome("source", source.id, url, "updated" if changed else "found")
    values["kind"] = kind_value or infer_source_kind(url).value
    source = Source(id=stable_id("source", url), url=url, **values)
    session.add(source)
    session.flush()
    return source, Outcome("source", source.id, url, "created")


def add_archive(session: Session, source: Source, url: str) -> Outcome:
    """An archive copy of a source; the capture time is read from the URL where it carries one."""
    url = check_url(url, "archive URL")
    if url == source.url:
        raise InvalidInput("the archive URL is the source URL itself", "give the archive copy's URL")
    existing = session.scalars(select(ArchiveCopy).where(ArchiveCopy.url == url)).first()
    if existing is not None:
        if existing.source_id != source.id:
            raise InvalidInput(
                f"archive {url} is already recorded for another source", "check the --source-url"
            )
        return Outcome("archive", existing.id, url, "found")
    info = parse_archive_url(url)
    record = ArchiveCopy(
        id=stable_id("archive", url),
        source_id=source.id,
        url=url,
        service=info.service,
        captured_at=info.captured_at,
    )
    session.add(record)
    session.flush()
    return Outcome("archive", record.id, url, "created")
