"""Files from the field that ``prov import`` reads besides its own bundle, and telling them apart.

Detection looks only at the head of a file: a bundle and a ClaimReview document are one JSON
value, a Quotebank file is one JSON object a line, so the first line tells them apart. Whether a
file is Quotebank depends on its first non-blank line alone, so ``is_quotebank_file`` reads no more
than that line, and a Quotebank dump is never held whole.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path
from typing import Literal

from provenance.files import load_json, read_text, shown_name

Format = Literal["bundle", "quotebank", "claimreview"]
FORMATS: tuple[Format, ...] = ("bundle", "quotebank", "claimreview")
# Enough for the first line of any Quotebank record and a ClaimReview's @context.
_HEAD = 64 * 1024
_JSON_LD_MARKS = ('"@context"', '"@graph"', '"ClaimReview"')


def detect(path: str | PathLike[str]) -> Format:
    """The format of a file, from its first non-blank character and line."""
    with Path(path).expanduser().open("rb") as stream:
        head = stream.read(_HEAD)
    return detect_text(head.decode("utf-8-sig", errors="replace"))


def detect_text(text: str) -> Format:
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "claimreview"
    if not stripped.startswith("{"):
        # Whatever it is, the bundle reader's "not JSON" message is the one to show.
        return "bundle"
    first = stripped.split("\n", 1)[0].strip()
    value = _json_or_none(first)
    if _says_quotebank(first, value):
        return "quotebank"
    if isinstance(value, dict):
        if any(key in value for key in ("@context", "@graph", "@type")):
            return "claimreview"
        return "bundle"
    if any(mark in stripped[:_HEAD] for mark in _JSON_LD_MARKS):
        return "claimreview"
    return "bundle"


def is_quotebank_file(path: Path, shown: str) -> bool:
    """Whether ``detect_text`` would read the whole file as Quotebank, from its first non-blank line."""
    from provenance.inputs import numbered_lines

    for _, line in numbered_lines(path, shown):
        if line.strip():
            first = line.strip()
            return first.startswith("{") and _says_quotebank(first, _json_or_none(first))
    return False


def _json_or_none(first: str) -> object:
    try:
        return json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return None


def _says_quotebank(first: str, value: object) -> bool:
    """A first line (stripped, starting with ``{``) of a Quotebank file, ``value`` its JSON."""
    if isinstance(value, dict):
        return "quotation" in value or "quoteID" in value
    # A broken first record: let the Quotebank reader name its line.
    return value is None and first.endswith("}") and ('"quotation"' in first or '"quoteID"' in first)


__all__ = [
    "FORMATS",
    "Format",
    "detect",
    "detect_text",
    "is_quotebank_file",
    "load_json",
    "read_text",
    "shown_name",
]
