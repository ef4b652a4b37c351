"""A Quotebank file imported in bounded memory: read twice as a stream, never held whole.

The first pass checks every line and keeps nothing, so a bad line is named before the database is
opened; the second reads the lines again and imports them a chunk at a time, in the caller's one
transaction, so the import stays all or nothing. The path must be one that can be read twice:
``provenance.inputs.rereadable`` makes one of standard input or a pipe.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from provenance.imports.quotebank import FieldImportResult, import_quotebank, no_records, quotebank_records
from provenance.inputs import numbered_lines


def check_quotebank_file(path: Path, shown: str | None = None) -> int:
    """The number of records in the file, every line checked; BundleError naming the first bad line
    and field, or a file holding no record."""
    count = sum(1 for _ in quotebank_records(numbered_lines(path, shown or str(path))))
    if count == 0:
        raise no_records()
    return count


def import_quotebank_file(
    session: Session, path: Path, shown: str | None = None, *, chunk: int | None = None
) -> FieldImportResult:
    """Import a file ``check_quotebank_file`` accepted, ``chunk`` lines at a time (by default
    ``quotebank_batch.CHUNK_LINES``), in the caller's transaction; the same rows, ids and counts as
    ``import_quotebank``."""
    records = quotebank_records(numbered_lines(path, shown or str(path)))
    return import_quotebank(session, records, chunk=chunk)
