"""a client_uid is unique per uploader within a dossier, not per dossier: another person's
same retry key is a new item of their own, never the owner's

Revision ID: c5d9a1e3f7b2
Revises: b8c4e2f7a913
Create Date: 2026-12-03 23:40:00
"""

from alembic import op


revision = "c5d9a1e3f7b2"
down_revision = "b8c4e2f7a913"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint("uq_evidence_dossier_client_uid", type_="unique")
        batch_op.create_unique_constraint(
            "uq_evidence_dossier_author_client_uid", ["dossier_id", "created_by_id", "client_uid"]
        )


def downgrade():
    # Items of different people that share a client_uid keep only the oldest one's key.
    op.execute(
        "UPDATE evidence SET client_uid = NULL WHERE client_uid IS NOT NULL AND EXISTS ("
        "SELECT 1 FROM evidence AS older WHERE older.dossier_id = evidence.dossier_id "
        "AND older.client_uid = evidence.client_uid AND older.created_at < evidence.created_at)"
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint("uq_evidence_dossier_author_client_uid", type_="unique")
        batch_op.create_unique_constraint(
            "uq_evidence_dossier_client_uid", ["dossier_id", "client_uid"]
        )
