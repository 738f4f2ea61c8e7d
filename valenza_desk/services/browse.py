"""Reading the programme: stakeholder summaries, filtered action lists, one action's detail.

Listing is the hot path (100,000 actions must list fast), so it selects plain columns
with one query plus one for supporting offices, and builds rows without ORM objects.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import Date, bindparam, func, text
from sqlmodel import col, select

from valenza_desk.domain.rows import (
    ActionDetail,
    ActionFilter,
    ActionRow,
    MilestoneRow,
    ProgressUpdateRow,
    StakeholderSummary,
)
from valenza_desk.domain.status import CLOSED_STATUSES, Status
from valenza_desk.errors import NotFoundError
from valenza_desk.services.programme import list_stakeholders
from valenza_desk.store.database import Database
from valenza_desk.store.models import (
    Action,
    ActionOffice,
    ActionValue,
    Milestone,
    Office,
    ProgrammeValue,
    ProgressUpdate,
    Stakeholder,
)
from valenza_desk.text import fold, to_date, to_utc

_CLOSED_SQL = ", ".join(f"'{s.value}'" for s in sorted(CLOSED_STATUSES))
_STATUS_BY_VALUE = {s.value: s for s in Status}

_LIST_SQL = """
SELECT a.id, a.code, a.number, a.position, a.stakeholder_id, s.name, s.code, a.text, a.status,
       a.progress, a.due_date, a.completed_on, a.referent, a.version, a.updated_at, a.search_key, o.name
FROM action a
JOIN stakeholder s ON s.id = a.stakeholder_id
LEFT JOIN action_office lead ON lead.action_id = a.id AND lead.role = 'lead'
LEFT JOIN office o ON o.id = lead.office_id
{where}
ORDER BY s.position, a.position, a.id
"""


def list_actions(db: Database, action_filter: ActionFilter | None = None, today: date | None = None) -> list[ActionRow]:
    """Actions matching the filter, in programme order (stakeholder, then table position)."""
    action_filter = action_filter or ActionFilter()
    today = today or date.today()
    clauses, params, expanding = _where(action_filter, today)
    statement = text(_LIST_SQL.format(where=("WHERE " + " AND ".join(clauses)) if clauses else ""))
    statement = statement.bindparams(
        *(bindparam(name, type_=Date) for name in ("today", "limit_date") if name in params),
        *(bindparam(name, expanding=True) for name in expanding),
    )
    with paused_gc(), db.read() as session:
        connection = session.connection()
        result = connection.execute(statement, params)
        raw = result.cursor.fetchall()  # plain DBAPI tuples: no per-row processing (hot path)
        result.close()
        support = _support_offices(connection)
        return _build_rows(raw, support, today)


def _build_rows(raw: list[tuple], support: dict[int, tuple[str, ...]], today: date) -> list[ActionRow]:
    status_by_value = _STATUS_BY_VALUE
    closed = CLOSED_STATUSES
    no_offices: tuple[str, ...] = ()
    rows = []
    append = rows.append
    for r in raw:
        status = status_by_value[r[8]]
        due = to_date(r[10]) if r[10] else None
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
                status,
                r[9],
                due,
                to_date(r[11]) if r[11] else None,
                r[12],
                r[16] or "",
                support.get(r[0], no_offices),
                r[13],
                to_utc(r[14]) if r[14] else None,
                r[15],
                due is not None and due < today and status not in closed,
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


def _where(f: ActionFilter, today: date) -> tuple[list[str], dict[str, object], list[str]]:
    clauses: list[str] = []
    params: dict[str, object] = {}
    expanding: list[str] = []
    if f.stakeholder_ids:
        clauses.append("a.stakeholder_id IN :stakeholder_ids")
        params["stakeholder_ids"] = list(f.stakeholder_ids)
        expanding.append("stakeholder_ids")
    if f.statuses:
        clauses.append("a.status IN :statuses")
        params["statuses"] = [Status(s).value for s in f.statuses]
        expanding.append("statuses")
    if f.office_id is not None:
        clauses.append("EXISTS (SELECT 1 FROM action_office x WHERE x.action_id = a.id AND x.office_id = :office_id)")
        params["office_id"] = f.office_id
    if f.without_lead_office:
        clauses.append("lead.office_id IS NULL")
    if f.overdue:
        clauses.append(f"a.due_date < :today AND a.status NOT IN ({_CLOSED_SQL})")
        params["today"] = today
    if f.due_within_days is not None:
        clauses.append(f"a.due_date >= :today AND a.due_date <= :limit_date AND a.status NOT IN ({_CLOSED_SQL})")
        params["today"] = today
        params["limit_date"] = today + timedelta(days=f.due_within_days)
    for n, word in enumerate(fold(f.search).split()):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(f"a.search_key LIKE :search_{n} ESCAPE '\\'")
        params[f"search_{n}"] = f"%{escaped}%"
    return clauses, params, expanding


def _support_offices(connection) -> dict[int, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    grouped: dict[int, list[str]] = defaultdict(list)
    result = connection.execute(
        text(
            "SELECT x.action_id, o.name FROM action_office x JOIN office o ON o.id = x.office_id "
            "WHERE x.role = 'support' ORDER BY o.name"
        )
    )
    for action_id, name in result:
        grouped[action_id].append(name)
    return {k: tuple(v) for k, v in grouped.items()}


def stakeholder_summaries(db: Database, today: date | None = None) -> list[StakeholderSummary]:
    """Each stakeholder with counts per status, overdue count and average progress."""
    today = today or date.today()
    statement = text(
        f"""
        SELECT a.stakeholder_id, a.status, COUNT(*), SUM(a.progress),
               SUM(CASE WHEN a.due_date < :today AND a.status NOT IN ({_CLOSED_SQL}) THEN 1 ELSE 0 END)
        FROM action a GROUP BY a.stakeholder_id, a.status
        """
    ).bindparams(bindparam("today", type_=Date))
    with db.read() as session:
        grouped = session.connection().execute(statement, {"today": today}).all()
    counts: dict[int, dict[Status, int]] = defaultdict(dict)
    progress_sum: dict[int, int] = defaultdict(int)
    overdue: dict[int, int] = defaultdict(int)
    for stakeholder_id, status, count, total_progress, late in grouped:
        counts[stakeholder_id][Status(status)] = count
        progress_sum[stakeholder_id] += total_progress or 0
        overdue[stakeholder_id] += late or 0
    summaries = []
    for s in list_stakeholders(db):
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


def resolve_stakeholder(db: Database, name: str) -> int:
    """A stakeholder's id from its name, one of its other names, or its code (accents ignored)."""
    wanted = fold(name).strip()
    stakeholders = list_stakeholders(db)
    for s in stakeholders:
        if wanted in {fold(n) for n in (s.name, s.code, *s.aliases)}:
            return s.id
    partial = [s for s in stakeholders if any(wanted in fold(n) for n in (s.name, *s.aliases))]
    if len(partial) == 1:
        return partial[0].id
    known = ", ".join(s.name for s in stakeholders)
    raise NotFoundError(f"Stakeholder «{name}» non trovato. Stakeholder disponibili: {known}.")


def action_id_for_code(db: Database, code: str) -> int:
    with db.read() as session:
        found = session.exec(select(Action.id).where(func.upper(Action.code) == code.strip().upper())).first()
    if found is None:
        raise NotFoundError(f"Azione «{code}» non trovata. Il codice ha la forma CUL-04 (vedi «valenza-desk actions»).")
    return found


def action_detail(db: Database, action_id: int) -> ActionDetail:
    """One action with offices, value tags, milestones and its progress timeline (newest first)."""
    with db.read() as session:
        action = session.get(Action, action_id)
        if action is None:
            raise NotFoundError(f"L'azione n. {action_id} non esiste più: forse è stata eliminata da un altro utente.")
        stakeholder = session.get(Stakeholder, action.stakeholder_id)
        offices = session.exec(
            select(ActionOffice.role, Office.id, Office.name)
            .join(Office, col(Office.id) == ActionOffice.office_id)
            .where(ActionOffice.action_id == action_id)
            .order_by(col(Office.name))
        ).all()
        values = session.exec(
            select(ProgrammeValue.id, ProgrammeValue.name)
            .join(ActionValue, col(ActionValue.value_id) == ProgrammeValue.id)
            .where(ActionValue.action_id == action_id)
            .order_by(col(ProgrammeValue.position))
        ).all()
        milestones = session.exec(
            select(Milestone)
            .where(Milestone.action_id == action_id)
            .order_by(col(Milestone.position), col(Milestone.id))
        ).all()
        updates = session.exec(
            select(ProgressUpdate)
            .where(ProgressUpdate.action_id == action_id)
            .order_by(col(ProgressUpdate.at).desc(), col(ProgressUpdate.id).desc())
        ).all()
    lead = next(((oid, name) for role, oid, name in offices if role == "lead"), (None, ""))
    support = [(oid, name) for role, oid, name in offices if role == "support"]
    return ActionDetail(
        id=action.id or 0,
        code=action.code,
        number=action.number,
        stakeholder_id=action.stakeholder_id,
        stakeholder=stakeholder.name if stakeholder else "",
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
        milestones=tuple(
            MilestoneRow(id=m.id, title=m.title, due_date=to_date(m.due_date), done_on=to_date(m.done_on))
            for m in milestones
        ),
        updates=tuple(_update_row(u) for u in updates),
        version=action.version,
        created_at=to_utc(action.created_at) if action.created_at else None,
        updated_at=to_utc(action.updated_at) if action.updated_at else None,
    )


def latest_updates(db: Database) -> dict[int, ProgressUpdateRow]:
    """The newest progress update of every action that has one (for reports)."""
    with db.read() as session:
        rows = session.exec(select(ProgressUpdate).order_by(col(ProgressUpdate.at), col(ProgressUpdate.id))).all()
    latest: dict[int, ProgressUpdateRow] = {}
    for u in rows:
        latest[u.action_id] = _update_row(u)
    return latest


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


def upcoming_milestones(
    db: Database, office_id: int | None = None, include_done: bool = False
) -> list[tuple[str, MilestoneRow]]:
    """Milestones as (action code, milestone) by due date: open ones, or all with ``include_done``;
    optionally only those of one office's actions."""
    with db.read() as session:
        query = (
            select(Action.code, Milestone)
            .join(Action, col(Action.id) == Milestone.action_id)
            .order_by(col(Milestone.due_date), col(Action.code), col(Milestone.position))
        )
        if not include_done:
            query = query.where(col(Milestone.done_on).is_(None))
        if office_id is not None:
            query = query.join(ActionOffice, col(ActionOffice.action_id) == Action.id).where(
                ActionOffice.office_id == office_id
            )
        rows = session.exec(query).all()
    return [
        (code, MilestoneRow(id=m.id, title=m.title, due_date=to_date(m.due_date), done_on=to_date(m.done_on)))
        for code, m in rows
    ]
