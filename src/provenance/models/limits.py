"""Column lengths, checked before every flush.

PostgreSQL refuses a 400-character name in a 300-character column and SQLite stores it: checking
here makes the same input fail the same way, with a message, on both.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import FromClause, String, event, inspect
from sqlalchemy.orm import Session

from provenance.errors import InvalidInput


@cache
def string_limits(table: FromClause) -> tuple[tuple[str, int], ...]:
    """Each bounded text column's key and length, in table order: the first too long is named."""
    return tuple(
        (column.key, column.type.length)
        for column in table.columns
        if isinstance(column.type, String) and column.type.length
    )


def too_long(table: str, key: str, length: int, limit: int) -> InvalidInput:
    return InvalidInput(f"{table} {key} is {length} characters long, over the {limit} allowed", "shorten it")


@event.listens_for(Session, "before_flush")
def _check_lengths(session: Session, _context: Any, _instances: Any) -> None:
    for record in (*session.new, *session.dirty):
        table = inspect(record).mapper.local_table
        for key, limit in string_limits(table):
            value = getattr(record, key, None)
            if isinstance(value, str) and len(value) > limit:
                raise too_long(table.name, key, len(value), limit)
