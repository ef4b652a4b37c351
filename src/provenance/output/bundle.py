"""The table form of ``prov import``'s result, and ``prov export``'s summary line."""

from __future__ import annotations

import sys
from collections.abc import Mapping
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
    counts = {field: len(document.get(field, [])) for field, _, _ in _RECORDS}
    owners = document.get("sources", []) + document.get("articles", [])
    counts["archives"] = sum(len(owner.get("archives", [])) for owner in owners)
    return export_counts_summary(counts, target)


def export_counts_summary(counts: Mapping[str, int], target: str) -> str:
    """The same line from the counts ``write_bundle`` returns, when the document was never held."""
    parts = []
    for field, one, many in _RECORDS:
        count = counts.get(field, 0)
        parts.append(f"{count} {one if count == 1 else many}")
    archives = counts.get("archives", 0)
    parts.insert(3, f"{archives} archive {'copy' if archives == 1 else 'copies'}")
    return f"exported {', '.join(parts)} to {target}"


def note(text: str, stream: IO[str] | None = None) -> None:
    """A line for the user beside the data: on stderr, so stdout stays the document."""
    (stream or sys.stderr).write(text + "\n")
