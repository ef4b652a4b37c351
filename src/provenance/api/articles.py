"""Articles: the documents that quote statements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.api._common import Outcome, apply_updates, language
from provenance.dates import When, parse_when
from provenance.errors import NotFound
from provenance.ids import stable_id
from provenance.models import Article
from provenance.names import optional_text
from provenance.urls import check_url


def find_article(session: Session, ref: str) -> Article:
    """An article by id or URL."""
    text = (ref or "").strip()
    article = (
        session.get(Article, text) or session.scalars(select(Article).where(Article.url == text)).first()
    )
    if article is None:
        raise NotFound(f"unknown article {ref!r}", "list them with prov list articles")
    return article


def add_article(
    session: Session,
    url: str,
    *,
    title: str | None = None,
    published: str | When | None = None,
    language_tag: str | None = None,
    publisher: str | None = None,
) -> tuple[Article, Outcome]:
    """Record an article by URL; details given again fill in or correct what is stored."""
    url = check_url(url, "article URL")
    when = parse_when(published) if published is not None else None
    values = {
        "title": optional_text(title),
        "publisher": optional_text(publisher),
        "language": language(language_tag, "article language"),
        "published_at": when.at if when else None,
        "published_precision": when.precision.value if when else None,
    }
    article = session.scalars(select(Article).where(Article.url == url)).first()
    if article is not None:
        changed = apply_updates(article, values)
        return article, Outcome("article", article.id, url, "updated" if changed else "found")
    article = Article(id=stable_id("article", url), url=url, **values)
    session.add(article)
    session.flush()
    return article, Outcome("article", article.id, url, "created")
