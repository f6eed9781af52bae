"""one export under way per person: a partial unique index on data_jobs (user_id) for
exports that are queued or running

Revision ID: d2f6b8a4c1e9
Revises: c5d9a1e3f7b2
Create Date: 2026-12-03 23:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd2f6b8a4c1e9'
down_revision = 'c5d9a1e3f7b2'
branch_labels = None
depends_on = None

UNDER_WAY = "kind = 'export' AND status IN ('queued', 'running')"


def upgrade():
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
