"""Claims: the propositions statements take stances on."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.api._common import Outcome, apply_updates, choice
from provenance.errors import InvalidInput, NotFound
from provenance.ids import stable_id
from provenance.models import Claim
from provenance.models.claim import CLAIM_KINDS
from provenance.names import clean_text

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_slug(slug: str) -> str:
    value = (slug or "").strip()
    if not _SLUG.match(value):
        raise InvalidInput(
            f"claim slug {slug!r} is not lowercase words joined by hyphens",
            "use a slug such as federal-ai-bailout",
        )
    return value


def find_claim(session: Session, ref: str) -> Claim:
    text = (ref or "").strip()
    claim = session.get(Claim, text) or session.scalars(select(Claim).where(Claim.slug == text)).first()
    if claim is None:
        raise NotFound(f"unknown claim {ref!r}", "list them with prov list claims, or add-claim")
    return claim


def add_claim(session: Session, slug: str, text: str, *, kind: str | None = None) -> Outcome:
    """A claim with a stable id derived from its slug; the same slug again updates its words.

    ``kind`` defaults to "position" for a new claim and leaves an existing claim's kind alone.
    """
    slug = check_slug(slug)
    text = clean_text(text, "claim text")
    kind = choice(kind, CLAIM_KINDS, "claim kind") if kind is not None else None
    existing = session.scalars(select(Claim).where(Claim.slug == slug)).first()
    if existing is not None:
        changed = apply_updates(existing, {"text": text, "kind": kind})
        return Outcome("claim", existing.id, slug, "updated" if changed else "found")
    claim = Claim(id=stable_id("claim", slug), slug=slug, text=text, kind=kind or "position")
    session.add(claim)
    session.flush()
    return Outcome("claim", claim.id, slug, "created")
