"""``prov contradictions`` and ``prov timeline``: the reports researchers read."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import (
    DbOption,
    FormatOption,
    PerOption,
    ReviewAuthorOption,
    ReviewUrlOption,
    app,
    claimreview_only,
    session,
    show,
    user_errors,
)


def _check_format(fmt: str) -> str:
    from provenance.output.reports import CONTRADICTION_FORMATS

    if fmt not in CONTRADICTION_FORMATS:
        raise typer.BadParameter(f"{fmt!r} is not one of {', '.join(CONTRADICTION_FORMATS)}")
    return fmt


ContradictionsFormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Output format: table, json, csv, md (Markdown) or claimreview (schema.org JSON-LD).",
        callback=_check_format,
    ),
]
PersonOption = Annotated[str, typer.Option("--person", "-p", help="The person's name, alias or id.")]
ClaimOption = Annotated[str | None, typer.Option("--claim", help="Only this claim (its slug).")]


@app.command("contradictions")
def contradictions(
    ctx: typer.Context,
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
    fmt: ContradictionsFormatOption = "table",
    review_author: ReviewAuthorOption = "prov",
    review_url: ReviewUrlOption = None,
    per: PerOption = None,
) -> None:
    """Pairs of a person's statements on one claim read as supporting and opposing it, earlier first."""
    claimreview_only(ctx, fmt)
    with user_errors():
        from provenance.api.contradictions import contradictions as api
        from provenance.exports.claimreview import check_url_base
        from provenance.output.reports import contradictions as view

        # Checked before the database is opened, so a typo fails fast and alone.
        base = check_url_base(review_url)
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
        show(view(data, review_author=review_author, review_url=base, per=per or "pair"), fmt)


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
