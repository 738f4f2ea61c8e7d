"""Offices: the municipal units responsible for actions (``OfficeDraft`` lives in the domain).

An office still assigned to actions never vanishes silently: removing it needs a
decision (move its actions to another office, or explicitly leave them without it).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from valenza_desk.domain.rows import OfficeDraft, OfficeRow
from valenza_desk.errors import ConflictError, NotFoundError, OfficeInUseError, ValidationError
from valenza_desk.services.operations import Operation, bump_version, conflict_message
from valenza_desk.store.database import Database
from valenza_desk.store.models import Action, ActionOffice, Office
from valenza_desk.text import fold

__all__ = ["OfficeDraft", "add_office", "list_offices", "remove_office", "resolve_office", "update_office"]


def list_offices(db: Database, programme_id: int | None = None, include_inactive: bool = True) -> list[OfficeRow]:
    """Offices by name, with how many actions (of one programme, if given) each leads or supports."""
    with db.read() as session:
        count_query = select(ActionOffice.office_id, ActionOffice.role, func.count()).group_by(
            col(ActionOffice.office_id), col(ActionOffice.role)
        )
        if programme_id is not None:
            count_query = count_query.join(Action, col(Action.id) == ActionOffice.action_id).where(
                Action.programme_id == programme_id
            )
        counts: dict[tuple[int, str], int] = {(office_id, role): n for office_id, role, n in session.exec(count_query)}
        query = select(Office).order_by(func.lower(Office.name))
        if not include_inactive:
            query = query.where(col(Office.active).is_(True))
        return [_row(o, counts) for o in session.exec(query)]


def _row(office: Office, counts: dict[tuple[int, str], int]) -> OfficeRow:
    oid = office.id or 0
    return OfficeRow(
        id=oid,
        name=office.name,
        head=office.head,
        email=office.email,
        phone=office.phone,
        active=office.active,
        version=office.version,
        lead_count=counts.get((oid, "lead"), 0),
        support_count=counts.get((oid, "support"), 0),
    )


def get_office(db: Database, office_id: int, programme_id: int | None = None) -> OfficeRow:
    for office in list_offices(db, programme_id):
        if office.id == office_id:
            return office
    raise NotFoundError(f"L'ufficio n. {office_id} non esiste più.")


def resolve_office(db: Database, name: str) -> int:
    """An office's id from its name, ignoring case and accents; a unique partial match also works."""
    wanted = fold(" ".join(name.split()))
    offices = list_offices(db)
    for office in offices:
        if fold(office.name) == wanted:
            return office.id
    partial = [o for o in offices if wanted and wanted in fold(o.name)]
    if len(partial) == 1:
        return partial[0].id
    if not offices:
        raise NotFoundError(f"Ufficio «{name}» non trovato: non ci sono ancora uffici (aggiungerli con «offices add»).")
    hint = "più uffici corrispondono" if partial else "uffici disponibili"
    names = ", ".join(o.name for o in (partial or offices)[:15])
    raise NotFoundError(f"Ufficio «{name}» non trovato ({hint}: {names}).")


def _check_name_free(session: Session, name: str, except_id: int | None = None) -> None:
    for office in session.exec(select(Office)):
        if office.id != except_id and fold(office.name) == fold(name):
            raise ValidationError(f"Esiste già un ufficio chiamato «{office.name}».")


def add_office(op: Operation, draft: OfficeDraft) -> int:
    """Create an office (operation body); returns its id."""
    draft = draft.cleaned()
    session = op.session
    _check_name_free(session, draft.name)
    office = Office(
        name=draft.name,
        head=draft.head,
        email=draft.email,
        phone=draft.phone,
        active=draft.active,
        created_at=op.now,
        updated_at=op.now,
    )
    session.add(office)
    session.flush()
    office_id = office.id or 0
    for field in ("name", "head", "email", "phone", "active"):
        value = getattr(draft, field)
        if value not in ("", None) or field in ("name", "active"):
            op.change("office", office_id, office.name, "create", field, None, value)
    op.touched("offices", office_id)
    return office_id


def update_office(op: Operation, office_id: int, version: int, draft: OfficeDraft) -> None:
    """Rename, change head and contacts, activate or deactivate (assignments stay)."""
    draft = draft.cleaned()
    session = op.session
    office = _load(session, office_id, version)
    _check_name_free(session, draft.name, except_id=office_id)
    values: dict[str, object] = {}
    for field in ("name", "head", "email", "phone", "active"):
        old, new = getattr(office, field), getattr(draft, field)
        if old != new:
            values[field] = new
            op.change("office", office_id, draft.name, "update", field, old, new)
    if values:
        bump_version(session, Office, office_id, version, {**values, "updated_at": op.now})
        op.touched("offices", office_id)
        if "name" in values or "active" in values:
            # every action the office works on shows its name: their rows change too
            op.touched(
                "actions", *session.exec(select(ActionOffice.action_id).where(ActionOffice.office_id == office_id))
            )


def _load(session: Session, office_id: int, version: int) -> Office:
    office = session.get(Office, office_id)
    if office is None:
        raise NotFoundError(f"L'ufficio n. {office_id} non esiste più: forse è stato eliminato da un altro utente.")
    if office.version != version:
        raise ConflictError(conflict_message(session, "office", office_id, office.name))
    return office


def remove_office(
    op: Operation, office_id: int, version: int, reassign_to: int | None = None, unassign: bool = False
) -> int:
    """Delete an office; its actions move to ``reassign_to`` or, with ``unassign``, lose it.

    Returns how many actions were affected. Without either choice an office still
    assigned raises OfficeInUseError and nothing changes.
    """
    if reassign_to == office_id:
        raise ValidationError("Scegliere un ufficio diverso da quello da eliminare.")
    session = op.session
    office = _load(session, office_id, version)
    assignments = list(session.exec(select(ActionOffice).where(ActionOffice.office_id == office_id)))
    if assignments and reassign_to is None and not unassign:
        raise OfficeInUseError(
            f"L'ufficio «{office.name}» è ancora assegnato a {len(assignments)} azioni: "
            "scegliere a quale ufficio spostarle oppure confermare che restino senza questo ufficio.",
            assigned=len(assignments),
        )
    target = None
    if reassign_to is not None:
        target = session.get(Office, reassign_to)
        if target is None or not target.active:
            raise ValidationError("L'ufficio di destinazione non esiste o non è attivo.")
    moved = _move_assignments(op, office, target, assignments)
    session.delete(office)
    op.change("office", office_id, office.name, "delete", "name", office.name, None)
    if target is not None:
        op.change("office", office_id, office.name, "delete", "reassigned_to", None, target.id, "", target.name)
    op.touched("offices", office_id, *((target.id,) if target is not None else ()))
    return moved


def _move_assignments(op: Operation, office: Office, target: Office | None, assignments: list[ActionOffice]) -> int:
    session = op.session
    for assignment in assignments:
        action = session.get(Action, assignment.action_id)
        if action is None:
            continue
        lead = assignment.role == "lead"
        session.delete(assignment)
        session.flush()  # the old lead row must go before the target can become lead
        if target is not None:
            existing = session.get(ActionOffice, (assignment.action_id, target.id))
            if existing is None:
                session.add(
                    ActionOffice(action_id=assignment.action_id, office_id=target.id or 0, role=assignment.role)
                )
            elif lead:
                existing.role = "lead"
                session.add(existing)
        bump_version(session, Action, action.id or 0, action.version, {"updated_at": op.now})
        field = "lead_office" if lead else "support_offices"
        new_id = target.id if target is not None else None
        if lead:
            old_value: object = office.id
            new_value: object = new_id
        else:
            old_value, new_value = [office.id], [new_id] if new_id is not None else []
        op.change(
            "action",
            action.id,
            action.code,
            "update",
            field,
            old_value,
            new_value,
            office.name,
            target.name if target is not None else "",
        )
        op.touched("actions", action.id)
    session.flush()
    return len(assignments)
