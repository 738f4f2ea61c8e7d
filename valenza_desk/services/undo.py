"""Undo the last saved change of an action, through the write path, from the audit's data.

The audit holds every changed field's old value as data, so the newest operation on an
action can be taken back: fields, offices, value tags and milestones return to their old
values, and the progress updates that operation recorded are removed. Undo is itself an
operation (audited, version-checked, all or nothing). It is refused when someone changed
the action after that operation, or when the operation is not a save (an import, an
office removal).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from valenza_desk.domain.rows import LastChange, MilestoneRow
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError
from valenza_desk.services.action_writer import load_names, load_stored, plan_edit, write_plans
from valenza_desk.services.editing import cleaned_edit, milestone_data, milestone_label
from valenza_desk.services.operations import Operation
from valenza_desk.store.database import Database
from valenza_desk.store.models import AuditLog, AuditOperation, DueDateChange, Milestone, ProgressUpdate
from valenza_desk.text import to_date, to_utc

UNDOABLE_OPERATIONS = frozenset({"save_action", "bulk_edit", "undo"})
FIELDS = frozenset(
    {
        "status",
        "progress",
        "due_date",
        "completed_on",
        "referent",
        "notes",
        "lead_office",
        "support_offices",
        "values",
        "milestone",
        "note",
        "act_reference",
        "due_reason",
        "mission",
        "dup_programme",
    }
)


def _latest(session: Session, action_id: int) -> tuple[AuditOperation, list[AuditLog]] | None:
    last = session.exec(
        select(AuditLog)
        .where(AuditLog.entity == "action", AuditLog.entity_id == action_id)
        .order_by(col(AuditLog.id).desc())
    ).first()
    if last is None or last.op_id is None:
        return None
    operation = session.get(AuditOperation, last.op_id)
    if operation is None:
        return None
    entries = list(
        session.exec(
            select(AuditLog).where(
                AuditLog.op_id == operation.id, AuditLog.entity == "action", AuditLog.entity_id == action_id
            )
        )
    )
    return operation, entries


def _why_not(operation: AuditOperation, entries: list[AuditLog]) -> str:
    if operation.name not in UNDOABLE_OPERATIONS:
        return f"L'ultima modifica ({operation.label}) non è un salvataggio dell'azione e non si può annullare."
    if any(e.field not in FIELDS for e in entries):
        return "L'ultima modifica tocca dati che non si possono ripristinare da qui."
    return ""


def last_change(db: Database, action_id: int) -> LastChange | None:
    """The newest operation on the action (None if never changed since import)."""
    with db.read() as session:
        found = _latest(session, action_id)
        if found is None:
            return None
        operation, entries = found
        reason = _why_not(operation, entries)
        return LastChange(operation.id or 0, operation.label, to_utc(operation.at), operation.actor, not reason, reason)


def undo(op: Operation, action_id: int, operation_id: int) -> str:
    """Take back operation ``operation_id`` on ``action_id`` (operation body); returns the action's code."""
    session = op.session
    found = _latest(session, action_id)
    if found is None or found[0].id != operation_id:
        raise ConflictError(
            "L'azione è stata modificata di nuovo dopo la modifica da annullare: ricaricare l'azione e, "
            "se serve, correggere a mano."
        )
    operation, entries = found
    reason = _why_not(operation, entries)
    if reason:
        raise ConflictError(reason)
    stored = load_stored(session, [action_id])[action_id]
    edit = stored.as_edit()
    for entry in entries:
        _restore_field(edit, entry, stored)
    names = load_names(session)
    plan = plan_edit(op, stored, cleaned_edit(edit, op.today), names, record_progress=False)
    if plan.due_change is not None or "original_due_date" in plan.columns:
        _take_back_due_moves(op, stored, operation_id, plan)
    milestones = [e for e in entries if e.field == "milestone"]
    for entry in reversed(milestones):
        _restore_milestone(op, stored.id, stored.code, entry)
    _remove_progress_updates(op, stored.id, stored.code, operation_id)
    write_plans(op, [plan])
    return stored.code


def _take_back_due_moves(op: Operation, stored: Any, operation_id: int, plan: Any) -> None:
    """The undone save's move of the due date is removed, not recorded as one more move."""
    session = op.session
    moves = list(
        session.exec(
            select(DueDateChange).where(DueDateChange.action_id == stored.id, DueDateChange.op_id == operation_id)
        )
    )
    plan.due_change = None
    plan.columns.pop("original_due_date", None)
    if moves:
        session.execute(delete(DueDateChange).where(col(DueDateChange.id).in_([m.id for m in moves])))
        plan.columns["due_moves"] = max(0, stored.due_moves - len(moves))
    elif stored.original_due_date is not None and stored.due_moves == 0:
        plan.columns["original_due_date"] = None  # that save gave the first due date: no promise any more


def _decoded(value: str) -> Any:
    import json

    return json.loads(value) if value else None


def _restore_field(edit: Any, entry: AuditLog, stored: Any) -> None:
    old, new = _decoded(entry.old_value), _decoded(entry.new_value)
    field = entry.field
    if field in ("milestone", "note", "act_reference", "due_reason"):
        return
    current = {
        "mission": stored.mission,
        "dup_programme": stored.dup_programme,
        "status": stored.status.value,
        "progress": stored.progress,
        "due_date": stored.due_date.isoformat() if stored.due_date else None,
        "completed_on": stored.completed_on.isoformat() if stored.completed_on else None,
        "referent": stored.referent,
        "notes": stored.notes,
        "lead_office": stored.lead_office_id,
        "support_offices": sorted(stored.support_office_ids),
        "values": sorted(stored.value_ids),
    }[field]
    wanted_now = sorted(new) if isinstance(new, list) else new
    if current != wanted_now:
        raise ConflictError("L'azione non è più come l'aveva lasciata quella modifica: non si può annullare.")
    if field == "status":
        edit.status = Status(old)
    elif field in ("due_date", "completed_on"):
        setattr(edit, field, date.fromisoformat(old) if old else None)
    elif field == "lead_office":
        edit.lead_office_id = old
    elif field == "support_offices":
        edit.support_office_ids = tuple(old or ())
    elif field == "values":
        edit.value_ids = tuple(old or ())
    else:
        setattr(edit, field, old)


def _restore_milestone(op: Operation, action_id: int, code: str, entry: AuditLog) -> None:
    session = op.session
    old, new = _decoded(entry.old_value), _decoded(entry.new_value)
    if entry.operation == "create":  # it was added: remove it
        row = session.get(Milestone, new["id"])
        if row is not None:
            session.delete(row)
            op.change(
                "action",
                action_id,
                code,
                "delete",
                "milestone",
                milestone_data(row),
                None,
                milestone_label(milestone_data(row)),
                "",
            )
        return
    restored = MilestoneRow(None, old["title"], to_date(old["due_date"]), to_date(old["done_on"]))
    if entry.operation == "delete":  # it was removed: bring it back
        last = session.exec(select(Milestone.position).where(Milestone.action_id == action_id)).all()
        row = Milestone(
            action_id=action_id,
            title=restored.title,
            due_date=restored.due_date,
            done_on=restored.done_on,
            position=max(last, default=0) + 1,
            created_at=op.now,
            updated_at=op.now,
        )
        session.add(row)
        session.flush()
        op.change(
            "action",
            action_id,
            code,
            "create",
            "milestone",
            None,
            milestone_data(row),
            "",
            milestone_label(milestone_data(row)),
        )
        return
    row = session.get(Milestone, old["id"])
    if row is None:
        raise ConflictError("Un traguardo di questa modifica è stato eliminato nel frattempo: non si può annullare.")
    before = milestone_data(row)
    row.title, row.due_date, row.done_on = restored.title, restored.due_date, restored.done_on
    row.version += 1
    row.updated_at = op.now
    session.add(row)
    op.change(
        "action",
        action_id,
        code,
        "update",
        "milestone",
        before,
        milestone_data(row),
        milestone_label(before),
        milestone_label(milestone_data(row)),
    )


def _remove_progress_updates(op: Operation, action_id: int, code: str, operation_id: int) -> None:
    session = op.session
    updates = list(
        session.exec(
            select(ProgressUpdate).where(ProgressUpdate.action_id == action_id, ProgressUpdate.op_id == operation_id)
        )
    )
    for update in updates:
        data = {"id": update.id, "text": update.text, "act_reference": update.act_reference}
        label = " — ".join(x for x in (update.text, update.act_reference) if x) or "stato e avanzamento"
        op.change("action", action_id, code, "delete", "progress_update", data, None, label, "")
    if updates:
        session.execute(delete(ProgressUpdate).where(col(ProgressUpdate.id).in_([u.id for u in updates])))
