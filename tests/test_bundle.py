"""Export and import of bundles: round trips, merges, and refused files that change nothing."""

from __future__ import annotations

import copy
import io
import json
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from provenance import schemas
from provenance.api import articles, claims, people, quotes, stances
from provenance.api import bundle as bundle_api
from provenance.api.bundle import FORMAT, TABLES, import_bundle, parse_bundle, read_bundle_file
from provenance.db import Database, open_database
from provenance.errors import BundleError
from provenance.exports.bundle import LISTS, bundle_text, export_bundle, write_bundle
from provenance.ids import stable_id
from provenance.models import Alias, ArchiveCopy, Article, Person, Quotation, Stance, Statement

ARTICLE = "https://example.org/genseric/2025/11/26/genesis"
S1_URL = "https://x.com/DavidSacks/status/1986400000000000001"
S2_URL = "https://x.com/DavidSacks/status/1992900000000000002"
WSJ_URL = "https://www.wsj.com/economy/ai-spending-gdp-growth"
WSJ_ARCHIVE = "https://archive.ph/2025.11.24-180000/https://www.wsj.com/economy/ai-spending-gdp-growth"
READER = "Hannibal Genséric"


def record_seed(session: Session) -> None:
    """The seed article's records, as a researcher would enter them through the API."""
    people.add_person(session, "David Sacks", aliases=["@DavidSacks", "David O. Sacks"])
    people.add_person(session, "The White House", kind="organisation")
    people.add_person(session, "The Wall Street Journal", kind="organisation")
    people.add_person(session, "Gary Marcus", aliases=["Gary Markus"])
    people.add_affiliation(
        session, "David Sacks", "The White House", role="AI and crypto czar", start="2024-12"
    )
    claims.add_claim(
        session, "federal-ai-bailout", "The US federal government should rescue AI companies that fail"
    )
    articles.add_article(
        session,
        ARTICLE,
        title="Genesis Mission",
        published="2025-11-26",
        language_tag="fr",
        publisher="Le blog d'Hannibal Genséric",
    )
    quotes.add_quote(
        session,
        article_url=ARTICLE,
        person="@DavidSacks",
        attributed_as="David Sacks",
        quoted_text="Il n'y aura pas de renflouement fédéral de l'IA.",
        lang="en",
        quoted_lang="fr",
        said_at="2025-11-06T16:52Z",
        source_url=S1_URL,
        claims=[("federal-ai-bailout", "opposes")],
        reader=READER,
    )
    quotes.add_quote(
        session,
        article_url=ARTICLE,
        person="David Sacks",
        attributed_as="Gary Sacks",
        quoted_text="Nous ne pouvons pas nous permettre de reculer.",
        lang="en",
        quoted_lang="fr",
        said_at="2025-11-24T17:34Z",
        source_url=S2_URL,
        claims=[("federal-ai-bailout", "supports")],
        reader=READER,
        basis="interpreted",
        stance_note="the article reads it as preparing the ground for a bailout",
    )
    quotes.add_quote(
        session,
        article_url=ARTICLE,
        person="The Wall Street Journal",
        quoted_text="Le S&P 500 a perdu environ 2 % la semaine dernière.",
        quoted_lang="fr",
        said_at="2025-11-24",
        source_url=WSJ_URL,
        archive_urls=[WSJ_ARCHIVE],
    )
    quotes.add_quote(
        session,
        article_url=ARTICLE,
        person="Berezin",
        quoted_text="Les prêteurs pourraient subir des pertes.",
        quoted_lang="fr",
        said_at="2025-11-24",
        via=WSJ_URL,
    )
    quotes.add_quote(
        session,
        article_url=ARTICLE,
        unattributed=True,
        quoted_text="Si l'on enlève le marketing, Genesis est un projet du gouvernement américain.",
        quoted_lang="fr",
    )
    quotes.add_quote(
        session,
        article_url=ARTICLE,
        person="Gary Marcus",
        attributed_as="Gary Markus",
        quoted_text="Qu'est-ce qui relie les deux tweets de Sacks ?",
        quoted_lang="fr",
        said_at="2025-11-24",
    )


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document minus its export time, the one field allowed to differ."""
    return {key: value for key, value in document.items() if key != "exported_at"}


def exported(database: Database) -> dict[str, Any]:
    with database.session() as session:
        return comparable(export_bundle(session))


def record_count(document: dict[str, Any]) -> int:
    """How many database rows a bundle stands for (aliases and archives are rows of their own)."""
    lists = [field for field in document if isinstance(document[field], list)]
    total = sum(len(document[field]) for field in lists)
    total += sum(len(p["aliases"]) for p in document["people"])
    total += sum(len(s["archives"]) for s in document["sources"])
    return total + sum(len(a.get("archives", [])) for a in document["articles"])


@pytest.fixture
def seeded(database: Database) -> Database:
    with database.session() as session:
        record_seed(session)
    return database


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Database]:
    """A second researcher's database, holding something already."""
    db = open_database(tmp_path / "other.db", write=True)
    with db.session() as session:
        people.add_person(session, "Ada Lovelace", aliases=["@ada"])
        claims.add_claim(session, "analytical-engine", "The engine can compose music", kind="factual")
    yield db
    db.close()


# --- export -------------------------------------------------------------------------------------


def test_export_of_the_seed_case_has_every_record_and_validates(seeded: Database) -> None:
    with seeded.session() as session:
        document = export_bundle(session)
    assert schemas.first_error("bundle", document) is None
    assert list(document) == ["format", "exported_at", "generator", *_LISTS]
    assert document["format"] == FORMAT
    assert document["exported_at"].endswith("Z")
    assert document["generator"].startswith("prov ")
    for field in _LISTS:
        ids = [record["id"] for record in document[field]]
        assert ids == sorted(ids), field

    sacks = _one(document["people"], name="David Sacks")
    assert sacks["aliases"] == ["@DavidSacks", "David O. Sacks"]
    assert _one(document["people"], name="Gary Marcus")["aliases"] == ["Gary Markus"]
    white_house = _one(document["people"], name="The White House")
    assert white_house["kind"] == "organisation"
    assert document["affiliations"] == [
        {
            "id": document["affiliations"][0]["id"],
            "person_id": sacks["id"],
            "organisation_id": white_house["id"],
            "role": "AI and crypto czar",
            "start": {"at": "2024-12-01T00:00:00Z", "precision": "month"},
            "end": None,
        }
    ]

    wsj = _one(document["sources"], url=WSJ_URL)
    assert wsj["kind"] == "news_article"
    assert wsj["archives"] == [
        {
            "id": wsj["archives"][0]["id"],
            "url": WSJ_ARCHIVE,
            "service": "archive.today",
            "captured_at": "2025-11-24T18:00:00Z",
        }
    ]
    assert {s["kind"] for s in document["sources"] if s["url"] in (S1_URL, S2_URL)} == {"x_post"}

    s1 = _one(document["statements"], source_id=_one(document["sources"], url=S1_URL)["id"])
    assert s1["speaker_id"] == sacks["id"]
    assert s1["said"] == {"at": "2025-11-06T16:52:00Z", "precision": "minute"}
    assert s1["text"] is None and s1["language"] == "en"
    assert len(s1["fingerprint"]) == 64

    berezin = _one(document["people"], name="Berezin")
    berezin_statement = _one(document["statements"], speaker_id=berezin["id"])
    berezin_quote = _one(document["quotations"], statement_id=berezin_statement["id"])
    assert berezin_quote["via_source_id"] == wsj["id"]

    unattributed = [s for s in document["statements"] if s["speaker_id"] is None]
    assert len(unattributed) == 1
    assert unattributed[0]["said"] is None and unattributed[0]["source_id"] is None

    assert {q["attributed_as"] for q in document["quotations"]} >= {"Gary Sacks", "Gary Markus"}
    assert {q["relation"] for q in document["quotations"] if q["statement_id"] == s1["id"]} == {"translation"}
    reading = _one(document["stances"], stance="supports")
    assert reading["basis"] == "interpreted"
    assert reading["reader"] == READER
    assert reading["note"] == "the article reads it as preparing the ground for a bailout"


def test_the_same_database_exports_the_same_text(seeded: Database) -> None:
    first, second = io.StringIO(), io.StringIO()
    with seeded.session() as session:
        counts = write_bundle(session, first)
        write_bundle(session, second)
        document = export_bundle(session)
    assert comparable(json.loads(first.getvalue())) == comparable(document)
    assert counts == {
        **{field: len(document[field]) for field in LISTS},
        "archives": sum(len(owner["archives"]) for owner in document["sources"] + document["articles"]),
    }
    assert _drop_time(first.getvalue()) == _drop_time(second.getvalue())
    assert "Genséric" in first.getvalue(), "ensure_ascii=False keeps accents readable"
    assert first.getvalue().startswith('{\n  "format": "prov-bundle/1",')


def test_export_of_an_empty_database_is_an_empty_bundle(database: Database) -> None:
    document = exported(database)
    assert all(document[field] == [] for field in _LISTS)
    assert schemas.first_error("bundle", document) is None


def streamed(session: Session) -> str:
    out = io.StringIO()
    write_bundle(session, out)
    return out.getvalue()


def held_in_memory(session: Session, text: str) -> str:
    """The bundle as ``bundle_text(export_bundle())`` writes it, at ``text``'s export time."""
    document = export_bundle(session)
    document["exported_at"] = json.loads(text)["exported_at"]
    return bundle_text(document)


def test_the_streamed_bundle_is_the_document_byte_for_byte(seeded: Database) -> None:
    _archive_the_article(seeded)
    with seeded.session() as session:
        # A second copy of the WSJ report, so one owner holds several copies, in id order.
        wsj = session.scalars(select(Article.id)).one()
        for url in (f"https://web.archive.org/web/20251125/{ARTICLE}", f"https://archive.ph/x/{ARTICLE}"):
            session.add(ArchiveCopy(id=stable_id("archive", url), article_id=wsj, url=url, service="other"))
    with seeded.session() as session:
        text = streamed(session)
        assert text == held_in_memory(session, text)
    document = json.loads(text)
    assert len(document["articles"][0]["archives"]) == 3
    assert [a["id"] for a in document["articles"][0]["archives"]] == sorted(
        a["id"] for a in document["articles"][0]["archives"]
    )


def test_an_empty_database_streams_the_same_empty_bundle(database: Database) -> None:
    with database.session() as session:
        text = streamed(session)
        assert text == held_in_memory(session, text)
    assert '"people": [],' in text and text.endswith('"stances": []\n}\n')


def _in_python_order(document: dict[str, Any]) -> None:
    for field in LISTS:
        ids = [record["id"] for record in document[field]]
        assert ids == sorted(ids), field
    for person in document["people"]:
        assert person["aliases"] == sorted(person["aliases"])
    for owner in document["sources"] + document["articles"]:
        assert [a["id"] for a in owner["archives"]] == sorted(a["id"] for a in owner["archives"])


# --- import -------------------------------------------------------------------------------------


def test_seed_case_round_trips_through_an_empty_database(seeded: Database, tmp_path: Path) -> None:
    original = exported(seeded)
    with open_database(tmp_path / "copy.db", write=True) as copy_db:
        with copy_db.session() as session:
            result = import_bundle(session, original)
        assert result.existing == 0
        assert result.created == record_count(original)
        assert result.counts["aliases"] == {"created": 3, "existing": 0}
        assert result.counts["archives"] == {"created": 1, "existing": 0}
        assert exported(copy_db) == original


ARTICLE_ARCHIVE = "https://web.archive.org/web/20251126120000/" + ARTICLE


def _archive_the_article(database: Database) -> None:
    with database.session() as session:
        article = session.scalars(select(Article).where(Article.url == ARTICLE)).one()
        session.add(
            ArchiveCopy(
                id=stable_id("archive", ARTICLE_ARCHIVE),
                article_id=article.id,
                url=ARTICLE_ARCHIVE,
                service="wayback",
                captured_at=datetime(2025, 11, 26, 12, tzinfo=UTC),
                status="available",
                checked_at=datetime(2025, 11, 27, 8, 30, tzinfo=UTC),
            )
        )


def test_an_article_archive_is_exported_and_round_trips(seeded: Database, tmp_path: Path) -> None:
    _archive_the_article(seeded)
    original = exported(seeded)
    assert schemas.first_error("bundle", original) is None
    assert original["articles"][0]["archives"] == [
        {
            "id": stable_id("archive", ARTICLE_ARCHIVE),
            "url": ARTICLE_ARCHIVE,
            "service": "wayback",
            "captured_at": "2025-11-26T12:00:00Z",
            "status": "available",
            "checked_at": "2025-11-27T08:30:00Z",
        }
    ]
    # Copies never checked carry no status fields, as before revision 0002.
    assert all("status" not in a for s in original["sources"] for a in s["archives"])
    with open_database(tmp_path / "copy.db", write=True) as copy_db:
        with copy_db.session() as session:
            result = import_bundle(session, original)
        assert result.counts["archives"] == {"created": 2, "existing": 0}
        assert result.created == record_count(original)
        assert exported(copy_db) == original
        with copy_db.session() as session:
            stored = session.scalars(select(ArchiveCopy).where(ArchiveCopy.url == ARTICLE_ARCHIVE)).one()
            assert stored.source_id is None and stored.article_id == original["articles"][0]["id"]
            assert stored.status == "available"
        with copy_db.session() as session:
            again = import_bundle(session, original)
        assert again.created == 0 and again.counts["archives"] == {"created": 0, "existing": 2}


def test_an_article_archive_merges_by_url_onto_the_stored_article(seeded: Database, other: Database) -> None:
    _archive_the_article(seeded)
    document = exported(seeded)
    with other.session() as session:
        articles.add_article(session, ARTICLE)
    # The bundle knows the article under another id: its copy must follow the stored article.
    renamed = str(uuid.uuid4())
    for quotation in document["quotations"]:
        if quotation["article_id"] == document["articles"][0]["id"]:
            quotation["article_id"] = renamed
    document["articles"][0]["id"] = renamed
    with other.session() as session:
        import_bundle(session, document)
    with other.session() as session:
        stored_article = session.scalars(select(Article).where(Article.url == ARTICLE)).one()
        stored = session.scalars(select(ArchiveCopy).where(ArchiveCopy.url == ARTICLE_ARCHIVE)).one()
        assert stored.article_id == stored_article.id


def test_importing_the_same_bundle_twice_changes_nothing(seeded: Database, other: Database) -> None:
    bundle = exported(seeded)
    with other.session() as session:
        first = import_bundle(session, bundle)
    after_first = exported(other)
    with other.session() as session:
        second = import_bundle(session, bundle)
    assert first.created == record_count(bundle)
    assert second.created == 0
    assert second.existing == record_count(bundle)
    assert exported(other) == after_first


def test_two_researchers_bundles_merge_into_their_union(tmp_path: Path) -> None:
    with (
        open_database(tmp_path / "a.db", write=True) as a,
        open_database(tmp_path / "b.db", write=True) as b,
    ):
        with a.session() as session:
            people.add_person(session, "David Sacks", aliases=["@DavidSacks"])
            claims.add_claim(session, "federal-ai-bailout", "The government should rescue AI companies")
            _quote_s1(session, reader="researcher A")
        with b.session() as session:
            people.add_person(session, "David Sacks", aliases=["David O. Sacks"])
            claims.add_claim(session, "federal-ai-bailout", "The government should rescue AI companies")
            _quote_s1(
                session, reader="researcher B", archive="https://web.archive.org/web/20251107/" + S1_URL
            )
            quotes.add_quote(
                session,
                article_url=ARTICLE,
                person="David Sacks",
                quoted_text="Nous ne pouvons pas reculer.",
                said_at="2025-11-24T17:34Z",
                source_url=S2_URL,
                claims=[("federal-ai-bailout", "supports")],
                reader="researcher B",
            )
        bundle_a, bundle_b = exported(a), exported(b)

    merged: dict[str, dict[str, Any]] = {}
    for order in ("ab", "ba"):
        with open_database(tmp_path / f"{order}.db", write=True) as target:
            for name in order:
                with target.session() as session:
                    import_bundle(session, bundle_a if name == "a" else bundle_b)
            merged[order] = exported(target)
    assert merged["ab"] == merged["ba"], "the order of imports does not matter"

    union = merged["ab"]
    for field in _LISTS:
        ids = [record["id"] for record in union[field]]
        assert len(ids) == len(set(ids)), f"duplicate {field}"
        assert set(ids) == {r["id"] for r in bundle_a[field]} | {r["id"] for r in bundle_b[field]}, field
    assert len(union["people"]) == 1
    assert union["people"][0]["aliases"] == ["@DavidSacks", "David O. Sacks"]
    assert len(union["statements"]) == 2
    assert {s["reader"] for s in union["stances"]} == {"researcher A", "researcher B"}
    assert len(union["stances"]) == 3
    s1_source = _one(union["sources"], url=S1_URL)
    assert [a["url"] for a in s1_source["archives"]] == ["https://web.archive.org/web/20251107/" + S1_URL]


def test_a_record_known_under_another_id_is_mapped_to_the_stored_one(
    seeded: Database, tmp_path: Path
) -> None:
    bundle = exported(seeded)
    sacks_id = _one(bundle["people"], name="David Sacks")["id"]
    stray_id = str(uuid.uuid4())
    renamed = json.loads(json.dumps(bundle).replace(sacks_id, stray_id))

    with open_database(tmp_path / "target.db", write=True) as target:
        with target.session() as session:
            people.add_person(session, "david  SACKS")  # the same name key, its own id
            stored_id = session.scalars(select(Person.id)).one()
        assert stored_id == sacks_id
        with target.session() as session:
            result = import_bundle(session, renamed)
            assert result.counts["people"]["existing"] == 1
            assert session.scalar(select(func.count()).select_from(Person).where(Person.id == stray_id)) == 0
            speakers = set(session.scalars(select(Statement.speaker_id)))
            assert stray_id not in speakers
            assert sacks_id in speakers
            aliases = set(session.scalars(select(Alias.alias).where(Alias.person_id == sacks_id)))
            assert aliases == {"@DavidSacks", "David O. Sacks"}
        document = exported(target)
        assert _one(document["people"], id=sacks_id)["name"] == "david  SACKS", "the stored record wins"
        with target.session() as session:
            assert import_bundle(session, renamed).created == 0


def test_a_stored_record_wins_over_the_bundle(seeded: Database, other: Database) -> None:
    bundle = exported(seeded)
    with other.session() as session:
        claims.add_claim(session, "federal-ai-bailout", "Washington will bail out AI firms")
    with other.session() as session:
        result = import_bundle(session, bundle)
    assert result.counts["claims"] == {"created": 0, "existing": 1}
    assert (
        _one(exported(other)["claims"], slug="federal-ai-bailout")["text"]
        == "Washington will bail out AI firms"
    )


def test_a_bundle_may_refer_to_records_only_the_database_holds(seeded: Database, tmp_path: Path) -> None:
    full = exported(seeded)
    with open_database(tmp_path / "target.db", write=True) as target:
        claims_only = {"format": FORMAT, "claims": full["claims"]}
        with target.session() as session:
            import_bundle(session, claims_only)
        rest = {key: value for key, value in full.items() if key != "claims"}
        with target.session() as session:
            import_bundle(session, rest)
        assert exported(target) == full


def test_derived_columns_are_recomputed_and_defaults_filled(database: Database) -> None:
    person_id, source_id, archive_id = (str(uuid.uuid4()) for _ in range(3))
    document = {
        "format": FORMAT,
        "people": [{"id": person_id, "name": "Émile Zola", "aliases": ["@zola"]}],
        "sources": [
            {
                "id": source_id,
                "url": S1_URL,
                "archives": [
                    {"id": archive_id, "url": "https://web.archive.org/web/20251106170102/" + S1_URL}
                ],
            }
        ],
    }
    with database.session() as session:
        import_bundle(session, document)
        person = session.get(Person, person_id)
        assert person is not None
        assert (person.name_key, person.kind) == ("emile zola", "person")
        assert [(a.alias, a.alias_key) for a in person.aliases] == [("@zola", "@zola")]
    source = exported(database)["sources"][0]
    assert source["kind"] == "x_post"
    assert source["archives"][0]["service"] == "wayback"
    assert source["archives"][0]["captured_at"] == "2025-11-06T17:01:02Z"


# --- a statement whose original words one side knows -------------------------------------------

S1_FR = "Il n'y aura pas de renflouement fédéral de l'IA."
S1_EN = "There will be no federal bailout for AI."
OTHER_ARTICLE = "https://example.org/another/2025/11/07/bailout"


def _say_s1(session: Session, original: str | None, **changes: Any) -> str:
    """S1 as a researcher records it: with its original words, or (None) from the French quote alone."""
    claims.add_claim(session, "federal-ai-bailout", "The government should rescue AI companies")
    arguments: dict[str, Any] = {
        "article_url": ARTICLE,
        "person": "David Sacks",
        "text": original,
        "quoted_text": S1_FR,
        "lang": "en",
        "quoted_lang": "fr",
        "said_at": "2025-11-06T16:52Z",
        "source_url": S1_URL,
        "claims": [("federal-ai-bailout", "opposes")],
        "reader": "researcher A",
    }
    return quotes.add_quote(session, **(arguments | changes)).statement_id


@dataclass
class _Pair:
    a: Database  # knows S1's original words
    b: Database  # knows S1 only from another article's French quote
    a_id: str
    b_id: str


@contextmanager
def _pair(tmp_path: Path, **b_changes: Any) -> Iterator[_Pair]:
    with (
        open_database(tmp_path / "a.db", write=True) as a,
        open_database(tmp_path / "b.db", write=True) as b,
    ):
        with a.session() as session:
            a_id = _say_s1(session, S1_EN)
        with b.session() as session:
            b_changes = {"article_url": OTHER_ARTICLE, "reader": "researcher B"} | b_changes
            b_id = _say_s1(session, None, **b_changes)
        yield _Pair(a, b, a_id, b_id)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[_Pair]:
    with _pair(tmp_path) as databases:
        yield databases


def _statements(database: Database) -> list[tuple[str, str | None, str | None, str]]:
    with database.session() as session:
        query = select(Statement.id, Statement.text, Statement.language, Statement.fingerprint)
        return sorted(tuple(row) for row in session.execute(query))


def _quoted_by(database: Database) -> dict[str, str]:
    """Article URL -> the statement its quotation is of."""
    with database.session() as session:
        query = select(Article.url, Quotation.statement_id).join(Article, Article.id == Quotation.article_id)
        return {url: statement_id for url, statement_id in session.execute(query)}


def _import(database: Database, document: dict[str, Any]) -> dict[str, int]:
    with database.session() as session:
        return import_bundle(session, document).counts["statements"]


def test_an_original_completes_the_statement_stored_from_its_quote(pair: _Pair) -> None:
    bundle = exported(pair.a)
    fingerprint = _one(bundle["statements"], id=pair.a_id)["fingerprint"]
    assert _statements(pair.b)[0][1:] == (None, "en", _one(exported(pair.b)["statements"])["fingerprint"])

    assert _import(pair.b, bundle) == {"created": 0, "existing": 1}
    # The stored record keeps its id and gains the words and key it would have had from the start.
    assert _statements(pair.b) == [(pair.b_id, S1_EN, "en", fingerprint)]
    assert _quoted_by(pair.b) == {ARTICLE: pair.b_id, OTHER_ARTICLE: pair.b_id}
    with pair.b.session() as session:
        readers = [tuple(row) for row in session.execute(select(Stance.reader, Stance.statement_id))]
        assert sorted(readers) == [("researcher A", pair.b_id), ("researcher B", pair.b_id)]

    after = exported(pair.b)
    assert _import(pair.b, bundle) == {"created": 0, "existing": 1}
    assert exported(pair.b) == after


def test_a_quote_only_statement_joins_the_stored_original(pair: _Pair) -> None:
    before = _statements(pair.a)
    bundle = exported(pair.b)
    assert _import(pair.a, bundle) == {"created": 0, "existing": 1}
    assert _statements(pair.a) == before, "nothing stored is overwritten"
    assert _quoted_by(pair.a) == {ARTICLE: pair.a_id, OTHER_ARTICLE: pair.a_id}

    after = exported(pair.a)
    assert _import(pair.a, bundle) == {"created": 0, "existing": 1}
    assert exported(pair.a) == after


def test_merging_both_ways_converges(pair: _Pair) -> None:
    _import(pair.b, exported(pair.a))
    _import(pair.a, exported(pair.b))
    a, b = exported(pair.a), exported(pair.b)
    # Each side keeps its own id for the statement (a stored record wins); all else is the same.
    assert json.loads(json.dumps(b).replace(pair.b_id, pair.a_id)) == a
    assert [s["text"] for s in a["statements"]] == [S1_EN]
    for database, document in ((pair.a, b), (pair.b, a), (pair.a, b)):
        before = exported(database)
        assert _import(database, document) == {"created": 0, "existing": 1}
        assert exported(database) == before


def test_ids_the_target_knows_under_other_ids_are_resolved_first(tmp_path: Path) -> None:
    """B knows the speaker under another id, so its statement's key hashes that id: the keys are
    computed both with the ids the target knows and with those the bundle recorded."""
    with (
        open_database(tmp_path / "a.db", write=True) as a,
        open_database(tmp_path / "b.db", write=True) as b,
    ):
        with a.session() as session:
            a_id = _say_s1(session, S1_EN)
        with b.session() as session:
            session.execute(
                insert(Person), [{"id": str(uuid.uuid4()), "name": "David Sacks", "name_key": "david sacks"}]
            )
            b_id = _say_s1(session, None, article_url=OTHER_ARTICLE)
        a_bundle, b_bundle = exported(a), exported(b)
        assert a_bundle["people"][0]["id"] != b_bundle["people"][0]["id"]

        assert _import(b, a_bundle) == {"created": 0, "existing": 1}
        assert [(s[0], s[1]) for s in _statements(b)] == [(b_id, S1_EN)]
        assert _import(a, b_bundle) == {"created": 0, "existing": 1}
        assert [(s[0], s[1]) for s in _statements(a)] == [(a_id, S1_EN)]
        assert set(_quoted_by(a).values()) == {a_id}


@pytest.mark.parametrize(
    "b_changes",
    [
        {"locator": "paragraph 3"},
        {"said_at": "2025-11-06"},
        {"said_at": "2025-11-06T16:53Z"},
        {"person": "Gary Marcus"},
        {"source_url": S2_URL},
        {"quoted_text": "Pas de renflouement de l'IA."},
        {"text": "No bailout for AI, ever."},
    ],
    ids=["locator", "precision", "time", "speaker", "source", "other-words", "another-original"],
)
def test_a_statement_said_otherwise_is_never_merged(tmp_path: Path, b_changes: dict[str, Any]) -> None:
    with _pair(tmp_path, **b_changes) as pair:
        b_before, a_before = _statements(pair.b), _statements(pair.a)
        a_bundle, b_bundle = exported(pair.a), exported(pair.b)
        assert _import(pair.b, a_bundle) == {"created": 1, "existing": 0}
        assert _import(pair.a, b_bundle) == {"created": 1, "existing": 0}
        for database, before in ((pair.a, a_before), (pair.b, b_before)):
            after = _statements(database)
            assert len(after) == 2
            assert set(before) <= set(after), "the stored statement is left as it was"


def test_a_bundle_keeping_the_two_apart_keeps_them_apart(pair: _Pair) -> None:
    """Its database holds the original and, recorded after it, the quote alone as two statements:
    merging them here would make the two databases disagree for good."""
    with pair.a.session() as session:
        quote_only = _say_s1(session, None, article_url=OTHER_ARTICLE)
    assert quote_only == pair.b_id != pair.a_id
    assert _import(pair.b, exported(pair.a)) == {"created": 1, "existing": 1}
    assert _statements(pair.b) == _statements(pair.a)


def test_a_refused_bundle_completes_nothing(pair: _Pair) -> None:
    bundle = exported(pair.a)
    bundle["stances"][0]["claim_id"] = str(uuid.uuid4())
    before = exported(pair.b)
    with (
        pytest.raises(BundleError, match=r"\$\.stances\[0\]\.claim_id: no claim"),
        pair.b.session() as session,
    ):
        import_bundle(session, bundle)
    assert exported(pair.b) == before


def test_an_import_failing_after_the_completion_leaves_the_statement_as_it_was(
    pair: _Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    merge = bundle_api._Merger.merge
    completed: list[str | None] = []

    def failing(self: Any, table: str) -> None:
        if table == "stances":
            completed.extend(self.session.scalars(select(Statement.text)))
            raise OSError(28, "No space left on device")
        merge(self, table)

    monkeypatch.setattr(bundle_api._Merger, "merge", failing)
    before = exported(pair.b)
    with pytest.raises(OSError, match="No space"), pair.b.session() as session:
        import_bundle(session, exported(pair.a))
    assert completed == [S1_EN], "the statement was completed before the failure"
    assert exported(pair.b) == before
    assert _statements(pair.b)[0][1] is None


# --- refused bundles ----------------------------------------------------------------------------


def _mutations() -> list[tuple[str, Callable[[dict[str, Any]], str]]]:
    """(name, mutate): each spoils a copy of the seed bundle and returns what the error must say."""

    def first_dated(document: dict[str, Any]) -> int:
        return next(i for i, s in enumerate(document["statements"]) if s["said"] is not None)

    def wrong_format(d: dict[str, Any]) -> str:
        d["format"] = "prov-bundle/2"
        return "unsupported bundle format 'prov-bundle/2'"

    def no_format(d: dict[str, Any]) -> str:
        del d["format"]
        return 'not a prov bundle: no "format" field'

    def bad_precision(d: dict[str, Any]) -> str:
        index = first_dated(d)
        d["statements"][index]["said"]["precision"] = "week"
        return f"$.statements[{index}].said.precision"

    def impossible_date(d: dict[str, Any]) -> str:
        index = first_dated(d)
        d["statements"][index]["said"]["at"] = "2025-02-30T00:00:00Z"
        return f"$.statements[{index}].said.at: impossible date"

    def dangling_statement(d: dict[str, Any]) -> str:
        target = d["quotations"][2]["statement_id"]
        d["statements"] = [s for s in d["statements"] if s["id"] != target]
        d["stances"] = [s for s in d["stances"] if s["statement_id"] != target]
        index = next(i for i, q in enumerate(d["quotations"]) if q["statement_id"] == target)
        return f"$.quotations[{index}].statement_id: no statement {target}"

    def dangling_speaker(d: dict[str, Any]) -> str:
        speaker = d["statements"][0]["speaker_id"] or d["statements"][1]["speaker_id"]
        d["people"] = [p for p in d["people"] if p["id"] != speaker]
        d["affiliations"] = []
        index = next(i for i, s in enumerate(d["statements"]) if s["speaker_id"] == speaker)
        return f"$.statements[{index}].speaker_id: no person"

    def script_url(d: dict[str, Any]) -> str:
        d["sources"][1]["url"] = "javascript:alert(1)"
        return "$.sources[1].url"

    def padded_name(d: dict[str, Any]) -> str:
        d["people"][2]["name"] = d["people"][2]["name"] + " "
        return "$.people[2].name: text is empty or starts or ends with whitespace"

    def duplicate_id(d: dict[str, Any]) -> str:
        d["articles"].append(dict(d["articles"][0], url="https://example.org/another"))
        return "$.articles[1].id: the same id as $.articles[0]"

    def duplicate_url(d: dict[str, Any]) -> str:
        d["articles"].append(dict(d["articles"][0], id=str(uuid.uuid4())))
        return "$.articles[1]: the same URL as $.articles[0]"

    def misspelt_field(d: dict[str, Any]) -> str:
        d["claims"][0]["slgu"] = "typo"
        return "$.claims[0]: Additional properties are not allowed ('slgu' was unexpected)"

    def unknown_stance(d: dict[str, Any]) -> str:
        d["stances"][0]["stance"] = "maybe"
        return "$.stances[0].stance"

    def article_archive_is_the_article(d: dict[str, Any]) -> str:
        d["articles"][0]["archives"] = [{"id": str(uuid.uuid4()), "url": d["articles"][0]["url"]}]
        return "$.articles[0].archives[0].url: the archive URL is the article URL itself"

    def archive_of_a_source_and_an_article(d: dict[str, Any]) -> str:
        source = next(i for i, s in enumerate(d["sources"]) if s["archives"])
        copied = dict(d["sources"][source]["archives"][0], id=str(uuid.uuid4()))
        d["articles"][0]["archives"] = [copied]
        return f"$.articles[0].archives[0]: the same archive URL as $.sources[{source}].archives[0]"

    def unknown_archive_status(d: dict[str, Any]) -> str:
        d["articles"][0]["archives"] = [
            {"id": str(uuid.uuid4()), "url": "https://web.archive.org/web/2025/" + ARTICLE, "status": "gone"}
        ]
        return "$.articles[0].archives[0].status"

    def not_an_object(d: dict[str, Any]) -> str:
        d["__wrap_in_a_list__"] = True
        return "not a prov bundle: the JSON document is an array, not an object"

    return [
        (f.__name__, f)
        for f in (
            wrong_format,
            no_format,
            bad_precision,
            impossible_date,
            dangling_statement,
            dangling_speaker,
            script_url,
            padded_name,
            duplicate_id,
            duplicate_url,
            misspelt_field,
            unknown_stance,
            article_archive_is_the_article,
            archive_of_a_source_and_an_article,
            unknown_archive_status,
            not_an_object,
        )
    ]


@pytest.mark.parametrize(("name", "mutate"), _mutations(), ids=[name for name, _ in _mutations()])
def test_a_bad_bundle_is_refused_and_writes_nothing(
    name: str, mutate: Callable[[dict[str, Any]], str], seeded: Database, other: Database
) -> None:
    document: Any = copy.deepcopy(exported(seeded))
    expected = mutate(document)
    if document.pop("__wrap_in_a_list__", False):
        document = [document]
    before = exported(other)
    with other.session() as session:
        with pytest.raises(BundleError) as caught:
            import_bundle(session, document)
        # Refused before the first insert: nothing pending even before the rollback.
        assert not session.new and not session.dirty
        assert comparable(export_bundle(session)) == before
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert exported(other) == before


def test_dangling_reference_is_refused_even_when_everything_else_is_new(
    seeded: Database, tmp_path: Path
) -> None:
    document = exported(seeded)
    document["quotations"][0]["article_id"] = str(uuid.uuid4())
    with open_database(tmp_path / "empty.db", write=True) as empty:
        with (
            pytest.raises(BundleError, match=r"\$\.quotations\[0\]\.article_id: no article"),
            empty.session() as session,
        ):
            import_bundle(session, document)
        assert all(not records for key, records in exported(empty).items() if key in _LISTS)


def test_a_file_that_is_not_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "prov-bundle/1",\n  "people": [}\n', encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        read_bundle_file(path)
    message = str(caught.value)
    assert f"{path} is not JSON" in message
    assert "line 2, column 14" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no file"),
        (b"", "line 1, column 1"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
    ],
    ids=["missing", "empty", "not-utf8"],
)
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "bundle.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BundleError, match=expected):
        read_bundle_file(path)


def test_a_folder_is_not_a_bundle(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="is a folder"):
        read_bundle_file(tmp_path)


def test_a_bundle_file_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"format": FORMAT}).encode())
    assert parse_bundle(read_bundle_file(path)).rows["people"] == []


# --- the round trip, as a property --------------------------------------------------------------

_NAMES = ("David Sacks", "Émile Zola", "Zoë Saldaña", "The White House", "Gary Marcus")
_ALIASES = ("@DavidSacks", "@zola", "Z. S.", "WH", "Gary Markus")
_SLUGS = ("federal-ai-bailout", "ai-is-half-of-growth", "genesis-mission")
_ARTICLES = ("https://example.org/a", "https://example.org/b")
_SOURCES = (S1_URL, S2_URL, WSJ_URL, "https://www.whitehouse.gov/presidential-actions/2025/11/genesis/")
_DATES = (None, "2025", "2025-11", "2025-11-24", "2025-11-06T16:52Z", "2025-11-06T16:52:07+02:00")
_LANGS = (None, "en", "fr", "pt-BR")
_texts = st.text(alphabet='abcé É\u2019«»"\\ \n', min_size=1, max_size=12).filter(lambda t: bool(t.strip()))


@dataclass
class _Quote:
    article: str
    speaker: int | None
    text: str | None
    quoted: str | None
    lang: str | None
    quoted_lang: str | None
    said_at: str | None
    source: str | None
    archived: bool
    via: str | None
    attributed_as: str | None
    locator: str | None
    relation: str | None
    readings: list[tuple[str, str]]


_quotes = st.builds(
    _Quote,
    article=st.sampled_from(_ARTICLES),
    speaker=st.none() | st.integers(0, len(_NAMES) - 1),
    text=st.none() | _texts,
    quoted=st.none() | _texts,
    lang=st.sampled_from(_LANGS),
    quoted_lang=st.sampled_from(_LANGS),
    said_at=st.sampled_from(_DATES),
    source=st.none() | st.sampled_from(_SOURCES),
    archived=st.booleans(),
    via=st.none() | st.sampled_from(_SOURCES),
    attributed_as=st.none() | st.sampled_from(("Gary Sacks", "D. S.")),
    locator=st.none() | st.sampled_from(("Sec. 1", "paragraph 3")),
    relation=st.none() | st.sampled_from(("verbatim", "translation", "partial", "paraphrase")),
    readings=st.lists(
        st.tuples(st.sampled_from(_SLUGS), st.sampled_from(("supports", "opposes", "neutral"))),
        max_size=2,
        unique_by=lambda pair: pair[0],
    ),
)


@dataclass
class _Research:
    people: list[tuple[str, bool, list[str]]]  # name, is an organisation, aliases
    affiliations: list[tuple[int, int, str | None, str | None, str | None]]
    claims: list[tuple[str, str]]
    quotes: list[_Quote]
    stances: list[tuple[int, str, str, str | None, str, str | None]]


@st.composite
def _research(draw: st.DrawFn) -> _Research:
    names = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4, unique=True))
    found = [
        (name, draw(st.booleans()), draw(st.lists(st.sampled_from(_ALIASES), max_size=2, unique=True)))
        for name in names
    ]
    affiliations = (
        draw(
            st.lists(
                st.tuples(
                    st.integers(0, len(names) - 1),
                    st.integers(1, len(names) - 1),  # the organisation, as an offset: never oneself
                    st.none() | st.sampled_from(("czar", "editor")),
                    st.sampled_from((None, "2019", "2024-12", "2024-12-03")),
                    st.sampled_from((None, "2026", "2027-01-15")),
                ),
                max_size=2,
            )
        )
        if len(names) > 1
        else []
    )
    slugs = draw(st.lists(st.sampled_from(_SLUGS), max_size=3, unique=True))
    recorded_claims = [(slug, draw(_texts)) for slug in slugs]
    drawn = draw(st.lists(_quotes, max_size=5))
    for quote in drawn:
        if quote.speaker is not None and quote.speaker >= len(names):
            quote.speaker %= len(names)
        quote.readings = [(slug, stance) for slug, stance in quote.readings if slug in slugs]
        if quote.text is None and quote.quoted is None:
            quote.text = "words"
    readings = (
        draw(
            st.lists(
                st.tuples(
                    st.integers(0, max(len(drawn) - 1, 0)),
                    st.sampled_from(slugs),
                    st.sampled_from(("supports", "opposes", "neutral")),
                    st.none() | st.sampled_from(("Ann", "Bea")),
                    st.sampled_from(("stated", "interpreted")),
                    st.none() | _texts,
                ),
                max_size=3,
            )
        )
        if slugs and drawn
        else []
    )
    return _Research(found, affiliations, recorded_claims, drawn, readings)


def _record(session: Session, research: _Research) -> None:
    names = [name for name, _, _ in research.people]
    for name, organisation, aliases in research.people:
        kind = "organisation" if organisation else "person"
        people.add_person(session, name, kind=kind, aliases=aliases)
    for person, offset, role, start, end in research.affiliations:
        member_of = names[(person + offset) % len(names)]
        people.add_affiliation(session, names[person], member_of, role=role, start=start, end=end)
    for slug, text in research.claims:
        claims.add_claim(session, slug, text)
    statement_ids = []
    for quote in research.quotes:
        result = quotes.add_quote(
            session,
            article_url=quote.article,
            person=names[quote.speaker] if quote.speaker is not None else None,
            unattributed=quote.speaker is None,
            text=quote.text,
            quoted_text=quote.quoted,
            lang=quote.lang,
            quoted_lang=quote.quoted_lang,
            relation=quote.relation,
            said_at=quote.said_at,
            source_url=quote.source,
            archive_urls=[f"https://web.archive.org/web/20251124/{quote.source}"]
            if quote.source and quote.archived
            else [],
            attributed_as=quote.attributed_as,
            locator=quote.locator,
            via=quote.via,
            claims=quote.readings,
            reader="Ann",
        )
        statement_ids.append(result.statement_id)
    for index, slug, stance, reader, basis, note in research.stances:
        stances.set_stance(session, statement_ids[index], slug, stance, reader=reader, basis=basis, note=note)


@pytest.fixture(scope="session")
def empty_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database to copy: migrating one per hypothesis example would be slow."""
    path = tmp_path_factory.mktemp("template") / "prov.db"
    open_database(path, write=True).close()
    return path


@contextmanager
def _copies(template: Path, count: int) -> Iterator[list[Database]]:
    """``count`` copies of the migrated empty database ``template``, open for writing."""
    with tempfile.TemporaryDirectory() as folder, ExitStack() as opened:
        paths = [Path(folder) / f"{n}.db" for n in range(count)]
        for path in paths:
            shutil.copy(template, path)
        yield [opened.enter_context(open_database(path, write=True)) for path in paths]


@settings(max_examples=25, deadline=None)
@given(research=_research())
def test_export_import_export_gives_the_same_document(empty_database_file: Path, research: _Research) -> None:
    with _copies(empty_database_file, 2) as (a, b):
        with a.session() as session:
            _record(session, research)
        original = exported(a)
        assert schemas.first_error("bundle", original) is None
        with b.session() as session:
            result = import_bundle(session, original)
        assert result.created == record_count(original)
        assert exported(b) == original
        with b.session() as session:
            again = import_bundle(session, original)
        assert (again.created, again.existing) == (0, record_count(original))
        with a.session() as session:
            assert import_bundle(session, exported(b)).created == 0
        assert exported(a) == original


@settings(max_examples=25, deadline=None)
@given(research=_research())
def test_a_streamed_bundle_of_any_record_is_the_document(
    empty_database_file: Path, research: _Research
) -> None:
    with _copies(empty_database_file, 1) as (db,):
        with db.session() as session:
            _record(session, research)
        with db.session() as session:
            text = streamed(session)
            assert text == held_in_memory(session, text)
    _in_python_order(json.loads(text))


# Hyphens, case, accents and characters beyond the BMP: where a locale collation and code points differ.
_ids = st.text(st.characters(min_codepoint=32, exclude_categories=("Cs", "Cc")), min_size=1, max_size=36)


@settings(max_examples=30, deadline=None)
@given(
    person_ids=st.lists(_ids, min_size=1, max_size=8, unique=True),
    aliases=st.lists(_ids, max_size=6, unique=True),
)
def test_records_come_in_python_string_order_whatever_their_ids(
    empty_database_file: Path, person_ids: list[str], aliases: list[str]
) -> None:
    """The database sorts the streamed rows; the order must be Python's, as when the export sorted."""
    with _copies(empty_database_file, 1) as (db,):
        with db.session() as session:
            session.execute(
                insert(Person),
                [{"id": i, "name": f"P{n}", "name_key": f"p{n}"} for n, i in enumerate(person_ids)],
            )
            if aliases:
                session.execute(
                    insert(Alias),
                    [
                        {"id": f"alias-{n}", "person_id": person_ids[0], "alias": a, "alias_key": f"k{n}"}
                        for n, a in enumerate(aliases)
                    ],
                )
        with db.session() as session:
            text = streamed(session)
    document = json.loads(text)
    assert [p["id"] for p in document["people"]] == sorted(person_ids)
    _in_python_order(document)
    assert sorted(a for p in document["people"] for a in p["aliases"]) == sorted(aliases)


# Stripped, as add_quote stores them: the words each side compares are the stored ones.
_words = _texts.map(str.strip)
_split = st.fixed_dictionaries(
    {
        "original": _words,
        "printed": _words,
        "a_knows": st.booleans(),
        "b_knows": st.booleans(),
        "b_prints_original": st.booleans(),
        "b_article": st.sampled_from((ARTICLE, OTHER_ARTICLE)),
        "b_first": st.booleans(),
    }
)


@settings(max_examples=25, deadline=None)
@given(split=_split)
def test_whoever_knows_the_original_the_merge_converges_on_one_statement(
    empty_database_file: Path, split: dict[str, Any]
) -> None:
    original, printed = split["original"], split["printed"]
    with _copies(empty_database_file, 2) as (a, b):
        with a.session() as session:
            _say_s1(session, original if split["a_knows"] else None, quoted_text=printed)
        b_printed = original if split["b_prints_original"] and not split["b_knows"] else printed
        with b.session() as session:
            b_text = original if split["b_knows"] else None
            _say_s1(session, b_text, quoted_text=b_printed, article_url=split["b_article"], reader="B")
        first, second = (b, a) if split["b_first"] else (a, b)
        _import(second, exported(first))
        _import(first, exported(second))

        one = split["a_knows"] or split["b_knows"] or b_printed == printed
        for database in (a, b):
            statements = _statements(database)
            assert len(statements) == (1 if one else 2)
            if split["a_knows"] or split["b_knows"]:
                assert original in [text for _, text, _, _ in statements]
        assert [s[1:] for s in _statements(a)] == [s[1:] for s in _statements(b)]
        documents = exported(a), exported(b)
        for database, document in ((a, documents[1]), (b, documents[0])):
            before = exported(database)
            with database.session() as session:
                assert import_bundle(session, document).created == 0
            assert exported(database) == before


# --- helpers ------------------------------------------------------------------------------------

# The document's lists of records, in its order (aliases and archives are embedded).
_LISTS = [t for t in TABLES if t not in ("aliases", "archives")]


def _one(records: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [r for r in records if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def _quote_s1(session: Session, *, reader: str, archive: str | None = None) -> None:
    quotes.add_quote(
        session,
        article_url=ARTICLE,
        person="David Sacks",
        quoted_text="Il n'y aura pas de renflouement fédéral de l'IA.",
        lang="en",
        quoted_lang="fr",
        said_at="2025-11-06T16:52Z",
        source_url=S1_URL,
        archive_urls=[archive] if archive else [],
        claims=[("federal-ai-bailout", "opposes")],
        reader=reader,
    )


def _drop_time(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if '"exported_at"' not in line)
