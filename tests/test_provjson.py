"""The W3C PROV export, read back with the ``prov`` package and compared with the database."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prov.constants import (
    PROV,
    PROV_ATTR_ENTITY,
    PROV_ATTR_GENERATED_ENTITY,
    PROV_ATTR_TIME,
    PROV_ATTR_USED_ENTITY,
    PROV_TYPE,
)
from prov.model import (
    Namespace,
    ProvAgent,
    ProvAlternate,
    ProvAttribution,
    ProvDerivation,
    ProvDocument,
    ProvEntity,
    ProvGeneration,
    ProvSpecialization,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.db import open_database
from provenance.exports import provjson
from provenance.exports.provjson import RECORD_URI, TERMS_URI, prov_document, write_prov_json, write_prov_n
from provenance.models import Alias, ArchiveCopy, Article, Person, Quotation, Source, Statement
from walkthrough import copy_database

WSJ = "https://www.wsj.com/economy/ai-investment-growth-risks-placeholder"
TERM = Namespace("provterm", TERMS_URI)
S7_TEXT = "Si l'on fait abstraction du marketing"


@pytest.fixture
def walked_session(walked: tuple[Path, str], tmp_path: Path) -> Iterator[Session]:
    """A read-only session on a copy of the worked example, taken with SQLite's backup API (WAL)."""
    database = open_database(copy_database(walked[0], tmp_path / "walked-copy.db"), write=False)
    try:
        with database.session() as session:
            yield session
    finally:
        database.close()


def read_back(text: str) -> ProvDocument:
    document: ProvDocument = ProvDocument.deserialize(content=text, format="json")
    return document


def local(name: Any) -> str:
    """A record's id from its qualified name in the record namespace."""
    assert name.namespace.uri == RECORD_URI
    return str(name.localpart)


def types(record: Any) -> set[str]:
    return {
        str(value.uri) if hasattr(value, "uri") else str(value) for value in record.get_attribute(PROV_TYPE)
    }


def ends(record: Any) -> tuple[str, str]:
    attributes = dict(record.formal_attributes)
    return local(attributes[PROV_ATTR_GENERATED_ENTITY]), local(attributes[PROV_ATTR_USED_ENTITY])


def test_prov_json_reads_back_as_the_same_document(walked_session: Session) -> None:
    out = io.StringIO()
    count = write_prov_json(walked_session, out)
    back = read_back(out.getvalue())
    assert back == prov_document(walked_session)
    assert count == len(list(back.get_records())) > 0


def test_the_graph_is_the_database(walked_session: Session) -> None:
    out = io.StringIO()
    write_prov_json(walked_session, out)
    doc = read_back(out.getvalue())
    s = walked_session
    statements = {st.id: st for st in s.scalars(select(Statement))}
    quotations = list(s.scalars(select(Quotation)))
    people = {p.id: p for p in s.scalars(select(Person))}
    archives = list(s.scalars(select(ArchiveCopy)))
    article_ids = set(s.scalars(select(Article.id)))
    source_ids = set(s.scalars(select(Source.id)))

    entities = {local(e.identifier): types(e) for e in doc.get_records(ProvEntity)}
    assert {k for k, v in entities.items() if TERMS_URI + "Statement" in v} == set(statements)
    assert {k for k, v in entities.items() if TERMS_URI + "Article" in v} == article_ids
    assert {k for k, v in entities.items() if TERMS_URI + "Source" in v} == source_ids
    assert {k for k, v in entities.items() if TERMS_URI + "ArchiveCopy" in v} == {a.id for a in archives}
    assert {k for k, v in entities.items() if TERMS_URI + "QuotedText" in v} == {q.id for q in quotations}
    assert len(entities) == len(statements) + len(article_ids) + len(source_ids) + len(archives) + len(
        quotations
    )

    agents = {local(a.identifier): types(a) for a in doc.get_records(ProvAgent)}
    assert set(agents) == set(people)
    for person_id, kinds in agents.items():
        expected = PROV["Organization"] if people[person_id].kind == "organisation" else PROV["Person"]
        assert kinds == {str(expected.uri)}

    attributions = set()
    for record in doc.get_records(ProvAttribution):
        entity, agent = (local(value) for _, value in record.formal_attributes)
        attributions.add((entity, agent))
    expected_attributions = {(st.id, st.speaker_id) for st in statements.values() if st.speaker_id}
    assert attributions == expected_attributions
    # S7, quoted without a name, is the one statement attributed to nobody.
    unattributed = {st.id for st in statements.values() if st.speaker_id is None}
    assert len(unattributed) == 1
    s7 = next(q for q in quotations if q.quoted_text.startswith(S7_TEXT))
    assert unattributed == {s7.statement_id}

    derivations: dict[str, set[tuple[str, str]]] = {}
    for record in doc.get_records(ProvDerivation):
        for kind in types(record):
            derivations.setdefault(kind, set()).add(ends(record))
    translations = {(q.id, q.statement_id) for q in quotations if q.relation == "translation"}
    assert len(translations) == 7
    assert derivations[TERMS_URI + "Translation"] == translations
    wsj = s.scalars(select(Source.id).where(Source.url == WSJ)).one()
    via = {(q.id, wsj) for q in quotations if q.via_source_id == wsj}
    assert len(via) == 2  # S4 and S5, the economists the WSJ quoted
    assert derivations[TERMS_URI + "QuoteOfQuote"] == via
    quoted = {(q.article_id, q.statement_id) for q in quotations}
    assert derivations[str(PROV["Quotation"].uri)] == quoted

    alternates = set()
    for record in doc.get_records(ProvAlternate):
        first, second = (local(value) for _, value in record.formal_attributes)
        alternates.add((first, second))
    copies = {(a.id, a.source_id or a.article_id) for a in archives}
    assert len(copies) == 3
    assert alternates == copies
    specialisations = {
        tuple(local(value) for _, value in record.formal_attributes)
        for record in doc.get_records(ProvSpecialization)
    }
    assert specialisations == {(a.id, a.source_id or a.article_id) for a in archives if a.captured_at}


def test_quotations_name_their_quoter_and_quotee(walked_session: Session) -> None:
    doc = prov_document(walked_session)
    quotes = [r for r in doc.get_records(ProvDerivation) if str(PROV["Quotation"].uri) in types(r)]
    by_statement = {ends(r)[1]: r for r in quotes}
    for quotation in walked_session.scalars(select(Quotation)):
        record = by_statement[quotation.statement_id]
        # The blog's publisher is no recorded person or organisation: the article quotes.
        assert {local(v) for v in record.get_attribute(TERM["quoter"])} == {quotation.article_id}
        speaker = walked_session.get(Statement, quotation.statement_id)
        assert speaker is not None
        quotee = {local(v) for v in record.get_attribute(TERM["quotee"])}
        assert quotee == ({speaker.speaker_id} if speaker.speaker_id else set())


def test_generations_carry_times_and_precisions(walked_session: Session) -> None:
    doc = prov_document(walked_session)
    generated = {}
    for record in doc.get_records(ProvGeneration):
        attributes = dict(record.formal_attributes)
        precision = record.get_attribute(TERM["precision"])
        generated[local(attributes[PROV_ATTR_ENTITY])] = (
            attributes[PROV_ATTR_TIME],
            next(iter(precision), None),
        )
    for statement in walked_session.scalars(select(Statement)):
        if statement.said_at is None:
            assert statement.id not in generated
        else:
            assert generated[statement.id] == (statement.said_at, statement.said_precision)
    article = walked_session.scalars(select(Article)).one()
    assert generated[article.id] == (article.published_at, "day")


def test_prov_n(walked_session: Session) -> None:
    out = io.StringIO()
    count = write_prov_n(walked_session, out)
    text = out.getvalue()
    assert text.startswith("document")
    assert "wasAttributedTo(" in text
    # The prov package writes a quotation as the derivation it is, typed prov:Quotation.
    assert "prov:type='prov:Quotation'" in text
    assert count == len(list(prov_document(walked_session).get_records()))


def test_an_empty_database_is_an_empty_document(session: Session) -> None:
    out = io.StringIO()
    assert write_prov_json(session, out) == 0
    back = read_back(out.getvalue())
    assert back.get_records() == []
    assert back == prov_document(session)
    provn = io.StringIO()
    assert write_prov_n(session, provn) == 0
    assert provn.getvalue().startswith("document")


def test_a_recorded_publisher_is_the_quoter(session: Session) -> None:
    session.add_all(
        [
            Person(id="p-org", name="Le Monde", name_key="le monde", kind="organisation"),
            Person(id="p-speaker", name="Ada", name_key="ada", kind="person"),
            Article(id="a-1", url="https://example.org/a", publisher="LE MONDE"),
            Statement(id="s-1", speaker_id="p-speaker", text="Hello", language="en", fingerprint="f1"),
        ]
    )
    session.flush()
    session.add(
        Quotation(
            id="q-1",
            article_id="a-1",
            statement_id="s-1",
            quoted_text="Hello",
            text_hash="h1",
            relation="verbatim",
        )
    )
    session.flush()
    out = io.StringIO()
    write_prov_json(session, out)
    doc = read_back(out.getvalue())
    (quote,) = doc.get_records(ProvDerivation)
    assert {local(v) for v in quote.get_attribute(TERM["quoter"])} == {"p-org"}
    assert {local(v) for v in quote.get_attribute(TERM["quotee"])} == {"p-speaker"}
    attributions = {
        tuple(local(value) for _, value in record.formal_attributes)
        for record in doc.get_records(ProvAttribution)
    }
    assert attributions == {("s-1", "p-speaker"), ("a-1", "p-org")}


# --- streaming ----------------------------------------------------------------------------------


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), sorted(key for key in keys if keys.count(key) > 1)
    return dict(pairs)


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_prov_json_written_in_chunks_is_the_whole_document(
    walked_session: Session, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(provjson, "CHUNK", chunk)
    whole = prov_document(walked_session)
    out = io.StringIO()
    count = write_prov_json(walked_session, out)
    # Relations numbered per chunk would repeat "_:id1": a reader keeps the last and loses records.
    container = json.loads(out.getvalue(), object_pairs_hook=_no_repeated_keys)
    assert set(container) == {"prefix", *provjson.SECTIONS}
    assert container["prefix"] == {"provrec": RECORD_URI, "provterm": TERMS_URI}
    back = read_back(out.getvalue())
    assert count == len(back.get_records()) == len(whole.get_records())
    assert back == whole
    # Stable identifiers: the same records under the same names as in the whole document.
    named = {str(record.identifier) for record in whole.get_records() if record.identifier}
    assert {str(record.identifier) for record in back.get_records() if record.identifier} == named
    assert named == {key for section in ("agent", "entity") for key in container[section]}


@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_prov_n_written_in_chunks_is_the_whole_document_text(
    walked_session: Session, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(provjson, "CHUNK", chunk)
    out = io.StringIO()
    count = write_prov_n(walked_session, out)
    whole = prov_document(walked_session)
    assert out.getvalue() == whole.get_provn() + "\n"
    assert count == len(whole.get_records())


def test_an_alias_names_the_publisher_and_a_name_wins_over_an_alias(session: Session) -> None:
    session.add_all(
        [
            Person(id="p-1", name="Les Echos", name_key="les echos", kind="organisation"),
            Person(id="p-2", name="Groupe Les Echos", name_key="groupe les echos", kind="organisation"),
            Person(id="p-3", name="Le Parisien", name_key="le parisien", kind="organisation"),
            Alias(id="al-1", person_id="p-2", alias="Les Échos", alias_key="les echos"),
            Alias(id="al-2", person_id="p-3", alias="Le Parisien libéré", alias_key="le parisien libere"),
            Article(id="a-1", url="https://example.org/1", publisher="LES ÉCHOS"),
            Article(id="a-2", url="https://example.org/2", publisher="Le Parisien Libéré"),
            Article(id="a-3", url="https://example.org/3", publisher="Nobody Known"),
        ]
    )
    session.flush()
    out = io.StringIO()
    write_prov_json(session, out)
    attributions = {
        tuple(local(value) for _, value in record.formal_attributes)
        for record in read_back(out.getvalue()).get_records(ProvAttribution)
    }
    assert attributions == {("a-1", "p-1"), ("a-2", "p-3")}
