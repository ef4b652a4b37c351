"""The ``prov`` command: one module per group of commands, each a thin layer over the API.

Only Typer is imported at start-up, so ``prov --help`` and argument errors stay fast; each
command imports the database and API modules it calls inside its own body.
"""

from provenance.cli import bundle, check, db, listing, quotes, records, report, reports, verify, web  # noqa: F401  (register)
from provenance.cli.app import app, main

__all__ = ["app", "main"]
