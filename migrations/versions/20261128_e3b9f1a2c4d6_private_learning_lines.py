"""learning lines made in the app are private to their maker

Revision ID: e3b9f1a2c4d6
Revises: d5e1a7c3f920
Create Date: 2026-11-28 01:15:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'e3b9f1a2c4d6'
down_revision = 'd5e1a7c3f920'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('frameworks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('private', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('frameworks', schema=None) as batch_op:
        batch_op.drop_column('private')
