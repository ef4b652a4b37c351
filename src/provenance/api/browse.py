"""Reading the record back: lists of each kind and one record with everything attached to it.

Every function returns JSON-ready dicts. Counts come from one GROUP BY per list, never one query
per row, so listing 20,000 people costs a handful of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from provenance.api.articles import find_article
from provenance.api.claims import find_claim
from provenance.api.people import find_person
from provenance.api.stances import find_statement
from provenance.dates import When
from provenance.models import (
    Affiliation,
    Alias,
    ArchiveCopy,
    Article,
    Claim,
    Person,
    Quotation,
    Source,
    Stance,
    Statement,
)

Row = dict[str, Any]


def _display(at: datetime | None, precision: str | None) -> str | None:
    when = When.from_stored(at, precision)
    return when.display() if when else None


def _iso(at: datetime | None, precision: str | None) -> str | None:
    when = When.from_stored(at, precision)
    return when.isoformat() if when else None


def _stamp(at: datetime | None) -> str | None:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ") if at else None


def list_people(session: Session) -> list[Row]:
    """Every person and organisation, by name, with their aliases and how many statements they made."""
    counts: dict[str | None, int] = {
        speaker_id: count
        for speaker_id, count in session.execute(
            select(Statement.speaker_id, func.count())
            .where(Statement.speaker_id.is_not(None))
            .group_by(Statement.speaker_id)
        )
    }
    aliases: dict[str, list[str]] = defaultdict(list)
    for person_id, alias in session.execute(select(Alias.person_id, Alias.alias).order_by(Alias.alias)):
        aliases[person_id].append(alias)
    people = session.execute(select(Person.id, Person.name, Person.kind).order_by(Person.name_key, Person.id))
    return [
        {
            "id": person_id,
            "name": name,
            "kind": kind,
            "aliases": aliases.get(person_id, []),
            "statements": counts.get(person_id, 0),
        }
        for person_id, name, kind in people
    ]


def list_articles(session: Session) -> list[Row]:
    """Every quoting article, newest first (undated last), with how many quotations it holds."""
    counts = select(Quotation.article_id, func.count().label("n")).group_by(Quotation.article_id).subquery()
    rows = session.execute(
        select(Article, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.article_id == Article.id)
        .order_by(Article.published_at.is_(None), Article.published_at.desc(), Article.url)
    )
    return [
        {
            "id": article.id,
            "url": article.url,
            "title": article.title,
            "published": _display(article.published_at, article.published_precision),
            "language": article.language,
            "publisher": article.publisher,
            "quotations": count,
        }
        for article, count in rows
    ]


def list_claims(session: Session) -> list[Row]:
    """Every claim, by slug, with how many statements were read as supporting, opposing or neutral.

    Each count is of distinct statements: two readers agreeing on one statement count once.
    """

    def count_of(stance: str) -> Any:
        return func.count(func.distinct(case((Stance.stance == stance, Stance.statement_id))))

    tallies = {
        claim_id: (total, supports, opposes, neutral)
        for claim_id, total, supports, opposes, neutral in session.execute(
            select(
                Stance.claim_id,
                func.count(func.distinct(Stance.statement_id)),
                count_of("supports"),
                count_of("opposes"),
                count_of("neutral"),
            ).group_by(Stance.claim_id)
        )
    }
    rows = []
    for claim in session.scalars(select(Claim).order_by(Claim.slug)):
        total, supports, opposes, neutral = tallies.get(claim.id, (0, 0, 0, 0))
        rows.append(
            {
                "id": claim.id,
                "slug": claim.slug,
                "text": claim.text,
                "kind": claim.kind,
                "statements": total,
                "supports": supports,
                "opposes": opposes,
                "neutral": neutral,
            }
        )
    return rows


def list_statements(session: Session, person: str | None = None, claim: str | None = None) -> list[Row]:
    """Statements in time order (undated last), optionally one speaker's, or those read on one claim."""
    query = (
        select(Statement, Person.name, Source.url)
        .outerjoin(Person, Person.id == Statement.speaker_id)
        .outerjoin(Source, Source.id == Statement.source_id)
    )
    if person is not None:
        query = query.where(Statement.speaker_id == find_person(session, person).id)
    if claim is not None:
        on_claim = select(Stance.statement_id).where(Stance.claim_id == find_claim(session, claim).id)
        query = query.where(Statement.id.in_(on_claim))
    query = query.order_by(Statement.said_at.is_(None), Statement.said_at, Statement.id)
    found = list(session.execute(query))
    quoted = _first_quoted(session, [s.id for s, _, _ in found if s.text is None])
    return [_statement_row(s, speaker, url, quoted) for s, speaker, url in found]


def _statement_row(statement: Statement, speaker: str | None, url: str | None, quoted: dict[str, str]) -> Row:
    original = statement.text is not None
    return {
        "id": statement.id,
        "speaker": speaker,
        "said": _display(statement.said_at, statement.said_precision),
        "precision": statement.said_precision,
        "text": statement.text if original else quoted.get(statement.id),
        "original": original,
        "source": url,
    }


def _first_quoted(session: Session, statement_ids: Sequence[str]) -> dict[str, str]:
    """For statements known only through quotations, the words as first printed (earliest article)."""
    if not statement_ids:
        return {}
    first: dict[str, str] = {}
    for chunk in _chunks(statement_ids, 500):
        rows = session.execute(
            select(Quotation.statement_id, Quotation.quoted_text)
            .join(Article, Article.id == Quotation.article_id)
            .where(Quotation.statement_id.in_(chunk))
            .order_by(Article.published_at.is_(None), Article.published_at, Quotation.id)
        )
        for statement_id, text in rows:
            first.setdefault(statement_id, text)
    return first


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    # SQLite caps the number of bound parameters in one statement.
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _affiliation_row(affiliation: Affiliation, name: str, key: str) -> Row:
    return {
        key: name,
        "role": affiliation.role,
        "from": _display(affiliation.start_at, affiliation.start_precision),
        "until": _display(affiliation.end_at, affiliation.end_precision),
    }


def show_person(session: Session, ref: str) -> Row:
    """A person (by id, name or alias): aliases, affiliations both ways, and their statements."""
    person = find_person(session, ref)
    organisation = aliased(Person)
    member = aliased(Person)
    affiliations = session.execute(
        select(Affiliation, organisation.name)
        .join(organisation, organisation.id == Affiliation.organisation_id)
        .where(Affiliation.person_id == person.id)
        .order_by(Affiliation.start_at.is_(None), Affiliation.start_at, organisation.name)
    )
    members = session.execute(
        select(Affiliation, member.name)
        .join(member, member.id == Affiliation.person_id)
        .where(Affiliation.organisation_id == person.id)
        .order_by(Affiliation.start_at.is_(None), Affiliation.start_at, member.name)
    )
    return {
        "id": person.id,
        "name": person.name,
        "kind": person.kind,
        "description": person.description,
        "wikidata_id": person.wikidata_id,
        "aliases": [a.alias for a in person.aliases],
        "affiliations": [_affiliation_row(a, name, "organisation") for a, name in affiliations],
        "members": [_affiliation_row(a, name, "person") for a, name in members],
        "statements": list_statements(session, person=person.id),
    }


def show_article(session: Session, ref: str) -> Row:
    """An article (by id or URL) and every quotation it prints, with the name it gave each speaker."""
    article = find_article(session, ref)
    via = aliased(Source)
    rows = session.execute(
        select(Quotation, Statement, Person.name, via.url)
        .join(Statement, Statement.id == Quotation.statement_id)
        .outerjoin(Person, Person.id == Statement.speaker_id)
        .outerjoin(via, via.id == Quotation.via_source_id)
        .where(Quotation.article_id == article.id)
        .order_by(Statement.said_at.is_(None), Statement.said_at, Quotation.id)
    )
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "publisher": article.publisher,
        "language": article.language,
        "published": _display(article.published_at, article.published_precision),
        "quotations": [
            {
                "id": quotation.id,
                "quoted_text": quotation.quoted_text,
                "quoted_lang": quotation.quoted_lang,
                "relation": quotation.relation,
                "attributed_as": quotation.attributed_as,
                "speaker": speaker,
                "via": via_url,
                "statement_id": statement.id,
                "said": _display(statement.said_at, statement.said_precision),
            }
            for quotation, statement, speaker, via_url in rows
        ],
    }


def show_statement(session: Session, ref: str) -> Row:
    """A statement (by id or a unique 8+ character prefix) with its source, archives, quotations, stances."""
    statement = find_statement(session, ref)
    speaker = session.get(Person, statement.speaker_id) if statement.speaker_id else None
    source = session.get(Source, statement.source_id) if statement.source_id else None
    via = aliased(Source)
    quotations = session.execute(
        select(Quotation, Article.url, Article.title, via.url)
        .join(Article, Article.id == Quotation.article_id)
        .outerjoin(via, via.id == Quotation.via_source_id)
        .where(Quotation.statement_id == statement.id)
        .order_by(Article.published_at.is_(None), Article.published_at, Article.url, Quotation.id)
    )
    stances = session.execute(
        select(Stance, Claim.slug)
        .join(Claim, Claim.id == Stance.claim_id)
        .where(Stance.statement_id == statement.id)
        .order_by(Claim.slug, Stance.reader)
    )
    archives: list[ArchiveCopy] = list(source.archives) if source is not None else []
    return {
        "id": statement.id,
        "text": statement.text,
        "language": statement.language,
        "said": _display(statement.said_at, statement.said_precision),
        "said_at": _iso(statement.said_at, statement.said_precision),
        "precision": statement.said_precision,
        "locator": statement.locator,
        "speaker": (
            {"id": speaker.id, "name": speaker.name, "kind": speaker.kind} if speaker is not None else None
        ),
        "source": (
            {"id": source.id, "url": source.url, "kind": source.kind, "title": source.title}
            if source is not None
            else None
        ),
        "archives": [
            {"url": a.url, "service": a.service, "captured_at": _stamp(a.captured_at)} for a in archives
        ],
        "quotations": [
            {
                "id": quotation.id,
                "article": article_url,
                "article_title": article_title,
                "quoted_text": quotation.quoted_text,
                "quoted_lang": quotation.quoted_lang,
                "attributed_as": quotation.attributed_as,
                "relation": quotation.relation,
                "via": via_url,
            }
            for quotation, article_url, article_title, via_url in quotations
        ],
        "stances": [
            {
                "claim": slug,
                "stance": stance.stance,
                "basis": stance.basis,
                "reader": stance.reader,
                "note": stance.note,
            }
            for stance, slug in stances
        ],
    }


def show_claim(session: Session, ref: str) -> Row:
    """A claim (by id or slug) and every reading of a statement on it, in the statements' time order."""
    claim = find_claim(session, ref)
    rows = list(
        session.execute(
            select(Stance, Statement, Person.name)
            .join(Statement, Statement.id == Stance.statement_id)
            .outerjoin(Person, Person.id == Statement.speaker_id)
            .where(Stance.claim_id == claim.id)
            .order_by(Statement.said_at.is_(None), Statement.said_at, Statement.id, Stance.reader)
        )
    )
    quoted = _first_quoted(session, sorted({s.id for _, s, _ in rows if s.text is None}))
    return {
        "id": claim.id,
        "slug": claim.slug,
        "text": claim.text,
        "kind": claim.kind,
        "stances": [
            {
                "statement_id": statement.id,
                "speaker": speaker,
                "said": _display(statement.said_at, statement.said_precision),
                "text": statement.text if statement.text is not None else quoted.get(statement.id),
                "stance": stance.stance,
                "basis": stance.basis,
                "reader": stance.reader,
                "note": stance.note,
            }
            for stance, statement, speaker in rows
        ],
    }
