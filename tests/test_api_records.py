"""The add-* API: people, aliases, affiliations, articles, claims, sources and stances."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.api.articles import add_article, find_article
from provenance.api.claims import add_claim, check_slug, find_claim
from provenance.api.people import (
    add_affiliation,
    add_alias,
    add_person,
    find_person,
    lookup_person,
    people_matching,
)
from provenance.api.quotes import add_quote
from provenance.api.sources import add_archive, add_source, find_source
from provenance.api.stances import DEFAULT_READER, find_statement, set_stance
from provenance.db import Database
from provenance.errors import Ambiguous, InvalidDate, InvalidInput, InvalidURL, NotFound
from provenance.ids import stable_id
from provenance.models import Affiliation, Alias, ArchiveCopy, Article, Base, Claim, Person, Source, Stance

ARTICLE = "https://example.org/2025/11/usa-decret-sauvetage-ia.html"
S1_URL = "https://x.com/DavidSacks/status/1986476616155316531"
WSJ_URL = "https://www.wsj.com/economy/ai-spending-growth-risks-0000aaaa"
WSJ_WAYBACK = f"https://web.archive.org/web/20251124180000/{WSJ_URL}"
BAILOUT = "federal-ai-bailout"


def count(session: Session, model: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


# --- people ------------------------------------------------------------------------------------


def test_add_person_is_idempotent(session: Session) -> None:
    first = add_person(session, "Gary Marcus")
    again = add_person(session, "Gary Marcus")
    assert first.action == "created"
    assert again.action == "found"
    assert again.id == first.id == stable_id("person", "gary marcus")
    assert count(session, Person) == 1


@pytest.mark.parametrize("spelling", ["gary marcus", "GARY  MARCUS", "Gäry Marcus", " Gary Márcus "])
def test_person_lookup_ignores_case_accents_and_spacing(session: Session, spelling: str) -> None:
    created = add_person(session, "Gary Marcus")
    assert find_person(session, spelling).id == created.id
    again = add_person(session, spelling)
    assert (again.action, again.id, again.label) == ("found", created.id, "Gary Marcus")
    assert count(session, Person) == 1


def test_find_person_by_id_and_unknown_names(session: Session) -> None:
    created = add_person(session, "Gary Marcus")
    assert find_person(session, created.id).name == "Gary Marcus"
    assert lookup_person(session, "Gary Markus") is None
    with pytest.raises(NotFound, match="Gary Markus"):
        find_person(session, "Gary Markus")
    with pytest.raises(InvalidInput):
        find_person(session, "  ")


def test_aliases_and_handles_resolve(session: Session) -> None:
    sacks = add_person(session, "David Sacks", aliases=["@DavidSacks", "David O. Sacks"])
    assert sacks.action == "created"
    for ref in ("@DavidSacks", "@davidsacks", "david o. sacks", "DAVID O. SACKS", "David Sacks"):
        assert find_person(session, ref).id == sacks.id
    assert find_person(session, "@DavidSacks").name == "David Sacks"
    # A handle without its @ is another name.
    assert lookup_person(session, "DavidSacks") is None
    assert count(session, Alias) == 2
    assert sorted(a.alias for a in find_person(session, "David Sacks").aliases) == [
        "@DavidSacks",
        "David O. Sacks",
    ]


def test_add_alias_is_idempotent(session: Session) -> None:
    add_person(session, "David Sacks")
    first = add_alias(session, "David Sacks", "@DavidSacks")
    again = add_alias(session, "david sacks", "@davidsacks")
    assert (first.action, again.action) == ("created", "found")
    assert first.id == again.id
    # The person's own name is no new alias.
    assert add_alias(session, "David Sacks", "DAVID SACKS").action == "found"
    assert count(session, Alias) == 1
    updated = add_person(session, "David Sacks", aliases=["@DavidSacks", "David O. Sacks"])
    assert updated.action == "updated"
    assert add_person(session, "David Sacks", aliases=["@DavidSacks", "David O. Sacks"]).action == "found"
    assert count(session, Alias) == 2


def test_alias_shared_by_two_people_is_ambiguous(session: Session) -> None:
    a = add_person(session, "David Sacks", aliases=["Sacks"])
    b = add_person(session, "Jonathan Sacks", aliases=["Sacks"])
    assert count(session, Alias) == 2
    with pytest.raises(Ambiguous) as caught:
        find_person(session, "sacks")
    message = str(caught.value)
    assert a.id in message and b.id in message
    assert "\n" not in message
    # Each is still found by its own name.
    assert find_person(session, "Jonathan Sacks").id == b.id


def test_alias_that_is_another_persons_name_is_refused(session: Session) -> None:
    add_person(session, "Gary Marcus")
    add_person(session, "David Sacks")
    with pytest.raises(InvalidInput, match="already the name of another person"):
        add_alias(session, "David Sacks", "gary  MARCUS")
    assert count(session, Alias) == 0


def test_add_alias_for_unknown_person(session: Session) -> None:
    with pytest.raises(NotFound):
        add_alias(session, "Nobody Known", "@nobody")


@pytest.mark.parametrize(("given", "stored"), [("Q7354219", "Q7354219"), (" q42 ", "Q42")])
def test_wikidata_ids(session: Session, given: str, stored: str) -> None:
    outcome = add_person(session, "Some One", wikidata_id=given)
    person = session.get(Person, outcome.id)
    assert person is not None and person.wikidata_id == stored


@pytest.mark.parametrize("bad", ["Q0", "7354219", "Q12a", "P31", "Q-1", "Q 42"])
def test_malformed_wikidata_ids_are_refused(session: Session, bad: str) -> None:
    with pytest.raises(InvalidInput, match="Wikidata"):
        add_person(session, "Some One", wikidata_id=bad)
    assert count(session, Person) == 0


def test_new_details_update_a_person(session: Session) -> None:
    add_person(session, "David Sacks")
    outcome = add_person(session, "david sacks", description="venture capitalist", wikidata_id="Q5234893")
    assert outcome.action == "updated"
    person = find_person(session, "David Sacks")
    assert (person.name, person.description, person.wikidata_id) == (
        "David Sacks",
        "venture capitalist",
        "Q5234893",
    )
    # Details not given again are kept, not erased.
    assert add_person(session, "David Sacks").action == "found"
    assert person.description == "venture capitalist"


def test_organisations(session: Session) -> None:
    wh = add_person(session, "The White House", kind="organisation")
    assert find_person(session, "the white house").kind == "organisation"
    assert add_person(session, "The White House").action == "found"
    assert find_person(session, wh.id).kind == "organisation"
    wsj = add_person(session, "The Wall Street Journal")
    assert add_person(session, "The Wall Street Journal", kind="Organisation").action == "updated"
    assert find_person(session, wsj.id).kind == "organisation"
    with pytest.raises(InvalidInput, match="kind"):
        add_person(session, "Some Club", kind="club")


def test_empty_names_are_refused(session: Session) -> None:
    with pytest.raises(InvalidInput, match="empty name"):
        add_person(session, "   ")
    with pytest.raises(InvalidInput, match="empty alias"):
        add_alias(session, add_person(session, "David Sacks").id, "  ")


def test_people_matching(session: Session) -> None:
    add_person(session, "David Sacks", aliases=["@DavidSacks"])
    add_person(session, "Jonathan Sacks")
    add_person(session, "Gary Marcus")
    assert [p.name for p in people_matching(session, "SACKS")] == ["David Sacks", "Jonathan Sacks"]
    assert [p.name for p in people_matching(session, "@david")] == ["David Sacks"]


# --- affiliations ------------------------------------------------------------------------------


def test_add_affiliation(session: Session) -> None:
    add_person(session, "David Sacks", aliases=["David O. Sacks"])
    add_person(session, "The White House", kind="organisation")
    first = add_affiliation(
        session, "David O. Sacks", "the white house", role="AI and crypto czar", start="2024-12"
    )
    assert first.action == "created"
    assert first.label == "David Sacks @ The White House (AI and crypto czar)"
    record = session.get(Affiliation, first.id)
    assert record is not None
    assert record.start_at == datetime(2024, 12, 1, tzinfo=UTC)
    assert record.start_precision == "month"
    assert (record.end_at, record.end_precision) == (None, None)
    assert record.person_id == find_person(session, "David Sacks").id
    assert record.organisation_id == find_person(session, "The White House").id
    # The same affiliation written in French is the same record.
    again = add_affiliation(
        session, "David Sacks", "The White House", role="AI and crypto czar", start="décembre 2024"
    )
    assert (again.action, again.id) == ("found", first.id)
    assert count(session, Affiliation) == 1


def test_affiliation_end_can_be_added_later(session: Session) -> None:
    add_person(session, "David Sacks")
    add_person(session, "The White House", kind="organisation")
    first = add_affiliation(session, "David Sacks", "The White House", role="czar", start="2024-12")
    ended = add_affiliation(
        session, "David Sacks", "The White House", role="czar", start="2024-12", end="2026"
    )
    assert (ended.action, ended.id) == ("updated", first.id)
    record = session.get(Affiliation, first.id)
    assert record is not None and record.end_precision == "year"
    # An end in the start's own month is no contradiction at month precision.
    same = add_affiliation(session, "David Sacks", "The White House", start="2024-12", end="2024-12-31")
    assert same.action == "created"


@pytest.mark.parametrize(
    ("start", "end"), [("2025-01", "2024-12"), ("2024-12-02", "2024-12-01"), ("2025", "2024")]
)
def test_affiliation_ending_before_it_starts_is_refused(session: Session, start: str, end: str) -> None:
    add_person(session, "David Sacks")
    add_person(session, "The White House", kind="organisation")
    with pytest.raises(InvalidInput, match="before it starts"):
        add_affiliation(session, "David Sacks", "The White House", start=start, end=end)
    assert count(session, Affiliation) == 0


def test_affiliation_errors(session: Session) -> None:
    add_person(session, "David Sacks")
    with pytest.raises(NotFound):
        add_affiliation(session, "David Sacks", "The White House")
    with pytest.raises(InvalidInput, match="themselves"):
        add_affiliation(session, "David Sacks", "david sacks")
    add_person(session, "The White House", kind="organisation")
    with pytest.raises(InvalidDate):
        add_affiliation(session, "David Sacks", "The White House", start="32 nov 2025")
    assert count(session, Affiliation) == 0


# --- articles ----------------------------------------------------------------------------------


def test_add_article_with_a_french_date(session: Session) -> None:
    article, outcome = add_article(
        session,
        ARTICLE,
        title="USA. Un décret présidentiel prévoit un plan de sauvetage pour les entreprises d'IA "
        "surendettées.",
        published="mercredi 26 novembre 2025",
        language_tag="FR",
        publisher="Le blog de Hannibal Genséric",
    )
    assert outcome.action == "created"
    assert outcome.id == article.id == stable_id("article", ARTICLE)
    stored = session.get(Article, article.id)
    assert stored is not None
    assert stored.published_at == datetime(2025, 11, 26, tzinfo=UTC)
    assert stored.published_precision == "day"
    assert stored.language == "fr"
    assert find_article(session, ARTICLE).id == article.id


def test_add_article_is_idempotent_and_fills_in(session: Session) -> None:
    _, first = add_article(session, ARTICLE)
    _, again = add_article(session, f"  {ARTICLE} ")
    assert (first.action, again.action) == ("created", "found")
    _, filled = add_article(session, ARTICLE, published="2025-11-26", language_tag="fr")
    assert filled.action == "updated"
    _, same = add_article(session, ARTICLE, published="26 novembre 2025", language_tag="fr")
    assert same.action == "found"
    assert count(session, Article) == 1


def test_add_article_refuses_bad_input(session: Session) -> None:
    with pytest.raises(InvalidURL):
        add_article(session, "javascript:alert(1)")
    with pytest.raises(InvalidDate):
        add_article(session, ARTICLE, published="31 février 2025")
    with pytest.raises(InvalidInput, match="language"):
        add_article(session, ARTICLE, language_tag="français!")
    with pytest.raises(NotFound):
        find_article(session, ARTICLE)
    assert count(session, Article) == 0


# --- claims ------------------------------------------------------------------------------------


def test_add_claim_create_found_update(session: Session) -> None:
    text = "The US federal government should rescue AI companies that fail"
    created = add_claim(session, BAILOUT, text)
    assert (created.action, created.id) == ("created", stable_id("claim", BAILOUT))
    assert add_claim(session, f" {BAILOUT} ", text).action == "found"
    updated = add_claim(session, BAILOUT, "The US federal government should bail out failing AI companies")
    assert (updated.action, updated.id) == ("updated", created.id)
    claim = find_claim(session, BAILOUT)
    assert claim.text == "The US federal government should bail out failing AI companies"
    assert claim.kind == "position"
    assert find_claim(session, created.id).slug == BAILOUT
    assert count(session, Claim) == 1


def test_claim_kinds(session: Session) -> None:
    add_claim(session, "ai-is-half-of-gdp-growth", "AI investment is half of US GDP growth", kind="Factual")
    assert find_claim(session, "ai-is-half-of-gdp-growth").kind == "factual"
    with pytest.raises(InvalidInput, match="claim kind"):
        add_claim(session, "x", "y", kind="opinion")


@pytest.mark.parametrize(
    "slug", ["Federal-AI", "federal_ai", "federal ai", "-federal", "federal-", "a--b", "", "é"]
)
def test_bad_slugs_are_refused(session: Session, slug: str) -> None:
    with pytest.raises(InvalidInput, match="slug"):
        add_claim(session, slug, "some text")
    assert count(session, Claim) == 0


def test_slugs_and_claim_errors(session: Session) -> None:
    assert check_slug(" federal-ai-bailout2 ") == "federal-ai-bailout2"
    with pytest.raises(InvalidInput, match="empty claim text"):
        add_claim(session, BAILOUT, "  ")
    with pytest.raises(NotFound, match="unknown claim"):
        find_claim(session, BAILOUT)


# --- sources and archives ----------------------------------------------------------------------


def test_add_source_infers_its_kind(session: Session) -> None:
    source, outcome = add_source(session, S1_URL)
    assert outcome.action == "created"
    assert source.kind == "x_post"
    wsj, _ = add_source(session, WSJ_URL, language_tag="en", published="2025-11-24")
    assert wsj.kind == "news_article"
    assert (wsj.published_at, wsj.published_precision) == (datetime(2025, 11, 24, tzinfo=UTC), "day")
    explicit, _ = add_source(session, "https://example.org/speech", kind="Speech")
    assert explicit.kind == "speech"
    assert add_source(session, S1_URL)[1].action == "found"
    assert add_source(session, S1_URL, title="No bailout")[1].action == "updated"
    assert find_source(session, S1_URL).title == "No bailout"
    assert count(session, Source) == 3
    with pytest.raises(InvalidInput, match="source kind"):
        add_source(session, WSJ_URL, kind="tweet")
    with pytest.raises(InvalidURL):
        add_source(session, "file:///etc/passwd")
    with pytest.raises(NotFound):
        find_source(session, "https://example.org/unknown")


def test_add_archive(session: Session) -> None:
    source, _ = add_source(session, WSJ_URL)
    created = add_archive(session, source, WSJ_WAYBACK)
    assert created.action == "created"
    assert add_archive(session, source, WSJ_WAYBACK).action == "found"
    copy = session.get(ArchiveCopy, created.id)
    assert copy is not None
    assert (copy.service, copy.captured_at) == ("wayback", datetime(2025, 11, 24, 18, tzinfo=UTC))
    assert count(session, ArchiveCopy) == 1
    other, _ = add_source(session, S1_URL)
    with pytest.raises(InvalidInput, match="another source"):
        add_archive(session, other, WSJ_WAYBACK)
    with pytest.raises(InvalidInput, match="source URL itself"):
        add_archive(session, source, WSJ_URL)
    with pytest.raises(InvalidURL):
        add_archive(session, source, "javascript:alert(1)")
    assert count(session, ArchiveCopy) == 1


# --- stances -----------------------------------------------------------------------------------


def _statement(session: Session) -> str:
    add_claim(session, BAILOUT, "The US federal government should rescue AI companies that fail")
    return add_quote(
        session,
        article_url=ARTICLE,
        person="David Sacks",
        quoted_text="Il n'y aura pas de plan de sauvetage fédéral pour l'IA.",
        quoted_lang="fr",
        lang="en",
        said_at="16:52 UTC · 6 nov. 2025",
        source_url=S1_URL,
    ).statement_id


def test_set_stance_created_found_updated(session: Session) -> None:
    statement_id = _statement(session)
    created = set_stance(session, statement_id, BAILOUT, "opposes", reader="Hannibal Genséric")
    assert created.action == "created"
    assert set_stance(session, statement_id, BAILOUT, "OPPOSES", reader="Hannibal Genséric").action == "found"
    updated = set_stance(
        session,
        statement_id,
        BAILOUT,
        "neutral",
        reader="Hannibal Genséric",
        basis="interpreted",
        note="on second reading",
    )
    assert (updated.action, updated.id) == ("updated", created.id)
    assert count(session, Stance) == 1
    stance = session.get(Stance, created.id)
    assert stance is not None
    assert (stance.stance, stance.basis, stance.note, stance.reader) == (
        "neutral",
        "interpreted",
        "on second reading",
        "Hannibal Genséric",
    )
    # Another reader's reading stands beside the first one.
    other = set_stance(session, statement_id, BAILOUT, "opposes", reader="a second researcher")
    assert other.action == "created"
    assert count(session, Stance) == 2


def test_statement_found_by_id_prefix(session: Session) -> None:
    statement_id = _statement(session)
    assert find_statement(session, statement_id[:8]).id == statement_id
    assert set_stance(session, statement_id[:8], BAILOUT, "opposes").action == "created"
    with pytest.raises(NotFound):
        find_statement(session, "0000000000")


@pytest.mark.parametrize("stance", ["agrees", "", "support", "contradicts"])
def test_stance_other_than_the_three_is_refused(session: Session, stance: str) -> None:
    statement_id = _statement(session)
    with pytest.raises(InvalidInput, match="stance"):
        set_stance(session, statement_id, BAILOUT, stance)
    assert count(session, Stance) == 0


def test_stance_errors(session: Session) -> None:
    statement_id = _statement(session)
    with pytest.raises(InvalidInput, match="basis"):
        set_stance(session, statement_id, BAILOUT, "opposes", basis="guessed")
    with pytest.raises(NotFound, match="unknown claim"):
        set_stance(session, statement_id, "no-such-claim", "opposes")
    with pytest.raises(NotFound, match="unknown statement"):
        set_stance(session, "no-such-statement", BAILOUT, "opposes")
    with pytest.raises(InvalidInput, match="reader"):
        set_stance(session, statement_id, BAILOUT, "opposes", reader="  ")
    assert count(session, Stance) == 0


def test_default_reader_comes_from_the_environment(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    statement_id = _statement(session)
    monkeypatch.setenv("PROV_READER", "  Hannibal Genséric ")
    outcome = set_stance(session, statement_id, BAILOUT, "opposes")
    stance = session.get(Stance, outcome.id)
    assert stance is not None and stance.reader == "Hannibal Genséric"
    assert outcome.id == stable_id(
        "stance", statement_id, find_claim(session, BAILOUT).id, "Hannibal Genséric"
    )
    monkeypatch.delenv("PROV_READER")
    unnamed = set_stance(session, statement_id, BAILOUT, "opposes")
    assert unnamed.action == "created"
    stance = session.get(Stance, unnamed.id)
    assert stance is not None and stance.reader == DEFAULT_READER
    assert count(session, Stance) == 2


def test_records_survive_the_transaction(database: Database) -> None:
    with database.session() as session:
        add_person(session, "David Sacks", aliases=["@DavidSacks"])
        add_claim(session, BAILOUT, "The US federal government should rescue AI companies that fail")
    with database.session() as session:
        assert find_person(session, "@davidsacks").name == "David Sacks"
        assert find_claim(session, BAILOUT).text.startswith("The US federal government")


def test_repeating_a_claim_without_kind_keeps_its_kind(session: Session) -> None:
    add_claim(session, "ai-half-of-gdp-growth", "AI investment is half of US GDP growth", kind="factual")
    again = add_claim(session, "ai-half-of-gdp-growth", "AI investment is half of US GDP growth")
    assert again.action == "found"
    assert find_claim(session, "ai-half-of-gdp-growth").kind == "factual"


def test_people_matching_treats_wildcards_as_text(session: Session) -> None:
    add_person(session, "Ann_Lee")
    add_person(session, "AnnXLee")
    assert [p.name for p in people_matching(session, "n_L")] == ["Ann_Lee"]
    assert people_matching(session, "%") == []


@pytest.mark.parametrize(
    ("call", "what"),
    [
        (lambda s: add_person(s, "N" * 301), "person name"),
        (lambda s: add_claim(s, "long-slug-" + "a" * 200, "text"), "claim slug"),
        (lambda s: add_article(s, "https://example.org/" + "a" * 2000), "article url"),
    ],
)
def test_values_longer_than_their_column_are_refused(database: Database, call: Any, what: str) -> None:
    with pytest.raises(InvalidInput, match=f"{what} is .* over the"), database.session() as session:
        call(session)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
        assert session.scalar(select(func.count()).select_from(Claim)) == 0
