"""faces blurred for others: faces, sharp copies for the owner, the owner's face, org rule

Revision ID: a9c4e2f7b518
Revises: b3d8f1a2c4e6
Create Date: 2026-12-11 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import app.db
import app.crypto


revision = 'a9c4e2f7b518'
down_revision = 'b3d8f1a2c4e6'
branch_labels = None
depends_on = None

OLD_ROLES = (
    "role IN ('original', 'thumbnail', 'thumbnail_webp', 'display', 'display_webp', "
    "'poster', 'playable')"
)
NEW_ROLES = (
    "role IN ('original', 'thumbnail', 'thumbnail_webp', 'display', 'display_webp', "
    "'poster', 'playable', 'sharp_thumbnail', 'sharp_display', 'sharp_poster', 'sharp_playable')"
)


def upgrade():
    op.create_table(
        'faces',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('evidence_id', sa.Uuid(), nullable=False),
        sa.Column('box', sa.JSON(), nullable=False),
        sa.Column('track', sa.JSON(), nullable=True),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('keep_visible', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('own_face', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("source IN ('detected', 'drawn')", name=op.f('ck_faces_source')),
        sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'],
                                name=op.f('fk_faces_evidence_id_evidence'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_faces')),
    )
    with op.batch_alter_table('faces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faces_evidence_id'), ['evidence_id'], unique=False)
    with op.batch_alter_table('media_assets', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_media_assets_role'), type_='check')
        batch_op.create_check_constraint('role', NEW_ROLES)
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('faces_checked_at', app.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('faces_pending', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('face_signature', app.crypto.EncryptedText(), nullable=True))
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blur_faces_under_16', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('blur_faces_under_16')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('face_signature')
        batch_op.drop_column('birth_date')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_column('faces_pending')
        batch_op.drop_column('faces_checked_at')
    op.execute("DELETE FROM media_assets WHERE role LIKE 'sharp\\_%' ESCAPE '\\'")
    with op.batch_alter_table('media_assets', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_media_assets_role'), type_='check')
        batch_op.create_check_constraint('role', OLD_ROLES)
    with op.batch_alter_table('faces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faces_evidence_id'))
    op.drop_table('faces')
