"""coaching notes keep the coach's name when the coach is not a user here (imported notes)

Revision ID: c0ac4a3e5b71
Revises: 8e8801526cdd
Create Date: 2026-11-28 00:55:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c0ac4a3e5b71'
down_revision = '8e8801526cdd'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('coaching_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coach_name', sa.String(length=200), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('coaching_notes', schema=None) as batch_op:
        batch_op.drop_column('coach_name')
