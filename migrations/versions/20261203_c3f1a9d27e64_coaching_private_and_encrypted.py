"""coaching stays between coach and owner: reflections the owner shared, coaching messages,
and coaching notes and reflections encrypted at rest

- reflections.shared_at: when the owner shared a coach's reflection with the others;
- messages.coaching: a message written as coaching (owner and author only);
- reflections.content, reflection_versions.content (JSON) and coaching_notes.body become
  Fernet tokens (text) under the first of DATA_ENCRYPTION_KEYS; existing rows are encrypted.

Revision ID: c3f1a9d27e64
Revises: b8c4e2f7a913
Create Date: 2026-12-03 23:50:00
"""

from alembic import op
import sqlalchemy as sa

import app.db
from app.crypto import decrypt, encrypt


revision = "c3f1a9d27e64"
down_revision = "c5d2a8e4f190"
branch_labels = None
depends_on = None

JSON_COLUMNS = (("reflections", "content"), ("reflection_versions", "content"))
ENCRYPTED = (*JSON_COLUMNS, ("coaching_notes", "body"))


def _rewrite(table: str, column: str, change) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
    statement = sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id")
    for row_id, value in rows:
        if value is not None:
            conn.execute(statement, {"value": change(value), "id": row_id})


def _retype(table: str, column: str, type_, using: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(table, column, type_=type_, postgresql_using=f"{column}::{using}")
    else:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, type_=type_)


def upgrade():
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shared_at", app.db.UTCDateTime(), nullable=True))
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("coaching", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # What coaches wrote before is coaching too: it was never meant for the others.
    op.execute("UPDATE messages SET coaching = true WHERE author_role = 'coach'")
    for table, column in JSON_COLUMNS:
        _retype(table, column, sa.Text(), "text")
    for table, column in ENCRYPTED:
        _rewrite(table, column, encrypt)


def downgrade():
    for table, column in ENCRYPTED:
        _rewrite(table, column, decrypt)
    for table, column in JSON_COLUMNS:
        _retype(table, column, sa.JSON(), "json")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("coaching")
    with op.batch_alter_table("reflections", schema=None) as batch_op:
        batch_op.drop_column("shared_at")
