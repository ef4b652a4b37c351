"""JSON Schemas shipped with prov: the contradictions report and the export bundle."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from provenance.errors import BundleError

_MAX_MESSAGE = 200


@cache
def load(name: str) -> dict[str, Any]:
    """The schema ``name`` (``contradictions`` or ``bundle``) as a dict."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(name: str) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(load(name))


def _position(error: Any) -> list[tuple[int, int | str]]:
    """Sort key placing errors in document order; list indexes compare as numbers."""
    return [(0, p) if isinstance(p, int) else (1, p) for p in error.absolute_path]


def first_error(name: str, document: Any) -> str | None:
    """The first violation as ``JSON path: message``, or None when the document is valid.

    The message is cut short: jsonschema quotes the offending value, which may be a whole record.
    """
    errors = sorted(_validator(name).iter_errors(document), key=_position)
    if not errors:
        return None
    error = errors[0]
    message = " ".join(error.message.split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return f"{error.json_path}: {message}"


def validate(name: str, document: Any) -> None:
    """Raise BundleError naming the JSON path of the first bad field."""
    problem = first_error(name, document)
    if problem is not None:
        raise BundleError(f"not a valid {name} document at {problem}", "fix that field and retry")
