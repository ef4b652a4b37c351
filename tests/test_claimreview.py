"""The ClaimReview export of the worked example, read back with a JSON-LD processor (pyld)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from copy import deepcopy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.db import open_database
from provenance.errors import InvalidURL
from provenance.exports.claimreview import claimreview, claimreviews, write_claimreview
from provenance.ids import stable_id
from provenance.models import Article, Claim, Person, Quotation, Source, Stance, Statement
from walkthrough import copy_database

S = "https://schema.org/"
CONTEXT_URL = "https://schema.org"
# What schema.org's own context says of the terms used here, so expansion needs no network.
LOCAL_CONTEXT = {
    "@context": {
        "@vocab": S,
        "url": {"@id": f"{S}url", "@type": "@id"},
        "archivedAt": {"@id": f"{S}archivedAt", "@type": "@id"},
    }
}


@pytest.fixture
def seed(walked: tuple[Path, str], tmp_path: Path) -> Iterator[Session]:
    """A session on a copy of the worked example (SQLite's backup API: the shared file holds a WAL)."""
    database = open_database(copy_database(walked[0], tmp_path / "seed-copy.db"), write=False)
    try:
        with database.session() as session:
            yield session
    finally:
        database.close()


def _sides(session: Session) -> dict[str, Statement]:
    """David Sacks's two statements on the bailout claim, by the stance read in each."""
    rows = session.execute(
        select(Stance.stance, Statement)
        .join(Statement, Statement.id == Stance.statement_id)
        .join(Claim, Claim.id == Stance.claim_id)
        .join(Person, Person.id == Statement.speaker_id)
        .where(Claim.slug == "federal-ai-bailout", Person.name == "David Sacks")
    )
    return {stance: statement for stance, statement in rows}


def _load_locally(url: str, options: Any = None) -> dict[str, Any]:
    if url.rstrip("/") != CONTEXT_URL:
        raise AssertionError(f"the test tried to load {url}")
    return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}


def _values(node: dict[str, Any], term: str) -> list[Any]:
    values = node.get(S + term)
    assert values, f"{term} lost in expansion: {sorted(node)}"
    return list(values)


def _one(node: dict[str, Any], term: str) -> Any:
    values = _values(node, term)
    assert len(values) == 1, values
    return values[0]


def _value(node: dict[str, Any], term: str) -> Any:
    return _one(node, term)["@value"]


def test_the_worked_example_gives_one_review_of_david_sacks(seed: Session) -> None:
    reviews = claimreviews(seed)
    assert claimreviews(seed, person="David Sacks") == reviews
    assert len(reviews) == 1
    review = reviews[0]
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == (
        "David Sacks on: The US federal government should rescue AI companies that fail"
    )
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "David Sacks"}
    assert item["datePublished"] == "2025-11-24T17:34:00Z"
    assert review["reviewRating"]["alternateName"] == "Full flop"
    explanation = review["reviewRating"]["ratingExplanation"]
    assert "2025-11-06 16:52 UTC: opposes" in explanation
    assert "2025-11-24 17:34 UTC: supports" in explanation
    assert "18 days apart" in explanation
    assert review["author"] == {"@type": "Organization", "name": "prov"}
    today = datetime.now(UTC).date()
    # The review may have been built just before midnight.
    assert review["datePublished"] in {today.isoformat(), (today - timedelta(days=1)).isoformat()}


def test_the_urls_are_the_ones_in_the_database(seed: Session) -> None:
    sides = _sides(seed)
    s1, s2 = sides["opposes"], sides["supports"]
    s1_url = seed.get(Source, s1.source_id).url  # type: ignore[union-attr]
    s2_url = seed.get(Source, s2.source_id).url  # type: ignore[union-attr]
    article_urls = set(
        seed.scalars(
            select(Article.url)
            .join(Quotation, Quotation.article_id == Article.id)
            .where(Quotation.statement_id.in_([s1.id, s2.id]))
        )
    )
    assert article_urls

    (review,) = claimreviews(seed, person="David Sacks")
    item = review["itemReviewed"]
    assert item["firstAppearance"]["url"] == s1_url
    assert {work["url"] for work in item["appearance"]} == article_urls
    # Without a base the review has no page: it is not published at the speaker's post.
    assert "url" not in review
    assert s2_url not in json.dumps(review)
    assert review["identifier"] == stable_id("claimreview", _claim_id(seed), s1.id, s2.id)


def _claim_id(session: Session) -> str:
    return session.scalars(select(Claim.id).where(Claim.slug == "federal-ai-bailout")).one()


def test_json_ld_expansion_keeps_every_field(seed: Session) -> None:
    out = io.StringIO()
    assert write_claimreview(seed, out, url_base="https://factcheck.example/prov") == 1
    document = json.loads(out.getvalue())
    expanded = jsonld.expand(document, {"documentLoader": _load_locally})
    assert len(expanded) == 1
    review = expanded[0]
    sides = _sides(seed)
    s1_url = seed.get(Source, sides["opposes"].source_id).url  # type: ignore[union-attr]

    assert review["@type"] == [S + "ClaimReview"]
    assert _value(review, "claimReviewed").startswith("David Sacks on: ")
    assert _value(review, "datePublished") == document[0]["datePublished"]
    assert _one(review, "url")["@id"] == document[0]["url"]
    assert _one(review, "url")["@id"].startswith("https://factcheck.example/prov#")

    author = _one(review, "author")
    assert author["@type"] == [S + "Organization"]
    assert _value(author, "name") == "prov"

    rating = _one(review, "reviewRating")
    assert rating["@type"] == [S + "Rating"]
    assert _value(rating, "alternateName") == "Full flop"
    assert "18 days apart" in _value(rating, "ratingExplanation")

    claim = _one(review, "itemReviewed")
    assert claim["@type"] == [S + "Claim"]
    assert _value(claim, "datePublished") == "2025-11-24T17:34:00Z"
    speaker = _one(claim, "author")
    assert speaker["@type"] == [S + "Person"]
    assert _value(speaker, "name") == "David Sacks"
    appearances = _values(claim, "appearance")
    assert [a["@type"] for a in appearances] == [[S + "CreativeWork"]] * len(appearances)
    assert {_one(a, "url")["@id"] for a in appearances} == {
        a["url"] for a in document[0]["itemReviewed"]["appearance"]
    }
    first = _one(claim, "firstAppearance")
    assert first["@type"] == [S + "CreativeWork"]
    assert _one(first, "url")["@id"] == s1_url
    assert [a["@id"] for a in _values(first, "archivedAt")] == [
        a.url
        for a in seed.get(Source, sides["opposes"].source_id).archives  # type: ignore[union-attr]
    ]


def test_a_person_without_contradictions_gives_nothing(seed: Session) -> None:
    assert claimreviews(seed, person="Gary Marcus") == []
    out = io.StringIO()
    assert write_claimreview(seed, out, person="Gary Marcus") == 0
    assert json.loads(out.getvalue()) == []


def test_author_and_url_base_are_honoured_and_ids_stable(seed: Session) -> None:
    (plain,) = claimreviews(seed)
    (review,) = claimreviews(seed, author="Les Décodeurs", url_base="https://factcheck.example/sacks#old")
    assert review["author"] == {"@type": "Organization", "name": "Les Décodeurs"}
    assert review["url"] == f"https://factcheck.example/sacks#{plain['identifier']}"
    assert claimreviews(seed, url_base="https://factcheck.example/sacks")[0]["url"] == review["url"]

    out = io.StringIO()
    write_claimreview(seed, out, author="Les Décodeurs", url_base="https://factcheck.example/sacks")
    assert json.loads(out.getvalue()) == [review]


def test_a_bad_url_base_is_refused(seed: Session) -> None:
    with pytest.raises(InvalidURL):
        claimreviews(seed, url_base="ftp://factcheck.example/")


def _item(seed: Session) -> tuple[dict[str, Any], dict[str, Any]]:
    from provenance.api.contradictions import contradictions

    report = contradictions(seed, "David Sacks")
    return report["person"], report["contradictions"][0]


def test_a_half_flip_and_a_pair_known_only_from_quotes(seed: Session) -> None:
    person, item = _item(seed)
    changed = deepcopy(item)
    changed["kind"] = "half"
    changed["unordered"] = True
    changed["days_apart"] = None
    for side in ("earlier", "later"):
        changed[side]["source"] = None
        changed[side]["said_at"] = changed[side]["precision"] = changed[side]["said"] = None

    review = claimreview(person, changed, author="prov", url_base=None, today="2026-01-02")
    assert review["reviewRating"]["alternateName"] == "Half flip"
    assert "do not settle which came first" in review["reviewRating"]["ratingExplanation"]
    claim = review["itemReviewed"]
    assert "firstAppearance" not in claim and "datePublished" not in claim
    assert "url" not in review
    assert (
        review["identifier"] == claimreview(person, item, author="x", url_base=None, today="")["identifier"]
    )


def test_dates_keep_their_precision(seed: Session) -> None:
    person, item = _item(seed)
    for precision, expected in (("year", "2025"), ("month", "2025-11"), ("day", "2025-11-24")):
        changed = deepcopy(item)
        changed["later"]["precision"] = precision
        review = claimreview(person, changed, author="prov", url_base=None, today="2026-01-02")
        assert review["itemReviewed"]["datePublished"] == expected
