"""Evidence links carry their evidence's dossier, so coverage counts from one index

Revision ID: d4c2b7e9a815
Revises: a9c4e2f7b518
Create Date: 2026-12-11 09:00:00

The coverage matrix counted a dossier's links by joining every link to its evidence: at a
million items that read the dossier's evidence and links in full. With the dossier on the
link, the counts per competency come from one index range. Evidence never moves between
dossiers, so the copy never goes stale.
"""

from alembic import op
import sqlalchemy as sa

revision = "d4c2b7e9a815"
down_revision = "a9c4e2f7b518"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("evidence_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dossier_id", sa.Uuid(), nullable=True))
    op.execute(
        "UPDATE evidence_links SET dossier_id = "
        "(SELECT evidence.dossier_id FROM evidence WHERE evidence.id = evidence_links.evidence_id)"
    )
    with op.batch_alter_table("evidence_links", schema=None) as batch_op:
        batch_op.alter_column("dossier_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_evidence_links_dossier_id_dossiers"), "dossiers", ["dossier_id"], ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index("ix_evidence_links_coverage", ["dossier_id", "item_id", "evidence_id"])


def downgrade():
    with op.batch_alter_table("evidence_links", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_links_coverage")
        batch_op.drop_constraint(
            batch_op.f("fk_evidence_links_dossier_id_dossiers"), type_="foreignkey"
        )
        batch_op.drop_column("dossier_id")
