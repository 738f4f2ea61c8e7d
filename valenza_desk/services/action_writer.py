"""Writing actions' desired states: load what is stored, plan each change, write them in batches.

One code path for a single save and for a bulk edit of 1,000 actions: the stored states are
read in three queries, each action's plan (changed columns, offices, value tags, a
progress update, its audit entries with labels) is computed in Python, and the writes go
out in a few statements. Validation lives in ``services.editing.cleaned_edit``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from valenza_desk.domain.acts import ActReference, parse_act
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError, NotFoundError, ValidationError
from valenza_desk.services.operations import Operation, bulk_insert, bump_version, conflict_message, labels_of
from valenza_desk.services.programme import search_key
from valenza_desk.store.models import (
    Act,
    ActAction,
    Action,
    ActionOffice,
    ActionValue,
    DueDateChange,
    Office,
    ProgrammeValue,
    ProgressUpdate,
)
from valenza_desk.text import fold, to_date

_CHUNK = 500  # ids per IN (...) list


@dataclass(slots=True)
class StoredAction:
    """An action as stored: its columns, offices and value tags."""

    id: int
    code: str
    text: str
    version: int
    status: Status
    progress: int
    due_date: date | None
    completed_on: date | None
    referent: str
    notes: str
    original_due_date: date | None = None
    due_moves: int = 0
    mission: str = ""
    dup_programme: str = ""
    lead_office_id: int | None = None
    support_office_ids: tuple[int, ...] = ()
    value_ids: tuple[int, ...] = ()

    def as_edit(self) -> ActionEdit:
        """An edit that changes nothing: the starting point of a bulk change."""
        return ActionEdit(
            action_id=self.id,
            version=self.version,
            status=self.status,
            progress=self.progress,
            due_date=self.due_date,
            completed_on=self.completed_on,
            referent=self.referent,
            notes=self.notes,
            lead_office_id=self.lead_office_id,
            support_office_ids=self.support_office_ids,
            value_ids=self.value_ids,
            mission=self.mission,
            dup_programme=self.dup_programme,
        )


@dataclass(slots=True)
class Names:
    """Offices (name, active) and value tags (name, position), for labels and checks."""

    offices: dict[int, tuple[str, bool]]
    values: dict[int, tuple[str, int]]

    def office_pairs(self) -> list[tuple[int, str]]:
        return [(i, name) for i, (name, _active) in self.offices.items()]


@dataclass(slots=True)
class Plan:
    """What writing one action's edit takes."""

    action_id: int
    version: int
    columns: dict[str, object] = field(default_factory=dict)
    offices: dict[int, str] | None = None  # office id -> role, when they change
    value_ids: tuple[int, ...] | None = None  # when they change
    progress_update: dict[str, object] | None = None
    due_change: dict[str, object] | None = None  # a move of the due date, with its reason
    act_reference: str = ""  # the act the progress note cites, linked to the register when readable


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def load_stored(session: Session, ids: Sequence[int]) -> dict[int, StoredAction]:
    """The stored state of ``ids`` (three queries per 500 actions); NotFoundError if one is gone."""
    found: dict[int, StoredAction] = {}
    for chunk in _chunks(ids):
        for row in session.exec(
            select(
                Action.id,
                Action.code,
                Action.text,
                Action.version,
                Action.status,
                Action.progress,
                Action.due_date,
                Action.completed_on,
                Action.referent,
                Action.notes,
                Action.original_due_date,
                Action.due_moves,
                Action.mission,
                Action.dup_programme,
            ).where(col(Action.id).in_(chunk))
        ):
            found[row[0]] = StoredAction(
                row[0],
                row[1],
                row[2],
                row[3],
                Status(row[4]),
                row[5],
                to_date(row[6]),
                to_date(row[7]),
                row[8],
                row[9],
                to_date(row[10]),
                row[11],
                row[12],
                row[13],
            )
        support: dict[int, list[int]] = {}
        for action_id, office_id, role in session.exec(
            select(ActionOffice.action_id, ActionOffice.office_id, ActionOffice.role).where(
                col(ActionOffice.action_id).in_(chunk)
            )
        ):
            if role == "lead":
                found[action_id].lead_office_id = office_id
            else:
                support.setdefault(action_id, []).append(office_id)
        for action_id, offices in support.items():
            found[action_id].support_office_ids = tuple(sorted(offices))
        tags: dict[int, list[int]] = {}
        for action_id, value_id in session.exec(
            select(ActionValue.action_id, ActionValue.value_id).where(col(ActionValue.action_id).in_(chunk))
        ):
            tags.setdefault(action_id, []).append(value_id)
        for action_id, values in tags.items():
            found[action_id].value_ids = tuple(sorted(values))
    missing = set(ids) - set(found)
    if missing:
        raise NotFoundError(f"{len(missing)} delle azioni scelte non esistono più: ricaricare l'elenco.")
    return found


def load_names(session: Session) -> Names:
    offices = {row[0]: (row[1], row[2]) for row in session.exec(select(Office.id, Office.name, Office.active))}
    values = {
        row[0]: (row[1], row[2])
        for row in session.exec(select(ProgrammeValue.id, ProgrammeValue.name, ProgrammeValue.position))
    }
    return Names(offices, values)


def plan_edit(
    op: Operation,
    stored: StoredAction,
    edit: ActionEdit,
    names: Names,
    record_progress: bool = True,
    milestones_changed: bool = False,
) -> Plan:
    """Compare ``edit`` (already cleaned) with ``stored``; audit each change; the writes it takes.

    A change of status or progress is also recorded as a progress update, unless
    ``record_progress`` is false (an undo takes the original update back instead).
    """
    if stored.version != edit.version:
        raise ConflictError(conflict_message(op.session, "action", stored.id, stored.code))
    plan = Plan(stored.id, stored.version)
    code = stored.code
    first_entry = len(op.entries)
    wanted: dict[str, object] = {
        "status": Status(edit.status).value,
        "progress": edit.progress,
        "due_date": edit.due_date,
        "completed_on": edit.completed_on,
        "referent": edit.referent,
        "notes": edit.notes,
        "mission": edit.mission,
        "dup_programme": edit.dup_programme,
    }
    for name, new in wanted.items():
        old = getattr(stored, name)
        old = old.value if isinstance(old, Status) else old
        if old == new:
            continue
        plan.columns[name] = new
        old_label = new_label = None
        if name == "status":
            old_label, new_label = Status(old).label, Status(new).label  # type: ignore[arg-type]
        elif name == "progress":
            old_label, new_label = f"{old}%", f"{new}%"
        op.change("action", stored.id, code, "update", name, old, new, old_label, new_label)
    if "referent" in plan.columns:
        plan.columns["search_key"] = search_key(code, stored.text, edit.referent)
    if "due_date" in plan.columns:
        _plan_due_history(op, stored, edit, plan)
    _plan_offices(op, stored, edit, names, plan)
    _plan_values(op, stored, edit, names, plan)
    moved = record_progress and ("status" in plan.columns or "progress" in plan.columns)
    if moved or edit.note or edit.act_reference:
        plan.progress_update = {
            "action_id": stored.id,
            "at": op.now,
            "on_date": op.today,
            "author": op.actor.name,
            "status": Status(edit.status).value,
            "progress": edit.progress,
            "text": edit.note,
            "act_reference": edit.act_reference,
        }
        if edit.note:
            op.change("action", stored.id, code, "update", "note", None, edit.note)
        if edit.act_reference:
            op.change("action", stored.id, code, "update", "act_reference", None, edit.act_reference)
            plan.act_reference = edit.act_reference
    changed = {str(e["field"]) for e in op.entries[first_entry:]} | ({"milestone"} if milestones_changed else set())
    op.actor.require_edit(code, (stored.lead_office_id, *stored.support_office_ids), changed)
    return plan


def _plan_due_history(op: Operation, stored: StoredAction, edit: ActionEdit, plan: Plan) -> None:
    """The first due date given is the promise; every later change is a move, kept with its reason."""
    if stored.original_due_date is None and stored.due_date is None:
        plan.columns["original_due_date"] = edit.due_date
        return
    plan.columns["due_moves"] = stored.due_moves + 1
    plan.due_change = {
        "action_id": stored.id,
        "at": op.now,
        "actor": op.actor.name,
        "old_due": stored.due_date,
        "new_due": edit.due_date,
        "reason": edit.due_change_reason,
    }
    if edit.due_change_reason:
        op.change("action", stored.id, stored.code, "update", "due_reason", None, edit.due_change_reason)


def _plan_offices(op: Operation, stored: StoredAction, edit: ActionEdit, names: Names, plan: Plan) -> None:
    lead = edit.lead_office_id
    support = sorted({i for i in edit.support_office_ids if i != lead}, key=lambda i: _office_key(names, i))
    old_support = sorted(stored.support_office_ids, key=lambda i: _office_key(names, i))
    if lead == stored.lead_office_id and support == old_support:
        return
    for office_id in {lead, *support} - {None}:
        if office_id not in names.offices:
            raise NotFoundError("Uno degli uffici scelti non esiste più: ricaricare l'elenco degli uffici.")
    for office_id in ({lead} | set(support)) - {stored.lead_office_id, *stored.support_office_ids, None}:
        name, active = names.offices[office_id]  # type: ignore[index]
        if not active:
            raise ValidationError(f"L'ufficio «{name}» non è attivo e non può ricevere nuove azioni.")
    plan.offices = {i: "support" for i in support}
    if lead is not None:
        plan.offices[lead] = "lead"
    pairs = names.office_pairs()
    if lead != stored.lead_office_id:
        old, new = stored.lead_office_id, lead
        op.change(
            "action",
            stored.id,
            stored.code,
            "update",
            "lead_office",
            old,
            new,
            labels_of(pairs, [old] if old is not None else []),
            labels_of(pairs, [new] if new is not None else []),
        )
    if support != old_support:
        op.change(
            "action",
            stored.id,
            stored.code,
            "update",
            "support_offices",
            old_support,
            support,
            labels_of(pairs, old_support),
            labels_of(pairs, support),
        )


def _office_key(names: Names, office_id: int) -> str:
    return names.offices.get(office_id, ("", True))[0].casefold()


def _plan_values(op: Operation, stored: StoredAction, edit: ActionEdit, names: Names, plan: Plan) -> None:
    wanted = set(edit.value_ids)
    if wanted == set(stored.value_ids):
        return
    if wanted - set(names.values):
        raise NotFoundError("Uno dei valori scelti non esiste più: ricaricare l'azione.")
    in_order = sorted(set(stored.value_ids) | wanted, key=lambda v: names.values.get(v, ("", 0))[1])
    old = [v for v in in_order if v in stored.value_ids]
    new = [v for v in in_order if v in wanted]
    pairs = [(v, names.values.get(v, (str(v), 0))[0]) for v in in_order]
    plan.value_ids = tuple(new)
    old_label, new_label = labels_of(pairs, old), labels_of(pairs, new)
    op.change("action", stored.id, stored.code, "update", "values", old, new, old_label, new_label)


def write_plans(op: Operation, plans: Sequence[Plan]) -> None:
    """Write every plan: version-checked updates, offices, value tags, progress updates."""
    session = op.session
    for plan in plans:
        bump_version(session, Action, plan.action_id, plan.version, {**plan.columns, "updated_at": op.now})
        op.touched("actions", plan.action_id)
    offices = [p for p in plans if p.offices is not None]
    for chunk in _chunks([p.action_id for p in offices]):
        session.execute(delete(ActionOffice).where(col(ActionOffice.action_id).in_(chunk)))
    if offices:
        session.flush()
        rows = [
            {"action_id": p.action_id, "office_id": office_id, "role": role}
            for p in offices
            for office_id, role in (p.offices or {}).items()
        ]
        bulk_insert(session, ActionOffice.__table__, rows)
    tagged = [p for p in plans if p.value_ids is not None]
    for chunk in _chunks([p.action_id for p in tagged]):
        session.execute(delete(ActionValue).where(col(ActionValue.action_id).in_(chunk)))
    bulk_insert(
        session,
        ActionValue.__table__,
        [{"action_id": p.action_id, "value_id": v} for p in tagged for v in p.value_ids or ()],
    )
    moves = [p.due_change for p in plans if p.due_change is not None]
    if moves:
        operation_id = op.operation_id()
        bulk_insert(session, DueDateChange.__table__, [{**m, "op_id": operation_id} for m in moves])
    updates = [p for p in plans if p.progress_update is not None]
    if updates:
        operation_id = op.operation_id()
        acts = {p.act_reference: act_for(op, p.act_reference) for p in updates if p.act_reference}
        bulk_insert(
            session,
            ProgressUpdate.__table__,
            [{**p.progress_update, "op_id": operation_id, "act_id": acts.get(p.act_reference)} for p in updates],  # type: ignore[dict-item]
        )
        links = {(act_id, p.action_id) for p in updates if (act_id := acts.get(p.act_reference)) is not None}
        link_acts(session, links)


def act_for(op: Operation, reference: str) -> int | None:
    """The register's act a note cites ("Delibera G.C. n. 45 del 12/03/2024"), added when new;
    None when the text cannot be read as an act (it stays as text on the note)."""
    parsed = parse_act(reference)
    if parsed is None:
        return None
    session = op.session
    found = session.exec(
        select(Act.id).where(
            Act.act_type == parsed.act_type, Act.number == parsed.number, Act.on_date == parsed.on_date
        )
    ).first()
    if found is not None:
        return found
    act = Act(
        act_type=parsed.act_type,
        number=parsed.number,
        on_date=parsed.on_date,
        created_at=op.now,
        updated_at=op.now,
    )
    session.add(act)
    session.flush()
    op.change("act", act.id, parsed.label, "create", "act", None, parsed.label)
    return act.id


def link_acts(session: Session, links: set[tuple[int, int]]) -> None:
    """Link acts to actions (already linked pairs are left alone)."""
    if not links:
        return
    existing = set(
        session.exec(
            select(ActAction.act_id, ActAction.action_id).where(
                col(ActAction.action_id).in_({action_id for _, action_id in links})
            )
        ).all()
    )
    bulk_insert(
        session,
        ActAction.__table__,
        [{"act_id": a, "action_id": b} for a, b in sorted(links - existing)],
    )


def recent_acts(session: Session, limit: int = 300) -> list[str]:
    """Acts to suggest while typing, each once: the references given to progress notes, most recent
    first, then the acts of the register not cited yet (newest first)."""
    rows = session.execute(
        text(
            "SELECT act_reference, MAX(id) AS last FROM progress_update WHERE act_reference <> '' "
            "GROUP BY act_reference ORDER BY last DESC LIMIT :limit"
        ),
        {"limit": limit},
    ).all()
    suggestions = [row[0] for row in rows]
    seen = {fold(reference) for reference in suggestions}
    registered = session.execute(
        text("SELECT act_type, number, on_date FROM act ORDER BY on_date DESC, id DESC LIMIT :limit"), {"limit": limit}
    ).all()
    for act_type, number, on_date in registered:
        label = ActReference(act_type, number or "", to_date(on_date)).label
        if fold(label) not in seen:
            seen.add(fold(label))
            suggestions.append(label)
    return suggestions[:limit]
