"""The audit log: written in the same transaction as the change it records."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import AuditEntry
from valenza_desk.store.database import Database
from valenza_desk.store.models import AuditLog
from valenza_desk.text import to_utc


def audit_text(value: object) -> str:
    """How a value is written in the log: ISO dates, plain text, empty for None."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def record(
    session: Session,
    actor: Actor,
    entity: str,
    entity_id: int | None,
    label: str,
    operation: str,
    changes: dict[str, tuple[object, object]] | None = None,
) -> None:
    """Append one row per changed field (or one row when there are no field changes)."""
    if not changes:
        session.add(
            AuditLog(actor=actor.name, entity=entity, entity_id=entity_id, entity_label=label, operation=operation)
        )
        return
    for field, (old, new) in changes.items():
        session.add(
            AuditLog(
                actor=actor.name,
                entity=entity,
                entity_id=entity_id,
                entity_label=label,
                operation=operation,
                field=field,
                old_value=audit_text(old),
                new_value=audit_text(new),
            )
        )


def list_audit(
    db: Database, entity: str | None = None, entity_id: int | None = None, limit: int = 500
) -> list[AuditEntry]:
    """Newest first."""
    with db.read() as session:
        query = select(AuditLog).order_by(col(AuditLog.id).desc()).limit(limit)
        if entity is not None:
            query = query.where(AuditLog.entity == entity)
        if entity_id is not None:
            query = query.where(AuditLog.entity_id == entity_id)
        return [
            AuditEntry(
                id=row.id or 0,
                at=to_utc(row.at),
                actor=row.actor,
                entity=row.entity,
                entity_id=row.entity_id,
                entity_label=row.entity_label,
                operation=row.operation,
                field=row.field,
                old_value=row.old_value,
                new_value=row.new_value,
            )
            for row in session.exec(query)
        ]
