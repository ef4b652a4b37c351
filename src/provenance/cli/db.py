"""``prov init`` and ``prov db upgrade|downgrade|current``: the schema, explicitly."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, show, user_errors

db_app = typer.Typer(
    name="db",
    help="Show or change the database's schema revision (Alembic migrations).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")


@app.command("init")
def init_cmd(db: DbOption = None, fmt: FormatOption = "table") -> None:
    """Create the database and bring its schema to the latest revision (safe to run again)."""
    with user_errors():
        from provenance.db import init_database
        from provenance.output.browse import database

        status = init_database(db)
        show(database(status.to_json()), fmt)


@db_app.command("upgrade")
def upgrade_cmd(
    revision: Annotated[str, typer.Argument(help="Target revision: head, or a revision id.")] = "head",
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Migrate the schema up to a revision (default: head), creating the database if missing."""
    with user_errors():
        from provenance.db import upgrade_database
        from provenance.output.browse import database

        status = upgrade_database(db, revision)
        show(database(status.to_json()), fmt)


@db_app.command("downgrade")
def downgrade_cmd(
    revision: Annotated[
        str,
        typer.Argument(
            help="Target revision: a revision id, or base to drop every table.", show_default=False
        ),
    ],
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Migrate the schema down to a revision. Tables it drops lose their rows: export a bundle first."""
    with user_errors():
        from provenance.db import downgrade_database
        from provenance.output.browse import database

        status = downgrade_database(db, revision)
        show(database(status.to_json()), fmt)


@db_app.command("current")
def current_cmd(db: DbOption = None, fmt: FormatOption = "table") -> None:
    """Print the database's schema revision, or say it is empty."""
    with user_errors():
        from provenance.db import database_status
        from provenance.output.browse import database

        status = database_status(db)
        show(database(status.to_json()), fmt)
