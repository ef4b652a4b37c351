"""Files from the field that ``prov import`` reads besides its own bundle, and telling them apart.

Detection looks only at the head of a file: a bundle and a ClaimReview document are one JSON
value, a Quotebank file is one JSON object a line, so the first line tells them apart.
"""

from __future__ import annotations

import json
import sys
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from provenance.errors import BundleError

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
    try:
        value = json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        value = None
    if isinstance(value, dict):
        if "quotation" in value or "quoteID" in value:
            return "quotebank"
        if any(key in value for key in ("@context", "@graph", "@type")):
            return "claimreview"
        return "bundle"
    if first.endswith("}") and ('"quotation"' in first or '"quoteID"' in first):
        # A broken first record: let the Quotebank reader name its line.
        return "quotebank"
    if any(mark in stripped[:_HEAD] for mark in _JSON_LD_MARKS):
        return "claimreview"
    return "bundle"


def read_text(path_or_dash: str | PathLike[str]) -> str:
    """A file's text (``-``: standard input); BundleError if it cannot be read as UTF-8."""
    shown = shown_name(path_or_dash)
    try:
        if str(path_or_dash) == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            data: bytes | str = stdin.read() if stdin is not None else sys.stdin.read()
        else:
            path = Path(path_or_dash).expanduser()
            if path.is_dir():
                raise BundleError(f"{shown} is a folder", "give the file's path")
            if not path.exists():
                raise BundleError(f"no file {shown}", "check the path (- reads standard input)")
            data = path.read_bytes()
        return data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise BundleError(f"{shown} is not UTF-8 text (byte {error.start})", "save it as UTF-8") from None
    except OSError as error:
        raise BundleError(f"cannot read {shown}: {error.strerror or error}", "check the path") from None


def load_json(text: str, shown: str, hint: str) -> Any:
    """One JSON document, with the line and column of the first error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleError(
            f"{shown} is not JSON: {error.msg} at line {error.lineno}, column {error.colno}", hint
        ) from None
    except RecursionError:
        raise BundleError(f"{shown} is nested too deeply", hint) from None


def shown_name(path_or_dash: str | PathLike[str]) -> str:
    return "standard input" if str(path_or_dash) == "-" else str(path_or_dash)
