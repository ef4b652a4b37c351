"""Speakers (people and organisations), the other names they go by, and who belonged where when."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from provenance.models.base import (
    Base,
    name_str,
    precision_check,
    precision_str,
    utc_datetime,
    uuid_pk,
)

PERSON_KINDS = ("person", "organisation")


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (CheckConstraint("kind IN ('person', 'organisation')", name="kind"),)

    id: Mapped[uuid_pk]
    name: Mapped[name_str]
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(12), default="person")
    description: Mapped[str | None] = mapped_column(Text)
    wikidata_id: Mapped[str | None] = mapped_column(String(20))

    aliases: Mapped[list[Alias]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Alias.alias"
    )


class Alias(Base):
    __tablename__ = "alias"
    __table_args__ = (UniqueConstraint("person_id", "alias_key"),)

    id: Mapped[uuid_pk]
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    alias: Mapped[name_str]
    alias_key: Mapped[str] = mapped_column(String(300), index=True)

    person: Mapped[Person] = relationship(back_populates="aliases")


class Affiliation(Base):
    __tablename__ = "affiliation"
    __table_args__ = (
        CheckConstraint(precision_check("start_precision"), name="start_precision"),
        CheckConstraint(precision_check("end_precision"), name="end_precision"),
        Index("ix_affiliation_person_id", "person_id"),
        Index("ix_affiliation_organisation_id", "organisation_id"),
    )

    id: Mapped[uuid_pk]
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[str | None] = mapped_column(String(300))
    start_at: Mapped[utc_datetime]
    start_precision: Mapped[precision_str]
    end_at: Mapped[utc_datetime]
    end_precision: Mapped[precision_str]
