"""schema.org ClaimReview JSON-LD: one review a contradiction pair, as fact-checkers publish them.

Each review is built from the contradictions report, so it says exactly what ``prov contradictions``
says: the claim, who took both sides, when, and where each side can be read. The written file is a
JSON array of ClaimReview objects, each carrying its own ``@context`` so that one can be lifted out
and pasted into a page on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.api.contradictions import contradictions
from provenance.ids import stable_id
from provenance.models import Person, Stance, Statement
from provenance.urls import check_url

CONTEXT = "https://schema.org"
# The Flip-O-Meter's words: a full flop reverses a stance, a half flip moves to or from neutral.
RATINGS = {"full": "Full flop", "half": "Half flip"}
_AGENT_TYPES = {"person": "Person", "organisation": "Organization"}
_DATE_LENGTHS = {"year": 4, "month": 7, "day": 10}


def claimreviews(
    session: Session,
    *,
    person: str | None = None,
    author: str = "prov",
    url_base: str | None = None,
    shifts: bool = False,
) -> list[dict[str, Any]]:
    """A ClaimReview a contradiction pair, of ``person`` (id, name or alias) or of everyone.

    ``author`` names the organisation publishing the reviews; ``url_base`` is the page they are
    published on, each review's ``url`` being that page with the review's stable id as fragment.
    Without it, a review points at the later statement's source. ``shifts`` adds half flips.
    """
    return list(iter_claimreviews(session, person=person, author=author, url_base=url_base, shifts=shifts))


def write_claimreview(session: Session, out: IO[str], **options: Any) -> int:
    """Write the reviews ``claimreviews(session, **options)`` gives as a JSON array; their count.

    Reviews are written as they are built, one person's report at a time, so a large database
    does not have to fit in memory as one list.
    """
    count = 0
    out.write("[")
    for review in iter_claimreviews(session, **options):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(review, ensure_ascii=False, indent=2))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def iter_claimreviews(
    session: Session,
    *,
    person: str | None = None,
    author: str = "prov",
    url_base: str | None = None,
    shifts: bool = False,
) -> Iterator[dict[str, Any]]:
    # Checked before any query, so a bad base fails even when there is nothing to export.
    base = check_url(url_base, "URL base").split("#", 1)[0] if url_base is not None else None
    today = datetime.now(UTC).date().isoformat()
    for who in [person] if person is not None else _people_with_stances(session):
        report = contradictions(session, who, shifts=shifts)
        for item in report["contradictions"]:
            yield claimreview(report["person"], item, author=author, url_base=base, today=today)


def _people_with_stances(session: Session) -> list[str]:
    """Ids of the speakers with at least one reading: nobody else can have a contradiction."""
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
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": _AGENT_TYPES.get(person["kind"], "Person"), "name": person["name"]},
    }
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
    url = f"{url_base}#{identifier}" if url_base is not None else _fallback_url(earlier, later)
    if url is not None:
        review["url"] = url
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
    first = f"{earlier['said'] or 'Undated'}: {earlier['stance']} the claim."
    second = f"{later['said'] or 'undated'}: {later['stance']} it."
    days = item["days_apart"]
    if item["unordered"]:
        gap = "Their dates do not settle which came first."
    else:
        gap = f"{days} day{'' if days == 1 else 's'} apart." if days is not None else "Gap unknown."
    return f"{first} {second[0].upper()}{second[1:]} {gap}"


def _fallback_url(earlier: dict[str, Any], later: dict[str, Any]) -> str | None:
    for side in (later, earlier):
        if side["source"] is not None:
            return str(side["source"]["url"])
    for side in (later, earlier):
        if side["quoted_in"]:
            return str(side["quoted_in"][0]["article"]["url"])
    return None
