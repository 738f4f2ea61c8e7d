"""Saving an action: status, progress, dates, offices, tags, milestones and a progress note.

One Save is one transaction: the stored version must still be the one the user
started from (otherwise ConflictError and nothing is written), every changed field
is audited, and a progress update is recorded when status or progress change or a
note or act reference is given.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import ActionDetail, ActionEdit, MilestoneRow
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError, NotFoundError, ValidationError
from valenza_desk.services import audit
from valenza_desk.services.browse import action_detail
from valenza_desk.services.programme import search_key
from valenza_desk.store.database import Database
from valenza_desk.store.models import (
    Action,
    ActionOffice,
    ActionValue,
    AuditLog,
    Milestone,
    Office,
    ProgressUpdate,
    utcnow,
)
from valenza_desk.text import format_date, format_datetime, to_date, to_utc

MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2100, 12, 31)
MAX_ACT_REFERENCE = 300


def validate_edit(edit: ActionEdit, today: date | None = None) -> None:
    """Raise ValidationError (Italian) for values a person could type wrong."""
    today = today or date.today()
    if not isinstance(edit.progress, int) or not 0 <= edit.progress <= 100:
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
        if value is not None and not MIN_DATE <= value <= MAX_DATE:
            raise ValidationError(f"La data di {label} {format_date(value)} non è plausibile (2000-2100).")
    if len(edit.act_reference) > MAX_ACT_REFERENCE:
        raise ValidationError(f"Il riferimento all'atto è troppo lungo (massimo {MAX_ACT_REFERENCE} caratteri).")
    for milestone in edit.milestones or ():
        if not milestone.title.strip():
            raise ValidationError("Ogni traguardo deve avere un titolo.")
        if milestone.done_on is not None and milestone.done_on > today:
            raise ValidationError(f"Il traguardo «{milestone.title}» non può risultare raggiunto in una data futura.")


def save_action(db: Database, actor: Actor, edit: ActionEdit, today: date | None = None) -> ActionDetail:
    """Apply ``edit`` atomically; returns the action as now stored."""
    actor.require(Role.EDITOR)
    today = today or date.today()
    validate_edit(edit, today)
    support_ids = tuple(dict.fromkeys(i for i in edit.support_office_ids if i != edit.lead_office_id))
    with db.write() as session:
        action = session.get(Action, edit.action_id)
        if action is None:
            raise NotFoundError(f"L'azione n. {edit.action_id} non esiste più.")
        if action.version != edit.version:
            raise ConflictError(_conflict_message(session, action))
        field_changes = _field_changes(action, edit)
        changes = dict(field_changes)
        changes.update(_save_offices(session, action, edit.lead_office_id, support_ids))
        changes.update(_save_values(session, action, edit.value_ids))
        if edit.milestones is not None:
            changes.update(_save_milestones(session, actor, action, edit.milestones))
        wants_update = "status" in changes or "progress" in changes or edit.note.strip() or edit.act_reference.strip()
        if not changes and not wants_update:
            return action_detail(db, edit.action_id)  # nothing to write: no new version
        values = {name: new for name, (_old, new) in field_changes.items()}
        if "referent" in values:
            values["search_key"] = search_key(action.code, action.text, edit.referent)
        result = session.execute(
            update(Action)
            .where(col(Action.id) == action.id, col(Action.version) == edit.version)
            .values(**values, version=edit.version + 1, updated_at=utcnow())
        )
        if result.rowcount != 1:
            raise ConflictError(_conflict_message(session, action))
        if wants_update:
            session.add(
                ProgressUpdate(
                    action_id=action.id or 0,
                    on_date=today,
                    author=actor.name,
                    status=Status(edit.status).value,
                    progress=edit.progress,
                    text=edit.note.strip(),
                    act_reference=edit.act_reference.strip(),
                )
            )
            if edit.note.strip():
                changes["note"] = (None, edit.note.strip())
            if edit.act_reference.strip():
                changes["act_reference"] = (None, edit.act_reference.strip())
        audit.record(session, actor, "action", action.id, action.code, "update", changes)
    return action_detail(db, edit.action_id)


def _conflict_message(session: Session, action: Action) -> str:
    last = session.exec(
        select(AuditLog)
        .where(AuditLog.entity == "action", AuditLog.entity_id == action.id)
        .order_by(col(AuditLog.id).desc())
    ).first()
    who = f" da {last.actor} il {format_datetime(to_utc(last.at))}" if last else ""
    return (
        f"L'azione {action.code} è stata modificata{who} dopo che l'avete aperta. "
        "Le vostre modifiche non sono state salvate: ricaricate l'azione e riapplicatele."
    )


def _field_changes(action: Action, edit: ActionEdit) -> dict[str, tuple[object, object]]:
    wanted = {
        "status": Status(edit.status).value,
        "progress": edit.progress,
        "due_date": edit.due_date,
        "completed_on": edit.completed_on,
        "referent": edit.referent.strip(),
        "notes": edit.notes.strip(),
    }
    changes: dict[str, tuple[object, object]] = {}
    for name, new in wanted.items():
        old = getattr(action, name)
        if name in ("due_date", "completed_on"):
            old = to_date(old)
        if old != new:
            changes[name] = (old, new)
    return changes


def _office_names(session: Session, ids: set[int]) -> dict[int, Office]:
    if not ids:
        return {}
    return {o.id or 0: o for o in session.exec(select(Office).where(col(Office.id).in_(ids)))}


def _save_offices(
    session: Session, action: Action, lead_id: int | None, support_ids: tuple[int, ...]
) -> dict[str, tuple[object, object]]:
    current = {
        row.office_id: row.role for row in session.exec(select(ActionOffice).where(ActionOffice.action_id == action.id))
    }
    wanted = {oid: "support" for oid in support_ids}
    if lead_id is not None:
        wanted[lead_id] = "lead"
    if current == wanted:
        return {}
    offices = _office_names(session, set(current) | set(wanted))
    missing = set(wanted) - set(offices)
    if missing:
        raise NotFoundError("Uno degli uffici scelti non esiste più: ricaricare l'elenco degli uffici.")
    for oid in set(wanted) - set(current):
        if not offices[oid].active:
            raise ValidationError(f"L'ufficio «{offices[oid].name}» non è attivo e non può ricevere nuove azioni.")
    session.execute(delete(ActionOffice).where(col(ActionOffice.action_id) == action.id))
    session.flush()
    for oid, role in wanted.items():
        session.add(ActionOffice(action_id=action.id or 0, office_id=oid, role=role))

    def describe(assignments: dict[int, str], role: str) -> str:
        return ", ".join(sorted(offices[o].name for o, r in assignments.items() if r == role))

    changes: dict[str, tuple[object, object]] = {}
    if describe(current, "lead") != describe(wanted, "lead"):
        changes["lead_office"] = (describe(current, "lead"), describe(wanted, "lead"))
    if describe(current, "support") != describe(wanted, "support"):
        changes["support_offices"] = (describe(current, "support"), describe(wanted, "support"))
    return changes


def _save_values(session: Session, action: Action, value_ids: tuple[int, ...]) -> dict[str, tuple[object, object]]:
    current = set(session.exec(select(ActionValue.value_id).where(ActionValue.action_id == action.id)).all())
    wanted = set(value_ids)
    if current == wanted:
        return {}
    session.execute(delete(ActionValue).where(col(ActionValue.action_id) == action.id))
    for value_id in sorted(wanted):
        session.add(ActionValue(action_id=action.id or 0, value_id=value_id))
    return {"values": (sorted(current), sorted(wanted))}


def _save_milestones(
    session: Session, actor: Actor, action: Action, milestones: tuple[MilestoneRow, ...]
) -> dict[str, tuple[object, object]]:
    existing = {m.id: m for m in session.exec(select(Milestone).where(Milestone.action_id == action.id))}
    kept_ids = {m.id for m in milestones if m.id is not None}
    unknown = kept_ids - set(existing)
    if unknown:
        raise ConflictError(
            f"Un traguardo dell'azione {action.code} è stato eliminato da un altro utente: ricaricare l'azione."
        )
    changed: list[str] = []
    for old in existing.values():
        if old.id not in kept_ids:
            session.delete(old)
            changed.append(f"eliminato «{old.title}»")
    for position, wanted in enumerate(milestones, start=1):
        title = wanted.title.strip()
        if wanted.id is None:
            session.add(
                Milestone(
                    action_id=action.id or 0,
                    title=title,
                    due_date=wanted.due_date,
                    done_on=wanted.done_on,
                    position=position,
                )
            )
            changed.append(f"aggiunto «{title}»")
            continue
        row = existing[wanted.id]
        before = (row.title, to_date(row.due_date), to_date(row.done_on), row.position)
        after = (title, wanted.due_date, wanted.done_on, position)
        if before != after:
            if before[2] is None and after[2] is not None:
                changed.append(f"raggiunto «{title}»")
            elif before[:3] != after[:3]:
                changed.append(f"modificato «{title}»")
            row.title, row.due_date, row.done_on, row.position = after
            row.version += 1
            row.updated_at = utcnow()
            session.add(row)
    return {"milestones": (None, "; ".join(changed))} if changed else {}
