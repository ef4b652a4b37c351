"""The quoting document: a blog post, a news story... that prints the statements prov tracks."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from provenance.models.base import (
    Base,
    lang_str,
    precision_check,
    precision_str,
    url_str,
    utc_datetime,
    uuid_pk,
)


class Article(Base):
    __tablename__ = "article"
    __table_args__ = (CheckConstraint(precision_check("published_precision"), name="published_precision"),)

    id: Mapped[uuid_pk]
    url: Mapped[url_str] = mapped_column(unique=True)
    title: Mapped[str | None] = mapped_column(String(1000))
    publisher: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[lang_str]
    published_at: Mapped[utc_datetime]
    published_precision: Mapped[precision_str]
