"""What was said: by whom (or nobody known), where, when, in which words."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from provenance.models.base import (
    Base,
    lang_str,
    precision_check,
    precision_str,
    utc_datetime,
    uuid_pk,
)


class Statement(Base):
    __tablename__ = "statement"
    __table_args__ = (
        CheckConstraint(precision_check("said_precision"), name="said_precision"),
        # Timelines and contradictions read one speaker's statements in time order.
        Index("ix_statement_speaker_id_said_at", "speaker_id", "said_at"),
    )

    id: Mapped[uuid_pk]
    speaker_id: Mapped[str | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    source_id: Mapped[str | None] = mapped_column(ForeignKey("source.id", ondelete="SET NULL"), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[lang_str]
    said_at: Mapped[utc_datetime]
    said_precision: Mapped[precision_str]
    locator: Mapped[str | None] = mapped_column(String(300))
    # sha256 of speaker, source, time, locator and text (or, with no original, the first quoted
    # text): the natural key, hashed so PostgreSQL can index it whatever the text's length.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
