"""The table form of ``prov import``'s result, and ``prov export``'s summary line."""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Any

from provenance.output.render import Report, Table

if TYPE_CHECKING:
    from provenance.api.bundle import ImportResult

# What each list of a bundle holds, singular and plural, in the document's order.
_RECORDS = (
    ("people", "person", "people"),
    ("affiliations", "affiliation", "affiliations"),
    ("sources", "source", "sources"),
    ("articles", "article", "articles"),
    ("claims", "claim", "claims"),
    ("statements", "statement", "statements"),
    ("quotations", "quotation", "quotations"),
    ("stances", "stance", "stances"),
)


def import_report(result: ImportResult) -> Report:
    """Per table: how many records the import created and how many were already recorded."""
    data = result.to_json()
    rows: list[list[Any]] = [
        [table, counts["created"], counts["existing"]] for table, counts in data["tables"].items()
    ]
    rows.append(["total", data["created"], data["existing"]])
    return Report(data, [Table(["table", "created", "existing"], rows, title=f"Imported {data['format']}")])


def export_summary(document: dict[str, Any], target: str) -> str:
    """One line such as ``exported 3 people, 1 source, 0 articles... to out.json``."""
    parts = []
    for field, one, many in _RECORDS:
        count = len(document.get(field, []))
        parts.append(f"{count} {one if count == 1 else many}")
    archives = sum(len(source.get("archives", [])) for source in document.get("sources", []))
    parts.insert(3, f"{archives} archive {'copy' if archives == 1 else 'copies'}")
    return f"exported {', '.join(parts)} to {target}"


def note(text: str, stream: IO[str] | None = None) -> None:
    """A line for the user beside the data: on stderr, so stdout stays the document."""
    (stream or sys.stderr).write(text + "\n")
