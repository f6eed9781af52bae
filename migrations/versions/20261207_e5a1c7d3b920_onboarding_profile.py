"""onboarding: the account's role and sector; frameworks chosen through them

Revision ID: e5a1c7d3b920
Revises: d6dcccc46f24
Create Date: 2026-12-07 09:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = "e5a1c7d3b920"
down_revision = "d6dcccc46f24"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("sector", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("onboarded_at", app.db.UTCDateTime(), nullable=True))
    with op.batch_alter_table("dossier_frameworks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("by_profile", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("dossier_frameworks", schema=None) as batch_op:
        batch_op.drop_column("by_profile")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("onboarded_at")
        batch_op.drop_column("sector")
        batch_op.drop_column("role")
