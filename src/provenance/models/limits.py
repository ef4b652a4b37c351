"""Column lengths, checked before every flush.

PostgreSQL refuses a 400-character name in a 300-character column and SQLite stores it: checking
here makes the same input fail the same way, with a message, on both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from provenance.errors import InvalidInput


@event.listens_for(Session, "before_flush")
def _check_lengths(session: Session, _context: Any, _instances: Any) -> None:
    for record in (*session.new, *session.dirty):
        table = inspect(record).mapper.local_table
        for column in table.columns:
            limit = column.type.length if isinstance(column.type, String) else None
            value = getattr(record, column.key, None)
            if limit and isinstance(value, str) and len(value) > limit:
                raise InvalidInput(
                    f"{table.name} {column.key} is {len(value)} characters long, over the {limit} allowed",
                    "shorten it",
                )
