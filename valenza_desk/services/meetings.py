"""Council and committee sessions (sedute) and the snapshot frozen when their brief is issued.

A snapshot keeps every action of the programme as it stood (status, progress, dates and
the promise, offices, referent, Missione, milestones, latest note and act), copied with
``INSERT … SELECT`` in the freezing transaction; snapshot rows are append-only (triggers on
both engines), so the document handed out can be identified (the SHA-256 of the PDF is
kept with the meeting) and reprinted from the snapshot with the same content.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from valenza_desk.domain.meetings import MeetingDraft, MeetingRow, Snapshot
from valenza_desk.domain.rows import ActionRow, MilestoneRow, ProgressUpdateRow
from valenza_desk.domain.status import Status
from valenza_desk.errors import NotFoundError, ValidationError
from valenza_desk.services.operations import Operation, bump_version
from valenza_desk.store.database import Database
from valenza_desk.store.models import Meeting, SnapshotAction, SnapshotMilestone
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


def load_snapshot(db: Database, meeting_id: int) -> Snapshot:
    meeting = get_meeting(db, meeting_id)
    if not meeting.has_snapshot:
        raise ValidationError(
            f"La seduta «{meeting.label}» non ha ancora uno stato fotografato (si crea con la relazione)."
        )
    with db.read() as session:
        return _snapshot(session, meeting)


def _snapshot(session: Session, meeting: MeetingRow) -> Snapshot:
    rows = session.exec(
        select(SnapshotAction)
        .where(SnapshotAction.meeting_id == meeting.id)
        .order_by(col(SnapshotAction.stakeholder_position), col(SnapshotAction.position), col(SnapshotAction.action_id))
    ).all()
    milestones = session.exec(
        select(SnapshotMilestone, SnapshotAction.code)
        .join(
            SnapshotAction,
            (col(SnapshotAction.meeting_id) == SnapshotMilestone.meeting_id)
            & (col(SnapshotAction.action_id) == SnapshotMilestone.action_id),
        )
        .where(SnapshotMilestone.meeting_id == meeting.id)
        .order_by(col(SnapshotMilestone.due_date), col(SnapshotMilestone.milestone_id))
    ).all()
    actions = [_action_row(meeting.programme_id, r) for r in rows]
    notes = {
        r.action_id: ProgressUpdateRow(
            0,
            to_utc(meeting.snapshot_at or datetime.min),
            to_date(r.latest_note_on) or meeting.on_date,
            "",
            Status(r.status),
            r.progress,
            r.latest_note,
            r.latest_act,
        )
        for r in rows
        if r.latest_note_on is not None
    }
    return Snapshot(
        meeting,
        actions,
        [
            (code, MilestoneRow(m.milestone_id, m.title, to_date(m.due_date), to_date(m.done_on)))
            for m, code in milestones
        ],
        notes,
        {r.action_id: r.updates for r in rows},
    )


def _milestone(m: SnapshotMilestone) -> MilestoneRow:
    return MilestoneRow(m.milestone_id, m.title, to_date(m.due_date), to_date(m.done_on))


def _action_row(programme_id: int, r: SnapshotAction) -> ActionRow:
    support = tuple(n for n in r.support_offices.split("\n") if n)
    return ActionRow(
        r.action_id,
        programme_id,
        r.code,
        r.number,
        r.position,
        r.stakeholder_id,
        r.stakeholder,
        r.code.split("-")[0],
        r.text,
        Status(r.status),
        r.progress,
        to_date(r.due_date),
        to_date(r.completed_on),
        r.referent,
        None,
        r.lead_office,
        (),
        support,
        0,
        None,
        "",
        to_date(r.original_due_date),
        r.due_moves,
        r.mission,
    )


def previous_with_snapshot(db: Database, meeting: MeetingRow) -> MeetingRow | None:
    """The latest earlier session of the same programme that has a snapshot."""
    earlier = [
        m
        for m in list_meetings(db, meeting.programme_id)
        if m.has_snapshot and m.id != meeting.id and (m.on_date, m.id) < (meeting.on_date, meeting.id)
    ]
    return earlier[0] if earlier else None
