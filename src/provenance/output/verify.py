"""The table form of ``prov verify``: one row per quotation and side, problems in capitals."""

from __future__ import annotations

from typing import Any

from provenance.output.render import Report, Table

# What a reader must look at is written so it stands out in a column of "found".
_WARNINGS = {"fuzzy", "ambiguous", "missing"}
_SIDES = (("source", "source"), ("article", "article_side"))


def _status(status: str) -> str:
    return f"{status.upper()} !" if status in _WARNINGS else status


def _where(side: dict[str, Any]) -> str:
    position = next((s for s in side["selectors"] if s["type"] == "TextPositionSelector"), None)
    parts = []
    if side["url"]:
        parts.append(side["url"])
    if position is not None:
        parts.append(f"chars {position['start']}-{position['end']}")
    if side["detail"]:
        parts.append(side["detail"])
    return "\n".join(parts)


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def verify_report(data: dict[str, Any]) -> Report:
    rows: list[list[Any]] = []
    for quote in data["quotations"]:
        for side_name, key in _SIDES:
            side = quote[key]
            score = side["score"]
            rows.append(
                [
                    quote["quotation_id"][:8],
                    _short(quote["quoted_text"]),
                    quote["relation"],
                    side_name,
                    _status(side["status"]),
                    "" if score is None else f"{score:g}",
                    _where(side),
                ]
            )
    summary = data["summary"]
    heading = f"{summary['quotations']} quotations checked; " + "; ".join(
        f"{side}: " + ", ".join(f"{n} {status}" for status, n in summary[side].items())
        for side in ("source", "article")
        if summary[side]
    )
    table = Table(["quotation", "quote", "relation", "side", "status", "score", "where"], rows)
    return Report(data, [table], empty="No quotations to verify.", heading=heading)
