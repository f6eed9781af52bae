"""data jobs, names of authors from elsewhere

Revision ID: 5d86d0f003ab
Revises: af91812a706f
Create Date: 2026-11-27 22:57:16.773442
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = '5d86d0f003ab'
down_revision = 'af91812a706f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_jobs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('finished_at', app.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('export', 'import')", name=op.f('ck_data_jobs_kind')),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_data_jobs_status')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_data_jobs_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_data_jobs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_jobs'))
    )
    with op.batch_alter_table('data_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_jobs_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_name', sa.String(length=120), nullable=False,
                                      server_default=''))

    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_name', sa.String(length=120), nullable=False,
                                      server_default=''))
    # The defaults only filled existing rows.
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.alter_column('created_by_name', server_default=None)
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.alter_column('author_name', server_default=None)


def downgrade():
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_column('author_name')

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_column('created_by_name')

    with op.batch_alter_table('data_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_jobs_user_id'))

    op.drop_table('data_jobs')
