"""The rows and columns every spreadsheet export shares (xlsx, CSV, ODS).

Values stay typed here (dates as ``date``, progress as a fraction); each writer
formats them for its file type. ``is_risky`` marks text a spreadsheet would take
for a formula (= + - @), which every writer must store as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from valenza_desk.domain.rows import ActionRow, MilestoneRow, OfficeRow
from valenza_desk.domain.status import Status
from valenza_desk.reports.catalogue import t
from valenza_desk.reports.context import ReportContext, context_of
from valenza_desk.reports.data import Tally, sections_of
from valenza_desk.reports.options import ReportOptions
from valenza_desk.reports.output import atomic_output
from valenza_desk.reports.progress import ProgressCallback
from valenza_desk.services.desk import Desk
from valenza_desk.text import ROME

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(text: str) -> bool:
    """True for text a spreadsheet would evaluate as a formula (CSV/formula injection)."""
    return text.startswith(_FORMULA_STARTS)


class Kind(Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INT = "int"
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"
    STATUS = "status"


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: Kind
    width: float  # in Excel character units


def action_columns(public: bool) -> list[Column]:
    """Codice, N°, stakeholder, azione, uffici, referente, stato, avanzamento, date, scaduta."""
    columns = [
        Column(t("col_code"), Kind.TEXT, 11),
        Column(t("col_number"), Kind.TEXT, 6),
        Column(t("col_stakeholder"), Kind.TEXT, 22),
        Column(t("col_action"), Kind.LONG_TEXT, 60),
        Column(t("col_lead_office"), Kind.TEXT, 30),
        Column(t("col_other_offices"), Kind.TEXT, 30),
        Column(t("col_referent"), Kind.TEXT, 20),
        Column(t("col_status"), Kind.STATUS, 16),
        Column(t("col_progress"), Kind.PERCENT, 13),
        Column(t("col_due"), Kind.DATE, 12),
        Column(t("col_completed"), Kind.DATE, 13),
        Column(t("col_overdue"), Kind.TEXT, 9),
        Column(t("col_updated"), Kind.DATETIME, 19),
    ]
    if public:
        columns = [c for c in columns if c.title != t("col_referent")]
    return columns


def action_values(row: ActionRow, public: bool, today: date) -> list[object]:
    """One action as typed values, in the order of ``action_columns(public)``; overdue on ``today``."""
    values: list[object] = [
        row.code,
        row.number,
        row.stakeholder,
        row.text,
        row.lead_office,
        ", ".join(row.offices),
        row.referent,
        row.status.label,
        row.progress / 100,
        row.due_date,
        row.completed_on,
        t("yes") if row.is_overdue(today) else t("no"),
        local_naive(row.updated_at),
    ]
    if public:
        del values[6]
    return values


def local_naive(value: datetime | None) -> datetime | None:
    """A UTC timestamp as Europe/Rome wall time without zone (spreadsheets have no zones)."""
    return value.astimezone(ROME).replace(tzinfo=None, microsecond=0) if value else None


def milestone_columns() -> list[Column]:
    return [
        Column(t("col_code"), Kind.TEXT, 11),
        Column(t("col_stakeholder"), Kind.TEXT, 22),
        Column(t("col_milestone"), Kind.LONG_TEXT, 50),
        Column(t("col_due"), Kind.DATE, 12),
        Column(t("col_milestone_done"), Kind.DATE, 12),
        Column(t("col_lead_office"), Kind.TEXT, 30),
        Column(t("col_overdue"), Kind.TEXT, 9),
    ]


def office_columns(public: bool) -> list[Column]:
    columns = [
        Column(t("col_office"), Kind.TEXT, 36),
        Column(t("col_head"), Kind.TEXT, 26),
        Column(t("col_email"), Kind.TEXT, 30),
        Column(t("col_phone"), Kind.TEXT, 16),
        Column(t("col_active"), Kind.TEXT, 8),
        Column(t("col_lead_count"), Kind.INT, 14),
        Column(t("col_support_count"), Kind.INT, 14),
    ]
    if public:
        del columns[1]
    return columns


def summary_columns() -> list[Column]:
    return [
        Column(t("col_stakeholder"), Kind.TEXT, 28),
        Column(t("col_total"), Kind.INT, 9),
        *(Column(s.label, Kind.INT, 12) for s in Status),
        Column(t("overdue"), Kind.INT, 10),
        Column(t("average_progress"), Kind.PERCENT, 14),
    ]


def summary_values(tally: Tally) -> list[object]:
    return [
        tally.name,
        tally.total,
        *(tally.by_status[s] for s in Status),
        tally.overdue,
        tally.average_progress / 100,
    ]


@dataclass(slots=True)
class ExportData:
    """What goes into a workbook or CSV: actions, per-stakeholder tallies, milestones, offices."""

    public: bool
    context: ReportContext
    rows: list[ActionRow]
    tallies: list[Tally]
    totals: Tally
    milestones: list[tuple[ActionRow, MilestoneRow]]
    offices: list[OfficeRow]

    @property
    def today(self) -> date:
        return self.context.today

    def action_rows(self) -> Iterator[list[object]]:
        today = self.context.today
        for row in self.rows:
            yield action_values(row, self.public, today)

    def milestone_rows(self) -> Iterator[list[object]]:
        for row, m in self.milestones:
            late = m.is_overdue(self.context.today)
            yield [
                row.code,
                row.stakeholder,
                m.title,
                m.due_date,
                m.done_on,
                row.lead_office,
                t("yes") if late else t("no"),
            ]

    def office_rows(self) -> Iterator[list[object]]:
        for o in self.offices:
            values: list[object] = [
                o.name,
                o.head,
                o.email,
                o.phone,
                t("yes") if o.active else t("no"),
                o.lead_count,
                o.support_count,
            ]
            if self.public:
                del values[1]
            yield values


def run_export(
    desk: Desk,
    options: ReportOptions,
    target: Path,
    progress: ProgressCallback,
    write: Callable[[ExportData, Path, ProgressCallback], None],
) -> ExportData:
    """Gather the data, let ``write`` fill a temporary file, and put it in place at the end."""
    progress(0, 1, t("progress_reading"))
    data = export_data(desk, options)
    with atomic_output(target) as temp:
        write(data, temp, progress)
    return data


def spreadsheet_summary(data: ExportData, fmt: str) -> str:
    return t("done_export", fmt=fmt, actions=len(data.rows), milestones=len(data.milestones), offices=len(data.offices))


def export_data(desk: Desk, options: ReportOptions, rows: list[ActionRow] | None = None) -> ExportData:
    """Gather the export from the Desk (``rows`` may be passed when already listed)."""
    context = context_of(desk)
    if rows is None:
        rows = desk.actions(options.query)
    sections = sections_of(desk, rows, context.today, keep_empty=options.query.is_everything)
    totals = Tally(today=context.today, name=t("total_row"))
    for section in sections:
        for row in section.rows:
            totals.add(row)
    by_code = {r.code: r for r in rows}
    milestones = [(by_code[code], m) for code, m in desk.milestones(include_done=True) if code in by_code]
    return ExportData(
        public=options.public,
        context=context,
        rows=rows,
        tallies=[s.tally for s in sections],
        totals=totals,
        milestones=milestones,
        offices=desk.offices(),
    )
