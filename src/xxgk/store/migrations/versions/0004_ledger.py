"""Ledger (issue 13): the requests of each agency (ledger_cases) and their reviews and lawsuits (ledger_appeals).

Revision ID: 0004_ledger
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_ledger'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ledger_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('received', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=True),
    sa.Column('applicant', sa.String(length=32), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('correction_asked', sa.Date(), nullable=True),
    sa.Column('correction_received', sa.Date(), nullable=True),
    sa.Column('consult_start', sa.Date(), nullable=True),
    sa.Column('consult_end', sa.Date(), nullable=True),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('answered', sa.Date(), nullable=True),
    sa.Column('result', sa.String(length=48), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_ledger_cases_agency_id_agencies'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_cases')),
    sa.UniqueConstraint('agency_id', 'number', name='uq_ledger_cases_agency_number')
    )
    with op.batch_alter_table('ledger_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_cases_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_cases_answered'), ['answered'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_cases_received'), ['received'], unique=False)

    op.create_table('ledger_appeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('filed', sa.Date(), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('decided', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['ledger_cases.id'], name=op.f('fk_ledger_appeals_case_id_ledger_cases'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_appeals'))
    )
    with op.batch_alter_table('ledger_appeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_appeals_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ledger_appeals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_appeals_case_id'))
    op.drop_table('ledger_appeals')
    with op.batch_alter_table('ledger_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_cases_received'))
        batch_op.drop_index(batch_op.f('ix_ledger_cases_answered'))
        batch_op.drop_index(batch_op.f('ix_ledger_cases_agency_id'))
    op.drop_table('ledger_cases')
