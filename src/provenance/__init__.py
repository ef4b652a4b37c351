"""prov: a claim-and-quote provenance tracker.

Importing this package loads nothing heavy: the command line must start fast, so SQLAlchemy,
Alembic and httpx are imported by the modules that use them.
"""

__version__ = "0.1.0"
