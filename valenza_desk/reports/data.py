"""The report contents gathered from the Desk: plain rows, never SQL, sessions or ORM objects.

Every reader here takes the Desk and the ``ReportContext`` read from it at the start,
so "today", "overdue" and "due soon" mean the same in every part of one report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import (
    ActionDetail,
    ActionRow,
    ActRow,
    AuditEntry,
    MilestoneRow,
    OfficeRow,
    ProgressUpdateRow,
)
from valenza_desk.domain.status import Status, is_due_within
from valenza_desk.reports.acts_data import acts_by_code
from valenza_desk.reports.catalogue import t, within
from valenza_desk.reports.context import ReportContext
from valenza_desk.reports.errors import ReportError
from valenza_desk.reports.options import ReportOptions
from valenza_desk.services.desk import Desk

if TYPE_CHECKING:
    from valenza_desk.domain.meetings import MeetingRow
    from valenza_desk.reports.changes_data import ChangesData


@dataclass(slots=True)
class Tally:
    """Counts for a set of actions: per status, overdue (on ``today``), average progress."""

    today: date
    name: str = ""
    total: int = 0
    by_status: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    overdue: int = 0
    progress_sum: int = 0

    def add(self, row: ActionRow) -> None:
        self.total += 1
        self.by_status[row.status] += 1
        self.overdue += row.is_overdue(self.today)
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
    """What the brief shows; ``meeting`` and ``snapshot_at`` are set for a session's brief,
    built from its frozen snapshot, and ``changes`` when it compares with an earlier one."""

    context: ReportContext
    rows: list[ActionRow]
    sections: list[StakeholderSection]
    totals: Tally
    overdue: list[ActionRow]
    upcoming: list[Deadline]
    notes: dict[int, ProgressUpdateRow]
    filter_lines: list[str]
    acts: dict[str, list[ActRow]] = field(default_factory=dict)
    missions: list[Tally] = field(default_factory=list)
    changes: ChangesData | None = None
    meeting: MeetingRow | None = None
    snapshot_at: datetime | None = None


def tally(rows: Iterable[ActionRow], today: date, name: str = "") -> Tally:
    result = Tally(today=today, name=name)
    for row in rows:
        result.add(row)
    return result


def sections_of(desk: Desk, rows: list[ActionRow], today: date, keep_empty: bool) -> list[StakeholderSection]:
    """Rows grouped by stakeholder in programme order; empty stakeholders only if asked."""
    grouped: dict[int, list[ActionRow]] = {}
    for row in rows:
        grouped.setdefault(row.stakeholder_id, []).append(row)
    sections = []
    for s in desk.stakeholders():
        members = grouped.get(s.id, [])
        if members or keep_empty:
            sections.append(StakeholderSection(s.id, s.name, members, tally(members, today, s.name)))
    return sections


def sections_in_order(rows: list[ActionRow], today: date) -> list[StakeholderSection]:
    """Rows grouped by stakeholder in the order they come (a snapshot's rows are in programme
    order, with the stakeholder's name as it was then)."""
    grouped: dict[int, list[ActionRow]] = {}
    for row in rows:
        grouped.setdefault(row.stakeholder_id, []).append(row)
    return [
        StakeholderSection(sid, members[0].stakeholder, members, tally(members, today, members[0].stakeholder))
        for sid, members in grouped.items()
    ]


def mission_labels(desk: Desk) -> dict[str, str]:
    """DUP Missione code → "05 Tutela e valorizzazione dei beni e delle attività culturali"."""
    return {m.code: m.label for m, _count in desk.missions() if m is not None}


def mission_tallies(rows: Iterable[ActionRow], today: date, labels: dict[str, str]) -> list[Tally]:
    """One tally per Missione that has actions, in the classification's order; the actions not
    classified yet last ("Senza Missione")."""
    found: dict[str, Tally] = {}
    for row in rows:
        code = row.mission or ""
        if code not in found:
            name = labels.get(code, code) if code else t("no_mission")
            found[code] = Tally(today=today, name=name)
        found[code].add(row)
    return [found[code] for code in sorted(found, key=lambda c: (c == "", c))]


def brief_data(desk: Desk, options: ReportOptions, context: ReportContext) -> BriefData:
    """The brief of the live data (no session chosen): the Desk's actions on its today."""
    today = context.today
    query = options.query
    rows = desk.actions(query)
    sections = sections_of(desk, rows, today, keep_empty=query.is_everything)
    if query.stakeholder_ids:  # a stakeholder asked for stays in the brief, even without actions
        wanted = set(query.stakeholder_ids)
        present = {s.id for s in sections}
        stakeholders = desk.stakeholders()
        for s in stakeholders:
            if s.id in wanted and s.id not in present:
                sections.append(StakeholderSection(s.id, s.name, [], Tally(today=today, name=s.name)))
        order = {s.id: s.position for s in stakeholders}
        sections.sort(key=lambda sec: order[sec.id])
    return BriefData(
        context=context,
        rows=rows,
        sections=sections,
        totals=tally(rows, today),
        overdue=sorted((r for r in rows if r.is_overdue(today)), key=lambda r: (r.due_date or today, r.position)),
        upcoming=upcoming_deadlines(rows, desk.milestones(), today, context.due_soon_days),
        notes=desk.latest_updates() if options.notes else {},
        filter_lines=describe_filter(desk, query),
        acts=acts_by_code(desk.acts()),
        missions=mission_tallies(rows, today, mission_labels(desk)),
    )


def upcoming_deadlines(
    rows: list[ActionRow], milestones: Sequence[tuple[str, MilestoneRow]], today: date, days: int
) -> list[Deadline]:
    """Open actions of ``rows`` and their open milestones due soon (``is_due_within``, ``days`` ahead)."""
    by_code = {r.code: r for r in rows}
    found = [
        Deadline(r.due_date, r.code, r.text, r.lead_office, False)  # type: ignore[arg-type]
        for r in rows
        if is_due_within(r.status, r.due_date, today, days)
    ]
    for code, milestone in milestones:
        row = by_code.get(code)
        if row is not None and milestone.done_on is None and is_due_within(row.status, milestone.due_date, today, days):
            found.append(Deadline(milestone.due_date, code, milestone.title, row.lead_office, True))  # type: ignore[arg-type]
    found.sort(key=lambda d: (d.due, d.code, d.is_milestone))
    return found


def describe_filter(desk: Desk, query: ActionQuery) -> list[str]:
    """The query in words, one criterion a line, for the cover page."""
    lines = []
    if query.stakeholder_ids:
        names = {s.id: s.name for s in desk.stakeholders()}
        lines.append(t("filter_stakeholders", names=", ".join(names.get(i, str(i)) for i in query.stakeholder_ids)))
    else:
        lines.append(t("filter_all_stakeholders"))
    if query.office_id is not None:
        key = "filter_office_lead" if query.lead_office_only else "filter_office_any"
        lines.append(t(key, name=desk.office(query.office_id).name))
    else:
        lines.append(t("filter_all_offices"))
    if query.statuses:
        lines.append(t("filter_statuses", names=", ".join(Status(s).label for s in query.statuses)))
    else:
        lines.append(t("filter_all_statuses"))
    if query.overdue:
        lines.append(t("filter_overdue"))
    if query.due_within_days is not None:
        lines.append(t("filter_due_within", within=within(query.due_within_days)))
    if query.without_lead_office:
        lines.append(t("filter_without_lead"))
    if query.search.strip():
        lines.append(t("filter_search", text=query.search.strip()))
    if query.action_ids:
        lines.append(t("filter_actions", count=len(query.action_ids)))
    return lines


@dataclass(slots=True)
class OfficeData:
    context: ReportContext
    office: OfficeRow
    lead: list[ActionRow]
    support: list[ActionRow]
    deadlines: list[ActionRow]
    milestones: list[tuple[str, MilestoneRow]]


def office_data(desk: Desk, options: ReportOptions, context: ReportContext) -> OfficeData:
    if options.office_id is None:
        raise ReportError(t("err_office_required"))
    office = desk.office(options.office_id)
    rows = desk.actions(desk.query(office_id=office.id))
    lead = [r for r in rows if r.lead_office_id == office.id]
    support = [r for r in rows if r.lead_office_id != office.id]
    deadlines = sorted(
        (r for r in rows if r.due_date is not None and not r.status.is_closed),
        key=lambda r: (r.due_date, r.position),  # type: ignore[arg-type, return-value]
    )
    return OfficeData(
        context=context,
        office=office,
        lead=lead,
        support=support,
        deadlines=deadlines,
        milestones=desk.milestones(office.id),
    )


@dataclass(slots=True)
class ActionData:
    context: ReportContext
    detail: ActionDetail
    audit: list[AuditEntry]
    missions: dict[str, str] = field(default_factory=dict)


def action_data(desk: Desk, options: ReportOptions, context: ReportContext) -> ActionData:
    if not options.action_code.strip():
        raise ReportError(t("err_action_required"))
    detail = desk.action_by_code(options.action_code)
    history = desk.audit("action", detail.id, limit=None) if options.audit else []
    return ActionData(context=context, detail=detail, audit=history, missions=mission_labels(desk))
