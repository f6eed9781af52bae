"""one item per file per uploader, also when the same file arrives twice at once

- evidence.content_sha256: the original's sha256 on the item its uploader added it as;
- a unique index on (dossier_id, created_by_id, content_sha256) where it is set. Of items
  that already hold the same file by the same uploader, the oldest gets the hash.

Revision ID: d4a7e1c9b352
Revises: d9e4b1c7a352
Create Date: 2026-12-04 06:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = "d4a7e1c9b352"
down_revision = "d9e4b1c7a352"
branch_labels = None
depends_on = None

WHERE = sa.text("content_sha256 IS NOT NULL")


def upgrade():
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_sha256", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT e.id, e.dossier_id, e.created_by_id, m.sha256 FROM evidence e"
            " JOIN media_assets m ON m.evidence_id = e.id AND m.role = 'original'"
            " WHERE e.created_by_id IS NOT NULL ORDER BY e.created_at, e.id"
        )
    ).all()
    seen = set()
    update = sa.text("UPDATE evidence SET content_sha256 = :sha WHERE id = :id")
    for evidence_id, dossier_id, author_id, sha in rows:
        if (dossier_id, author_id, sha) not in seen:
            seen.add((dossier_id, author_id, sha))
            conn.execute(update, {"sha": sha, "id": evidence_id})
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(
            "uq_evidence_dossier_author_content",
            ["dossier_id", "created_by_id", "content_sha256"],
            unique=True,
            sqlite_where=WHERE,
            postgresql_where=WHERE,
        )


def downgrade():
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index("uq_evidence_dossier_author_content")
        batch_op.drop_column("content_sha256")
