"""The batched Quotebank import: the rows, ids and counts of recording each line through add_quote,
at a small fraction of the cost.

add_quote spends a dozen queries on each quotation. Here every natural key and id is computed in
Python with the functions add_quote uses, what is already stored is read in a few chunked queries,
and the lines are replayed in order against it, raising the error add_quote would raise on the line
it would raise it. The new rows go in by bulk inserts, in the caller's transaction: a refused line
rolls back the lines before it too (a file smaller than one batch is refused before its first
insert). A file imported again finds every row and writes none.

Dumps run to millions of lines, so the lines are taken a chunk at a time (``CHUNK_LINES``): a
chunk reads what is stored for its own keys, replays its lines, writes its rows and is forgotten.
What an earlier chunk wrote, the next finds in the database as add_quote would; what an earlier
chunk counted, ``counted`` remembers in the database too. Nothing held grows with the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from provenance.api._common import sha256
from provenance.api.people import lookup_person, wikidata_item
from provenance.api.quotes import statement_fingerprint
from provenance.dates import parse_when
from provenance.errors import Ambiguous, BundleError, InvalidInput, ProvError
from provenance.ids import stable_id
from provenance.imports.bulk import CHUNK, check_lengths, chunks, insert_rows, rows_where
from provenance.imports.counted import Counted, Touched
from provenance.imports.quotebank import _HINT, FORMAT, FieldImportResult, QuotebankRecord
from provenance.models import Alias, Article, Base, Person, Quotation, Statement
from provenance.names import name_key, optional_text

# What the per-line import passes add_quote for every Quotebank line: English, quoted verbatim.
_LANG = "en"
_RELATION = "verbatim"
# Lines replayed together: what a chunk holds (its lines, keys, stored rows read and new rows) is
# bounded by this; a larger chunk saves little, the queries of a chunk already being few and large.
CHUNK_LINES = 5_000
# Rows held before they are written, within a chunk: large enough for bulk inserts to pay.
_WRITE_EVERY = 20_000


@dataclass
class _Line:
    """One record as the replay reads it, its keys computed before the stored rows are read."""

    record: QuotebankRecord
    speaker: str | None
    text: str | None
    text_hash: str
    fingerprint: str | None  # None until the speaker is known (or when several people share the alias)
    # The key the same statement has when recorded from this quote alone, its original unknown.
    without_original: str | None = None


def import_batched(
    session: Session, records: Iterable[QuotebankRecord], *, chunk: int | None = None
) -> FieldImportResult:
    """Import the records ``chunk`` lines at a time (``CHUNK_LINES`` by default), read from
    ``records`` as each chunk starts."""
    chunk = CHUNK_LINES if chunk is None else chunk
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    result = FieldImportResult(format=FORMAT)
    counted = Counted(session, result)
    touched: Touched | None = None
    for part in chunks(records, chunk):
        if touched is not None:
            counted.settle(touched, last=False)
        touched = _import_chunk(session, part)
    if touched is not None:
        counted.settle(touched, last=True)
    counted.close()
    return result


def _import_chunk(session: Session, records: Sequence[QuotebankRecord]) -> Touched:
    """Replay and write one chunk's lines; the records they touched, for counting."""
    people = _People(session, [s for r in records if (s := optional_text(r.speaker)) is not None])
    known: set[str] = set()
    lines = [_prepare(record, people, known) for record in records]
    replay = _Replay(session, people, lines)
    for line in lines:
        try:
            replay.line(line)
        except ProvError as error:
            raise BundleError(f"line {line.record.line}: {error.message}", error.hint or _HINT) from None
        if replay.pending >= _WRITE_EVERY:
            replay.write()
    replay.write()
    return replay.touched


def _prepare(record: QuotebankRecord, people: _People, known: set[str]) -> _Line:
    speaker = optional_text(record.speaker)
    text = optional_text(record.quotation)
    line = _Line(record, speaker, text, sha256(text or ""), None)
    speaker_id: str | None = None
    if speaker is not None:
        # The per-line import looks a speaker up for each URL, and for the Wikidata id of the
        # first line naming them: the person is created at the first of these lookups.
        if record.urls or (record.wikidata_id and speaker not in known):
            speaker_id = people.resolve(speaker, record.wikidata_id)
            if speaker_id is None:
                return line
        known.add(speaker)
    if text is not None:
        when = parse_when(record.said)
        line.fingerprint = statement_fingerprint(speaker_id, None, when, None, text, text)
        line.without_original = statement_fingerprint(speaker_id, None, when, None, None, text)
    return line


class _People:
    """Speakers resolved as lookup_person resolves them (by id, name, then alias), against the
    people stored and those this import creates, each at the first line naming them."""

    def __init__(self, session: Session, names: list[str]) -> None:
        distinct = list(dict.fromkeys(names))
        keys = [name_key(name) for name in distinct]
        found = rows_where(session, select(Person.id), Person.id, distinct)
        self.ids = {pid for (pid,) in found}
        named = rows_where(session, select(Person.name_key, Person.id), Person.name_key, keys)
        self.by_key: dict[str, str] = {key: pid for key, pid in named}
        aliased = select(Alias.alias_key, Person.id).join(Person, Alias.person_id == Person.id)
        self.by_alias: dict[str, set[str]] = {}
        for key, pid in rows_where(session, aliased, Alias.alias_key, keys):
            self.by_alias.setdefault(key, set()).add(pid)
        self.resolved: dict[str, str | None] = {}
        self.new: dict[str, dict[str, Any]] = {}

    def resolve(self, name: str, wikidata_id: str | None) -> str | None:
        """The person's id; None when the name is an alias of several people."""
        if name in self.resolved:
            return self.resolved[name]
        key = name_key(name)
        pid: str | None
        if name in self.ids:
            pid = name
        elif key in self.by_key:
            pid = self.by_key[key]
        elif key in self.by_alias:
            matches = self.by_alias[key]
            pid = next(iter(matches)) if len(matches) == 1 else None
        else:
            pid = stable_id("person", key)
            wikidata = optional_text(wikidata_id)
            self.new[pid] = {
                "id": pid,
                "name": name,
                "name_key": key,
                "kind": "person",
                "description": None,
                "wikidata_id": wikidata.upper() if wikidata else None,
            }
            self.by_key[key] = pid
            self.ids.add(pid)
        self.resolved[name] = pid
        return pid


class _Replay:
    """The lines in order against what is stored: counts, errors, and the rows to insert."""

    def __init__(self, session: Session, people: _People, lines: list[_Line]) -> None:
        self.session = session
        self.people = people
        # Each record the chunk touched, with its table and whether the chunk created it.
        self.touched: dict[str, tuple[str, bool]] = {}
        self.known_speakers: set[str] = set()
        # parse_quotebank checked each URL as add_article would, and check_url returns a URL it
        # accepted unchanged: checking them again here would only cost time.
        valid = [url for line in lines for url in line.record.urls]
        articles = rows_where(session, select(Article.url, Article.id), Article.url, valid)
        self.articles: dict[str, str] = {url: aid for url, aid in articles}
        fingerprints = [line.fingerprint for line in lines if line.fingerprint is not None]
        said = select(Statement.fingerprint, Statement.id)
        statements = rows_where(session, said, Statement.fingerprint, fingerprints)
        self.statements: dict[str, str] = {fingerprint: sid for fingerprint, sid in statements}
        # Statements recorded from a quote alone that a line gives the original words of: add_quote
        # completes such a statement rather than recording a second one, and so does this.
        unknown = [
            line.without_original
            for line in lines
            if line.fingerprint is not None and line.fingerprint not in self.statements
        ]
        bare = select(Statement.fingerprint, Statement.id).where(Statement.text.is_(None))
        self.without_original: dict[str | None, str] = dict(
            rows_where(session, bare, Statement.fingerprint, unknown)
        )
        self.completed: list[dict[str, Any]] = []
        # Only a statement already stored can already be quoted.
        quoted = select(
            Quotation.article_id,
            Quotation.statement_id,
            Quotation.text_hash,
            Quotation.id,
            Quotation.quoted_lang,
        )
        self.quotations: dict[tuple[str, str, str], list[Any]] = {
            (article, statement, text_hash): [qid, lang]
            for article, statement, text_hash, qid, lang in rows_where(
                session,
                quoted,
                Quotation.statement_id,
                [*self.statements.values(), *self.without_original.values()],
            )
        }
        self.new: dict[type[Base], list[dict[str, Any]]] = {
            Person: [],
            Article: [],
            Statement: [],
            Quotation: [],
        }
        self.relabelled: list[str] = []

    def line(self, line: _Line) -> None:
        record = line.record
        speaker = line.speaker
        if speaker is not None and speaker not in self.known_speakers:
            if record.wikidata_id:
                self._person(speaker, record.wikidata_id, count_found=False)
            self.known_speakers.add(speaker)
        for url in record.urls:
            if line.text is None:
                raise InvalidInput("empty quote", "give --text (the original) and/or --quoted-text")
            article_id = self._article(url)
            speaker_id = None if speaker is None else self._person(speaker, None, count_found=True)
            statement_id = self._statement(line, speaker_id)
            self._quotation(line, article_id, statement_id)

    @property
    def pending(self) -> int:
        return sum(len(rows) for rows in self.new.values())

    def write(self) -> None:
        """Insert the rows made so far (people and articles before what refers to them)."""
        for model, rows in self.new.items():
            insert_rows(self.session, model, rows)
            rows.clear()
        if self.completed:
            # By primary key, in one executemany: the ORM's bulk UPDATE.
            self.session.execute(update(Statement), self.completed)
            self.completed.clear()
        for chunk in chunks(self.relabelled, CHUNK):
            self.session.execute(update(Quotation).where(Quotation.id.in_(chunk)).values(quoted_lang=_LANG))
        self.relabelled.clear()

    def _count(self, table: str, record_id: str, created: bool) -> None:
        self.touched.setdefault(record_id, (table, created))

    def _person(self, speaker: str, wikidata_id: str | None, *, count_found: bool) -> str:
        pid = self.people.resolved[speaker]
        if pid is None:
            # Several people share the alias: lookup_person words the refusal as add_quote does.
            lookup_person(self.session, speaker)
            raise Ambiguous(f"{speaker!r} is an alias of several people", "give the person's id")
        row = self.people.new.get(pid)
        if row is None:
            if count_found:
                self._count("people", pid, created=False)
        elif pid not in self.touched:
            wikidata_item(wikidata_id)
            check_lengths(Person, row)
            self.new[Person].append(row)
            self._count("people", pid, created=True)
        return pid

    def _article(self, url: str) -> str:
        article_id = self.articles.get(url)
        if article_id is not None:
            self._count("articles", article_id, created=False)
            return article_id
        article_id = stable_id("article", url)
        row = {
            "id": article_id,
            "url": url,
            "title": None,
            "publisher": None,
            "language": None,
            "published_at": None,
            "published_precision": None,
        }
        check_lengths(Article, row)
        self.new[Article].append(row)
        self.articles[url] = article_id
        self._count("articles", article_id, created=True)
        return article_id

    def _statement(self, line: _Line, speaker_id: str | None) -> str:
        assert line.fingerprint is not None
        statement_id = self.statements.get(line.fingerprint)
        if statement_id is not None:
            self._count("statements", statement_id, created=False)
            return statement_id
        statement_id = self.without_original.pop(line.without_original, None)
        if statement_id is not None:
            self.completed.append(
                {"id": statement_id, "text": line.text, "language": _LANG, "fingerprint": line.fingerprint}
            )
            self.statements[line.fingerprint] = statement_id
            self._count("statements", statement_id, created=False)
            return statement_id
        when = parse_when(line.record.said)
        statement_id = stable_id("statement", line.fingerprint)
        row = {
            "id": statement_id,
            "speaker_id": speaker_id,
            "source_id": None,
            "text": line.text,
            "language": _LANG,
            "said_at": when.at,
            "said_precision": when.precision.value,
            "locator": None,
            "fingerprint": line.fingerprint,
        }
        check_lengths(Statement, row)
        self.new[Statement].append(row)
        self.statements[line.fingerprint] = statement_id
        self._count("statements", statement_id, created=True)
        return statement_id

    def _quotation(self, line: _Line, article_id: str, statement_id: str) -> None:
        key = (article_id, statement_id, line.text_hash)
        stored = self.quotations.get(key)
        if stored is not None:
            if stored[1] != _LANG:
                # add_quote sets the language of a stored quotation that lacks it, or has another.
                self.relabelled.append(stored[0])
                stored[1] = _LANG
            self._count("quotations", stored[0], created=False)
            return
        quotation_id = stable_id("quotation", article_id, statement_id, line.text_hash)
        row = {
            "id": quotation_id,
            "article_id": article_id,
            "statement_id": statement_id,
            "quoted_text": line.text,
            "text_hash": line.text_hash,
            "quoted_lang": _LANG,
            "relation": _RELATION,
            "attributed_as": line.speaker,
            "via_source_id": None,
        }
        check_lengths(Quotation, row)
        self.new[Quotation].append(row)
        self.quotations[key] = [quotation_id, _LANG]
        self._count("quotations", quotation_id, created=True)
