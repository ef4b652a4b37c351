"""Alembic environment: the CLI and tests pass their own connection in ``config.attributes``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from provenance.db import make_engine, resolve_url
from provenance.models import Base
from provenance.models.base import UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(kind: str, obj: Any, _context: Any) -> str | bool:
    """Revisions spell our column types in plain SQLAlchemy: they must never import the models,
    which will have moved on by the time an old revision runs."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or resolve_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or resolve_url())
    with engine.begin() as conn:
        run(conn)
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
