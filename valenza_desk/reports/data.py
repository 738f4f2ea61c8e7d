"""The report contents gathered from the services: plain rows, never SQL or ORM objects.

Counts are computed from the filtered action list itself, so a brief limited to two
stakeholders or one office sums up exactly the actions it shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from valenza_desk.domain.rows import (
    ActionDetail,
    ActionFilter,
    ActionRow,
    AuditEntry,
    MilestoneRow,
    OfficeRow,
    ProgrammeInfo,
    ProgressUpdateRow,
)
from valenza_desk.domain.status import Status
from valenza_desk.reports.catalogue import t
from valenza_desk.reports.errors import ReportError
from valenza_desk.reports.options import ReportOptions
from valenza_desk.services import browse, offices, programme
from valenza_desk.store.database import Database


@dataclass(slots=True)
class Tally:
    """Counts for a set of actions: per status, overdue, average progress."""

    name: str = ""
    total: int = 0
    by_status: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    overdue: int = 0
    progress_sum: int = 0

    def add(self, row: ActionRow) -> None:
        self.total += 1
        self.by_status[row.status] += 1
        self.overdue += row.overdue
        self.progress_sum += row.progress

    @property
    def average_progress(self) -> float:
        return self.progress_sum / self.total if self.total else 0.0


@dataclass(slots=True)
class StakeholderSection:
    id: int
    name: str
    rows: list[ActionRow]
    tally: Tally


@dataclass(slots=True)
class Deadline:
    """An action or one of its milestones falling due soon."""

    due: date
    code: str
    text: str
    office: str
    is_milestone: bool


@dataclass(slots=True)
class BriefData:
    info: ProgrammeInfo | None
    rows: list[ActionRow]
    sections: list[StakeholderSection]
    totals: Tally
    overdue: list[ActionRow]
    upcoming: list[Deadline]
    notes: dict[int, ProgressUpdateRow]
    filter_lines: list[str]


def tally(rows: Iterable[ActionRow], name: str = "") -> Tally:
    result = Tally(name=name)
    for row in rows:
        result.add(row)
    return result


def sections_of(db: Database, rows: list[ActionRow], keep_empty: bool) -> list[StakeholderSection]:
    """Rows grouped by stakeholder in programme order; empty stakeholders only if asked."""
    grouped: dict[int, list[ActionRow]] = {}
    for row in rows:
        grouped.setdefault(row.stakeholder_id, []).append(row)
    sections = []
    for s in programme.list_stakeholders(db):
        members = grouped.get(s.id, [])
        if members or keep_empty:
            sections.append(StakeholderSection(s.id, s.name, members, tally(members, s.name)))
    return sections


def brief_data(db: Database, options: ReportOptions) -> BriefData:
    today = options.day
    action_filter = options.action_filter
    rows = browse.list_actions(db, action_filter, today)
    keep_empty = not action_filter.stakeholder_ids and action_filter == ActionFilter()
    sections = sections_of(db, rows, keep_empty)
    if action_filter.stakeholder_ids:
        wanted = set(action_filter.stakeholder_ids)
        present = {s.id for s in sections}
        for s in programme.list_stakeholders(db):
            if s.id in wanted and s.id not in present:
                sections.append(StakeholderSection(s.id, s.name, [], Tally(name=s.name)))
        order = {s.id: s.position for s in programme.list_stakeholders(db)}
        sections.sort(key=lambda sec: order[sec.id])
    return BriefData(
        info=programme.programme_info(db),
        rows=rows,
        sections=sections,
        totals=tally(rows),
        overdue=sorted((r for r in rows if r.overdue), key=lambda r: (r.due_date or today, r.position)),
        upcoming=upcoming_deadlines(db, rows, today, options.upcoming_days),
        notes=browse.latest_updates(db) if options.notes else {},
        filter_lines=describe_filter(db, action_filter),
    )


def upcoming_deadlines(db: Database, rows: list[ActionRow], today: date, days: int) -> list[Deadline]:
    """Open actions and milestones of ``rows`` due from today to ``today + days``."""
    limit = today + timedelta(days=days)
    by_code = {r.code: r for r in rows}
    found = [
        Deadline(r.due_date, r.code, r.text, r.lead_office, False)
        for r in rows
        if r.due_date is not None and today <= r.due_date <= limit and not r.status.is_closed
    ]
    for code, milestone in browse.upcoming_milestones(db):
        row = by_code.get(code)
        if row is None or milestone.due_date is None or row.status.is_closed:
            continue
        if today <= milestone.due_date <= limit:
            found.append(Deadline(milestone.due_date, code, milestone.title, row.lead_office, True))
    found.sort(key=lambda d: (d.due, d.code, d.is_milestone))
    return found


def describe_filter(db: Database, f: ActionFilter) -> list[str]:
    """The filter in words, one criterion a line, for the cover page."""
    stakeholders = {s.id: s.name for s in programme.list_stakeholders(db)}
    lines = [
        t("filter_stakeholders", names=", ".join(stakeholders.get(i, str(i)) for i in f.stakeholder_ids))
        if f.stakeholder_ids
        else t("filter_all_stakeholders"),
        t("filter_office", name=offices.get_office(db, f.office_id).name)
        if f.office_id is not None
        else t("filter_all_offices"),
        t("filter_statuses", names=", ".join(Status(s).label for s in f.statuses))
        if f.statuses
        else t("filter_all_statuses"),
    ]
    if f.overdue:
        lines.append(t("filter_overdue"))
    if f.due_within_days is not None:
        lines.append(t("filter_due_within", days=f.due_within_days))
    if f.without_lead_office:
        lines.append(t("filter_without_lead"))
    if f.search.strip():
        lines.append(t("filter_search", text=f.search.strip()))
    return lines


@dataclass(slots=True)
class OfficeData:
    office: OfficeRow
    lead: list[ActionRow]
    support: list[ActionRow]
    deadlines: list[ActionRow]
    milestones: list[tuple[str, MilestoneRow]]


def office_data(db: Database, options: ReportOptions) -> OfficeData:
    if options.office_id is None:
        raise ReportError(t("err_office_required"))
    office = offices.get_office(db, options.office_id)
    rows = browse.list_actions(db, ActionFilter(office_id=office.id), options.day)
    lead = [r for r in rows if r.lead_office == office.name]
    support = [r for r in rows if r.lead_office != office.name]
    deadlines = sorted(
        (r for r in rows if r.due_date is not None and not r.status.is_closed),
        key=lambda r: (r.due_date, r.position),
    )
    return OfficeData(
        office=office,
        lead=lead,
        support=support,
        deadlines=deadlines,
        milestones=browse.upcoming_milestones(db, office.id),
    )


@dataclass(slots=True)
class ActionData:
    detail: ActionDetail
    audit: list[AuditEntry]


def action_data(db: Database, options: ReportOptions) -> ActionData:
    if not options.action_code.strip():
        raise ReportError(t("err_action_required"))
    detail = browse.action_detail(db, browse.action_id_for_code(db, options.action_code))
    history: list[AuditEntry] = []
    if options.audit:
        from valenza_desk.services.audit import list_audit

        history = list_audit(db, entity="action", entity_id=detail.id)
    return ActionData(detail=detail, audit=history)
