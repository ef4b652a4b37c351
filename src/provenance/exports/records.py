"""The records every export writes, one definition a table: the columns read and the record they make.

The bundle nests aliases in their people and archive copies in their sources and articles; JSON
Lines and CSV write every table flat. Both read the rows through ``rows`` or ``ordered``: by id
as Python sorts ``str``, through a server-side cursor, so memory holds one chunk at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

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

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Row, Select

    # Rows and queries of any number of columns.
    Query = Select[*tuple[Any, ...]]
    Record = Row[*tuple[Any, ...]]
    Orderable = ColumnElement[Any] | InstrumentedAttribute[Any]

# Rows held at once: large enough that round trips don't dominate, small enough to stay flat.
CHUNK = 1000


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z; fractions of a second only when there are some, so nothing is lost."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().removesuffix("+00:00") + "Z"


def when(at: datetime | None, precision: str | None) -> dict[str, str] | None:
    found = When.from_stored(at, precision)
    return found.to_json() if found else None


Column = InstrumentedAttribute[Any]


@dataclass(frozen=True)
class Table:
    """One table as exported: the record type, its list name, its columns and how a row reads.

    ``record`` reads only the first ``len(columns)`` values of a row, so a query may join more
    columns after them (the bundle's aliases and archive copies).
    """

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


# The tables by list name ("people", "archives"...).
BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}


def binary_order(session: Session, column: Orderable) -> Orderable:
    """``column`` to order by so the database sorts as Python sorts ``str``: by code point.

    Every export sorts the same on SQLite and PostgreSQL, whose locale collations ignore hyphens.
    SQLite's default collation and PostgreSQL's "C" compare UTF-8 bytes: code point order.
    """
    return column.collate("C") if session.get_bind().dialect.name == "postgresql" else column


def ordered(session: Session, query: Query, *then: Orderable) -> Iterator[Record]:
    """The rows of ``query`` by its first column (then ``then``), ``CHUNK`` at a time."""
    order = [binary_order(session, column) for column in (query.selected_columns[0], *then)]
    # yield_per: a server-side cursor on PostgreSQL, fetchmany on SQLite; rows never pile up.
    return iter(session.execute(query.order_by(*order).execution_options(yield_per=CHUNK)))


def rows(session: Session, table: Table) -> Iterator[dict[str, Any]]:
    """The table's records by id."""
    for row in ordered(session, select(*table.columns)):
        yield table.record(row)
