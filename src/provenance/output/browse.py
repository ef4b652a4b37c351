"""The table form of ``prov list``, ``prov show`` and the database commands (JSON is the API's result)."""

from __future__ import annotations

from typing import Any

from provenance.output.render import Report, Table

Row = dict[str, Any]


def _short(text: str | None, width: int = 120) -> str | None:
    if text is None:
        return None
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _when(display: str | None) -> str:
    return display or "undated"


def _fields(data: Row, fields: list[tuple[str, str]], title: str) -> Table:
    """A record as a two-column table, leaving out what is not recorded."""
    rows: list[list[Any]] = [
        [label, data[key]] for key, label in fields if data.get(key) not in (None, [], "")
    ]
    return Table(["field", "value"], rows, title=title)


def people(rows: list[Row]) -> Report:
    table = Table(
        ["name", "kind", "aliases", "statements", "id"],
        [[r["name"], r["kind"], r["aliases"], r["statements"], r["id"]] for r in rows],
    )
    return Report({"people": rows}, [table], empty="No people recorded yet; add one with prov add-person.")


def articles(rows: list[Row]) -> Report:
    table = Table(
        ["published", "title", "publisher", "lang", "quotations", "url", "id"],
        [
            [r["published"], r["title"], r["publisher"], r["language"], r["quotations"], r["url"], r["id"]]
            for r in rows
        ],
    )
    return Report(
        {"articles": rows}, [table], empty="No articles recorded yet; add one with prov add-article."
    )


def claims(rows: list[Row]) -> Report:
    table = Table(
        ["slug", "claim", "kind", "statements", "supports", "opposes", "neutral"],
        [
            [r["slug"], r["text"], r["kind"], r["statements"], r["supports"], r["opposes"], r["neutral"]]
            for r in rows
        ],
    )
    return Report({"claims": rows}, [table], empty="No claims recorded yet; add one with prov add-claim.")


def _statement_text(row: Row) -> str | None:
    text = _short(row["text"])
    if text is not None and not row.get("original", True):
        return f"{text} (as quoted)"
    return text


def _statements_table(rows: list[Row], title: str | None = None) -> Table:
    return Table(
        ["said", "speaker", "text", "source", "id"],
        [
            [_when(r["said"]), r["speaker"] or "(unattributed)", _statement_text(r), r["source"], r["id"]]
            for r in rows
        ],
        title=title,
    )


def statements(rows: list[Row]) -> Report:
    return Report(
        {"statements": rows},
        [_statements_table(rows)],
        empty="No statements match; record one with prov add-quote.",
    )


def person(data: Row) -> Report:
    kind = "Organisation" if data["kind"] == "organisation" else "Person"
    details = _fields(
        data,
        [
            ("name", "name"),
            ("kind", "kind"),
            ("description", "description"),
            ("wikidata_id", "Wikidata"),
            ("aliases", "aliases"),
            ("id", "id"),
        ],
        title=f"{kind}: {data['name']}",
    )
    affiliations = Table(
        ["organisation", "role", "from", "until"],
        [[a["organisation"], a["role"], a["from"], a["until"]] for a in data["affiliations"]],
        title="Affiliations",
    )
    members = Table(
        ["member", "role", "from", "until"],
        [[m["person"], m["role"], m["from"], m["until"]] for m in data["members"]],
        title="Members",
    )
    said = _statements_table(data["statements"], title="Statements")
    return Report(data, [details, affiliations, members, said])


def article(data: Row) -> Report:
    details = _fields(
        data,
        [
            ("url", "url"),
            ("title", "title"),
            ("publisher", "publisher"),
            ("language", "language"),
            ("published", "published"),
            ("id", "id"),
        ],
        title="Article",
    )
    quotations = Table(
        ["said", "as written", "speaker", "quoted text", "relation", "via", "statement"],
        [
            [
                _when(q["said"]),
                q["attributed_as"],
                q["speaker"] or "(unattributed)",
                _short(q["quoted_text"]),
                q["relation"] + (f" ({q['quoted_lang']})" if q["quoted_lang"] else ""),
                q["via"],
                q["statement_id"],
            ]
            for q in data["quotations"]
        ],
        title="Quotations",
    )
    return Report(data, [details, quotations])


def statement(data: Row) -> Report:
    shown = dict(data)
    shown["speaker_name"] = data["speaker"]["name"] if data["speaker"] else "(unattributed)"
    shown["said_shown"] = _when(data["said"])
    if data["source"]:
        source = data["source"]
        shown["source_shown"] = f"{source['url']} ({source['kind']})"
        shown["source_title"] = source["title"]
    details = _fields(
        shown,
        [
            ("speaker_name", "speaker"),
            ("said_shown", "said"),
            ("text", "text"),
            ("language", "language"),
            ("locator", "locator"),
            ("source_shown", "source"),
            ("source_title", "source title"),
            ("id", "id"),
        ],
        title="Statement",
    )
    archives = Table(
        ["archive copy", "service", "captured"],
        [[a["url"], a["service"], a["captured_at"]] for a in data["archives"]],
        title="Archive copies",
    )
    quotations = Table(
        ["article", "quoted text", "as written", "relation", "via"],
        [
            [q["article"], _short(q["quoted_text"]), q["attributed_as"], q["relation"], q["via"]]
            for q in data["quotations"]
        ],
        title="Quoted in",
    )
    stances = Table(
        ["claim", "stance", "basis", "reader", "note"],
        [[s["claim"], s["stance"], s["basis"], s["reader"], s["note"]] for s in data["stances"]],
        title="Stances",
    )
    return Report(data, [details, archives, quotations, stances])


def claim(data: Row) -> Report:
    details = _fields(
        data, [("slug", "slug"), ("text", "claim"), ("kind", "kind"), ("id", "id")], title="Claim"
    )
    readings = Table(
        ["said", "speaker", "stance", "basis", "reader", "text", "statement"],
        [
            [
                _when(s["said"]),
                s["speaker"] or "(unattributed)",
                s["stance"],
                s["basis"],
                s["reader"],
                _short(s["text"]),
                s["statement_id"],
            ]
            for s in data["stances"]
        ],
        title="Stances",
    )
    return Report(data, [details, readings])


def database(data: Row) -> Report:
    """Where a database is and its schema revision (``prov init``, ``prov db ...``)."""
    revision = data["revision"]
    if revision is None:
        state = "empty: no prov schema (run prov init)"
    elif data["up_to_date"]:
        state = "up to date"
    else:
        state = f"behind head {data['head']} (run prov db upgrade)"
    row: list[Any] = [data["database"], revision or "(none)", state]
    columns = ["database", "revision", "state"]
    if data.get("before") != revision:
        columns.insert(1, "was")
        row.insert(1, data.get("before") or "(none)")
    return Report(data, [Table(columns, [row])])
