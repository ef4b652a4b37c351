"""Writing many rows at once: the rows already stored read a chunk of keys at a time, the new ones
inserted in batches.

Bulk inserts skip the ORM flush, and with it the column-length check of ``models/limits.py``:
``check_lengths`` applies that module's limits with its message, so that SQLite (which would store
an over-long value) and PostgreSQL (which would refuse it mid-way) refuse the same input alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, TypeVar, TypeVarTuple

from sqlalchemy import Row, Select, Table, insert
from sqlalchemy.orm import InstrumentedAttribute, Session

from provenance.models import Base
from provenance.models.limits import string_limits, too_long

# Keys bound in one IN (...): far under SQLite's limit on bound parameters, whatever its version.
CHUNK = 500
# Rows a single insert statement carries; the driver splits them further if it must.
BATCH = 5000

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``items`` ``size`` at a time, taken from the iterable as each chunk is asked for."""
    stream = iter(items)
    while part := list(islice(stream, size)):
        yield part


def rows_where(
    session: Session, query: Select[*Ts], key: InstrumentedAttribute[Any], values: Iterable[Any]
) -> list[Row[*Ts]]:
    """The rows of ``query`` whose ``key`` is one of ``values``, read a chunk of values at a time."""
    distinct = list(dict.fromkeys(values))
    found: list[Row[*Ts]] = []
    for chunk in chunks(distinct):
        found.extend(session.execute(query.where(key.in_(chunk))).all())
    return found


def insert_rows(session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert the rows (every row with the same keys) in the caller's transaction."""
    # Core's insert on the table, not the ORM's bulk insert: the ORM leaves a None out of its row,
    # so rows whose None values differ (an unattributed statement beside an attributed one) were
    # sent one small statement each; with render_nulls it still spent a third more time per row.
    statement = insert(_table(model))
    for batch in chunks(rows, BATCH):
        session.execute(statement, list(batch))


def check_lengths(model: type[Base], row: Mapping[str, Any]) -> None:
    """Refuse a row with a text longer than its column allows, as the before-flush check does.

    The row holds every column of the table, as insert_rows needs.
    """
    table = _table(model)
    for key, limit in string_limits(table):
        value = row[key]
        if value is not None and len(value) > limit:
            raise too_long(table.name, key, len(value), limit)


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table
