"""The exceptions prov raises for failures a user can cause.

    ProvError                    every message is one line: what was wrong, then what to do
    ├── InvalidInput             a value given on the command line or through the API
    │   ├── InvalidDate
    │   └── InvalidURL
    ├── NotFound                 an unknown person, claim, article, statement...
    ├── Ambiguous                a name that matches more than one record
    ├── DatabaseError
    │   ├── DatabaseMissing      a read command pointed at a database that does not exist
    │   ├── NotADatabase         the file is not SQLite, or the URL cannot be opened
    │   └── SchemaTooNew         the database was migrated by a newer prov
    ├── BundleError              an import file that is not JSON or not a valid bundle
    └── NetworkError             a service prov relies on (the Wayback Machine) unreachable or failing

The CLI turns any of these into one line on stderr and exit code 1; anything else is a bug.
"""

from __future__ import annotations


class ProvError(Exception):
    """Base class: ``str(error)`` is the full one-line message shown to the user."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message}; {hint}" if hint else message)


class InvalidInput(ProvError):
    pass


class InvalidDate(InvalidInput):
    pass


class InvalidURL(InvalidInput):
    pass


class NotFound(ProvError):
    pass


class Ambiguous(ProvError):
    pass


class DatabaseError(ProvError):
    pass


class DatabaseMissing(DatabaseError):
    pass


class NotADatabase(DatabaseError):
    pass


class SchemaTooNew(DatabaseError):
    pass


class BundleError(ProvError):
    pass


class NetworkError(ProvError):
    """A service prov depends on (the Wayback Machine) could not be reached or answered badly."""


__all__ = [
    "Ambiguous",
    "BundleError",
    "DatabaseError",
    "DatabaseMissing",
    "InvalidDate",
    "InvalidInput",
    "InvalidURL",
    "NetworkError",
    "NotADatabase",
    "NotFound",
    "ProvError",
    "SchemaTooNew",
]
