"""Progress updates remember the operation that wrote them (so a save can be undone whole).

Older progress updates keep no operation (NULL): they are history, never undone.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("progress_update") as batch:
        batch.add_column(sa.Column("op_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_progress_update_op_id", "audit_operation", ["op_id"], ["id"])
        batch.create_index("ix_progress_update_op_id", ["op_id"])


def downgrade() -> None:
    from alembic.util import CommandError

    raise CommandError("Valenza Desk databases are only upgraded: restore the copy taken before the upgrade.")
