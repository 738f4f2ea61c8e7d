"""Reading a programme: stakeholder summaries, action lists, one action's detail, milestones.

Listing is the hot path (100,000 actions must list fast), so it selects plain columns
with one query plus one for supporting offices, and builds rows without ORM objects.
Every function takes the day it reasons about (``today``) from the caller's clock and
the programme it reads; only the Desk calls them.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import Date, bindparam, case, func, text
from sqlmodel import col, select

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import (
    ActionDetail,
    ActionRow,
    ActRow,
    DueDateChangeRow,
    MilestoneRow,
    ProgressUpdateRow,
    StakeholderRow,
    StakeholderSummary,
)
from valenza_desk.domain.status import CLOSED_STATUSES, Status
from valenza_desk.errors import NotFoundError
from valenza_desk.services.action_query import where_clause
from valenza_desk.store.database import Database
from valenza_desk.store.models import (
    Act,
    ActAction,
    Action,
    ActionOffice,
    ActionValue,
    DueDateChange,
    Milestone,
    Office,
    ProgrammeValue,
    ProgressUpdate,
    Stakeholder,
)
from valenza_desk.text import fold, to_date, to_utc

_CLOSED_SQL = ", ".join(f"'{s.value}'" for s in sorted(CLOSED_STATUSES))
_STATUS_BY_VALUE = {s.value: s for s in Status}

LIST_SQL = """
SELECT a.id, a.programme_id, a.code, a.number, a.position, a.stakeholder_id, s.name, s.code, a.text,
       a.status, a.progress, a.due_date, a.completed_on, a.referent, lead.office_id, o.name,
       a.version, a.updated_at, a.search_key, a.original_due_date, a.due_moves, a.mission
FROM action a
JOIN stakeholder s ON s.id = a.stakeholder_id
LEFT JOIN action_office lead ON lead.action_id = a.id AND lead.role = 'lead'
LEFT JOIN office o ON o.id = lead.office_id
{where}
ORDER BY s.position, a.position, a.id
"""
_SUPPORT_SQL = """
SELECT x.action_id, o.id, o.name FROM action_office x
JOIN office o ON o.id = x.office_id
JOIN action a ON a.id = x.action_id
WHERE x.role = 'support' {programme}
ORDER BY o.name
"""


def list_actions(db: Database, query: ActionQuery, today: date) -> list[ActionRow]:
    """Actions matching ``query``, in programme order (stakeholder, then table position)."""
    where, bind = where_clause(query, today)
    statement = text(LIST_SQL.format(where=where)).bindparams(*bind.typed)
    with paused_gc(), db.read() as session:
        connection = session.connection()
        result = connection.execute(statement, bind.params)
        raw = result.cursor.fetchall()  # plain DBAPI tuples: no per-row processing (hot path)
        result.close()
        support = _support_offices(connection, query.programme_id)
        return _build_rows(raw, support)


def _build_rows(raw: list[tuple], support: dict[int, tuple[tuple[int, ...], tuple[str, ...]]]) -> list[ActionRow]:
    status_by_value = _STATUS_BY_VALUE
    nobody: tuple[tuple[int, ...], tuple[str, ...]] = ((), ())
    rows = []
    append = rows.append
    for r in raw:
        support_ids, support_names = support.get(r[0], nobody)
        append(
            ActionRow(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                status_by_value[r[9]],
                r[10],
                to_date(r[11]) if r[11] else None,
                to_date(r[12]) if r[12] else None,
                r[13],
                r[14],
                r[15] or "",
                support_ids,
                support_names,
                r[16],
                to_utc(r[17]) if r[17] else None,
                r[18],
                to_date(r[19]) if r[19] else None,
                r[20],
                r[21],
            )
        )
    return rows


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building 100,000 rows triggers many useless collections: pause the collector meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _support_offices(connection, programme_id: int | None) -> dict[int, tuple[tuple[int, ...], tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    grouped: dict[int, tuple[list[int], list[str]]] = defaultdict(lambda: ([], []))
    if programme_id is None:
        result = connection.execute(text(_SUPPORT_SQL.format(programme="")))
    else:
        result = connection.execute(
            text(_SUPPORT_SQL.format(programme="AND a.programme_id = :programme_id")), {"programme_id": programme_id}
        )
    for action_id, office_id, name in result:
        ids, names = grouped[action_id]
        ids.append(office_id)
        names.append(name)
    return {k: (tuple(ids), tuple(names)) for k, (ids, names) in grouped.items()}


def stakeholder_summaries(db: Database, programme_id: int, today: date) -> list[StakeholderSummary]:
    """Each stakeholder with counts per status, overdue count and average progress."""
    statement = text(
        f"""
        SELECT a.stakeholder_id, a.status, COUNT(*), SUM(a.progress),
               SUM(CASE WHEN a.due_date < :today AND a.status NOT IN ({_CLOSED_SQL}) THEN 1 ELSE 0 END)
        FROM action a WHERE a.programme_id = :programme_id GROUP BY a.stakeholder_id, a.status
        """
    ).bindparams(bindparam("today", type_=Date))
    with db.read() as session:
        grouped = session.connection().execute(statement, {"today": today, "programme_id": programme_id}).all()
    counts: dict[int, dict[Status, int]] = defaultdict(dict)
    progress_sum: dict[int, int] = defaultdict(int)
    overdue: dict[int, int] = defaultdict(int)
    for stakeholder_id, status, count, total_progress, late in grouped:
        counts[stakeholder_id][Status(status)] = count
        progress_sum[stakeholder_id] += total_progress or 0
        overdue[stakeholder_id] += late or 0
    summaries = []
    for s in list_stakeholders(db, programme_id):
        by_status = {status: counts[s.id].get(status, 0) for status in Status}
        total = sum(by_status.values())
        summaries.append(
            StakeholderSummary(
                id=s.id,
                name=s.name,
                code=s.code,
                position=s.position,
                total=total,
                by_status=by_status,
                overdue=overdue[s.id],
                average_progress=(progress_sum[s.id] / total) if total else 0.0,
            )
        )
    return summaries


def list_stakeholders(db: Database, programme_id: int) -> list[StakeholderRow]:
    with db.read() as session:
        rows = session.exec(
            select(Stakeholder).where(Stakeholder.programme_id == programme_id).order_by(col(Stakeholder.position))
        )
        return [
            StakeholderRow(
                id=r.id or 0,
                name=r.name,
                code=r.code,
                aliases=tuple(a for a in r.aliases.splitlines() if a),
                narrative=r.narrative,
                position=r.position,
            )
            for r in rows
        ]


def resolve_stakeholder(db: Database, programme_id: int, name: str) -> int:
    """A stakeholder's id from its name, one of its other names, or its code (accents ignored)."""
    wanted = fold(name).strip()
    stakeholders = list_stakeholders(db, programme_id)
    for s in stakeholders:
        if wanted in {fold(n) for n in (s.name, s.code, *s.aliases)}:
            return s.id
    partial = [s for s in stakeholders if any(wanted in fold(n) for n in (s.name, *s.aliases))]
    if len(partial) == 1:
        return partial[0].id
    known = ", ".join(s.name for s in stakeholders)
    raise NotFoundError(f"Stakeholder «{name}» non trovato. Stakeholder disponibili: {known}.")


def action_id_for_code(db: Database, programme_id: int, code: str) -> int:
    with db.read() as session:
        found = session.exec(
            select(Action.id).where(
                Action.programme_id == programme_id, func.upper(Action.code) == code.strip().upper()
            )
        ).first()
    if found is None:
        raise NotFoundError(f"Azione «{code}» non trovata. Il codice ha la forma CUL-04 (vedi «valenza-desk actions»).")
    return found


def action_detail(db: Database, action_id: int) -> ActionDetail:
    """One action with offices, value tags, milestones and its progress timeline (newest first)."""
    found = action_details(db, action_ids=[action_id])
    if not found:
        raise NotFoundError(f"L'azione n. {action_id} non esiste più: forse è stata eliminata da un altro utente.")
    return found[0]


def action_details(
    db: Database, programme_id: int | None = None, action_ids: list[int] | None = None
) -> list[ActionDetail]:
    """Whole actions (offices, tags, milestones, timeline, deadline history, acts) of a programme or
    of given ids, in programme order: a few queries whatever their number (open data, reports)."""
    with paused_gc(), db.read() as session:
        query = select(Action, Stakeholder.name).join(Stakeholder, col(Stakeholder.id) == Action.stakeholder_id)
        if action_ids is not None:
            query = query.where(col(Action.id).in_(action_ids))
        if programme_id is not None:
            query = query.where(Action.programme_id == programme_id)
        actions = session.exec(query.order_by(col(Stakeholder.position), col(Action.position), col(Action.id))).all()
        ids = [a.id for a, _ in actions] if action_ids is not None else None

        def related(model, order):  # type: ignore[no-untyped-def]
            q = select(model)
            if ids is not None:
                q = q.where(col(model.action_id).in_(ids))
            elif programme_id is not None:
                q = q.join(Action, col(Action.id) == model.action_id).where(Action.programme_id == programme_id)
            grouped: dict[int, list] = {}  # type: ignore[type-arg]
            for row in session.exec(q.order_by(*order)):
                grouped.setdefault(row.action_id, []).append(row)
            return grouped

        offices_query = select(ActionOffice.action_id, ActionOffice.role, Office.id, Office.name).join(
            Office, col(Office.id) == ActionOffice.office_id
        )
        values_query = select(ActionValue.action_id, ProgrammeValue.id, ProgrammeValue.name).join(
            ProgrammeValue, col(ProgrammeValue.id) == ActionValue.value_id
        )
        if ids is not None:
            offices_query = offices_query.where(col(ActionOffice.action_id).in_(ids))
            values_query = values_query.where(col(ActionValue.action_id).in_(ids))
        offices: dict[int, list[tuple[str, int, str]]] = {}
        for action_id, role, office_id, name in session.exec(offices_query.order_by(col(Office.name))):
            offices.setdefault(action_id, []).append((role, office_id, name))
        values: dict[int, list[tuple[int, str]]] = {}
        for action_id, value_id, name in session.exec(values_query.order_by(col(ProgrammeValue.position))):
            values.setdefault(action_id, []).append((value_id, name))
        milestones = related(Milestone, (col(Milestone.position), col(Milestone.id)))
        updates = related(ProgressUpdate, (col(ProgressUpdate.at).desc(), col(ProgressUpdate.id).desc()))
        moves = related(DueDateChange, (col(DueDateChange.id),))
        acts = acts_of(session, ids)
    return [
        _detail(a, name, offices.get(a.id or 0, []), values.get(a.id or 0, []), milestones, updates, moves, acts)
        for a, name in actions
    ]


def _detail(action, stakeholder, offices, values, milestones, updates, moves, acts) -> ActionDetail:  # type: ignore[no-untyped-def]
    action_id = action.id or 0
    lead = next(((oid, name) for role, oid, name in offices if role == "lead"), (None, ""))
    support = [(oid, name) for role, oid, name in offices if role == "support"]
    return ActionDetail(
        id=action_id,
        code=action.code,
        number=action.number,
        stakeholder_id=action.stakeholder_id,
        stakeholder=stakeholder,
        text=action.text,
        status=Status(action.status),
        progress=action.progress,
        due_date=to_date(action.due_date),
        completed_on=to_date(action.completed_on),
        referent=action.referent,
        notes=action.notes,
        lead_office_id=lead[0],
        lead_office=lead[1],
        support_office_ids=tuple(oid for oid, _ in support),
        support_offices=tuple(name for _, name in support),
        value_ids=tuple(v[0] for v in values),
        values=tuple(v[1] for v in values),
        milestones=tuple(_milestone_row(m) for m in milestones.get(action_id, ())),
        updates=tuple(_update_row(u) for u in updates.get(action_id, ())),
        version=action.version,
        created_at=to_utc(action.created_at) if action.created_at else None,
        updated_at=to_utc(action.updated_at) if action.updated_at else None,
        original_due_date=to_date(action.original_due_date),
        due_date_changes=tuple(
            DueDateChangeRow(to_utc(m.at), m.actor, to_date(m.old_due), to_date(m.new_due), m.reason)
            for m in moves.get(action_id, ())
        ),
        mission=action.mission,
        dup_programme=action.dup_programme,
        acts=tuple(acts.get(action_id, ())),
    )


def acts_of(session, action_ids: list[int] | None = None) -> dict[int, list[ActRow]]:  # type: ignore[no-untyped-def]
    """The acts linked to each action (all actions when ``action_ids`` is None), by date."""
    query = select(ActAction.action_id, Act).join(Act, col(Act.id) == ActAction.act_id)
    if action_ids is not None:
        query = query.where(col(ActAction.action_id).in_(action_ids))
    found: dict[int, list[ActRow]] = {}
    for action_id, act in session.exec(query):
        found.setdefault(action_id, []).append(act_row(act))
    for acts in found.values():
        acts.sort(key=lambda a: (a.on_date or date.min, a.act_type, a.number))
    return found


def act_row(act: Act, codes: tuple[str, ...] = ()) -> ActRow:
    return ActRow(
        id=act.id or 0,
        act_type=act.act_type,
        number=act.number,
        on_date=to_date(act.on_date),
        subject=act.subject,
        link=act.link,
        cup=act.cup,
        cig=act.cig,
        version=act.version,
        action_codes=codes,
    )


def latest_updates(db: Database, programme_id: int) -> dict[int, ProgressUpdateRow]:
    """The newest progress update of every action of the programme that has one (for reports)."""
    with db.read() as session:
        rows = session.exec(
            select(ProgressUpdate)
            .join(Action, col(Action.id) == ProgressUpdate.action_id)
            .where(Action.programme_id == programme_id)
            .order_by(col(ProgressUpdate.at), col(ProgressUpdate.id))
        ).all()
    latest: dict[int, ProgressUpdateRow] = {}
    for u in rows:
        latest[u.action_id] = _update_row(u)
    return latest


def updates_between(
    db: Database, programme_id: int, start: datetime | None, end: datetime | None
) -> dict[int, list[ProgressUpdateRow]]:
    """Progress updates recorded after ``start`` and up to ``end`` (either may be open), per action."""
    query = (
        select(ProgressUpdate)
        .join(Action, col(Action.id) == ProgressUpdate.action_id)
        .where(Action.programme_id == programme_id)
        .order_by(col(ProgressUpdate.at), col(ProgressUpdate.id))
    )
    if start is not None:
        query = query.where(col(ProgressUpdate.at) > start)
    if end is not None:
        query = query.where(col(ProgressUpdate.at) <= end)
    found: dict[int, list[ProgressUpdateRow]] = {}
    with db.read() as session:
        for update in session.exec(query):
            found.setdefault(update.action_id, []).append(_update_row(update))
    return found


def _update_row(u: ProgressUpdate) -> ProgressUpdateRow:
    return ProgressUpdateRow(
        id=u.id or 0,
        at=to_utc(u.at),
        on_date=to_date(u.on_date) or to_utc(u.at).date(),
        author=u.author,
        status=Status(u.status),
        progress=u.progress,
        text=u.text,
        act_reference=u.act_reference,
    )


def _milestone_row(m: Milestone) -> MilestoneRow:
    return MilestoneRow(id=m.id, title=m.title, due_date=to_date(m.due_date), done_on=to_date(m.done_on))


def milestones(
    db: Database, programme_id: int, office_id: int | None = None, include_done: bool = False
) -> list[tuple[str, MilestoneRow]]:
    """Milestones as (action code, milestone) by due date, undated last: open ones, or all with
    ``include_done``; optionally only those of one office's actions."""
    undated_last = case((col(Milestone.due_date).is_(None), 1), else_=0)
    with db.read() as session:
        query = (
            select(Action.code, Milestone)
            .join(Action, col(Action.id) == Milestone.action_id)
            .where(Action.programme_id == programme_id)
            .order_by(undated_last, col(Milestone.due_date), col(Action.code), col(Milestone.position))
        )
        if not include_done:
            query = query.where(col(Milestone.done_on).is_(None))
        if office_id is not None:
            query = query.join(ActionOffice, col(ActionOffice.action_id) == Action.id).where(
                ActionOffice.office_id == office_id
            )
        rows = session.exec(query).all()
    return [(code, _milestone_row(m)) for code, m in rows]
