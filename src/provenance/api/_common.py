"""Small pieces the API modules share: outcomes, validation of enumerated values, languages."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Literal

from provenance.errors import InvalidInput

Action = Literal["created", "found", "updated"]

_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Outcome:
    """What an add did to one record: created it, found it as it was, or updated it."""

    kind: str
    id: str
    label: str
    action: Action

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "label": self.label, "action": self.action}


def choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    cleaned = (value or "").strip().lower()
    if cleaned not in allowed:
        raise InvalidInput(
            f"{what} {value!r} is not one of {', '.join(allowed)}",
            f"use one of {', '.join(allowed)}",
        )
    return cleaned


def language(value: str | None, what: str = "language") -> str | None:
    """A BCP 47-looking tag (en, fr, pt-BR), primary subtag lowercased; None stays None."""
    if value is None or not value.strip():
        return None
    tag = value.strip()
    if not _LANG.match(tag):
        raise InvalidInput(f"{what} {value!r} is not a language tag", "use a code such as en, fr, pt-BR")
    head, _, rest = tag.partition("-")
    return head.lower() + ("-" + rest if rest else "")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def apply_updates(record: Any, values: dict[str, Any]) -> bool:
    """Set the given non-None values that differ; True when anything changed."""
    changed = False
    for field, value in values.items():
        if value is not None and getattr(record, field) != value:
            setattr(record, field, value)
            changed = True
    return changed


def url_report(rows: list[dict[str, Any]], plan: list[Any], *, by: str, offline: bool) -> dict[str, Any]:
    """A per-URL run's report: rows in the order planned, counted by their ``by`` field.

    ``plan`` items have ``url`` and ``kind`` (one URL may be both a source and an article).
    """
    order = {(item.url, item.kind): i for i, item in enumerate(plan)}
    rows.sort(key=lambda r: order.get((r["url"], r["kind"]), len(order)))
    counts: dict[str, int] = {}
    for item in rows:
        counts[item[by]] = counts.get(item[by], 0) + 1
    return {"offline": offline, "counts": counts, "results": rows}
