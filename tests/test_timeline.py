"""The timeline: one person's statements in time order, with every reading."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy.orm import Session

from provenance.api.claims import add_claim
from provenance.api.people import add_person
from provenance.api.quotes import add_quote
from provenance.api.stances import set_stance
from provenance.api.timeline import timeline
from provenance.errors import NotFound

BAILOUT = "federal-ai-bailout"
GDP = "ai-is-half-of-gdp-growth"
ARTICLE = "https://example.org/genseric/2025/11/26/sacks-bailout"
_counter = itertools.count()


@pytest.fixture
def sacks(session: Session) -> Session:
    add_person(session, "David Sacks", aliases=["@DavidSacks"])
    add_person(session, "Gary Marcus")
    add_claim(session, BAILOUT, "The US federal government should rescue AI companies that fail")
    add_claim(session, GDP, "AI investment is half of US GDP growth", kind="factual")
    return session


def say(
    session: Session,
    said_at: str | None,
    *stances: tuple[str, str],
    person: str = "David Sacks",
    archive: str | None = None,
) -> str:
    number = next(_counter)
    return add_quote(
        session,
        article_url=ARTICLE,
        article_date="2025-11-26",
        person=person,
        text=f"Statement {number}",
        lang="en",
        quoted_text=f"Déclaration {number}",
        quoted_lang="fr",
        attributed_as="Gary Sacks" if number % 2 else None,
        said_at=said_at,
        source_url=f"https://x.com/DavidSacks/status/{1990000000000000000 + number}",
        archive_urls=[archive] if archive else [],
        claims=list(stances),
        reader="researcher",
    ).statement_id


def ids(doc: dict[str, object]) -> list[str]:
    statements = doc["statements"]
    assert isinstance(statements, list)
    return [s["statement_id"] for s in statements]


def test_statements_in_time_order_undated_last(sacks: Session) -> None:
    undated = say(sacks, None)
    nov24 = say(sacks, "2025-11-24T17:34Z", (BAILOUT, "supports"), (GDP, "supports"))
    nov6 = say(sacks, "2025-11-06T16:52Z", (BAILOUT, "opposes"))
    year = say(sacks, "2024")
    say(sacks, "2025-11-10", (BAILOUT, "supports"), person="Gary Marcus")
    doc = timeline(sacks, "@DavidSacks")
    assert doc["person"]["name"] == "David Sacks"
    assert doc["claim"] is None
    assert ids(doc) == [year, nov6, nov24, undated]


def test_same_start_ties_are_broken_by_id(sacks: Session) -> None:
    a = say(sacks, "2025-11-06")
    b = say(sacks, "2025-11-06")
    c = say(sacks, "2025-11-06")
    assert ids(timeline(sacks, "David Sacks")) == sorted([a, b, c])


def test_every_statement_with_its_readings_and_evidence(sacks: Session) -> None:
    archive = "https://web.archive.org/web/20251124180000/https://x.com/DavidSacks/status/1"
    unread = say(sacks, "2025-11-01")
    read = say(sacks, "2025-11-24T17:34Z", (GDP, "supports"), (BAILOUT, "supports"), archive=archive)
    set_stance(sacks, read, BAILOUT, "neutral", reader="Alice", basis="interpreted", note="a stretch")
    first, second = timeline(sacks, "David Sacks")["statements"]
    assert first["statement_id"] == unread
    assert first["stances"] == []
    assert second["said_at"] == "2025-11-24T17:34:00Z"
    assert second["precision"] == "minute"
    assert second["said"] == "2025-11-24 17:34 UTC"
    assert second["text"].startswith("Statement ")
    assert second["original_known"] is True
    assert second["archive_urls"] == [archive]
    assert second["source"]["kind"] == "x_post"
    assert second["quoted_in"][0]["quoted_text"].startswith("Déclaration ")
    assert second["quoted_in"][0]["article"]["url"] == ARTICLE
    assert [(s["claim"], s["stance"], s["reader"]) for s in second["stances"]] == [
        (GDP, "supports", "researcher"),
        (BAILOUT, "neutral", "Alice"),
        (BAILOUT, "supports", "researcher"),
    ]
    assert second["stances"][1] == {
        "claim": BAILOUT,
        "stance": "neutral",
        "basis": "interpreted",
        "reader": "Alice",
        "note": "a stretch",
    }


def test_claim_filter_keeps_statements_read_on_it(sacks: Session) -> None:
    say(sacks, "2025-11-01")
    both = say(sacks, "2025-11-24", (GDP, "supports"), (BAILOUT, "supports"))
    only_bailout = say(sacks, "2025-11-06", (BAILOUT, "opposes"))
    say(sacks, "2025-11-10", (GDP, "neutral"))
    doc = timeline(sacks, "David Sacks", claim=BAILOUT)
    assert doc["claim"] == BAILOUT
    assert ids(doc) == [only_bailout, both]
    assert [s["claim"] for entry in doc["statements"] for s in entry["stances"]] == [BAILOUT, BAILOUT]


def test_person_with_no_statements_has_an_empty_timeline(sacks: Session) -> None:
    say(sacks, "2025-11-01", person="Gary Marcus")
    assert timeline(sacks, "David Sacks")["statements"] == []


def test_unknown_person_and_claim(sacks: Session) -> None:
    with pytest.raises(NotFound, match="unknown person"):
        timeline(sacks, "Nobody Atall")
    with pytest.raises(NotFound, match="unknown claim"):
        timeline(sacks, "David Sacks", claim="not-a-claim")
