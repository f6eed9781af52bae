"""data jobs keep why an import failed as a code with its values, for the app to translate

Revision ID: a7d3e9c1b5f2
Revises: f4a2c8d1e6b3
Create Date: 2026-11-28 01:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7d3e9c1b5f2'
down_revision = 'f4a2c8d1e6b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('data_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error_code', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('error_params', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('data_jobs', schema=None) as batch_op:
        batch_op.drop_column('error_params')
        batch_op.drop_column('error_code')
