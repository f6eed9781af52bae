"""Competency search by Dutch word stems: folded notes column, PostgreSQL GIN index, SQLite FTS5

Revision ID: e7a1c5b9d324
Revises: e5a1c7d3b920
Create Date: 2026-12-07 09:00:00
"""

from alembic import op
import sqlalchemy as sa

from competencies import search

revision = "e7a1c5b9d324"
down_revision = "e5a1c7d3b920"
branch_labels = None
depends_on = None

items = sa.table(
    "framework_items",
    sa.column("id", sa.Uuid()),
    sa.column("human_code", sa.String()),
    sa.column("full_statement", sa.Text()),
    sa.column("abbreviated_statement", sa.Text()),
    sa.column("keywords", sa.JSON()),
    sa.column("notes", sa.Text()),
    sa.column("search_text", sa.Text()),
    sa.column("search_notes", sa.Text()),
)


def upgrade():
    with op.batch_alter_table("framework_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_notes", sa.Text(), server_default="", nullable=False)
        )
    bind = op.get_bind()
    # The indexed text is now words only (punctuation out), and the notes are searched too.
    for row in bind.execute(sa.select(items)).all():
        parts = [row.human_code, row.full_statement, row.abbreviated_statement, *(row.keywords or [])]
        bind.execute(
            items.update()
            .where(items.c.id == row.id)
            .values(
                search_text=search.folded(" ".join(p for p in parts if p)),
                search_notes=search.folded(row.notes or ""),
            )
        )
    if bind.dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX {search.POSTGRES_INDEX} ON framework_items "
            f"USING gin ({search.POSTGRES_DOCUMENT})"
        )
    elif bind.dialect.name == "sqlite":
        table = search.SQLITE_TABLE
        op.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(item_id, text, notes)")
        # Rows deleted in SQL (a framework's cascade) leave the index too.
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_delete AFTER DELETE ON framework_items BEGIN "
            f"DELETE FROM {table} WHERE {table} MATCH 'item_id : \"' || old.id || '\"'; END"
        )
        search.rebuild_sqlite_index(bind)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {search.POSTGRES_INDEX}")
    elif bind.dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {search.SQLITE_TABLE}_delete")
        op.execute(f"DROP TABLE IF EXISTS {search.SQLITE_TABLE}")
    with op.batch_alter_table("framework_items", schema=None) as batch_op:
        batch_op.drop_column("search_notes")
