"""W3C PROV: the record as a PROV document, written as PROV-JSON or PROV-N with the ``prov`` package.

Statements, quoted texts, articles, sources and archive copies are entities; people and
organisations are agents. Every identifier is a record's stable id in the ``provrec`` namespace,
so two researchers' exports of the same record name the same things.

The ``prov`` package holds a document in memory before it serialises it, so the exports stream
by building one small document per chunk of rows and writing its records out. PROV-N lists
records in any order: one pass over the tables. PROV-JSON groups them by type (``entity``,
``agent``...), one JSON object each: every type is one pass over the tables that make it.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, cast

from prov.constants import PROV, PROV_LABEL, PROV_VALUE
from prov.model import Literal, Namespace, ProvDocument, QualifiedName
from prov.serializers.provjson import encode_json_container
from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.exports.records import BY_NAME, binary_order
from provenance.models import Alias, ArchiveCopy, Article, Person, Quotation, Source, Statement
from provenance.names import name_key

if TYPE_CHECKING:
    from sqlalchemy import Row, Select

    _Query = Select[*tuple[Any, ...]]
    _Record = Row[*tuple[Any, ...]]

RECORD_PREFIX = "provrec"
RECORD_URI = "https://example.org/prov/record/"
TERMS_PREFIX = "provterm"
TERMS_URI = "https://example.org/prov/terms#"
# Rows a small document is built from: prov's records weigh a few kilobytes each.
CHUNK = 100
# Under SQLite's and PostgreSQL's limits on bound parameters per statement.
_LOOKUP_CHUNK = 500


def _attributes(pairs: Iterable[tuple[QualifiedName, Any]]) -> dict[QualifiedName, Any]:
    # PROV has no null: an unknown value is an absent attribute.
    return {key: value for key, value in pairs if value is not None}


def _text(value: str | None, language: str | None) -> Any:
    if value is None:
        return None
    return Literal(value, langtag=language) if language else value


class _Chunk:
    """A PROV document for some rows, holding the records of one PROV-JSON type or of every type.

    Records of the types not asked for are never built: a PROV-JSON pass builds only its own.
    """

    def __init__(self, session: Session, section: str | None = None) -> None:
        self.session = session
        self.section = section
        self.doc = ProvDocument()
        self.rec: Namespace = self.doc.add_namespace(RECORD_PREFIX, RECORD_URI)
        self.term: Namespace = self.doc.add_namespace(TERMS_PREFIX, TERMS_URI)

    def wants(self, section: str) -> bool:
        return self.section is None or self.section == section

    def generated(self, entity: QualifiedName, at: datetime | None, precision: str | None) -> None:
        if at is None or not self.wants("wasGeneratedBy"):
            return
        # A time stored at day precision is midnight only by convention; the precision says so.
        self.doc.wasGeneratedBy(
            entity, time=at, other_attributes=_attributes([(self.term["precision"], precision)])
        )

    def people(self, rows: Sequence[_Record]) -> None:
        if not self.wants("agent"):
            return
        for person_id, kind, name, description, wikidata_id in rows:
            wikidata = f"http://www.wikidata.org/entity/{wikidata_id}" if wikidata_id else None
            self.doc.agent(
                self.rec[person_id],
                _attributes(
                    [
                        (PROV["type"], PROV["Organization"] if kind == "organisation" else PROV["Person"]),
                        (PROV_LABEL, name),
                        (self.term["description"], description),
                        (self.term["wikidata"], wikidata),
                    ]
                ),
            )

    def sources(self, rows: Sequence[_Record]) -> None:
        for source_id, kind, url, title, publisher, language, published_at, precision in rows:
            entity = self.rec[source_id]
            if self.wants("entity"):
                self.doc.entity(
                    entity,
                    _attributes(
                        [
                            (PROV["type"], self.term["Source"]),
                            (self.term["kind"], kind),
                            (self.term["url"], url),
                            (PROV_LABEL, title),
                            (self.term["publisher"], publisher),
                            (self.term["language"], language),
                        ]
                    ),
                )
            self.generated(entity, published_at, precision)

    def articles(self, rows: Sequence[_Record]) -> None:
        attributed = self.wants("wasAttributedTo")
        publishers = self.publishers(row[3] for row in rows) if attributed else {}
        for article_id, url, title, publisher, language, published_at, precision in rows:
            entity = self.rec[article_id]
            if self.wants("entity"):
                self.doc.entity(
                    entity,
                    _attributes(
                        [
                            (PROV["type"], self.term["Article"]),
                            (self.term["url"], url),
                            (PROV_LABEL, title),
                            (self.term["publisher"], publisher),
                            (self.term["language"], language),
                        ]
                    ),
                )
            self.generated(entity, published_at, precision)
            agent = publishers.get(name_key(publisher)) if publisher is not None else None
            if agent is not None:
                self.doc.wasAttributedTo(entity, agent)

    def publishers(self, names: Iterable[str | None]) -> dict[str, QualifiedName]:
        """Articles name their publisher as written: a name or alias prov knows is that agent.

        A person's own name wins over another's alias; of several people sharing an alias, the
        first by id.
        """
        keys = sorted({name_key(name) for name in names if name is not None})
        found: dict[str, QualifiedName] = {}
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            part = keys[start : start + _LOOKUP_CHUNK]
            for key, person_id in self.session.execute(
                select(Person.name_key, Person.id).where(Person.name_key.in_(part))
            ):
                found[key] = self.rec[person_id]
            aliases = select(Alias.alias_key, Alias.person_id).where(Alias.alias_key.in_(part))
            for key, person_id in self.session.execute(
                aliases.order_by(binary_order(self.session, Alias.person_id))
            ):
                found.setdefault(key, self.rec[person_id])
        return found

    def archives(self, rows: Sequence[_Record]) -> None:
        for archive_id, source_id, article_id, url, service, status, captured_at in rows:
            entity = self.rec[archive_id]
            # The one_owner check constraint: a copy has a source or an article, never neither.
            owner = self.rec[cast(str, source_id or article_id)]
            if self.wants("entity"):
                self.doc.entity(
                    entity,
                    _attributes(
                        [
                            (PROV["type"], self.term["ArchiveCopy"]),
                            (self.term["url"], url),
                            (self.term["service"], service),
                            (self.term["status"], status),
                        ]
                    ),
                )
            if self.wants("alternateOf"):
                self.doc.alternateOf(entity, owner)
            if captured_at is not None:
                # A dated capture is the page as it was at that moment: a specialisation of it.
                if self.wants("specializationOf"):
                    self.doc.specializationOf(entity, owner)
                if self.wants("wasGeneratedBy"):
                    self.doc.wasGeneratedBy(entity, time=captured_at)

    def statements(self, rows: Sequence[_Record]) -> None:
        for statement_id, text, language, locator, source_id, speaker_id, said_at, precision in rows:
            entity = self.rec[statement_id]
            if self.wants("entity"):
                self.doc.entity(
                    entity,
                    _attributes(
                        [
                            (PROV["type"], self.term["Statement"]),
                            (PROV_VALUE, _text(text, language)),
                            (self.term["language"], language),
                            (self.term["locator"], locator),
                            (self.term["source"], self.rec[source_id] if source_id else None),
                        ]
                    ),
                )
            if speaker_id is not None and self.wants("wasAttributedTo"):
                self.doc.wasAttributedTo(entity, self.rec[speaker_id])
            self.generated(entity, said_at, precision)

    def quotations(self, rows: Sequence[_Record]) -> None:
        derived = self.wants("wasDerivedFrom")
        publishers = self.publishers(row[-1] for row in rows) if derived else {}
        for row in rows:
            quotation_id, article_id, statement_id, quoted_text, quoted_lang, relation = row[:6]
            attributed_as, via_source_id, speaker, publisher = row[6:]
            quoted = self.rec[quotation_id]
            article = self.rec[article_id]
            statement = self.rec[statement_id]
            if self.wants("entity"):
                # The words as the article printed them: in its language, under the name it gave.
                self.doc.entity(
                    quoted,
                    _attributes(
                        [
                            (PROV["type"], self.term["QuotedText"]),
                            (PROV_VALUE, _text(quoted_text, quoted_lang)),
                            (self.term["relation"], relation),
                            (self.term["attributedAs"], attributed_as),
                            (self.term["quotedIn"], article),
                        ]
                    ),
                )
            if not derived:
                continue
            # The quoter and quotee are attributes: wasQuotedFrom's third argument is an activity.
            quoter = (publishers.get(name_key(publisher)) if publisher is not None else None) or article
            self.doc.wasQuotedFrom(
                article,
                statement,
                other_attributes=_attributes(
                    [
                        (self.term["quoter"], quoter),
                        (self.term["quotee"], self.rec[speaker] if speaker else None),
                        (self.term["quotedText"], quoted),
                        (self.term["relation"], relation),
                    ]
                ),
            )
            if relation == "translation":
                self.doc.wasDerivedFrom(
                    quoted, statement, other_attributes={PROV["type"]: self.term["Translation"]}
                )
            if via_source_id is not None:
                self.doc.wasDerivedFrom(
                    quoted,
                    self.rec[via_source_id],
                    other_attributes={PROV["type"]: self.term["QuoteOfQuote"]},
                )


def _queries() -> dict[str, _Query]:
    """Each table's rows as ``_Chunk``'s method of the same name reads them, in document order."""
    return {
        "people": select(Person.id, Person.kind, Person.name, Person.description, Person.wikidata_id),
        "sources": select(
            Source.id,
            Source.kind,
            Source.url,
            Source.title,
            Source.publisher,
            Source.language,
            Source.published_at,
            Source.published_precision,
        ),
        "articles": select(
            Article.id,
            Article.url,
            Article.title,
            Article.publisher,
            Article.language,
            Article.published_at,
            Article.published_precision,
        ),
        "archives": select(
            ArchiveCopy.id,
            ArchiveCopy.source_id,
            ArchiveCopy.article_id,
            ArchiveCopy.url,
            ArchiveCopy.service,
            ArchiveCopy.status,
            ArchiveCopy.captured_at,
        ),
        "statements": select(
            Statement.id,
            Statement.text,
            Statement.language,
            Statement.locator,
            Statement.source_id,
            Statement.speaker_id,
            Statement.said_at,
            Statement.said_precision,
        ),
        # The speaker and the article's publisher come along: no table is held whole to find them.
        "quotations": select(*BY_NAME["quotations"].columns, Statement.speaker_id, Article.publisher)
        .join(Statement, Statement.id == Quotation.statement_id)
        .join(Article, Article.id == Quotation.article_id),
    }


# The PROV-JSON types, in the order they are written, and the tables whose rows make each.
SECTIONS: dict[str, tuple[str, ...]] = {
    "agent": ("people",),
    "entity": ("sources", "articles", "archives", "statements", "quotations"),
    "wasGeneratedBy": ("sources", "articles", "archives", "statements"),
    "wasAttributedTo": ("articles", "statements"),
    "alternateOf": ("archives",),
    "specializationOf": ("archives",),
    "wasDerivedFrom": ("quotations",),
}


def _chunks(session: Session, tables: Iterable[str], section: str | None = None) -> Iterator[_Chunk]:
    """One small document per ``CHUNK`` rows of each table, rows by id (as Python sorts them)."""
    for table in tables:
        # yield_per: a server-side cursor on PostgreSQL, fetchmany on SQLite; rows never pile up.
        result = session.execute(_by_id(session, table).execution_options(yield_per=CHUNK))
        for rows in result.partitions():
            chunk = _Chunk(session, section)
            build: Callable[[Sequence[_Record]], None] = getattr(chunk, table)
            build(rows)
            yield chunk
            del chunk, build
            gc.collect()


@contextmanager
def _one_chunk_at_a_time() -> Iterator[None]:
    """Let ``_chunks`` free each chunk once written, at a cost in proportion to the chunk.

    prov's records and their document, its namespaces and their names refer to each other: only
    the cycle collector frees them, and at its own pace it lets chunks pile up (how many depends
    on how many objects the process holds). ``_chunks`` collects after each one; what was alive
    before the export is frozen out of the collector's sight meanwhile, so that each collection
    looks at little more than the chunk.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def prov_document(session: Session) -> ProvDocument:
    """The whole database as one W3C PROV document, in memory; the same database gives the same one."""
    whole = _Chunk(session)
    for table in _queries():
        build: Callable[[Sequence[_Record]], None] = getattr(whole, table)
        build(session.execute(_by_id(session, table)).all())
    return whole.doc


def _by_id(session: Session, table: str) -> _Query:
    query = _queries()[table]
    return query.order_by(binary_order(session, query.selected_columns[0]))


def write_prov_json(session: Session, out: IO[str], **options: Any) -> int:
    """PROV-JSON; returns the number of PROV records (entities, agents and relations) written.

    Laid out as ``json.dump(document, indent=indent)`` (default 2) lays out a document.
    """
    with _one_chunk_at_a_time():
        return _write_prov_json(session, out, options.get("indent", 2))


def _write_prov_json(session: Session, out: IO[str], indent: int) -> int:
    written = anonymous = members = 0
    out.write("{")
    prefix = encode_json_container(_Chunk(session).doc).get("prefix")
    if prefix:
        out.write(f"\n{_pad(indent, 1)}{json.dumps('prefix')}: {_dumps(prefix, indent, 1)}")
        members += 1
    for section, tables in SECTIONS.items():
        entries = 0
        for chunk in _chunks(session, tables, section):
            for identifier, record in encode_json_container(chunk.doc).get(section, {}).items():
                if identifier.startswith("_:"):
                    # Relations have no id: the serializer numbers them from 1 in each document,
                    # so they are numbered again here, once for the whole output.
                    anonymous += 1
                    identifier = f"_:id{anonymous}"
                if entries:
                    out.write(",")
                else:
                    out.write(f"{',' if members else ''}\n{_pad(indent, 1)}{json.dumps(section)}: {{")
                    members += 1
                out.write(f"\n{_pad(indent, 2)}{json.dumps(identifier)}: {_dumps(record, indent, 2)}")
                entries += 1
                # Records sharing an identifier are a list under it.
                written += len(record) if isinstance(record, list) else 1
        if entries:
            out.write(f"\n{_pad(indent, 1)}}}")
    out.write("\n}\n" if members else "}\n")
    return written


def _pad(indent: int, depth: int) -> str:
    return " " * (indent * depth)


def _dumps(value: Any, indent: int, depth: int) -> str:
    """``value`` as ``json.dumps(indent=indent)`` writes it ``depth`` levels deep in a document."""
    # JSON escapes newlines inside strings, so every newline here starts a line of the layout.
    return json.dumps(value, indent=indent).replace("\n", "\n" + _pad(indent, depth))


def write_prov_n(session: Session, out: IO[str], **options: Any) -> int:
    """PROV-N; returns the number of PROV records written.

    The records come in the order ``prov_document`` adds them, so the text is its ``get_provn()``.
    """
    with _one_chunk_at_a_time():
        return _write_prov_n(session, out)


def _write_prov_n(session: Session, out: IO[str]) -> int:
    # The prov package's own header and footer, from a document with the namespaces and no record.
    head, _, end = _Chunk(session).doc.get_provn().rpartition("\n")
    out.write(head)
    written = 0
    for chunk in _chunks(session, _queries()):
        for record in chunk.doc.get_records():
            out.write("\n  " + record.get_provn())
            written += 1
    out.write(f"\n{end}\n")
    return written
