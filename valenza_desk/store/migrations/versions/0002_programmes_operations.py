"""Several programmes, grouped audit operations with JSON values, shared settings.

- values, stakeholders and actions get ``programme_id`` (the one programme a database made
  by revision 0001 holds); their names and codes become unique within a programme;
- ``audit_operation`` groups audit entries; ``audit_log`` gains ``op_id``, ``old_label`` and
  ``new_label``, and its old text values become JSON data (value tags become their ids
  with the names as labels, statuses and dates get Italian labels);
- ``setting`` holds settings shared by every PC (the due-soon window).

Nothing is lost: every row is kept and its data rewritten in place. The schema is
written out here as it is at this revision; the live models are never imported.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
# (table, the old single-column unique constraints, the new per-programme ones)
SCOPED = (
    ("programme_value", ("name",), (("uq_programme_value_name", ("programme_id", "name")),)),
    (
        "stakeholder",
        ("name", "code"),
        (("uq_stakeholder_name", ("programme_id", "name")), ("uq_stakeholder_code", ("programme_id", "code"))),
    ),
    ("action", ("code",), (("uq_action_code", ("programme_id", "code")),)),
)
STATUS_LABELS = {
    "not_started": "Da avviare",
    "in_progress": "In corso",
    "done": "Completata",
    "suspended": "Sospesa",
    "dropped": "Non più prevista",
}
LEGACY_NAMES = {"create": "Creazione", "update": "Modifica", "delete": "Eliminazione", "import": "Importazione"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER = re.compile(r"^-?\d+$")
GROUP_SECONDS = 2.0


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "audit_operation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_operation_programme_id", "audit_operation", ["programme_id"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    programme_id = _the_programme(bind)
    for table, old_uniques, new_uniques in SCOPED:
        _scope_to_programme(bind, sqlite, table, old_uniques, new_uniques, programme_id)
    _upgrade_audit(bind, sqlite, programme_id)


def _the_programme(bind: sa.Connection) -> int | None:
    """The one programme of a 0001 database; one is created if stakeholders exist without it."""
    found = bind.execute(sa.text("SELECT id FROM programme ORDER BY id")).scalars().all()
    if found:
        return int(found[0])
    if not bind.execute(sa.text("SELECT COUNT(*) FROM stakeholder")).scalar():
        return None
    now = datetime.now(UTC)
    bind.execute(
        sa.text(
            "INSERT INTO programme (version, created_at, updated_at, title, period, coalition, mayor, "
            "source_file, source_sha256) VALUES (1, :now, :now, 'Programma', '', '', '', '', '')"
        ),
        {"now": now},
    )
    return int(bind.execute(sa.text("SELECT MAX(id) FROM programme")).scalar())


def _scope_to_programme(
    bind: sa.Connection,
    sqlite: bool,
    table: str,
    old_uniques: tuple[str, ...],
    new_uniques: tuple[tuple[str, tuple[str, ...]], ...],
    programme_id: int | None,
) -> None:
    op.add_column(table, sa.Column("programme_id", sa.Integer(), nullable=True))
    if programme_id is not None:
        bind.execute(sa.text(f"UPDATE {table} SET programme_id = :p"), {"p": programme_id})
    if sqlite:
        # SQLite rebuilds the table; its unnamed UNIQUE constraints get names here so they can go.
        convention = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
        with op.batch_alter_table(table, recreate="always", naming_convention=convention) as batch:
            batch.alter_column("programme_id", existing_type=sa.Integer(), nullable=False)
            for column in old_uniques:
                batch.drop_constraint(f"uq_{table}_{column}", type_="unique")
            for name, columns in new_uniques:
                batch.create_unique_constraint(name, list(columns))
            batch.create_foreign_key(f"fk_{table}_programme_id", "programme", ["programme_id"], ["id"])
            batch.create_index(f"ix_{table}_programme_id", ["programme_id"])
        return
    op.alter_column(table, "programme_id", existing_type=sa.Integer(), nullable=False)
    for constraint in sa.inspect(bind).get_unique_constraints(table):
        if tuple(constraint["column_names"]) in {(c,) for c in old_uniques} and constraint["name"]:
            op.drop_constraint(constraint["name"], table, type_="unique")
    for name, columns in new_uniques:
        op.create_unique_constraint(name, table, list(columns))
    op.create_foreign_key(f"fk_{table}_programme_id", table, "programme", ["programme_id"], ["id"])
    op.create_index(f"ix_{table}_programme_id", table, ["programme_id"])


def _upgrade_audit(bind: sa.Connection, sqlite: bool, programme_id: int | None) -> None:
    if sqlite:
        for name in ("audit_log_no_update", "audit_log_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for column in ("old_label", "new_label"):
        op.add_column(table_name="audit_log", column=sa.Column(column, sa.String(), nullable=False, server_default=""))
    if sqlite:
        with op.batch_alter_table("audit_log", recreate="always") as batch:
            batch.add_column(sa.Column("op_id", sa.Integer(), nullable=True))
            batch.create_foreign_key("fk_audit_log_op_id", "audit_operation", ["op_id"], ["id"])
            batch.create_index("ix_audit_log_op_id", ["op_id"])
            batch.alter_column("old_label", existing_type=sa.String(), server_default=None)
            batch.alter_column("new_label", existing_type=sa.String(), server_default=None)
    else:
        op.add_column("audit_log", sa.Column("op_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_audit_log_op_id", "audit_log", "audit_operation", ["op_id"], ["id"])
        op.create_index("ix_audit_log_op_id", "audit_log", ["op_id"])
        for column in ("old_label", "new_label"):
            op.alter_column("audit_log", column, existing_type=sa.String(), server_default=None)
    _convert_legacy_entries(bind, programme_id)
    if sqlite:
        for statement in TRIGGERS:
            op.execute(statement)


def _convert_legacy_entries(bind: sa.Connection, programme_id: int | None) -> None:
    """Text values become JSON data with labels; entries written together share one operation."""
    value_names = {
        int(row_id): name for row_id, name in bind.execute(sa.text("SELECT id, name FROM programme_value"))
    }
    rows = bind.execute(
        sa.text(
            "SELECT id, at, actor, entity, entity_id, entity_label, operation, field, old_value, new_value "
            "FROM audit_log ORDER BY id"
        )
    ).all()
    updates: list[dict[str, object]] = []
    group_key: tuple[object, ...] | None = None
    group_start: datetime | None = None
    op_id: int | None = None
    for row in rows:
        at = _as_utc(row.at)
        key = (row.actor, row.entity, row.entity_id, row.operation)
        if key != group_key or group_start is None or (at - group_start).total_seconds() > GROUP_SECONDS:
            op_id = _insert_operation(bind, row, at, programme_id)
            group_key, group_start = key, at
        old_json, old_label = _legacy_value(row.field, row.old_value, value_names)
        new_json, new_label = _legacy_value(row.field, row.new_value, value_names)
        updates.append(
            {
                "id": row.id,
                "op_id": op_id,
                "old_value": old_json,
                "new_value": new_json,
                "old_label": old_label,
                "new_label": new_label,
            }
        )
    if updates:
        bind.execute(
            sa.text(
                "UPDATE audit_log SET op_id = :op_id, old_value = :old_value, new_value = :new_value, "
                "old_label = :old_label, new_label = :new_label WHERE id = :id"
            ),
            updates,
        )


def _insert_operation(bind: sa.Connection, row: sa.Row, at: datetime, programme_id: int | None) -> int:
    label = f"{LEGACY_NAMES.get(row.operation, row.operation)}: {row.entity_label}"[:200]
    return int(
        bind.execute(
            sa.text(
                "INSERT INTO audit_operation (at, actor, name, label, programme_id) "
                "VALUES (:at, :actor, :name, :label, :programme_id) RETURNING id"
            ),
            {"at": at, "actor": row.actor, "name": f"legacy_{row.operation}", "label": label, "programme_id": programme_id},
        ).scalar_one()
    )


def _as_utc(value: object) -> datetime:
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _legacy_value(field: str, text: str | None, value_names: dict[int, str]) -> tuple[str, str]:
    """An old text value as (JSON, label)."""
    text = text or ""
    if text == "":
        return "null", ""
    if field == "values":
        ids = [int(part) for part in text.split(",") if part.strip().isdigit()]
        return json.dumps(ids), ", ".join(value_names.get(i, str(i)) for i in ids)
    if field == "status" and text in STATUS_LABELS:
        return json.dumps(text), STATUS_LABELS[text]
    if ISO_DATE.match(text):
        return json.dumps(text), date.fromisoformat(text).strftime("%d/%m/%Y")
    if INTEGER.match(text) and field in ("progress", "actions", "actions_added", "actions_updated"):
        number = int(text)
        return json.dumps(number), f"{number}%" if field == "progress" else str(number)
    if text in ("True", "False") and field == "active":
        return json.dumps(text == "True"), "sì" if text == "True" else "no"
    return json.dumps(text, ensure_ascii=False), text


def downgrade() -> None:
    from alembic.util import CommandError

    raise CommandError("Valenza Desk databases are only upgraded: restore the copy taken before the upgrade.")
