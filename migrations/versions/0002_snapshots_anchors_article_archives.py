"""snapshots anchors article archives

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "body",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_body")),
    )
    op.create_table(
        "snapshot",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("final_url", sa.String(length=2000), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("body_sha256", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("author", sa.String(length=300), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_precision", sa.String(length=6), nullable=True),
        sa.ForeignKeyConstraint(["body_sha256"], ["body.sha256"], name=op.f("fk_snapshot_body_sha256_body")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot")),
    )
    with op.batch_alter_table("snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_snapshot_body_sha256"), ["body_sha256"], unique=False)
        batch_op.create_index("ix_snapshot_url_fetched_at", ["url", "fetched_at"], unique=False)

    op.create_table(
        "anchor",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("quotation_id", sa.String(length=36), nullable=False),
        sa.Column("side", sa.String(length=7), nullable=False),
        sa.Column("status", sa.String(length=9), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("exact", sa.Text(), nullable=True),
        sa.Column("prefix", sa.Text(), nullable=True),
        sa.Column("suffix", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("body_sha256", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("side IN ('source', 'article')", name=op.f("ck_anchor_side")),
        sa.CheckConstraint(
            "status IN ('found', 'fuzzy', 'ambiguous', 'missing', 'unchecked')", name=op.f("ck_anchor_status")
        ),
        sa.ForeignKeyConstraint(["body_sha256"], ["body.sha256"], name=op.f("fk_anchor_body_sha256_body")),
        sa.ForeignKeyConstraint(
            ["quotation_id"],
            ["quotation.id"],
            name=op.f("fk_anchor_quotation_id_quotation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anchor")),
        sa.UniqueConstraint("quotation_id", "side", name=op.f("uq_anchor_quotation_id_side")),
    )
    with op.batch_alter_table("archive_copy", schema=None) as batch_op:
        batch_op.add_column(sa.Column("article_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column("source_id", existing_type=sa.VARCHAR(length=36), nullable=True)
        batch_op.create_index(batch_op.f("ix_archive_copy_article_id"), ["article_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_archive_copy_article_id_article"),
            "article",
            ["article_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_archive_copy_one_owner"), "(source_id IS NULL) <> (article_id IS NULL)"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_archive_copy_status"),
            "status IS NULL OR status IN ('available', 'missing', 'requested', 'failed')",
        )


def downgrade() -> None:
    # Revision 0001 knows archive copies of sources only: those of articles cannot go back.
    op.execute("DELETE FROM archive_copy WHERE source_id IS NULL")
    with op.batch_alter_table("archive_copy", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_archive_copy_status"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_archive_copy_one_owner"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_archive_copy_article_id_article"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_archive_copy_article_id"))
        batch_op.alter_column("source_id", existing_type=sa.VARCHAR(length=36), nullable=False)
        batch_op.drop_column("checked_at")
        batch_op.drop_column("status")
        batch_op.drop_column("article_id")

    op.drop_table("anchor")
    with op.batch_alter_table("snapshot", schema=None) as batch_op:
        batch_op.drop_index("ix_snapshot_url_fetched_at")
        batch_op.drop_index(batch_op.f("ix_snapshot_body_sha256"))

    op.drop_table("snapshot")
    op.drop_table("body")
