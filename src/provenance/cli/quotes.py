"""``prov add-quote`` (a whole quotation in one call) and ``prov stance``."""

from __future__ import annotations

from typing import Annotated

import typer

from provenance.cli.app import DbOption, FormatOption, app, session, show, split_pairs, user_errors

_RECORD = "Record"
_ARTICLE = "Quoting article"
_SOURCE = "Original source"
_READING = "Reading (stance)"


@app.command("add-quote")
def add_quote(
    article: Annotated[
        str, typer.Option("--article", help="URL of the quoting article.", rich_help_panel=_ARTICLE)
    ],
    person: Annotated[
        str | None, typer.Option(help="Speaker: name, alias, handle or id.", rich_help_panel=_RECORD)
    ] = None,
    unattributed: Annotated[
        bool, typer.Option("--unattributed", help="The article names no speaker.", rich_help_panel=_RECORD)
    ] = False,
    text: Annotated[
        str | None, typer.Option(help="The statement's original words.", rich_help_panel=_RECORD)
    ] = None,
    quoted_text: Annotated[
        str | None, typer.Option(help="The words as the article prints them.", rich_help_panel=_RECORD)
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help="Language of the original.", rich_help_panel=_RECORD)
    ] = None,
    quoted_lang: Annotated[
        str | None, typer.Option(help="Language of the printed words.", rich_help_panel=_RECORD)
    ] = None,
    relation: Annotated[
        str | None,
        typer.Option(
            help="verbatim, translation, partial or paraphrase (inferred if omitted).",
            rich_help_panel=_RECORD,
        ),
    ] = None,
    said_at: Annotated[
        str | None,
        typer.Option(help="When it was said, e.g. '16:52 UTC · 6 nov. 2025'.", rich_help_panel=_RECORD),
    ] = None,
    attributed_as: Annotated[
        str | None, typer.Option(help="The name the article gives, as written.", rich_help_panel=_RECORD)
    ] = None,
    locator: Annotated[
        str | None,
        typer.Option(help="Where in the source: 'Sec. 1', 'paragraph 3'.", rich_help_panel=_RECORD),
    ] = None,
    source_url: Annotated[
        str | None, typer.Option(help="Where it was first said.", rich_help_panel=_SOURCE)
    ] = None,
    source_kind: Annotated[
        str | None,
        typer.Option(
            help="x_post, news_article, executive_order, blog_post, speech, interview, other.",
            rich_help_panel=_SOURCE,
        ),
    ] = None,
    source_title: Annotated[
        str | None, typer.Option(help="The source's title.", rich_help_panel=_SOURCE)
    ] = None,
    archive_url: Annotated[
        list[str] | None,
        typer.Option(help="An archive copy of the source (repeatable).", rich_help_panel=_SOURCE),
    ] = None,
    via: Annotated[
        str | None,
        typer.Option(
            help="URL the article took the quote from (a quote of a quote).", rich_help_panel=_SOURCE
        ),
    ] = None,
    article_title: Annotated[str | None, typer.Option(rich_help_panel=_ARTICLE)] = None,
    article_date: Annotated[str | None, typer.Option(rich_help_panel=_ARTICLE)] = None,
    article_lang: Annotated[str | None, typer.Option(rich_help_panel=_ARTICLE)] = None,
    publisher: Annotated[str | None, typer.Option(rich_help_panel=_ARTICLE)] = None,
    claim: Annotated[
        list[str] | None,
        typer.Option(help="A claim slug (repeatable, each with a --stance).", rich_help_panel=_READING),
    ] = None,
    stance: Annotated[
        list[str] | None, typer.Option(help="supports, opposes or neutral.", rich_help_panel=_READING)
    ] = None,
    interpreted: Annotated[
        bool,
        typer.Option(
            help="The stance is a reading of the words, not what they say outright.", rich_help_panel=_READING
        ),
    ] = False,
    note: Annotated[
        str | None, typer.Option(help="Why the stance was read so.", rich_help_panel=_READING)
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(help="Who read the stance (default: $PROV_READER).", rich_help_panel=_READING),
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Record one quotation, creating the article, speaker, source and statement if missing."""
    with user_errors():
        from provenance.api.quotes import add_quote as api
        from provenance.output.views import outcomes

        pairs = split_pairs(claim or [], stance or [])
        with session(db, write=True) as sess:
            result = api(
                sess,
                article_url=article,
                person=person,
                unattributed=unattributed,
                text=text,
                quoted_text=quoted_text,
                lang=lang,
                quoted_lang=quoted_lang,
                relation=relation,
                said_at=said_at,
                source_url=source_url,
                source_kind=source_kind,
                source_title=source_title,
                archive_urls=archive_url or [],
                attributed_as=attributed_as,
                locator=locator,
                via=via,
                claims=pairs,
                reader=by,
                basis="interpreted" if interpreted else "stated",
                stance_note=note,
                article_title=article_title,
                article_date=article_date,
                article_lang=article_lang,
                publisher=publisher,
            )
        show(outcomes(result.outcomes, result.to_json()), fmt)


@app.command("stance")
def stance_cmd(
    statement: Annotated[str, typer.Argument(help="Statement id (or its first 8+ characters).")],
    claim: Annotated[str, typer.Option(help="The claim's slug.")],
    stance: Annotated[str, typer.Option(help="supports, opposes or neutral.")],
    note: Annotated[str | None, typer.Option(help="Why the statement reads so.")] = None,
    by: Annotated[str | None, typer.Option(help="Who reads it so (default: $PROV_READER).")] = None,
    interpreted: Annotated[
        bool, typer.Option(help="A reading of the words, not what they say outright.")
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Record a reading of a statement on a claim (the same reader again replaces it)."""
    with user_errors():
        from provenance.api.stances import set_stance
        from provenance.output.views import outcomes

        with session(db, write=True) as sess:
            outcome = set_stance(
                sess,
                statement,
                claim,
                stance,
                reader=by,
                basis="interpreted" if interpreted else "stated",
                note=note,
            )
        show(outcomes([outcome]), fmt)
