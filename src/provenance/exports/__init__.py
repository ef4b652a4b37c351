"""The export formats: each name maps to the module and function that writes it.

Writers are imported only when their format is asked for, so the registry costs nothing to load
and a format whose module (or the library it needs) is not installed fails alone, in one line.
Every writer has the signature ``(session, out, **options) -> int``: the number of records written.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, NamedTuple, cast

from provenance.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Writer = Callable[..., int]


class Format(NamedTuple):
    module: str
    function: str
    description: str


FORMATS: dict[str, Format] = {
    "json": Format("provenance.exports", "write_json", "the whole database as one bundle (prov-bundle/1)"),
    "jsonl": Format("provenance.exports.jsonl", "write_jsonl", "one record a line (prov-jsonl/1)"),
    # Its writer streams one table; the CLI writes every table into a folder or a zip.
    "csv": Format("provenance.exports.csvfiles", "write_csv", "one CSV file a table, in a folder or a zip"),
    "md": Format("provenance.exports.markdown", "write_markdown", "a person's contradictions in Markdown"),
    "claimreview": Format(
        "provenance.exports.claimreview", "write_claimreview", "schema.org ClaimReview JSON-LD"
    ),
    "prov-json": Format("provenance.exports.provjson", "write_prov_json", "W3C PROV as PROV-JSON"),
    "prov-n": Format("provenance.exports.provjson", "write_prov_n", "W3C PROV as PROV-N"),
}


def register(name: str, module: str, function: str, description: str) -> None:
    FORMATS[name] = Format(module, function, description)


def writer(name: str) -> Writer:
    """The function writing format ``name``; InvalidInput when unknown or not installed."""
    entry = FORMATS.get(name)
    if entry is None:
        raise InvalidInput(f"unknown export format {name!r}", f"use one of {', '.join(FORMATS)}")
    try:
        module = importlib.import_module(entry.module)
    except ModuleNotFoundError as error:
        # The writer or a library it needs (say, the prov package) is not installed: the other
        # formats still work, so this is a user's error, not a crash.
        raise InvalidInput(
            f"export format {name!r} is not available in this installation ({error.name} is missing)",
            f"install it, or use one of {', '.join(available())}",
        ) from None
    function = getattr(module, entry.function, None)
    if function is None:
        raise InvalidInput(
            f"export format {name!r} is not available in this installation",
            f"use one of {', '.join(available())}",
        )
    return cast(Writer, function)


def available() -> list[str]:
    """The formats whose module can be found, without importing them."""
    import importlib.util

    found = []
    for name, entry in FORMATS.items():
        try:
            spec = importlib.util.find_spec(entry.module)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            found.append(name)
    return found


def write_json(session: Session, out: IO[str], **options: Any) -> int:
    from provenance.exports.bundle import LISTS, write_bundle

    counts = write_bundle(session, out)
    # The records at the top of the document: aliases and archive copies are nested in theirs.
    return sum(counts[name] for name in LISTS)
