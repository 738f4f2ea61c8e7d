"""Saving an action: status, progress, dates, offices, tags, milestones and a progress note.

``apply_edit`` is the body of the save operation (``services.operations``): the stored
version must still be the one the user started from (otherwise ConflictError and
nothing is written), every changed field is audited as data with its label, and a
progress update is recorded when status or progress change or a note or act
reference is given. A bulk edit applies several edits in one operation.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import delete
from sqlmodel import Session, col, select

from valenza_desk.domain import limits
from valenza_desk.domain.rows import ActionEdit, MilestoneRow
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError, NotFoundError, ValidationError
from valenza_desk.services.operations import Operation, bump_version, conflict_message, labels_of
from valenza_desk.services.programme import search_key
from valenza_desk.store.models import (
    Action,
    ActionOffice,
    ActionValue,
    Milestone,
    Office,
    ProgrammeValue,
    ProgressUpdate,
)
from valenza_desk.text import format_date, to_date

MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2100, 12, 31)


def cleaned_edit(edit: ActionEdit, today: date) -> ActionEdit:
    """``edit`` with its texts trimmed, or ValidationError (Italian) for values a person could type wrong."""
    if not isinstance(edit.progress, int) or isinstance(edit.progress, bool) or not 0 <= edit.progress <= 100:
        raise ValidationError("L'avanzamento deve essere un numero intero tra 0 e 100.")
    status = Status(edit.status)
    if status is Status.DONE:
        if edit.completed_on is None:
            raise ValidationError("Per segnare l'azione come completata indicare la data di completamento.")
        if edit.progress != 100:
            raise ValidationError("Un'azione completata deve avere avanzamento 100%.")
    elif edit.completed_on is not None:
        raise ValidationError("La data di completamento si indica solo per le azioni completate.")
    if edit.completed_on is not None and edit.completed_on > today:
        raise ValidationError("La data di completamento non può essere nel futuro.")
    for label, value in (("scadenza", edit.due_date), ("completamento", edit.completed_on)):
        _check_date(value, f"La data di {label}")
    milestones = None
    if edit.milestones is not None:
        milestones = tuple(_cleaned_milestone(m, today) for m in edit.milestones)
    return replace(
        edit,
        status=status,
        referent=limits.checked_text(edit.referent, "Referente politico", limits.REFERENT, single_line=True),
        notes=limits.checked_text(edit.notes, "Note interne", limits.NOTES),
        note=limits.checked_text(edit.note, "Nota di avanzamento", limits.PROGRESS_NOTE),
        act_reference=limits.checked_text(edit.act_reference, "Atto", limits.ACT_REFERENCE, single_line=True),
        milestones=milestones,
    )


def _check_date(value: date | None, what: str) -> None:
    if value is not None and not MIN_DATE <= value <= MAX_DATE:
        raise ValidationError(f"{what} {format_date(value)} non è plausibile (2000-2100).")


def _cleaned_milestone(milestone: MilestoneRow, today: date) -> MilestoneRow:
    title = limits.checked_text(milestone.title, "Traguardo", limits.MILESTONE_TITLE, single_line=True)
    if not title:
        raise ValidationError("Ogni traguardo deve avere un titolo.")
    if milestone.done_on is not None and milestone.done_on > today:
        raise ValidationError(f"Il traguardo «{title}» non può risultare raggiunto in una data futura.")
    _check_date(milestone.due_date, f"La scadenza del traguardo «{title}»")
    _check_date(milestone.done_on, f"La data di raggiungimento del traguardo «{title}»")
    return replace(milestone, title=title)


def apply_edit(op: Operation, edit: ActionEdit) -> bool:
    """Write ``edit`` (the whole desired state of one action); False when nothing changed."""
    edit = cleaned_edit(edit, op.today)
    session = op.session
    action = session.get(Action, edit.action_id)
    if action is None:
        raise NotFoundError(f"L'azione n. {edit.action_id} non esiste più.")
    if action.version != edit.version:
        raise ConflictError(conflict_message(session, "action", action.id or 0, action.code))
    code, action_id = action.code, action.id or 0
    entries_before = len(op.entries)
    values = _field_changes(op, action, edit)
    support_ids = tuple(dict.fromkeys(i for i in edit.support_office_ids if i != edit.lead_office_id))
    _save_offices(op, action, edit.lead_office_id, support_ids)
    _save_values(op, action, edit.value_ids)
    if edit.milestones is not None:
        _save_milestones(op, action, edit.milestones)
    status_moved = "status" in values or "progress" in values
    wants_update = status_moved or bool(edit.note) or bool(edit.act_reference)
    if len(op.entries) == entries_before and not wants_update:
        return False  # nothing to write: no new version
    if "referent" in values:
        values["search_key"] = search_key(code, action.text, edit.referent)
    bump_version(session, Action, action_id, edit.version, {**values, "updated_at": op.now})
    if wants_update:
        session.add(
            ProgressUpdate(
                action_id=action_id,
                at=op.now,
                on_date=op.today,
                author=op.actor.name,
                status=Status(edit.status).value,
                progress=edit.progress,
                text=edit.note,
                act_reference=edit.act_reference,
            )
        )
        if edit.note:
            op.change("action", action_id, code, "update", "note", None, edit.note)
        if edit.act_reference:
            op.change("action", action_id, code, "update", "act_reference", None, edit.act_reference)
    op.touched("actions", action_id)
    return True


def _field_changes(op: Operation, action: Action, edit: ActionEdit) -> dict[str, object]:
    """The plain columns that change, audited with their labels; returns the new values."""
    wanted: dict[str, object] = {
        "status": Status(edit.status).value,
        "progress": edit.progress,
        "due_date": edit.due_date,
        "completed_on": edit.completed_on,
        "referent": edit.referent,
        "notes": edit.notes,
    }
    changed: dict[str, object] = {}
    for name, new in wanted.items():
        old = getattr(action, name)
        if name in ("due_date", "completed_on"):
            old = to_date(old)
        if old == new:
            continue
        changed[name] = new
        old_label = new_label = None
        if name == "status":
            old_label, new_label = Status(old).label, Status(new).label  # type: ignore[arg-type]
        elif name == "progress":
            old_label, new_label = f"{old}%", f"{new}%"
        op.change("action", action.id, action.code, "update", name, old, new, old_label, new_label)
    return changed


def _offices_by_id(session: Session, ids: set[int]) -> dict[int, Office]:
    if not ids:
        return {}
    return {o.id or 0: o for o in session.exec(select(Office).where(col(Office.id).in_(ids)))}


def _save_offices(op: Operation, action: Action, lead_id: int | None, support_ids: tuple[int, ...]) -> None:
    session = op.session
    current = {
        row.office_id: row.role for row in session.exec(select(ActionOffice).where(ActionOffice.action_id == action.id))
    }
    wanted = {oid: "support" for oid in support_ids}
    if lead_id is not None:
        wanted[lead_id] = "lead"
    if current == wanted:
        return
    offices = _offices_by_id(session, set(current) | set(wanted))
    if set(wanted) - set(offices):
        raise NotFoundError("Uno degli uffici scelti non esiste più: ricaricare l'elenco degli uffici.")
    for oid in set(wanted) - set(current):
        if not offices[oid].active:
            raise ValidationError(f"L'ufficio «{offices[oid].name}» non è attivo e non può ricevere nuove azioni.")
    session.execute(delete(ActionOffice).where(col(ActionOffice.action_id) == action.id))
    session.flush()
    for oid, role in wanted.items():
        session.add(ActionOffice(action_id=action.id or 0, office_id=oid, role=role))
    names = [(oid, o.name) for oid, o in offices.items()]

    def of_role(assignments: dict[int, str], role: str) -> list[int]:
        return sorted((o for o, r in assignments.items() if r == role), key=lambda o: offices[o].name.casefold())

    old_lead, new_lead = of_role(current, "lead"), of_role(wanted, "lead")
    if old_lead != new_lead:
        op.change(
            "action",
            action.id,
            action.code,
            "update",
            "lead_office",
            old_lead[0] if old_lead else None,
            new_lead[0] if new_lead else None,
            labels_of(names, old_lead),
            labels_of(names, new_lead),
        )
    old_support, new_support = of_role(current, "support"), of_role(wanted, "support")
    if old_support != new_support:
        op.change(
            "action",
            action.id,
            action.code,
            "update",
            "support_offices",
            old_support,
            new_support,
            labels_of(names, old_support),
            labels_of(names, new_support),
        )


def _save_values(op: Operation, action: Action, value_ids: tuple[int, ...]) -> None:
    session = op.session
    current = set(session.exec(select(ActionValue.value_id).where(ActionValue.action_id == action.id)).all())
    wanted = set(value_ids)
    if current == wanted:
        return
    names = session.exec(
        select(ProgrammeValue.id, ProgrammeValue.name, ProgrammeValue.position).where(
            col(ProgrammeValue.id).in_(current | wanted)
        )
    ).all()
    known = {row[0]: row for row in names}
    if wanted - set(known):
        raise NotFoundError("Uno dei valori scelti non esiste più: ricaricare l'azione.")
    session.execute(delete(ActionValue).where(col(ActionValue.action_id) == action.id))
    for value_id in sorted(wanted):
        session.add(ActionValue(action_id=action.id or 0, value_id=value_id))
    in_order = sorted(known.values(), key=lambda r: r[2])
    old = [r[0] for r in in_order if r[0] in current]
    new = [r[0] for r in in_order if r[0] in wanted]
    pairs = [(r[0], r[1]) for r in in_order]
    op.change(
        "action", action.id, action.code, "update", "values", old, new, labels_of(pairs, old), labels_of(pairs, new)
    )


def milestone_data(milestone: Milestone | MilestoneRow) -> dict[str, object]:
    return {
        "id": milestone.id,
        "title": milestone.title,
        "due_date": to_date(milestone.due_date),
        "done_on": to_date(milestone.done_on),
    }


def milestone_label(data: dict[str, object] | None) -> str:
    """«Gara» — scadenza 10/01/2026, raggiunto il 12/01/2026."""
    if not data:
        return ""
    parts = [f"scadenza {format_date(data['due_date'])}" if data.get("due_date") else "senza scadenza"]  # type: ignore[arg-type]
    if data.get("done_on"):
        parts.append(f"raggiunto il {format_date(data['done_on'])}")  # type: ignore[arg-type]
    return f"«{data['title']}» — {', '.join(parts)}"


def _save_milestones(op: Operation, action: Action, milestones: tuple[MilestoneRow, ...]) -> None:
    session = op.session
    existing = {m.id: m for m in session.exec(select(Milestone).where(Milestone.action_id == action.id))}
    kept_ids = {m.id for m in milestones if m.id is not None}
    if kept_ids - set(existing):
        raise ConflictError(
            f"Un traguardo dell'azione {action.code} è stato eliminato da un altro utente: ricaricare l'azione."
        )

    def audit(old: dict[str, object] | None, new: dict[str, object] | None, kind: str) -> None:
        op.change(
            "action", action.id, action.code, kind, "milestone", old, new, milestone_label(old), milestone_label(new)
        )

    for old in existing.values():
        if old.id not in kept_ids:
            audit(milestone_data(old), None, "delete")
            session.delete(old)
    for position, wanted in enumerate(milestones, start=1):
        if wanted.id is None:
            row = Milestone(
                action_id=action.id or 0,
                title=wanted.title,
                due_date=wanted.due_date,
                done_on=wanted.done_on,
                position=position,
                created_at=op.now,
                updated_at=op.now,
            )
            session.add(row)
            session.flush()
            audit(None, milestone_data(row), "create")
            continue
        row = existing[wanted.id]
        before = milestone_data(row)
        after = milestone_data(wanted)
        if before != after:
            audit(before, after, "update")
        if before != after or row.position != position:
            row.title, row.due_date, row.done_on, row.position = wanted.title, wanted.due_date, wanted.done_on, position
            row.version += 1
            row.updated_at = op.now
            session.add(row)
