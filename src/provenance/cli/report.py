"""``prov report``: a person's timeline and contradictions as one HTML page to share or print."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, app, session, user_errors
from provenance.cli.reports import ClaimOption, PersonOption


@app.command("report")
def report(
    person: PersonOption,
    out: Annotated[str, typer.Option("--out", "-o", help="The HTML file to write, e.g. report.html.")],
    claim: ClaimOption = None,
    db: DbOption = None,
) -> None:
    """Write a self-contained HTML page: the person's timeline per claim and each contradiction."""
    with user_errors():
        from provenance.htmlreport import build, check_out, write_page
        from provenance.output.bundle import note

        # A bad --out is refused before the database is read.
        check_out(out)
        with session(db, write=False) as sess:
            page, counts = build(sess, person, claim=claim)
        target = write_page(out, page)
        note(
            f"wrote {target}: {counts['statements']} statement{'' if counts['statements'] == 1 else 's'}, "
            f"{counts['contradictions']} contradiction{'' if counts['contradictions'] == 1 else 's'}"
        )
