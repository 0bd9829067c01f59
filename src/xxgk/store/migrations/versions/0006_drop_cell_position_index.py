"""Cells lose the index on (table, row, column) across versions: every query reads a version's cells by
``version_id`` (the unique (version, table, row, column) index serves them) and statistics read
``metric_values``, so nothing used it — yet it spread each report's ~200 cells over as many leaf pages and was
a third of SQLite's time to insert them (bench/PROFILE.md, issue 11).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cells', schema=None) as batch_op:
        batch_op.drop_index('ix_cells_tbl_row_col')


def downgrade() -> None:
    with op.batch_alter_table('cells', schema=None) as batch_op:
        batch_op.create_index('ix_cells_tbl_row_col', ['tbl', 'row_key', 'col'], unique=False)
