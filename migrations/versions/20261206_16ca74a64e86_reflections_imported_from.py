"""reflections.imported_from: comments imported from another e-portfolio (Mahara, Leap2A)

Revision ID: 16ca74a64e86
Revises: a6c2f9d4e813
Create Date: 2026-12-06 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "16ca74a64e86"
down_revision = "a6c2f9d4e813"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("imported_from", sa.String(length=16), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_column("imported_from")
