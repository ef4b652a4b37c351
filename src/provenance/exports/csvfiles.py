"""CSV: one file a table with a header row, in a folder or a zip, streamed like JSON Lines.

Dates with a precision are two columns (``said_at``, ``said_precision``); a missing value is an
empty cell, which is unambiguous since prov never stores an empty text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from typing import IO, Any

from sqlalchemy.orm import Session

from provenance.errors import InvalidInput
from provenance.exports.records import TABLES, Table, rows

# Record fields holding a dated period ({"at", "precision"} or None).
_PERIODS = frozenset({"start", "end", "published", "said"})


def file_name(table: Table) -> str:
    return f"{table.name}.csv"


def _table(name: str) -> Table:
    for table in TABLES:
        if name in (table.name, table.type):
            return table
    raise InvalidInput(f"no table {name!r}", f"use one of {', '.join(t.name for t in TABLES)}")


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if key in _PERIODS:
            flat[f"{key}_at"] = value["at"] if value else None
            flat[f"{key}_precision"] = value["precision"] if value else None
        else:
            flat[key] = value
    return flat


def columns(table: Table) -> list[str]:
    """The CSV header of a table: its record's keys, periods split in two."""
    return list(_flat(table.record([None] * len(table.columns))))


def write_csv(session: Session, out: IO[str], *, table: str = "people", **options: Any) -> int:
    """Write one table as CSV to ``out`` (opened with ``newline=""``); returns its number of rows."""
    spec = _table(table)
    writer = csv.DictWriter(out, fieldnames=columns(spec), lineterminator="\r\n")
    writer.writeheader()
    written = 0
    for record in rows(session, spec):
        writer.writerow(_flat(record))
        written += 1
    return written


def write_tables(session: Session, opener: Callable[[str], IO[str]]) -> dict[str, int]:
    """Every table through ``opener(file name)``, which returns a text stream; rows per table."""
    counts: dict[str, int] = {}
    for table in TABLES:
        with opener(file_name(table)) as stream:
            counts[table.name] = write_csv(session, stream, table=table.name)
    return counts


def write_zip(session: Session, out: IO[bytes]) -> dict[str, int]:
    """Every table as a CSV entry of a zip archive written to ``out``; rows per table."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def opener(name: str) -> IO[str]:
            # Entries are written as they stream: the archive never holds a whole table.
            return io.TextIOWrapper(archive.open(name, "w"), encoding="utf-8", newline="")

        return write_tables(session, opener)
