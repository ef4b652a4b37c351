"""Quotebank-style JSON Lines: one quotation a line, with its speaker, a date and the quoting articles.

A line looks like ``{"quoteID": "2020-01-16-000088", "quotation": "...", "speaker": "Donald Trump",
"qids": ["Q22686"], "date": "2020-01-16 00:00:00", "numOccurrences": 2, "probas": [...],
"urls": ["https://..."], "phase": "E"}``. Each becomes a statement by the speaker and, for each URL,
an article quoting it verbatim, with the rows, ids and counts ``add_quote`` would give it line by
line (the usual natural-key ids), so importing the same file again changes nothing.

Every line is read and checked before the database is opened, and the import runs in the caller's
transaction, so a bad line leaves the database as it was. Dumps run to millions of lines:
``quotebank_file`` reads a file twice as a stream (checking, then importing) without holding it,
``quotebank_batch`` computes the rows of a chunk of lines in Python and writes them with bulk
inserts; the line-by-line path through ``add_quote`` stays as the reference it is tested against.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from provenance.api.bundle import ImportResult
from provenance.dates import Precision, When
from provenance.errors import BundleError, InvalidInput, ProvError
from provenance.urls import check_url

FORMAT = "quotebank"
_HINT = "fix that line of the Quotebank file"
_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_QID = re.compile(r"^Q[1-9][0-9]*$")
# Quotebank's speaker when its model attributes the quotation to nobody.
_NOBODY = "None"
# add_quote's record kinds, as named in the import report.
_TABLES = {"person": "people", "article": "articles", "statement": "statements", "quotation": "quotations"}


@dataclass(frozen=True)
class QuotebankRecord:
    line: int
    quotation: str
    speaker: str | None  # None: unattributed
    wikidata_id: str | None
    said: When
    urls: tuple[str, ...]


@dataclass
class FieldImportResult(ImportResult):
    """An import's counts, labelled with the format the file was in."""

    format: str = FORMAT

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "format": self.format}


def parse_quotebank(text: str) -> list[QuotebankRecord]:
    """Every record of the text, or BundleError naming the first bad line and field.

    The whole file in memory: ``quotebank_file`` reads a file as a stream instead.
    """
    records = list(quotebank_records(enumerate(text.splitlines(), start=1)))
    if not records:
        raise no_records()
    return records


def quotebank_records(lines: Iterable[tuple[int, str]]) -> Iterator[QuotebankRecord]:
    """The record of each numbered line that is not blank, checked, one at a time."""
    for number, line in lines:
        if line.strip():
            yield _record(number, line)


def no_records() -> BundleError:
    return BundleError("the Quotebank file holds no records", "give a file with one JSON object a line")


def import_quotebank(
    session: Session, records: Iterable[QuotebankRecord], *, batched: bool = True, chunk: int | None = None
) -> FieldImportResult:
    """Record each quotation in the caller's transaction; counts each record once, created or found.

    ``batched=False`` records the lines one by one through ``add_quote``: the same result, slower.
    The batched path takes the records as ``parse_quotebank`` makes them (their URLs checked), and
    ``chunk`` lines at a time (by default ``quotebank_batch.CHUNK_LINES``).
    """
    if not batched:
        return _import_line_by_line(session, records)
    from provenance.imports.quotebank_batch import import_batched

    return import_batched(session, records, chunk=chunk)


def _import_line_by_line(session: Session, records: Iterable[QuotebankRecord]) -> FieldImportResult:
    from provenance.api.people import add_person, lookup_person
    from provenance.api.quotes import add_quote

    result = FieldImportResult(format=FORMAT)
    seen: set[str] = set()
    known_speakers: set[str] = set()
    for record in records:
        try:
            if record.speaker is not None and record.speaker not in known_speakers:
                # Quotebank's qid is only a guess among namesakes: never overwrite a stored one.
                if record.wikidata_id and lookup_person(session, record.speaker) is None:
                    _count(
                        result, seen, [add_person(session, record.speaker, wikidata_id=record.wikidata_id)]
                    )
                known_speakers.add(record.speaker)
            for url in record.urls:
                quote = add_quote(
                    session,
                    article_url=url,
                    person=record.speaker,
                    unattributed=record.speaker is None,
                    text=record.quotation,
                    lang="en",
                    said_at=record.said,
                )
                _count(result, seen, quote.outcomes)
        except ProvError as error:
            raise BundleError(f"line {record.line}: {error.message}", error.hint or _HINT) from None
    return result


def _count(result: ImportResult, seen: set[str], outcomes: Iterable[Any]) -> None:
    for outcome in outcomes:
        table = _TABLES.get(outcome.kind)
        if table is None or outcome.id in seen:
            continue
        seen.add(outcome.id)
        result.counts[table]["created" if outcome.action == "created" else "existing"] += 1


def _record(number: int, line: str) -> QuotebankRecord:
    def fail(message: str) -> BundleError:
        return BundleError(f"line {number}: {message}", _HINT)

    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        raise fail(f"not JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise fail("nested too deeply") from None
    if not isinstance(value, dict):
        raise fail(f"a record is a JSON object, not {type(value).__name__}")

    quotation = value.get("quotation")
    if not isinstance(quotation, str) or not quotation.strip():
        raise fail("quotation is missing or empty" if quotation in (None, "") else "quotation is not text")

    speaker = value.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        raise fail(f"speaker {speaker!r} is not text")
    speaker = (speaker or "").strip()
    unattributed = not speaker or speaker == _NOBODY

    qids = value.get("qids", [])
    if qids is None:
        qids = []
    if not isinstance(qids, list) or not all(isinstance(q, str) for q in qids):
        raise fail("qids is not a list of Wikidata ids")
    for qid in qids:
        if not _QID.match(qid.strip().upper()):
            raise fail(f"qids {qid!r} is not a Wikidata id")

    if "date" not in value:
        raise fail("date is missing")
    said = _day(value["date"])
    if said is None:
        raise fail(f"date {value['date']!r} is not a date")

    urls = value.get("urls")
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise fail("urls is not a non-empty list of URLs")
    checked = []
    for index, url in enumerate(urls):
        try:
            checked.append(check_url(url, "URL"))
        except InvalidInput as error:
            raise fail(f"urls[{index}]: {error.message}") from None

    for name in ("quoteID", "phase"):
        if name in value and not isinstance(value[name], str):
            raise fail(f"{name} {value[name]!r} is not text")
    return QuotebankRecord(
        line=number,
        quotation=quotation.strip(),
        speaker=None if unattributed else speaker,
        wikidata_id=qids[0].strip().upper() if qids and not unattributed else None,
        said=said,
        # The same article listed twice is one quotation.
        urls=tuple(dict.fromkeys(checked)),
    )


def _day(value: Any) -> When | None:
    """Day precision: Quotebank's date is the first quoting article's publication date, not the time
    of speech, so the hour it gives says nothing about when the words were said.

    Read with a regular expression rather than parse_when: the dates are ISO, and a bulk import
    should not pay for dateparser on each line.
    """
    if not isinstance(value, str):
        return None
    match = _DATE.match(value.strip())
    if match is None:
        return None
    try:
        day = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:
        return None
    return When(day, Precision.DAY)
