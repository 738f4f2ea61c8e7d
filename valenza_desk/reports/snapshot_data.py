"""A session's brief data, built from the snapshot frozen for it, never from the live tables.

Everything the brief shows comes from what was frozen (actions, milestones, latest notes)
or from what is append-only (the progress notes and the audit, which give the acts as
they stood), and the day is the snapshot's: so the brief can be reprinted later with the
same content, byte for byte. Filters apply to the frozen values (a status filter picks
the actions that had that status then).
"""

from __future__ import annotations

from valenza_desk.domain.meetings import MeetingRow, Snapshot
from valenza_desk.domain.rows import ActionRow
from valenza_desk.reports.acts_data import acts_as_of, acts_by_code
from valenza_desk.reports.changes_data import changes_for_meeting
from valenza_desk.reports.context import ReportContext
from valenza_desk.reports.data import (
    BriefData,
    describe_filter,
    mission_labels,
    mission_tallies,
    sections_in_order,
    tally,
    upcoming_deadlines,
)
from valenza_desk.reports.options import ReportOptions
from valenza_desk.services.action_query import filter_rows
from valenza_desk.services.desk import Desk
from valenza_desk.text import fold


def snapshot_context(desk: Desk, snapshot: Snapshot) -> ReportContext:
    """The snapshot's day as "today" and the moment it was frozen as the time of the report."""
    return ReportContext(
        today=snapshot.day,
        now=snapshot.meeting.snapshot_at or desk.now(),
        programme=desk.programme(),
        due_soon_days=desk.due_soon_days,
    )


def _filterable(desk: Desk, rows: list[ActionRow]) -> None:
    """Give frozen rows what the query's criteria look at (office ids from the frozen names, the search key)."""
    ids = {o.name: o.id for o in desk.offices()}
    for row in rows:
        row.lead_office_id = ids.get(row.lead_office) if row.lead_office else None
        row.support_office_ids = tuple(ids[name] for name in row.offices if name in ids)
        row.search_key = fold(f"{row.code} {row.text} {row.referent}")  # as the store builds it


def snapshot_brief_data(desk: Desk, options: ReportOptions, meeting: MeetingRow) -> BriefData:
    """The brief of ``meeting`` from its snapshot (which must exist), with what changed since
    ``options.since_meeting_id`` (default: the previous session with a snapshot)."""
    snapshot = desk.snapshot(meeting.id)
    context = snapshot_context(desk, snapshot)
    today = context.today
    rows = snapshot.rows
    query = options.query
    if not query.is_everything:
        _filterable(desk, rows)
        rows = filter_rows(rows, query.within(meeting.programme_id), today)
    moment = snapshot.meeting.snapshot_at
    acts = acts_as_of(desk, moment) if moment is not None else desk.acts()
    return BriefData(
        context=context,
        rows=rows,
        sections=sections_in_order(rows, today),
        totals=tally(rows, today),
        overdue=sorted((r for r in rows if r.is_overdue(today)), key=lambda r: (r.due_date or today, r.position)),
        upcoming=upcoming_deadlines(rows, snapshot.milestones, today, context.due_soon_days),
        notes=snapshot.notes if options.notes else {},
        filter_lines=describe_filter(desk, query),
        acts=acts_by_code(acts),
        missions=mission_tallies(rows, today, mission_labels(desk)),
        changes=changes_for_meeting(desk, snapshot.meeting, options.since_meeting_id, options.public),
        meeting=snapshot.meeting,
        snapshot_at=moment,
    )
