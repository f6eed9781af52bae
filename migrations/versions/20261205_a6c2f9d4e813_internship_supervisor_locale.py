"""internships.supervisor_locale: the language of the supervisor's mail, chosen when proposing

Revision ID: a6c2f9d4e813
Revises: e2b8c4d1f735
Create Date: 2026-12-05 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "a6c2f9d4e813"
down_revision = "e2b8c4d1f735"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("internships", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("supervisor_locale", sa.String(length=8), server_default="nl", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("internships", schema=None) as batch_op:
        batch_op.drop_column("supervisor_locale")
