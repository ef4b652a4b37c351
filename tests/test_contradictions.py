"""The contradictions report: which pairs, in which order, with what evidence."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy.orm import Session

from provenance.api.claims import add_claim
from provenance.api.contradictions import contradictions
from provenance.api.people import add_affiliation, add_alias, add_person
from provenance.api.quotes import add_quote
from provenance.api.stances import set_stance
from provenance.errors import InvalidDate, InvalidInput, NotFound
from provenance.schemas import first_error

ARTICLE = "https://example.org/genseric/2025/11/26/sacks-bailout"
BAILOUT = "federal-ai-bailout"
S1_URL = "https://x.com/DavidSacks/status/1986500000000000001"
S1_ARCHIVE = "https://web.archive.org/web/20251106170300/https://x.com/DavidSacks/status/1986500000000000001"
S1_ARCHIVE_2 = "https://archive.ph/2025.11.06-170500/https://x.com/DavidSacks/status/1986500000000000001"
S2_URL = "https://x.com/DavidSacks/status/1993300000000000002"
_counter = itertools.count()


def report(session: Session, person: str = "David Sacks", **options: Any) -> dict[str, Any]:
    """The report, checked against the shipped schema every time."""
    doc = contradictions(session, person, **options)
    assert first_error("contradictions", doc) is None
    return doc


def seed(session: Session) -> tuple[str, str]:
    """The seed article's two Sacks posts (S1, S2) as a researcher records them."""
    add_person(session, "David Sacks", aliases=["@DavidSacks", "David O. Sacks"])
    add_claim(session, BAILOUT, "The US federal government should rescue AI companies that fail")
    s1 = add_quote(
        session,
        article_url=ARTICLE,
        article_title="Sacks et le renflouement de l'IA",
        article_date="2025-11-26",
        article_lang="fr",
        publisher="Hannibal Genséric",
        person="@DavidSacks",
        quoted_text="Il n'y aura pas de renflouement fédéral pour l'IA.",
        quoted_lang="fr",
        lang="en",
        said_at="2025-11-06T16:52Z",
        source_url=S1_URL,
        archive_urls=[S1_ARCHIVE_2, S1_ARCHIVE],
        attributed_as="David Sacks",
        claims=[(BAILOUT, "opposes")],
        reader="researcher",
    )
    s2 = add_quote(
        session,
        article_url=ARTICLE,
        person="David Sacks",
        quoted_text="Nous ne pouvons pas nous permettre de faire marche arrière.",
        quoted_lang="fr",
        lang="en",
        said_at="2025-11-24T17:34Z",
        source_url=S2_URL,
        attributed_as="Gary Sacks",
        claims=[(BAILOUT, "supports")],
        reader="Hannibal Genséric",
        basis="interpreted",
        stance_note="the article reads it as preparing the ground for a bailout",
    )
    return s1.statement_id, s2.statement_id


def claim(session: Session, slug: str) -> str:
    add_claim(session, slug, f"The proposition {slug}")
    return slug


def say(
    session: Session,
    said_at: str | None,
    *stances: tuple[str, str],
    person: str = "David Sacks",
    reader: str = "researcher",
) -> str:
    """A statement with its own original words, source and readings; returns its id."""
    number = next(_counter)
    result = add_quote(
        session,
        article_url="https://example.org/news/coverage",
        person=person,
        text=f"Statement {number} by {person}",
        lang="en",
        said_at=said_at,
        source_url=f"https://example.com/{person.replace(' ', '-').lower()}/{number}",
        claims=list(stances),
        reader=reader,
    )
    return result.statement_id


def pairs(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (item["kind"], item["earlier"]["statement_id"], item["later"]["statement_id"])
        for item in doc["contradictions"]
    ]


@pytest.fixture
def sacks(session: Session) -> Session:
    add_person(session, "David Sacks")
    claim(session, BAILOUT)
    return session


def test_seed_case_is_one_full_pair_eighteen_days_apart(session: Session) -> None:
    s1, s2 = seed(session)
    doc = report(session)
    assert doc["person"]["name"] == "David Sacks"
    assert doc["filters"] == {
        "claim": None,
        "since": None,
        "until": None,
        "include_affiliated": False,
        "shifts": False,
    }
    [item] = doc["contradictions"]
    assert item["kind"] == "full"
    assert item["claim"]["slug"] == BAILOUT
    assert item["claim"]["text"] == "The US federal government should rescue AI companies that fail"
    assert item["unordered"] is False
    assert item["days_apart"] == 18
    earlier, later = item["earlier"], item["later"]
    assert (earlier["statement_id"], later["statement_id"]) == (s1, s2)
    assert (earlier["stance"], later["stance"]) == ("opposes", "supports")
    assert earlier["said_at"] == "2025-11-06T16:52:00Z"
    assert later["said_at"] == "2025-11-24T17:34:00Z"
    assert earlier["precision"] == later["precision"] == "minute"
    assert earlier["said"] == "2025-11-06 16:52 UTC"
    assert earlier["source"]["url"] == S1_URL
    assert earlier["source"]["kind"] == "x_post"
    assert earlier["archive_urls"] == sorted([S1_ARCHIVE, S1_ARCHIVE_2])
    assert later["source"]["url"] == S2_URL
    assert later["archive_urls"] == []
    assert earlier["speaker"]["name"] == "David Sacks"
    assert earlier["via_affiliation"] is None
    # Only the translation is known: the French words stand in, and say so.
    assert earlier["original_known"] is False
    assert earlier["text"] == "Il n'y aura pas de renflouement fédéral pour l'IA."
    assert earlier["language"] == "fr"
    [quote] = later["quoted_in"]
    assert quote["attributed_as"] == "Gary Sacks"
    assert quote["article"]["url"] == ARTICLE
    assert quote["article"]["published"] == "2025-11-26T00:00:00Z"
    assert quote["article"]["publisher"] == "Hannibal Genséric"
    assert quote["relation"] == "translation"
    assert earlier["quoted_in"][0]["attributed_as"] == "David Sacks"
    [reading] = later["readings"]
    assert reading["basis"] == "interpreted"
    assert reading["reader"] == "Hannibal Genséric"
    assert reading["note"] == "the article reads it as preparing the ground for a bailout"


def test_person_found_by_alias_and_claim_filter(session: Session) -> None:
    s1, s2 = seed(session)
    add_alias(session, "David Sacks", "Sacks")
    by_handle = report(session, "@davidsacks", claim=BAILOUT)
    assert by_handle["filters"]["claim"] == BAILOUT
    assert pairs(by_handle) == [("full", s1, s2)]
    claim(session, "ai-is-half-of-gdp-growth")
    assert report(session, "Sacks", claim="ai-is-half-of-gdp-growth")["contradictions"] == []


def test_original_words_are_shown_when_recorded(sacks: Session) -> None:
    a = say(sacks, "2025-01-01", (BAILOUT, "supports"))
    say(sacks, "2025-02-01", (BAILOUT, "opposes"))
    earlier = report(sacks)["contradictions"][0]["earlier"]
    assert earlier["statement_id"] == a
    assert earlier["original_known"] is True
    assert earlier["text"].startswith("Statement ")
    assert earlier["language"] == "en"


def test_claims_are_kept_apart(sacks: Session) -> None:
    chips = claim(sacks, "ai-chip-export-limits")
    a = say(sacks, "2025-01-10", (BAILOUT, "supports"), (chips, "supports"))
    b = say(sacks, "2025-02-10", (chips, "opposes"))
    c = say(sacks, "2025-03-10", (BAILOUT, "opposes"))
    # Supporting one claim and opposing another is no contradiction.
    d = say(sacks, "2025-04-10", (chips, "supports"))
    doc = report(sacks)
    assert [
        (i["claim"]["slug"], i["earlier"]["statement_id"], i["later"]["statement_id"])
        for i in doc["contradictions"]
    ] == [
        (chips, a, b),
        (chips, b, d),
        (BAILOUT, a, c),
    ]
    assert pairs(report(sacks, claim=BAILOUT)) == [("full", a, c)]


def test_other_peoples_statements_are_not_paired(sacks: Session) -> None:
    add_person(sacks, "Gary Marcus")
    say(sacks, "2025-01-10", (BAILOUT, "supports"))
    say(sacks, "2025-02-10", (BAILOUT, "opposes"), person="Gary Marcus")
    assert report(sacks)["contradictions"] == []
    assert report(sacks, "Gary Marcus")["contradictions"] == []


def test_neutral_never_contradicts(sacks: Session) -> None:
    a = say(sacks, "2025-01-10", (BAILOUT, "supports"))
    n = say(sacks, "2025-02-10", (BAILOUT, "neutral"))
    n2 = say(sacks, "2025-02-20", (BAILOUT, "neutral"))
    c = say(sacks, "2025-03-10", (BAILOUT, "opposes"))
    assert pairs(report(sacks)) == [("full", a, c)]
    shifted = report(sacks, shifts=True)
    assert shifted["filters"]["shifts"] is True
    # Sorted by the dates of both sides, whatever the kind.
    assert pairs(shifted) == [
        ("half", a, n),
        ("half", a, n2),
        ("full", a, c),
        ("half", n, c),
        ("half", n2, c),
    ]
    half = shifted["contradictions"][0]
    assert (half["earlier"]["stance"], half["later"]["stance"]) == ("supports", "neutral")


def test_same_stance_twice_is_no_pair(sacks: Session) -> None:
    say(sacks, "2025-01-10", (BAILOUT, "opposes"))
    say(sacks, "2025-02-10", (BAILOUT, "opposes"))
    assert report(sacks, shifts=True)["contradictions"] == []


def test_same_day_at_day_precision_is_unordered(sacks: Session) -> None:
    a = say(sacks, "2025-11-06", (BAILOUT, "supports"))
    b = say(sacks, "2025-11-06", (BAILOUT, "opposes"))
    [item] = report(sacks)["contradictions"]
    assert item["unordered"] is True
    assert item["days_apart"] == 0
    # Same start: the statement ids settle which is listed first, so the report is stable.
    assert (item["earlier"]["statement_id"], item["later"]["statement_id"]) == tuple(sorted((a, b)))


def test_same_day_at_minute_precision_is_ordered(sacks: Session) -> None:
    late = say(sacks, "2025-11-06T18:05Z", (BAILOUT, "supports"))
    early = say(sacks, "2025-11-06T09:30Z", (BAILOUT, "opposes"))
    [item] = report(sacks)["contradictions"]
    assert item["unordered"] is False
    assert item["days_apart"] == 0
    assert (item["earlier"]["statement_id"], item["later"]["statement_id"]) == (early, late)
    assert (item["earlier"]["stance"], item["later"]["stance"]) == ("opposes", "supports")


def test_a_day_overlapping_a_minute_of_it_is_unordered(sacks: Session) -> None:
    minute = say(sacks, "2025-11-06T09:30Z", (BAILOUT, "supports"))
    day = say(sacks, "2025-11-06", (BAILOUT, "opposes"))
    [item] = report(sacks)["contradictions"]
    assert item["unordered"] is True
    assert (item["earlier"]["statement_id"], item["later"]["statement_id"]) == (day, minute)


def test_undated_statement_goes_later_unordered(sacks: Session) -> None:
    undated = say(sacks, None, (BAILOUT, "opposes"))
    dated = say(sacks, "2025-11-06", (BAILOUT, "supports"))
    [item] = report(sacks)["contradictions"]
    assert item["unordered"] is True
    assert item["days_apart"] is None
    assert item["earlier"]["statement_id"] == dated
    assert item["later"]["statement_id"] == undated
    assert item["later"]["said_at"] is None
    assert item["later"]["precision"] is None


def test_three_flips_make_four_full_pairs_in_time_order(sacks: Session) -> None:
    ids = [
        say(sacks, "2025-04-01", (BAILOUT, "opposes")),
        say(sacks, "2025-01-01", (BAILOUT, "supports")),
        say(sacks, "2025-03-01", (BAILOUT, "supports")),
        say(sacks, "2025-02-01", (BAILOUT, "opposes")),
    ]
    s_jan, o_feb, s_mar, o_apr = ids[1], ids[3], ids[2], ids[0]
    doc = report(sacks)
    assert pairs(doc) == [
        ("full", s_jan, o_feb),
        ("full", s_jan, o_apr),
        ("full", o_feb, s_mar),
        ("full", s_mar, o_apr),
    ]
    assert [i["days_apart"] for i in doc["contradictions"]] == [31, 90, 28, 31]
    assert not any(i["unordered"] for i in doc["contradictions"])


def test_readers_who_disagree_yield_one_pair_with_every_reading(sacks: Session) -> None:
    a = say(sacks, "2025-01-10", (BAILOUT, "supports"), reader="Alice")
    set_stance(sacks, a, BAILOUT, "opposes", reader="Bob", basis="interpreted", note="irony")
    b = say(sacks, "2025-02-10", (BAILOUT, "supports"), reader="Alice")
    set_stance(sacks, b, BAILOUT, "opposes", reader="Bob")
    [item] = report(sacks, shifts=True)["contradictions"]
    assert item["kind"] == "full"
    assert (item["earlier"]["statement_id"], item["later"]["statement_id"]) == (a, b)
    assert {item["earlier"]["stance"], item["later"]["stance"]} == {"supports", "opposes"}
    assert [(r["reader"], r["stance"]) for r in item["earlier"]["readings"]] == [
        ("Alice", "supports"),
        ("Bob", "opposes"),
    ]
    assert item["earlier"]["readings"][1]["basis"] == "interpreted"
    assert item["earlier"]["readings"][1]["note"] == "irony"


def test_one_reader_opposing_is_enough_for_a_full_pair(sacks: Session) -> None:
    a = say(sacks, "2025-01-10", (BAILOUT, "neutral"), reader="Alice")
    set_stance(sacks, a, BAILOUT, "opposes", reader="Bob")
    b = say(sacks, "2025-02-10", (BAILOUT, "supports"), reader="Alice")
    [item] = report(sacks, shifts=True)["contradictions"]
    # A full flip under one reading is not listed again as a half under the other.
    assert (item["kind"], item["earlier"]["statement_id"], item["later"]["statement_id"]) == ("full", a, b)
    assert item["earlier"]["stance"] == "opposes"
    assert len(item["earlier"]["readings"]) == 2


def test_since_and_until_keep_overlapping_statements(sacks: Session) -> None:
    oct_ = say(sacks, "2025-10-01", (BAILOUT, "supports"))
    nov = say(sacks, "2025-11-06T16:52Z", (BAILOUT, "opposes"))
    dec = say(sacks, "2025-12-01", (BAILOUT, "supports"))
    say(sacks, None, (BAILOUT, "opposes"))
    assert len(report(sacks)["contradictions"]) == 4
    since = report(sacks, since="2025-11")
    assert since["filters"]["since"] == {"at": "2025-11-01T00:00:00Z", "precision": "month"}
    assert pairs(since) == [("full", nov, dec)]
    # until names a whole period: until 2025-11-06 includes that day's 16:52.
    assert pairs(report(sacks, until="2025-11-06")) == [("full", oct_, nov)]
    assert pairs(report(sacks, until="2025-11-05")) == []
    assert pairs(report(sacks, since="2025-10-01", until="2025-12-01")) == [
        ("full", oct_, nov),
        ("full", nov, dec),
    ]


def test_since_keeps_a_coarse_date_whose_period_overlaps(sacks: Session) -> None:
    year = say(sacks, "2025", (BAILOUT, "supports"))
    month = say(sacks, "2025-06", (BAILOUT, "opposes"))
    say(sacks, "2024-12-31", (BAILOUT, "opposes"))
    # "2025" began before the bound but runs past it: it may have been said after 2025-06-15.
    assert pairs(report(sacks, since="2025-06-15")) == [("full", year, month)]


def test_since_after_until_is_refused(sacks: Session) -> None:
    with pytest.raises(InvalidInput, match="after --until"):
        contradictions(sacks, "David Sacks", since="2025-12-01", until="2025-11")


def test_bad_date_is_refused(sacks: Session) -> None:
    with pytest.raises(InvalidDate):
        contradictions(sacks, "David Sacks", since="2025-13-45")


def test_unknown_person_and_claim_are_not_found(sacks: Session) -> None:
    with pytest.raises(NotFound, match="unknown person 'Nobody'"):
        contradictions(sacks, "Nobody")
    with pytest.raises(NotFound, match="unknown claim 'no-such-claim'"):
        contradictions(sacks, "David Sacks", claim="no-such-claim")


def test_affiliated_organisation_statements_inside_the_dates(sacks: Session) -> None:
    add_person(sacks, "White House", kind="organisation")
    add_affiliation(
        sacks, "David Sacks", "White House", role="AI and crypto czar", start="2024-12", end="2025-06"
    )
    own = say(sacks, "2025-03-01", (BAILOUT, "opposes"))
    inside = say(sacks, "2025-06-20", (BAILOUT, "supports"), person="White House")
    say(sacks, "2024-11-30", (BAILOUT, "supports"), person="White House")  # before he joined
    say(sacks, "2025-07-01", (BAILOUT, "supports"), person="White House")  # after he left
    say(sacks, "2024", (BAILOUT, "supports"), person="White House")  # not known to be inside
    say(sacks, None, (BAILOUT, "supports"), person="White House")  # undated
    # Two organisation statements are never paired with each other.
    say(sacks, "2025-01-15", (BAILOUT, "opposes"), person="White House")

    assert report(sacks)["contradictions"] == []
    doc = report(sacks, include_affiliated=True)
    assert doc["filters"]["include_affiliated"] is True
    assert pairs(doc) == [("full", own, inside)]
    later = doc["contradictions"][0]["later"]
    assert later["speaker"]["name"] == "White House"
    assert later["speaker"]["kind"] == "organisation"
    assert later["via_affiliation"]["organisation"]["name"] == "White House"
    assert later["via_affiliation"]["role"] == "AI and crypto czar"
    assert doc["contradictions"][0]["earlier"]["via_affiliation"] is None


def test_open_ended_affiliation_and_date_filters_together(sacks: Session) -> None:
    add_person(sacks, "White House", kind="organisation")
    add_affiliation(sacks, "David Sacks", "White House", start="2024-12")
    own = say(sacks, "2025-11-06", (BAILOUT, "opposes"))
    late = say(sacks, "2030-01-01", (BAILOUT, "supports"), person="White House")
    early = say(sacks, "2025-01-01", (BAILOUT, "supports"), person="White House")
    assert pairs(report(sacks, include_affiliated=True)) == [("full", early, own), ("full", own, late)]
    assert pairs(report(sacks, include_affiliated=True, since="2025-06")) == [("full", own, late)]


def test_schema_rejects_a_report_missing_a_required_field(session: Session) -> None:
    seed(session)
    doc = report(session)
    del doc["contradictions"][0]["days_apart"]
    problem = first_error("contradictions", doc)
    assert problem is not None and "days_apart" in problem
    doc = report(session)
    doc["contradictions"][0]["earlier"]["said_at"] = "6 Nov 2025"
    assert first_error("contradictions", doc) is not None


def test_bounds_at_the_ends_of_the_calendar(sacks: Session) -> None:
    a = say(sacks, "0001-03-01", (BAILOUT, "supports"))
    b = say(sacks, "9999-12-31T23:59Z", (BAILOUT, "opposes"))
    assert pairs(report(sacks, since="0001-01-01", until="9999-12-31")) == [("full", a, b)]
    assert pairs(report(sacks, since="0001", until="9999")) == [("full", a, b)]
    assert pairs(report(sacks, since="0002-01-01")) == []
