"""``prov import --from claimreview``: fact-checkers' ClaimReview JSON-LD, read back with SQL."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from provenance.cli import app
from provenance.db import open_database
from provenance.errors import BundleError
from provenance.imports import detect
from provenance.imports.claimreview import import_claimreview, parse_claimreview
from walkthrough import copy_database

Cli = Callable[..., Result]

ORIGINAL = "We will never bail out AI companies."
SOURCE = "https://x.com/Speaker/status/123"
ARCHIVE = "https://web.archive.org/web/20251106170000/https://x.com/Speaker/status/123"
REVIEW_URL = "https://factcheck.example/2025/ai-bailout"
OTHER_ARTICLE = "https://news.example/2025/11/ai"


def _review(**changes: Any) -> dict[str, Any]:
    """A review as a fact-checker publishes it, the speaker's own words in its first appearance."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": REVIEW_URL + "#review-1",
        "headline": "Did the czar rule out a bailout?",
        "datePublished": "2025-11-27",
        "inLanguage": "en",
        "author": {"@type": "Organization", "name": "Fact Desk"},
        "claimReviewed": ORIGINAL,
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Person",
                "name": "Jane Speaker",
                "sameAs": ["https://twitter.com/jane", "https://www.wikidata.org/wiki/Q4242"],
            },
            "datePublished": "2025-11-24",
            "firstAppearance": {
                "@type": "CreativeWork",
                "url": SOURCE,
                "text": ORIGINAL,
                "inLanguage": "en",
                "datePublished": "2025-11-06T16:52:30Z",
                "archivedAt": ARCHIVE,
            },
            "appearance": [
                {"@type": "CreativeWork", "url": REVIEW_URL},
                {
                    "@type": "NewsArticle",
                    "url": OTHER_ARTICLE,
                    "headline": "AI and the state",
                    "datePublished": "2025-11",
                    "inLanguage": "fr",
                    "publisher": {"@type": "Organization", "name": "News Example"},
                },
            ],
        },
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly true", "ratingValue": 4},
    }
    review.update(changes)
    return review


def _summary_review(index: int) -> dict[str, Any]:
    """A review whose first appearance gives no words: the fact-checker's wording stands in."""
    return {
        "@type": ["ClaimReview"],
        "url": f"https://factcheck.example/review/{index}",
        "claimReviewed": f"Says claim number {index}",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "GovernmentOrganization", "name": "Ministry of Things"},
            "datePublished": f"2024-0{index % 9 + 1}-1{index % 10}",
            "firstAppearance": f"https://gov.example/press/{index}",
        },
    }


def _sql(db: Path, query: str, *args: Any) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db)
    try:
        return list(connection.execute(query, args))
    finally:
        connection.close()


def _dump(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    return lines[0]


def _import(cli: Cli, tmp_path: Path, document: Any, *extra: str) -> dict[str, Any]:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    result = cli("import", str(path), "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_review_becomes_an_article_quoting_the_speakers_statement(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    data = _import(cli, tmp_path, [_review()])
    assert data["format"] == "claimreview"
    assert data["tables"]["statements"] == {"created": 1, "existing": 0}
    assert data["tables"]["quotations"] == {"created": 1, "existing": 0}
    assert data["tables"]["articles"] == {"created": 2, "existing": 0}
    assert data["tables"]["archives"] == {"created": 1, "existing": 0}
    assert data["appearances"] == {"created": 1, "existing": 0}
    assert data["ratings"] == [{"review": REVIEW_URL, "rating": "Mostly true", "value": "4"}]

    assert _sql(db_path, "SELECT name, kind, wikidata_id FROM person") == [
        ("Jane Speaker", "person", "Q4242")
    ]
    (statement,) = _sql(
        db_path,
        "SELECT st.text, st.language, st.said_at, st.said_precision, so.url, st.id"
        " FROM statement st JOIN source so ON so.id = st.source_id",
    )
    assert statement[:5] == (ORIGINAL, "en", "2025-11-06 16:52:30.000000", "second", SOURCE)
    assert _sql(db_path, "SELECT url FROM archive_copy") == [(ARCHIVE,)]
    # The fragment names one review on the page: the page is the article.
    (quote,) = _sql(
        db_path,
        "SELECT a.url, a.title, a.published_at, a.published_precision, a.language, a.publisher,"
        " q.quoted_text, q.quoted_lang, q.relation, q.attributed_as, q.statement_id"
        " FROM quotation q JOIN article a ON a.id = q.article_id",
    )
    assert quote == (
        REVIEW_URL,
        "Did the czar rule out a bailout?",
        "2025-11-27 00:00:00.000000",
        "day",
        "en",
        "Fact Desk",
        ORIGINAL,
        "en",
        "verbatim",
        "Jane Speaker",
        statement[5],
    )
    # Another work that printed the claim is an article, with no quotation invented for it.
    assert _sql(
        db_path,
        "SELECT title, published_at, published_precision, language, publisher FROM article WHERE url = ?",
        OTHER_ARTICLE,
    ) == [("AI and the state", "2025-11-01 00:00:00.000000", "month", "fr", "News Example")]
    assert _sql(
        db_path,
        "SELECT count(*) FROM quotation q JOIN article a ON a.id = q.article_id WHERE a.url = ?",
        OTHER_ARTICLE,
    ) == [(0,)]


def test_a_summary_is_a_paraphrase_of_words_prov_does_not_know(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    _import(cli, tmp_path, [_summary_review(3)])
    assert _sql(db_path, "SELECT name, kind, wikidata_id FROM person") == [
        ("Ministry of Things", "organisation", None)
    ]
    rows = _sql(
        db_path,
        "SELECT st.text, st.said_at, st.said_precision, so.url, q.quoted_text, q.relation"
        " FROM statement st JOIN source so ON so.id = st.source_id"
        " JOIN quotation q ON q.statement_id = st.id",
    )
    # No first-appearance date: the Claim's own date dates the statement.
    assert rows == [
        (
            None,
            "2024-04-13 00:00:00.000000",
            "day",
            "https://gov.example/press/3",
            "Says claim number 3",
            "paraphrase",
        )
    ]


def test_words_that_differ_from_the_original_are_a_paraphrase(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    _import(cli, tmp_path, [_review(claimReviewed="Says AI firms will get no bailout")])
    assert _sql(db_path, "SELECT st.text, q.quoted_text, q.relation FROM quotation q JOIN statement st") == [
        (ORIGINAL, "Says AI firms will get no bailout", "paraphrase")
    ]


def test_a_claim_without_author_is_unattributed_and_without_dates_is_undated(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    review = _review()
    del review["itemReviewed"]["author"], review["itemReviewed"]["datePublished"]
    del review["itemReviewed"]["firstAppearance"]
    _import(cli, tmp_path, review)
    assert _sql(db_path, "SELECT count(*) FROM person") == [(0,)]
    assert _sql(db_path, "SELECT speaker_id, source_id, said_at, said_precision FROM statement") == [
        (None, None, None, None)
    ]


def test_a_known_speaker_keeps_their_kind_and_wikidata_id(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    assert cli("add-person", "Jane Speaker", "--organisation").exit_code == 0
    _import(cli, tmp_path, _review())
    assert _sql(db_path, "SELECT kind, wikidata_id FROM person") == [("organisation", None)]


def test_json_ld_value_objects_and_language_objects_are_read(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    review = _summary_review(2)
    review["claimReviewed"] = {"@value": "Says claim number 2", "@language": "en"}
    review["inLanguage"] = {"@type": "Language", "name": "English", "alternateName": "en-GB"}
    review["url"] = {"@id": "https://factcheck.example/review/2"}
    _import(cli, tmp_path, review)
    assert _sql(db_path, "SELECT a.url, a.language, q.quoted_text FROM quotation q JOIN article a") == [
        ("https://factcheck.example/review/2", "en-GB", "Says claim number 2")
    ]


def test_a_minute_written_with_zero_seconds_is_a_minute(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    review = _review()
    review["itemReviewed"]["firstAppearance"]["datePublished"] = "2025-11-06T17:52:00+01:00"
    _import(cli, tmp_path, review)
    assert _sql(db_path, "SELECT said_at, said_precision FROM statement") == [
        ("2025-11-06 16:52:00.000000", "minute")
    ]


def _feed(*items: Any) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [{"@type": "DataFeedItem", "item": list(item)} for item in items],
    }


SHAPES: dict[str, Any] = {
    "array": [_review(), _summary_review(1)],
    "graph": {"@context": "https://schema.org", "@graph": [_review(), _summary_review(1)]},
    "data-feed": _feed([_review()], [_summary_review(1)]),
    "data-feed-one-item": {
        "@type": "https://schema.org/DataFeed",
        "dataFeedElement": [
            {"@type": "DataFeedItem", "item": _review()},
            {"@type": ["schema:DataFeedItem"], "item": _summary_review(1)},
        ],
    },
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_of_feed_imports_its_reviews(cli: Cli, tmp_path: Path, db_path: Path, shape: str) -> None:
    data = _import(cli, tmp_path, SHAPES[shape])
    assert data["tables"]["statements"] == {"created": 2, "existing": 0}
    assert data["tables"]["people"] == {"created": 2, "existing": 0}
    texts = _sql(db_path, "SELECT quoted_text FROM quotation ORDER BY quoted_text")
    assert texts == [("Says claim number 1",), (ORIGINAL,)]


def test_a_single_review_imports(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    data = _import(cli, tmp_path, _review(**{"@type": ["CreativeWork", "ClaimReview"]}))
    assert data["tables"]["quotations"]["created"] == 1


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_detection_finds_claimreview_in_every_shape(tmp_path: Path, shape: str) -> None:
    for name, text in (
        ("pretty.json", json.dumps(SHAPES[shape], indent=2)),
        ("flat.json", json.dumps(SHAPES[shape])),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert detect(path) == "claimreview", name


def test_the_cli_detects_a_feed_without_from(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(SHAPES["data-feed"], indent=2), encoding="utf-8")
    result = cli("import", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "claimreview"
    named = cli("import", "-", "--from", "claimreview", input=json.dumps(SHAPES["data-feed"]))
    assert named.exit_code == 0, named.stderr
    assert "Imported claimreview" in named.stdout


def _without(review: dict[str, Any], *path: str) -> dict[str, Any]:
    changed = deepcopy(review)
    node = changed
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return changed


def _with(review: dict[str, Any], value: Any, *path: str | int) -> dict[str, Any]:
    changed = deepcopy(review)
    node: Any = changed
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return changed


GOOD = _review()
BAD_FILES: dict[str, tuple[Any, str]] = {
    "speaker-without-name": (
        [GOOD, GOOD, GOOD, _without(GOOD, "itemReviewed", "author", "name")],
        "$[3].itemReviewed.author.name: missing",
    ),
    "ftp-url-in-feed": (
        _feed([GOOD], [GOOD, _with(GOOD, "ftp://x", "url")]),
        "$.dataFeedElement[1].item[1].url: 'ftp://x' is not an http(s) URL",
    ),
    "no-claim-reviewed": ([_without(GOOD, "claimReviewed")], "$[0].claimReviewed: missing"),
    "empty-claim-reviewed": ([_with(GOOD, "  ", "claimReviewed")], "$[0].claimReviewed: empty"),
    "no-url": (_without(GOOD, "url"), "$.url: missing"),
    "no-item-reviewed": ([GOOD, _without(GOOD, "itemReviewed")], "$[1].itemReviewed: missing"),
    "bad-date": (
        [_with(GOOD, "24/11/2025", "itemReviewed", "firstAppearance", "datePublished")],
        "$[0].itemReviewed.firstAppearance.datePublished: '24/11/2025' is not an ISO 8601 date",
    ),
    "impossible-date": (
        [_with(GOOD, "2025-02-30", "datePublished")],
        "$[0].datePublished: impossible date '2025-02-30'",
    ),
    "bad-archive": (
        [_with(GOOD, ["javascript:alert(1)"], "itemReviewed", "firstAppearance", "archivedAt")],
        "$[0].itemReviewed.firstAppearance.archivedAt[0]: 'javascript:alert(1)' is not an http(s) URL",
    ),
    "bad-appearance": (
        [_with(GOOD, "mailto:a@b.c", "itemReviewed", "appearance", 1, "url")],
        "$[0].itemReviewed.appearance[1].url: 'mailto:a@b.c' is not an http(s) URL",
    ),
    "bad-language": (
        [_with(GOOD, "English!", "inLanguage")],
        "$[0].inLanguage: 'English!' is not a language tag",
    ),
    "not-a-review": (
        {"@graph": [GOOD, {"@type": "WebPage", "url": REVIEW_URL}]},
        "$.@graph[1]: a WebPage, not a ClaimReview",
    ),
    "no-type": ([GOOD, {"url": REVIEW_URL}], "$[1].@type: missing"),
    "feed-without-elements": ({"@type": "DataFeed"}, "$.dataFeedElement: missing"),
    "text-is-a-number": ([_with(GOOD, 7, "claimReviewed")], "$[0].claimReviewed: 7 is not text"),
    "two-speakers": (
        [_with(GOOD, [{"name": "A"}, {"name": "B"}], "itemReviewed", "author")],
        "$[0].itemReviewed.author: 2 values where prov records one",
    ),
    "long-publisher": (
        [_with(GOOD, "x" * 301, "author", "name")],
        "$[0].author.name: 301 characters long, over the 300 allowed",
    ),
    "no-review-at-all": ([], "holds no ClaimReview"),
    "flattened-reference": (
        [_with(GOOD, {"@id": "_:claim1"}, "itemReviewed")],
        "$[0].itemReviewed: a reference to '_:claim1', which prov does not follow",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_review_is_named_by_its_json_path_and_nothing_is_created(
    cli: Cli, tmp_path: Path, db_path: Path, case: str
) -> None:
    document, expected = BAD_FILES[case]
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    line = _one_error_line(cli("import", str(path), "--from", "claimreview"))
    assert expected in line
    assert "ClaimReview" in line
    # Checked before the database is opened: none is created.
    assert not db_path.exists()


def test_parse_raises_bundle_error_with_a_hint() -> None:
    with pytest.raises(BundleError) as caught:
        parse_claimreview(json.dumps([GOOD, GOOD, _without(GOOD, "url")]))
    assert caught.value.message == "ClaimReview $[2].url: missing"
    assert caught.value.hint


def test_lists_nested_past_the_stack_are_refused_in_one_line() -> None:
    depth = 980
    with pytest.raises(BundleError, match="nested too deeply"):
        parse_claimreview("[" * depth + json.dumps(GOOD) + "]" * depth)


def test_not_json_is_refused_with_line_and_column(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text('[{"@type": "ClaimReview",\n  ]', encoding="utf-8")
    line = _one_error_line(cli("import", str(path), "--from", "claimreview"))
    assert "is not JSON" in line and "line 2" in line
    assert not db_path.exists()


def test_a_review_refused_by_the_database_rolls_back_the_whole_file(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    _import(cli, tmp_path, [_summary_review(1)])
    before = _dump(db_path)
    # The third review files the first one's archive copy under another source: only the
    # database can tell, after the first two reviews were written in the same transaction.
    third = _with(GOOD, "https://x.com/Other/status/9", "itemReviewed", "firstAppearance", "url")
    third["url"] = "https://factcheck.example/third"
    document = [GOOD, _summary_review(2), third]
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    line = _one_error_line(cli("import", str(path)))
    assert "ClaimReview $[2]: archive" in line and "another source" in line
    assert _dump(db_path) == before


def test_importing_the_same_file_twice_changes_nothing(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    document = [_review(), _summary_review(1), _summary_review(2)]
    first = _import(cli, tmp_path, document)
    before = _dump(db_path)
    again = _import(cli, tmp_path, document)
    assert again["created"] == 0
    assert again["existing"] == first["created"] > 0
    assert {table: counts["existing"] for table, counts in again["tables"].items()} == {
        table: counts["created"] for table, counts in first["tables"].items()
    }
    assert again["appearances"] == {"created": 0, "existing": 1}
    assert _dump(db_path) == before


# --- our own export, read back ------------------------------------------------------------------


def test_the_claimreview_export_of_the_worked_example_imports(
    walked: tuple[Path, str], tmp_path: Path
) -> None:
    source = copy_database(walked[0], tmp_path / "seed.db")
    target = tmp_path / "imported.db"
    runner = CliRunner()
    out = tmp_path / "reviews.json"
    bare = tmp_path / "unpublished.json"
    export = ["export", "--format", "claimreview", "--out"]
    page = ["--review-url", "https://factcheck.example/sacks"]
    exported = runner.invoke(app, [*export, str(out), *page], env={"PROV_DB": str(source)})
    assert exported.exit_code == 0, exported.stderr
    reviews = json.loads(out.read_text(encoding="utf-8"))
    assert reviews, "the worked example has a contradiction to export"
    # Reviews with no page say nothing an article could be made of: refused, and nothing written.
    assert runner.invoke(app, [*export, str(bare)], env={"PROV_DB": str(source)}).exit_code == 0
    refused = runner.invoke(app, ["import", str(bare)], env={"PROV_DB": str(target)})
    assert refused.exit_code == 1
    assert "url: missing" in refused.output
    assert not target.exists()
    imported = runner.invoke(app, ["import", str(out)], env={"PROV_DB": str(target)})
    assert imported.exit_code == 0, imported.stderr

    person = "SELECT kind FROM person WHERE name = 'David Sacks'"
    assert _sql(target, person) == _sql(source, person) == [("person",)]

    statement = (
        "SELECT st.text, st.said_at, st.said_precision FROM statement st"
        " JOIN source so ON so.id = st.source_id JOIN person p ON p.id = st.speaker_id"
        " WHERE so.url = ? AND p.name = 'David Sacks'"
    )
    archives = (
        "SELECT a.url FROM archive_copy a JOIN source so ON so.id = a.source_id"
        " WHERE so.url = ? ORDER BY a.url"
    )
    article = (
        "SELECT title, published_at, published_precision, language, publisher FROM article WHERE url = ?"
    )
    for review in reviews:
        first = review["itemReviewed"]["firstAppearance"]
        # The earlier statement: its words (unknown in the example: only a translation is quoted),
        # its date at its precision, its source and archive copies.
        (expected,) = _sql(source, statement, first["url"])
        assert _sql(target, statement, first["url"]) == [expected]
        assert expected[1:] == ("2025-11-06 16:52:00.000000", "minute")
        assert _sql(target, archives, first["url"]) == _sql(source, archives, first["url"])
        assert [url for (url,) in _sql(target, archives, first["url"])] == first["archivedAt"]
        for work in review["itemReviewed"]["appearance"]:
            assert _sql(target, article, work["url"]) == _sql(source, article, work["url"]) != []


# --- property: what a review says is what is stored -------------------------------------------

_WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
    lambda text: text == text.strip() and text != ""
)
_NAMES = st.from_regex(r"[A-Z][a-z]{1,10} [A-Z][a-z]{1,12}", fullmatch=True)


@st.composite
def _dated(draw: st.DrawFn) -> tuple[str, str, str]:
    """A date as written, its stored start and precision."""
    year = draw(st.integers(1900, 2100))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    hour, minute, second = draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(1, 59))
    precision = draw(st.sampled_from(["year", "month", "day", "minute", "second"]))
    written = {
        "year": f"{year:04d}",
        "month": f"{year:04d}-{month:02d}",
        "day": f"{year:04d}-{month:02d}-{day:02d}",
        "minute": f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}Z",
        "second": f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z",
    }[precision]
    stored = {
        "year": f"{year:04d}-01-01 00:00:00",
        "month": f"{year:04d}-{month:02d}-01 00:00:00",
        "day": f"{year:04d}-{month:02d}-{day:02d} 00:00:00",
        "minute": f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:00",
        "second": f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}",
    }[precision]
    return written, stored + ".000000", precision


@pytest.fixture(scope="module")
def empty_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database to copy: migrating one per example would be slow."""
    path = tmp_path_factory.mktemp("template") / "prov.db"
    open_database(path, write=True).close()
    return path


@settings(max_examples=30, deadline=None)
@given(
    claim=_WORDS,
    original=st.one_of(st.none(), _WORDS),
    said=_dated(),
    speaker=_NAMES,
    number=st.integers(0, 10**6),
)
def test_a_generated_review_is_stored_as_it_says(
    empty_database_file: Path,
    claim: str,
    original: str | None,
    said: tuple[str, str, str],
    speaker: str,
    number: int,
) -> None:
    written, stored, precision = said
    first: dict[str, Any] = {"url": f"https://source.example/{number}", "datePublished": written}
    if original is not None:
        first["text"] = original
    review = {
        "@type": "ClaimReview",
        "url": f"https://factcheck.example/{number}",
        "claimReviewed": claim,
        "itemReviewed": {"@type": "Claim", "author": {"name": speaker}, "firstAppearance": first},
    }
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "prov.db"
        shutil.copy(empty_database_file, db)
        records = parse_claimreview(json.dumps([review]))
        with open_database(db, write=True) as database, database.session() as session:
            import_claimreview(session, records)
        rows = _sql(
            db,
            "SELECT st.text, st.said_at, st.said_precision, q.quoted_text, q.relation, p.name"
            " FROM statement st JOIN quotation q ON q.statement_id = st.id"
            " JOIN person p ON p.id = st.speaker_id",
        )
    relation = "verbatim" if claim == original else "paraphrase"
    assert rows == [(original, stored, precision, claim, relation, speaker)]
