"""``prov report``: the HTML page of a person's timeline and contradictions, read back with html.parser."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from provenance.api.quotes import add_quote
from provenance.api.timeline import timeline
from provenance.db import open_database
from provenance.errors import InvalidURL
from provenance.htmlreport import build, link, render
from walkthrough import copy_database

Cli = Callable[..., Result]
BAILOUT = "federal-ai-bailout"
S1 = "https://x.com/DavidSacks/status/0000000000000000001"
S2 = "https://x.com/DavidSacks/status/0000000000000000002"
A1 = "https://web.archive.org/web/20251106170000/https://x.com/DavidSacks/status/0000000000000000001"
A2 = "https://web.archive.org/web/20251124180000/https://x.com/DavidSacks/status/0000000000000000002"
HOSTILE = 'Nothing to see <script>alert(1)</script> here" onmouseover="x'


class Page(HTMLParser):
    """Every element with its attributes, and the text, as a browser's parser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        # Per pair section: how many tables it holds.
        self.tables_per_section: list[int] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        if tag == "section" and "contradiction" in (found.get("class") or "").split():
            self.tables_per_section.append(0)
        if tag == "table" and self.tables_per_section:
            self.tables_per_section[-1] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str, css: str | None = None) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and (css is None or css in (attrs.get("class") or "").split())
        ]

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for _, a in self.elements if "href" in a]

    def attribute_names(self) -> set[str]:
        return {name for _, attrs in self.elements for name in attrs}


@pytest.fixture
def seed(walked: tuple[Path, str], db_path: Path) -> Path:
    """The worked example copied to the test's database (SQLite's backup API: it has a WAL)."""
    return copy_database(walked[0], db_path)


def page_of(path: Path, person: str = "David Sacks", claim: str | None = None) -> tuple[str, dict[str, int]]:
    with open_database(path, write=False) as db, db.session() as session:
        return build(session, person, claim=claim)


def statement_ids(path: Path, person: str = "David Sacks", claim: str | None = None) -> set[str]:
    with open_database(path, write=False) as db, db.session() as session:
        return {s["statement_id"] for s in timeline(session, person, claim=claim)["statements"]}


class Timeline(HTMLParser):
    """The statement ids listed under each claim's heading in the timeline."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.groups: dict[str, list[str]] = {}
        self.in_timeline = self.in_heading = False
        self.current = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") == "timeline":
            self.in_timeline = True
        elif self.in_timeline and tag == "h3":
            self.in_heading, self.current = True, ""
        elif self.in_timeline and tag == "li" and "entry" in (found.get("class") or "").split():
            self.groups[self.current].append(found["data-statement"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self.in_heading:
            self.in_heading = False
            self.groups[self.current] = []

    def handle_data(self, data: str) -> None:
        if self.in_heading:
            self.current += data


def entries_per_claim(html: str) -> dict[str, set[str]]:
    groups = Timeline(html).groups
    for ids in groups.values():
        assert len(ids) == len(set(ids)), "a statement listed twice under one claim"
    return {claim: set(ids) for claim, ids in groups.items()}


def test_worked_example_page(seed: Path) -> None:
    html, counts = page_of(seed)
    assert counts == {"statements": 2, "contradictions": 1}
    for expected in (
        "2025-11-06 16:52 UTC",
        "2025-11-24 17:34 UTC",
        "18 days",
        "Gary Sacks",
        "David O. Sacks",
    ):
        assert expected in html
    assert "(precision: minute)" in html
    assert "original not recorded" in html
    assert "(interpreted)" in html
    for word in ("opposes", "supports"):
        assert f'class="stance stance-{word}">{word}</span>' in html

    page = Page(html)
    assert page.all("title") and page.all("h1")
    assert {S1, S2, A1, A2} <= set(page.hrefs())
    assert all(href.startswith(("https://", "http://")) for href in page.hrefs())
    # One section a pair, one table in it, the two sides in one row.
    assert len(page.all("section", "contradiction")) == 1
    assert page.tables_per_section == [1]
    assert len(page.all("td")) == 2
    assert {e["data-statement"] for e in page.all("li", "entry")} == statement_ids(seed)
    # Per claim, one entry per statement read on it: the later post is read on two claims.
    assert entries_per_claim(html) == {
        BAILOUT: statement_ids(seed, claim=BAILOUT),
        "ai-downturn-recession-risk": statement_ids(seed, claim="ai-downturn-recession-risk"),
    }
    assert len(entries_per_claim(html)[BAILOUT]) == 2
    # Self-contained: no script, nothing fetched.
    assert not page.all("script") and not page.all("link") and not page.all("img")
    assert "@media print" in html


def test_one_claim_and_a_person_without_pairs(seed: Path) -> None:
    html, counts = page_of(seed, claim=BAILOUT)
    assert counts["contradictions"] == 1 and f"on {BAILOUT}" in html
    html, counts = page_of(seed, person="Gary Marcus")
    assert counts["contradictions"] == 0
    assert "No contradictions found for Gary Marcus" in html
    assert {e["data-statement"] for e in Page(html).all("li", "entry")} == statement_ids(seed, "Gary Marcus")


def test_hostile_text_shows_as_text(seed: Path) -> None:
    with open_database(seed, write=True) as db, db.session() as session:
        add_quote(
            session,
            article_url="https://example.org/hostile",
            article_title=HOSTILE,
            person="David Sacks",
            quoted_text=HOSTILE,
            said_at="2025-12-01",
            source_url='https://example.org/said?a=1&b="2"',
            attributed_as=HOSTILE,
            claims=[(BAILOUT, "supports")],
            reader=HOSTILE,
            stance_note=HOSTILE,
        )
    html, counts = page_of(seed)
    assert counts["contradictions"] == 2
    page = Page(html)
    assert not page.all("script")
    assert "onmouseover" not in page.attribute_names()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot; onmouseover=&quot;x" in html
    # The parser gives back the hostile words exactly, as text.
    assert HOSTILE in "".join(page.text)
    assert 'https://example.org/said?a=1&b="2"' in page.hrefs()
    assert len(entries_per_claim(html)[BAILOUT]) == 3
    assert page.tables_per_section == [1, 1]


def test_only_http_urls_become_links() -> None:
    assert 'href="https://example.org/?q=&quot;x&quot;"' in link('https://example.org/?q="x"')
    for url in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,x"):
        assert "href" not in link(url)
        assert "href" not in link(url, "label")


def test_stored_javascript_url_never_becomes_href(seed: Path) -> None:
    with open_database(seed, write=True) as db, db.session() as session:
        with pytest.raises(InvalidURL):
            add_quote(
                session,
                article_url="https://example.org/a",
                person="David Sacks",
                quoted_text="x",
                source_url="javascript:alert(1)",
            )
        session.rollback()
    # Were one ever stored (an old import, a hand edit), the page still prints it as text.
    with open_database(seed, write=False) as db, db.session() as session:
        from provenance.api.contradictions import contradictions

        lines, pairs = timeline(session, "David Sacks"), contradictions(session, "David Sacks")
    evil = "javascript:alert(1)"
    item: dict[str, Any] = pairs["contradictions"][0]
    item["earlier"]["source"]["url"] = evil
    item["earlier"]["archive_urls"] = [evil]
    item["later"]["quoted_in"][0]["article"]["url"] = evil
    lines["statements"][0]["source"]["url"] = evil
    page = Page(render(lines, pairs))
    assert page.hrefs() and all(href.startswith(("https://", "http://")) for href in page.hrefs())
    assert evil in "".join(page.text)


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_cli_writes_the_page(seed: Path, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    result = cli("report", "--person", "David Sacks", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "2 statements, 1 contradiction" in result.stderr
    assert result.stdout == ""
    html = out.read_text(encoding="utf-8")
    assert html == page_of(seed)[0]
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]
    # Run again over the file: replaced whole.
    result = cli("report", "-p", "@DavidSacks", "--claim", BAILOUT, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"on {BAILOUT}" in out.read_text(encoding="utf-8")
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


def test_cli_errors(seed: Path, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert "unknown person" in one_error_line(cli("report", "--person", "Nobody", "--out", str(out)))
    assert "does not exist" in one_error_line(
        cli("report", "--person", "David Sacks", "--out", str(tmp_path / "missing" / "r.html"))
    )
    assert "is a folder" in one_error_line(cli("report", "--person", "David Sacks", "--out", str(tmp_path)))
    assert "unknown claim" in one_error_line(
        cli("report", "--person", "David Sacks", "--claim", "no-such-claim", "--out", str(out))
    )
    assert not out.exists()
    missing = cli("report", "--person", "David Sacks")
    assert missing.exit_code == 2 and "--out" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_cli_refuses_a_missing_database(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    one_error_line(cli("report", "--person", "David Sacks", "--out", str(tmp_path / "r.html")))
    assert not db_path.exists()
