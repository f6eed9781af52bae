"""people: organisations, grants, invitations, reflections, messages, notifications, access log, events

Revision ID: 979eacaba655
Revises: 244c2341c036
Create Date: 2026-11-27 22:26:03.287050
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = '979eacaba655'
down_revision = '244c2341c036'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('education', 'work')", name=op.f('ck_organisations_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    op.create_table('memberships',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('started_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('ended_at', app.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("role IN ('teacher', 'student', 'coordinator', 'mentor', 'coach', 'administrator')", name=op.f('ck_memberships_role')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_memberships_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index('ix_memberships_org_user', ['organisation_id', 'user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)

    op.create_table('access_log',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_access_log_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_access_log_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log'))
    )
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index('ix_access_log_dossier_time', ['dossier_id', 'created_at'], unique=False)

    op.create_table('dossier_events',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_events_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_dossier_events'))
    )
    with op.batch_alter_table('dossier_events', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_events_dossier_seq', ['dossier_id', 'seq'], unique=False)

    op.create_table('grants',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('grantee_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('expires_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('evidence_ids', sa.JSON(), nullable=True),
    sa.Column('item_ids', sa.JSON(), nullable=True),
    sa.Column('organisation_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', app.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_grants_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['grantee_id'], ['users.id'], name=op.f('fk_grants_grantee_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_grants_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grants'))
    )
    with op.batch_alter_table('grants', schema=None) as batch_op:
        batch_op.create_index('ix_grants_dossier_grantee', ['dossier_id', 'grantee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grants_grantee_id'), ['grantee_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('read_at', app.db.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_notifications_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_time', ['user_id', 'created_at'], unique=False)

    op.create_table('invitations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('grant_expires_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('accepted_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('grant_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_invitations_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['grant_id'], ['grants.id'], name=op.f('fk_invitations_grant_id_grants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_dossier_id'), ['dossier_id'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('author_role', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.Column('evidence_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_messages_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_messages_evidence_id_evidence'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_dossier_time', ['dossier_id', 'created_at'], unique=False)

    op.create_table('reflections',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('evidence_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=True),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('author_role', sa.String(length=16), nullable=False),
    sa.Column('model', sa.String(length=16), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('level_label', sa.String(length=200), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('withdrawn_at', app.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("model IN ('free', 'starr', 'korthagen')", name=op.f('ck_reflections_model')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_reflections_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_reflections_evidence_id_evidence'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['framework_items.id'], name=op.f('fk_reflections_item_id_framework_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflections'))
    )
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflections_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_reflections_evidence', ['evidence_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflections_item_id'), ['item_id'], unique=False)

    op.create_table('reflection_versions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('reflection_id', sa.Uuid(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('level_label', sa.String(length=200), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['reflection_id'], ['reflections.id'], name=op.f('fk_reflection_versions_reflection_id_reflections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_versions'))
    )
    with op.batch_alter_table('reflection_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_versions_reflection_id'), ['reflection_id'], unique=False)

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        # Existing items were all added by their owners.
        batch_op.add_column(sa.Column('created_role', sa.String(length=16), nullable=False, server_default='owner'))
        batch_op.add_column(sa.Column('hidden_at', app.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', app.db.UTCDateTime(), nullable=True))
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.alter_column('created_role', server_default=None)


def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('hidden_at')
        batch_op.drop_column('created_role')

    with op.batch_alter_table('reflection_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_versions_reflection_id'))

    op.drop_table('reflection_versions')
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflections_item_id'))
        batch_op.drop_index('ix_reflections_evidence')
        batch_op.drop_index(batch_op.f('ix_reflections_author_id'))

    op.drop_table('reflections')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_dossier_time')

    op.drop_table('messages')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_dossier_id'))

    op.drop_table('invitations')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_time')

    op.drop_table('notifications')
    with op.batch_alter_table('grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grants_grantee_id'))
        batch_op.drop_index('ix_grants_dossier_grantee')

    op.drop_table('grants')
    with op.batch_alter_table('dossier_events', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_events_dossier_seq')

    op.drop_table('dossier_events')
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_index('ix_access_log_dossier_time')

    op.drop_table('access_log')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))
        batch_op.drop_index('ix_memberships_org_user')

    op.drop_table('memberships')
    op.drop_table('organisations')
