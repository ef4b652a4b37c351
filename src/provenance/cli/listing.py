"""``prov show article|statement|person|claim REF`` and ``prov list people|articles|claims|statements``."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, session, show, user_errors

SHOW_KINDS = ("article", "statement", "person", "claim")
LIST_KINDS = ("people", "articles", "claims", "statements")
# What researchers type for the other number; accepted so a slip costs nothing.
_SHOW_SYNONYMS = {"articles": "article", "statements": "statement", "people": "person", "claims": "claim"}
_LIST_SYNONYMS = {
    "person": "people",
    "persons": "people",
    "article": "articles",
    "claim": "claims",
    "statement": "statements",
}


def _kind(value: str, kinds: tuple[str, ...], synonyms: dict[str, str], command: str) -> str:
    from provenance.errors import InvalidInput

    cleaned = value.strip().lower()
    cleaned = synonyms.get(cleaned, cleaned)
    if cleaned not in kinds:
        raise InvalidInput(f"cannot {command} {value!r}", f"use prov {command} {'|'.join(kinds)}")
    return cleaned


@app.command("show")
def show_cmd(
    what: Annotated[str, typer.Argument(help="article, statement, person or claim.", show_default=False)],
    ref: Annotated[
        str,
        typer.Argument(
            help="Article id or URL; statement id (or 8+ first characters); person name, alias or id; "
            "claim slug or id.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Show one record with everything attached to it."""
    with user_errors():
        # Checked before the imports, so a mistyped kind is refused without loading SQLAlchemy.
        kind = _kind(what, SHOW_KINDS, _SHOW_SYNONYMS, "show")
        from provenance.api import browse as api
        from provenance.output import browse as views

        with session(db, write=False) as sess:
            if kind == "article":
                report = views.article(api.show_article(sess, ref))
            elif kind == "statement":
                report = views.statement(api.show_statement(sess, ref))
            elif kind == "person":
                report = views.person(api.show_person(sess, ref))
            else:
                report = views.claim(api.show_claim(sess, ref))
        show(report, fmt)


@app.command("list")
def list_cmd(
    what: Annotated[str, typer.Argument(help="people, articles, claims or statements.", show_default=False)],
    person: Annotated[
        str | None, typer.Option(help="Only this speaker's statements (name, alias or id).")
    ] = None,
    claim: Annotated[str | None, typer.Option(help="Only statements read on this claim (slug).")] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List the records of one kind."""
    with user_errors():
        from provenance.errors import InvalidInput

        kind = _kind(what, LIST_KINDS, _LIST_SYNONYMS, "list")
        if kind != "statements" and (person is not None or claim is not None):
            raise InvalidInput(
                f"--person and --claim filter statements, not {kind}",
                "use prov list statements --person NAME",
            )
        from provenance.api import browse as api
        from provenance.output import browse as views

        with session(db, write=False) as sess:
            if kind == "people":
                report = views.people(api.list_people(sess))
            elif kind == "articles":
                report = views.articles(api.list_articles(sess))
            elif kind == "claims":
                report = views.claims(api.list_claims(sess))
            else:
                report = views.statements(api.list_statements(sess, person=person, claim=claim))
        show(report, fmt)
