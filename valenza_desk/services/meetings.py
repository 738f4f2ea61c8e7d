"""Council and committee sessions (sedute) and the snapshot frozen when their brief is issued.

A snapshot keeps every action of the programme as it stood (status, progress, dates and
the promise, offices, referent, Missione, milestones, latest note and act), copied with
``INSERT … SELECT`` in the freezing transaction; snapshot rows are append-only (triggers on
both engines), so the document handed out can be identified (the SHA-256 of the PDF is
kept with the meeting) and reprinted from the snapshot with the same content.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, bindparam, text
from sqlmodel import Session, col, select

from valenza_desk.domain.meetings import MeetingDraft, MeetingRow, Snapshot
from valenza_desk.domain.rows import ActionRow, MilestoneRow, ProgressUpdateRow
from valenza_desk.domain.status import Status
from valenza_desk.errors import NotFoundError, ValidationError
from valenza_desk.services.browse import paused_gc
from valenza_desk.services.operations import Operation, bump_version
from valenza_desk.store.database import Database
from valenza_desk.store.models import Meeting
from valenza_desk.text import format_date, to_date, to_utc

__all__ = ["MeetingDraft", "MeetingRow", "Snapshot", "add_meeting", "freeze", "list_meetings", "load_snapshot"]


def _row(m: Meeting) -> MeetingRow:
    return MeetingRow(
        id=m.id or 0,
        programme_id=m.programme_id,
        body=m.body,
        on_date=to_date(m.on_date) or date.min,
        title=m.title,
        notes=m.notes,
        snapshot_at=to_utc(m.snapshot_at) if m.snapshot_at else None,
        brief_sha256=m.brief_sha256,
        brief_issued_at=to_utc(m.brief_issued_at) if m.brief_issued_at else None,
        version=m.version,
    )


def list_meetings(db: Database, programme_id: int) -> list[MeetingRow]:
    """The programme's sessions, newest first."""
    with db.read() as session:
        rows = session.exec(
            select(Meeting)
            .where(Meeting.programme_id == programme_id)
            .order_by(col(Meeting.on_date).desc(), col(Meeting.id).desc())
        ).all()
        return [_row(m) for m in rows]


def get_meeting(db: Database, meeting_id: int) -> MeetingRow:
    with db.read() as session:
        found = session.get(Meeting, meeting_id)
        if found is None:
            raise NotFoundError(f"Seduta n. {meeting_id} non trovata (vedi «valenza-desk meetings»).")
        return _row(found)


def add_meeting(op: Operation, programme_id: int, draft: MeetingDraft) -> int:
    draft = draft.cleaned()
    meeting = Meeting(
        programme_id=programme_id,
        body=draft.body,
        on_date=draft.on_date,
        title=draft.title,
        notes=draft.notes,
        created_at=op.now,
        updated_at=op.now,
    )
    op.session.add(meeting)
    op.session.flush()
    label = f"{draft.body} del {format_date(draft.on_date)}"
    op.change("meeting", meeting.id, label, "create", "on_date", None, draft.on_date)
    if draft.title:
        op.change("meeting", meeting.id, label, "create", "title", None, draft.title)
    return meeting.id or 0


_FREEZE_ACTIONS = """
INSERT INTO snapshot_action (meeting_id, action_id, code, number, stakeholder_id, stakeholder, stakeholder_position,
    position, text, status, progress, due_date, original_due_date, due_moves, completed_on, referent, lead_office,
    support_offices, mission, latest_note_on, latest_note, latest_act, updates)
SELECT :meeting, a.id, a.code, a.number, a.stakeholder_id, s.name, s.position, a.position, a.text, a.status,
    a.progress, a.due_date, a.original_due_date, a.due_moves, a.completed_on, a.referent, COALESCE(o.name, ''),
    COALESCE((SELECT {names} FROM action_office x JOIN office so ON so.id = x.office_id
              WHERE x.action_id = a.id AND x.role = 'support'), ''),
    a.mission, u.on_date, COALESCE(u.text, ''), COALESCE(u.act_reference, ''),
    (SELECT COUNT(*) FROM progress_update c WHERE c.action_id = a.id)
FROM action a
JOIN stakeholder s ON s.id = a.stakeholder_id
LEFT JOIN action_office lead ON lead.action_id = a.id AND lead.role = 'lead'
LEFT JOIN office o ON o.id = lead.office_id
LEFT JOIN progress_update u ON u.id = (SELECT MAX(p.id) FROM progress_update p WHERE p.action_id = a.id)
WHERE a.programme_id = :programme
"""
_FREEZE_MILESTONES = """
INSERT INTO snapshot_milestone (meeting_id, milestone_id, action_id, title, due_date, done_on)
SELECT :meeting, m.id, m.action_id, m.title, m.due_date, m.done_on
FROM milestone m JOIN action a ON a.id = m.action_id
WHERE a.programme_id = :programme
"""


def freeze(op: Operation, meeting_id: int) -> bool:
    """Freeze the snapshot of the meeting's programme now (operation body); False if it had one."""
    session = op.session
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(f"Seduta n. {meeting_id} non trovata.")
    if meeting.snapshot_at is not None:
        return False
    connection = session.connection()
    names = (
        "string_agg(so.name, chr(10) ORDER BY so.name)"
        if connection.dialect.name == "postgresql"
        else "group_concat(so.name, char(10))"
    )
    parameters = {"meeting": meeting_id, "programme": meeting.programme_id}
    connection.execute(text(_FREEZE_ACTIONS.format(names=names)), parameters)
    connection.execute(text(_FREEZE_MILESTONES), parameters)
    bump_version(session, Meeting, meeting_id, meeting.version, {"snapshot_at": op.now, "updated_at": op.now})
    label = f"{meeting.body} del {format_date(to_date(meeting.on_date))}"
    op.change("meeting", meeting_id, label, "update", "snapshot_at", None, op.now, "", "fotografia dello stato")
    return True


def record_brief(op: Operation, meeting_id: int, sha256: str) -> None:
    """Keep the SHA-256 of the brief handed out (the first one issued for the meeting)."""
    meeting = op.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError(f"Seduta n. {meeting_id} non trovata.")
    if meeting.brief_sha256:
        return
    bump_version(
        op.session,
        Meeting,
        meeting_id,
        meeting.version,
        {"brief_sha256": sha256, "brief_issued_at": op.now, "updated_at": op.now},
    )
    label = f"{meeting.body} del {format_date(to_date(meeting.on_date))}"
    op.change("meeting", meeting_id, label, "update", "brief_sha256", None, sha256, "", f"relazione {sha256[:12]}…")


def with_snapshot(db: Database, meeting_id: int) -> MeetingRow:
    meeting = get_meeting(db, meeting_id)
    if not meeting.has_snapshot:
        raise ValidationError(
            f"La seduta «{meeting.label}» non ha ancora uno stato fotografato (si crea con la relazione)."
        )
    return meeting


def load_snapshot(db: Database, meeting_id: int) -> Snapshot:
    meeting = with_snapshot(db, meeting_id)
    with db.read() as session:
        return _snapshot(session, meeting)


_SNAPSHOT_ROWS = """
SELECT action_id, code, number, position, stakeholder_id, stakeholder, text, status, progress, due_date,
       completed_on, referent, lead_office, support_offices, original_due_date, due_moves, mission,
       latest_note_on, latest_note, latest_act, updates
FROM snapshot_action WHERE meeting_id = :m
ORDER BY stakeholder_position, position, action_id
"""
_SNAPSHOT_MILESTONES = """
SELECT sm.milestone_id, sm.title, sm.due_date, sm.done_on, sa.code
FROM snapshot_milestone sm
JOIN snapshot_action sa ON sa.meeting_id = sm.meeting_id AND sa.action_id = sm.action_id
WHERE sm.meeting_id = :m
ORDER BY CASE WHEN sm.due_date IS NULL THEN 1 ELSE 0 END, sm.due_date, sm.milestone_id
"""


def _snapshot(session: Session, meeting: MeetingRow) -> Snapshot:
    """The frozen rows, read as plain tuples (100,000 of them: no ORM objects)."""
    connection = session.connection()
    with paused_gc():
        result = connection.execute(text(_SNAPSHOT_ROWS), {"m": meeting.id})
        raw = result.cursor.fetchall()
        result.close()
        milestones = connection.execute(text(_SNAPSHOT_MILESTONES), {"m": meeting.id}).all()
        return _build(meeting, raw, milestones)


def _build(meeting: MeetingRow, raw: list, milestones: list) -> Snapshot:  # type: ignore[type-arg]
    status_by_value = {s.value: s for s in Status}
    pid = meeting.programme_id
    actions = [
        ActionRow(
            r[0], pid, r[1], r[2], r[3], r[4], r[5], r[1].split("-")[0], r[6], status_by_value[r[7]], r[8],
            to_date(r[9]) if r[9] else None, to_date(r[10]) if r[10] else None, r[11], None, r[12], (),
            tuple(n for n in r[13].split("\n") if n) if r[13] else (), 0, None, "",
            to_date(r[14]) if r[14] else None, r[15], r[16],
        )
        for r in raw
    ]  # fmt: skip
    taken = to_utc(meeting.snapshot_at or datetime.min)
    notes = {
        r[0]: ProgressUpdateRow(
            0, taken, to_date(r[17]) or meeting.on_date, "", status_by_value[r[7]], r[8], r[18], r[19]
        )
        for r in raw
        if r[17] is not None
    }
    found = [
        (code, MilestoneRow(mid, title, to_date(due), to_date(done))) for mid, title, due, done, code in milestones
    ]
    return Snapshot(meeting, actions, found, notes, {r[0]: r[20] for r in raw})


_COLUMNS = (
    "{t}.action_id, {t}.code, {t}.number, {t}.position, {t}.stakeholder_id, {t}.stakeholder, {t}.text, {t}.status, "
    "{t}.progress, {t}.due_date, {t}.completed_on, {t}.referent, {t}.lead_office, {t}.support_offices, "
    "{t}.original_due_date, {t}.due_moves, {t}.mission, {t}.latest_note_on, {t}.latest_note, {t}.latest_act, "
    "{t}.updates"
)
_DIFFERS = """
    (a.status <> b.status OR a.progress <> b.progress OR a.referent <> b.referent OR a.lead_office <> b.lead_office
     OR a.support_offices <> b.support_offices
     OR a.due_date <> b.due_date OR (a.due_date IS NULL) <> (b.due_date IS NULL)
     OR (b.due_date IS NOT NULL AND b.due_date < :after_day AND b.status NOT IN ('done', 'dropped')
         AND NOT (a.due_date IS NOT NULL AND a.due_date < :before_day AND a.status NOT IN ('done', 'dropped'))))
"""
_CHANGED_SIDE = """
SELECT {columns} FROM snapshot_action {mine}
LEFT JOIN snapshot_action {other} ON {other}.meeting_id = :other AND {other}.action_id = {mine}.action_id
WHERE {mine}.meeting_id = :mine AND ({other}.action_id IS NULL OR {differs} OR EXISTS (
    SELECT 1 FROM snapshot_milestone mb
    LEFT JOIN snapshot_milestone ma ON ma.meeting_id = :before AND ma.milestone_id = mb.milestone_id
    WHERE mb.meeting_id = :after AND mb.action_id = {mine}.action_id
      AND (ma.milestone_id IS NULL OR (ma.done_on IS NULL AND mb.done_on IS NOT NULL))))
ORDER BY {mine}.stakeholder_position, {mine}.position, {mine}.action_id
"""
_CHANGED_MILESTONES = """
SELECT b.milestone_id, b.title, b.due_date, b.done_on, sb.code
FROM snapshot_milestone b
JOIN snapshot_action sb ON sb.meeting_id = b.meeting_id AND sb.action_id = b.action_id
LEFT JOIN snapshot_milestone a ON a.meeting_id = :before AND a.milestone_id = b.milestone_id
WHERE b.meeting_id = :after AND (a.milestone_id IS NULL OR (a.done_on IS NULL AND b.done_on IS NOT NULL))
"""


_EARLIER_MILESTONES = """
SELECT a.milestone_id, a.title, a.due_date, a.done_on, sa.code
FROM snapshot_milestone a
JOIN snapshot_action sa ON sa.meeting_id = a.meeting_id AND sa.action_id = a.action_id
JOIN snapshot_milestone b ON b.meeting_id = :after AND b.milestone_id = a.milestone_id
WHERE a.meeting_id = :before AND a.done_on IS NULL AND b.done_on IS NOT NULL
"""


def changed_between(db: Database, before: MeetingRow, after: MeetingRow) -> tuple[Snapshot, Snapshot]:
    """Only the rows of two snapshots that may differ (a superset: the database narrows, then
    ``services.changes.compare`` decides), so comparing 100,000 actions reads only what moved."""
    parameters = {"before_day": before.on_date, "after_day": after.on_date}
    typed = (bindparam("before_day", type_=Date), bindparam("after_day", type_=Date))
    with paused_gc(), db.read() as session:
        connection = session.connection()
        sides = []
        for mine, other, me, them in (("b", "a", after, before), ("a", "b", before, after)):
            statement = text(
                _CHANGED_SIDE.format(columns=_COLUMNS.format(t=mine), mine=mine, other=other, differs=_DIFFERS)
            ).bindparams(*typed)
            ids = {"mine": me.id, "other": them.id, "before": before.id, "after": after.id}
            result = connection.execute(statement, {**parameters, **ids})
            sides.append(result.cursor.fetchall())
            result.close()
        milestones = connection.execute(text(_CHANGED_MILESTONES), {"before": before.id, "after": after.id}).all()
        earlier = connection.execute(text(_EARLIER_MILESTONES), {"before": before.id, "after": after.id}).all()
    after_side, before_side = sides
    return _build(before, before_side, earlier), _build(after, after_side, milestones)


def previous_with_snapshot(db: Database, meeting: MeetingRow) -> MeetingRow | None:
    """The latest earlier session of the same programme that has a snapshot."""
    earlier = [
        m
        for m in list_meetings(db, meeting.programme_id)
        if m.has_snapshot and m.id != meeting.id and (m.on_date, m.id) < (meeting.on_date, meeting.id)
    ]
    return earlier[0] if earlier else None
