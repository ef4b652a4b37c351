"""Bundles: the whole record as one JSON document, and merging such a document into a database.

Writing one is ``provenance.exports.bundle``; this module reads, checks and merges them.

Records keep their stable ids (see ``provenance.ids``), so bundles from two researchers merge
without duplicates. On import, a record already stored under its id, or under its natural key
(a person's name key, a source's URL, a statement's fingerprint...) with another id, is kept as
stored and counted "existing"; whatever the bundle points at it is pointed at the stored copy.
A statement one side knows only from a quote and the other with its original words is the same
statement too (see ``_Merger.same_statements``): the original completes the quote-only record,
which is counted "existing" as well (there is no "updated" count).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from os import PathLike
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from provenance import schemas
from provenance.api._common import sha256
from provenance.api.quotes import statement_fingerprint
from provenance.dates import Precision, When
from provenance.errors import BundleError, InvalidURL
from provenance.ids import stable_id
from provenance.models import (
    Affiliation,
    Alias,
    ArchiveCopy,
    Article,
    Base,
    Claim,
    Person,
    Quotation,
    Source,
    Stance,
    Statement,
)
from provenance.names import name_key
from provenance.urls import check_url, infer_source_kind, parse_archive_url

FORMAT = "prov-bundle/1"
# Import order: each table comes after the tables it refers to.
TABLES = (
    "people",
    "aliases",
    "affiliations",
    "sources",
    "articles",
    "archives",
    "claims",
    "statements",
    "quotations",
    "stances",
)
_NOT_A_BUNDLE = "give a file written by prov export"
# Well under SQLite's and PostgreSQL's limits on bound parameters per statement.
_CHUNK = 500


# --- reading a file -----------------------------------------------------------------------------


def read_bundle_file(path_or_dash: str | PathLike[str]) -> Any:
    """The JSON document in a file (``-``: standard input); BundleError if it cannot be read as JSON."""
    from provenance.files import load_json, read_text, shown_name

    return load_json(read_text(path_or_dash), shown_name(path_or_dash), _NOT_A_BUNDLE)


# --- checking a document ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    path: str  # where the record is in the document, for error messages
    id: str | None  # its id in the bundle (aliases have none: theirs derives from person and key)
    values: dict[str, Any]  # the model's columns, derived ones recomputed


@dataclass(frozen=True)
class _Ref:
    order: int  # position in the document, so the first dangling one is reported
    path: str
    table: str
    id: str


@dataclass
class Bundle:
    """A document that passed every check needing no database: rows ready to merge."""

    rows: dict[str, list[_Row]] = field(default_factory=lambda: {t: [] for t in TABLES})
    ids: dict[str, set[str]] = field(default_factory=lambda: {t: set() for t in TABLES})
    refs: list[_Ref] = field(default_factory=list)


def parse_bundle(document: Any) -> Bundle:
    """Check a document against the format, the schema and the rules the API enforces.

    Runs before the database is opened, so a bad file neither creates nor migrates one.
    """
    if isinstance(document, Bundle):
        return document
    if not isinstance(document, dict):
        raise BundleError(
            f"not a prov bundle: the JSON document is {_json_type(document)}, not an object", _NOT_A_BUNDLE
        )
    if "format" not in document:
        raise BundleError('not a prov bundle: no "format" field', _NOT_A_BUNDLE)
    if document["format"] != FORMAT:
        raise BundleError(
            f"unsupported bundle format {document['format']!r}: this prov reads {FORMAT!r}",
            "export it again with this version of prov, or upgrade prov",
        )
    schemas.validate("bundle", document)
    return _Parser().parse(document)


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    return "null" if value is None else "a number"


class _Parser:
    def __init__(self) -> None:
        self.bundle = Bundle()
        self.seen: dict[tuple[str, Hashable], str] = {}

    def parse(self, doc: dict[str, Any]) -> Bundle:
        for index, item in enumerate(doc.get("people", [])):
            self.person(f"$.people[{index}]", item)
        for index, item in enumerate(doc.get("affiliations", [])):
            self.affiliation(f"$.affiliations[{index}]", item)
        for index, item in enumerate(doc.get("sources", [])):
            self.source(f"$.sources[{index}]", item)
        for index, item in enumerate(doc.get("articles", [])):
            self.article(f"$.articles[{index}]", item)
        for index, item in enumerate(doc.get("claims", [])):
            self.claim(f"$.claims[{index}]", item)
        for index, item in enumerate(doc.get("statements", [])):
            self.statement(f"$.statements[{index}]", item)
        for index, item in enumerate(doc.get("quotations", [])):
            self.quotation(f"$.quotations[{index}]", item)
        for index, item in enumerate(doc.get("stances", [])):
            self.stance(f"$.stances[{index}]", item)
        return self.bundle

    def add(self, table: str, path: str, values: dict[str, Any], key: tuple[Any, ...], what: str) -> None:
        record_id = values.get("id")
        if record_id is not None:
            self.once(f"{table}.id", record_id, f"{path}.id", "the same id")
            self.bundle.ids[table].add(record_id)
        self.once(table, key, path, what)
        self.bundle.rows[table].append(_Row(path, record_id, values))

    def once(self, space: str, key: Hashable, path: str, what: str) -> None:
        first = self.seen.setdefault((space, key), path)
        if first != path:
            raise BundleError(f"{path}: {what} as {first}", "keep one of the two records")

    def ref(self, path: str, table: str, value: str | None) -> None:
        if value is not None:
            self.bundle.refs.append(_Ref(len(self.bundle.refs), path, table, value))

    def person(self, path: str, item: dict[str, Any]) -> None:
        name = _text(item["name"], f"{path}.name")
        key = name_key(name)
        values = {
            "id": item["id"],
            "name": name,
            "name_key": key,
            "kind": item.get("kind", "person"),
            "description": _optional_text(item.get("description"), f"{path}.description"),
            "wikidata_id": item.get("wikidata_id"),
        }
        self.add("people", path, values, (key,), "the same name (ignoring case and accents)")
        for index, alias in enumerate(item.get("aliases", [])):
            alias_path = f"{path}.aliases[{index}]"
            alias = _text(alias, alias_path)
            alias_key = name_key(alias)
            if alias_key == key:
                raise BundleError(f"{alias_path}: the alias is the person's own name", "drop it")
            alias_values = {"person_id": item["id"], "alias": alias, "alias_key": alias_key}
            self.add("aliases", alias_path, alias_values, (item["id"], alias_key), "the same alias")

    def affiliation(self, path: str, item: dict[str, Any]) -> None:
        person_id, organisation_id = item["person_id"], item["organisation_id"]
        if person_id == organisation_id:
            raise BundleError(
                f"{path}.organisation_id: a person cannot be affiliated with themselves",
                "name an organisation",
            )
        start = _parse_when(item.get("start"), f"{path}.start")
        end = _parse_when(item.get("end"), f"{path}.end")
        if start and end and end.end <= start.at:
            raise BundleError(f"{path}.end: the affiliation ends before it starts", "fix the dates")
        values = {
            "id": item["id"],
            "person_id": person_id,
            "organisation_id": organisation_id,
            "role": _optional_text(item.get("role"), f"{path}.role"),
            "start_at": start.at if start else None,
            "start_precision": start.precision.value if start else None,
            "end_at": end.at if end else None,
            "end_precision": end.precision.value if end else None,
        }
        key = (person_id, organisation_id, values["role"], values["start_at"], values["start_precision"])
        self.add("affiliations", path, values, key, "the same affiliation")
        self.ref(f"{path}.person_id", "people", person_id)
        self.ref(f"{path}.organisation_id", "people", organisation_id)

    def source(self, path: str, item: dict[str, Any]) -> None:
        url = _url(item["url"], f"{path}.url")
        published = _parse_when(item.get("published"), f"{path}.published")
        values = {
            "id": item["id"],
            "url": url,
            "kind": item.get("kind") or infer_source_kind(url).value,
            "title": _optional_text(item.get("title"), f"{path}.title"),
            "publisher": _optional_text(item.get("publisher"), f"{path}.publisher"),
            "language": item.get("language"),
            "published_at": published.at if published else None,
            "published_precision": published.precision.value if published else None,
        }
        self.add("sources", path, values, (url,), "the same URL")
        for index, archive in enumerate(item.get("archives", [])):
            self.archive(f"{path}.archives[{index}]", archive, ("source", item["id"]), url)

    def archive(self, path: str, item: dict[str, Any], owner: tuple[str, str], owner_url: str) -> None:
        url = _url(item["url"], f"{path}.url")
        kind, owner_id = owner
        if url == owner_url:
            raise BundleError(f"{path}.url: the archive URL is the {kind} URL itself", "give the copy's URL")
        info = parse_archive_url(url)
        if "captured_at" in item:
            captured = item["captured_at"]
            captured_at = _moment(captured, f"{path}.captured_at") if captured is not None else None
        else:
            captured_at = info.captured_at
        checked = item.get("checked_at")
        values = {
            "id": item["id"],
            "source_id": owner_id if kind == "source" else None,
            "article_id": owner_id if kind == "article" else None,
            "url": url,
            "service": _text(item.get("service", info.service), f"{path}.service"),
            "captured_at": captured_at,
            "status": item.get("status"),
            "checked_at": _moment(checked, f"{path}.checked_at") if checked is not None else None,
        }
        self.add("archives", path, values, (url,), "the same archive URL")

    def article(self, path: str, item: dict[str, Any]) -> None:
        url = _url(item["url"], f"{path}.url")
        published = _parse_when(item.get("published"), f"{path}.published")
        values = {
            "id": item["id"],
            "url": url,
            "title": _optional_text(item.get("title"), f"{path}.title"),
            "publisher": _optional_text(item.get("publisher"), f"{path}.publisher"),
            "language": item.get("language"),
            "published_at": published.at if published else None,
            "published_precision": published.precision.value if published else None,
        }
        self.add("articles", path, values, (url,), "the same URL")
        for index, archive in enumerate(item.get("archives", [])):
            self.archive(f"{path}.archives[{index}]", archive, ("article", item["id"]), url)

    def claim(self, path: str, item: dict[str, Any]) -> None:
        values = {
            "id": item["id"],
            "slug": item["slug"],
            "text": _text(item["text"], f"{path}.text"),
            "kind": item.get("kind", "position"),
        }
        self.add("claims", path, values, (item["slug"],), "the same slug")

    def statement(self, path: str, item: dict[str, Any]) -> None:
        said = _parse_when(item.get("said"), f"{path}.said")
        values = {
            "id": item["id"],
            "speaker_id": item.get("speaker_id"),
            "source_id": item.get("source_id"),
            "text": _optional_text(item.get("text"), f"{path}.text"),
            "language": item.get("language"),
            "said_at": said.at if said else None,
            "said_precision": said.precision.value if said else None,
            "locator": _optional_text(item.get("locator"), f"{path}.locator"),
            # Kept as recorded: it is the natural key the statement was first stored under, and
            # it hashes ids, so recomputing it after a merge would split one statement in two.
            "fingerprint": item["fingerprint"],
        }
        self.add("statements", path, values, (item["fingerprint"],), "the same fingerprint")
        self.ref(f"{path}.speaker_id", "people", values["speaker_id"])
        self.ref(f"{path}.source_id", "sources", values["source_id"])

    def quotation(self, path: str, item: dict[str, Any]) -> None:
        quoted = _text(item["quoted_text"], f"{path}.quoted_text")
        values = {
            "id": item["id"],
            "article_id": item["article_id"],
            "statement_id": item["statement_id"],
            "quoted_text": quoted,
            "text_hash": sha256(quoted),
            "quoted_lang": item.get("quoted_lang"),
            "relation": item["relation"],
            "attributed_as": _optional_text(item.get("attributed_as"), f"{path}.attributed_as"),
            "via_source_id": item.get("via_source_id"),
        }
        key = (item["article_id"], item["statement_id"], values["text_hash"])
        self.add("quotations", path, values, key, "the same article, statement and quoted text")
        self.ref(f"{path}.article_id", "articles", item["article_id"])
        self.ref(f"{path}.statement_id", "statements", item["statement_id"])
        self.ref(f"{path}.via_source_id", "sources", values["via_source_id"])

    def stance(self, path: str, item: dict[str, Any]) -> None:
        reader = _text(item["reader"], f"{path}.reader")
        recorded = item.get("recorded_at")
        values = {
            "id": item["id"],
            "statement_id": item["statement_id"],
            "claim_id": item["claim_id"],
            "stance": item["stance"],
            "basis": item.get("basis", "stated"),
            "reader": reader,
            "note": _optional_text(item.get("note"), f"{path}.note"),
            "recorded_at": (
                _moment(recorded, f"{path}.recorded_at")
                if recorded is not None
                else datetime.now(UTC).replace(microsecond=0)
            ),
        }
        key = (item["statement_id"], item["claim_id"], reader)
        self.add("stances", path, values, key, "the same reader's stance on the same statement and claim")
        self.ref(f"{path}.statement_id", "statements", item["statement_id"])
        self.ref(f"{path}.claim_id", "claims", item["claim_id"])


def _text(value: str, path: str) -> str:
    # The API strips every text it stores; a padded one would be a second spelling of a record.
    if value != value.strip() or not value:
        raise BundleError(f"{path}: text is empty or starts or ends with whitespace", "strip it")
    return value


def _optional_text(value: str | None, path: str) -> str | None:
    return None if value is None else _text(value, path)


def _url(value: str, path: str) -> str:
    try:
        return check_url(value)
    except InvalidURL as error:
        raise BundleError(f"{path}: {error.message}", error.hint) from None


def _moment(text: str, path: str) -> datetime:
    try:
        return datetime.fromisoformat(text).astimezone(UTC)
    except ValueError:
        raise BundleError(
            f"{path}: impossible date {text!r}", "write ISO 8601 in UTC, e.g. 2025-11-06T16:52:00Z"
        ) from None


def _parse_when(value: dict[str, str] | None, path: str) -> When | None:
    if value is None:
        return None
    return When(_moment(value["at"], f"{path}.at"), Precision(value["precision"]))


# --- merging ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    model: type[Base]
    key: tuple[str, ...]  # the natural key: the columns of its unique constraint
    lookup: str  # the key column stored keys are looked up by
    refs: tuple[tuple[str, str], ...] = ()  # (column, table it refers to)
    what: str = ""


_SPECS = {
    "people": _Table(Person, ("name_key",), "name_key", what="person"),
    "aliases": _Table(Alias, ("person_id", "alias_key"), "person_id", (("person_id", "people"),)),
    "affiliations": _Table(
        Affiliation,
        ("person_id", "organisation_id", "role", "start_at", "start_precision"),
        "person_id",
        (("person_id", "people"), ("organisation_id", "people")),
    ),
    "sources": _Table(Source, ("url",), "url", what="source"),
    "archives": _Table(ArchiveCopy, ("url",), "url", (("source_id", "sources"), ("article_id", "articles"))),
    "articles": _Table(Article, ("url",), "url", what="article"),
    "claims": _Table(Claim, ("slug",), "slug", what="claim"),
    "statements": _Table(
        Statement,
        ("fingerprint",),
        "fingerprint",
        (("speaker_id", "people"), ("source_id", "sources")),
        what="statement",
    ),
    "quotations": _Table(
        Quotation,
        ("article_id", "statement_id", "text_hash"),
        "statement_id",
        (("article_id", "articles"), ("statement_id", "statements"), ("via_source_id", "sources")),
    ),
    "stances": _Table(
        Stance,
        ("statement_id", "claim_id", "reader"),
        "statement_id",
        (("statement_id", "statements"), ("claim_id", "claims")),
    ),
}


@dataclass
class ImportResult:
    """How many records of each table the import created, and how many were already there."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {t: {"created": 0, "existing": 0} for t in TABLES}
    )

    @property
    def created(self) -> int:
        return sum(c["created"] for c in self.counts.values())

    @property
    def existing(self) -> int:
        return sum(c["existing"] for c in self.counts.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created": self.created,
            "existing": self.existing,
            "tables": {table: dict(self.counts[table]) for table in TABLES},
        }


def import_bundle(session: Session, document: Any) -> ImportResult:
    """Merge a bundle into the database, all or nothing.

    Every check runs before the first insert, so a refused bundle writes nothing even inside a
    transaction the caller goes on to commit. Importing the same bundle twice changes nothing.
    """
    bundle = parse_bundle(document)
    _check_references(session, bundle)
    return _Merger(session, bundle).run()


def _check_references(session: Session, bundle: Bundle) -> None:
    pending: defaultdict[str, list[_Ref]] = defaultdict(list)
    for ref in bundle.refs:
        if ref.id not in bundle.ids[ref.table]:
            pending[ref.table].append(ref)
    dangling: list[_Ref] = []
    for table, refs in pending.items():
        stored = _stored_ids(session, _SPECS[table].model, [r.id for r in refs])
        dangling.extend(r for r in refs if r.id not in stored)
    if dangling:
        first = min(dangling, key=lambda ref: ref.order)
        raise BundleError(
            f"{first.path}: no {_SPECS[first.table].what} {first.id} in the bundle or the database",
            "import the bundle that holds it first, or export the bundle again with it",
        )


class _Merger:
    def __init__(self, session: Session, bundle: Bundle) -> None:
        self.session = session
        self.bundle = bundle
        self.result = ImportResult()
        # bundle id -> the id the record has in the database after the merge
        self.ids: dict[str, dict[str, str]] = {t: {} for t in TABLES}

    def run(self) -> ImportResult:
        for table in TABLES:
            self.merge(table)
        return self.result

    def merge(self, table: str) -> None:
        spec = _SPECS[table]
        counts = self.result.counts[table]
        rows: list[tuple[_Row, dict[str, Any]]] = []
        for row in self.bundle.rows[table]:
            values = dict(row.values)
            for column, target in spec.refs:
                if values[column] is not None:
                    values[column] = self.ids[target].get(values[column], values[column])
            rows.append((row, values))
        if table == "aliases":
            rows = self.new_aliases(rows)
        stored_ids = _stored_ids(self.session, spec.model, [values["id"] for _, values in rows])
        known = _stored_keys(self.session, spec, [values[spec.lookup] for _, values in rows])
        same = self.same_statements(rows, stored_ids, known) if table == "statements" else {}
        inserts: list[dict[str, Any]] = []
        for row, values in rows:
            key = tuple(values[column] for column in spec.key)
            if values["id"] in stored_ids:
                final = values["id"]
            elif key in known:
                final = known[key]
            elif values["id"] in same:
                final = same[values["id"]]
            else:
                final = known[key] = values["id"]
                inserts.append(values)
            if row.id is not None:
                self.ids[table][row.id] = final
        counts["created"] += len(inserts)
        counts["existing"] += len(rows) - len(inserts)
        if inserts:
            self.session.execute(insert(spec.model), inserts)

    def new_aliases(self, rows: list[tuple[_Row, dict[str, Any]]]) -> list[tuple[_Row, dict[str, Any]]]:
        """Aliases get their ids here, once their person is known; one that is that name is no record."""
        names: dict[str, str] = {}
        for chunk in _chunks(values["person_id"] for _, values in rows):
            for person_id, key in self.session.execute(
                select(Person.id, Person.name_key).where(Person.id.in_(chunk))
            ):
                names[person_id] = key
        kept = []
        for row, values in rows:
            if values["alias_key"] == names.get(values["person_id"]):
                self.result.counts["aliases"]["existing"] += 1
                continue
            values["id"] = stable_id("alias", values["person_id"], values["alias_key"])
            kept.append((row, values))
        return kept

    # --- one statement, its original words known on one side only -----------------------------

    def same_statements(
        self, rows: list[tuple[_Row, dict[str, Any]]], stored_ids: set[str], known: dict[tuple[Any, ...], str]
    ) -> dict[str, str]:
        """Bundle id -> stored id, for the statements stored under neither their id nor their
        fingerprint that are stored under the key of their quoted words instead.

        ``add_quote`` keeps a statement first recorded from a quote alone as one record when its
        original words are learnt (the key changes from the quoted words to the original): two
        databases, one knowing the original and one only the quote, must merge the same way.
        """
        # A stored statement the bundle holds under its own id or fingerprint is a record of its
        # own there: merging another bundle statement into it would make two records one here only.
        taken = {values["id"] for _, values in rows if values["id"] in stored_ids}
        taken.update(
            known[(values["fingerprint"],)] for _, values in rows if (values["fingerprint"],) in known
        )
        new = [
            (row, values)
            for row, values in rows
            if values["id"] not in stored_ids and (values["fingerprint"],) not in known
        ]
        if not new:
            return {}
        words = _printed_words(self.bundle)
        same = self.complete_quoted([(r, v) for r, v in new if v["text"] is not None], words, taken)
        same.update(self.join_original([(r, v) for r, v in new if v["text"] is None], taken))
        return same

    def complete_quoted(
        self, rows: list[tuple[_Row, dict[str, Any]]], words: Mapping[str, list[str]], taken: set[str]
    ) -> dict[str, str]:
        """Incoming originals whose quote-only record is stored: that record gets the original words
        and the incoming key, as ``add_quote`` does when it learns them."""
        keys = {values["id"]: _quoted_keys(row, values, words[values["id"]]) for row, values in rows}
        stored = _quote_only(self.session, set().union(*keys.values()))
        same: dict[str, str] = {}
        for _, values in rows:
            said = _Said.of(values)
            # Only the same speaker, source, time and locator: a fingerprint is kept as first
            # recorded, so it alone does not say which people and sources it stands for here.
            found = sorted(
                stored[key][0]
                for key in keys[values["id"]] & stored.keys()
                if stored[key][1] == said and stored[key][0] not in taken
            )
            if found:
                taken.add(found[0])
                same[values["id"]] = found[0]
                self.complete(found[0], values)
        return same

    def complete(self, statement_id: str, values: Mapping[str, Any]) -> None:
        # "text IS NULL" again: a stored original is never overwritten, whatever matched.
        changes = {"text": values["text"], "fingerprint": values["fingerprint"]}
        if values["language"] is not None:
            changes["language"] = values["language"]
        self.session.execute(
            update(Statement).where(Statement.id == statement_id, Statement.text.is_(None)).values(changes)
        )

    def join_original(self, rows: list[tuple[_Row, dict[str, Any]]], taken: set[str]) -> dict[str, str]:
        """Incoming quote-only statements whose original is stored: the words their key was made
        from are printed by a stored quotation of it (or are its original words)."""
        stored = _originals(self.session, {_Said.of(values) for _, values in rows})
        candidates = sorted((c for c in stored if c[0] not in taken), key=lambda c: c[0])
        printed = _stored_words(self.session, [statement_id for statement_id, _, _ in candidates])
        # Grouped by who said it, so each incoming statement meets only its own candidates.
        by_said: defaultdict[_Said, list[tuple[str, str]]] = defaultdict(list)
        for statement_id, stored_said, text in candidates:
            by_said[stored_said].append((statement_id, text))
        same: dict[str, str] = {}
        for row, values in rows:
            for statement_id, text in by_said.get(_Said.of(values), []):
                if values["fingerprint"] in _quoted_keys(row, values, [text, *printed[statement_id]]):
                    same[values["id"]] = statement_id
                    break
        return same


def _quoted_keys(row: _Row, values: Mapping[str, Any], printed: Iterable[str]) -> set[str]:
    """The keys the statement would have were it known only from a quote printing one of these
    words (its own original words included: ``add_quote`` takes them as the printed ones)."""
    words = set(printed)
    if values["text"] is not None:
        words.add(values["text"])
    return {said.fingerprint(w) for said in _Said.both(row, values) for w in words}


@dataclass(frozen=True)
class _Said:
    """Who said a statement, where, when and at which locator: its fingerprint less the words."""

    speaker_id: str | None
    source_id: str | None
    said_at: datetime | None
    said_precision: str | None
    locator: str | None

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> _Said:
        return cls(*(values[column] for column in _SAID))

    @classmethod
    def both(cls, row: _Row, values: Mapping[str, Any]) -> set[_Said]:
        """As the target database knows the speaker and source, and as the bundle does: the
        fingerprint hashes ids, and whichever database keyed the statement used its own."""
        return {cls.of(values), cls.of(row.values)}

    def fingerprint(self, printed: str) -> str:
        """The key of a statement known only from a quote printing these words."""
        when = When.from_stored(self.said_at, self.said_precision)
        return statement_fingerprint(self.speaker_id, self.source_id, when, self.locator, None, printed)


_SAID = ("speaker_id", "source_id", "said_at", "said_precision", "locator")


def _printed_words(bundle: Bundle) -> defaultdict[str, list[str]]:
    """Bundle statement id -> the words its quotations in the bundle print."""
    words: defaultdict[str, list[str]] = defaultdict(list)
    for row in bundle.rows["quotations"]:
        words[row.values["statement_id"]].append(row.values["quoted_text"])
    return words


def _said_columns() -> list[Any]:
    return [Statement.__table__.c[column] for column in _SAID]


def _quote_only(session: Session, keys: Iterable[str]) -> dict[str, tuple[str, _Said]]:
    """Fingerprint -> (id, who said it...) of the stored statements with no original words among ``keys``."""
    found: dict[str, tuple[str, _Said]] = {}
    for chunk in _chunks(keys):
        query = select(Statement.fingerprint, Statement.id, *_said_columns()).where(
            Statement.fingerprint.in_(chunk), Statement.text.is_(None)
        )
        for fingerprint, statement_id, *said in session.execute(query):
            found[fingerprint] = (statement_id, _Said(*said))
    return found


def _originals(session: Session, wanted: set[_Said]) -> list[tuple[str, _Said, str]]:
    """(id, who said it..., original words) of the stored statements with original words said
    by the same speakers, at the same source, time and locator as one of ``wanted``."""
    found: list[tuple[str, _Said, str]] = []
    base = select(Statement.id, Statement.text, *_said_columns()).where(Statement.text.is_not(None))
    speakers = {said.speaker_id for said in wanted}
    queries = [base.where(Statement.speaker_id.in_(chunk)) for chunk in _chunks(speakers - {None})]
    if None in speakers:
        queries.append(base.where(Statement.speaker_id.is_(None)))
    for query in queries:
        for statement_id, text, *columns in session.execute(query):
            said = _Said(*columns)
            if said in wanted:
                found.append((statement_id, said, text))
    return found


def _stored_words(session: Session, statement_ids: list[str]) -> defaultdict[str, list[str]]:
    """Stored statement id -> the words its stored quotations print."""
    words: defaultdict[str, list[str]] = defaultdict(list)
    for chunk in _chunks(statement_ids):
        query = select(Quotation.statement_id, Quotation.quoted_text).where(Quotation.statement_id.in_(chunk))
        for statement_id, printed in session.execute(query):
            words[statement_id].append(printed)
    return words


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(dict.fromkeys(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _stored_ids(session: Session, model: type[Base], ids: Iterable[str]) -> set[str]:
    column = model.__table__.c.id
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(session.scalars(select(column).where(column.in_(chunk))))
    return found


def _stored_keys(session: Session, spec: _Table, values: Iterable[Any]) -> dict[tuple[Any, ...], str]:
    table = spec.model.__table__
    columns = [table.c[name] for name in spec.key]
    lookup = table.c[spec.lookup]
    found: dict[tuple[Any, ...], str] = {}
    for chunk in _chunks(values):
        for row in session.execute(select(*columns, table.c.id).where(lookup.in_(chunk))):
            found[tuple(row[:-1])] = row[-1]
    return found
