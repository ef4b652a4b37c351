"""Recording a quotation in one call: the article, speaker, source, statement, quote and stances."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.api._common import Outcome, choice, language, sha256
from provenance.api.articles import add_article
from provenance.api.claims import find_claim
from provenance.api.people import add_person, lookup_person
from provenance.api.sources import add_archive, add_source
from provenance.api.stances import set_stance
from provenance.dates import When, parse_when
from provenance.errors import InvalidInput
from provenance.ids import stable_id
from provenance.models import Quotation, Statement
from provenance.models.claim import STANCES
from provenance.models.quotation import RELATIONS
from provenance.names import optional_text
from provenance.urls import x_status_id


@dataclass
class QuoteResult:
    """Every record the call touched, and the ids a script needs next."""

    outcomes: list[Outcome] = field(default_factory=list)
    statement_id: str = ""
    quotation_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "statement_id": self.statement_id,
            "quotation_id": self.quotation_id,
            "records": [o.to_json() for o in self.outcomes],
        }


def statement_fingerprint(
    speaker_id: str | None,
    source_id: str | None,
    when: When | None,
    locator: str | None,
    text: str | None,
    quoted_text: str | None,
) -> str:
    """The natural key of a statement. With no original text, the words as first quoted stand in."""
    words = text if text is not None else f"quoted:{quoted_text}"
    parts = [
        speaker_id or "",
        source_id or "",
        when.isoformat() if when else "",
        when.precision.value if when else "",
        locator or "",
        words,
    ]
    return sha256("\x1f".join(parts))


def add_quote(
    session: Session,
    *,
    article_url: str,
    person: str | None = None,
    unattributed: bool = False,
    text: str | None = None,
    quoted_text: str | None = None,
    lang: str | None = None,
    quoted_lang: str | None = None,
    relation: str | None = None,
    said_at: str | When | None = None,
    source_url: str | None = None,
    source_kind: str | None = None,
    source_title: str | None = None,
    archive_urls: Sequence[str] = (),
    attributed_as: str | None = None,
    locator: str | None = None,
    via: str | None = None,
    claims: Sequence[tuple[str, str]] = (),
    reader: str | None = None,
    basis: str = "stated",
    stance_note: str | None = None,
    article_title: str | None = None,
    article_date: str | When | None = None,
    article_lang: str | None = None,
    publisher: str | None = None,
) -> QuoteResult:
    """Record that an article quoted a statement, creating whatever is not yet recorded.

    ``text`` is the statement's original words; ``quoted_text`` the words as the article prints
    them (defaults to ``text``). Run twice with the same arguments, it changes nothing.
    """
    result = QuoteResult()
    original = optional_text(text)
    printed = optional_text(quoted_text) or original
    if printed is None:
        raise InvalidInput("empty quote", "give --text (the original) and/or --quoted-text")
    if unattributed and person:
        raise InvalidInput("both a person and --unattributed given", "give one of them")
    if not unattributed and not optional_text(person):
        raise InvalidInput("no speaker given", "give --person NAME, or --unattributed")
    lang_tag = language(lang)
    quoted_tag = language(quoted_lang, "quoted language") or (lang_tag if printed == original else None)
    relation_value = _relation(relation, original, printed, lang_tag, quoted_tag)
    when = parse_when(said_at) if said_at is not None else None
    pairs = [(choice(stance, STANCES, "stance"), find_claim(session, slug).slug) for slug, stance in claims]

    article, outcome = add_article(
        session,
        article_url,
        title=article_title,
        published=article_date,
        language_tag=article_lang,
        publisher=publisher,
    )
    result.outcomes.append(outcome)

    speaker_id: str | None = None
    if not unattributed:
        assert person is not None
        found = lookup_person(session, person)
        if found is None:
            outcome = add_person(session, person)
            result.outcomes.append(outcome)
            speaker_id = outcome.id
        else:
            speaker_id = found.id
            result.outcomes.append(Outcome("person", found.id, found.name, "found"))

    source_id: str | None = None
    if source_url:
        source, outcome = add_source(session, source_url, kind=source_kind, title=source_title)
        result.outcomes.append(outcome)
        source_id = source.id
        for archive in archive_urls:
            result.outcomes.append(add_archive(session, source, archive))
        if locator is None:
            locator = x_status_id(source.url) and f"status/{x_status_id(source.url)}"
    elif archive_urls:
        raise InvalidInput("archive URLs given without --source-url", "say which source they copy")
    elif source_kind or source_title:
        raise InvalidInput("source details given without --source-url", "add --source-url")

    via_id: str | None = None
    if via:
        via_source, outcome = add_source(session, via)
        via_id = via_source.id
        if via_source.id != source_id:
            result.outcomes.append(outcome)

    locator = optional_text(locator)
    fingerprint = statement_fingerprint(speaker_id, source_id, when, locator, original, printed)
    label = _short(original or printed)
    statement = session.scalars(select(Statement).where(Statement.fingerprint == fingerprint)).first()
    if statement is not None:
        result.outcomes.append(Outcome("statement", statement.id, label, "found"))
    elif original is not None and (
        statement := _without_original(
            session, statement_fingerprint(speaker_id, source_id, when, locator, None, printed)
        )
    ):
        # Recorded from a quote alone, the statement now has its own words: the same record,
        # keyed by what it now says, so running this call again finds it.
        statement.text = original
        statement.language = lang_tag or statement.language
        statement.fingerprint = fingerprint
        session.flush()
        result.outcomes.append(Outcome("statement", statement.id, label, "updated"))
    else:
        statement = Statement(
            id=stable_id("statement", fingerprint),
            speaker_id=speaker_id,
            source_id=source_id,
            text=original,
            language=lang_tag if original is not None else (lang_tag or None),
            said_at=when.at if when else None,
            said_precision=when.precision.value if when else None,
            locator=locator,
            fingerprint=fingerprint,
        )
        session.add(statement)
        session.flush()
        result.outcomes.append(Outcome("statement", statement.id, label, "created"))
    result.statement_id = statement.id

    text_hash = sha256(printed)
    quotation = session.scalars(
        select(Quotation).where(
            Quotation.article_id == article.id,
            Quotation.statement_id == statement.id,
            Quotation.text_hash == text_hash,
        )
    ).first()
    attributed = optional_text(attributed_as) or (optional_text(person) if not unattributed else None)
    if quotation is None:
        quotation = Quotation(
            id=stable_id("quotation", article.id, statement.id, text_hash),
            article_id=article.id,
            statement_id=statement.id,
            quoted_text=printed,
            text_hash=text_hash,
            quoted_lang=quoted_tag,
            relation=relation_value,
            attributed_as=attributed,
            via_source_id=via_id,
        )
        session.add(quotation)
        session.flush()
        action = "created"
    else:
        action = "found"
        for name, value in (
            ("quoted_lang", quoted_tag),
            ("attributed_as", optional_text(attributed_as)),
            ("via_source_id", via_id),
        ):
            if value is not None and getattr(quotation, name) != value:
                setattr(quotation, name, value)
                action = "updated"
        if relation is not None and quotation.relation != relation_value:
            quotation.relation = relation_value
            action = "updated"
    result.outcomes.append(Outcome("quotation", quotation.id, _short(printed), action))  # type: ignore[arg-type]
    result.quotation_id = quotation.id

    for stance, slug in pairs:
        result.outcomes.append(
            set_stance(session, statement.id, slug, stance, reader=reader, basis=basis, note=stance_note)
        )
    return result


def _without_original(session: Session, quoted_fingerprint: str) -> Statement | None:
    """The statement recorded with no original text from the same quote, the same speaker, source,
    time and locator: learning its words later must not make it a second statement."""
    return session.scalars(
        select(Statement).where(Statement.fingerprint == quoted_fingerprint, Statement.text.is_(None))
    ).first()


def _relation(
    relation: str | None,
    original: str | None,
    printed: str,
    lang: str | None,
    quoted_lang: str | None,
) -> str:
    if relation is not None:
        return choice(relation, RELATIONS, "relation")
    if original is None or printed == original:
        return "verbatim" if original is not None or _same_language(quoted_lang, lang) else "translation"
    if lang and quoted_lang and not _same_language(lang, quoted_lang):
        return "translation"
    return "partial" if printed in original else "paraphrase"


def _same_language(a: str | None, b: str | None) -> bool:
    # Compare primary subtags: "en-US" quoted as "en" is no translation.
    return (a or "").split("-")[0] == (b or "").split("-")[0]


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
