"""The record: one module per concept, all mapped on one ``Base``."""

from provenance.models import limits as _limits  # noqa: F401  (registers the length check)
from provenance.models.anchor import Anchor
from provenance.models.article import Article
from provenance.models.base import Base
from provenance.models.claim import Claim, Stance
from provenance.models.person import Affiliation, Alias, Person
from provenance.models.quotation import Quotation
from provenance.models.snapshot import Body, Snapshot
from provenance.models.source import ArchiveCopy, Source
from provenance.models.statement import Statement

__all__ = [
    "Affiliation",
    "Alias",
    "Anchor",
    "ArchiveCopy",
    "Article",
    "Base",
    "Body",
    "Claim",
    "Person",
    "Quotation",
    "Snapshot",
    "Source",
    "Stance",
    "Statement",
]
