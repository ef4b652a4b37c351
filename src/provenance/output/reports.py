"""The table form of the contradictions and timeline reports (their JSON is the API's result)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from provenance.dates import Precision, When
from provenance.output.render import FORMATS, Report, Table

# Beyond table, json and csv: the report as Markdown, and as schema.org ClaimReview JSON-LD.
CONTRADICTION_FORMATS = (*FORMATS, "md", "claimreview")
CONTRADICTION_COLUMNS = ["claim", "kind", "earlier", "later", "gap", "sources", "quoted in"]
TIMELINE_COLUMNS = ["said", "precision", "stances", "text", "source"]


def contradictions(
    data: dict[str, Any], *, review_author: str = "prov", review_url: str | None = None, per: str = "pair"
) -> Report:
    """On screen, one small table a pair with the two statements side by side; CSV, a row a pair.

    ``md`` and ``claimreview`` are the export modules' renderings of the same data, so
    ``prov contradictions`` and ``prov export`` print the same thing for the same pairs; the
    review options are what ``exports.claimreview.reviews`` takes.
    """
    name = data["person"]["name"]
    pairs = [_pair_table(item) for item in data["contradictions"]]
    rows = [
        [
            item["claim"]["slug"],
            item["kind"],
            _side(item["earlier"]),
            _side(item["later"]),
            _gap(item),
            _sources(item),
            _quoted_in(item),
        ]
        for item in data["contradictions"]
    ]
    return Report(
        data,
        pairs,
        empty=f"No contradictions found for {name}{_filtered(data.get('filters') or {})}.",
        flat=Table(CONTRADICTION_COLUMNS, rows, title=f"Contradictions: {name}"),
        heading=f"Contradictions: {name} ({_count(len(pairs), 'pair')})" if pairs else None,
        renderings={
            "md": lambda: _markdown(data),
            "claimreview": lambda: _claimreview(data, review_author, review_url, per),
        },
    )


def _markdown(data: dict[str, Any]) -> str:
    from provenance.exports.markdown import render

    return render(data)


def _claimreview(data: dict[str, Any], author: str, url: str | None, per: str) -> str:
    import io

    from provenance.exports.claimreview import reviews, write_reviews

    out = io.StringIO()
    write_reviews(reviews(data, author=author, url_base=url, per=per), out)
    return out.getvalue()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _pair_table(item: dict[str, Any]) -> Table:
    earlier, later = item["earlier"], item["later"]
    rows: list[list[Any]] = [
        ["said", earlier["said"] or "undated", later["said"] or "undated"],
        ["stance", _stance(earlier), _stance(later)],
    ]
    if earlier.get("via_affiliation") or later.get("via_affiliation"):
        rows.append(["speaker", _speaker(earlier), _speaker(later)])
    rows += [
        ["words", _words(earlier), _words(later)],
        ["source", _source_lines(earlier), _source_lines(later)],
        ["quoted in", _quotes(earlier), _quotes(later)],
    ]
    title = f"{item['claim']['slug']}: {item['claim']['text']} [{item['kind']}, {_gap(item)}]"
    return Table(["", "earlier", "later"], rows, title=title)


def _stance(side: dict[str, Any]) -> list[str]:
    bases = {r["basis"] for r in side.get("readings", []) if r["stance"] == side["stance"]}
    # A stance nobody found stated in so many words is flagged: the pair rests on a reading.
    lines = [side["stance"] + (" (interpreted)" if bases == {"interpreted"} else "")]
    for reading in side.get("readings", []):
        note = f": {reading['note']}" if reading.get("note") else ""
        lines.append(f"read {reading['stance']} by {reading['reader']}{note}")
    return lines


def _speaker(side: dict[str, Any]) -> str:
    via = side.get("via_affiliation")
    if not via:
        return str(side["speaker"]["name"])
    role = f", {via['role']}" if via.get("role") else ""
    return f"{via['organisation']['name']}{role}"


def _words(side: dict[str, Any]) -> str:
    text = side["text"] or ""
    return f"“{text}”" + ("" if side.get("original_known", True) else " (as quoted)")


def _quotes(side: dict[str, Any]) -> list[str]:
    lines = []
    for quote in side["quoted_in"]:
        written = f" as “{quote['attributed_as']}”" if quote.get("attributed_as") else ""
        via = f" via {quote['via']}" if quote.get("via") else ""
        lines.append(f"{quote['article']['url']}{written}{via}")
    return lines


def timeline(data: dict[str, Any]) -> Report:
    rows = [
        [
            entry["said"] or "undated",
            entry["precision"],
            [_stance_line(s) for s in entry["stances"]],
            entry["text"],
            _source_lines(entry),
        ]
        for entry in data["statements"]
    ]
    name = data["person"]["name"]
    on = f" on {data['claim']}" if data.get("claim") else ""
    return Report(
        data,
        [Table(TIMELINE_COLUMNS, rows, title=f"Timeline: {name}{on}")],
        empty=f"No statements recorded for {name}{on}.",
    )


def _filtered(filters: dict[str, Any]) -> str:
    parts = []
    if filters.get("claim"):
        parts.append(f"on {filters['claim']}")
    for bound in ("since", "until"):
        if filters.get(bound):
            parts.append(f"{bound} {_display(filters[bound])}")
    return " " + " ".join(parts) if parts else ""


def _display(when: dict[str, str]) -> str:
    return When(datetime.fromisoformat(when["at"]), Precision(when["precision"])).display()


def _side(side: dict[str, Any]) -> list[str]:
    lines = [side["said"] or "undated"]
    bases = {r["basis"] for r in side.get("readings", []) if r["stance"] == side["stance"]}
    # A stance nobody found stated in so many words is flagged: the pair rests on a reading.
    lines.append(side["stance"] + (" (interpreted)" if bases == {"interpreted"} else ""))
    via = side.get("via_affiliation")
    if via:
        role = f", {via['role']}" if via.get("role") else ""
        lines.append(f"said by {via['organisation']['name']}{role}")
    text = side["text"] or ""
    lines.append(f"“{text}”" + ("" if side.get("original_known", True) else " (as quoted)"))
    return lines


def _gap(item: dict[str, Any]) -> str:
    days = item["days_apart"]
    gap = "undated" if days is None else f"{days} day" + ("" if days == 1 else "s")
    return f"{gap} (unordered)" if item["unordered"] else gap


def _source_lines(side: dict[str, Any]) -> list[str]:
    source = side.get("source")
    lines = [source["url"]] if source else ["no source recorded"]
    lines += [f"archive: {url}" for url in side.get("archive_urls", [])]
    return lines


def _sources(item: dict[str, Any]) -> list[str]:
    return [line for label in ("earlier", "later") for line in [f"{label}:", *_source_lines(item[label])]]


def _quoted_in(item: dict[str, Any]) -> list[str]:
    lines = []
    for label in ("earlier", "later"):
        quotes = item[label]["quoted_in"]
        if not quotes:
            continue
        lines.append(f"{label}:")
        for quote in quotes:
            written = f" as “{quote['attributed_as']}”" if quote.get("attributed_as") else ""
            via = f" via {quote['via']}" if quote.get("via") else ""
            lines.append(f"{quote['article']['url']}{written}{via}")
    return lines


def _stance_line(stance: dict[str, Any]) -> str:
    basis = " (interpreted)" if stance["basis"] == "interpreted" else ""
    return f"{stance['claim']}: {stance['stance']}{basis} by {stance['reader']}"
