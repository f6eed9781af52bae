"""growth: plan, activities, coaching notes; coach rating consent

Revision ID: 8e8801526cdd
Revises: b2bb6b856dcc
Create Date: 2026-11-27 23:16:55.066250
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = '8e8801526cdd'
down_revision = 'b2bb6b856dcc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('growth_settings',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('fte', sa.Numeric(precision=4, scale=3), nullable=False),
    sa.Column('hours_override', sa.Numeric(precision=6, scale=1), nullable=True),
    sa.Column('budget_override', sa.Numeric(precision=9, scale=2), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_growth_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_growth_settings'))
    )
    op.create_table('coaching_notes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('coach_id', sa.Uuid(), nullable=True),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['coach_id'], ['users.id'], name=op.f('fk_coaching_notes_coach_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_coaching_notes_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_notes'))
    )
    with op.batch_alter_table('coaching_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_notes_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('goals',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('planned_activities', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('competency_ids', sa.JSON(), nullable=False),
    sa.Column('evidence_ids', sa.JSON(), nullable=False),
    sa.Column('progress_notes', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'achieved', 'dropped')", name=op.f('ck_goals_status')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_goals_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals'))
    )
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goals_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('activities',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('cost', sa.Numeric(precision=9, scale=2), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('planned', sa.Boolean(), nullable=False),
    sa.Column('certificate_evidence_id', sa.Uuid(), nullable=True),
    sa.Column('goal_ids', sa.JSON(), nullable=False),
    sa.Column('competency_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_evidence_id'], ['evidence.id'], name=op.f('fk_activities_certificate_evidence_id_evidence'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_activities_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activities_dossier_id'), ['dossier_id'], unique=False)

    with op.batch_alter_table('grants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coach_may_rate', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('grants', schema=None) as batch_op:
        batch_op.alter_column('coach_may_rate', server_default=None)


def downgrade():
    with op.batch_alter_table('grants', schema=None) as batch_op:
        batch_op.drop_column('coach_may_rate')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_dossier_id'))

    op.drop_table('activities')
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goals_dossier_id'))

    op.drop_table('goals')
    with op.batch_alter_table('coaching_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_notes_dossier_id'))

    op.drop_table('coaching_notes')
    op.drop_table('growth_settings')
