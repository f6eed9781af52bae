"""a guest's sign-up waits for its code: account_codes.guest_sign_up

A workplace supervisor without an account (a guest) who signs up with the same address keeps
their row; the password and name they chose wait on the mailed code until it is confirmed.

Revision ID: f1a6c3e8d924
Revises: a6c2f9d4e813
Create Date: 2026-12-04 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "f1a6c3e8d924"
down_revision = "a6c2f9d4e813"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("account_codes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guest_sign_up", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("account_codes", schema=None) as batch_op:
        batch_op.drop_column("guest_sign_up")
