"""The calendar (iCalendar, RFC 5545, with the ``icalendar`` library): due dates and open milestones
of the open actions, and the sessions, as all-day events Outlook and Thunderbird import.

Every event has a stable UID (``action-<programme>-<code>@valenza-desk``,
``milestone-<id>@valenza-desk``, ``meeting-<id>@valenza-desk``) and a SEQUENCE that grows
with the row's version, so importing a newer file updates the events instead of adding
copies. The actions are those of the query (``--office`` and the other filters).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from valenza_desk.domain.meetings import MeetingRow
from valenza_desk.domain.rows import ActionRow, MilestoneRow
from valenza_desk.reports.catalogue import rescheduled, t
from valenza_desk.reports.context import context_of
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.output import atomic_output
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date

DOMAIN = "valenza-desk"
SUMMARY_LIMIT = 90


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-") or "x"


def programme_key(desk: Desk) -> str:
    """The programme in UIDs: its period, else its id."""
    info = desk.programme()
    if info is None:
        return "0"
    return _slug(info.period) if info.period else str(info.id)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _all_day(event: Event, day: date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy


def _details(row: ActionRow) -> str:
    text = t(
        "ics_details",
        stakeholder=row.stakeholder,
        status=row.status.label,
        progress=row.progress,
        office=row.lead_office or t("none"),
    )
    if row.due_moves:
        text += "\n" + t(
            "ics_rescheduled", rescheduled=rescheduled(row.due_moves), date=format_date(row.original_due_date)
        )
    return f"{row.code} — {row.text}\n{text}"


def action_event(key: str, row: ActionRow, stamp: object) -> Event:
    event = Event()
    event.add("uid", f"action-{key}-{_slug(row.code)}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", row.version)
    event.add("summary", _short(t("ics_action", code=row.code, text=row.text)))
    event.add("description", _details(row))
    event.add("categories", [row.stakeholder])
    if row.updated_at is not None:
        event.add("last-modified", row.updated_at)
    _all_day(event, row.due_date)  # type: ignore[arg-type]
    return event


def milestone_event(row: ActionRow, milestone: MilestoneRow, stamp: object) -> Event:
    event = Event()
    event.add("uid", f"milestone-{milestone.id}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", row.version)
    event.add("summary", _short(t("ics_milestone", code=row.code, title=milestone.title)))
    event.add("description", _details(row))
    event.add("categories", [row.stakeholder])
    _all_day(event, milestone.due_date)  # type: ignore[arg-type]
    return event


def meeting_event(meeting: MeetingRow, stamp: object) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.version)
    event.add("summary", t("ics_meeting", meeting=meeting.label))
    if meeting.notes:
        event.add("description", meeting.notes)
    event.add("categories", [meeting.body])
    _all_day(event, meeting.on_date)
    return event


def build_calendar(desk: Desk, options: ReportOptions) -> tuple[Calendar, int, int, int]:
    """The calendar and how many action, milestone and session events it has."""
    context = context_of(desk)
    stamp = context.now
    key = programme_key(desk)
    calendar = Calendar()
    calendar.add("prodid", "-//Comune di Valenza//Valenza Desk//IT")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t("ics_name", programme=context.programme_name))
    calendar.add("x-wr-timezone", "Europe/Rome")
    rows = [r for r in desk.actions(options.query) if not r.status.is_closed]
    dated = [r for r in rows if r.due_date is not None]
    for row in dated:
        calendar.add_component(action_event(key, row, stamp))
    by_code = {r.code: r for r in rows}
    milestones = 0
    for code, milestone in desk.milestones():
        row = by_code.get(code)
        if row is not None and milestone.due_date is not None and milestone.done_on is None:
            calendar.add_component(milestone_event(row, milestone, stamp))
            milestones += 1
    meetings = desk.meetings()
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, stamp))
    return calendar, len(dated), milestones, len(meetings)


def write_ics(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    progress(0, 2, t("progress_reading"))
    calendar, actions, milestones, meetings = build_calendar(desk, options)
    with atomic_output(target) as temp:
        temp.write_bytes(calendar.to_ical())
    progress(2, 2, t("progress_done"))
    summary = t("done_ics", actions=actions, milestones=milestones, meetings=meetings)
    return ReportResult(path=str(target), summary=summary)
