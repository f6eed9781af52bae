"""internship reports

Revision ID: b2bb6b856dcc
Revises: 30f592a40dec
Create Date: 2026-11-27 23:10:17.948906
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = 'b2bb6b856dcc'
down_revision = '30f592a40dec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('internship_reports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('internship', sa.String(length=200), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('evidence_ids', sa.JSON(), nullable=True),
    sa.Column('hours', sa.Float(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('signoffs', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_internship_reports_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_internship_reports_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_internship_reports'))
    )
    with op.batch_alter_table('internship_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_internship_reports_dossier_id'), ['dossier_id'], unique=False)



def downgrade():
    with op.batch_alter_table('internship_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_internship_reports_dossier_id'))

    op.drop_table('internship_reports')
