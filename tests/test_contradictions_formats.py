"""``prov contradictions --format md|claimreview`` and the ClaimReview options it shares with export."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from copy import deepcopy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pyld import jsonld
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.api import claims, people, quotes
from provenance.errors import InvalidInput
from provenance.exports.claimreview import claim_review_id, review_id, reviews
from provenance.ids import stable_id
from provenance.output.render import Report, emit
from walkthrough import copy_database

Cli = Callable[..., Result]
SACKS = ("--person", "David Sacks")
PAGE = "https://factcheck.example/sacks"
S = "https://schema.org/"
# What schema.org's own context says of the terms used here, so expansion needs no network.
LOCAL_CONTEXT = {
    "@context": {
        "@vocab": S,
        "url": {"@id": f"{S}url", "@type": "@id"},
        "archivedAt": {"@id": f"{S}archivedAt", "@type": "@id"},
    }
}


@pytest.fixture
def seed(walked: tuple[Path, str], db_path: Path) -> Path:
    """The worked example copied to the ``cli`` fixture's database (SQLite's backup API: it has a WAL)."""
    return copy_database(walked[0], db_path)


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr + result.stdout
    return result.stdout


def one_error_line(result: Result, code: int) -> str:
    assert result.exit_code == code, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def report(cli: Cli, *args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(ok(cli("contradictions", *SACKS, *args, "--format", "json")))
    return document


def expand(text: str) -> list[dict[str, Any]]:
    def load_locally(url: str, options: Any = None) -> dict[str, Any]:
        if url.rstrip("/") != S.rstrip("/"):
            raise AssertionError(f"the test tried to load {url}")
        return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}

    expanded: list[dict[str, Any]] = jsonld.expand(json.loads(text), {"documentLoader": load_locally})
    return expanded


def values(node: dict[str, Any], term: str) -> list[Any]:
    found = node.get(S + term)
    assert found, f"{term} lost in expansion: {sorted(node)}"
    return list(found)


def one(node: dict[str, Any], term: str) -> Any:
    found = values(node, term)
    assert len(found) == 1, found
    return found[0]


def value(node: dict[str, Any], term: str) -> Any:
    return one(node, term)["@value"]


def today_or_yesterday() -> set[str]:
    # A review may have been built just before midnight.
    today = datetime.now(UTC).date()
    return {today.isoformat(), (today - timedelta(days=1)).isoformat()}


def statements_of(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {side["statement_id"]: side for item in items for side in (item["earlier"], item["later"])}


# --- md -----------------------------------------------------------------------------------------


def test_md_is_the_export_report_for_the_same_pairs(cli: Cli, seed: Path) -> None:
    text = ok(cli("contradictions", *SACKS, "--format", "md"))
    assert text == ok(cli("export", "--format", "md", *SACKS))
    assert text.startswith("# Contradictions: David Sacks\n")
    assert "1 pair." in text and "- **Gap:** 18 days" in text


def test_md_holds_every_pair_the_command_selected(cli: Cli, seed: Path) -> None:
    data = report(cli, "--include-affiliated")
    assert len(data["contradictions"]) == 2
    text = ok(cli("contradictions", *SACKS, "--include-affiliated", "-f", "md"))
    assert "*Only: with statements of organisations they belonged to.*" in text
    html = MarkdownIt("commonmark").render(text)
    assert html.count("<blockquote>") == 2 * len(data["contradictions"])
    for number, item in enumerate(data["contradictions"], 1):
        assert f"## {number}. " in text
        for side in ("earlier", "later"):
            assert item[side]["text"] in html
            assert f"<{item[side]['source']['url']}>" in text
    assert "- **Said by:** White House, AI and crypto czar" in text


def test_md_respects_the_filters(cli: Cli, seed: Path) -> None:
    later = ok(cli("contradictions", *SACKS, "--since", "2025-11-10", "-f", "md"))
    assert "*Only: since 2025-11-10.*" in later
    assert "No contradictions found for David Sacks." in later and "##" not in later
    other = ok(cli("contradictions", *SACKS, "--claim", "ai-downturn-recession-risk", "-f", "md"))
    assert "*Only: claim ai-downturn-recession-risk.*" in other
    assert "No contradictions found" in other
    month = ok(
        cli("contradictions", *SACKS, "--until", "2025-11", "--claim", "federal-ai-bailout", "-f", "md")
    )
    assert "until 2025-11" in month and "1 pair." in month


@pytest.fixture
def hostile(session: Session) -> Session:
    """Ann Example contradicting herself in words full of Markdown and HTML."""
    people.add_person(session, "Ann <b>Example</b>")
    claims.add_claim(session, "c", "A *claim* [x](javascript:alert(1))")
    for said, stance in (("2024-01-01", "supports"), ("2024-03-01", "opposes")):
        quotes.add_quote(
            session,
            article_url=f"https://example.org/{said}",
            person="Ann <b>Example</b>",
            quoted_text=f"**{stance}** <script>alert(1)</script>\n# heading {said}",
            said_at=said,
            source_url=f"https://example.org/source/{said}",
            claims=[("c", stance)],
            stance_note="_note_ `code`",
        )
    session.commit()
    return session


def test_md_escapes_every_recorded_text(cli: Cli, hostile: Session) -> None:
    text = ok(cli("contradictions", "--person", "Ann <b>Example</b>", "--format", "md"))
    assert "\\*\\*supports\\*\\* \\<script\\>" in text
    html = MarkdownIt("commonmark").render(text)
    forbidden = (
        "<script",
        "<b>",
        "<strong>supports",
        "<strong>opposes",
        "<em>note",
        "<em>claim",
        "<code>",
        "<h1>heading",
    )
    for markup in (*forbidden, 'href="javascript'):
        assert markup not in html, markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<blockquote>") == 2


# --- claimreview, one a pair ---------------------------------------------------------------------


def test_claimreview_is_one_review_a_pair_of_the_json_report(cli: Cli, seed: Path) -> None:
    data = report(cli, "--include-affiliated")
    args = ("--include-affiliated", "-f", "claimreview", "--review-url", PAGE, "--review-author", "Décodeurs")
    text = ok(cli("contradictions", *SACKS, *args))
    document = json.loads(text)
    items = data["contradictions"]
    assert [r["identifier"] for r in document] == [review_id(item) for item in items]
    assert len(set(r["identifier"] for r in document)) == 2

    expanded = expand(text)
    assert len(expanded) == len(items)
    for review, item, plain in zip(expanded, items, document, strict=True):
        assert review["@type"] == [S + "ClaimReview"]
        assert value(review, "claimReviewed") == f"David Sacks on: {item['claim']['text']}"
        assert one(review, "url")["@id"] == f"{PAGE}#{review_id(item)}"
        assert value(one(review, "author"), "name") == "Décodeurs"
        assert value(review, "datePublished") in today_or_yesterday()
        claim = one(review, "itemReviewed")
        assert value(one(claim, "author"), "name") == "David Sacks"
        quoted = {q["article"]["url"] for side in ("earlier", "later") for q in item[side]["quoted_in"]}
        assert {one(a, "url")["@id"] for a in values(claim, "appearance")} == quoted
        assert one(one(claim, "firstAppearance"), "url")["@id"] == item["earlier"]["source"]["url"]
        assert value(one(review, "reviewRating"), "alternateName") == "Full flop"
        assert plain["@context"] == "https://schema.org"


def test_claimreview_is_the_export_for_the_same_options(cli: Cli, seed: Path) -> None:
    args = ("-f", "claimreview", "--review-url", PAGE + "#old", "--review-author", "X", *SACKS)
    shown = json.loads(ok(cli("contradictions", *args)))
    exported = json.loads(ok(cli("export", *args)))
    assert shown == exported
    assert shown[0]["url"] == f"{PAGE}#{shown[0]['identifier']}"
    claim_args = (*args, "--per", "claim")
    assert json.loads(ok(cli("contradictions", *claim_args))) == json.loads(ok(cli("export", *claim_args)))


def test_the_author_defaults_to_prov_and_reads_the_environment(
    cli: Cli, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plain,) = json.loads(ok(cli("contradictions", *SACKS, "-f", "claimreview")))
    assert plain["author"] == {"@type": "Organization", "name": "prov"}
    # Without a page, a review has none: it is not published at the speaker's post.
    assert "url" not in plain
    monkeypatch.setenv("PROV_REVIEW_AUTHOR", "Les Décodeurs")
    for command in (("contradictions", *SACKS), ("export", *SACKS)):
        (review,) = json.loads(ok(cli(*command, "-f", "claimreview")))
        assert review["author"]["name"] == "Les Décodeurs"
    # Set for every run, it must not break the formats that have no author.
    assert json.loads(ok(cli("contradictions", *SACKS, "-f", "json")))["contradictions"]
    assert ok(cli("export", "-f", "md", *SACKS)).startswith("# Contradictions")


def test_claimreview_of_no_pairs_is_an_empty_array(cli: Cli, seed: Path) -> None:
    assert json.loads(ok(cli("contradictions", "--person", "Gary Marcus", "-f", "claimreview"))) == []
    assert ok(cli("contradictions", *SACKS, "--since", "2025-12", "-f", "claimreview", "--per", "claim")) == (
        "[]\n"
    )


# --- claimreview, one a claim --------------------------------------------------------------------


def test_one_review_a_claim_for_the_worked_example(cli: Cli, seed: Path) -> None:
    data = report(cli, "--include-affiliated")
    items = data["contradictions"]
    args = ("--include-affiliated", "-f", "claimreview", "--per", "claim", "--review-url", PAGE)
    text = ok(cli("contradictions", *SACKS, *args))
    (plain,) = json.loads(text)
    person, claim = data["person"], items[0]["claim"]
    assert {item["claim"]["id"] for item in items} == {claim["id"]}
    assert plain["identifier"] == stable_id("claimreview", person["id"], claim["id"])
    assert plain["identifier"] == claim_review_id(person, claim)
    explanation = plain["reviewRating"]["ratingExplanation"]
    # Every statement of the two pairs once, in time order, the organisation's marked as such.
    assert explanation.startswith("2025-11-06 16:52 UTC: opposes the claim. ")
    assert "2025-11-24 (said by White House, AI and crypto czar): supports it." in explanation
    assert explanation.index("2025-11-24 (said") < explanation.index("2025-11-24 17:34 UTC: supports it.")
    assert explanation.endswith("2 pairs, the furthest 18 days apart.")

    (review,) = expand(text)
    sides = statements_of(items)
    earliest = min(sides.values(), key=lambda side: side["said_at"])
    assert review["@type"] == [S + "ClaimReview"]
    assert value(review, "claimReviewed") == (
        "David Sacks on: The US federal government should rescue AI companies that fail"
    )
    reviewed = one(review, "itemReviewed")
    assert reviewed["@type"] == [S + "Claim"]
    author = one(reviewed, "author")
    assert author["@type"] == [S + "Person"] and value(author, "name") == "David Sacks"
    assert value(reviewed, "datePublished") == "2025-11-24T17:34:00Z"
    quoted = {q["article"]["url"] for side in sides.values() for q in side["quoted_in"]}
    assert {one(a, "url")["@id"] for a in values(reviewed, "appearance")} == quoted
    assert one(one(reviewed, "firstAppearance"), "url")["@id"] == earliest["source"]["url"]
    assert value(one(review, "reviewRating"), "alternateName") == "Full flop"
    assert value(one(review, "author"), "name") == "prov"
    assert value(review, "datePublished") in today_or_yesterday()
    assert one(review, "url")["@id"] == f"{PAGE}#{plain['identifier']}"


def test_the_claim_review_id_does_not_depend_on_the_pairs(cli: Cli, seed: Path) -> None:
    (own,) = json.loads(ok(cli("contradictions", *SACKS, "-f", "claimreview", "--per", "claim")))
    (wider,) = json.loads(
        ok(cli("contradictions", *SACKS, "--include-affiliated", "-f", "claimreview", "--per", "claim"))
    )
    assert own["identifier"] == wider["identifier"]
    assert own["reviewRating"]["ratingExplanation"] == (
        "2025-11-06 16:52 UTC: opposes the claim. 2025-11-24 17:34 UTC: supports it. 1 pair, 18 days apart."
    )
    # Without a page, the review has none.
    assert "url" not in own


@pytest.fixture
def shifting(session: Session) -> Session:
    """Bo: neutral then supporting on claim "half"; supporting, neutral, opposing on claim "full"."""
    people.add_person(session, "Bo")
    claims.add_claim(session, "half", "Half")
    claims.add_claim(session, "full", "Full")
    said = (
        ("half", "2024-01-01", "neutral"),
        ("half", "2024-02-01", "supports"),
        ("full", "2024-01-01", "supports"),
        ("full", "2024-02-01", "neutral"),
        ("full", "2024-03-01", "opposes"),
    )
    for claim, day, stance in said:
        quotes.add_quote(
            session,
            article_url=f"https://example.org/{claim}/{day}",
            person="Bo",
            text=f"Bo on {claim}, {day}",
            said_at=day,
            claims=[(claim, stance)],
        )
    session.commit()
    return session


def test_a_claim_is_a_full_flop_when_any_pair_is(cli: Cli, shifting: Session) -> None:
    text = ok(cli("contradictions", "--person", "Bo", "--shifts", "-f", "claimreview", "--per", "claim"))
    by_claim = {r["claimReviewed"]: r for r in json.loads(text)}
    assert set(by_claim) == {"Bo on: Full", "Bo on: Half"}
    half, full = by_claim["Bo on: Half"], by_claim["Bo on: Full"]
    assert half["reviewRating"]["alternateName"] == "Half flip"
    assert half["reviewRating"]["ratingExplanation"] == (
        "2024-01-01: is neutral on the claim. 2024-02-01: supports it. 1 pair, 31 days apart."
    )
    assert full["reviewRating"]["alternateName"] == "Full flop"
    assert full["reviewRating"]["ratingExplanation"] == (
        "2024-01-01: supports the claim. 2024-02-01: is neutral on it. 2024-03-01: opposes it."
        " 3 pairs, the furthest 60 days apart."
    )
    # No source recorded: the first appearance is unknown.
    assert "firstAppearance" not in full["itemReviewed"]
    assert "url" not in full
    assert len(full["itemReviewed"]["appearance"]) == 3
    # Without --shifts only the full pair is left.
    (only,) = json.loads(ok(cli("contradictions", "--person", "Bo", "-f", "claimreview", "--per", "claim")))
    assert only["claimReviewed"] == "Bo on: Full"
    assert only["reviewRating"]["ratingExplanation"].endswith("1 pair, 60 days apart.")


def _side(statement: str, day: str | None, stance: str, article: str) -> dict[str, Any]:
    return {
        "statement_id": statement,
        "text": f"words of {statement}",
        "original_known": True,
        "language": "en",
        "said_at": f"{day}T00:00:00Z" if day else None,
        "precision": "day" if day else None,
        "said": day,
        "source": None,
        "archive_urls": [],
        "quoted_in": [
            {
                "article": {
                    "url": article,
                    "title": None,
                    "published": None,
                    "published_precision": None,
                    "language": None,
                    "publisher": None,
                }
            }
        ],
        "stance": stance,
        "via_affiliation": None,
    }


_PAIRS = st.lists(
    st.tuples(
        st.sampled_from(["c1", "c2", "c3"]),
        st.sampled_from(["full", "half"]),
        st.integers(0, 5),
        st.integers(0, 5),
        st.one_of(st.none(), st.dates(datetime(2020, 1, 1).date(), datetime(2030, 1, 1).date())),
    ),
    max_size=12,
)


@settings(max_examples=60)
@given(_PAIRS)
def test_one_review_a_claim_whatever_the_pairs(pairs: list[tuple[str, str, int, int, Any]]) -> None:
    person = {"id": "p", "name": "P", "kind": "person"}
    items: list[dict[str, Any]] = [
        {
            "kind": kind,
            "claim": {"id": claim, "slug": claim, "text": f"text {claim}", "kind": "position"},
            "unordered": day is None,
            "days_apart": None if day is None else a + b,
            "earlier": _side(f"{claim}-{a}", None if day is None else day.isoformat(), "supports", f"u/{a}"),
            "later": _side(f"{claim}-x{b}", None, "opposes", f"u/x{b}"),
        }
        for claim, kind, a, b, day in pairs
    ]
    data = {"person": person, "contradictions": items}
    per_pair = reviews(data, today="2026-01-01")
    per_claim = reviews(data, per="claim", today="2026-01-01")
    assert len(per_pair) == len(items)
    claims_seen = list(dict.fromkeys(item["claim"]["id"] for item in items))
    assert [r["identifier"] for r in per_claim] == [claim_review_id(person, {"id": c}) for c in claims_seen]
    for review, claim in zip(per_claim, claims_seen, strict=True):
        mine = [item for item in items if item["claim"]["id"] == claim]
        full = any(item["kind"] == "full" for item in mine)
        assert review["reviewRating"]["alternateName"] == ("Full flop" if full else "Half flip")
        expected = {q["article"]["url"] for side in statements_of(mine).values() for q in side["quoted_in"]}
        assert {w["url"] for w in review["itemReviewed"]["appearance"]} == expected
        explanation = review["reviewRating"]["ratingExplanation"]
        assert explanation.count(": ") == len(statements_of(mine))
        assert f"{len(mine)} pair" in explanation


def test_reviews_refuse_a_bad_per_or_page() -> None:
    data = {"person": {"id": "p", "name": "P", "kind": "person"}, "contradictions": []}
    assert reviews(data) == []
    with pytest.raises(InvalidInput, match="'flop' is not one of pair, claim"):
        reviews(data, per="flop")
    with pytest.raises(InvalidInput, match="not an http"):
        reviews(data, url_base="javascript:alert(1)")


# --- the option errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["contradictions", *SACKS, "-f", "md", "--per", "claim"],
        ["contradictions", *SACKS, "--review-url", PAGE],
        ["contradictions", *SACKS, "-f", "json", "--review-author", "X"],
        ["contradictions", *SACKS, "-f", "claimreview", "--per", "person"],
        ["contradictions", *SACKS, "-f", "yaml"],
        ["export", "-f", "md", *SACKS, "--per", "pair"],
        ["export", "--review-url", PAGE],
        ["export", "-f", "claimreview", "--per", "flop"],
        ["timeline", *SACKS, "-f", "md"],
        ["list", "people", "-f", "claimreview"],
    ],
    ids=" ".join,
)
def test_misplaced_options_and_formats_are_usage_errors(cli: Cli, seed: Path, args: list[str]) -> None:
    line = one_error_line(cli(*args), 2)
    assert "--help" in line


def test_the_usage_error_names_the_option(cli: Cli, seed: Path) -> None:
    line = one_error_line(cli("contradictions", *SACKS, "-f", "md", "--per", "claim"), 2)
    assert line == "Error: --per is only for --format claimreview, not md; see prov contradictions --help"
    line = one_error_line(cli("timeline", *SACKS, "-f", "claimreview"), 2)
    assert "'claimreview' is not one of table, json, csv" in line


@pytest.mark.parametrize(
    "url", ["ftp://factcheck.example/", "factcheck.example/page", "https://a b.example/"]
)
@pytest.mark.parametrize("command", ["contradictions", "export"])
def test_a_bad_review_url_is_one_line_and_opens_nothing(
    cli: Cli, db_path: Path, url: str, command: str
) -> None:
    line = one_error_line(cli(command, *SACKS, "-f", "claimreview", "--review-url", url), 1)
    assert "review URL" in line
    assert not db_path.exists()


def test_help_lists_the_formats_and_options(cli: Cli) -> None:
    text = " ".join(ok(cli("contradictions", "--help")).split())
    for word in ("table, json, csv, md", "claimreview", "--review-author", "--review-url", "--per"):
        assert word in text
    assert "PROV_REVIEW_AUTHOR" in text
    assert "--per" in " ".join(ok(cli("export", "--help")).split())


def test_emit_refuses_a_format_the_report_does_not_have() -> None:
    report = Report({"a": 1}, renderings={"md": lambda: "# md\n"})
    out = io.StringIO()
    emit(report, "md", out)
    assert out.getvalue() == "# md\n"
    with pytest.raises(InvalidInput, match="use one of table, json, csv, md"):
        emit(report, "claimreview", io.StringIO())


@pytest.mark.parametrize(
    "args",
    [
        ["contradictions", "--help"],
        ["contradictions", "-p", "X", "-f", "md", "--per", "claim"],
        ["contradictions", "-p", "X", "-f", "claimreview", "--per", "flop"],
    ],
    ids=" ".join,
)
def test_help_and_option_errors_load_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    from test_cli_subprocess import _PROBE, HEAVY, _env

    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        input=json.dumps(HEAVY),
        env=_env(tmp_path / "prov.db"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    probe = json.loads(result.stderr.rpartition("PROBE ")[2])
    assert probe["heavy"] == [], probe
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_reviews_leave_the_report_unchanged(cli: Cli, seed: Path) -> None:
    """One report feeds every format: building reviews from it must not change what json shows."""
    data = report(cli, "--include-affiliated")
    before = deepcopy(data)
    reviews(data, per="claim")
    reviews(data)
    assert data == before
