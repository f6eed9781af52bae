"""personal access tokens get a scope (read or full) and the token that minted them

Revision ID: b81c4e2d9a07
Revises: a7d3e9c1b5f2
Create Date: 2026-12-03 12:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b81c4e2d9a07'
down_revision = 'a7d3e9c1b5f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_tokens', schema=None) as batch_op:
        # Tokens made before scopes existed could do everything: they stay full.
        batch_op.add_column(sa.Column('scope', sa.String(length=8), nullable=False,
                                      server_default='full'))
        batch_op.add_column(sa.Column('parent_id', sa.Uuid(), nullable=True))
        batch_op.create_check_constraint('scope', "scope IN ('read', 'full')")
        batch_op.create_foreign_key(
            batch_op.f('fk_access_tokens_parent_id_access_tokens'), 'access_tokens',
            ['parent_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_access_tokens_parent_id'), ['parent_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('access_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_tokens_parent_id'))
        batch_op.drop_constraint(batch_op.f('fk_access_tokens_parent_id_access_tokens'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('ck_access_tokens_scope'), type_='check')
        batch_op.drop_column('parent_id')
        batch_op.drop_column('scope')
