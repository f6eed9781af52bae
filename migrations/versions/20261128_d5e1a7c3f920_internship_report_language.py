"""internship report language

Revision ID: d5e1a7c3f920
Revises: c0ac4a3e5b71
Create Date: 2026-11-28 00:45:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'd5e1a7c3f920'
down_revision = 'c0ac4a3e5b71'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('internship_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), server_default='nl', nullable=False))


def downgrade():
    with op.batch_alter_table('internship_reports', schema=None) as batch_op:
        batch_op.drop_column('language')
