"""People and organisations, their aliases and affiliations."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from provenance.api._common import Outcome, apply_updates, choice
from provenance.dates import When, parse_when
from provenance.errors import Ambiguous, InvalidInput, NotFound
from provenance.ids import stable_id
from provenance.models import Affiliation, Alias, Person
from provenance.models.person import PERSON_KINDS
from provenance.names import clean_text, name_key, optional_text

_WIKIDATA = r"Q[1-9][0-9]*"


def wikidata_item(value: str | None) -> str | None:
    """A Wikidata item id in its usual upper-case form, or None when not given."""
    import re

    wikidata = optional_text(value)
    if wikidata is None:
        return None
    if not re.fullmatch(_WIKIDATA, wikidata.upper()):
        raise InvalidInput(f"Wikidata id {value!r} is malformed", "use the Q-number, e.g. Q7354219")
    return wikidata.upper()


def find_person(session: Session, ref: str) -> Person:
    """A person by id, name or alias (case- and accent-insensitive); NotFound or Ambiguous."""
    person = lookup_person(session, ref)
    if person is None:
        raise NotFound(f"unknown person {ref!r}", "list them with prov list people, or add-person")
    return person


def lookup_person(session: Session, ref: str) -> Person | None:
    text = clean_text(ref, "person name")
    by_id = session.get(Person, text)
    if by_id is not None:
        return by_id
    key = name_key(text)
    by_name = session.scalars(select(Person).where(Person.name_key == key)).first()
    if by_name is not None:
        return by_name
    matches = list(
        session.scalars(
            select(Person).join(Alias, Alias.person_id == Person.id).where(Alias.alias_key == key)
        ).unique()
    )
    if len(matches) > 1:
        names = ", ".join(f"{p.name} ({p.id})" for p in matches)
        raise Ambiguous(f"{ref!r} is an alias of several people: {names}", "give the person's id")
    return matches[0] if matches else None


def add_person(
    session: Session,
    name: str,
    *,
    kind: str = "person",
    description: str | None = None,
    wikidata_id: str | None = None,
    aliases: list[str] | tuple[str, ...] = (),
) -> Outcome:
    """Record a person (or organisation); the same name again is a no-op, new details update it."""
    name = clean_text(name, "name")
    kind = choice(kind, PERSON_KINDS, "kind")
    wikidata = wikidata_item(wikidata_id)
    person = lookup_person(session, name)
    if person is None:
        person = Person(
            id=stable_id("person", name_key(name)),
            name=name,
            name_key=name_key(name),
            kind=kind,
            description=optional_text(description),
            wikidata_id=wikidata,
        )
        session.add(person)
        session.flush()
        action: str = "created"
    else:
        changed = apply_updates(person, {"description": optional_text(description), "wikidata_id": wikidata})
        if kind != "person" and person.kind != kind:
            person.kind = kind
            changed = True
        action = "updated" if changed else "found"
    for alias in aliases:
        if add_alias(session, person.id, alias).action == "created" and action == "found":
            action = "updated"
    return Outcome("person", person.id, person.name, action)  # type: ignore[arg-type]


def add_alias(session: Session, person_ref: str, alias: str) -> Outcome:
    """Another name for a person: a spelling, a handle such as @DavidSacks, a full name."""
    person = find_person(session, person_ref)
    alias = clean_text(alias, "alias")
    key = name_key(alias)
    label = f"{alias} -> {person.name}"
    if key == person.name_key:
        return Outcome("alias", person.id, label, "found")
    other = session.scalars(select(Person).where(Person.name_key == key)).first()
    if other is not None:
        raise InvalidInput(
            f"{alias!r} is already the name of another person ({other.id})",
            "aliases must not shadow a recorded name",
        )
    existing = session.scalars(
        select(Alias).where(Alias.person_id == person.id, Alias.alias_key == key)
    ).first()
    if existing is not None:
        return Outcome("alias", existing.id, label, "found")
    record = Alias(id=stable_id("alias", person.id, key), person_id=person.id, alias=alias, alias_key=key)
    session.add(record)
    session.flush()
    return Outcome("alias", record.id, label, "created")


def add_affiliation(
    session: Session,
    person_ref: str,
    organisation_ref: str,
    *,
    role: str | None = None,
    start: str | When | None = None,
    end: str | When | None = None,
) -> Outcome:
    """The person belonged to the organisation (in a role) from ``start`` until ``end``."""
    person = find_person(session, person_ref)
    organisation = find_person(session, organisation_ref)
    if organisation.id == person.id:
        raise InvalidInput("a person cannot be affiliated with themselves", "name an organisation")
    start_when = parse_when(start) if start is not None else None
    end_when = parse_when(end) if end is not None else None
    if start_when and end_when and end_when.end <= start_when.at:
        raise InvalidInput(
            f"affiliation ends ({end_when.display()}) before it starts ({start_when.display()})",
            "swap --from and --until",
        )
    role = optional_text(role)
    record_id = stable_id(
        "affiliation",
        person.id,
        organisation.id,
        role,
        start_when.isoformat() if start_when else None,
    )
    label = f"{person.name} @ {organisation.name}" + (f" ({role})" if role else "")
    existing = session.get(Affiliation, record_id)
    values = {
        "start_at": start_when.at if start_when else None,
        "start_precision": start_when.precision.value if start_when else None,
        "end_at": end_when.at if end_when else None,
        "end_precision": end_when.precision.value if end_when else None,
    }
    if existing is not None:
        changed = apply_updates(existing, values)
        return Outcome("affiliation", existing.id, label, "updated" if changed else "found")
    session.add(
        Affiliation(id=record_id, person_id=person.id, organisation_id=organisation.id, role=role, **values)
    )
    session.flush()
    return Outcome("affiliation", record_id, label, "created")


def people_matching(session: Session, text: str) -> list[Person]:
    """People whose name or an alias contains ``text`` (for suggestions)."""
    escaped = name_key(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    key = f"%{escaped}%"
    return list(
        session.scalars(
            select(Person)
            .outerjoin(Alias, Alias.person_id == Person.id)
            .where(or_(Person.name_key.like(key, escape="\\"), Alias.alias_key.like(key, escape="\\")))
            .order_by(Person.name)
        ).unique()
    )
