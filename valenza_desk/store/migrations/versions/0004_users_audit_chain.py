"""Users and roles; the audit log as a verifiable hash chain, append-only on both engines.

- ``app_user`` (login, full name, role, active) and ``user_office`` (an office editor's offices);
  a database upgraded here has no users yet: the first person to open it becomes its admin;
- ``audit_log`` gains ``prev_hash`` and ``hash``: the entries already there are chained now,
  in id order, with the canonical form written out below (as it is at this revision);
  ``audit_chain`` holds the head (last hash, number of entries) every writer locks;
- ``audit_operation`` becomes append-only like ``audit_log``: SQLite triggers, and on
  PostgreSQL a trigger function refusing UPDATE and DELETE on both.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CHAINED = (
    "op_id",
    "at",
    "actor",
    "entity",
    "entity_id",
    "entity_label",
    "operation",
    "field",
    "old_value",
    "new_value",
    "old_label",
    "new_label",
)
APPEND_ONLY = ("audit_log", "audit_operation")
SQLITE_TRIGGERS = tuple(
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
    for table in APPEND_ONLY
    for verb in ("update", "delete")
)
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION valenza_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "app_user",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("role IN ('admin','segreteria','ufficio','consultazione')", name="ck_app_user_role"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    op.create_table(
        "user_office",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "office_id"),
    )
    op.create_index("ix_user_office_office_id", "user_office", ["office_id"])
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    if sqlite:
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=False, server_default=""))
    _chain_existing_entries(bind)
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(length=64), server_default=None)
        batch.alter_column("hash", existing_type=sa.String(length=64), server_default=None)
    if sqlite:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute(PG_FUNCTION)
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION valenza_append_only()"
            )


def _canonical(prev_hash: str, entry: dict[str, object]) -> bytes:
    values: list[object] = [prev_hash]
    for name in CHAINED:
        value = entry[name]
        if name == "at":
            at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
            value = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).isoformat(timespec="microseconds")
        values.append(value)
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _chain_existing_entries(bind: sa.Connection) -> None:
    rows = bind.execute(sa.text(f"SELECT id, {', '.join(CHAINED)} FROM audit_log ORDER BY id")).mappings().all()
    previous = ""
    updates = []
    for row in rows:
        digest = hashlib.sha256(_canonical(previous, dict(row))).hexdigest()
        updates.append({"id": row["id"], "prev_hash": previous, "hash": digest})
        previous = digest
    if updates:
        bind.execute(sa.text("UPDATE audit_log SET prev_hash = :prev_hash, hash = :hash WHERE id = :id"), updates)
    bind.execute(
        sa.text("INSERT INTO audit_chain (id, last_id, last_hash, entries) VALUES (1, :last_id, :last_hash, :n)"),
        {"last_id": rows[-1]["id"] if rows else 0, "last_hash": previous, "n": len(rows)},
    )


def downgrade() -> None:
    from alembic.util import CommandError

    raise CommandError("Valenza Desk databases are only upgraded: restore the copy taken before the upgrade.")
