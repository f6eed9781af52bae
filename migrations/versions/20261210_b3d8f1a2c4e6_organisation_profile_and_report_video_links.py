"""Organisation profile (address, logo) and revocable video links of printed reports

Revision ID: b3d8f1a2c4e6
Revises: c3f8a2d6e1b7
Create Date: 2026-12-10 09:00:00
"""

from alembic import op
import sqlalchemy as sa

import app.db

revision = "b3d8f1a2c4e6"
down_revision = "c3f8a2d6e1b7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("logo_key", sa.String(length=200), nullable=True))
    op.create_table(
        "report_video_links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("evidence_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", app.db.UTCDateTime(), nullable=True),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("last_viewed_at", app.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["report_id"], ["internship_reports.id"],
                                name=op.f("fk_report_video_links_report_id_internship_reports"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"],
                                name=op.f("fk_report_video_links_evidence_id_evidence"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_video_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_report_video_links_token_hash")),
    )
    with op.batch_alter_table("report_video_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_video_links_report_id"), ["report_id"])
        batch_op.create_index(batch_op.f("ix_report_video_links_evidence_id"), ["evidence_id"])


def downgrade():
    op.drop_table("report_video_links")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("logo_key")
        batch_op.drop_column("address")
