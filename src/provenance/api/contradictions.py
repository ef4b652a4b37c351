"""Contradictions: pairs of one person's statements that take opposite stances on the same claim.

A pair is only as good as the readings behind it, so every side carries all of its readings, its
source with the archive copies, and the articles that quoted it. The whole report costs a handful
of queries whatever the number of statements: one for the statements with their readings, one
for sources and archive copies, one for quotations with their articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, or_, select
from sqlalchemy.orm import Session, aliased

from provenance.api.claims import find_claim
from provenance.api.people import find_person
from provenance.dates import When, days_apart, parse_when
from provenance.errors import InvalidInput
from provenance.models import (
    Affiliation,
    ArchiveCopy,
    Article,
    Claim,
    Person,
    Quotation,
    Source,
    Stance,
    Statement,
)

# Preference when a pair of multi-read statements qualifies in several ways: one fixed order keeps
# the report identical from run to run.
STANCE_ORDER = ("supports", "opposes", "neutral")
# The longest period a precision names (a leap year): a statement starting this long before a
# bound may still overlap it, so SQL can narrow by said_at and Python decide exactly.
_LONGEST_PERIOD = timedelta(days=366)
# Below SQLite's oldest limit on bound parameters (999).
_CHUNK = 500

STATEMENT_COLUMNS = (
    Statement.id,
    Statement.speaker_id,
    Statement.source_id,
    Statement.text,
    Statement.language,
    Statement.said_at,
    Statement.said_precision,
    Statement.locator,
)
READING_COLUMNS = (
    Stance.claim_id,
    Stance.stance,
    Stance.basis,
    Stance.reader,
    Stance.note,
    Stance.recorded_at,
    Claim.slug,
    Claim.text,
    Claim.kind,
)

_READINGS = (
    select(*STATEMENT_COLUMNS, *READING_COLUMNS)
    .join(Stance, Stance.statement_id == Statement.id)
    .join(Claim, Claim.id == Stance.claim_id)
)
# The plain report is built once; building a select costs more than running it for one person.
_OWN = _READINGS.where(Statement.speaker_id == bindparam("speaker"))
_OWN_ON_CLAIM = _OWN.where(Stance.claim_id == bindparam("claim"))


@dataclass
class Said:
    """One statement as the reports read it, with its readings grouped by claim id."""

    id: str
    speaker_id: str | None
    source_id: str | None
    text: str | None
    language: str | None
    when: When | None
    locator: str | None
    speaker: dict[str, Any] | None = None
    via_affiliation: dict[str, Any] | None = None
    readings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def person_ref(person: Person) -> dict[str, Any]:
    return {"id": person.id, "name": person.name, "kind": person.kind}


def iso(moment: datetime | None) -> str | None:
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z" if moment is not None else None


def claim_ref(claim_id: str, slug: str, text: str, kind: str) -> dict[str, Any]:
    return {"id": claim_id, "slug": slug, "text": text, "kind": kind}


def said_from_row(row: Any) -> Said:
    """A ``Said`` from a row whose first columns are ``STATEMENT_COLUMNS``."""
    return Said(
        id=row[0],
        speaker_id=row[1],
        source_id=row[2],
        text=row[3],
        language=row[4],
        when=When.from_stored(row[5], row[6]),
        locator=row[7],
    )


def add_reading(said: Said, row: Sequence[Any], claims: dict[str, dict[str, Any]]) -> None:
    """Attach the reading in ``row`` (``READING_COLUMNS`` after ``STATEMENT_COLUMNS``), if any."""
    claim_id, stance, basis, reader, note, recorded_at, slug, text, kind = row[len(STATEMENT_COLUMNS) :]
    if claim_id is None:
        return
    claims.setdefault(claim_id, claim_ref(claim_id, slug, text, kind))
    said.readings.setdefault(claim_id, []).append(
        {"stance": stance, "basis": basis, "reader": reader, "note": note, "recorded_at": iso(recorded_at)}
    )


def sort_readings(statements: Iterable[Said]) -> None:
    for said in statements:
        for readings in said.readings.values():
            readings.sort(key=lambda r: (r["reader"], r["stance"]))


def chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def describe(session: Session, statements: Sequence[Said]) -> dict[str, dict[str, Any]]:
    """The JSON every report shows of a statement: words, date, speaker, source, copies, quotes.

    Two queries for any number of statements: sources with their archive copies, then quotations
    with their articles (and the URL of the source a quote of a quote went through).
    """
    sources = _sources(session, [s.source_id for s in statements if s.source_id])
    quotations = _quotations(session, [s.id for s in statements])
    return {s.id: _describe(s, sources.get(s.source_id or ""), quotations.get(s.id, [])) for s in statements}


_VIA = aliased(Source)
# The expanding parameter keeps one cached compiled form whatever the number of ids.
_SOURCES = (
    select(Source.id, Source.url, Source.kind, Source.title, ArchiveCopy.url)
    .outerjoin(ArchiveCopy, ArchiveCopy.source_id == Source.id)
    .where(Source.id.in_(bindparam("ids", expanding=True)))
)
_QUOTATIONS = (
    select(
        Quotation.statement_id,
        Quotation.quoted_text,
        Quotation.quoted_lang,
        Quotation.relation,
        Quotation.attributed_as,
        Article.id,
        Article.url,
        Article.title,
        Article.published_at,
        Article.published_precision,
        Article.language,
        Article.publisher,
        _VIA.url,
    )
    .join(Article, Article.id == Quotation.article_id)
    .outerjoin(_VIA, _VIA.id == Quotation.via_source_id)
    .where(Quotation.statement_id.in_(bindparam("ids", expanding=True)))
)


def _sources(session: Session, source_ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    connection = session.connection()
    for chunk in chunks(source_ids):
        for source_id, url, kind, title, archive_url in connection.execute(_SOURCES, {"ids": chunk}):
            entry = found.setdefault(
                source_id,
                {"source": {"id": source_id, "url": url, "kind": kind, "title": title}, "archive_urls": []},
            )
            if archive_url is not None:
                entry["archive_urls"].append(archive_url)
    for entry in found.values():
        entry["archive_urls"].sort()
    return found


def _quotations(session: Session, statement_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    connection = session.connection()
    for chunk in chunks(statement_ids):
        for row in connection.execute(_QUOTATIONS, {"ids": chunk}):
            published = When.from_stored(row[8], row[9])
            found.setdefault(row[0], []).append(
                {
                    "article": {
                        "id": row[5],
                        "url": row[6],
                        "title": row[7],
                        "published": published.isoformat() if published else None,
                        "published_precision": published.precision.value if published else None,
                        "language": row[10],
                        "publisher": row[11],
                    },
                    "quoted_text": row[1],
                    "quoted_lang": row[2],
                    "relation": row[3],
                    "attributed_as": row[4],
                    "via": row[12],
                }
            )
    for quotes in found.values():
        quotes.sort(
            key=lambda q: (
                q["article"]["published"] is None,
                q["article"]["published"] or "",
                q["article"]["url"],
                q["quoted_text"],
            )
        )
    return found


def _describe(said: Said, source: dict[str, Any] | None, quoted_in: list[dict[str, Any]]) -> dict[str, Any]:
    text, language = said.text, said.language
    if text is None and quoted_in:
        # Without the original, a statement's natural key is the words as quoted, so every
        # quotation of it prints the same words: any one of them stands in.
        text, language = quoted_in[0]["quoted_text"], quoted_in[0]["quoted_lang"]
    return {
        "statement_id": said.id,
        "text": text,
        "original_known": said.text is not None,
        "language": language,
        "said_at": said.when.isoformat() if said.when else None,
        "precision": said.when.precision.value if said.when else None,
        "said": said.when.display() if said.when else None,
        "speaker": said.speaker,
        "locator": said.locator,
        "source": source["source"] if source else None,
        "archive_urls": list(source["archive_urls"]) if source else [],
        "quoted_in": quoted_in,
    }


def bounds(since: str | When | None, until: str | When | None) -> tuple[When | None, When | None]:
    start = parse_when(since) if since is not None else None
    end = parse_when(until) if until is not None else None
    if start is not None and end is not None and end.end <= start.at:
        raise InvalidInput(
            f"--since {start.display()} is after --until {end.display()}", "swap the two dates"
        )
    return start, end


def _overlaps(when: When | None, since: When | None, until: When | None) -> bool:
    if since is None and until is None:
        return True
    if when is None:
        return False
    return (since is None or when.end > since.at) and (until is None or when.at < until.end)


@dataclass(frozen=True)
class _Window:
    """An affiliation: statements of ``organisation`` count for the person inside its dates."""

    organisation: dict[str, Any]
    role: str | None
    start: When | None
    end: When | None

    def holds(self, when: When | None) -> bool:
        # The whole period must fall inside: a statement dated only "2024" is not known to have
        # been made after someone joined in December 2024.
        if when is None:
            return False
        return (self.start is None or when.at >= self.start.at) and (
            self.end is None or when.end <= self.end.end
        )

    def condition(self) -> ColumnElement[bool]:
        parts = [Statement.speaker_id == self.organisation["id"], Statement.said_at.is_not(None)]
        if self.start is not None:
            parts.append(Statement.said_at >= self.start.at)
        if self.end is not None:
            parts.append(Statement.said_at < self.end.end)
        return and_(*parts)


def _windows(session: Session, person_id: str) -> list[_Window]:
    query = (
        select(
            Person.id,
            Person.name,
            Person.kind,
            Affiliation.role,
            Affiliation.start_at,
            Affiliation.start_precision,
            Affiliation.end_at,
            Affiliation.end_precision,
        )
        .join(Person, Person.id == Affiliation.organisation_id)
        .where(Affiliation.person_id == person_id)
    )
    windows = [
        _Window(
            {"id": row[0], "name": row[1], "kind": row[2]},
            row[3],
            When.from_stored(row[4], row[5]),
            When.from_stored(row[6], row[7]),
        )
        for row in session.connection().execute(query)
    ]
    windows.sort(key=lambda w: (w.start is not None, w.start.at if w.start else datetime.min, w.role or ""))
    return windows


def _earliest_overlapping(since: When) -> datetime:
    try:
        return since.at - _LONGEST_PERIOD
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def _date_condition(since: When | None, until: When | None) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if since is not None:
        parts.append(Statement.said_at >= _earliest_overlapping(since))
    if until is not None:
        parts.append(Statement.said_at < until.end)
    return parts


def _qualifies(first: str, second: str, kind: str) -> bool:
    if kind == "full":
        return {first, second} == {"supports", "opposes"}
    return (first == "neutral") != (second == "neutral")


# Which stances each kind pairs, strongest first.
_KINDS = (("full", "supports", "opposes"), ("half", "neutral", "supports"), ("half", "neutral", "opposes"))


def _candidates(
    on_claim: list[Said], read: dict[str, set[str]], shifts: bool
) -> list[tuple[str, Said, Said]]:
    """Each qualifying pair once, at the strongest kind any combination of readings gives: one
    rating a pair, as on a flip-o-meter, so a full flip under one reading is not also a half."""
    holding = {stance: [s for s in on_claim if stance in read[s.id]] for stance in STANCE_ORDER}
    kinds: dict[tuple[str, str], tuple[str, Said, Said]] = {}
    # Walking only the statements that hold each stance keeps the work proportional to the pairs
    # found, not to the square of a prolific speaker's statements.
    for kind, one, other in _KINDS if shifts else _KINDS[:1]:
        for a in holding[one]:
            for b in holding[other]:
                if a.id == b.id or (a.via_affiliation is not None and b.via_affiliation is not None):
                    continue
                kinds.setdefault((a.id, b.id) if a.id < b.id else (b.id, a.id), (kind, a, b))
    return list(kinds.values())


def _pick(first: set[str], second: set[str], kind: str) -> tuple[str, str]:
    for a in STANCE_ORDER:
        for b in STANCE_ORDER:
            if a in first and b in second and _qualifies(a, b, kind):
                return a, b
    raise AssertionError("no qualifying readings")  # _kind found one


def order(a: Said, b: Said) -> tuple[Said, Said, bool]:
    """(earlier, later, unordered): unordered when a date is missing or the periods overlap."""
    if a.when is not None and b.when is not None:
        settled = a.when.compare(b.when)
        if settled == -1:
            return a, b, False
        if settled == 1:
            return b, a, False
        first, second = sorted((a, b), key=lambda s: (s.when.at if s.when else datetime.min, s.id))
        return first, second, True
    if a.when is not None:
        return a, b, True
    if b.when is not None:
        return b, a, True
    first, second = sorted((a, b), key=lambda s: s.id)
    return first, second, True


def _side(said: Said, details: dict[str, Any], claim_id: str, stance: str) -> dict[str, Any]:
    side = dict(details)
    side["stance"] = stance
    side["readings"] = said.readings[claim_id]
    side["via_affiliation"] = said.via_affiliation
    return side


def _sort_key(item: dict[str, Any]) -> tuple[Any, ...]:
    earlier, later = item["earlier"], item["later"]
    return (
        item["claim"]["slug"],
        earlier["said_at"] is None,
        earlier["said_at"] or "",
        later["said_at"] is None,
        later["said_at"] or "",
        earlier["statement_id"],
        later["statement_id"],
    )


def contradictions(
    session: Session,
    person: str,
    *,
    claim: str | None = None,
    since: str | When | None = None,
    until: str | When | None = None,
    include_affiliated: bool = False,
    shifts: bool = False,
) -> dict[str, Any]:
    """Every pair of the person's statements on one claim read as supporting and opposing it.

    ``since``/``until`` keep statements whose period overlaps [since, end of until); undated ones
    go once a bound is given. ``include_affiliated`` adds statements of organisations the person
    belonged to, made wholly inside the affiliation's dates, paired only with the person's own.
    ``shifts`` adds "half" pairs: one side neutral, the other supporting or opposing.
    """
    who = find_person(session, person)
    wanted = find_claim(session, claim) if claim is not None else None
    start, end = bounds(since, until)
    windows = _windows(session, who.id) if include_affiliated else []

    if start is None and end is None and not windows:
        query = _OWN_ON_CLAIM if wanted is not None else _OWN
    else:
        dates = _date_condition(start, end)
        speakers = [and_(Statement.speaker_id == bindparam("speaker"), *dates)]
        speakers += [and_(w.condition(), *dates) for w in windows]
        query = _READINGS.where(or_(*speakers))
        if wanted is not None:
            query = query.where(Stance.claim_id == bindparam("claim"))
    params = {"speaker": who.id, "claim": wanted.id if wanted is not None else None}

    own_ref = person_ref(who)
    statements: dict[str, Said] = {}
    claims: dict[str, dict[str, Any]] = {}
    for row in session.connection().execute(query, params):
        said = statements.get(row[0])
        if said is None:
            said = said_from_row(row)
            if not _overlaps(said.when, start, end):
                continue
            if said.speaker_id == who.id:
                said.speaker = own_ref
            else:
                window = next(
                    (w for w in windows if w.organisation["id"] == said.speaker_id and w.holds(said.when)),
                    None,
                )
                if window is None:
                    continue
                said.speaker = window.organisation
                said.via_affiliation = {"organisation": window.organisation, "role": window.role}
            statements[said.id] = said
        add_reading(said, row, claims)
    sort_readings(statements.values())

    found: list[tuple[str, str, Said, Said, bool, str, str]] = []
    for claim_id in sorted(claims, key=lambda c: claims[c]["slug"]):
        on_claim = [s for s in statements.values() if claim_id in s.readings]
        read = {s.id: {r["stance"] for r in s.readings[claim_id]} for s in on_claim}
        for kind, a, b in _candidates(on_claim, read, shifts):
            earlier, later, unordered = order(a, b)
            first, second = _pick(read[earlier.id], read[later.id], kind)
            found.append((claim_id, kind, earlier, later, unordered, first, second))

    involved = {s.id: s for pair in found for s in pair[2:4]}
    details = describe(session, list(involved.values()))
    items = [
        {
            "kind": kind,
            "claim": claims[claim_id],
            "unordered": unordered,
            "days_apart": days_apart(earlier.when, later.when) if earlier.when and later.when else None,
            "earlier": _side(earlier, details[earlier.id], claim_id, first),
            "later": _side(later, details[later.id], claim_id, second),
        }
        for claim_id, kind, earlier, later, unordered, first, second in found
    ]
    items.sort(key=_sort_key)
    return {
        "person": own_ref,
        "filters": {
            "claim": wanted.slug if wanted is not None else None,
            "since": start.to_json() if start else None,
            "until": end.to_json() if end else None,
            "include_affiliated": include_affiliated,
            "shifts": shifts,
        },
        "contradictions": items,
    }
