"""Stable identifiers.

Every record's id is a UUID derived (uuid5) from its natural key: the person's name key, the
source's URL, the claim's slug, the statement's speaker+source+time+text... Two researchers who
record the same thing independently get the same id, so their bundles merge without duplicates,
and an export re-imported elsewhere keeps every id.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f0b8a44-5b3e-4c59-9a0c-5e2d7c1b9a10")


def stable_id(kind: str, *parts: object) -> str:
    key = "\x1f".join("" if p is None else str(p) for p in (kind, *parts))
    return str(uuid.uuid5(NAMESPACE, key))
