"""growth: saved budget, required activities, the year review

Revision ID: f3b8d2a6c471
Revises: e7a1c5b9d324
Create Date: 2026-12-08 09:00:00
"""

from alembic import op
import sqlalchemy as sa

import app.db

revision = "f3b8d2a6c471"
down_revision = "e7a1c5b9d324"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("growth_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("saving_since", sa.Integer(), nullable=True))
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("required", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "year_reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("school_year", sa.Integer(), nullable=False),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", app.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"],
            name=op.f("fk_year_reviews_dossier_id_dossiers"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_reviews")),
        sa.UniqueConstraint(
            "dossier_id", "school_year", name=op.f("uq_year_reviews_dossier_id")
        ),
    )
    with op.batch_alter_table("year_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_year_reviews_dossier_id"), ["dossier_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("year_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_year_reviews_dossier_id"))
    op.drop_table("year_reviews")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("required")
    with op.batch_alter_table("growth_settings", schema=None) as batch_op:
        batch_op.drop_column("saving_since")
