"""Initial schema: programme, values, stakeholders, actions, offices, history, audit log.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 18:06:11.114166
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

# The triggers as they were in this revision: migrations never import the live models,
# whose shape moves on with later revisions.
AUDIT_TRIGGERS_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('entity_label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('operation', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('old_value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('new_value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('office',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('head', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('programme',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('coalition', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('mayor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source_file', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('source_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('programme_value',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('stakeholder',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('aliases', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('narrative', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('name')
    )
    op.create_table('action',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('stakeholder_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('referent', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('search_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.CheckConstraint("status IN ('not_started','in_progress','done','suspended','dropped')", name='ck_action_status'),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name='ck_action_progress'),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholder.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_stakeholder_id'), ['stakeholder_id'], unique=False)
        batch_op.create_index('ix_action_stakeholder_position', ['stakeholder_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_status'), ['status'], unique=False)

    op.create_table('action_office',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.CheckConstraint("role IN ('lead','support')", name='ck_action_office_role'),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.PrimaryKeyConstraint('action_id', 'office_id')
    )
    with op.batch_alter_table('action_office', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_office_office_id'), ['office_id'], unique=False)
        batch_op.create_index('uq_action_office_one_lead', ['action_id'], unique=True, sqlite_where=sa.text("role = 'lead'"), postgresql_where=sa.text("role = 'lead'"))

    op.create_table('action_value',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('value_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['value_id'], ['programme_value.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'value_id')
    )
    op.create_table('milestone',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_action_id'), ['action_id'], unique=False)

    op.create_table('progress_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('act_reference', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_update_action_id'), ['action_id'], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        for statement in AUDIT_TRIGGERS_SQLITE:
            op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_update_action_id'))

    op.drop_table('progress_update')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_action_id'))

    op.drop_table('milestone')
    op.drop_table('action_value')
    with op.batch_alter_table('action_office', schema=None) as batch_op:
        batch_op.drop_index('uq_action_office_one_lead', sqlite_where=sa.text("role = 'lead'"), postgresql_where=sa.text("role = 'lead'"))
        batch_op.drop_index(batch_op.f('ix_action_office_office_id'))

    op.drop_table('action_office')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_status'))
        batch_op.drop_index('ix_action_stakeholder_position')
        batch_op.drop_index(batch_op.f('ix_action_stakeholder_id'))
        batch_op.drop_index(batch_op.f('ix_action_due_date'))

    op.drop_table('action')
    op.drop_table('stakeholder')
    op.drop_table('programme_value')
    op.drop_table('programme')
    op.drop_table('office')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity')

    op.drop_table('audit_log')
