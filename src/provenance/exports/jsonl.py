"""JSON Lines: a header line, then one record a line, read from the database in chunks.

The rows come through a server-side cursor (``yield_per``) and go out as they come, so memory
holds one chunk whatever the size of the database. Records are the bundle's, one table at a time
and flat: aliases and archive copies are records of their own, pointing at their owner by id.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy.orm import Session

from provenance import __version__
from provenance.exports.records import TABLES, iso, rows

FORMAT = "prov-jsonl/1"


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
