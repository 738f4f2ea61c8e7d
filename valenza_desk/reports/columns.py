"""The rows and columns every spreadsheet export shares (xlsx, CSV, ODS).

Values stay typed here (dates as ``date``, progress as a fraction); each writer
formats them for its file type. ``is_risky`` marks text a spreadsheet would take
for a formula (= + - @), which every writer must store as plain text. The only
formulas are ours: ``Flag`` cells ("Scaduta"), computed from the date when the file is
opened, like the row's colour. ``text_lines`` estimates how many lines a row's wrapped
texts take, so the writers can give each row its height (spreadsheets printed from
LibreOffice or Excel otherwise let long texts run over the next rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from valenza_desk.domain.rows import ActionRow, MilestoneRow, OfficeRow
from valenza_desk.domain.status import CLOSED_STATUSES, Status
from valenza_desk.domain.variations import Change
from valenza_desk.reports.catalogue import FIELD_LABELS, t
from valenza_desk.reports.changes_data import ChangesData, changes_to_now
from valenza_desk.reports.context import ReportContext, context_of
from valenza_desk.reports.data import Tally, mission_labels, mission_tallies, sections_of
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
    LONG_TEXT = "long_text"  # wrapped in its column (and counted for the row's height)
    INT = "int"
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"
    STATUS = "status"
    FLAG = "flag"  # "Sì"/"No" the spreadsheet computes when opened (a formula); CSV gets the value


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: Kind
    width: float  # in Excel character units


@dataclass(frozen=True, slots=True)
class Flag:
    """A yes/no cell computed by the spreadsheet itself (``formula``, with ``{row}``), so it stays
    true as the file ages; ``value`` is what it was when written (CSV, and the cached result)."""

    value: bool
    excel: str
    ods: str

    @property
    def text(self) -> str:
        return t("yes") if self.value else t("no")


def column_letter(columns: list[Column], title: str) -> str:
    from openpyxl.utils import get_column_letter  # pure function; openpyxl is a dependency anyway

    return get_column_letter([c.title for c in columns].index(title) + 1)


def _closed_labels() -> list[str]:
    return [s.label for s in sorted(CLOSED_STATUSES)]


def overdue_formulas(columns: list[Column]) -> tuple[str, str]:
    """ "Scaduta" as the row colour decides it: a due date before today, not completed nor dropped.

    Returns the xlsx and the ODS (OpenFormula) formula, with ``{row}`` for the row number.
    """
    due = column_letter(columns, t("col_due")) + "{row}"
    status = column_letter(columns, t("col_status")) + "{row}"
    closed = _closed_labels()
    excel_closed = "".join(f',{status}<>"{label}"' for label in closed)
    excel = f'=IF(AND({due}<>"",{due}<TODAY(){excel_closed}),"{t("yes")}","{t("no")}")'
    ods_closed = "".join(f';[.{status}]<>"{label}"' for label in closed)
    ods = f'of:=IF(AND([.{due}]<>"";[.{due}]<TODAY(){ods_closed});"{t("yes")}";"{t("no")}")'
    return excel, ods


def milestone_overdue_formulas(columns: list[Column]) -> tuple[str, str]:
    """A milestone is late when its date is past and it is not reached."""
    due = column_letter(columns, t("col_due")) + "{row}"
    done = column_letter(columns, t("col_milestone_done")) + "{row}"
    yes, no = t("yes"), t("no")
    excel = f'=IF(AND({due}<>"",{due}<TODAY(),{done}=""),"{yes}","{no}")'
    ods = f'of:=IF(AND([.{due}]<>"";[.{due}]<TODAY();[.{done}]="");"{yes}";"{no}")'
    return excel, ods


def action_columns(public: bool) -> list[Column]:
    """Codice, N°, stakeholder, azione, uffici, referente, Missione, stato, avanzamento, the original
    and the current due date, rimodulata, completata il, scaduta, ultimo aggiornamento.

    Widths fit an A4 landscape page at about 70%: the long texts wrap (the row is as tall as
    they need), dates keep the 11 characters "dd/mm/yyyy" needs.
    """
    columns = [
        Column(t("col_code"), Kind.TEXT, 8),
        Column(t("col_number"), Kind.TEXT, 4),
        Column(t("col_stakeholder"), Kind.LONG_TEXT, 12),
        Column(t("col_action"), Kind.LONG_TEXT, 38),
        Column(t("col_lead_office"), Kind.LONG_TEXT, 15),
        Column(t("col_other_offices"), Kind.LONG_TEXT, 15),
        Column(t("col_referent"), Kind.LONG_TEXT, 12),
        Column(t("col_mission"), Kind.LONG_TEXT, 13),
        Column(t("col_status"), Kind.STATUS, 11),
        Column(t("col_progress"), Kind.PERCENT, 13.5),
        Column(t("col_original_due"), Kind.DATE, 11),
        Column(t("col_due"), Kind.DATE, 11),
        Column(t("col_rescheduled"), Kind.TEXT, 11),
        Column(t("col_completed"), Kind.DATE, 11),
        Column(t("col_overdue"), Kind.FLAG, 8),
        Column(t("col_updated"), Kind.DATETIME, 16),
    ]
    if public:
        columns = [c for c in columns if c.title != t("col_referent")]
    return columns


def rescheduled_value(moves: int) -> str:
    """ "Sì, 2 volte" for an action whose due date moved; "" otherwise."""
    if moves <= 0:
        return ""
    return f"{t('yes')}, {moves} volt{'a' if moves == 1 else 'e'}"


def action_values(
    row: ActionRow,
    public: bool,
    today: date,
    missions: dict[str, str] | None = None,
    formulas: tuple[str, str] = ("", ""),
) -> list[object]:
    """One action as typed values, in the order of ``action_columns(public)``; overdue on ``today``."""
    mission = (missions or {}).get(row.mission, row.mission) if row.mission else ""
    values: list[object] = [
        row.code,
        row.number,
        row.stakeholder,
        row.text,
        row.lead_office,
        ", ".join(row.offices),
        row.referent,
        mission,
        row.status.label,
        row.progress / 100,
        row.original_due_date,
        row.due_date,
        rescheduled_value(row.due_moves),
        row.completed_on,
        Flag(row.is_overdue(today), *formulas),
        local_naive(row.updated_at),
    ]
    if public:
        del values[6]
    return values


LINE_POINTS = 15.0  # one line of the default 11-point font, as Excel and LibreOffice space it
_CHARS_PER_UNIT = 1.25  # characters of ordinary text per column-width unit (digits, the unit, are the widest)


def text_lines(columns: list[Column], values: list[object] | tuple[object, ...], bold: bool = False) -> int:
    """How many lines the row's wrapped cells need (at least 1), estimated from the text's length
    and the column's width, word wrapping included (a line ends on average a few characters early)."""
    most = 1
    for column, value in zip(columns, values, strict=False):
        if not isinstance(value, str) or not value or (column.kind is not Kind.LONG_TEXT and not bold):
            continue
        per_line = max(1.0, column.width * _CHARS_PER_UNIT * (0.9 if bold else 1.0) - 2)
        lines = 0
        for part in value.split("\n"):
            lines += max(1, -int(-len(part) * 1.08 // per_line))
        most = max(most, lines)
    return most


def local_naive(value: datetime | None) -> datetime | None:
    """A UTC timestamp as Europe/Rome wall time without zone (spreadsheets have no zones)."""
    return value.astimezone(ROME).replace(tzinfo=None, microsecond=0) if value else None


def milestone_columns() -> list[Column]:
    return [
        Column(t("col_code"), Kind.TEXT, 9),
        Column(t("col_stakeholder"), Kind.LONG_TEXT, 18),
        Column(t("col_milestone"), Kind.LONG_TEXT, 50),
        Column(t("col_due"), Kind.DATE, 12),
        Column(t("col_milestone_done"), Kind.DATE, 12),
        Column(t("col_lead_office"), Kind.LONG_TEXT, 26),
        Column(t("col_overdue"), Kind.FLAG, 9),
    ]


def change_columns() -> list[Column]:
    """The "Variazioni" sheet: code, stakeholder, kind of change, field, before, after."""
    return [
        Column(t("col_code"), Kind.TEXT, 9),
        Column(t("col_stakeholder"), Kind.LONG_TEXT, 18),
        Column(t("col_kind"), Kind.LONG_TEXT, 24),
        Column(t("col_field"), Kind.LONG_TEXT, 18),
        Column(t("col_before"), Kind.LONG_TEXT, 40),
        Column(t("col_after"), Kind.LONG_TEXT, 50),
    ]


def change_values(change: Change) -> list[object]:
    return [
        change.code,
        change.stakeholder,
        change.kind_label,
        FIELD_LABELS.get(change.field, change.field),
        change.old_label,
        change.new_label,
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


def summary_columns(first: str = "") -> list[Column]:
    """Per stakeholder (or per ``first``, e.g. Missione): total, each status, overdue, average progress."""
    return [
        Column(first or t("col_stakeholder"), Kind.LONG_TEXT, 34 if first else 28),
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
    missions: list[Tally] = field(default_factory=list)
    mission_names: dict[str, str] = field(default_factory=dict)
    changes: ChangesData | None = None

    @property
    def today(self) -> date:
        return self.context.today

    def action_rows(self) -> Iterator[list[object]]:
        today = self.context.today
        formulas = overdue_formulas(action_columns(self.public))
        names = self.mission_names
        for row in self.rows:
            yield action_values(row, self.public, today, names, formulas)

    def milestone_rows(self) -> Iterator[list[object]]:
        formulas = milestone_overdue_formulas(milestone_columns())
        for row, m in self.milestones:
            late = m.is_overdue(self.context.today)
            yield [
                row.code,
                row.stakeholder,
                m.title,
                m.due_date,
                m.done_on,
                row.lead_office,
                Flag(late, *formulas),
            ]

    def change_rows(self) -> Iterator[list[object]]:
        for change in self.changes.changes if self.changes else ():
            yield change_values(change)

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
    names = mission_labels(desk)
    changes = None
    if options.since_meeting_id is not None:
        changes = changes_to_now(desk, options.since_meeting_id, options.public)
    return ExportData(
        public=options.public,
        context=context,
        rows=rows,
        tallies=[s.tally for s in sections],
        totals=totals,
        milestones=milestones,
        offices=desk.offices(),
        missions=mission_tallies(rows, context.today, names),
        mission_names=names,
        changes=changes,
    )
