"""JSON Lines: a header line, then one record a line, read from the database in chunks.

The rows come through a server-side cursor (``yield_per``) and go out as they come, so memory
holds one chunk whatever the size of the database. Records are the bundle's, one table at a time
and flat: aliases and archive copies are records of their own, pointing at their owner by id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from provenance import __version__
from provenance.dates import When
from provenance.models import (
    Affiliation,
    Alias,
    ArchiveCopy,
    Article,
    Claim,
    Person,
    Quotation,
    Source,
    Stance,
    Statement,
)

FORMAT = "prov-jsonl/1"
# Rows held at once: large enough that round trips don't dominate, small enough to stay flat.
CHUNK = 1000


def iso(moment: datetime | None) -> str | None:
    """As the bundle writes a moment: ISO 8601 UTC with a Z, fractions only when there are some."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().removesuffix("+00:00") + "Z"


def when(at: datetime | None, precision: str | None) -> dict[str, str] | None:
    found = When.from_stored(at, precision)
    return found.to_json() if found else None


Column = InstrumentedAttribute[Any]


@dataclass(frozen=True)
class Table:
    """One table as exported: the record type, its file name, its columns and how a row reads."""

    type: str
    name: str
    columns: tuple[Column, ...]
    record: Callable[[Any], dict[str, Any]]


def _plain(*names: str) -> Callable[[Any], dict[str, Any]]:
    return lambda row: {name: row[i] for i, name in enumerate(names)}


TABLES: tuple[Table, ...] = (
    Table(
        "person",
        "people",
        (Person.id, Person.name, Person.kind, Person.description, Person.wikidata_id),
        _plain("id", "name", "kind", "description", "wikidata_id"),
    ),
    Table("alias", "aliases", (Alias.id, Alias.person_id, Alias.alias), _plain("id", "person_id", "alias")),
    Table(
        "affiliation",
        "affiliations",
        (
            Affiliation.id,
            Affiliation.person_id,
            Affiliation.organisation_id,
            Affiliation.role,
            Affiliation.start_at,
            Affiliation.start_precision,
            Affiliation.end_at,
            Affiliation.end_precision,
        ),
        lambda r: {
            "id": r[0],
            "person_id": r[1],
            "organisation_id": r[2],
            "role": r[3],
            "start": when(r[4], r[5]),
            "end": when(r[6], r[7]),
        },
    ),
    Table(
        "source",
        "sources",
        (
            Source.id,
            Source.url,
            Source.kind,
            Source.title,
            Source.publisher,
            Source.language,
            Source.published_at,
            Source.published_precision,
        ),
        lambda r: {
            "id": r[0],
            "url": r[1],
            "kind": r[2],
            "title": r[3],
            "publisher": r[4],
            "language": r[5],
            "published": when(r[6], r[7]),
        },
    ),
    Table(
        "article",
        "articles",
        (
            Article.id,
            Article.url,
            Article.title,
            Article.publisher,
            Article.language,
            Article.published_at,
            Article.published_precision,
        ),
        lambda r: {
            "id": r[0],
            "url": r[1],
            "title": r[2],
            "publisher": r[3],
            "language": r[4],
            "published": when(r[5], r[6]),
        },
    ),
    Table(
        "archive",
        "archives",
        (
            ArchiveCopy.id,
            ArchiveCopy.source_id,
            ArchiveCopy.article_id,
            ArchiveCopy.url,
            ArchiveCopy.service,
            ArchiveCopy.captured_at,
            ArchiveCopy.status,
            ArchiveCopy.checked_at,
        ),
        lambda r: {
            "id": r[0],
            "source_id": r[1],
            "article_id": r[2],
            "url": r[3],
            "service": r[4],
            "captured_at": iso(r[5]),
            "status": r[6],
            "checked_at": iso(r[7]),
        },
    ),
    Table(
        "claim",
        "claims",
        (Claim.id, Claim.slug, Claim.text, Claim.kind),
        _plain("id", "slug", "text", "kind"),
    ),
    Table(
        "statement",
        "statements",
        (
            Statement.id,
            Statement.speaker_id,
            Statement.source_id,
            Statement.text,
            Statement.language,
            Statement.said_at,
            Statement.said_precision,
            Statement.locator,
            Statement.fingerprint,
        ),
        lambda r: {
            "id": r[0],
            "speaker_id": r[1],
            "source_id": r[2],
            "text": r[3],
            "language": r[4],
            "said": when(r[5], r[6]),
            "locator": r[7],
            "fingerprint": r[8],
        },
    ),
    Table(
        "quotation",
        "quotations",
        (
            Quotation.id,
            Quotation.article_id,
            Quotation.statement_id,
            Quotation.quoted_text,
            Quotation.quoted_lang,
            Quotation.relation,
            Quotation.attributed_as,
            Quotation.via_source_id,
        ),
        _plain(
            "id",
            "article_id",
            "statement_id",
            "quoted_text",
            "quoted_lang",
            "relation",
            "attributed_as",
            "via_source_id",
        ),
    ),
    Table(
        "stance",
        "stances",
        (
            Stance.id,
            Stance.statement_id,
            Stance.claim_id,
            Stance.stance,
            Stance.basis,
            Stance.reader,
            Stance.note,
            Stance.recorded_at,
        ),
        lambda r: {
            "id": r[0],
            "statement_id": r[1],
            "claim_id": r[2],
            "stance": r[3],
            "basis": r[4],
            "reader": r[5],
            "note": r[6],
            "recorded_at": iso(r[7]),
        },
    ),
)


def rows(session: Session, table: Table) -> Iterator[dict[str, Any]]:
    """The table's records by id, fetched ``CHUNK`` rows at a time through a server-side cursor."""
    query = select(*table.columns).order_by(table.columns[0]).execution_options(yield_per=CHUNK)
    for row in session.execute(query):
        yield table.record(row)


def header() -> dict[str, Any]:
    return {
        "type": "header",
        "format": FORMAT,
        "exported_at": iso(datetime.now(UTC).replace(microsecond=0)),
        "generator": f"prov {__version__}",
    }


def write_jsonl(session: Session, out: IO[str], **options: Any) -> int:
    """Write the header and every record; returns the number of records (the header not counted)."""
    out.write(json.dumps(header(), ensure_ascii=False) + "\n")
    written = 0
    for table in TABLES:
        for record in rows(session, table):
            out.write(json.dumps({"type": table.type, **record}, ensure_ascii=False) + "\n")
            written += 1
    return written
