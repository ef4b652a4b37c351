"""Checking every quotation against the stored text of its source and of the quoting article.

Reads what ``prov fetch`` stored (snapshots and their bodies) and never the network. Each
(quotation, side) gets one Anchor row, replaced on every run, carrying W3C selectors and the hash
of the body they were computed on, so a reader knows which capture was checked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.orm import Session

from provenance.anchoring import Match, locate, selectors
from provenance.api.articles import find_article
from provenance.folding import Folded
from provenance.ids import stable_id
from provenance.models import Anchor, ArchiveCopy, Article, Body, Quotation, Snapshot, Source, Statement
from provenance.models.base import utcnow

CHECKED_AT_SOURCE = ("verbatim", "partial")
NO_TEXT = "no stored text: run prov fetch"
# SQLite refuses statements with too many bound parameters; IN lists are sent in slices.
_CHUNK = 500
_WAYBACK = re.compile(r"^(?P<head>https?://web\.archive\.org/web/\d{1,14})(?:[a-z]{2}_)?(?P<tail>/.+)$")

T = TypeVar("T")


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for at in range(0, len(items), _CHUNK):
        yield items[at : at + _CHUNK]


def wayback_raw_url(url: str) -> str | None:
    """The ``id_`` form of a Wayback capture URL: the page as captured, without the banner."""
    match = _WAYBACK.match(url)
    return f"{match['head']}id_{match['tail']}" if match else None


@dataclass(frozen=True)
class _Row:
    quotation_id: str
    statement_id: str
    article_id: str
    article_url: str
    article_date: datetime | None
    quoted_text: str
    relation: str
    source_id: str | None
    source_url: str | None
    said_at: datetime | None


@dataclass(frozen=True)
class _Capture:
    url: str  # the URL the snapshot was taken of
    body_sha256: str


class _Texts:
    """Bodies' texts, loaded in slices and folded once per hash for the whole run."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.raw: dict[str, str] = {}
        self.folded: dict[str, Folded] = {}

    def load(self, hashes: Iterable[str]) -> None:
        wanted = sorted(set(hashes) - self.raw.keys())
        for part in _chunks(wanted):
            query = select(Body.sha256, Body.text).where(Body.sha256.in_(part), Body.text.is_not(None))
            for sha, text in self.session.execute(query):
                if text is not None:
                    self.raw[sha] = text

    def get(self, sha: str) -> Folded:
        folded = self.folded.get(sha)
        if folded is None:
            folded = self.folded[sha] = Folded(self.raw[sha])
        return folded


def _quotations(session: Session, article: str | None) -> list[_Row]:
    query = (
        select(
            Quotation.id,
            Quotation.statement_id,
            Article.id,
            Article.url,
            Article.published_at,
            Quotation.quoted_text,
            Quotation.relation,
            Statement.source_id,
            Source.url,
            Statement.said_at,
        )
        .join(Article, Article.id == Quotation.article_id)
        .join(Statement, Statement.id == Quotation.statement_id)
        .outerjoin(Source, Source.id == Statement.source_id)
        .order_by(Article.url, Quotation.id)
    )
    if article is not None:
        query = query.where(Quotation.article_id == find_article(session, article).id)
    names = [f.name for f in fields(_Row)]
    return [_Row(**dict(zip(names, row, strict=True))) for row in session.execute(query)]


def _archives(session: Session, rows: list[_Row]) -> dict[str, list[tuple[str, datetime | None]]]:
    """Archive copies by owner id (source or article): URL and capture time."""
    owners = sorted({r.article_id for r in rows} | {r.source_id for r in rows if r.source_id})
    found: dict[str, list[tuple[str, datetime | None]]] = {}
    for part in _chunks(owners):
        query = select(
            ArchiveCopy.source_id, ArchiveCopy.article_id, ArchiveCopy.url, ArchiveCopy.captured_at
        )
        query = query.where(ArchiveCopy.source_id.in_(part) | ArchiveCopy.article_id.in_(part))
        for source_id, article_id, url, captured_at in session.execute(query):
            owner = source_id or article_id
            if owner is not None:
                found.setdefault(owner, []).append((url, captured_at))
    return found


def _latest_snapshots(session: Session, urls: Iterable[str]) -> dict[str, str]:
    """The body hash of the latest successful fetch with extracted text, by URL fetched."""
    latest: dict[str, tuple[datetime, str]] = {}
    for part in _chunks(sorted(set(urls))):
        query = (
            select(Snapshot.url, Snapshot.fetched_at, Snapshot.body_sha256)
            .join(Body, Body.sha256 == Snapshot.body_sha256)
            .where(
                Snapshot.url.in_(part),
                # A 2xx answer, or a copy the researcher saved by hand (no status, no error).
                or_(
                    and_(Snapshot.status_code >= 200, Snapshot.status_code < 300),
                    and_(Snapshot.status_code.is_(None), Snapshot.error.is_(None)),
                ),
                Body.text.is_not(None),
            )
        )
        for url, fetched_at, sha in session.execute(query):
            if sha is not None and (url not in latest or fetched_at > latest[url][0]):
                latest[url] = (fetched_at, sha)
    return {url: sha for url, (_, sha) in latest.items()}


def _by_closeness(
    copies: list[tuple[str, datetime | None]], when: datetime | None
) -> list[tuple[str, datetime | None]]:
    """Captures closest to ``when`` first (latest first with no date); undated ones last."""

    def key(copy: tuple[str, datetime | None]) -> tuple[int, float, str]:
        captured = copy[1]
        if captured is None:
            return (1, 0.0, copy[0])
        if when is None:
            return (0, -captured.timestamp(), copy[0])
        return (0, abs((captured - when).total_seconds()), copy[0])

    return sorted(copies, key=key)


def _capture(
    url: str | None,
    copies: list[tuple[str, datetime | None]],
    when: datetime | None,
    snapshots: dict[str, str],
) -> _Capture | None:
    if url is not None and url in snapshots:
        return _Capture(url, snapshots[url])
    for copy_url, _ in _by_closeness(copies, when):
        for candidate in (copy_url, wayback_raw_url(copy_url)):
            if candidate is not None and candidate in snapshots:
                return _Capture(candidate, snapshots[candidate])
    return None


def _side(
    status: str,
    *,
    match: Match | None = None,
    capture: _Capture | None = None,
    detail: str | None = None,
) -> dict[str, Any]:
    return {
        "status": status,
        "score": match.score if match else None,
        "url": capture.url if capture else None,
        "body_sha256": capture.body_sha256 if capture else None,
        "selectors": selectors(match) if match else [],
        "detail": detail if detail is not None else (match.detail if match else None),
        # Kept for the Anchor row; dropped from the report.
        "_match": match,
    }


def verify(session: Session, *, article: str | None = None) -> dict[str, Any]:
    """Anchor every quotation (of one article, by URL or id, or all) in its source and its article.

    Verbatim and partial quotes are looked for in the source's latest stored text (else in its
    archive copy captured closest to the statement's date); translations and paraphrases only in
    the article, since their words are not the source's. Returns the report; the Anchor rows are
    replaced by this run's results.
    """
    rows = _quotations(session, article)
    archives = _archives(session, rows)
    urls: set[str] = set()
    for row in rows:
        urls.add(row.article_url)
        if row.source_url:
            urls.add(row.source_url)
    for copies in archives.values():
        for copy_url, _ in copies:
            urls.add(copy_url)
            raw = wayback_raw_url(copy_url)
            if raw:
                urls.add(raw)
    snapshots = _latest_snapshots(session, urls)
    texts = _Texts(session)
    previous = _previous_anchors(session, [r.quotation_id for r in rows])

    checked_at = utcnow()
    results: list[dict[str, Any]] = []
    anchors: list[dict[str, Any]] = []
    # Bodies are loaded a slice of quotations at a time (a few queries, not one per quote);
    # each stays cached, folded once, since many quotations share an article.
    for part in _chunks(rows):
        plans: list[tuple[_Row, _Capture | None, _Capture | None]] = []
        for row in part:
            source_capture = (
                _capture(row.source_url, archives.get(row.source_id, []), row.said_at, snapshots)
                if row.source_id
                else None
            )
            article_capture = _capture(
                row.article_url, archives.get(row.article_id, []), row.article_date, snapshots
            )
            plans.append((row, source_capture, article_capture))
        texts.load(c.body_sha256 for _, s, a in plans for c in (s, a) if c is not None)
        for row, source_capture, article_capture in plans:
            source = _source_side(row, source_capture, texts, previous)
            article_side = _check(row, "article", article_capture, texts, previous)
            results.append(
                {
                    "quotation_id": row.quotation_id,
                    "statement_id": row.statement_id,
                    "article": row.article_url,
                    "quoted_text": row.quoted_text,
                    "relation": row.relation,
                    "source": source,
                    "article_side": article_side,
                }
            )
            for side_name, side in (("source", source), ("article", article_side)):
                anchors.append(_anchor_row(row.quotation_id, side_name, side, checked_at))

    for ids in _chunks([r.quotation_id for r in rows]):
        session.execute(delete(Anchor).where(Anchor.quotation_id.in_(ids)))
    if anchors:
        session.execute(insert(Anchor), anchors)

    summary: dict[str, Any] = {"quotations": len(results)}
    for side_name, key in (("source", "source"), ("article", "article_side")):
        counts = Counter(r[key]["status"] for r in results)
        summary[side_name] = dict(sorted(counts.items()))
        for r in results:
            r[key].pop("_match", None)
    return {"quotations": results, "summary": summary}


def _previous_anchors(session: Session, quotation_ids: list[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """The context of earlier exact anchors, which pins a quote that now occurs more than once."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for part in _chunks(quotation_ids):
        query = select(Anchor.quotation_id, Anchor.side, Anchor.prefix, Anchor.suffix).where(
            Anchor.quotation_id.in_(part), Anchor.status == "found"
        )
        for quotation_id, side, prefix, suffix in session.execute(query):
            found[(quotation_id, side)] = (prefix or "", suffix or "")
    return found


def _source_side(
    row: _Row,
    capture: _Capture | None,
    texts: _Texts,
    previous: dict[tuple[str, str], tuple[str, str]],
) -> dict[str, Any]:
    if row.relation not in CHECKED_AT_SOURCE:
        return _side("unchecked", detail=f"{row.relation}: checked on the article side only")
    if row.source_id is None:
        return _side("unchecked", detail="no source recorded")
    return _check(row, "source", capture, texts, previous)


def _check(
    row: _Row,
    side: str,
    capture: _Capture | None,
    texts: _Texts,
    previous: dict[tuple[str, str], tuple[str, str]],
) -> dict[str, Any]:
    if capture is None or capture.body_sha256 not in texts.raw:
        return _side("unchecked", detail=NO_TEXT)
    prefix, suffix = previous.get((row.quotation_id, side), (None, None))
    match = locate(row.quoted_text, texts.get(capture.body_sha256), prefix=prefix, suffix=suffix)
    return _side(match.status, match=match, capture=capture)


def _anchor_row(quotation_id: str, side: str, result: dict[str, Any], checked_at: datetime) -> dict[str, Any]:
    match: Match | None = result["_match"]
    return {
        "id": stable_id("anchor", quotation_id, side),
        "quotation_id": quotation_id,
        "side": side,
        "status": result["status"],
        "score": result["score"],
        "exact": match.exact if match else None,
        "prefix": match.prefix if match else None,
        "suffix": match.suffix if match else None,
        "start": match.start if match else None,
        "end": match.end if match else None,
        "url": result["url"],
        "body_sha256": result["body_sha256"],
        "detail": result["detail"],
        "checked_at": checked_at,
    }
