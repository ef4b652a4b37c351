"""Counting each record an import touches once, created or found, when the import runs a chunk of
lines at a time and must not hold the ids of a whole file.

A chunk reports the records it touched, each with whether it created it. A record it created is
new to the database, so to the import too. A record it found may have been created or counted by an
earlier chunk: which ones were is kept in the database, in a temporary table of the ids counted
so far, made only once a second chunk comes, so an import of one chunk never touches it. SQLite
keeps a temporary table in a file of its own (unless built to keep it in memory), PostgreSQL past
temp_buffers on disk: about 50 bytes an id, three or four ids a Quotebank line. The table is
dropped when the import ends; one a failed import left on its connection, by the next import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Column, MetaData, String, Table, select, text
from sqlalchemy.orm import Session

from provenance.api.bundle import ImportResult
from provenance.imports.bulk import BATCH, CHUNK, chunks

_COUNTED = Table(
    "prov_import_counted",
    MetaData(),
    Column("id", String, primary_key=True),
    prefixes=["TEMPORARY"],
    # SQLite: the ids are the key, without a rowid table beside their index.
    sqlite_with_rowid=False,
    postgresql_on_commit="DROP",
)

# A record's table as named in the import report, and whether the chunk created it.
Touched = Mapping[str, tuple[str, bool]]


class Counted:
    """The counts of an import made of chunks; ``settle`` each chunk's records in order, then
    ``close``."""

    def __init__(self, session: Session, result: ImportResult) -> None:
        self.session = session
        self.result = result
        self.chunks = 0
        self.made = False

    def settle(self, touched: Touched, *, last: bool) -> None:
        """Count the records of the next chunk that no earlier chunk counted."""
        if self.chunks == 0 and not last:
            self._make_table()
        counted = self._counted([rid for rid, (_, created) in touched.items() if not created])
        fresh = [rid for rid in touched if rid not in counted]
        for rid in fresh:
            table, created = touched[rid]
            self.result.counts[table]["created" if created else "existing"] += 1
        if not last:
            # Straight to the driver's executemany: SQLAlchemy's per-row parameter handling cost
            # more than the insert itself.
            connection = self.session.connection()
            mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
            statement = f"INSERT INTO {_COUNTED.name} (id) VALUES ({mark})"
            for batch in chunks(fresh, BATCH):
                connection.exec_driver_sql(statement, [(rid,) for rid in batch])
        self.chunks += 1

    def close(self) -> None:
        if self.made:
            self.session.execute(text(f"DROP TABLE {_COUNTED.name}"))

    def _make_table(self) -> None:
        # Left over on a pooled SQLite connection by an import that failed before its first write.
        self.session.execute(text(f"DROP TABLE IF EXISTS {_COUNTED.name}"))
        _COUNTED.create(self.session.connection())
        self.made = True

    def _counted(self, ids: Sequence[str]) -> set[str]:
        if self.chunks == 0:
            return set()
        found: set[str] = set()
        for part in chunks(ids, CHUNK):
            found.update(self.session.scalars(select(_COUNTED.c.id).where(_COUNTED.c.id.in_(part))))
        return found
