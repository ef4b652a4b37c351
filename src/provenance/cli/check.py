"""``prov check``: every problem in the record, with the ids of the records involved."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, session, show, user_errors


@app.command("check")
def check(
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit with status 1 when any problem is found (for CI).")
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Lint the record: names, dates, attributions, archives, changed pages, unverified quotes."""
    with user_errors():
        from provenance.api.check import check as api
        from provenance.output.check import check as view

        with session(db, write=False) as sess:
            data = api(sess)
        show(view(data), fmt)
    if strict and data["total"]:
        raise typer.Exit(1)
