"""What a fetch of a URL brought back: the response, and its body stored once per hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from provenance.models.base import Base, UTCDateTime, precision_str, url_str, utc_datetime, uuid_pk


class Body(Base):
    """A fetched body, keyed by its SHA-256: the same page fetched twice is stored once."""

    __tablename__ = "body"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # The main text as the extractor found it; None when nothing could be extracted.
    text: Mapped[str | None] = mapped_column(Text)


class Snapshot(Base):
    """One fetch of one URL: success or failure, each recorded so a run can go on."""

    __tablename__ = "snapshot"
    __table_args__ = (Index("ix_snapshot_url_fetched_at", "url", "fetched_at"),)

    id: Mapped[uuid_pk]
    url: Mapped[url_str]
    final_url: Mapped[str | None] = mapped_column(String(2000))
    status_code: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content_type: Mapped[str | None] = mapped_column(String(200))
    body_sha256: Mapped[str | None] = mapped_column(ForeignKey("body.sha256"), index=True)
    # Why there is no body: a timeout, a refused connection, a body over the size limit...
    error: Mapped[str | None] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(String(1000))
    author: Mapped[str | None] = mapped_column(String(300))
    published_at: Mapped[utc_datetime]
    published_precision: Mapped[precision_str]
