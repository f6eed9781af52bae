"""The CV shows what the workplace confirmed: signed reports and workplace levels the owner chose

Revision ID: c3f8a2d6e1b7
Revises: f3b8d2a6c471
Create Date: 2026-12-08 09:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = "c3f8a2d6e1b7"
down_revision = "f3b8d2a6c471"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cvs") as batch:
        batch.add_column(sa.Column("report_ids", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("level_ids", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("cvs") as batch:
        batch.drop_column("level_ids")
        batch.drop_column("report_ids")
