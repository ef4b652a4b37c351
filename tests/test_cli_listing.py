"""``prov list`` and ``prov show``: every kind, as tables and as JSON, on the seed article's record."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from typer.testing import CliRunner, Result

from provenance.api import browse
from provenance.cli import app
from provenance.db import open_database
from provenance.errors import NotFound

Cli = Callable[..., Result]

ARTICLE = "https://example.org/hannibal-genseric/genesis-mission.html"
OTHER_ARTICLE = "https://example.org/another-blog/sacks-tweets.html"
S1_URL = "https://x.com/DavidSacks/status/1986503946297684195"
S1_WAYBACK = "https://web.archive.org/web/20251106170512/" + S1_URL
S2_URL = "https://x.com/DavidSacks/status/1992998422049186137"
WSJ_URL = "https://www.wsj.com/economy/ai-spending"
S1_FR = "Il n'y aura pas de renflouement fédéral pour l'IA."
S2_FR = "Nous ne pouvons pas nous permettre de reculer."
S5_FR = "Les prêteurs pourraient subir des pertes."
S7_FR = "Genesis est un projet du gouvernement américain."
S8_FR = "Quel lien entre les deux tweets de Sacks ?"


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == ""
    return result


@pytest.fixture(scope="module")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The seed article's record, built once through the CLI."""
    path = tmp_path_factory.mktemp("seed") / "prov.db"
    runner = CliRunner()

    def run(*args: str) -> Any:
        return json.loads(ok(runner.invoke(app, [*args, "--db", str(path), "--format", "json"])).stdout)

    run(
        "add-person",
        "David Sacks",
        "--alias",
        "@DavidSacks",
        "--alias",
        "David O. Sacks",
        "--wikidata",
        "Q7354219",
    )
    run("add-person", "White House", "--organisation")
    run("add-person", "Gary Marcus", "--alias", "Gary Markus")
    run("add-affiliation", "David Sacks", "White House", "--role", "AI and crypto czar", "--from", "2024-12")
    run("add-claim", "federal-ai-bailout", "The US federal government should rescue AI companies that fail")
    run("add-claim", "ai-drives-growth", "AI investment drives US GDP growth", "--kind", "factual")
    run(
        "add-article", ARTICLE, "--title", "Mission Genesis", "--date", "mercredi 26 novembre 2025",
        "--lang", "fr", "--publisher", "Le blog de Hannibal Genséric",
    )  # fmt: skip
    run("add-article", OTHER_ARTICLE, "--date", "2025-11-28")
    s1 = run(
        "add-quote", "--article", ARTICLE, "--person", "@DavidSacks", "--quoted-text", S1_FR,
        "--quoted-lang", "fr", "--lang", "en", "--said-at", "6 Nov 2025 16:52 UTC", "--source-url", S1_URL,
        "--archive-url", S1_WAYBACK, "--attributed-as", "Gary Sacks",
        "--claim", "federal-ai-bailout", "--stance", "opposes",
    )  # fmt: skip
    s2 = run(
        "add-quote", "--article", ARTICLE, "--person", "David Sacks", "--quoted-text", S2_FR,
        "--quoted-lang", "fr", "--lang", "en", "--said-at", "17:34 UTC · 24 nov. 2025",
        "--source-url", S2_URL,
        "--claim", "federal-ai-bailout", "--stance", "supports",
        "--claim", "ai-drives-growth", "--stance", "supports", "--interpreted",
        "--note", "the article reads it as preparing a bailout", "--by", "Hannibal Genséric",
    )  # fmt: skip
    run(
        "add-quote", "--article", OTHER_ARTICLE, "--person", "David Sacks", "--quoted-text", S2_FR,
        "--quoted-lang", "fr", "--lang", "en", "--said-at", "17:34 UTC · 24 nov. 2025",
        "--source-url", S2_URL,
    )  # fmt: skip
    s5 = run(
        "add-quote", "--article", ARTICLE, "--person", "Berezin", "--quoted-text", S5_FR,
        "--quoted-lang", "fr", "--lang", "en", "--said-at", "2025-11-24", "--via", WSJ_URL,
        "--claim", "ai-drives-growth", "--stance", "neutral",
    )  # fmt: skip
    s7 = run(
        "add-quote", "--article", ARTICLE, "--unattributed", "--quoted-text", S7_FR, "--quoted-lang", "fr"
    )
    s8 = run(
        "add-quote", "--article", ARTICLE, "--person", "Gary Markus", "--quoted-text", S8_FR,
        "--quoted-lang", "fr", "--said-at", "2025-11",
    )  # fmt: skip
    ids = {
        name: r["statement_id"] for name, r in (("s1", s1), ("s2", s2), ("s5", s5), ("s7", s7), ("s8", s8))
    }
    return path, ids


@pytest.fixture
def ids(
    seed_template: tuple[Path, dict[str, str]], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    template, statement_ids = seed_template
    shutil.copyfile(template, db_path)
    monkeypatch.setenv("COLUMNS", "250")
    return statement_ids


def as_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


# list


def test_list_people(cli: Cli, ids: dict[str, str]) -> None:
    people = {p["name"]: p for p in as_json(cli("list", "people", "--format", "json"))["people"]}
    assert list(people) == ["Berezin", "David Sacks", "Gary Marcus", "White House"]
    sacks = people["David Sacks"]
    assert sacks["aliases"] == ["@DavidSacks", "David O. Sacks"]
    assert sacks["statements"] == 2 and sacks["kind"] == "person"
    assert people["White House"]["kind"] == "organisation" and people["White House"]["statements"] == 0
    assert people["Gary Marcus"]["statements"] == 1
    table = ok(cli("list", "people")).stdout
    assert "David O. Sacks" in table and sacks["id"] in table and "organisation" in table


def test_list_articles(cli: Cli, ids: dict[str, str]) -> None:
    articles = as_json(cli("list", "articles", "--format", "json"))["articles"]
    assert [a["url"] for a in articles] == [OTHER_ARTICLE, ARTICLE]  # newest first
    seed = articles[1]
    assert seed["published"] == "2025-11-26" and seed["quotations"] == 5
    assert (seed["language"], seed["publisher"], seed["title"]) == (
        "fr",
        "Le blog de Hannibal Genséric",
        "Mission Genesis",
    )
    assert articles[0]["quotations"] == 1
    table = ok(cli("list", "articles")).stdout
    assert "2025-11-26" in table and "Mission Genesis" in table


def test_list_claims_counts_each_stance(cli: Cli, ids: dict[str, str]) -> None:
    claims = {c["slug"]: c for c in as_json(cli("list", "claims", "--format", "json"))["claims"]}
    bailout = claims["federal-ai-bailout"]
    assert (bailout["statements"], bailout["supports"], bailout["opposes"], bailout["neutral"]) == (
        2,
        1,
        1,
        0,
    )
    growth = claims["ai-drives-growth"]
    assert (growth["statements"], growth["supports"], growth["opposes"], growth["neutral"]) == (2, 1, 0, 1)
    assert growth["kind"] == "factual" and bailout["kind"] == "position"
    table = ok(cli("list", "claims")).stdout
    assert "federal-ai-bailout" in table and "rescue AI companies" in table


def test_list_statements_in_time_order(cli: Cli, ids: dict[str, str]) -> None:
    rows = as_json(cli("list", "statements", "--format", "json"))["statements"]
    assert [r["id"] for r in rows] == [ids["s8"], ids["s1"], ids["s5"], ids["s2"], ids["s7"]]
    first = rows[1]
    assert first["speaker"] == "David Sacks" and first["said"] == "2025-11-06 16:52 UTC"
    assert first["precision"] == "minute" and first["source"] == S1_URL
    # No original recorded: the words as the article printed them stand in, flagged as such.
    assert first["text"] == S1_FR and first["original"] is False
    assert rows[0]["said"] == "2025-11" and rows[0]["precision"] == "month"
    assert rows[-1]["speaker"] is None and rows[-1]["said"] is None
    table = ok(cli("list", "statements")).stdout
    assert "(unattributed)" in table and "undated" in table and "2025-11-06 16:52 UTC" in table


def test_list_statements_of_one_person_through_an_alias(cli: Cli, ids: dict[str, str]) -> None:
    rows = as_json(cli("list", "statements", "--person", "@davidsacks", "--format", "json"))["statements"]
    assert [r["id"] for r in rows] == [ids["s1"], ids["s2"]]
    table = ok(cli("list", "statements", "--person", "David Sacks")).stdout
    assert ids["s1"] in table and ids["s5"] not in table


def test_list_statements_on_one_claim(cli: Cli, ids: dict[str, str]) -> None:
    rows = as_json(cli("list", "statements", "--claim", "ai-drives-growth", "--format", "json"))["statements"]
    assert [r["id"] for r in rows] == [ids["s5"], ids["s2"]]
    both = as_json(
        cli("list", "statements", "--claim", "federal-ai-bailout", "--person", "Berezin", "--format", "json")
    )
    assert both["statements"] == []
    assert "No statements match" in ok(cli("list", "statements", "--person", "White House")).stdout


def test_list_as_csv(cli: Cli, ids: dict[str, str]) -> None:
    lines = ok(cli("list", "claims", "--format", "csv")).stdout.splitlines()
    assert lines[0] == "slug,claim,kind,statements,supports,opposes,neutral"
    assert (
        "federal-ai-bailout,The US federal government should rescue AI companies that fail,position,2,1,1,0"
        in lines
    )


@pytest.mark.parametrize("kind", ["people", "articles", "claims", "statements"])
def test_lists_of_an_empty_database(cli: Cli, kind: str) -> None:
    ok(cli("init"))
    assert as_json(cli("list", kind, "--format", "json")) == {kind: []}
    assert "No " in ok(cli("list", kind)).stdout


def test_singular_kinds_are_understood(cli: Cli, ids: dict[str, str]) -> None:
    assert as_json(cli("list", "person", "--format", "json")) == as_json(
        cli("list", "people", "--format", "json")
    )
    assert as_json(cli("show", "people", "Berezin", "--format", "json"))["name"] == "Berezin"


# show


def test_show_person(cli: Cli, ids: dict[str, str]) -> None:
    data = as_json(cli("show", "person", "david o. sacks", "--format", "json"))
    assert data["name"] == "David Sacks" and data["wikidata_id"] == "Q7354219"
    assert data["aliases"] == ["@DavidSacks", "David O. Sacks"]
    assert data["affiliations"] == [
        {"organisation": "White House", "role": "AI and crypto czar", "from": "2024-12", "until": None}
    ]
    assert [s["id"] for s in data["statements"]] == [ids["s1"], ids["s2"]]
    table = ok(cli("show", "person", "David Sacks")).stdout
    for text in ("Affiliations", "AI and crypto czar", "2024-12", "@DavidSacks", "Statements", ids["s2"]):
        assert text in table


def test_show_organisation_lists_its_members(cli: Cli, ids: dict[str, str]) -> None:
    data = as_json(cli("show", "person", "White House", "--format", "json"))
    assert data["kind"] == "organisation"
    assert data["members"] == [
        {"person": "David Sacks", "role": "AI and crypto czar", "from": "2024-12", "until": None}
    ]
    assert "Members" in ok(cli("show", "person", "White House")).stdout


def test_show_article_keeps_names_as_written(cli: Cli, ids: dict[str, str]) -> None:
    data = as_json(cli("show", "article", ARTICLE, "--format", "json"))
    assert data["published"] == "2025-11-26" and data["language"] == "fr"
    quotes = {q["statement_id"]: q for q in data["quotations"]}
    assert len(quotes) == 5
    s1 = quotes[ids["s1"]]
    assert (s1["attributed_as"], s1["speaker"], s1["quoted_text"]) == ("Gary Sacks", "David Sacks", S1_FR)
    assert (s1["relation"], s1["quoted_lang"], s1["said"]) == ("translation", "fr", "2025-11-06 16:52 UTC")
    assert (quotes[ids["s8"]]["attributed_as"], quotes[ids["s8"]]["speaker"]) == (
        "Gary Markus",
        "Gary Marcus",
    )
    assert quotes[ids["s5"]]["via"] == WSJ_URL
    assert quotes[ids["s7"]]["speaker"] is None and quotes[ids["s7"]]["attributed_as"] is None
    by_id = as_json(cli("show", "article", data["id"], "--format", "json"))
    assert by_id == data
    table = ok(cli("show", "article", ARTICLE)).stdout
    for text in ("Gary Sacks", "Gary Markus", "Gary Marcus", WSJ_URL, "(unattributed)", "Quotations"):
        assert text in table


def test_show_statement_by_prefix(cli: Cli, ids: dict[str, str]) -> None:
    data = as_json(cli("show", "statement", ids["s1"][:8], "--format", "json"))
    assert data["id"] == ids["s1"]
    assert data["speaker"]["name"] == "David Sacks"
    assert data["said"] == "2025-11-06 16:52 UTC" and data["said_at"] == "2025-11-06T16:52:00Z"
    assert data["source"] == {"id": data["source"]["id"], "url": S1_URL, "kind": "x_post", "title": None}
    assert data["archives"] == [
        {"url": S1_WAYBACK, "service": "wayback", "captured_at": "2025-11-06T17:05:12Z"}
    ]
    [quoted] = data["quotations"]
    assert (quoted["article"], quoted["quoted_text"], quoted["attributed_as"]) == (
        ARTICLE,
        S1_FR,
        "Gary Sacks",
    )
    assert data["stances"] == [
        {
            "claim": "federal-ai-bailout",
            "stance": "opposes",
            "basis": "stated",
            "reader": "unnamed reader",
            "note": None,
        }
    ]
    table = ok(cli("show", "statement", ids["s1"])).stdout
    for text in ("Archive copies", S1_WAYBACK, "Quoted in", "Gary Sacks", "Stances", "opposes", "x_post"):
        assert text in table


def test_show_statement_quoted_twice_with_interpreted_stances(cli: Cli, ids: dict[str, str]) -> None:
    data = as_json(cli("show", "statement", ids["s2"], "--format", "json"))
    assert [q["article"] for q in data["quotations"]] == [ARTICLE, OTHER_ARTICLE]
    assert {(s["claim"], s["stance"], s["basis"], s["reader"]) for s in data["stances"]} == {
        ("ai-drives-growth", "supports", "interpreted", "Hannibal Genséric"),
        ("federal-ai-bailout", "supports", "interpreted", "Hannibal Genséric"),
    }
    assert data["stances"][0]["note"] == "the article reads it as preparing a bailout"


def test_show_unattributed_statement(cli: Cli, ids: dict[str, str]) -> None:
    data = as_json(cli("show", "statement", ids["s7"], "--format", "json"))
    assert data["speaker"] is None and data["source"] is None and data["archives"] == []
    assert data["said"] is None and data["quotations"][0]["quoted_text"] == S7_FR
    assert "(unattributed)" in ok(cli("show", "statement", ids["s7"])).stdout


def test_show_claim(cli: Cli, ids: dict[str, str]) -> None:
    data = as_json(cli("show", "claim", "federal-ai-bailout", "--format", "json"))
    assert data["text"] == "The US federal government should rescue AI companies that fail"
    assert [(s["statement_id"], s["stance"]) for s in data["stances"]] == [
        (ids["s1"], "opposes"),
        (ids["s2"], "supports"),
    ]
    assert data["stances"][0]["text"] == S1_FR and data["stances"][0]["speaker"] == "David Sacks"
    table = ok(cli("show", "claim", "federal-ai-bailout")).stdout
    assert "opposes" in table and "supports" in table


def test_show_json_is_the_api_result(cli: Cli, ids: dict[str, str], db_path: Path) -> None:
    shown = as_json(cli("show", "person", "Berezin", "--format", "json"))
    with open_database(db_path, write=False) as database, database.session() as session:
        assert shown == browse.show_person(session, "Berezin")
        with pytest.raises(NotFound):
            browse.show_statement(session, "00000000")


# the lists are a fixed number of queries, whatever the number of rows


@pytest.fixture
def statements_counted(db_path: Path) -> Iterator[Callable[[Callable[..., Any]], int]]:
    database = open_database(db_path, write=True)

    def count(call: Callable[..., Any]) -> int:
        seen: list[str] = []

        def on_execute(*args: Any) -> None:
            seen.append(args[2])

        event.listen(database.engine, "before_cursor_execute", on_execute)
        try:
            with database.session() as session:
                call(session)
        finally:
            event.remove(database.engine, "before_cursor_execute", on_execute)
        return len(seen)

    yield count
    database.close()


def _add_people(n: int, start: int) -> Callable[..., Any]:
    from provenance.api.claims import add_claim
    from provenance.api.people import add_person
    from provenance.api.quotes import add_quote
    from provenance.api.stances import set_stance

    def add(session: Any) -> None:
        for i in range(start, start + n):
            add_person(session, f"Person {i}", aliases=[f"@p{i}"])
            add_claim(session, f"claim-{i}", f"Claim {i}")
            result = add_quote(
                session, article_url=f"https://example.org/a{i}", person=f"Person {i}", text=f"Words {i}"
            )
            set_stance(session, result.statement_id, f"claim-{i}", "supports")

    return add


@pytest.mark.parametrize(
    "listing",
    [browse.list_people, browse.list_articles, browse.list_claims, browse.list_statements],
    ids=lambda f: f.__name__,
)
def test_a_list_costs_the_same_queries_for_3_or_30_rows(
    statements_counted: Callable[[Callable[..., Any]], int], listing: Callable[..., Any]
) -> None:
    statements_counted(_add_people(3, 0))
    few = statements_counted(listing)
    statements_counted(_add_people(27, 3))
    many = statements_counted(listing)
    assert few == many
    assert few <= 4
