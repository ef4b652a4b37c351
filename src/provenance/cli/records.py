"""``prov add-person``, ``add-alias``, ``add-affiliation``, ``add-article``, ``add-claim``."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, session, show, user_errors


@app.command("add-person")
def add_person(
    name: Annotated[str, typer.Argument(help="Canonical name, e.g. 'David Sacks'.")],
    alias: Annotated[
        list[str] | None, typer.Option("--alias", "-a", help="Another name or handle (repeatable).")
    ] = None,
    organisation: Annotated[
        bool, typer.Option("--organisation", "--org", help="An organisation, not a person.")
    ] = False,
    description: Annotated[str | None, typer.Option(help="A short description.")] = None,
    wikidata: Annotated[str | None, typer.Option(help="Wikidata id, e.g. Q7354219.")] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Record a person or organisation (a second call with the same name changes nothing)."""
    with user_errors():
        from provenance.api.people import add_person as api
        from provenance.output.views import outcomes

        with session(db, write=True) as sess:
            outcome = api(
                sess,
                name,
                kind="organisation" if organisation else "person",
                description=description,
                wikidata_id=wikidata,
                aliases=alias or [],
            )
        show(outcomes([outcome]), fmt)


@app.command("add-alias")
def add_alias(
    person: Annotated[str, typer.Argument(help="The person's name, alias or id.")],
    alias: Annotated[str, typer.Argument(help="The other name or handle, e.g. @DavidSacks.")],
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Give a person another name: a spelling, a handle, a full name."""
    with user_errors():
        from provenance.api.people import add_alias as api
        from provenance.output.views import outcomes

        with session(db, write=True) as sess:
            outcome = api(sess, person, alias)
        show(outcomes([outcome]), fmt)


@app.command("add-affiliation")
def add_affiliation(
    person: Annotated[str, typer.Argument(help="The person's name, alias or id.")],
    organisation: Annotated[str, typer.Argument(help="The organisation's name, alias or id.")],
    role: Annotated[str | None, typer.Option(help="e.g. 'AI and crypto czar'.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="Start date, e.g. 2024-12.")] = None,
    end: Annotated[str | None, typer.Option("--until", help="End date; omit while it lasts.")] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Record that a person belonged to an organisation, in a role, between two dates."""
    with user_errors():
        from provenance.api.people import add_affiliation as api
        from provenance.output.views import outcomes

        with session(db, write=True) as sess:
            outcome = api(sess, person, organisation, role=role, start=start, end=end)
        show(outcomes([outcome]), fmt)


@app.command("add-article")
def add_article(
    url: Annotated[str, typer.Argument(help="The article's URL.")],
    title: Annotated[str | None, typer.Option(help="Its title.")] = None,
    date: Annotated[
        str | None, typer.Option(help="Publication date, e.g. 'mercredi 26 novembre 2025'.")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Its language, e.g. fr.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Record an article that quotes statements."""
    with user_errors():
        from provenance.api.articles import add_article as api
        from provenance.output.views import outcomes

        with session(db, write=True) as sess:
            _, outcome = api(sess, url, title=title, published=date, language_tag=lang, publisher=publisher)
        show(outcomes([outcome]), fmt)


@app.command("add-claim")
def add_claim(
    slug: Annotated[str, typer.Argument(help="Short identifier, e.g. federal-ai-bailout.")],
    text: Annotated[str, typer.Argument(help="The proposition in words.")],
    kind: Annotated[
        str | None, typer.Option(help="position (a stance or commitment; the default) or factual.")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Record a claim that statements can support, oppose or be neutral on."""
    with user_errors():
        from provenance.api.claims import add_claim as api
        from provenance.output.views import outcomes

        with session(db, write=True) as sess:
            outcome = api(sess, slug, text, kind=kind)
        show(outcomes([outcome]), fmt)
