"""schema.org ClaimReview JSON-LD, as fact-checkers publish it: one review a pair, or one a claim.

Each review is built from the contradictions report, so it says exactly what ``prov contradictions``
says: the claim, who took both sides, when, and where each side can be read. The written file is a
JSON array of ClaimReview objects, each carrying its own ``@context`` so that one can be lifted out
and pasted into a page on its own.

Building reviews from a report needs no database: ``reviews(report, ...)`` is what both
``prov export --format claimreview`` and ``prov contradictions --format claimreview`` call, so the
module imports SQLAlchemy only where it reads one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any

from provenance.errors import InvalidInput
from provenance.ids import stable_id
from provenance.urls import check_url

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CONTEXT = "https://schema.org"
# The Flip-O-Meter's words: a full flop reverses a stance, a half flip moves to or from neutral.
RATINGS = {"full": "Full flop", "half": "Half flip"}
# What one review covers: a contradiction pair, or everything one person said on one claim.
PER = ("pair", "claim")
_AGENT_TYPES = {"person": "Person", "organisation": "Organization"}
_DATE_LENGTHS = {"year": 4, "month": 7, "day": 10}
# "neutral the claim" does not read; the other stances are already verbs.
_VERBS = {"neutral": "is neutral on"}


def claimreviews(
    session: Session,
    *,
    person: str | None = None,
    author: str = "prov",
    url_base: str | None = None,
    shifts: bool = False,
    per: str = "pair",
) -> list[dict[str, Any]]:
    """A ClaimReview a contradiction pair (or a claim), of ``person`` (id, name or alias) or of everyone.

    ``author`` names the organisation publishing the reviews; ``url_base`` is the page they are
    published on, each review's ``url`` being that page with the review's stable id as fragment.
    Without it a review has no ``url``: only the publisher knows where a review lives, and pointing
    at the speaker's post would tell a reader (or an importer) it is published there.
    ``shifts`` adds half flips; ``per="claim"`` gives one review for each claim a person
    contradicted themselves on.
    """
    return list(
        iter_claimreviews(session, person=person, author=author, url_base=url_base, shifts=shifts, per=per)
    )


def write_claimreview(session: Session, out: IO[str], **options: Any) -> int:
    """Write the reviews ``claimreviews(session, **options)`` gives as a JSON array; their count.

    Reviews are written as they are built, one person's report at a time, so a large database
    does not have to fit in memory as one list.
    """
    return write_reviews(iter_claimreviews(session, **options), out)


def write_reviews(documents: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write the reviews as one JSON array, each as it comes; their count."""
    count = 0
    out.write("[")
    for review in documents:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(review, ensure_ascii=False, indent=2))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def check_url_base(url_base: str | None) -> str | None:
    """The page reviews are published on, without a fragment (each review adds its own id)."""
    return check_url(url_base, "review URL").split("#", 1)[0] if url_base is not None else None


def check_per(per: str) -> str:
    if per not in PER:
        raise InvalidInput(f"--per {per!r} is not one of {', '.join(PER)}", f"use one of {', '.join(PER)}")
    return per


def iter_claimreviews(
    session: Session,
    *,
    person: str | None = None,
    author: str = "prov",
    url_base: str | None = None,
    shifts: bool = False,
    per: str = "pair",
) -> Iterator[dict[str, Any]]:
    from provenance.api.contradictions import contradictions

    # Checked before any query, so a bad base fails even when there is nothing to export.
    base = check_url_base(url_base)
    check_per(per)
    today = datetime.now(UTC).date().isoformat()
    for who in [person] if person is not None else _people_with_stances(session):
        report = contradictions(session, who, shifts=shifts)
        yield from reviews(report, author=author, url_base=base, per=per, today=today)


def reviews(
    report: dict[str, Any],
    *,
    author: str = "prov",
    url_base: str | None = None,
    per: str = "pair",
    today: str | None = None,
) -> list[dict[str, Any]]:
    """The reviews of one contradictions report (``api.contradictions.contradictions``), in its order.

    ``per="pair"`` gives a review a pair; ``per="claim"`` one a claim with at least one pair.
    """
    base = check_url_base(url_base)
    check_per(per)
    day = today if today is not None else datetime.now(UTC).date().isoformat()
    person, items = report["person"], report["contradictions"]
    if per == "pair":
        return [claimreview(person, item, author=author, url_base=base, today=day) for item in items]
    by_claim: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_claim.setdefault(item["claim"]["id"], []).append(item)
    return [
        claim_review(person, pairs, author=author, url_base=base, today=day) for pairs in by_claim.values()
    ]


def _people_with_stances(session: Session) -> list[str]:
    """Ids of the speakers with at least one reading: nobody else can have a contradiction."""
    from sqlalchemy import select

    from provenance.models import Person, Stance, Statement

    query = (
        select(Person.id)
        .join(Statement, Statement.speaker_id == Person.id)
        .join(Stance, Stance.statement_id == Statement.id)
        .group_by(Person.id, Person.name_key)
        .order_by(Person.name_key, Person.id)
    )
    return list(session.scalars(query))


def review_id(item: dict[str, Any]) -> str:
    """The same pair on the same claim gets the same id in every export and every database.

    The claim is part of the key: one pair of statements can contradict itself on two claims.
    """
    return stable_id(
        "claimreview", item["claim"]["id"], item["earlier"]["statement_id"], item["later"]["statement_id"]
    )


def claimreview(
    person: dict[str, Any], item: dict[str, Any], *, author: str, url_base: str | None, today: str
) -> dict[str, Any]:
    """One ClaimReview from one item of the contradictions report."""
    earlier, later = item["earlier"], item["later"]
    identifier = review_id(item)
    claim: dict[str, Any] = {"@type": "Claim", "author": _agent(person)}
    said = _date(later["said_at"], later["precision"])
    if said is not None:
        claim["datePublished"] = said
    claim["appearance"] = _appearances(earlier, later)
    first = _first_appearance(earlier)
    if first is not None:
        claim["firstAppearance"] = first

    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "identifier": identifier,
        "claimReviewed": f"{person['name']} on: {item['claim']['text']}",
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": RATINGS[item["kind"]],
            "ratingExplanation": _explanation(item),
        },
        "author": {"@type": "Organization", "name": author},
        "datePublished": today,
    }
    if url_base is not None:
        review["url"] = f"{url_base}#{identifier}"
    return review


def _date(said_at: str | None, precision: str | None) -> str | None:
    """ISO 8601 cut to what is known: ``2025``, ``2025-11``, ``2025-11-24`` or a full date-time.

    Minute precision keeps ``:00`` seconds, since xsd:dateTime (what schema.org's DateTime maps to)
    has no form without seconds.
    """
    if said_at is None:
        return None
    length = _DATE_LENGTHS.get(precision or "")
    return said_at[:length] if length is not None else said_at


def _appearances(*sides: dict[str, Any]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    works: list[dict[str, Any]] = []
    for side in sides:
        for quote in side["quoted_in"]:
            article = quote["article"]
            if article["url"] in seen:
                continue
            seen.add(article["url"])
            work: dict[str, Any] = {"@type": "CreativeWork", "url": article["url"]}
            if article["title"]:
                work["headline"] = article["title"]
            published = _date(article["published"], article["published_precision"])
            if published is not None:
                work["datePublished"] = published
            if article["language"]:
                work["inLanguage"] = article["language"]
            if article["publisher"]:
                work["publisher"] = {"@type": "Organization", "name": article["publisher"]}
            works.append(work)
    return works


def _first_appearance(earlier: dict[str, Any]) -> dict[str, Any] | None:
    """The earlier statement's own source; None when only quotations of it are known."""
    source = earlier["source"]
    if source is None:
        return None
    work: dict[str, Any] = {"@type": "CreativeWork", "url": source["url"]}
    if source["title"]:
        work["headline"] = source["title"]
    said = _date(earlier["said_at"], earlier["precision"])
    if said is not None:
        work["datePublished"] = said
    if earlier["original_known"] and earlier["text"]:
        # Only the speaker's own words: a translation printed by an article is not what the source says.
        work["text"] = earlier["text"]
        if earlier["language"]:
            work["inLanguage"] = earlier["language"]
    if earlier["archive_urls"]:
        work["archivedAt"] = list(earlier["archive_urls"])
    return work


def _explanation(item: dict[str, Any]) -> str:
    earlier, later = item["earlier"], item["later"]
    first = f"{earlier['said'] or 'Undated'}: {_verb(earlier['stance'])} the claim."
    second = f"{later['said'] or 'undated'}: {_verb(later['stance'])} it."
    days = item["days_apart"]
    if item["unordered"]:
        gap = "Their dates do not settle which came first."
    else:
        gap = f"{days} day{'' if days == 1 else 's'} apart." if days is not None else "Gap unknown."
    return f"{first} {second[0].upper()}{second[1:]} {gap}"


def _verb(stance: str) -> str:
    return _VERBS.get(stance, stance)


def _agent(person: dict[str, Any]) -> dict[str, Any]:
    return {"@type": _AGENT_TYPES.get(person["kind"], "Person"), "name": person["name"]}


def claim_review_id(person: dict[str, Any], claim: dict[str, Any]) -> str:
    """The same person on the same claim gets the same id whatever pairs the report holds."""
    return stable_id("claimreview", person["id"], claim["id"])


def claim_review(
    person: dict[str, Any], items: list[dict[str, Any]], *, author: str, url_base: str | None, today: str
) -> dict[str, Any]:
    """One ClaimReview of every pair ``items`` holds, all on one claim: a flip-o-meter's entry."""
    sides = _statements(items)
    dated = [side for side in sides if side["said_at"] is not None]
    identifier = claim_review_id(person, items[0]["claim"])
    claim: dict[str, Any] = {"@type": "Claim", "author": _agent(person)}
    if dated:
        # The latest statement is the one under review, as the later side is for a pair.
        claim["datePublished"] = _date(dated[-1]["said_at"], dated[-1]["precision"])
    claim["appearance"] = _appearances(*sides)
    first = _first_appearance(sides[0])
    if first is not None:
        claim["firstAppearance"] = first

    full = any(item["kind"] == "full" for item in items)
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "identifier": identifier,
        "claimReviewed": f"{person['name']} on: {items[0]['claim']['text']}",
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": RATINGS["full" if full else "half"],
            "ratingExplanation": _claim_explanation(sides, items),
        },
        "author": {"@type": "Organization", "name": author},
        "datePublished": today,
    }
    if url_base is not None:
        review["url"] = f"{url_base}#{identifier}"
    return review


def _statements(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each statement of the pairs once, dated ones in time order then undated ones, with
    ``stances``: what it was read as in those pairs (a statement read two ways may pair both ways)."""
    found: dict[str, dict[str, Any]] = {}
    for item in items:
        for side in (item["earlier"], item["later"]):
            entry = found.setdefault(side["statement_id"], {**side, "stances": []})
            if side["stance"] not in entry["stances"]:
                entry["stances"].append(side["stance"])
    return sorted(found.values(), key=lambda s: (s["said_at"] is None, s["said_at"] or "", s["statement_id"]))


def _claim_explanation(sides: list[dict[str, Any]], items: list[dict[str, Any]]) -> str:
    sentences = []
    for index, side in enumerate(sides):
        stances = " and ".join(_verb(stance) for stance in side["stances"])
        via = side.get("via_affiliation")
        said_by = ""
        if via:
            role = f", {via['role']}" if via.get("role") else ""
            said_by = f" (said by {via['organisation']['name']}{role})"
        when = side["said"] or ("Undated" if index == 0 else "undated")
        sentence = f"{when}{said_by}: {stances} {'the claim' if index == 0 else 'it'}."
        sentences.append(sentence[0].upper() + sentence[1:])
    count = len(items)
    gaps = [item["days_apart"] for item in items if item["days_apart"] is not None]
    tail = f"{count} pair{'' if count == 1 else 's'}"
    if gaps:
        widest = max(gaps)
        apart = f"{widest} day{'' if widest == 1 else 's'} apart"
        tail += f", {apart}" if count == 1 else f", the furthest {apart}"
    sentences.append(tail + ".")
    if any(item["unordered"] for item in items):
        sentences.append("Some dates do not settle which came first.")
    return " ".join(sentences)
