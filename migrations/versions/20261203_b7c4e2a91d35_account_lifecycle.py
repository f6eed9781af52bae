"""account lifecycle: verified e-mail addresses, one-time codes, accepted memberships

Revision ID: b7c4e2a91d35
Revises: a7d3e9c1b5f2
Create Date: 2026-12-03 10:00:00.000000

Accounts and memberships that exist already predate both rules: the accounts are marked
verified (at their sign-up time) and the memberships accepted (at their start), so nobody
loses access by this upgrade.
"""
from alembic import op
import sqlalchemy as sa
import app.db


revision = 'b7c4e2a91d35'
down_revision = "b81c4e2d9a07"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', app.db.UTCDateTime(), nullable=True))
    op.execute("UPDATE users SET email_verified_at = created_at")

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', app.db.UTCDateTime(), nullable=True))
    op.execute("UPDATE memberships SET accepted_at = started_at")

    op.create_table('account_codes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('expires_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('used_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.CheckConstraint("purpose IN ('verify_email', 'reset_password')", name=op.f('ck_account_codes_purpose')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_codes'))
    )
    with op.batch_alter_table('account_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_codes_code_hash'), ['code_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_codes_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('account_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_codes_user_id'))
        batch_op.drop_index(batch_op.f('ix_account_codes_code_hash'))
    op.drop_table('account_codes')

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('accepted_at')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
