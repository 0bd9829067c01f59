"""Indexes for statistics (profiled on 10,000 reports): metric values with the value in the index (the table
look-ups were a quarter of ``xxgk stats``); reports by active version (a value found by metric looked its
report up by scanning: 12 s for ``--metric``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('metric_values', schema=None) as batch_op:
        batch_op.create_index('ix_metric_values_covering', ['version_id', 'metric', 'status', 'value'], unique=False)
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_active_version_id'), ['active_version_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_active_version_id'))
    with op.batch_alter_table('metric_values', schema=None) as batch_op:
        batch_op.drop_index('ix_metric_values_covering')
