"""Metric values per version; where an agency's kind and region came from; former (原) agency names.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('metric_values',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=48), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_metric_values_version_id_versions'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', 'metric', name=op.f('pk_metric_values'))
    )
    with op.batch_alter_table('metric_values', schema=None) as batch_op:
        batch_op.create_index('ix_metric_values_metric_status', ['metric', 'status'], unique=False)
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind_origin', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('region_origin', sa.String(length=8), nullable=True))
    with op.batch_alter_table('agency_aliases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('former', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('agency_aliases', schema=None) as batch_op:
        batch_op.drop_column('former')
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_column('region_origin')
        batch_op.drop_column('kind_origin')
    with op.batch_alter_table('metric_values', schema=None) as batch_op:
        batch_op.drop_index('ix_metric_values_metric_status')
    op.drop_table('metric_values')
