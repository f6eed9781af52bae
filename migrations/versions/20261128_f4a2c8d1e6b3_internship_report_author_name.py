"""internship reports keep their author's name when the author is not a user here (imported reports)

Revision ID: f4a2c8d1e6b3
Revises: e3b9f1a2c4d6
Create Date: 2026-11-28 01:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f4a2c8d1e6b3'
down_revision = 'e3b9f1a2c4d6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('internship_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_name', sa.String(length=200), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('internship_reports', schema=None) as batch_op:
        batch_op.drop_column('created_by_name')
