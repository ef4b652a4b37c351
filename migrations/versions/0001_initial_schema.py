"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("publisher", sa.String(length=300), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_precision", sa.String(length=6), nullable=True),
        sa.CheckConstraint(
            "published_precision IS NULL OR published_precision IN ('year', 'month', 'day', 'minute', 'second')",
            name=op.f("ck_article_published_precision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
        sa.UniqueConstraint("url", name=op.f("uq_article_url")),
    )
    op.create_table(
        "claim",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.CheckConstraint("kind IN ('factual', 'position')", name=op.f("ck_claim_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint("slug", name=op.f("uq_claim_slug")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("wikidata_id", sa.String(length=20), nullable=True),
        sa.CheckConstraint("kind IN ('person', 'organisation')", name=op.f("ck_person_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("name_key", name=op.f("uq_person_name_key")),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("publisher", sa.String(length=300), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_precision", sa.String(length=6), nullable=True),
        sa.CheckConstraint(
            "kind IN ('x_post', 'news_article', 'executive_order', 'blog_post', 'speech', 'interview', 'other')",
            name=op.f("ck_source_kind"),
        ),
        sa.CheckConstraint(
            "published_precision IS NULL OR published_precision IN ('year', 'month', 'day', 'minute', 'second')",
            name=op.f("ck_source_published_precision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("url", name=op.f("uq_source_url")),
    )
    op.create_table(
        "affiliation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=True),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("start_precision", sa.String(length=6), nullable=True),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_precision", sa.String(length=6), nullable=True),
        sa.CheckConstraint(
            "end_precision IS NULL OR end_precision IN ('year', 'month', 'day', 'minute', 'second')",
            name=op.f("ck_affiliation_end_precision"),
        ),
        sa.CheckConstraint(
            "start_precision IS NULL OR start_precision IN ('year', 'month', 'day', 'minute', 'second')",
            name=op.f("ck_affiliation_start_precision"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["person.id"],
            name=op.f("fk_affiliation_organisation_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_affiliation_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliation")),
    )
    with op.batch_alter_table("affiliation", schema=None) as batch_op:
        batch_op.create_index("ix_affiliation_organisation_id", ["organisation_id"], unique=False)
        batch_op.create_index("ix_affiliation_person_id", ["person_id"], unique=False)

    op.create_table(
        "alias",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("alias_key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_alias_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alias")),
        sa.UniqueConstraint("person_id", "alias_key", name=op.f("uq_alias_person_id_alias_key")),
    )
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alias_alias_key"), ["alias_key"], unique=False)

    op.create_table(
        "archive_copy",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_archive_copy_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_copy")),
        sa.UniqueConstraint("url", name=op.f("uq_archive_copy_url")),
    )
    with op.batch_alter_table("archive_copy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archive_copy_source_id"), ["source_id"], unique=False)

    op.create_table(
        "statement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("speaker_id", sa.String(length=36), nullable=True),
        sa.Column("source_id", sa.String(length=36), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("said_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("said_precision", sa.String(length=6), nullable=True),
        sa.Column("locator", sa.String(length=300), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "said_precision IS NULL OR said_precision IN ('year', 'month', 'day', 'minute', 'second')",
            name=op.f("ck_statement_said_precision"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_statement_source_id_source"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["person.id"],
            name=op.f("fk_statement_speaker_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_statement_fingerprint")),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_source_id"), ["source_id"], unique=False)
        batch_op.create_index("ix_statement_speaker_id_said_at", ["speaker_id", "said_at"], unique=False)

    op.create_table(
        "quotation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("article_id", sa.String(length=36), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("quoted_text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("quoted_lang", sa.String(length=35), nullable=True),
        sa.Column("relation", sa.String(length=12), nullable=False),
        sa.Column("attributed_as", sa.String(length=300), nullable=True),
        sa.Column("via_source_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint(
            "relation IN ('verbatim', 'translation', 'partial', 'paraphrase')",
            name=op.f("ck_quotation_relation"),
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_quotation_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_quotation_statement_id_statement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["via_source_id"],
            ["source.id"],
            name=op.f("fk_quotation_via_source_id_source"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotation")),
        sa.UniqueConstraint(
            "article_id",
            "statement_id",
            "text_hash",
            name=op.f("uq_quotation_article_id_statement_id_text_hash"),
        ),
    )
    with op.batch_alter_table("quotation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotation_statement_id"), ["statement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotation_via_source_id"), ["via_source_id"], unique=False)

    op.create_table(
        "stance",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("claim_id", sa.String(length=36), nullable=False),
        sa.Column("stance", sa.String(length=8), nullable=False),
        sa.Column("basis", sa.String(length=11), nullable=False),
        sa.Column("reader", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("basis IN ('stated', 'interpreted')", name=op.f("ck_stance_basis")),
        sa.CheckConstraint("stance IN ('supports', 'opposes', 'neutral')", name=op.f("ck_stance_stance")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_stance_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_stance_statement_id_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stance")),
        sa.UniqueConstraint(
            "statement_id",
            "claim_id",
            "reader",
            name=op.f("uq_stance_statement_id_claim_id_reader"),
        ),
    )
    with op.batch_alter_table("stance", schema=None) as batch_op:
        batch_op.create_index("ix_stance_claim_id", ["claim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stance", schema=None) as batch_op:
        batch_op.drop_index("ix_stance_claim_id")

    op.drop_table("stance")
    with op.batch_alter_table("quotation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotation_via_source_id"))
        batch_op.drop_index(batch_op.f("ix_quotation_statement_id"))

    op.drop_table("quotation")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index("ix_statement_speaker_id_said_at")
        batch_op.drop_index(batch_op.f("ix_statement_source_id"))

    op.drop_table("statement")
    with op.batch_alter_table("archive_copy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archive_copy_source_id"))

    op.drop_table("archive_copy")
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alias_alias_key"))

    op.drop_table("alias")
    with op.batch_alter_table("affiliation", schema=None) as batch_op:
        batch_op.drop_index("ix_affiliation_person_id")
        batch_op.drop_index("ix_affiliation_organisation_id")

    op.drop_table("affiliation")
    op.drop_table("source")
    op.drop_table("person")
    op.drop_table("claim")
    op.drop_table("article")
