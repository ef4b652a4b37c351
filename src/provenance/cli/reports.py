"""``prov contradictions`` and ``prov timeline``: the reports researchers read."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, session, show, user_errors

PersonOption = Annotated[str, typer.Option("--person", "-p", help="The person's name, alias or id.")]
ClaimOption = Annotated[str | None, typer.Option("--claim", help="Only this claim (its slug).")]


@app.command("contradictions")
def contradictions(
    person: PersonOption,
    claim: ClaimOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only statements from this date on, e.g. 2025-11.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only statements up to this date (its whole day, month...).")
    ] = None,
    include_affiliated: Annotated[
        bool,
        typer.Option(
            "--include-affiliated",
            help="Also pair with statements of organisations the person belonged to, at the time.",
        ),
    ] = False,
    shifts: Annotated[
        bool, typer.Option("--shifts", help="Also list half shifts: a stance moving to or from neutral.")
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Pairs of a person's statements on one claim read as supporting and opposing it, earlier first."""
    with user_errors():
        from provenance.api.contradictions import contradictions as api
        from provenance.output.reports import contradictions as view

        with session(db, write=False) as sess:
            data = api(
                sess,
                person,
                claim=claim,
                since=since,
                until=until,
                include_affiliated=include_affiliated,
                shifts=shifts,
            )
        show(view(data), fmt)


@app.command("timeline")
def timeline(
    person: PersonOption,
    claim: ClaimOption = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """A person's statements in time order, with the stances read in each."""
    with user_errors():
        from provenance.api.timeline import timeline as api
        from provenance.output.reports import timeline as view

        with session(db, write=False) as sess:
            data = api(sess, person, claim=claim)
        show(view(data), fmt)
