"""invitations keep every term of the grant they offer (limits to items and competencies,
whether a coach may rate), not only role, scopes and end date

Revision ID: b8c4e2f7a913
Revises: a7d3e9c1b5f2
Create Date: 2026-12-03 23:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "b8c4e2f7a913"
down_revision = "a7d3e9c1b5f2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("terms", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_column("terms")
