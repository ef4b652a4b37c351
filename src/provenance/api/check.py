"""``prov check``: lint the whole record and list every problem with the ids of the records involved.

Each kind of problem is read with one or two queries over whole tables, never one query a row,
so a check of a large record costs a handful of round trips. Problems are data, not fixes: the
record is left as it is and the researcher decides.

Codes and what they mean:

- ``name-mismatch``: a quotation names its speaker in a way that matches none of the speaker's
  names or aliases; the closest known name among everyone recorded is suggested.
- ``said-after-article``: the statement's period starts after the quoting article's period ends.
- ``unattributed``: the article quotes words it attributes to nobody.
- ``no-archive`` / ``weak-archive``: a source has no usable archive copy, or only archive.today ones.
- ``changed`` / ``gone``: fetched snapshots of a source or article differ, or the latest is 404/410.
- ``quote-missing`` / ``quote-fuzzy`` / ``quote-ambiguous``: what ``prov verify`` stored as anchors;
  the side (source or article) is in the problem and its message.
- ``translation-without-original``: a translated quote whose original words are unknown.
- ``quote-of-quote-without-via``: a quote that reached the article through someone else's document
  with no ``via`` recorded (see ``_second_hand`` for the heuristic).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.dates import When
from provenance.models import (
    Alias,
    Anchor,
    ArchiveCopy,
    Article,
    Person,
    Quotation,
    Snapshot,
    Source,
    Statement,
)
from provenance.names import name_key

SEVERITIES = ("error", "warning", "note")
# Copies an archive said it does not hold (or failed to make) are no evidence at all.
_UNUSABLE_ARCHIVE = ("missing", "failed")
_WEAK_SERVICES = ("archive.today",)
_GONE = (404, 410)
# A leading article does not make another name: "la Maison Blanche" is "Maison Blanche".
_LEADING_ARTICLES = ("the ", "la ", "le ", "les ", "l'", "l\u2019")
_ANCHOR_CODES = {"missing": "quote-missing", "fuzzy": "quote-fuzzy", "ambiguous": "quote-ambiguous"}


@dataclass(frozen=True)
class _Name:
    key: str
    written: str
    person_id: str


def check(session: Session) -> dict[str, Any]:
    """Every problem in the record, errors first, and how many there are of each code."""
    problems: list[dict[str, Any]] = []
    people = {p.id: p for p in session.scalars(select(Person))}
    names = _names(session, people)
    quotes = _quotes(session)
    problems += _name_mismatches(quotes, people, names)
    problems += _dates(quotes)
    problems += _unattributed(quotes)
    problems += _translations(quotes)
    problems += _second_hand(session, quotes, people, names)
    problems += _archives(session)
    problems += _snapshots(session)
    problems += _anchors(session)
    rank = {severity: index for index, severity in enumerate(SEVERITIES)}
    problems.sort(key=lambda p: (rank[p["severity"]], p["code"], sorted(p["ids"].items()), p["message"]))
    summary = dict(sorted(Counter(p["code"] for p in problems).items()))
    return {"problems": problems, "summary": summary, "total": len(problems)}


def _problem(
    code: str, severity: str, message: str, ids: dict[str, str | None], suggestion: str | None = None
) -> dict[str, Any]:
    problem: dict[str, Any] = {
        "code": code,
        "severity": severity,
        "message": message,
        "ids": {kind: value for kind, value in ids.items() if value is not None},
    }
    if suggestion is not None:
        problem["suggestion"] = suggestion
    return problem


# --- names --------------------------------------------------------------------------------------


def _bare(key: str) -> str:
    for article in _LEADING_ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article) :].lstrip()
    return key


def _names(session: Session, people: dict[str, Person]) -> list[_Name]:
    names = [_Name(p.name_key, p.name, p.id) for p in people.values()]
    for person_id, alias, key in session.execute(select(Alias.person_id, Alias.alias, Alias.alias_key)):
        names.append(_Name(key, alias, person_id))
    return names


@dataclass(frozen=True)
class _Quote:
    id: str
    article_id: str
    statement_id: str
    relation: str
    attributed_as: str | None
    via_source_id: str | None
    speaker_id: str | None
    source_id: str | None
    original: str | None
    said: When | None
    published: When | None
    article_url: str


def _quotes(session: Session) -> list[_Quote]:
    rows = session.execute(
        select(
            Quotation.id,
            Quotation.article_id,
            Quotation.statement_id,
            Quotation.relation,
            Quotation.attributed_as,
            Quotation.via_source_id,
            Statement.speaker_id,
            Statement.source_id,
            Statement.text,
            Statement.said_at,
            Statement.said_precision,
            Article.published_at,
            Article.published_precision,
            Article.url,
        )
        .join(Statement, Statement.id == Quotation.statement_id)
        .join(Article, Article.id == Quotation.article_id)
    )
    return [
        _Quote(
            id=r[0],
            article_id=r[1],
            statement_id=r[2],
            relation=r[3],
            attributed_as=r[4],
            via_source_id=r[5],
            speaker_id=r[6],
            source_id=r[7],
            original=r[8],
            said=When.from_stored(r[9], r[10]),
            published=When.from_stored(r[11], r[12]),
            article_url=r[13],
        )
        for r in rows
    ]


def _quote_ids(quote: _Quote, **more: str | None) -> dict[str, str | None]:
    return {
        "quotation_id": quote.id,
        "statement_id": quote.statement_id,
        "article_id": quote.article_id,
        "person_id": quote.speaker_id,
        **more,
    }


def _name_mismatches(
    quotes: list[_Quote], people: dict[str, Person], names: list[_Name]
) -> list[dict[str, Any]]:
    from rapidfuzz import fuzz, process

    own: defaultdict[str, set[str]] = defaultdict(set)
    for name in names:
        own[name.person_id].update((name.key, _bare(name.key)))
    choices = [name.key for name in names]
    problems = []
    for quote in quotes:
        if quote.speaker_id is None or quote.attributed_as is None:
            continue
        key = name_key(quote.attributed_as)
        if key in own[quote.speaker_id] or _bare(key) in own[quote.speaker_id]:
            continue
        speaker = people[quote.speaker_id]
        message = f"the article writes {quote.attributed_as!r} for {speaker.name}, none of whose names it is"
        suggestion = None
        best = process.extractOne(key, choices, scorer=fuzz.WRatio) if choices else None
        if best is not None:
            closest = names[best[2]]
            who = people[closest.person_id].name
            if closest.person_id == quote.speaker_id:
                suggestion = (
                    f"closest known name: {closest.written!r} ({who}, score {best[1]:.0f}); if the article "
                    f"misspells it, nothing to fix; if it is another spelling, add it as an alias of {who}"
                )
            else:
                # Another person's name may be nearest ("Gary Sacks" is as close to Gary Marcus as to
                # David Sacks): the speaker's own nearest name is shown too, so the reader can judge.
                theirs = [n for n in names if n.person_id == quote.speaker_id]
                mine = process.extractOne(key, [n.key for n in theirs], scorer=fuzz.WRatio)
                nearest = f"; {speaker.name}'s nearest name: {theirs[mine[2]].written!r}" if mine else ""
                suggestion = (
                    f"closest known name: {closest.written!r} ({who}, another person, score {best[1]:.0f})"
                    f"{nearest}; check whether {speaker.name} or {who} said it"
                )
        problems.append(
            _problem("name-mismatch", "warning", message, _quote_ids(quote), suggestion)
            | {"closest": _closest(best, names, people)}
        )
    return problems


def _closest(best: tuple[str, float, int] | None, names: list[_Name], people: dict[str, Person]) -> Any:
    if best is None:
        return None
    name = names[best[2]]
    return {
        "name": name.written,
        "person_id": name.person_id,
        "person": people[name.person_id].name,
        "score": round(best[1], 1),
    }


# --- statements and quotations --------------------------------------------------------------------


def _dates(quotes: list[_Quote]) -> list[dict[str, Any]]:
    problems = []
    for quote in quotes:
        # Only when the periods cannot overlap: "November 2025" quoted on 26 November is fine.
        if quote.said is None or quote.published is None or not quote.published.before(quote.said):
            continue
        message = (
            f"the statement is dated {quote.said.display()}, after the article quoting it "
            f"({quote.published.display()}, {quote.article_url})"
        )
        problems.append(
            _problem(
                "said-after-article",
                "error",
                message,
                _quote_ids(quote),
                "correct the statement's date or the article's",
            )
        )
    return problems


def _unattributed(quotes: list[_Quote]) -> list[dict[str, Any]]:
    return [
        _problem(
            "unattributed",
            "warning",
            f"the article quotes these words without naming who said them ({quote.article_url})",
            _quote_ids(quote),
            "find the author and record the quote with --person, or keep it as unattributed",
        )
        for quote in quotes
        if quote.speaker_id is None
    ]


def _translations(quotes: list[_Quote]) -> list[dict[str, Any]]:
    return [
        _problem(
            "translation-without-original",
            "warning",
            "a translated quote whose original words are not recorded: the translation cannot be checked",
            _quote_ids(quote),
            "find the original and record it with --text",
        )
        for quote in quotes
        if quote.relation == "translation" and quote.original is None
    ]


def _second_hand(
    session: Session, quotes: list[_Quote], people: dict[str, Person], names: list[_Name]
) -> list[dict[str, Any]]:
    """Quotes of quotes with no ``via``: a heuristic, since nothing records whose document a source is.

    A statement's source counts as someone else's document when
    - the same source also carries a statement by a different speaker that is an organisation
      (the WSJ article is the source of the WSJ's own lines and of the economist Millar's
      estimate: Millar's words reached the article through the WSJ), or
    - the source names a publisher that is none of the speaker's names or aliases.
    Unattributed statements are left out: with no speaker there is no "someone else".
    """
    organisations: defaultdict[str, set[str]] = defaultdict(set)
    rows = session.execute(
        select(Statement.source_id, Statement.speaker_id)
        .join(Person, Person.id == Statement.speaker_id)
        .where(Statement.source_id.is_not(None), Person.kind == "organisation")
    )
    for source_id, speaker_id in rows:
        if source_id is not None and speaker_id is not None:
            organisations[source_id].add(speaker_id)
    publishers = {
        source_id: publisher
        for source_id, publisher in session.execute(
            select(Source.id, Source.publisher).where(Source.publisher.is_not(None))
        )
    }
    own: defaultdict[str, set[str]] = defaultdict(set)
    for name in names:
        own[name.person_id].add(_bare(name.key))
    problems = []
    for quote in quotes:
        if quote.via_source_id is not None or quote.source_id is None or quote.speaker_id is None:
            continue
        owners = organisations[quote.source_id] - {quote.speaker_id}
        publisher = publishers.get(quote.source_id)
        if owners:
            whose = people[sorted(owners, key=lambda i: people[i].name)[0]].name
        elif publisher is not None and _bare(name_key(publisher)) not in own[quote.speaker_id]:
            whose = publisher
        else:
            continue
        speaker = people[quote.speaker_id].name
        problems.append(
            _problem(
                "quote-of-quote-without-via",
                "warning",
                f"{speaker}'s words come from a document of {whose}, but no via is recorded",
                _quote_ids(quote, source_id=quote.source_id),
                "record the intermediate source with --via, or check the statement's source",
            )
        )
    return problems


# --- archives, snapshots, anchors -----------------------------------------------------------------


def _archives(session: Session) -> list[dict[str, Any]]:
    services: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    rows = session.execute(
        select(ArchiveCopy.source_id, ArchiveCopy.id, ArchiveCopy.service).where(
            ArchiveCopy.source_id.is_not(None),
            ArchiveCopy.status.is_(None) | ArchiveCopy.status.not_in(_UNUSABLE_ARCHIVE),
        )
    )
    for source_id, archive_id, service in rows:
        if source_id is not None:
            services[source_id].append((archive_id, service))
    problems = []
    for source_id, url in session.execute(select(Source.id, Source.url)):
        copies = services.get(source_id, [])
        if not copies:
            problems.append(
                _problem(
                    "no-archive",
                    "warning",
                    f"no archive copy of {url}",
                    {"source_id": source_id},
                    "find or request one with prov archive",
                )
            )
        elif all(service in _WEAK_SERVICES for _, service in copies):
            problems.append(
                _problem(
                    "weak-archive",
                    "note",
                    f"{url} is archived only on archive.today, weaker evidence than a Wayback capture "
                    "(the service has been caught altering captured pages)",
                    {"source_id": source_id, "archive_id": sorted(copies)[0][0]},
                    "add a Wayback Machine copy with prov archive",
                )
            )
    return problems


def _snapshots(session: Session) -> list[dict[str, Any]]:
    owners: dict[str, dict[str, str | None]] = {}
    archived: set[str] = set()
    for source_id, url in session.execute(select(Source.id, Source.url)):
        owners[url] = {"source_id": source_id}
    for article_id, url in session.execute(select(Article.id, Article.url)):
        owners.setdefault(url, {"article_id": article_id})
    for copy_of_source, copy_of_article in session.execute(
        select(ArchiveCopy.source_id, ArchiveCopy.article_id).where(
            ArchiveCopy.status.is_(None) | ArchiveCopy.status.not_in(_UNUSABLE_ARCHIVE)
        )
    ):
        owner = copy_of_source or copy_of_article
        if owner is not None:
            archived.add(owner)
    history: defaultdict[str, list[tuple[Any, int | None, str | None]]] = defaultdict(list)
    rows = session.execute(
        select(Snapshot.url, Snapshot.fetched_at, Snapshot.status_code, Snapshot.body_sha256)
        .where(Snapshot.url.in_(select(Source.url).union(select(Article.url)).scalar_subquery()))
        .order_by(Snapshot.url, Snapshot.fetched_at)
    )
    for url, fetched_at, status, body in rows:
        history[url].append((fetched_at, status, body))
    problems = []
    for url, fetches in sorted(history.items()):
        ids = owners[url]
        what = "source" if "source_id" in ids else "article"
        ok = [
            (at, body) for at, status, body in fetches if status is not None and 200 <= status < 300 and body
        ]
        if len({body for _, body in ok}) > 1:
            first = next(at for at, body in ok if body != ok[0][1])
            problems.append(
                _problem(
                    "changed",
                    "warning",
                    f"the {what} {url} changed: the body fetched {first:%Y-%m-%d %H:%M} UTC differs "
                    f"from the one fetched {ok[0][0]:%Y-%m-%d %H:%M} UTC",
                    ids,
                    "compare with an archive copy and run prov verify again",
                )
            )
        last_at, last_status, _ = fetches[-1]
        if last_status in _GONE:
            has_copy = (ids.get("source_id") or ids.get("article_id")) in archived
            problems.append(
                _problem(
                    "gone",
                    "warning" if has_copy else "error",
                    f"the {what} {url} answered {last_status} when last fetched "
                    f"({last_at:%Y-%m-%d %H:%M} UTC)",
                    ids,
                    "rely on its archive copy" if has_copy else "look for an archive copy with prov archive",
                )
            )
    return problems


def _anchors(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(
        select(
            Anchor.side,
            Anchor.status,
            Anchor.score,
            Anchor.url,
            Quotation.id,
            Quotation.statement_id,
            Quotation.article_id,
            Statement.source_id,
            Statement.speaker_id,
        )
        .join(Quotation, Quotation.id == Anchor.quotation_id)
        .join(Statement, Statement.id == Quotation.statement_id)
        .where(Anchor.status.in_(tuple(_ANCHOR_CODES)))
    )
    problems = []
    for side, status, score, url, quotation_id, statement_id, article_id, source_id, speaker_id in rows:
        where = f"the {side}" + (f" ({url})" if url else "")
        if status == "missing":
            message, severity = f"the quote was not found in {where}", "error"
        elif status == "fuzzy":
            shown = f", score {score:.0f}" if score is not None else ""
            message, severity = f"the quote was found in {where} only approximately{shown}", "warning"
        else:
            message, severity = (
                f"the quote occurs more than once in {where} and its context does not tell which",
                "warning",
            )
        problems.append(
            _problem(
                _ANCHOR_CODES[status],
                severity,
                message,
                {
                    "quotation_id": quotation_id,
                    "statement_id": statement_id,
                    "article_id": article_id,
                    "source_id": source_id if side == "source" else None,
                    "person_id": speaker_id,
                },
                "read the page and correct the quoted text" if status != "ambiguous" else None,
            )
            | {"side": side}
        )
    return problems
