"""Dossiers keep the bytes of their originals, so the quota is not a sum over every file

Revision ID: e8b1d5c3a7f4
Revises: d4c2b7e9a815
Create Date: 2026-12-12 09:00:00

Every capture, login and import added up the sizes of all originals in the dossier: a scan
that grows with the dossier, inside the capture's path. The total is now kept on the
dossier as files come and go; here it starts from that sum once.
"""

from alembic import op
import sqlalchemy as sa

revision = "e8b1d5c3a7f4"
down_revision = "d4c2b7e9a815"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("stored_bytes", sa.BigInteger(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE dossiers SET stored_bytes = (SELECT COALESCE(SUM(media_assets.size_bytes), 0) "
        "FROM media_assets JOIN evidence ON media_assets.evidence_id = evidence.id "
        "WHERE evidence.dossier_id = dossiers.id AND media_assets.role = 'original')"
    )


def downgrade():
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("stored_bytes")
