"""The add commands through the CLI: what they store, what they print, and that a rerun changes nothing."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]

ARTICLE = "https://example.org/hannibal-genseric/2025/11/genesis-mission.html"
S1_URL = "https://x.com/DavidSacks/status/1986503946297684195"
S1_WAYBACK = "https://web.archive.org/web/20251106170512/" + S1_URL
S1_ARCHIVE_TODAY = "https://archive.ph/2025.11.07-101500/" + S1_URL
S2_URL = "https://x.com/DavidSacks/status/1992998422049186137"
WSJ_URL = "https://www.wsj.com/economy/ai-spending-economy-growth-2025"
S1_FR = (
    "Il n'y aura pas de renflouement fédéral pour l'IA. Les États-Unis ont au moins cinq "
    "entreprises d'IA de pointe ; si l'une échoue, d'autres prendront sa place."
)
S2_FR = (
    "Selon le WSJ d'aujourd'hui, l'investissement dans l'IA représente la moitié de la croissance "
    "du PIB. Un retournement risquerait une récession. Nous ne pouvons pas nous permettre de reculer."
)
S5_FR = "Les prêteurs pourraient subir des pertes si les revenus de l'IA ne couvrent pas la dette."
S7_FR = (
    "Si l'on enlève le marketing, Genesis est un projet du gouvernement américain visant à "
    "construire une infrastructure nationale d'IA au sein du DOE."
)

S1_ARGS = [
    "add-quote",
    "--article", ARTICLE,
    "--article-title", "Mission Genesis : la bulle de l'IA et le sauvetage fédéral",
    "--article-date", "mercredi 26 novembre 2025",
    "--article-lang", "fr",
    "--publisher", "Le blog de Hannibal Genséric",
    "--person", "@DavidSacks",
    "--quoted-text", S1_FR,
    "--quoted-lang", "fr",
    "--lang", "en",
    "--relation", "translation",
    "--said-at", "6 Nov 2025 16:52 UTC",
    "--source-url", S1_URL,
    "--archive-url", S1_WAYBACK,
    "--archive-url", S1_ARCHIVE_TODAY,
    "--attributed-as", "Gary Sacks",
    "--claim", "federal-ai-bailout", "--stance", "opposes",
    "--claim", "ai-frontier-competition", "--stance", "supports",
]  # fmt: skip

S2_ARGS = [
    "add-quote",
    "--article", ARTICLE,
    "--person", "David Sacks",
    "--quoted-text", S2_FR,
    "--quoted-lang", "fr",
    "--lang", "en",
    "--said-at", "17:34 UTC · 24 nov. 2025",
    "--source-url", S2_URL,
    "--claim", "federal-ai-bailout", "--stance", "supports",
    "--interpreted",
    "--note", "the article reads it as preparing the ground for a bailout",
    "--by", "Hannibal Genséric",
]  # fmt: skip

S5_ARGS = [
    "add-quote",
    "--article", ARTICLE,
    "--person", "Berezin",
    "--quoted-text", S5_FR,
    "--quoted-lang", "fr",
    "--lang", "en",
    "--said-at", "2025-11-24",
    "--via", WSJ_URL,
]  # fmt: skip

S7_ARGS = [
    "add-quote",
    "--article", ARTICLE,
    "--unattributed",
    "--quoted-text", S7_FR,
    "--quoted-lang", "fr",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _wide_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide enough that Rich never folds an id across lines."""
    monkeypatch.setenv("COLUMNS", "250")


def row_counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def query(db_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == ""
    return result


def as_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


def is_uuid(value: str) -> bool:
    return str(uuid.UUID(value)) == value


@pytest.fixture
def claims(cli: Cli) -> None:
    ok(
        cli(
            "add-claim",
            "federal-ai-bailout",
            "The US federal government should rescue AI companies that fail",
        )
    )
    ok(
        cli(
            "add-claim",
            "ai-frontier-competition",
            "Several frontier AI companies compete",
            "--kind",
            "factual",
        )
    )


# add-person / add-alias / add-affiliation


def test_add_person_prints_a_table_and_stores_aliases_and_wikidata(cli: Cli, db_path: Path) -> None:
    result = ok(
        cli(
            "add-person",
            "David Sacks",
            "--alias",
            "@DavidSacks",
            "--alias",
            "David O. Sacks",
            "--wikidata",
            "q7354219",
        )
    )
    assert "created" in result.stdout and "David Sacks" in result.stdout
    [(person_id, kind, wikidata)] = query(db_path, "SELECT id, kind, wikidata_id FROM person")
    assert person_id in result.stdout
    assert (kind, wikidata) == ("person", "Q7354219")
    aliases = query(db_path, "SELECT alias FROM alias WHERE person_id = ? ORDER BY alias", person_id)
    assert aliases == [("@DavidSacks",), ("David O. Sacks",)]


def test_add_person_json_gives_the_id(cli: Cli, db_path: Path) -> None:
    data = as_json(cli("add-person", "White House", "--organisation", "--format", "json"))
    [record] = data["records"]
    assert record["kind"] == "person" and record["action"] == "created" and is_uuid(record["id"])
    assert query(db_path, "SELECT id, kind FROM person") == [(record["id"], "organisation")]


def test_add_alias_then_lookup_through_it(cli: Cli, db_path: Path) -> None:
    ok(cli("add-person", "Gary Marcus"))
    table = ok(cli("add-alias", "gary marcus", "Gary Markus"))
    assert "created" in table.stdout and "Gary Markus" in table.stdout
    data = as_json(cli("add-alias", "GARY MARKUS", "@GaryMarcus", "--format", "json"))
    assert data["records"][0]["action"] == "created"
    assert sorted(r[0] for r in query(db_path, "SELECT alias FROM alias")) == ["@GaryMarcus", "Gary Markus"]


def test_add_affiliation_keeps_dates_with_their_precision(cli: Cli, db_path: Path) -> None:
    ok(cli("add-person", "David Sacks"))
    ok(cli("add-person", "White House", "--org"))
    result = ok(
        cli(
            "add-affiliation",
            "David Sacks",
            "White House",
            "--role",
            "AI and crypto czar",
            "--from",
            "2024-12",
        )
    )
    assert "created" in result.stdout and "AI and crypto czar" in result.stdout
    data = as_json(
        cli(
            "add-affiliation",
            "David Sacks",
            "White House",
            "--role",
            "adviser",
            "--from",
            "2020",
            "--until",
            "15 March 2021",
            "--format",
            "json",
        )
    )
    assert data["records"][0]["action"] == "created" and is_uuid(data["records"][0]["id"])
    rows = query(
        db_path,
        "SELECT role, start_at, start_precision, end_at, end_precision FROM affiliation ORDER BY start_at",
    )
    assert rows == [
        ("adviser", "2020-01-01 00:00:00.000000", "year", "2021-03-15 00:00:00.000000", "day"),
        ("AI and crypto czar", "2024-12-01 00:00:00.000000", "month", None, None),
    ]


# add-article / add-claim


def test_add_article_reads_a_french_date_at_day_precision(cli: Cli, db_path: Path) -> None:
    result = ok(
        cli(
            "add-article",
            ARTICLE,
            "--title",
            "Mission Genesis",
            "--date",
            "mercredi 26 novembre 2025",
            "--lang",
            "fr",
            "--publisher",
            "Le blog de Hannibal Genséric",
        )
    )
    assert "created" in result.stdout and ARTICLE in result.stdout
    [(published, precision, lang, publisher)] = query(
        db_path, "SELECT published_at, published_precision, language, publisher FROM article"
    )
    assert published.startswith("2025-11-26 00:00:00")
    assert (precision, lang, publisher) == ("day", "fr", "Le blog de Hannibal Genséric")


def test_add_article_json(cli: Cli, db_path: Path) -> None:
    data = as_json(cli("add-article", ARTICLE, "--format", "json"))
    [record] = data["records"]
    assert (record["kind"], record["label"], record["action"]) == ("article", ARTICLE, "created")
    assert query(db_path, "SELECT id FROM article") == [(record["id"],)]


def test_add_claim_table_and_json(cli: Cli, db_path: Path) -> None:
    result = ok(
        cli("add-claim", "federal-ai-bailout", "The US federal government should rescue AI companies")
    )
    assert "created" in result.stdout and "federal-ai-bailout" in result.stdout
    data = as_json(cli("add-claim", "ai-half-of-gdp-growth", "AI investment is half of GDP growth",
                       "--kind", "factual", "--format", "json"))  # fmt: skip
    assert data["records"][0]["action"] == "created" and is_uuid(data["records"][0]["id"])
    assert query(db_path, "SELECT slug, kind FROM claim ORDER BY slug") == [
        ("ai-half-of-gdp-growth", "factual"),
        ("federal-ai-bailout", "position"),
    ]


# add-quote


def test_add_quote_s1_records_everything_in_one_call(cli: Cli, db_path: Path, claims: None) -> None:
    ok(cli("add-person", "David Sacks", "--alias", "@DavidSacks"))
    data = as_json(cli(*S1_ARGS, "--format", "json"))
    assert is_uuid(data["statement_id"]) and is_uuid(data["quotation_id"])
    actions = {(r["kind"], r["action"]) for r in data["records"]}
    assert ("person", "found") in actions
    for kind in ("article", "source", "archive", "statement", "quotation", "stance"):
        assert (kind, "created") in actions, kind
    assert all(is_uuid(r["id"]) for r in data["records"])

    [(speaker, said, precision, text, lang, locator)] = query(
        db_path,
        "SELECT p.name, s.said_at, s.said_precision, s.text, s.language, s.locator "
        "FROM statement s JOIN person p ON p.id = s.speaker_id",
    )
    assert (speaker, precision, text, lang) == ("David Sacks", "minute", None, "en")
    assert said.startswith("2025-11-06 16:52:00")
    assert locator == "status/1986503946297684195"
    assert query(db_path, "SELECT quoted_text, quoted_lang, relation, attributed_as FROM quotation") == [
        (S1_FR, "fr", "translation", "Gary Sacks")
    ]
    assert query(db_path, "SELECT url, kind FROM source") == [(S1_URL, "x_post")]
    archives = query(db_path, "SELECT service, captured_at FROM archive_copy ORDER BY service")
    assert [a[0] for a in archives] == ["archive.today", "wayback"]
    assert archives[0][1].startswith("2025-11-07 10:15:00") and archives[1][1].startswith(
        "2025-11-06 17:05:12"
    )
    stances = query(
        db_path,
        "SELECT c.slug, st.stance, st.basis FROM stance st JOIN claim c ON c.id = st.claim_id ORDER BY 1",
    )
    assert stances == [
        ("ai-frontier-competition", "supports", "stated"),
        ("federal-ai-bailout", "opposes", "stated"),
    ]
    [(published, article_precision)] = query(db_path, "SELECT published_at, published_precision FROM article")
    assert published.startswith("2025-11-26") and article_precision == "day"


def test_add_quote_prints_a_table_of_what_it_did(cli: Cli, claims: None) -> None:
    result = ok(cli(*S1_ARGS))
    for word in ("created", "article", "statement", "quotation", "stance", "archive"):
        assert word in result.stdout


def test_add_quote_interpreted_stance_with_note_and_reader(cli: Cli, db_path: Path, claims: None) -> None:
    data = as_json(cli(*S2_ARGS, "--format", "json"))
    rows = query(db_path, "SELECT statement_id, stance, basis, reader, note FROM stance")
    assert rows == [
        (
            data["statement_id"],
            "supports",
            "interpreted",
            "Hannibal Genséric",
            "the article reads it as preparing the ground for a bailout",
        )
    ]
    [(said, precision)] = query(db_path, "SELECT said_at, said_precision FROM statement")
    assert said.startswith("2025-11-24 17:34:00") and precision == "minute"


def test_add_quote_via_records_the_intermediate_source(cli: Cli, db_path: Path) -> None:
    data = as_json(cli(*S5_ARGS, "--format", "json"))
    [(via_url, via_kind)] = query(
        db_path, "SELECT s.url, s.kind FROM quotation q JOIN source s ON s.id = q.via_source_id"
    )
    assert (via_url, via_kind) == (WSJ_URL, "news_article")
    # The quote of a quote: the statement's own source is unknown, the WSJ is only the route.
    assert query(db_path, "SELECT source_id FROM statement WHERE id = ?", data["statement_id"]) == [(None,)]
    assert query(db_path, "SELECT attributed_as FROM quotation") == [("Berezin",)]


def test_add_quote_unattributed(cli: Cli, db_path: Path) -> None:
    data = as_json(cli(*S7_ARGS, "--format", "json"))
    assert query(db_path, "SELECT speaker_id FROM statement WHERE id = ?", data["statement_id"]) == [(None,)]
    assert query(db_path, "SELECT attributed_as, relation FROM quotation") == [(None, "translation")]
    assert row_counts(db_path)["person"] == 0


def test_add_quote_with_original_text_and_partial_quote(cli: Cli, db_path: Path) -> None:
    original = (
        "There will be no federal bailout for AI. The U.S. has at least 5 major frontier model companies."
    )
    data = as_json(
        cli(
            "add-quote",
            "--article",
            ARTICLE,
            "--person",
            "David Sacks",
            "--text",
            original,
            "--lang",
            "en",
            "--quoted-text",
            "There will be no federal bailout for AI.",
            "--quoted-lang",
            "en",
            "--source-url",
            S1_URL,
            "--source-title",
            "Post by @DavidSacks",
            "--locator",
            "tweet 1",
            "--format",
            "json",
        )
    )
    assert query(db_path, "SELECT text, locator FROM statement WHERE id = ?", data["statement_id"]) == [
        (original, "tweet 1")
    ]
    assert query(db_path, "SELECT relation FROM quotation") == [("partial",)]
    assert query(db_path, "SELECT title FROM source") == [("Post by @DavidSacks",)]


# stance


def test_stance_on_a_statement_prefix(cli: Cli, db_path: Path, claims: None) -> None:
    statement_id = as_json(cli(*S7_ARGS, "--format", "json"))["statement_id"]
    result = ok(cli("stance", statement_id[:8], "--claim", "federal-ai-bailout", "--stance", "neutral"))
    assert "created" in result.stdout and "neutral" in result.stdout
    again = as_json(
        cli(
            "stance", statement_id, "--claim", "federal-ai-bailout", "--stance", "NEUTRAL", "--format", "json"
        )
    )
    assert again["records"][0]["action"] == "found"
    changed = as_json(
        cli(
            "stance",
            statement_id,
            "--claim",
            "federal-ai-bailout",
            "--stance",
            "opposes",
            "--interpreted",
            "--note",
            "read as hostile",
            "--format",
            "json",
        )
    )
    assert changed["records"][0]["action"] == "updated"
    assert query(db_path, "SELECT stance, basis, note FROM stance") == [
        ("opposes", "interpreted", "read as hostile")
    ]
    other = as_json(
        cli(
            "stance",
            statement_id,
            "--claim",
            "federal-ai-bailout",
            "--stance",
            "supports",
            "--by",
            "second reader",
            "--format",
            "json",
        )
    )
    assert other["records"][0]["action"] == "created"
    assert row_counts(db_path)["stance"] == 2


# idempotence: every add command twice


def _setup_people(cli: Cli) -> None:
    ok(cli("add-person", "David Sacks", "--alias", "@DavidSacks"))
    ok(cli("add-person", "White House", "--org"))


IDEMPOTENT = {
    "add-person": ["add-person", "David Sacks", "--alias", "@DavidSacks", "--alias", "David O. Sacks",
                   "--wikidata", "Q7354219", "--description", "investor"],
    "add-person-org": ["add-person", "White House", "--organisation"],
    "add-alias": ["add-alias", "David Sacks", "Sacks"],
    "add-affiliation": ["add-affiliation", "David Sacks", "White House", "--role", "AI and crypto czar",
                        "--from", "2024-12", "--until", "2026-01"],
    "add-article": ["add-article", ARTICLE, "--title", "Mission Genesis",
                    "--date", "mercredi 26 novembre 2025", "--lang", "fr", "--publisher", "H. Genséric"],
    "add-claim": ["add-claim", "federal-ai-bailout", "The US federal government should rescue AI companies"],
    "add-quote-s1": S1_ARGS,
    "add-quote-s2": S2_ARGS,
    "add-quote-s5": S5_ARGS,
    "add-quote-s7": S7_ARGS,
}  # fmt: skip
NEEDS_PEOPLE = {"add-alias", "add-affiliation", "add-quote-s1"}


@pytest.mark.parametrize("name", list(IDEMPOTENT))
def test_the_same_command_twice_changes_nothing(cli: Cli, db_path: Path, claims: None, name: str) -> None:
    if name in NEEDS_PEOPLE:
        _setup_people(cli)
    args = IDEMPOTENT[name]
    first = as_json(cli(*args, "--format", "json"))
    assert any(r["action"] in ("created", "updated") for r in first["records"])
    before = row_counts(db_path)
    second = as_json(cli(*args, "--format", "json"))
    assert {r["action"] for r in second["records"]} == {"found"}
    assert [r["id"] for r in second["records"]] == [r["id"] for r in first["records"]]
    assert row_counts(db_path) == before
    table = ok(cli(*args))
    assert "found" in table.stdout and "created" not in table.stdout
    assert row_counts(db_path) == before


def test_stance_twice_changes_nothing(cli: Cli, db_path: Path, claims: None) -> None:
    statement_id = as_json(cli(*S7_ARGS, "--format", "json"))["statement_id"]
    args = ("stance", statement_id, "--claim", "federal-ai-bailout", "--stance", "opposes", "--note", "n")
    assert "created" in ok(cli(*args)).stdout
    before = row_counts(db_path)
    second = ok(cli(*args))
    assert "found" in second.stdout and "created" not in second.stdout
    assert row_counts(db_path) == before


def test_the_whole_seed_article_twice_gives_the_same_counts(cli: Cli, db_path: Path, claims: None) -> None:
    _setup_people(cli)
    for args in (S1_ARGS, S2_ARGS, S5_ARGS, S7_ARGS):
        ok(cli(*args))
    counts = row_counts(db_path)
    assert counts["statement"] == 4 and counts["quotation"] == 4 and counts["article"] == 1
    assert counts["source"] == 3 and counts["archive_copy"] == 2 and counts["stance"] == 3
    for args in (S1_ARGS, S2_ARGS, S5_ARGS, S7_ARGS):
        ok(cli(*args))
    assert row_counts(db_path) == counts
