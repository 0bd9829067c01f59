"""The 落款 (signature) date of a version's record, so a stored record is the parser's record whole (the
deadline rules fall back to it when re-checking a correction).

Revision ID: 0005
Revises: 0004_ledger
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004_ledger'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_on', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('versions', schema=None) as batch_op:
        batch_op.drop_column('signed_on')
