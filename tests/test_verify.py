"""``verify``: quotations anchored in the stored text of their source and of the quoting article."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import count
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import Result

from provenance.api.quotes import add_quote
from provenance.api.verify import NO_TEXT, verify, wayback_raw_url
from provenance.db import Database
from provenance.ids import stable_id
from provenance.models import Anchor, Body, Snapshot

ARTICLE = "https://example.org/2025/11/article.html"
SOURCE = "https://x.com/DavidSacks/status/0000000000000000001"
QUOTE = "There will be no federal bailout for AI."
_ids = count()


def store(session: Session, url: str, text: str | None, *, status: int = 200, day: int = 20) -> str:
    """A snapshot of ``url`` as prov fetch would store it; its body's hash."""
    content = (text or "").encode("utf-8") + str(next(_ids)).encode()
    sha = hashlib.sha256(content).hexdigest()
    session.add(Body(sha256=sha, size=len(content), content=content, text=text))
    session.add(
        Snapshot(
            id=stable_id("snapshot", url, sha),
            url=url,
            status_code=status,
            fetched_at=datetime(2025, 11, day, tzinfo=UTC),
            body_sha256=sha,
        )
    )
    session.flush()
    return sha


def quote(session: Session, quoted: str = QUOTE, **extra: Any) -> str:
    values: dict[str, Any] = {
        "article_url": ARTICLE,
        "person": "David Sacks",
        "text": quoted,
        "lang": "en",
        "said_at": "2025-11-06T16:52Z",
        "source_url": SOURCE,
    }
    values.update(extra)
    return add_quote(session, **values).quotation_id


def page(body: str) -> str:
    return "Lorem ipsum dolor sit amet. " * 3 + body + " Consectetur adipiscing elit, sed do eiusmod."


def only(report: dict[str, Any]) -> dict[str, Any]:
    assert len(report["quotations"]) == 1
    result: dict[str, Any] = report["quotations"][0]
    return result


def position(side: dict[str, Any]) -> tuple[int, int]:
    selector = next(s for s in side["selectors"] if s["type"] == "TextPositionSelector")
    return selector["start"], selector["end"]


def test_verbatim_quote_found_in_source_and_article(session: Session) -> None:
    quotation_id = quote(session)
    source_text = page(f"David Sacks: {QUOTE}")
    article_text = page(f"Il a écrit « {QUOTE} » sur X.")
    source_sha = store(session, SOURCE, source_text)
    store(session, ARTICLE, article_text)
    result = only(verify(session))
    assert result["quotation_id"] == quotation_id
    assert result["relation"] == "verbatim"
    source, article = result["source"], result["article_side"]
    assert source["status"] == article["status"] == "found"
    assert source["score"] == 100.0
    assert source["url"] == SOURCE and source["body_sha256"] == source_sha
    start, end = position(source)
    assert source_text[start:end] == QUOTE
    quote_selector = source["selectors"][0]
    assert quote_selector["type"] == "TextQuoteSelector"
    assert quote_selector["exact"] == QUOTE
    assert source_text[:start].endswith(quote_selector["prefix"]) and len(quote_selector["prefix"]) == 32
    assert source_text[end:].startswith(quote_selector["suffix"])
    start, end = position(article)
    assert article_text[start:end] == QUOTE
    anchor = session.get(Anchor, stable_id("anchor", quotation_id, "source"))
    assert anchor is not None
    assert (anchor.status, anchor.start, anchor.end, anchor.body_sha256) == (
        "found",
        source_text.index(QUOTE),
        source_text.index(QUOTE) + len(QUOTE),
        source_sha,
    )
    assert anchor.prefix == quote_selector["prefix"] and anchor.exact == QUOTE


def test_typography_and_whitespace_differences_are_still_found(session: Session) -> None:
    quoted = 'We can\'t afford to go backwards - not now, "never".'
    quote(session, quoted)
    printed = "We can\u2019t afford\u00a0to go\n  backwards \u2014 not now, \u00ab\u202fnever\u202f\u00bb."
    text = page(printed)
    store(session, SOURCE, text)
    store(session, ARTICLE, page(quoted.upper()))
    result = only(verify(session))
    assert result["source"]["status"] == result["article_side"]["status"] == "found"
    start, end = position(result["source"])
    assert text[start:end] == printed


def test_quote_occurring_twice_is_ambiguous(session: Session) -> None:
    quote(session)
    store(session, SOURCE, page(f"{QUOTE} And again: {QUOTE}"))
    side = only(verify(session))["source"]
    assert side["status"] == "ambiguous"
    assert side["selectors"] == []
    assert "2 times" in side["detail"]


def test_previous_anchor_context_pins_a_quote_that_now_occurs_twice(session: Session) -> None:
    quote(session)
    store(session, SOURCE, page(f"Posted at 16:52: {QUOTE}"), day=10)
    assert only(verify(session))["source"]["status"] == "found"
    text = page(f"Quoted by a reply: {QUOTE} -- Posted at 16:52: {QUOTE}")
    store(session, SOURCE, text, day=21)
    side = only(verify(session))["source"]
    assert side["status"] == "found"
    assert position(side)[0] == text.rindex(QUOTE)


def test_near_miss_is_fuzzy_with_a_score(session: Session) -> None:
    quote(session)
    text = page("There will be no federal bail-out for A.I.")
    store(session, SOURCE, text)
    side = only(verify(session))["source"]
    assert side["status"] == "fuzzy"
    assert 85 <= side["score"] < 100
    start, end = position(side)
    assert text[start:end] == side["selectors"][0]["exact"]


def test_missing_quote(session: Session) -> None:
    quote(session)
    store(session, SOURCE, page("Nothing about any bailout here, only the weather."))
    side = only(verify(session))["source"]
    assert side["status"] == "missing"
    assert side["score"] is None and side["selectors"] == []


def test_translation_is_checked_on_the_article_side_only(session: Session) -> None:
    printed = "Il n'y aura pas de plan de sauvetage fédéral pour l'IA."
    quote(session, QUOTE, quoted_text=printed, quoted_lang="fr")
    store(session, SOURCE, page(QUOTE))
    store(session, ARTICLE, page("« Il n\u2019y aura pas de plan de sauvetage fédéral pour l\u2019IA. »"))
    result = only(verify(session))
    assert result["relation"] == "translation"
    assert result["source"]["status"] == "unchecked"
    assert result["source"]["detail"] == "translation: checked on the article side only"
    assert result["article_side"]["status"] == "found"


def test_archive_copy_closest_to_the_statement_is_used(session: Session) -> None:
    far = f"https://web.archive.org/web/20251120000000/{SOURCE}"
    near = f"https://web.archive.org/web/20251106170000/{SOURCE}"
    quote(session, archive_urls=[far, near])
    store(session, far, page("The post was deleted."))
    near_raw = wayback_raw_url(near)
    assert near_raw == f"https://web.archive.org/web/20251106170000id_/{SOURCE}"
    sha = store(session, near_raw, page(QUOTE))
    store(session, SOURCE, None)  # fetched, but nothing could be extracted
    store(session, SOURCE, page(QUOTE), status=404, day=25)
    side = only(verify(session))["source"]
    assert side["status"] == "found"
    assert side["url"] == near_raw and side["body_sha256"] == sha


def test_no_stored_text_is_unchecked(session: Session) -> None:
    quote(session)
    result = only(verify(session))
    for side in (result["source"], result["article_side"]):
        assert side["status"] == "unchecked"
        assert side["detail"] == NO_TEXT
    assert verify(session)["summary"] == {
        "quotations": 1,
        "source": {"unchecked": 1},
        "article": {"unchecked": 1},
    }


def test_rerunning_replaces_anchors(session: Session) -> None:
    quotation_id = quote(session)
    verify(session)
    store(session, SOURCE, page(QUOTE))
    verify(session)
    verify(session)
    anchors = session.scalars(select(Anchor).where(Anchor.quotation_id == quotation_id)).all()
    assert sorted((a.side, a.status) for a in anchors) == [("article", "unchecked"), ("source", "found")]
    assert session.scalar(select(func.count()).select_from(Anchor)) == 2


def test_one_article_only(session: Session) -> None:
    quote(session)
    quote(session, "Another statement entirely.", article_url="https://example.org/other.html")
    assert len(verify(session)["quotations"]) == 2
    assert len(verify(session, article=ARTICLE)["quotations"]) == 1


Cli = Callable[..., Result]


def _seed(database: Database) -> None:
    with database.session() as session:
        quote(session)
        quote(session, "A sentence nobody wrote anywhere at all.", source_url="https://example.org/speech")
        store(session, SOURCE, page(QUOTE))
        store(session, "https://example.org/speech", page("A speech about something else."))
        store(session, ARTICLE, page(f"« {QUOTE} »"))


def test_cli_json_and_table(database: Database, cli: Cli) -> None:
    _seed(database)
    result = cli("verify", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["summary"]["source"] == {"found": 1, "missing": 1}
    table = cli("verify", "--article", ARTICLE)
    assert table.exit_code == 0, table.stderr
    assert "MISSING !" in table.stdout and "found" in table.stdout
    assert "2 quotations checked" in table.stdout
    csv = cli("verify", "--format", "csv")
    assert csv.exit_code == 0 and csv.stdout.startswith("quotation,quote,relation,side,status")


def test_cli_unknown_article_is_one_error_line(database: Database, cli: Cli) -> None:
    result = cli("verify", "--article", "https://example.org/nope")
    assert result.exit_code == 1
    assert "unknown article" in result.stderr
