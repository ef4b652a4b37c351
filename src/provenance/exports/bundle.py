"""The bundle export: the whole database as one JSON document (prov-bundle/1), streamed or held.

Its records are those of ``provenance.exports.records``; people hold their aliases and sources
and articles their archive copies, read in the same query by an outer join. The import side,
reading a bundle back, is ``provenance.api.bundle``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import groupby
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance import __version__
from provenance.api.bundle import FORMAT
from provenance.exports.records import BY_NAME, iso, ordered, rows
from provenance.models import Alias, ArchiveCopy, Article, Person, Source

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

    from provenance.exports.records import Record

# The document's lists of records, in its order (after the header fields).
LISTS = ("people", "affiliations", "sources", "articles", "claims", "statements", "quotations", "stances")
_ARCHIVES = BY_NAME["archives"]
# An archive copy is nested in its owner, so it does not name it.
_OWNER = frozenset({"source_id", "article_id"})
# Only when set, so a bundle of copies never checked reads as it did before revision 0002.
_WHEN_SET = frozenset({"status", "checked_at"})


def export_bundle(session: Session) -> dict[str, Any]:
    """The whole database as one document; the same database always gives the same document.

    It is held in memory: ``write_bundle`` writes the same document without holding it.
    """
    document = header()
    for name, records in _lists(session):
        document[name] = list(records)
    return document


def bundle_text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_bundle(session: Session, stream: IO[str]) -> dict[str, int]:
    """Write the export as JSON to ``stream`` one record at a time; returns how many were written.

    The text is ``bundle_text(export_bundle(session))``, byte for byte, but memory holds one
    chunk of rows whatever the size of the database. The counts are per list of the document,
    plus ``archives``: the archive copies nested in sources and articles.
    """
    counts = dict.fromkeys(LISTS, 0)
    counts["archives"] = 0
    stream.write("{")
    for index, (name, value) in enumerate(header().items()):
        stream.write(f"{',' if index else ''}\n  {_dumps(name)}: {_dumps(value)}")
    for name, records in _lists(session):
        stream.write(f",\n  {_dumps(name)}: [")
        for record in records:
            stream.write(f"{',' if counts[name] else ''}\n    {_dumps(record, indent=4)}")
            counts[name] += 1
            counts["archives"] += len(record.get("archives", ()))
        stream.write("\n  ]" if counts[name] else "]")
    stream.write("\n}\n")
    return counts


def header() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "exported_at": iso(datetime.now(UTC).replace(microsecond=0)),
        "generator": f"prov {__version__}",
    }


def _dumps(value: Any, indent: int = 0) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it ``indent`` spaces deep in a document."""
    # JSON escapes newlines inside strings, so every newline here starts a line of the layout.
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + " " * indent)


def _lists(session: Session) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """Each list of the document and its records, read lazily: one query at a time, in chunks."""
    for name in LISTS:
        nested = _NESTED.get(name)
        yield name, nested(session) if nested else rows(session, BY_NAME[name])


def _people(session: Session) -> Iterator[dict[str, Any]]:
    people = BY_NAME["people"]
    query = select(*people.columns, Alias.alias).outerjoin(Alias, Alias.person_id == Person.id)
    # One row a person and alias: a person's rows are consecutive, their aliases in order.
    for _, group in groupby(ordered(session, query, Alias.alias), key=lambda row: row[0]):
        found = list(group)
        aliases = [row[-1] for row in found if row[-1] is not None]
        yield {**people.record(found[0]), "aliases": aliases}


def _sources(session: Session) -> Iterator[dict[str, Any]]:
    return _with_archives(session, "sources", ArchiveCopy.source_id == Source.id)


def _articles(session: Session) -> Iterator[dict[str, Any]]:
    return _with_archives(session, "articles", ArchiveCopy.article_id == Article.id)


def _with_archives(session: Session, name: str, owned: ColumnElement[bool]) -> Iterator[dict[str, Any]]:
    """The records of table ``name``, each with its archive copies: ``owned`` joins them."""
    owners = BY_NAME[name]
    query = select(*owners.columns, *_ARCHIVES.columns).outerjoin(ArchiveCopy, owned)
    # One row an owner and copy: an owner's rows are consecutive, their copies by id.
    for _, group in groupby(ordered(session, query, ArchiveCopy.id), key=lambda row: row[0]):
        found = list(group)
        yield {**owners.record(found[0]), "archives": _archives(found)}


def _archives(found: list[Record]) -> list[dict[str, Any]]:
    """The archive copies of one owner, from the archive columns that end its rows (none: NULLs)."""
    archives = []
    for row in found:
        copy = row[-len(_ARCHIVES.columns) :]
        if copy[0] is None:
            continue
        record = _ARCHIVES.record(copy)
        archives.append(
            {
                key: value
                for key, value in record.items()
                if key not in _OWNER and (value is not None or key not in _WHEN_SET)
            }
        )
    return archives


# The lists whose records hold others; the rest are the flat records.
_NESTED: dict[str, Callable[[Session], Iterator[dict[str, Any]]]] = {
    "people": _people,
    "sources": _sources,
    "articles": _articles,
}
