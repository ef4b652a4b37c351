"""JSON Schemas shipped with prov: the contradictions report and the export bundle."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from provenance.errors import BundleError


@cache
def load(name: str) -> dict[str, Any]:
    """The schema ``name`` (``contradictions`` or ``bundle``) as a dict."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def first_error(name: str, document: Any) -> str | None:
    """The first violation as ``JSON path: message``, or None when the document is valid."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load(name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    error = errors[0]
    return f"{error.json_path}: {error.message}"


def validate(name: str, document: Any) -> None:
    """Raise BundleError naming the JSON path of the first bad field."""
    problem = first_error(name, document)
    if problem is not None:
        raise BundleError(f"not a valid {name} document at {problem}", "fix that field and retry")
