"""Claims (propositions) and the stances statements take on them, with who read them so."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from provenance.models.base import Base, UTCDateTime, in_check, utcnow, uuid_pk

CLAIM_KINDS = ("factual", "position")
STANCES = ("supports", "opposes", "neutral")
BASES = ("stated", "interpreted")


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (CheckConstraint(in_check("kind", CLAIM_KINDS), name="kind"),)

    id: Mapped[uuid_pk]
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10), default="position")


class Stance(Base):
    __tablename__ = "stance"
    __table_args__ = (
        CheckConstraint(in_check("stance", STANCES), name="stance"),
        CheckConstraint(in_check("basis", BASES), name="basis"),
        UniqueConstraint("statement_id", "claim_id", "reader"),
        Index("ix_stance_claim_id", "claim_id"),
    )

    id: Mapped[uuid_pk]
    statement_id: Mapped[str] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"))
    claim_id: Mapped[str] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    stance: Mapped[str] = mapped_column(String(8))
    # "stated": the statement says it in so many words; "interpreted": a reading of it.
    basis: Mapped[str] = mapped_column(String(11), default="stated")
    reader: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
