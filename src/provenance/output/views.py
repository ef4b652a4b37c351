"""The table form of each command's result (the JSON form is the API's result itself)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from provenance.api._common import Outcome
from provenance.output.render import Report, Table


def outcomes(items: Sequence[Outcome], data: Any = None) -> Report:
    """What an add command created, found or updated."""
    rows: list[list[Any]] = [[o.action, o.kind, o.label, o.id] for o in items]
    payload = data if data is not None else {"records": [o.to_json() for o in items]}
    return Report(payload, [Table(["action", "kind", "record", "id"], rows)])
