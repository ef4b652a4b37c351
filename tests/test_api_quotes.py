"""add_quote on the worked example: the seed article's quotes S1-S8, repeats, and bad input."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.api.claims import add_claim
from provenance.api.people import add_person, find_person
from provenance.api.quotes import QuoteResult, add_quote, statement_fingerprint
from provenance.dates import parse_when
from provenance.db import Database
from provenance.errors import InvalidDate, InvalidInput, InvalidURL, NotFound, ProvError
from provenance.models import (
    Alias,
    ArchiveCopy,
    Article,
    Base,
    Claim,
    Person,
    Quotation,
    Source,
    Stance,
    Statement,
)

ARTICLE = "https://example.org/2025/11/usa-decret-sauvetage-ia.html"
OTHER_ARTICLE = "https://example.org/2025/12/revue-de-presse-ia.html"
S1_URL = "https://x.com/DavidSacks/status/1986476616155316531"
S1_ARCHIVE = f"https://archive.ph/2025.11.06-170512/{S1_URL}"
S2_URL = "https://x.com/DavidSacks/status/1992999999999999999"
S2_ARCHIVE = f"https://web.archive.org/web/20251124173400id_/{S2_URL}"
WSJ_URL = "https://www.wsj.com/economy/ai-spending-growth-risks-0000aaaa"
WSJ_ARCHIVE = f"https://web.archive.org/web/20251124180000/{WSJ_URL}"
ORDER_URL = "https://www.whitehouse.gov/presidential-actions/2025/11/launching-the-genesis-mission/"
BAILOUT = "federal-ai-bailout"

S1_FR = (
    "Il n'y aura pas de plan de sauvetage fédéral pour l'IA. Les États-Unis comptent au moins cinq "
    "grandes entreprises pionnières dans ce domaine. Si l'une d'elles fait faillite, d'autres prendront "
    "le relais."
)
S2_FR = (
    "D'après le Wall Street Journal d'aujourd'hui, les investissements liés à l'IA représentent la moitié "
    "de la croissance du PIB. Un retournement de situation risquerait de provoquer une récession. Nous ne "
    "pouvons pas nous permettre de reculer."
)
S3_FR = (
    "La dépendance de l'économie à l'égard de l'IA comporte des risques. Les ratios cours/bénéfice des "
    "actions sont proches de leurs plus hauts historiques."
)
APOSTROPHE = "\u2019"
# The article prints typographic apostrophes here, unlike elsewhere.
S4_FR = (
    f"Si les investissements dans l{APOSTROPHE}IA cessaient de croître, cela pourrait amputer la "
    f"croissance de 0,5 point supplémentaire, selon les estimations de Millar. S{APOSTROPHE}ils "
    f"tombaient à zéro, la croissance chuterait d{APOSTROPHE}un point de pourcentage entier."
)
S5_FR = (
    "Si les revenus nécessaires au service de cette dette ne se concrétisent pas, les prêteurs pourraient "
    "subir des pertes, avec des répercussions sur les marchés de la dette, a déclaré Berezin."
)
S6_FR = (
    "Article 1. Objectif. Depuis la fondation de notre République, la découverte scientifique et "
    "l'innovation technologique ont été les moteurs du progrès et de la prospérité américains."
)
S7_FR = (
    "Si l'on fait abstraction du marketing, Genesis est un projet du gouvernement américain visant à "
    "construire une infrastructure nationale d'IA au sein du Département de l'Énergie, puis à inviter "
    "les principaux acteurs privés du secteur à s'y connecter."
)
S8_FR = "quel est le lien entre deux tweets récents de Gary Sacks"

ARTICLE_DETAILS: dict[str, Any] = {
    "article_url": ARTICLE,
    "article_title": "USA. Un décret présidentiel prévoit un plan de sauvetage pour les entreprises d'IA "
    "surendettées.",
    "article_date": "mercredi 26 novembre 2025",
    "article_lang": "fr",
    "publisher": "Le blog de Hannibal Genséric",
}

# Every quote in the article is French; the English originals are not in it.
SEED: dict[str, dict[str, Any]] = {
    "S1": {
        **ARTICLE_DETAILS,
        "person": "David Sacks",
        "quoted_text": S1_FR,
        "quoted_lang": "fr",
        "lang": "en",
        "said_at": "16:52 UTC · 6 nov. 2025",
        "source_url": S1_URL,
        "archive_urls": [S1_ARCHIVE],
        "claims": [(BAILOUT, "opposes")],
        "reader": "Hannibal Genséric",
    },
    "S2": {
        "article_url": ARTICLE,
        "person": "@DavidSacks",
        "attributed_as": "Gary Sacks",
        "quoted_text": S2_FR,
        "quoted_lang": "fr",
        "lang": "en",
        "said_at": "17:34 UTC · 24 nov. 2025",
        "source_url": S2_URL,
        "archive_urls": [S2_ARCHIVE],
        "claims": [(BAILOUT, "supports")],
        "reader": "Hannibal Genséric",
        "basis": "interpreted",
        "stance_note": "the article reads it as preparing the ground for a bailout",
    },
    "S3": {
        "article_url": ARTICLE,
        "person": "The Wall Street Journal",
        "attributed_as": "le WSJ",
        "quoted_text": S3_FR,
        "quoted_lang": "fr",
        "lang": "en",
        "said_at": "2025-11-24",
        "source_url": WSJ_URL,
        "source_title": "AI spending is propping up the economy",
        "archive_urls": [WSJ_ARCHIVE],
    },
    "S4": {
        "article_url": ARTICLE,
        "person": "Millar",
        "quoted_text": S4_FR,
        "quoted_lang": "fr",
        "lang": "en",
        "said_at": "2025-11-24",
        "via": WSJ_URL,
    },
    "S5": {
        "article_url": ARTICLE,
        "person": "Berezin",
        "quoted_text": S5_FR,
        "quoted_lang": "fr",
        "lang": "en",
        "said_at": "2025-11-24",
        "via": WSJ_URL,
    },
    "S6": {
        "article_url": ARTICLE,
        "person": "The White House",
        "quoted_text": S6_FR,
        "quoted_lang": "fr",
        "lang": "en",
        "source_url": ORDER_URL,
        "source_title": "Launching the Genesis Mission",
        "locator": "Sec. 1",
    },
    "S7": {
        "article_url": ARTICLE,
        "unattributed": True,
        "quoted_text": S7_FR,
        "quoted_lang": "fr",
        "lang": "en",
    },
    "S8": {
        "article_url": ARTICLE,
        "person": "Gary Marcus",
        "attributed_as": "Gary Markus",
        "quoted_text": S8_FR,
        "quoted_lang": "fr",
        "relation": "paraphrase",
        "said_at": "novembre 2025",
    },
}

TABLES: tuple[type[Base], ...] = (
    Person,
    Alias,
    Article,
    Source,
    ArchiveCopy,
    Statement,
    Quotation,
    Claim,
    Stance,
)


def counts(session: Session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0 for model in TABLES
    }


def db_counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return counts(session)


def record_context(session: Session) -> None:
    """What a researcher records before the quotes: the claim and the speakers' other names."""
    add_claim(session, BAILOUT, "The US federal government should rescue AI companies that fail")
    add_person(session, "David Sacks", aliases=["@DavidSacks", "David O. Sacks"])
    add_person(session, "The Wall Street Journal", kind="organisation")
    add_person(session, "The White House", kind="organisation")


def record_seed(session: Session) -> dict[str, QuoteResult]:
    record_context(session)
    return {name: add_quote(session, **kwargs) for name, kwargs in SEED.items()}


@pytest.fixture
def seeded(database: Database) -> dict[str, QuoteResult]:
    with database.session() as session:
        return record_seed(session)


def statement(session: Session, result: QuoteResult) -> Statement:
    found = session.get(Statement, result.statement_id)
    assert found is not None
    return found


def quotation(session: Session, result: QuoteResult) -> Quotation:
    found = session.get(Quotation, result.quotation_id)
    assert found is not None
    return found


# --- the worked example ------------------------------------------------------------------------


def test_seed_counts(database: Database, seeded: dict[str, QuoteResult]) -> None:
    assert db_counts(database) == {
        "person": 6,  # Sacks, the WSJ, the White House, Millar, Berezin, Marcus; nobody for S7
        "alias": 2,
        "article": 1,
        "source": 4,  # two posts on X, the WSJ report, the executive order
        "archive_copy": 3,
        "statement": 8,
        "quotation": 8,
        "claim": 1,
        "stance": 2,
    }
    assert len({r.statement_id for r in seeded.values()}) == 8


def test_seed_first_call_creates_what_is_missing(seeded: dict[str, QuoteResult]) -> None:
    actions = {(o.kind, o.action) for o in seeded["S1"].outcomes}
    assert ("article", "created") in actions
    assert ("person", "found") in actions
    assert ("source", "created") in actions
    assert ("archive", "created") in actions
    assert ("statement", "created") in actions
    assert ("quotation", "created") in actions
    assert ("stance", "created") in actions
    millar = {o.kind: o for o in seeded["S4"].outcomes}
    assert millar["person"].action == "created"
    assert millar["person"].label == "Millar"
    assert {o.kind: o.action for o in seeded["S2"].outcomes}["article"] == "found"
    document = seeded["S1"].to_json()
    assert document["statement_id"] == seeded["S1"].statement_id
    assert {r["kind"] for r in document["records"]} >= {"article", "statement", "quotation"}


def test_seed_statements(database: Database, seeded: dict[str, QuoteResult]) -> None:
    with database.session() as session:
        sacks = find_person(session, "David Sacks")
        s1, s2 = statement(session, seeded["S1"]), statement(session, seeded["S2"])
        assert s1.speaker_id == s2.speaker_id == sacks.id
        # Only the translation is known: no original text, but its language is.
        assert (s1.text, s1.language) == (None, "en")
        assert (s1.said_at, s1.said_precision) == (datetime(2025, 11, 6, 16, 52, tzinfo=UTC), "minute")
        assert (s2.said_at, s2.said_precision) == (datetime(2025, 11, 24, 17, 34, tzinfo=UTC), "minute")
        assert s1.locator == "status/1986476616155316531"
        assert s2.locator == "status/1992999999999999999"
        s3 = statement(session, seeded["S3"])
        assert (s3.said_at, s3.said_precision) == (datetime(2025, 11, 24, tzinfo=UTC), "day")
        assert s3.speaker_id == find_person(session, "the wall street journal").id
        assert s3.locator is None
        s6 = statement(session, seeded["S6"])
        assert (s6.locator, s6.said_at, s6.said_precision) == ("Sec. 1", None, None)
        s7 = statement(session, seeded["S7"])
        assert s7.speaker_id is None
        assert s7.source_id is None
        s8 = statement(session, seeded["S8"])
        assert s8.speaker_id == find_person(session, "Gary Marcus").id
        assert s8.said_precision == "month"


def test_seed_sources_and_archives(database: Database, seeded: dict[str, QuoteResult]) -> None:
    with database.session() as session:
        sources = {s.url: s for s in session.scalars(select(Source))}
        assert {url: s.kind for url, s in sources.items()} == {
            S1_URL: "x_post",
            S2_URL: "x_post",
            WSJ_URL: "news_article",
            ORDER_URL: "executive_order",
        }
        assert sources[ORDER_URL].title == "Launching the Genesis Mission"
        assert statement(session, seeded["S1"]).source_id == sources[S1_URL].id
        archives = {a.url: a for a in session.scalars(select(ArchiveCopy))}
        assert archives[WSJ_ARCHIVE].source_id == sources[WSJ_URL].id
        assert archives[WSJ_ARCHIVE].service == "wayback"
        assert archives[WSJ_ARCHIVE].captured_at == datetime(2025, 11, 24, 18, tzinfo=UTC)
        assert archives[S2_ARCHIVE].captured_at == datetime(2025, 11, 24, 17, 34, tzinfo=UTC)
        assert archives[S1_ARCHIVE].service == "archive.today"
        assert archives[S1_ARCHIVE].captured_at == datetime(2025, 11, 6, 17, 5, 12, tzinfo=UTC)


def test_seed_quotations(database: Database, seeded: dict[str, QuoteResult]) -> None:
    with database.session() as session:
        q = {name: quotation(session, result) for name, result in seeded.items()}
        assert q["S1"].quoted_text == S1_FR
        assert q["S4"].quoted_text == S4_FR  # typographic apostrophes kept as printed
        assert {name: quote.relation for name, quote in q.items()} == {
            "S1": "translation",
            "S2": "translation",
            "S3": "translation",
            "S4": "translation",
            "S5": "translation",
            "S6": "translation",
            "S7": "translation",
            "S8": "paraphrase",
        }
        assert all(quote.quoted_lang == "fr" for quote in q.values())
        # The name as the article writes it, beside the resolved person.
        assert q["S1"].attributed_as == "David Sacks"
        assert q["S2"].attributed_as == "Gary Sacks"
        assert q["S3"].attributed_as == "le WSJ"
        assert q["S8"].attributed_as == "Gary Markus"
        assert q["S7"].attributed_as is None
        # Quotes of quotes: article -> WSJ -> economist; the economist's own source is unknown.
        wsj = session.scalars(select(Source).where(Source.url == WSJ_URL)).one()
        assert q["S4"].via_source_id == q["S5"].via_source_id == wsj.id
        assert statement(session, seeded["S4"]).source_id is None
        assert q["S1"].via_source_id is None
        article = session.scalars(select(Article)).one()
        assert {quote.article_id for quote in q.values()} == {article.id}
        assert (article.published_at, article.published_precision) == (
            datetime(2025, 11, 26, tzinfo=UTC),
            "day",
        )
        assert (article.language, article.publisher) == ("fr", "Le blog de Hannibal Genséric")


def test_seed_stances(database: Database, seeded: dict[str, QuoteResult]) -> None:
    with database.session() as session:
        stances = {s.statement_id: s for s in session.scalars(select(Stance))}
        s1 = stances[seeded["S1"].statement_id]
        s2 = stances[seeded["S2"].statement_id]
        assert (s1.stance, s1.basis, s1.reader) == ("opposes", "stated", "Hannibal Genséric")
        assert (s2.stance, s2.basis) == ("supports", "interpreted")
        assert s2.note == "the article reads it as preparing the ground for a bailout"


def test_repeating_every_call_changes_nothing(database: Database, seeded: dict[str, QuoteResult]) -> None:
    before = db_counts(database)
    with database.session() as session:
        for name, kwargs in SEED.items():
            again = add_quote(session, **kwargs)
            assert {o.action for o in again.outcomes} == {"found"}, name
            assert (again.statement_id, again.quotation_id) == (
                seeded[name].statement_id,
                seeded[name].quotation_id,
            )
    assert db_counts(database) == before


def test_same_words_in_two_articles_are_one_statement(
    database: Database, seeded: dict[str, QuoteResult]
) -> None:
    before = db_counts(database)
    with database.session() as session:
        other = add_quote(session, **{**SEED["S1"], "article_url": OTHER_ARTICLE, "attributed_as": None})
        actions = {o.kind: o.action for o in other.outcomes}
        assert actions["article"] == "created"
        assert actions["statement"] == "found"
        assert actions["quotation"] == "created"
        assert other.statement_id == seeded["S1"].statement_id
        assert other.quotation_id != seeded["S1"].quotation_id
        quotes = session.scalars(select(Quotation).where(Quotation.statement_id == other.statement_id)).all()
        assert len(quotes) == 2
    after = db_counts(database)
    assert after == before | {"article": 2, "quotation": 9}


S1_EN = (
    "There will be no federal bailout for AI. The U.S. has at least 5 major frontier model companies. "
    "If one fails, others will take its place."
)


def test_learning_the_original_later_completes_the_same_statement(
    database: Database, seeded: dict[str, QuoteResult]
) -> None:
    before = db_counts(database)
    learnt = {**SEED["S1"], "text": S1_EN}
    with database.session() as session:
        result = add_quote(session, **learnt)
        actions = {o.kind: o.action for o in result.outcomes}
        assert actions["statement"] == "updated"
        assert actions["quotation"] == "found"
        assert (result.statement_id, result.quotation_id) == (
            seeded["S1"].statement_id,
            seeded["S1"].quotation_id,
        )
        said = statement(session, result)
        assert (said.text, said.language) == (S1_EN, "en")
        # Keyed by its words now: another quote of the same words finds it.
        assert said.fingerprint == statement_fingerprint(
            said.speaker_id, said.source_id, parse_when(SEED["S1"]["said_at"]), said.locator, S1_EN, S1_FR
        )
        stances = session.scalars(select(Stance.stance).where(Stance.statement_id == said.id)).all()
        assert stances == ["opposes"]
    # Nothing new, and the same call again changes nothing.
    assert db_counts(database) == before
    with database.session() as session:
        again = add_quote(session, **learnt)
        assert {o.action for o in again.outcomes} == {"found"}
        assert again.statement_id == seeded["S1"].statement_id
        # Another article quoting the original verbatim is a quote of the same statement.
        other = add_quote(
            session, **{**learnt, "article_url": OTHER_ARTICLE, "quoted_text": None, "quoted_lang": None}
        )
        assert other.statement_id == seeded["S1"].statement_id
        assert quotation(session, other).relation == "verbatim"
    assert db_counts(database) == before | {"article": 2, "quotation": 9}


def test_an_original_with_other_details_is_another_statement(
    database: Database, seeded: dict[str, QuoteResult]
) -> None:
    # A different time or source is not the same statement, whatever the quote: never merged.
    with database.session() as session:
        moved = add_quote(session, **{**SEED["S1"], "text": S1_EN, "said_at": "2025-11-07"})
        assert moved.statement_id != seeded["S1"].statement_id
        assert statement(session, seeded["S1"]).text is None


def test_relation_inference(session: Session) -> None:
    base: dict[str, Any] = {"article_url": ARTICLE, "person": "David Sacks"}
    original = (
        "There will be no federal bailout for AI. The U.S. has at least 5 major frontier model companies."
    )

    def relation(**kwargs: Any) -> str:
        return quotation(session, add_quote(session, **base, **kwargs)).relation

    assert relation(text="Only the original words.") == "verbatim"
    assert relation(text="Only the original, with its language.", lang="en") == "verbatim"
    assert relation(quoted_text="Pas de renflouement.", quoted_lang="fr", lang="en") == "translation"
    assert relation(text=original, lang="en", quoted_text=S1_FR, quoted_lang="fr") == "translation"
    assert relation(text=original, quoted_text="no federal bailout for AI") == "partial"
    assert relation(text=original, quoted_text="Sacks ruled out any bailout.") == "paraphrase"
    # en-US quoted as en is the same language: a cut, not a translation.
    assert (
        relation(text=original, lang="en-US", quoted_text="no federal bailout", quoted_lang="en") == "partial"
    )
    assert relation(text=original + " More.", quoted_text=original, relation="Partial") == "partial"


def test_quoted_text_defaults_to_the_original(session: Session) -> None:
    result = add_quote(session, article_url=ARTICLE, person="Gary Marcus", text=" Words said. ", lang="en")
    quote = quotation(session, result)
    assert (quote.quoted_text, quote.quoted_lang, quote.relation) == ("Words said.", "en", "verbatim")
    said = statement(session, result)
    assert (said.text, said.language) == ("Words said.", "en")
    assert quote.attributed_as == "Gary Marcus"


def test_explicit_locator_wins_over_the_status_id(session: Session) -> None:
    result = add_quote(
        session, article_url=ARTICLE, person="David Sacks", text="x", source_url=S1_URL, locator="p. 2"
    )
    assert statement(session, result).locator == "p. 2"


def test_updating_a_quotation(session: Session) -> None:
    first = add_quote(session, article_url=ARTICLE, person="David Sacks", quoted_text=S1_FR, quoted_lang="fr")
    again = add_quote(
        session,
        article_url=ARTICLE,
        person="David Sacks",
        quoted_text=S1_FR,
        quoted_lang="fr",
        attributed_as="Gary Sacks",
        relation="paraphrase",
    )
    assert {o.kind: o.action for o in again.outcomes}["quotation"] == "updated"
    quote = quotation(session, first)
    assert (quote.attributed_as, quote.relation) == ("Gary Sacks", "paraphrase")


# --- bad input: the right error, and nothing written ------------------------------------------

BAD_CALLS: list[tuple[str, dict[str, Any], type[ProvError]]] = [
    ("person and unattributed", {"person": "Gary Marcus", "unattributed": True}, InvalidInput),
    ("no speaker", {"person": None}, InvalidInput),
    ("blank speaker", {"person": "   "}, InvalidInput),
    ("empty text", {"quoted_text": "   ", "text": ""}, InvalidInput),
    ("no text", {"quoted_text": None}, InvalidInput),
    ("bad relation", {"relation": "quote"}, InvalidInput),
    ("bad stance", {"claims": [(BAILOUT, "agrees")]}, InvalidInput),
    ("unknown claim", {"claims": [("no-such-claim", "supports")]}, NotFound),
    ("archive without source", {"source_url": None, "archive_urls": [WSJ_ARCHIVE]}, InvalidInput),
    ("source details without source", {"source_url": None, "source_title": "x"}, InvalidInput),
    ("bad language", {"lang": "français!"}, InvalidInput),
    ("bad quoted language", {"quoted_lang": "français!"}, InvalidInput),
    ("bad article language", {"article_lang": "fr_FR!"}, InvalidInput),
    ("javascript source", {"source_url": "javascript:alert(1)"}, InvalidURL),
    ("file archive", {"archive_urls": ["file:///etc/passwd"]}, InvalidURL),
    ("javascript via", {"via": "javascript:alert(1)"}, InvalidURL),
    ("javascript article", {"article_url": "javascript:alert(1)"}, InvalidURL),
    ("bad date", {"said_at": "32 nov 2025"}, InvalidDate),
    ("weekday mismatch", {"said_at": "mercredi 27 novembre 2025"}, InvalidDate),
    ("bad article date", {"article_date": "31 février 2025"}, InvalidDate),
    ("bad source kind", {"source_kind": "tweet"}, InvalidInput),
    ("bad basis", {"claims": [(BAILOUT, "supports")], "basis": "guessed"}, InvalidInput),
    ("archive of another source", {"archive_urls": [S1_ARCHIVE]}, InvalidInput),
    ("archive is the source", {"archive_urls": ["https://example.org/new-source"]}, InvalidInput),
    ("empty reader", {"claims": [(BAILOUT, "supports")], "reader": " "}, InvalidInput),
]

# Every call starts from a new article, person and source, so a late failure would leave them behind.
FRESH_CALL: dict[str, Any] = {
    "article_url": "https://example.org/2025/12/nouvel-article.html",
    "article_title": "Nouvel article",
    "article_date": "2025-12-01",
    "article_lang": "fr",
    "person": "Someone New",
    "quoted_text": "Des mots nouveaux.",
    "quoted_lang": "fr",
    "lang": "en",
    "said_at": "2025-11-30",
    "source_url": "https://example.org/new-source",
    "archive_urls": ["https://web.archive.org/web/20251130120000/https://example.org/new-source"],
    "via": "https://www.lemonde.fr/economie/article/2025/11/30/x.html",
}


def test_the_fresh_call_itself_succeeds(database: Database, seeded: dict[str, QuoteResult]) -> None:
    before = db_counts(database)
    with database.session() as session:
        add_quote(session, **FRESH_CALL, claims=[(BAILOUT, "neutral")])
    after = db_counts(database)
    assert after["person"] == before["person"] + 1
    assert after["source"] == before["source"] + 2
    assert after["quotation"] == before["quotation"] + 1


@pytest.mark.parametrize(("case", "changes", "error"), BAD_CALLS, ids=[case for case, _, _ in BAD_CALLS])
def test_bad_input_raises_and_writes_nothing(
    database: Database,
    seeded: dict[str, QuoteResult],
    case: str,
    changes: dict[str, Any],
    error: type[ProvError],
) -> None:
    before = db_counts(database)
    with pytest.raises(error) as caught, database.session() as session:
        add_quote(session, **{**FRESH_CALL, **changes})
    assert "\n" not in str(caught.value)
    assert db_counts(database) == before


def test_a_failed_call_leaves_earlier_work_of_its_transaction_undone(database: Database) -> None:
    with pytest.raises(InvalidInput), database.session() as session:
        record_context(session)
        add_quote(session, **SEED["S1"])
        add_quote(session, **{**SEED["S2"], "relation": "quote"})
    assert set(db_counts(database).values()) == {0}
