"""resumable uploads

Revision ID: 8c6257bd445a
Revises: abd280a60f10
Create Date: 2026-11-27 21:50:20.996242
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = '8c6257bd445a'
down_revision = 'abd280a60f10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('resumable_uploads',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('length', sa.BigInteger(), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('upload_metadata', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('evidence_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_resumable_uploads_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_resumable_uploads_evidence_id_evidence'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_resumable_uploads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resumable_uploads'))
    )
    with op.batch_alter_table('resumable_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resumable_uploads_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_resumable_uploads_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_resumable_uploads_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('resumable_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resumable_uploads_user_id'))
        batch_op.drop_index(batch_op.f('ix_resumable_uploads_expires_at'))
        batch_op.drop_index(batch_op.f('ix_resumable_uploads_dossier_id'))

    op.drop_table('resumable_uploads')
