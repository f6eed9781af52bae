"""online CV and share links

Revision ID: 30f592a40dec
Revises: 5d86d0f003ab
Create Date: 2026-11-27 23:03:23.015477
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = '30f592a40dec'
down_revision = '5d86d0f003ab'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cvs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('headline', sa.String(length=200), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('photo_evidence_id', sa.Uuid(), nullable=True),
    sa.Column('education', sa.JSON(), nullable=False),
    sa.Column('work', sa.JSON(), nullable=False),
    sa.Column('competency_ids', sa.JSON(), nullable=False),
    sa.Column('evidence_ids', sa.JSON(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_cvs_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['photo_evidence_id'], ['evidence.id'], name=op.f('fk_cvs_photo_evidence_id_evidence'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cvs')),
    sa.UniqueConstraint('dossier_id', name=op.f('uq_cvs_dossier_id'))
    )
    op.create_table('share_links',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('cv_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('view_count', sa.Integer(), nullable=False),
    sa.Column('last_viewed_at', app.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['cv_id'], ['cvs.id'], name=op.f('fk_share_links_cv_id_cvs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_share_links_token_hash'))
    )
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_links_cv_id'), ['cv_id'], unique=False)



def downgrade():
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_links_cv_id'))

    op.drop_table('share_links')
    op.drop_table('cvs')
