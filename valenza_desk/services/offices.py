"""Offices: the municipal units responsible for actions.

An office still assigned to actions never vanishes silently: removing it needs a
decision (move its actions to another office, or explicitly leave them without it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import OfficeRow
from valenza_desk.errors import ConflictError, NotFoundError, OfficeInUseError, ValidationError
from valenza_desk.services import audit
from valenza_desk.store.database import Database
from valenza_desk.store.models import Action, ActionOffice, Office, utcnow
from valenza_desk.text import fold

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class OfficeDraft:
    """What the user typed for an office."""

    name: str
    head: str = ""
    email: str = ""
    phone: str = ""
    active: bool = True

    def cleaned(self) -> OfficeDraft:
        draft = OfficeDraft(
            name=" ".join(self.name.split()),
            head=self.head.strip(),
            email=self.email.strip(),
            phone=self.phone.strip(),
            active=self.active,
        )
        if not draft.name:
            raise ValidationError("Il nome dell'ufficio è obbligatorio.")
        if len(draft.name) > 200:
            raise ValidationError("Il nome dell'ufficio è troppo lungo (massimo 200 caratteri).")
        if draft.email and not _EMAIL_RE.match(draft.email):
            raise ValidationError(f"L'indirizzo e-mail «{draft.email}» non è valido.")
        return draft


def list_offices(db: Database, include_inactive: bool = True) -> list[OfficeRow]:
    """Offices by name, with how many actions each leads or supports."""
    with db.read() as session:
        counts: dict[tuple[int, str], int] = {
            (office_id, role): n
            for office_id, role, n in session.exec(
                select(ActionOffice.office_id, ActionOffice.role, func.count()).group_by(
                    col(ActionOffice.office_id), col(ActionOffice.role)
                )
            )
        }
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


def get_office(db: Database, office_id: int) -> OfficeRow:
    for office in list_offices(db):
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


def add_office(db: Database, actor: Actor, draft: OfficeDraft) -> OfficeRow:
    actor.require(Role.EDITOR)
    draft = draft.cleaned()
    with db.write() as session:
        _check_name_free(session, draft.name)
        office = Office(name=draft.name, head=draft.head, email=draft.email, phone=draft.phone, active=draft.active)
        session.add(office)
        session.flush()
        audit.record(
            session,
            actor,
            "office",
            office.id,
            office.name,
            "create",
            {"name": (None, office.name), "head": (None, office.head)},
        )
        return _row(office, {})


def update_office(db: Database, actor: Actor, office_id: int, version: int, draft: OfficeDraft) -> OfficeRow:
    """Rename, change head and contacts, activate or deactivate (assignments stay)."""
    actor.require(Role.EDITOR)
    draft = draft.cleaned()
    with db.write() as session:
        office = _load(session, office_id, version)
        _check_name_free(session, draft.name, except_id=office_id)
        changes: dict[str, tuple[object, object]] = {}
        for name in ("name", "head", "email", "phone", "active"):
            old, new = getattr(office, name), getattr(draft, name)
            if old != new:
                changes[name] = (old, new)
                setattr(office, name, new)
        if changes:
            office.version += 1
            office.updated_at = utcnow()
            session.add(office)
            audit.record(session, actor, "office", office_id, office.name, "update", changes)
    return get_office(db, office_id)


def _load(session: Session, office_id: int, version: int) -> Office:
    office = session.get(Office, office_id)
    if office is None:
        raise NotFoundError(f"L'ufficio n. {office_id} non esiste più: forse è stato eliminato da un altro utente.")
    if office.version != version:
        raise ConflictError(
            f"L'ufficio «{office.name}» è stato modificato da un altro utente dopo che l'avete aperto: "
            "ricaricare l'elenco e riprovare."
        )
    return office


def remove_office(
    db: Database,
    actor: Actor,
    office_id: int,
    version: int,
    reassign_to: int | None = None,
    unassign: bool = False,
) -> int:
    """Delete an office; its actions move to ``reassign_to`` or, with ``unassign``, lose it.

    Returns how many actions were affected. Without either choice an office still
    assigned raises OfficeInUseError and nothing changes.
    """
    actor.require(Role.EDITOR)
    if reassign_to == office_id:
        raise ValidationError("Scegliere un ufficio diverso da quello da eliminare.")
    with db.write() as session:
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
        action_codes = _move_assignments(session, actor, office, target, assignments)
        session.delete(office)
        audit.record(
            session,
            actor,
            "office",
            office_id,
            office.name,
            "delete",
            {"reassigned_to": (None, target.name if target else ""), "actions": (None, len(action_codes))},
        )
        return len(action_codes)


def _move_assignments(
    session: Session, actor: Actor, office: Office, target: Office | None, assignments: list[ActionOffice]
) -> list[str]:
    codes = []
    for assignment in assignments:
        action = session.get(Action, assignment.action_id)
        if action is None:
            continue
        field = "lead_office" if assignment.role == "lead" else "support_offices"
        session.delete(assignment)
        session.flush()  # the old lead row must go before the target can become lead
        if target is not None:
            existing = session.get(ActionOffice, (assignment.action_id, target.id))
            if existing is None:
                session.add(
                    ActionOffice(action_id=assignment.action_id, office_id=target.id or 0, role=assignment.role)
                )
            elif assignment.role == "lead":
                existing.role = "lead"
                session.add(existing)
        session.execute(
            update(Action).where(col(Action.id) == action.id).values(version=Action.version + 1, updated_at=utcnow())
        )
        audit.record(
            session,
            actor,
            "action",
            action.id,
            action.code,
            "update",
            {field: (office.name, target.name if target else "")},
        )
        codes.append(action.code)
    session.flush()
    return codes
