"""Opening a prov database: where it is, checking it is one, and transactions.

The schema revision is read with one query; Alembic is loaded only when a database really needs
migrating (it costs ~0.35 s at start-up).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.errors import DatabaseMissing, InvalidInput, NotADatabase, SchemaTooNew

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

DEFAULT_DB = "prov.db"
ENV_VAR = "PROV_DB"
# The revisions this code knows, oldest first; the last is the head. A test checks this list
# against the Alembic scripts so the two cannot drift apart.
REVISIONS = ("0001", "0002")
HEAD = REVISIONS[-1]
_SQLITE_MAGIC = b"SQLite format 3\x00"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """An SQLAlchemy URL from ``--db``, then ``$PROV_DB``, then ``./prov.db``."""
    value = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in value:
        if value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value[len("postgres://") :]
        elif value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url[len("sqlite:///") :])
    return None


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


class Database:
    """An open prov database: an engine whose schema is at this code's head revision."""

    def __init__(self, engine: Engine, *, created: Path | None = None) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        # The SQLite file this open created, so a first write that fails can leave no file behind.
        self.created = created

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back entirely on any error."""
        from sqlalchemy.orm import Session

        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def discard(self) -> None:
        """Close, and delete the SQLite file if this open created it (nothing else is touched)."""
        self.close()
        if self.created is not None:
            _remove_sqlite_file(self.created)
            self.created = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision stamped in the database, None for an empty database."""
    from sqlalchemy import exc, inspect, text

    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except exc.OperationalError as error:
        if "alembic_version" not in str(error):
            raise
    except exc.ProgrammingError:
        pass  # PostgreSQL: relation does not exist
    with engine.connect() as conn:
        if inspect(conn).get_table_names():
            raise NotADatabase(
                f"{engine.url.render_as_string(hide_password=True)} holds tables but no prov schema",
                "point --db at a prov database or a new file",
            )
    return None


def open_database(db: str | os.PathLike[str] | None = None, *, write: bool) -> Database:
    """Open the database; a writer creates and migrates it, a reader refuses a missing one.

    ``Database.created`` names the file when this call created it: a caller whose first write
    fails can ``discard()`` it, so bad input leaves no empty database behind.
    """
    path = sqlite_path(resolve_url(db))
    created = path if path is not None and write and not path.exists() else None
    url, engine, revision = _probe(db, create=write)
    if revision == HEAD:
        return Database(engine)
    if not write:
        engine.dispose()
        if revision is None:
            raise DatabaseMissing(
                f"{_shown(url)} holds no prov data yet", "record something first, or run prov init"
            )
        raise DatabaseMissing(
            f"{_shown(url)} is at schema revision {revision}, older than this prov",
            "run prov db upgrade",
        )
    try:
        _migrate(engine, "upgrade", "head")
    except BaseException:
        engine.dispose()
        if created is not None:
            _remove_sqlite_file(created)
        raise
    return Database(engine, created=created)


def _remove_sqlite_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@dataclass(frozen=True)
class Status:
    """Where a database is and which schema revision it holds (``before`` a migration, if one ran)."""

    database: str
    revision: str | None
    before: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "revision": self.revision,
            "before": self.before,
            "head": HEAD,
            "up_to_date": self.revision == HEAD,
        }


def database_status(db: str | os.PathLike[str] | None = None) -> Status:
    """The revision a database holds (None when it is empty), without migrating it."""
    url, engine, revision = _probe(db, create=False)
    engine.dispose()
    return Status(_shown(url), revision, revision)


def init_database(db: str | os.PathLike[str] | None = None) -> Status:
    """Create the database if needed and migrate it to head; running it again changes nothing."""
    return upgrade_database(db, "head")


def upgrade_database(db: str | os.PathLike[str] | None = None, revision: str = "head") -> Status:
    """Migrate up to ``revision`` (default head), creating the database when it does not exist."""
    return _change(db, "upgrade", revision, create=True)


def downgrade_database(db: str | os.PathLike[str] | None, revision: str) -> Status:
    """Migrate down to ``revision`` (``base`` empties the database); tables dropped lose their rows."""
    return _change(db, "downgrade", revision, create=False)


def _change(db: str | os.PathLike[str] | None, direction: str, revision: str, *, create: bool) -> Status:
    target = (revision or "").strip()
    if not target:
        raise InvalidInput("no revision given", f"give head, base or one of {', '.join(REVISIONS)}")
    url, engine, before = _probe(db, create=create)
    try:
        _migrate(engine, direction, target)
        after = current_revision(engine)
    finally:
        engine.dispose()
    return Status(_shown(url), after, before)


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    from alembic.script.revision import RevisionError
    from alembic.util.exc import CommandError

    from provenance import migrate

    step = migrate.upgrade if direction == "upgrade" else migrate.downgrade
    try:
        step(engine, revision)
    except (CommandError, RevisionError) as error:
        # Alembic's own words name the bad revision; only its first line is for the user.
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InvalidInput(
            f"cannot {direction} to {revision!r}: {reason}",
            f"give head, base or one of {', '.join(REVISIONS)}",
        ) from None


def _probe(db: str | os.PathLike[str] | None, *, create: bool) -> tuple[str, Engine, str | None]:
    """Check the database is a prov database this code can handle; its URL, engine and revision.

    A missing SQLite file is refused unless ``create``; nothing is written either way.
    """
    from sqlalchemy import exc

    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path, write=create)
    try:
        engine = make_engine(url)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise NotADatabase(f"cannot open {_shown_safely(url)}: {reason}", _fix_for(url)) from None
    try:
        revision = current_revision(engine)
    except exc.DatabaseError as error:
        engine.dispose()
        reason = str(error.orig).splitlines()[0] if error.orig else str(error).splitlines()[0]
        raise NotADatabase(f"cannot open {_shown(url)}: {reason}", _fix_for(url)) from None
    except BaseException:
        engine.dispose()
        raise
    if revision is not None and revision not in REVISIONS:
        engine.dispose()
        raise SchemaTooNew(
            f"{_shown(url)} is at schema revision {revision}, newer than this prov knows",
            "upgrade prov (pip install -U provenance)",
        )
    return url, engine, revision


def _check_sqlite_file(path: Path, *, write: bool) -> None:
    if path.is_dir():
        raise NotADatabase(f"{path} is a folder", "give a file path such as ./prov.db")
    if not path.exists():
        if not write:
            raise DatabaseMissing(f"no database at {path}", "record something first, or run prov init")
        if not path.parent.is_dir():
            raise NotADatabase(f"folder {path.parent} does not exist", "create it first")
        return
    with path.open("rb") as handle:
        header = handle.read(16)
    if header and header != _SQLITE_MAGIC:
        raise NotADatabase(f"{path} is not an SQLite database", "point --db at a prov database")


def _shown(url: str) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _shown_safely(url: str) -> str:
    """The URL without its password, even when SQLAlchemy cannot parse it."""
    try:
        return _shown(url)
    except Exception:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://{rest.rpartition('@')[2]}" if rest else url


def _fix_for(url: str) -> str:
    if sqlite_path(url) is not None:
        return "point --db at a prov database"
    return "check the database URL, that the server runs and that the user may connect"
