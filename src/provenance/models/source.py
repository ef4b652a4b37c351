"""Where a statement was first made or published, and the archive copies of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from provenance.models.base import (
    Base,
    UTCDateTime,
    in_check,
    lang_str,
    precision_check,
    precision_str,
    url_str,
    utc_datetime,
    uuid_pk,
)
from provenance.urls import SOURCE_KINDS


class Source(Base):
    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(in_check("kind", SOURCE_KINDS), name="kind"),
        CheckConstraint(precision_check("published_precision"), name="published_precision"),
    )

    id: Mapped[uuid_pk]
    url: Mapped[url_str] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(1000))
    publisher: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[lang_str]
    published_at: Mapped[utc_datetime]
    published_precision: Mapped[precision_str]

    archives: Mapped[list[ArchiveCopy]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="ArchiveCopy.url"
    )


class ArchiveCopy(Base):
    """A copy of a source or of an article in a web archive (one owner, never both)."""

    __tablename__ = "archive_copy"
    __table_args__ = (
        CheckConstraint("(source_id IS NULL) <> (article_id IS NULL)", name="one_owner"),
        CheckConstraint(
            "status IS NULL OR status IN ('available', 'missing', 'requested', 'failed')", name="status"
        ),
    )

    id: Mapped[uuid_pk]
    source_id: Mapped[str | None] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str | None] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    url: Mapped[url_str] = mapped_column(unique=True)
    service: Mapped[str] = mapped_column(String(100))
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the archive said when last asked: available, missing, requested (a capture was asked
    # for and is pending) or failed; None for copies recorded by hand and never checked.
    status: Mapped[str | None] = mapped_column(String(10))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    source: Mapped[Source | None] = relationship(back_populates="archives")
