"""audio evidence, processing progress, webp variants

Revision ID: abd280a60f10
Revises: 28074c7fcabf
Create Date: 2026-11-27 21:55:00
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = 'abd280a60f10'
down_revision = '28074c7fcabf'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('photo', 'video', 'note', 'document')"
NEW_KINDS = "kind IN ('photo', 'video', 'audio', 'note', 'document')"
OLD_ROLES = "role IN ('original', 'thumbnail', 'display', 'poster', 'playable')"
NEW_ROLES = (
    "role IN ('original', 'thumbnail', 'thumbnail_webp', 'display', 'display_webp', "
    "'poster', 'playable')"
)


def upgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('processing_progress', sa.Integer(), nullable=True))
        # Existing rows get 0 through the server default, which is dropped again below.
        batch_op.add_column(sa.Column('processing_attempts', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('processing_heartbeat_at', app.db.UTCDateTime(),
                                      nullable=True))
        batch_op.drop_constraint(op.f('ck_evidence_kind'), type_='check')
        batch_op.create_check_constraint('kind', NEW_KINDS)
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.alter_column('processing_attempts', server_default=None)
    with op.batch_alter_table('media_assets', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_media_assets_role'), type_='check')
        batch_op.create_check_constraint('role', NEW_ROLES)


def downgrade():
    op.execute("DELETE FROM media_assets WHERE role IN ('thumbnail_webp', 'display_webp')")
    op.execute("DELETE FROM evidence WHERE kind = 'audio'")
    with op.batch_alter_table('media_assets', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_media_assets_role'), type_='check')
        batch_op.create_check_constraint('role', OLD_ROLES)
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_evidence_kind'), type_='check')
        batch_op.create_check_constraint('kind', OLD_KINDS)
        batch_op.drop_column('processing_heartbeat_at')
        batch_op.drop_column('processing_attempts')
        batch_op.drop_column('processing_progress')
