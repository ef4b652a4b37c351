"""The table form of ``prov check`` (its JSON is the API's result)."""

from __future__ import annotations

from typing import Any

from provenance.output.render import Report, Table

COLUMNS = ["severity", "code", "message", "suggestion", "ids"]


def check(data: dict[str, Any]) -> Report:
    """One row a problem, errors first, as the API ordered them."""
    rows = [
        [
            problem["severity"],
            problem["code"],
            problem["message"],
            problem.get("suggestion"),
            [f"{kind.removesuffix('_id')} {value}" for kind, value in problem["ids"].items()],
        ]
        for problem in data["problems"]
    ]
    # On screen the first 8 characters of each id are enough to tell records apart (and
    # `prov show statement` takes them); CSV and JSON keep the whole ids.
    screen = [[*row[:4], [line[: line.index(" ") + 9] for line in row[4]]] for row in rows]
    total = data["total"]
    heading = None
    if total:
        counts = ", ".join(f"{code} {count}" for code, count in data["summary"].items())
        heading = f"{total} problem{'' if total == 1 else 's'}: {counts}"
    return Report(
        data,
        [Table(COLUMNS, screen, title="Problems")],
        empty="No problems found.",
        heading=heading,
        flat=Table(COLUMNS, rows),
    )
