"""Where a quotation was found in a fetched text, as W3C Web Annotation selectors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from provenance.models.base import Base, UTCDateTime, in_check, uuid_pk

SIDES = ("source", "article")
ANCHOR_STATUSES = ("found", "fuzzy", "ambiguous", "missing", "unchecked")


class Anchor(Base):
    """The result of looking for one quotation in one side: its source, or the quoting article.

    ``exact``/``prefix``/``suffix`` form a TextQuoteSelector and ``start``/``end`` (Unicode code
    points, end exclusive) a TextPositionSelector, both computed on the text of the body whose
    hash is ``body_sha256``, so the quote can be re-anchored after the page changes.
    """

    __tablename__ = "anchor"
    __table_args__ = (
        UniqueConstraint("quotation_id", "side"),
        CheckConstraint(in_check("side", SIDES), name="side"),
        CheckConstraint(in_check("status", ANCHOR_STATUSES), name="status"),
    )

    id: Mapped[uuid_pk]
    quotation_id: Mapped[str] = mapped_column(ForeignKey("quotation.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(9))
    score: Mapped[float | None] = mapped_column(Float)
    exact: Mapped[str | None] = mapped_column(Text)
    prefix: Mapped[str | None] = mapped_column(Text)
    suffix: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(String(2000))  # the page or archive capture checked
    body_sha256: Mapped[str | None] = mapped_column(ForeignKey("body.sha256"))
    detail: Mapped[str | None] = mapped_column(String(500))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())
