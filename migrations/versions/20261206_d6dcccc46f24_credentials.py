"""credentials: Open Badges 3.0 credentials issued from signed reports and supervisors' levels

Revision ID: d6dcccc46f24
Revises: 16ca74a64e86
Create Date: 2026-12-06 09:00:00
"""

from alembic import op
import sqlalchemy as sa

import app.db


revision = "d6dcccc46f24"
down_revision = "16ca74a64e86"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "credential_status_bits",
        sa.Column("index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revoked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("index", name=op.f("pk_credential_status_bits")),
    )
    op.create_table(
        "credentials",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=True),
        sa.Column("reflection_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("endorsers", sa.JSON(), nullable=False),
        sa.Column("issued_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("jwt", sa.Text(), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("on_cv", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("revoked_at", app.db.UTCDateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Uuid(), nullable=True),
        sa.Column("revoked_by_name", sa.String(length=120), server_default="", nullable=False),
        sa.Column("revocation_reason", sa.String(length=500), server_default="", nullable=False),
        sa.Column("removed_at", app.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('report', 'level')", name=op.f("ck_credentials_kind")),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_credentials_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["internship_reports.id"],
            name=op.f("fk_credentials_report_id_internship_reports"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reflection_id"], ["reflections.id"],
            name=op.f("fk_credentials_reflection_id_reflections"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_credentials_revoked_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("status_index", name=op.f("uq_credentials_status_index")),
    )
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credentials_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_credentials_report_id"), ["report_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_credentials_reflection_id"), ["reflection_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credentials_reflection_id"))
        batch_op.drop_index(batch_op.f("ix_credentials_report_id"))
        batch_op.drop_index(batch_op.f("ix_credentials_dossier_id"))
    op.drop_table("credentials")
    op.drop_table("credential_status_bits")
