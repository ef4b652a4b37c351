"""Stances: a reading of a statement as supporting, opposing or neutral on a claim."""

from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.api._common import Outcome, choice
from provenance.api.claims import find_claim
from provenance.errors import Ambiguous, NotFound
from provenance.ids import stable_id
from provenance.models import Stance, Statement
from provenance.models.claim import BASES, STANCES
from provenance.names import clean_text, optional_text

READER_ENV = "PROV_READER"
DEFAULT_READER = "unnamed reader"


def default_reader() -> str:
    """Who records a reading when nobody is named: $PROV_READER, else an honest placeholder."""
    return os.environ.get(READER_ENV, "").strip() or DEFAULT_READER


def find_statement(session: Session, ref: str) -> Statement:
    text = (ref or "").strip()
    statement = session.get(Statement, text)
    if statement is None and len(text) >= 8:
        matches = list(session.scalars(select(Statement).where(Statement.id.startswith(text)).limit(2)))
        if len(matches) > 1:
            raise Ambiguous(f"statement id prefix {ref!r} matches several statements", "give more characters")
        statement = matches[0] if matches else None
    if statement is None:
        raise NotFound(f"unknown statement {ref!r}", "list them with prov list statements")
    return statement


def set_stance(
    session: Session,
    statement_ref: str,
    claim_ref: str,
    stance: str,
    *,
    reader: str | None = None,
    basis: str = "stated",
    note: str | None = None,
) -> Outcome:
    """Record one reader's reading; the same reader reading again replaces their reading."""
    stance = choice(stance, STANCES, "stance")
    basis = choice(basis, BASES, "basis")
    statement = find_statement(session, statement_ref)
    claim = find_claim(session, claim_ref)
    who = clean_text(reader, "reader") if reader is not None else default_reader()
    note = optional_text(note)
    label = f"{statement.id[:8]} {stance} {claim.slug}"
    existing = session.scalars(
        select(Stance).where(
            Stance.statement_id == statement.id, Stance.claim_id == claim.id, Stance.reader == who
        )
    ).first()
    if existing is not None:
        if (existing.stance, existing.basis, existing.note) == (stance, basis, note):
            return Outcome("stance", existing.id, label, "found")
        existing.stance, existing.basis, existing.note = stance, basis, note
        return Outcome("stance", existing.id, label, "updated")
    record = Stance(
        id=stable_id("stance", statement.id, claim.id, who),
        statement_id=statement.id,
        claim_id=claim.id,
        stance=stance,
        basis=basis,
        reader=who,
        note=note,
    )
    session.add(record)
    session.flush()
    return Outcome("stance", record.id, label, "created")
