"""W3C PROV: the record as a PROV document, written as PROV-JSON or PROV-N with the ``prov`` package.

Statements, quoted texts, articles, sources and archive copies are entities; people and
organisations are agents. Every identifier is a record's stable id in the ``provrec`` namespace,
so two researchers' exports of the same record name the same things.

The ``prov`` package holds the whole document in memory before it serialises it: these exports
do not stream, unlike JSON Lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any, TypeVar, cast

from prov.constants import PROV, PROV_LABEL, PROV_VALUE
from prov.model import Literal, Namespace, ProvDocument, QualifiedName
from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.models import Alias, ArchiveCopy, Article, Base, Person, Quotation, Source, Statement
from provenance.names import name_key

RECORD_PREFIX = "provrec"
RECORD_URI = "https://example.org/prov/record/"
TERMS_PREFIX = "provterm"
TERMS_URI = "https://example.org/prov/terms#"

_M = TypeVar("_M", bound=Base)


def _by_id(session: Session, model: type[_M]) -> Iterator[_M]:
    # Sorted in Python, as the bundle is, so SQLite and PostgreSQL give the same document.
    return iter(sorted(session.scalars(select(model)), key=lambda record: str(record.id)))  # type: ignore[attr-defined]


def _attributes(pairs: Iterable[tuple[QualifiedName, Any]]) -> dict[QualifiedName, Any]:
    # PROV has no null: an unknown value is an absent attribute.
    return {key: value for key, value in pairs if value is not None}


def _text(value: str | None, language: str | None) -> Any:
    if value is None:
        return None
    return Literal(value, langtag=language) if language else value


class _Builder:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.doc = ProvDocument()
        self.rec: Namespace = self.doc.add_namespace(RECORD_PREFIX, RECORD_URI)
        self.term: Namespace = self.doc.add_namespace(TERMS_PREFIX, TERMS_URI)
        # Articles name their publisher as written: a name or alias prov knows is that agent.
        self.agents_by_key: dict[str, QualifiedName] = {}

    def build(self) -> ProvDocument:
        self.people()
        self.sources()
        self.articles()
        self.archives()
        self.statements()
        self.quotations()
        return self.doc

    def generated(self, entity: QualifiedName, at: datetime | None, precision: str | None) -> None:
        if at is None:
            return
        # A time stored at day precision is midnight only by convention; the precision says so.
        self.doc.wasGeneratedBy(
            entity, time=at, other_attributes=_attributes([(self.term["precision"], precision)])
        )

    def people(self) -> None:
        for person in _by_id(self.session, Person):
            kind = PROV["Organization"] if person.kind == "organisation" else PROV["Person"]
            wikidata = f"http://www.wikidata.org/entity/{person.wikidata_id}" if person.wikidata_id else None
            identifier = self.rec[person.id]
            self.doc.agent(
                identifier,
                _attributes(
                    [
                        (PROV["type"], kind),
                        (PROV_LABEL, person.name),
                        (self.term["description"], person.description),
                        (self.term["wikidata"], wikidata),
                    ]
                ),
            )
            self.agents_by_key[person.name_key] = identifier
        for person_id, key in self.session.execute(select(Alias.person_id, Alias.alias_key)):
            self.agents_by_key.setdefault(key, self.rec[person_id])

    def sources(self) -> None:
        for source in _by_id(self.session, Source):
            entity = self.rec[source.id]
            self.doc.entity(
                entity,
                _attributes(
                    [
                        (PROV["type"], self.term["Source"]),
                        (self.term["kind"], source.kind),
                        (self.term["url"], source.url),
                        (PROV_LABEL, source.title),
                        (self.term["publisher"], source.publisher),
                        (self.term["language"], source.language),
                    ]
                ),
            )
            self.generated(entity, source.published_at, source.published_precision)

    def articles(self) -> None:
        for article in _by_id(self.session, Article):
            entity = self.rec[article.id]
            self.doc.entity(
                entity,
                _attributes(
                    [
                        (PROV["type"], self.term["Article"]),
                        (self.term["url"], article.url),
                        (PROV_LABEL, article.title),
                        (self.term["publisher"], article.publisher),
                        (self.term["language"], article.language),
                    ]
                ),
            )
            self.generated(entity, article.published_at, article.published_precision)
            publisher = self.publisher(article)
            if publisher is not None:
                self.doc.wasAttributedTo(entity, publisher)

    def publisher(self, article: Article) -> QualifiedName | None:
        if article.publisher is None:
            return None
        return self.agents_by_key.get(name_key(article.publisher))

    def archives(self) -> None:
        for archive in _by_id(self.session, ArchiveCopy):
            entity = self.rec[archive.id]
            # The one_owner check constraint: a copy has a source or an article, never neither.
            owner = self.rec[cast(str, archive.source_id or archive.article_id)]
            self.doc.entity(
                entity,
                _attributes(
                    [
                        (PROV["type"], self.term["ArchiveCopy"]),
                        (self.term["url"], archive.url),
                        (self.term["service"], archive.service),
                        (self.term["status"], archive.status),
                    ]
                ),
            )
            self.doc.alternateOf(entity, owner)
            if archive.captured_at is not None:
                # A dated capture is the page as it was at that moment: a specialisation of it.
                self.doc.specializationOf(entity, owner)
                self.doc.wasGeneratedBy(entity, time=archive.captured_at)

    def statements(self) -> None:
        for statement in _by_id(self.session, Statement):
            entity = self.rec[statement.id]
            self.doc.entity(
                entity,
                _attributes(
                    [
                        (PROV["type"], self.term["Statement"]),
                        (PROV_VALUE, _text(statement.text, statement.language)),
                        (self.term["language"], statement.language),
                        (self.term["locator"], statement.locator),
                        (self.term["source"], self.rec[statement.source_id] if statement.source_id else None),
                    ]
                ),
            )
            if statement.speaker_id is not None:
                self.doc.wasAttributedTo(entity, self.rec[statement.speaker_id])
            self.generated(entity, statement.said_at, statement.said_precision)

    def quotations(self) -> None:
        articles = {article.id: article for article in self.session.scalars(select(Article))}
        speakers = {
            statement_id: speaker_id
            for statement_id, speaker_id in self.session.execute(select(Statement.id, Statement.speaker_id))
        }
        for quotation in _by_id(self.session, Quotation):
            quoted = self.rec[quotation.id]
            article = self.rec[quotation.article_id]
            statement = self.rec[quotation.statement_id]
            speaker = speakers.get(quotation.statement_id)
            # The words as the article printed them: in its language, under the name it gave.
            self.doc.entity(
                quoted,
                _attributes(
                    [
                        (PROV["type"], self.term["QuotedText"]),
                        (PROV_VALUE, _text(quotation.quoted_text, quotation.quoted_lang)),
                        (self.term["relation"], quotation.relation),
                        (self.term["attributedAs"], quotation.attributed_as),
                        (self.term["quotedIn"], article),
                    ]
                ),
            )
            # The quoter and quotee are attributes: wasQuotedFrom's third argument is an activity.
            quoter = self.publisher(articles[quotation.article_id]) or article
            self.doc.wasQuotedFrom(
                article,
                statement,
                other_attributes=_attributes(
                    [
                        (self.term["quoter"], quoter),
                        (self.term["quotee"], self.rec[speaker] if speaker else None),
                        (self.term["quotedText"], quoted),
                        (self.term["relation"], quotation.relation),
                    ]
                ),
            )
            if quotation.relation == "translation":
                self.doc.wasDerivedFrom(
                    quoted, statement, other_attributes={PROV["type"]: self.term["Translation"]}
                )
            if quotation.via_source_id is not None:
                self.doc.wasDerivedFrom(
                    quoted,
                    self.rec[quotation.via_source_id],
                    other_attributes={PROV["type"]: self.term["QuoteOfQuote"]},
                )


def prov_document(session: Session) -> ProvDocument:
    """The whole database as one W3C PROV document; the same database gives the same document."""
    return _Builder(session).build()


def _count(document: ProvDocument) -> int:
    return len(list(document.get_records()))


def write_prov_json(session: Session, out: IO[str], **options: Any) -> int:
    """PROV-JSON; returns the number of PROV records (entities, agents and relations) written."""
    document = prov_document(session)
    # Without a destination, serialize returns the text.
    text = cast(str, document.serialize(format="json", indent=options.get("indent", 2)))
    out.write(text)
    out.write("\n")
    return _count(document)


def write_prov_n(session: Session, out: IO[str], **options: Any) -> int:
    """PROV-N; returns the number of PROV records written."""
    document = prov_document(session)
    out.write(document.get_provn())
    out.write("\n")
    return _count(document)
