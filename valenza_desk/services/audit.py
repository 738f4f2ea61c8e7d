"""Reading the audit log: entries as data with their labels, grouped by operation.

Entries are written only by ``services.operations`` (in the transaction of the change
they record); this module reads them back for the action sheet, the CLI and the window.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from valenza_desk.domain.rows import AuditEntry
from valenza_desk.store.database import Database
from valenza_desk.store.models import AuditLog, AuditOperation
from valenza_desk.text import to_utc


def _decoded(text: str | None) -> object:
    try:
        return json.loads(text) if text else None
    except ValueError:  # never fail a report on one odd entry
        return text


def list_audit(
    db: Database,
    entity: str | None = None,
    entity_id: int | None = None,
    limit: int | None = 500,
    actor: str | None = None,
    since: datetime | None = None,
) -> list[AuditEntry]:
    """Newest first, with the label of the operation each entry belongs to; optionally only one
    entity, one person's entries, or those from ``since`` on."""
    with db.read() as session:
        query = (
            select(AuditLog, AuditOperation.label)
            .join(AuditOperation, col(AuditOperation.id) == AuditLog.op_id, isouter=True)
            .order_by(col(AuditLog.id).desc())
        )
        if limit is not None:
            query = query.limit(limit)
        if entity is not None:
            query = query.where(AuditLog.entity == entity)
        if entity_id is not None:
            query = query.where(AuditLog.entity_id == entity_id)
        if actor is not None:
            query = query.where(func.lower(AuditLog.actor) == actor.strip().casefold())
        if since is not None:
            query = query.where(col(AuditLog.at) >= since)
        return [
            AuditEntry(
                id=row.id or 0,
                op_id=row.op_id,
                operation_label=op_label or "",
                at=to_utc(row.at),
                actor=row.actor,
                entity=row.entity,
                entity_id=row.entity_id,
                entity_label=row.entity_label,
                operation=row.operation,
                field=row.field,
                old_value=_decoded(row.old_value),
                new_value=_decoded(row.new_value),
                old_label=row.old_label,
                new_label=row.new_label,
            )
            for row, op_label in session.exec(query)
        ]
