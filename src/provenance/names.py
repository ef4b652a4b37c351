"""Name keys: how prov decides that two spellings of a name are the same lookup."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key; a leading @ of a handle is kept.

    "Gary Marcus", "gary  MARCUS" and "Gäry Marcus" share a key; "@DavidSacks" keys as
    "@davidsacks", so a handle never collides with a person's written name by accident.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def clean_text(text: str | None, what: str) -> str:
    """Strip a required text and refuse it when empty."""
    from provenance.errors import InvalidInput

    value = (text or "").strip()
    if not value:
        raise InvalidInput(f"empty {what}", f"give a non-empty {what}")
    return value


def optional_text(text: str | None) -> str | None:
    value = (text or "").strip()
    return value or None
