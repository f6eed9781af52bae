"""access log: who in words and in which role, folded reads

- access_log.actor_label: the reader's name (or a CV link's label) as it was, so the log
  still reads after the person is gone (erasure overwrites it);
- access_log.actor_role: their role towards the owner at the time;
- access_log.fold_key (unique, NULL when never folded), count, last_at: repeated reads of
  the same thing by the same reader within a clock hour are one entry;
- the index on (dossier_id, created_at) becomes one on (dossier_id, last_at).

Revision ID: c5d2a8e4f190
Revises: b8c4e2f7a913
Create Date: 2026-12-03 23:50:00
"""

from alembic import op
import sqlalchemy as sa

from app.db import UTCDateTime


revision = "c5d2a8e4f190"
down_revision = "b8c4e2f7a913"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("actor_label", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("actor_role", sa.String(length=16), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("fold_key", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("count", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("last_at", UTCDateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_access_log_fold_key"), ["fold_key"])
        batch_op.drop_index("ix_access_log_dossier_time")
    # Entries so far were each one read or change, under the reader's name of today.
    op.execute("UPDATE access_log SET last_at = created_at")
    op.execute(
        "UPDATE access_log SET actor_label = COALESCE("
        "(SELECT display_name FROM users WHERE users.id = access_log.actor_id), '')"
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.alter_column("last_at", existing_type=UTCDateTime(), nullable=False)
        batch_op.create_index("ix_access_log_dossier_last", ["dossier_id", "last_at"], unique=False)


def downgrade():
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_access_log_dossier_last")
        batch_op.create_index(
            "ix_access_log_dossier_time", ["dossier_id", "created_at"], unique=False
        )
        batch_op.drop_constraint(batch_op.f("uq_access_log_fold_key"), type_="unique")
        batch_op.drop_column("last_at")
        batch_op.drop_column("count")
        batch_op.drop_column("fold_key")
        batch_op.drop_column("actor_role")
        batch_op.drop_column("actor_label")
