"""exports and imports beat while they run, and count their attempts

- data_jobs.heartbeat_at: the last sign of life of the worker running the job;
- data_jobs.attempts: how often a worker started it (the sweep gives up after
  JOB_MAX_ATTEMPTS).

Revision ID: d41e7b9c2a58
Revises: c3f1a9d27e64
Create Date: 2026-12-04 06:10:00
"""

from alembic import op
import sqlalchemy as sa

import app.db


revision = "d41e7b9c2a58"
down_revision = "c3f1a9d27e64"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("data_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", app.db.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("data_jobs", schema=None) as batch_op:
        batch_op.drop_column("attempts")
        batch_op.drop_column("heartbeat_at")
