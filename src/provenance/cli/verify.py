"""``prov verify``: anchor every quotation in the stored text of its source and its article."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, session, show, user_errors


@app.command("verify")
def verify(
    article: Annotated[
        str | None, typer.Option("--article", help="Only the quotations of this article (URL or id).")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Find each quote in its source's and its article's stored text (run prov fetch first)."""
    with user_errors():
        from provenance.api.verify import verify as api
        from provenance.output.verify import verify_report

        # A writer: each run replaces the anchors it computed.
        with session(db, write=True) as sess:
            data = api(sess, article=article)
        show(verify_report(data), fmt)
