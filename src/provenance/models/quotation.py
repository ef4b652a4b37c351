"""How an article printed a statement: the words, the language, the name it gave the speaker."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from provenance.models.base import Base, in_check, lang_str, uuid_pk

RELATIONS = ("verbatim", "translation", "partial", "paraphrase")


class Quotation(Base):
    __tablename__ = "quotation"
    __table_args__ = (
        CheckConstraint(in_check("relation", RELATIONS), name="relation"),
        UniqueConstraint("article_id", "statement_id", "text_hash"),
    )

    id: Mapped[uuid_pk]
    article_id: Mapped[str] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), index=True)
    quoted_text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    quoted_lang: Mapped[lang_str]
    relation: Mapped[str] = mapped_column(String(12))
    attributed_as: Mapped[str | None] = mapped_column(String(300))
    via_source_id: Mapped[str | None] = mapped_column(
        ForeignKey("source.id", ondelete="SET NULL"), index=True
    )
