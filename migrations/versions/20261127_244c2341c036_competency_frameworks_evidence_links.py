"""competency frameworks, evidence links

Revision ID: 244c2341c036
Revises: 8c6257bd445a
Create Date: 2026-11-27 22:19:48.450418
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = '244c2341c036'
down_revision = '8c6257bd445a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('frameworks',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('identifier', sa.String(length=64), nullable=False),
    sa.Column('uri', sa.String(length=500), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('creator', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('version', sa.String(length=100), nullable=False),
    sa.Column('last_change', sa.String(length=40), nullable=False),
    sa.Column('is_builtin', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_frameworks_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frameworks')),
    sa.UniqueConstraint('identifier', name=op.f('uq_frameworks_identifier'))
    )
    op.create_table('dossier_frameworks',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('framework_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_frameworks_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_dossier_frameworks_framework_id_frameworks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_frameworks')),
    sa.UniqueConstraint('dossier_id', 'framework_id', name='uq_dossier_frameworks')
    )
    with op.batch_alter_table('dossier_frameworks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_frameworks_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('framework_associations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('framework_id', sa.Uuid(), nullable=False),
    sa.Column('identifier', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_framework_associations_framework_id_frameworks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework_associations'))
    )
    with op.batch_alter_table('framework_associations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_framework_associations_framework_id'), ['framework_id'], unique=False)

    op.create_table('framework_items',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('framework_id', sa.Uuid(), nullable=False),
    sa.Column('identifier', sa.String(length=64), nullable=False),
    sa.Column('uri', sa.String(length=500), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('parent_association', sa.String(length=64), nullable=False),
    sa.Column('human_code', sa.String(length=100), nullable=False),
    sa.Column('full_statement', sa.Text(), nullable=False),
    sa.Column('abbreviated_statement', sa.Text(), nullable=False),
    sa.Column('item_type', sa.String(length=100), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('last_change', sa.String(length=40), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('retired_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_framework_items_framework_id_frameworks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['framework_items.id'], name=op.f('fk_framework_items_parent_id_framework_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework_items')),
    sa.UniqueConstraint('framework_id', 'identifier', name='uq_framework_items_identifier')
    )
    with op.batch_alter_table('framework_items', schema=None) as batch_op:
        batch_op.create_index('ix_framework_items_tree', ['framework_id', 'parent_id', 'position'], unique=False)

    op.create_table('framework_rubrics',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('framework_id', sa.Uuid(), nullable=False),
    sa.Column('identifier', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_framework_rubrics_framework_id_frameworks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework_rubrics'))
    )
    with op.batch_alter_table('framework_rubrics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_framework_rubrics_framework_id'), ['framework_id'], unique=False)

    op.create_table('evidence_links',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('evidence_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_evidence_links_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_evidence_links_evidence_id_evidence'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['framework_items.id'], name=op.f('fk_evidence_links_item_id_framework_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_links')),
    sa.UniqueConstraint('evidence_id', 'item_id', name='uq_evidence_links')
    )
    with op.batch_alter_table('evidence_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_links_evidence_id'), ['evidence_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_links_item_id'), ['item_id'], unique=False)



def downgrade():
    with op.batch_alter_table('evidence_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_links_item_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_links_evidence_id'))

    op.drop_table('evidence_links')
    with op.batch_alter_table('framework_rubrics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_framework_rubrics_framework_id'))

    op.drop_table('framework_rubrics')
    with op.batch_alter_table('framework_items', schema=None) as batch_op:
        batch_op.drop_index('ix_framework_items_tree')

    op.drop_table('framework_items')
    with op.batch_alter_table('framework_associations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_framework_associations_framework_id'))

    op.drop_table('framework_associations')
    with op.batch_alter_table('dossier_frameworks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_frameworks_dossier_id'))

    op.drop_table('dossier_frameworks')
    op.drop_table('frameworks')
