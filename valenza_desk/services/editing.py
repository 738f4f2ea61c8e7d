"""Saving an action: status, progress, dates, offices, tags, milestones and a progress note.

``apply_edit`` is the body of the save operation (``services.operations``) and
``apply_bulk`` of a bulk edit: the stored version must still be the one the user started
from (otherwise ConflictError and nothing is written), every changed field is audited as
data with its label, and a progress update is recorded when status or progress change or
a note or act reference is given. ``cleaned_edit`` holds the rules every save obeys;
``services.action_writer`` does the planning and writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlmodel import Session, col, select

from valenza_desk.domain import limits
from valenza_desk.domain.bulk import BulkChange
from valenza_desk.domain.rows import ActionEdit, MilestoneRow
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError, ValidationError
from valenza_desk.services import missions
from valenza_desk.services.action_writer import load_names, load_stored, plan_edit, write_plans
from valenza_desk.services.operations import Operation, conflict_message
from valenza_desk.store.models import Action, Milestone
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
    mission, dup_programme = missions.checked(edit.mission, edit.dup_programme)
    return replace(
        edit,
        mission=mission,
        dup_programme=dup_programme,
        due_change_reason=limits.checked_text(edit.due_change_reason, "Motivo", limits.DUE_REASON, single_line=True),
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
    stored = load_stored(session, [edit.action_id])[edit.action_id]
    entries_before = len(op.entries)
    plan = plan_edit(op, stored, edit, load_names(session), milestones_changed=_milestones_differ(session, edit))
    if edit.milestones is not None:
        action = session.get(Action, edit.action_id)
        assert action is not None  # just loaded
        _save_milestones(op, action, edit.milestones)
    if len(op.entries) == entries_before and plan.progress_update is None:
        return False  # nothing to write: no new version
    write_plans(op, [plan])
    return True


def _milestones_differ(session: Session, edit: ActionEdit) -> bool:
    if edit.milestones is None:
        return False
    stored = session.exec(
        select(Milestone).where(Milestone.action_id == edit.action_id).order_by(col(Milestone.position))
    ).all()
    return [milestone_data(m) for m in stored] != [milestone_data(m) for m in edit.milestones]


def apply_bulk(op: Operation, targets: Sequence[tuple[int, int]], change: BulkChange) -> int:
    """Give ``change`` to every (action id, version the person saw) at once; returns how many changed.

    All or nothing: one action changed meanwhile by someone else (ConflictError naming its
    code), one value a rule refuses, and nothing is written.
    """
    if change.empty:
        raise ValidationError("Scegliere almeno una modifica da applicare alle azioni selezionate.")
    session = op.session
    ids = [action_id for action_id, _version in targets]
    stored = load_stored(session, ids)
    names = load_names(session)
    plans = []
    for action_id, version in targets:
        current = stored[action_id]
        if current.version != version:
            raise ConflictError(
                conflict_message(session, "action", action_id, current.code)
                + f" Nessuna delle {len(targets)} azioni selezionate è stata modificata."
            )
        entries_before = len(op.entries)
        try:
            edit = cleaned_edit(change.applied_to(current.as_edit(), op.today), op.today)
        except ValidationError as exc:
            raise ValidationError(f"{current.code}: {exc.message} Nessuna azione è stata modificata.") from None
        plan = plan_edit(op, current, edit, names)
        if len(op.entries) > entries_before or plan.progress_update is not None:
            plans.append(plan)
    write_plans(op, plans)
    return len(plans)


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
