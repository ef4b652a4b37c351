"""A person's statements in time order, each with every reading recorded of it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from provenance.api.claims import find_claim
from provenance.api.contradictions import (
    READING_COLUMNS,
    STATEMENT_COLUMNS,
    Said,
    add_reading,
    describe,
    person_ref,
    said_from_row,
    sort_readings,
)
from provenance.api.people import find_person
from provenance.models import Claim, Stance, Statement

_BY_SPEAKER = select(*STATEMENT_COLUMNS, *READING_COLUMNS).where(Statement.speaker_id == bindparam("speaker"))
_ALL = _BY_SPEAKER.outerjoin(Stance, Stance.statement_id == Statement.id).outerjoin(
    Claim, Claim.id == Stance.claim_id
)
_ON_CLAIM = _BY_SPEAKER.join(
    Stance, and_(Stance.statement_id == Statement.id, Stance.claim_id == bindparam("claim"))
).join(Claim, Claim.id == Stance.claim_id)


def timeline(session: Session, person: str, *, claim: str | None = None) -> dict[str, Any]:
    """The person's statements, earliest first (undated last, ties by id), with their stances.

    Without ``claim`` every statement is listed, read or not; with it, only those read on it, and
    only their readings on it.
    """
    who = find_person(session, person)
    wanted = find_claim(session, claim) if claim is not None else None
    query = _ON_CLAIM if wanted is not None else _ALL
    params = {"speaker": who.id, "claim": wanted.id if wanted is not None else None}

    own = person_ref(who)
    statements: dict[str, Said] = {}
    claims: dict[str, dict[str, Any]] = {}
    for row in session.connection().execute(query, params):
        said = statements.get(row[0])
        if said is None:
            said = statements[row[0]] = said_from_row(row)
            said.speaker = own
        add_reading(said, row, claims)
    sort_readings(statements.values())

    ordered = sorted(
        statements.values(),
        key=lambda s: (s.when is None, s.when.at if s.when else datetime.min, s.id),
    )
    details = describe(session, ordered)
    entries = []
    for said in ordered:
        entry = dict(details[said.id])
        entry["stances"] = [
            {
                "claim": claims[claim_id]["slug"],
                "stance": reading["stance"],
                "basis": reading["basis"],
                "reader": reading["reader"],
                "note": reading["note"],
            }
            for claim_id in sorted(said.readings, key=lambda c: claims[c]["slug"])
            for reading in said.readings[claim_id]
        ]
        entries.append(entry)
    return {"person": own, "claim": wanted.slug if wanted is not None else None, "statements": entries}
