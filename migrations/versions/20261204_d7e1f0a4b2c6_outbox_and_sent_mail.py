"""the transactional outbox (queue work written with the data) and the keys of sent mail

Revision ID: d7e1f0a4b2c6
Revises: d41e7b9c2a58
Create Date: 2026-12-04 06:40:00
"""

from alembic import op
import sqlalchemy as sa

import app.db


revision = "d7e1f0a4b2c6"
down_revision = "d41e7b9c2a58"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("task", sa.String(length=200), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(), nullable=False),
        sa.Column("delivered_at", app.db.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index(op.f("ix_outbox_messages_key"), "outbox_messages", ["key"])
    op.create_index(
        "ix_outbox_messages_undelivered", "outbox_messages", ["delivered_at", "created_at"]
    )
    op.create_table(
        "sent_mail",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("sent_at", app.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sent_mail")),
    )
    op.create_index(op.f("ix_sent_mail_sent_at"), "sent_mail", ["sent_at"])


def downgrade():
    op.drop_index(op.f("ix_sent_mail_sent_at"), table_name="sent_mail")
    op.drop_table("sent_mail")
    op.drop_index("ix_outbox_messages_undelivered", table_name="outbox_messages")
    op.drop_index(op.f("ix_outbox_messages_key"), table_name="outbox_messages")
    op.drop_table("outbox_messages")
