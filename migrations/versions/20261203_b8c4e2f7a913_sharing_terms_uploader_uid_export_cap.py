"""sharing: invitations keep every grant term; a client_uid is unique per uploader within a
dossier; one export under way per person

- invitations.terms (JSON): every term of the grant to give (limits to items and
  competencies, whether a coach may rate), not only role, scopes and end date;
- evidence: unique (dossier_id, created_by_id, client_uid) instead of (dossier_id,
  client_uid), so another person's same retry key is a new item of their own;
- data_jobs: a partial unique index on user_id for exports that are queued or running.

Revision ID: b8c4e2f7a913
Revises: a7d3e9c1b5f2
Create Date: 2026-12-03 23:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b8c4e2f7a913'
down_revision = "b7c4e2a91d35"
branch_labels = None
depends_on = None

UNDER_WAY = "kind = 'export' AND status IN ('queued', 'running')"


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terms', sa.JSON(), nullable=True))

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint('uq_evidence_dossier_client_uid', type_='unique')
        batch_op.create_unique_constraint(
            'uq_evidence_dossier_author_client_uid', ['dossier_id', 'created_by_id', 'client_uid']
        )

    # Exports that were somehow under way twice: all but the newest are taken as lost.
    op.execute(
        "UPDATE data_jobs SET status = 'failed', error_code = 'export_failed', "
        "error = 'The export did not finish; try again.' "
        f"WHERE {UNDER_WAY} AND EXISTS (SELECT 1 FROM data_jobs AS newer "
        "WHERE newer.user_id = data_jobs.user_id AND newer.kind = 'export' "
        "AND newer.status IN ('queued', 'running') AND newer.created_at > data_jobs.created_at)"
    )
    op.create_index(
        'uq_data_jobs_one_export_under_way', 'data_jobs', ['user_id'], unique=True,
        sqlite_where=sa.text(UNDER_WAY), postgresql_where=sa.text(UNDER_WAY),
    )


def downgrade():
    op.drop_index('uq_data_jobs_one_export_under_way', table_name='data_jobs')

    # Items of different people that share a client_uid keep only the oldest one's key.
    op.execute(
        "UPDATE evidence SET client_uid = NULL WHERE client_uid IS NOT NULL AND EXISTS ("
        "SELECT 1 FROM evidence AS older WHERE older.dossier_id = evidence.dossier_id "
        "AND older.client_uid = evidence.client_uid AND older.created_at < evidence.created_at)"
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint('uq_evidence_dossier_author_client_uid', type_='unique')
        batch_op.create_unique_constraint(
            'uq_evidence_dossier_client_uid', ['dossier_id', 'client_uid']
        )

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('terms')
