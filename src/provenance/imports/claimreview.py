"""schema.org ClaimReview JSON-LD, as fact-checkers publish it: each review becomes a quotation.

Accepted shapes: a JSON array of ClaimReview objects, one ClaimReview, an object with ``@graph``,
and a ``DataFeed`` whose ``dataFeedElement`` items (``DataFeedItem``) hold reviews in ``item``
(Google's ClaimReview feed). ``@type`` may be a string, a list, ``schema:ClaimReview`` or the full
IRI. Lists, ``@graph``, DataFeed and DataFeedItem are containers and are walked; any other node
where a review is expected is refused, as is a review that lacks what a quotation needs.

How a review maps onto prov's records:

- The review's ``url``, its fragment dropped (several reviews on one fact-check page are one
  article), is an article quoting the statement: title from ``headline`` or ``name``, date from
  the review's ``datePublished``, publisher from its ``author.name``, language from ``inLanguage``.
- The speaker is ``itemReviewed.author``: an Organization (or any ``...Organization`` type) is an
  organisation, anything else a person; a Person's Wikidata ``sameAs`` gives the Wikidata id. Both
  apply only to a speaker prov does not know yet: a stored record is never overwritten. No author
  makes the statement unattributed.
- The statement's source is ``itemReviewed.firstAppearance`` (its ``url``, ``headline`` as title,
  ``archivedAt`` as archive copies). When it has ``text``, that is the speaker's original words,
  in its ``inLanguage``. Otherwise the original is unknown and the statement is known by the words
  the review prints: ``claimReviewed`` is a fact-checker's wording, not the speaker's.
- The said date is the first appearance's ``datePublished``, else ``itemReviewed.datePublished``:
  a date is kept with the source it dates (prov's own export dates the Claim by the later of two
  statements and its first appearance by the earlier one). Dates are ISO 8601 read at the
  precision written (``2025``, ``2025-11``, ``2025-11-24``, a minute, a second), except that a
  time whose seconds are ``:00`` is a minute: xsd:dateTime cannot leave the seconds out, so our
  export writes minutes that way, and reading less precision than given never invents any.
- The quotation prints ``claimReviewed``: "verbatim" when it is the original text, else
  "paraphrase".
- The other works in ``itemReviewed.appearance`` (neither the review nor the first appearance) are
  recorded as articles (url, headline or name, datePublished, inLanguage, publisher) without a
  quotation: which words they printed is not known.
- ``reviewRating`` (``alternateName``, ``ratingValue``) has no place in prov, which records stances
  rather than verdicts: it is not stored, only listed in the import result's ``ratings``.

Every review is checked before anything is written, the first bad one named with its JSON path
(``$[3].itemReviewed.author.name: missing``); records go through ``add_quote`` and ``add_article``
so ids are the usual natural-key ones and importing the same file again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from provenance.api._common import language
from provenance.dates import Precision, When, parse_when
from provenance.errors import BundleError, InvalidInput, ProvError
from provenance.files import load_json
from provenance.imports.quotebank import FieldImportResult, _count
from provenance.urls import check_url

FORMAT = "claimreview"
_HINT = "fix that field of the ClaimReview file"
_ISO = re.compile(
    r"^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$",
    re.IGNORECASE,
)
_WIKIDATA = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/(Q[1-9][0-9]*)$")
_ORGANISATION_TYPES = {"Corporation", "NGO", "PoliticalParty", "Consortium"}
# Column lengths (provenance.models), checked while reading so that a long field is named by its
# path before the database is opened, not refused at the first flush.
_NAME, _TITLE, _URL, _LANGUAGE = 300, 1000, 2000, 35
# The records add_quote touches that quotebank's _count leaves out.
_MORE_TABLES = {"source": "sources", "archive": "archives"}


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str
    wikidata_id: str | None


@dataclass(frozen=True)
class Work:
    """An article that printed the claim (one of ``itemReviewed.appearance``)."""

    url: str
    title: str | None
    published: When | None
    language: str | None
    publisher: str | None


@dataclass(frozen=True)
class ReviewRecord:
    path: str
    url: str
    title: str | None
    published: When | None
    language: str | None
    publisher: str | None
    claim_reviewed: str
    speaker: Speaker | None  # None: unattributed
    text: str | None  # the speaker's own words, when the first appearance gives them
    text_language: str | None
    said: When | None
    source_url: str | None
    source_title: str | None
    archive_urls: tuple[str, ...]
    appearances: tuple[Work, ...]
    rating: dict[str, str] | None

    @property
    def relation(self) -> str:
        return "verbatim" if self.claim_reviewed == self.text else "paraphrase"


@dataclass
class ClaimReviewImportResult(FieldImportResult):
    """The counts, how many appearance articles came with them, and the ratings left unstored."""

    format: str = FORMAT
    appearances: dict[str, int] = field(default_factory=lambda: {"created": 0, "existing": 0})
    ratings: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "appearances": dict(self.appearances), "ratings": list(self.ratings)}


def parse_claimreview(text: str, shown: str = "the file") -> list[ReviewRecord]:
    """Every review of the document, or BundleError naming the first bad one by its JSON path."""
    document = load_json(text, shown, "give a ClaimReview JSON-LD document")
    records: list[ReviewRecord] = []
    try:
        _walk(document, "$", records)
    except RecursionError:
        raise BundleError(f"{shown} is nested too deeply", "give a flat list or feed of reviews") from None
    if not records:
        raise BundleError(f"{shown} holds no ClaimReview", "give a file of schema.org ClaimReview objects")
    return records


def import_claimreview(session: Session, records: Iterable[ReviewRecord]) -> ClaimReviewImportResult:
    """Record each review in the caller's transaction; counts each record once, created or found."""
    from provenance.api.articles import add_article
    from provenance.api.people import add_person, lookup_person
    from provenance.api.quotes import add_quote

    result = ClaimReviewImportResult()
    seen: set[str] = set()
    known_speakers: set[str] = set()
    for record in records:
        try:
            speaker = record.speaker
            if speaker is not None and speaker.name not in known_speakers:
                # Kind and Wikidata id only for someone new: a stored person is the researcher's word.
                if lookup_person(session, speaker.name) is None:
                    outcome = add_person(
                        session, speaker.name, kind=speaker.kind, wikidata_id=speaker.wikidata_id
                    )
                    _count(result, seen, [outcome])
                known_speakers.add(speaker.name)
            quote = add_quote(
                session,
                article_url=record.url,
                person=speaker.name if speaker else None,
                unattributed=speaker is None,
                text=record.text,
                quoted_text=record.claim_reviewed,
                lang=record.text_language,
                quoted_lang=record.language,
                relation=record.relation,
                said_at=record.said,
                source_url=record.source_url,
                source_title=record.source_title,
                archive_urls=record.archive_urls,
                article_title=record.title,
                article_date=record.published,
                article_lang=record.language,
                publisher=record.publisher,
            )
            _count(result, seen, quote.outcomes)
            _count_more(result, seen, quote.outcomes)
            for work in record.appearances:
                article, outcome = add_article(
                    session,
                    work.url,
                    title=work.title,
                    published=work.published,
                    language_tag=work.language,
                    publisher=work.publisher,
                )
                if article.id not in seen:
                    result.appearances["created" if outcome.action == "created" else "existing"] += 1
                _count(result, seen, [outcome])
            if record.rating is not None:
                result.ratings.append({"review": record.url, **record.rating})
        except ProvError as error:
            raise BundleError(f"ClaimReview {record.path}: {error.message}", error.hint or _HINT) from None
    return result


def _count_more(result: FieldImportResult, seen: set[str], outcomes: Iterable[Any]) -> None:
    for outcome in outcomes:
        table = _MORE_TABLES.get(outcome.kind)
        if table is None or outcome.id in seen:
            continue
        seen.add(outcome.id)
        result.counts[table]["created" if outcome.action == "created" else "existing"] += 1


# --- reading the document -------------------------------------------------------------------------


def _fail(path: str, problem: str) -> BundleError:
    return BundleError(f"ClaimReview {path}: {problem}", _HINT)


def _walk(value: Any, path: str, records: list[ReviewRecord]) -> None:
    """Collect the reviews under ``value``, descending only through what is plainly a container."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", records)
        return
    if not isinstance(value, dict):
        raise _fail(path, f"{_shown(value)} is not a ClaimReview object")
    if "@type" not in value:
        if "@graph" in value:
            _walk(value["@graph"], f"{path}.@graph", records)
            return
        raise _fail(f"{path}.@type", "missing")
    types = _types(value["@type"], f"{path}.@type")
    if "ClaimReview" in types:
        records.append(_review(value, path))
    elif "@graph" in value:
        _walk(value["@graph"], f"{path}.@graph", records)
    elif "DataFeed" in types:
        _walk(_required(value, "dataFeedElement", path), f"{path}.dataFeedElement", records)
    elif "DataFeedItem" in types:
        _walk(_required(value, "item", path), f"{path}.item", records)
    else:
        raise _fail(path, f"a {'/'.join(types)}, not a ClaimReview")


def _types(value: Any, path: str) -> list[str]:
    """Local names: ``schema:ClaimReview`` and ``https://schema.org/ClaimReview`` are ClaimReview."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise _fail(path, f"{_shown(value)} is not a type name or a list of them")
    return [re.split(r"[/:#]", item.strip())[-1] for item in items]


def _required(node: dict[str, Any], key: str, path: str) -> Any:
    value = node.get(key)
    if value is None:
        raise _fail(f"{path}.{key}", "missing")
    return value


def _review(node: dict[str, Any], path: str) -> ReviewRecord:
    url = _url(node, "url", path, required=True)
    assert url is not None
    url = url.split("#", 1)[0]
    claim_reviewed = _text(node, "claimReviewed", path, required=True)
    assert claim_reviewed is not None
    reviewed = _object(node, "itemReviewed", path)
    if reviewed is None:
        raise _fail(f"{path}.itemReviewed", "missing")
    item_path, item = reviewed

    if isinstance(item.get("firstAppearance"), str):
        # A bare URL is a work known only by its address.
        item = {**item, "firstAppearance": {"url": item["firstAppearance"]}}
    first = _object(item, "firstAppearance", item_path)
    text = text_language = source_url = source_title = None
    archives: tuple[str, ...] = ()
    said = _date(item, "datePublished", item_path)
    if first is not None:
        first_path, first_node = first
        source_url = _url(first_node, "url", first_path, required=True)
        source_title = _title(first_node, first_path)
        text = _text(first_node, "text", first_path)
        if text is not None:
            text_language = _language(first_node, first_path)
        said = _date(first_node, "datePublished", first_path) or said
        archives = _archives(first_node, first_path, source_url)

    publisher = None
    author = _object(node, "author", path)
    if author is not None:
        publisher = _text(author[1], "name", author[0], required=True, limit=_NAME)
    rating = _rating(node, path)
    return ReviewRecord(
        path=path,
        url=url,
        title=_title(node, path),
        published=_date(node, "datePublished", path),
        language=_language(node, path),
        publisher=publisher,
        claim_reviewed=claim_reviewed,
        speaker=_speaker(item, item_path),
        text=text,
        text_language=text_language,
        said=said,
        source_url=source_url,
        source_title=source_title,
        archive_urls=archives,
        appearances=_appearances(item, item_path, {url, source_url}),
        rating=rating,
    )


def _speaker(item: dict[str, Any], item_path: str) -> Speaker | None:
    author = _object(item, "author", item_path)
    if author is None:
        return None
    path, node = author
    name = _text(node, "name", path, required=True, limit=_NAME)
    assert name is not None
    types = _types(node["@type"], f"{path}.@type") if "@type" in node else ["Person"]
    organisation = any(t.endswith("Organization") or t in _ORGANISATION_TYPES for t in types)
    wikidata = None
    if not organisation:
        same = node.get("sameAs")
        for link in same if isinstance(same, list) else [same]:
            match = _WIKIDATA.match(link.strip()) if isinstance(link, str) else None
            if match:
                wikidata = match[1]
                break
    return Speaker(name, "organisation" if organisation else "person", wikidata)


def _appearances(item: dict[str, Any], item_path: str, skip: set[str | None]) -> tuple[Work, ...]:
    value = item.get("appearance")
    if value is None:
        return ()
    items, base = (value, f"{item_path}.appearance") if isinstance(value, list) else ([value], None)
    works: dict[str, Work] = {}
    for index, entry in enumerate(items):
        path = f"{base}[{index}]" if base else f"{item_path}.appearance"
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict):
            raise _fail(path, f"{_shown(entry)} is not a CreativeWork object or a URL")
        url = _url(entry, "url", path, required=True)
        assert url is not None
        if url in skip or url in works:
            continue
        publisher = entry.get("publisher")
        if isinstance(publisher, dict | list):
            found = _object(entry, "publisher", path)
            assert found is not None
            publisher_name = _text(found[1], "name", found[0], required=True, limit=_NAME)
        else:
            publisher_name = _text(entry, "publisher", path, limit=_NAME)
        works[url] = Work(
            url=url,
            title=_title(entry, path),
            published=_date(entry, "datePublished", path),
            language=_language(entry, path),
            publisher=publisher_name,
        )
    return tuple(works.values())


def _archives(node: dict[str, Any], path: str, source_url: str | None) -> tuple[str, ...]:
    value = node.get("archivedAt")
    if value is None:
        return ()
    items, base = (value, f"{path}.archivedAt") if isinstance(value, list) else ([value], None)
    urls: list[str] = []
    for index, entry in enumerate(items):
        where = f"{base}[{index}]" if base else f"{path}.archivedAt"
        if isinstance(entry, dict):
            url = _url(entry, "url", where, required=True)
            assert url is not None
        else:
            url = _check_url(entry, where)
        if url == source_url:
            raise _fail(where, "the archive copy is the first appearance's own URL")
        urls.append(url)
    return tuple(dict.fromkeys(urls))


def _rating(node: dict[str, Any], path: str) -> dict[str, str] | None:
    found = _object(node, "reviewRating", path)
    if found is None:
        return None
    rating_path, rating = found
    values: dict[str, str] = {}
    name = _text(rating, "alternateName", rating_path)
    if name is not None:
        values["rating"] = name
    value = rating.get("ratingValue")
    if isinstance(value, int | float | str) and not isinstance(value, bool) and str(value).strip():
        values["value"] = str(value).strip()
    return values or None


# --- one field ------------------------------------------------------------------------------------


def _object(node: dict[str, Any], key: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """A nested object and its path; a list of exactly one stands for it (JSON-LD often wraps)."""
    value = node.get(key)
    where = f"{path}.{key}"
    if value is None:
        return None
    if isinstance(value, list):
        if len(value) != 1:
            raise _fail(where, f"{len(value)} values where prov records one")
        value, where = value[0], f"{where}[0]"
    if not isinstance(value, dict):
        raise _fail(where, f"{_shown(value)} is not an object")
    if set(value) == {"@id"}:
        # Flattened JSON-LD: reading it as an empty object would silently lose the speaker or source.
        raise _fail(where, f"a reference to {_shown(value['@id'])}, which prov does not follow")
    return where, value


def _text(
    node: dict[str, Any], key: str, path: str, *, required: bool = False, limit: int | None = None
) -> str | None:
    value = node.get(key)
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if value is None:
        if required:
            raise _fail(f"{path}.{key}", "missing")
        return None
    if not isinstance(value, str):
        raise _fail(f"{path}.{key}", f"{_shown(value)} is not text")
    text = value.strip()
    if not text:
        if required:
            raise _fail(f"{path}.{key}", "empty")
        return None
    if limit is not None and len(text) > limit:
        raise _fail(f"{path}.{key}", f"{len(text)} characters long, over the {limit} allowed")
    return text


def _title(node: dict[str, Any], path: str) -> str | None:
    return _text(node, "headline", path, limit=_TITLE) or _text(node, "name", path, limit=_TITLE)


def _url(node: dict[str, Any], key: str, path: str, *, required: bool = False) -> str | None:
    value = node.get(key)
    if isinstance(value, dict) and "@id" in value:
        value = value["@id"]
    if value is None:
        if required:
            raise _fail(f"{path}.{key}", "missing")
        return None
    return _check_url(value, f"{path}.{key}")


def _check_url(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, f"{_shown(value)} is not a URL")
    try:
        # check_url's messages begin with what the URL is; the path says that here.
        url = check_url(value, "")
    except InvalidInput as error:
        raise _fail(path, error.message.strip()) from None
    if len(url) > _URL:
        raise _fail(path, f"{len(url)} characters long, over the {_URL} allowed")
    return url


def _date(node: dict[str, Any], key: str, path: str) -> When | None:
    value = node.get(key)
    if value is None:
        return None
    where = f"{path}.{key}"
    if not isinstance(value, str) or not _ISO.match(value.strip()):
        raise _fail(where, f"{_shown(value)} is not an ISO 8601 date")
    try:
        when = parse_when(value.strip())
    except InvalidInput as error:
        raise _fail(where, error.message) from None
    if when.precision is Precision.SECOND and when.at.second == 0:
        return When(when.at, Precision.MINUTE)
    return when


def _language(node: dict[str, Any], path: str) -> str | None:
    value = node.get("inLanguage")
    where = f"{path}.inLanguage"
    if isinstance(value, dict):
        # A schema.org Language: its alternateName is the code.
        value, where = value.get("alternateName"), f"{where}.alternateName"
        if value is None:
            raise _fail(where, "missing")
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(where, f"{_shown(value)} is not a language tag")
    try:
        tag = language(value)
    except InvalidInput:
        raise _fail(where, f"{_shown(value)} is not a language tag such as en, fr or pt-BR") from None
    if tag is not None and len(tag) > _LANGUAGE:
        raise _fail(where, f"{len(tag)} characters long, over the {_LANGUAGE} allowed")
    return tag


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
