"""The Excel workbook: Sintesi, Azioni, Traguardi, Uffici, Missioni and, compared with a
session, Variazioni (openpyxl, write-only mode).

Write-only mode keeps 100,000 actions in constant memory and still supports frozen
panes, autofilter, data validation, conditional formatting, print titles and column
widths, as long as they are set before the first row is written (done here); a row's
height is read when the row is written, so it is set just before and dropped after.
Cell styles are copied from one template cell per style: assigning a style object to
every cell would hash it 100,000 times.

Printed (Excel, LibreOffice): A4 landscape, all columns on the width of the page, the
header row on every page, each row as tall as its wrapped texts. "Scaduta" is a formula
on the due date and the status, so it changes with the day like the row's red colour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from valenza_desk.domain.status import CLOSED_STATUSES, Status
from valenza_desk.reports.catalogue import LANGUAGE, t
from valenza_desk.reports.columns import (
    LINE_POINTS,
    Column,
    ExportData,
    Flag,
    Kind,
    action_columns,
    change_columns,
    is_risky,
    milestone_columns,
    office_columns,
    run_export,
    spreadsheet_summary,
    summary_columns,
    summary_values,
    text_lines,
)
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk

HEADER_FILL = "1E3A5F"
OVERDUE_FILL = "FDE2E2"
OVERDUE_FONT = "991B1B"
NUMBER_FORMATS = {Kind.PERCENT: "0%", Kind.DATE: "dd/mm/yyyy", Kind.DATETIME: "dd/mm/yyyy hh:mm"}
CELL_LIMIT = 32_767  # Excel refuses to open a file with a longer cell


def write_xlsx(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    data = run_export(desk, options, target, progress, write_workbook)
    return ReportResult(path=str(target), summary=spreadsheet_summary(data, "Excel"))


def write_workbook(data: ExportData, path: Path, progress: ProgressCallback = no_progress) -> None:
    wb = Workbook(write_only=True)
    context = data.context
    props = wb.properties
    props.title = context.brief_title
    props.subject = context.brief_subject
    props.creator = t("author")
    props.keywords = t("keywords")
    props.language = LANGUAGE
    props.description = f"{context.programme_name} — {context.situation}"
    _write_summary(wb, data)
    _write_sheet(wb, t("sheet_actions"), action_columns(data.public), data.action_rows(), len(data.rows), progress)
    _write_sheet(wb, t("sheet_milestones"), milestone_columns(), data.milestone_rows(), len(data.milestones))
    _write_sheet(wb, t("sheet_offices"), office_columns(data.public), data.office_rows(), len(data.offices))
    missions = [summary_values(tally) for tally in data.missions]
    _write_sheet(wb, t("sheet_missions"), summary_columns(t("col_mission")), missions, len(missions))
    if data.changes is not None:
        _write_sheet(wb, t("sheet_changes"), change_columns(), data.change_rows(), len(data.changes.changes))
    wb.save(path)


class _Templates:
    """One styled template cell per column kind; new cells copy its style array."""

    def __init__(self, ws: object) -> None:
        thin = Side(style="thin", color="94A3B8")
        self.header = WriteOnlyCell(ws)
        self.header.font = Font(bold=True, color="FFFFFF")
        self.header.fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        self.header.alignment = Alignment(wrap_text=True, vertical="center")
        self.header.border = Border(bottom=thin)
        self.bold = WriteOnlyCell(ws)
        self.bold.font = Font(bold=True)
        self.styled: dict[Kind, WriteOnlyCell] = {}
        for kind, number_format in NUMBER_FORMATS.items():
            cell = WriteOnlyCell(ws)
            cell.number_format = number_format
            cell.alignment = Alignment(vertical="top")
            self.styled[kind] = cell
        self.wrapped = WriteOnlyCell(ws)
        self.wrapped.alignment = Alignment(wrap_text=True, vertical="top")
        self.top = WriteOnlyCell(ws)
        self.top.alignment = Alignment(vertical="top")
        self.text = WriteOnlyCell(ws)
        self.text.quotePrefix = True  # a cell the user edits later stays text too
        self.ws = ws

    def cell(self, value: object, template: WriteOnlyCell) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value)
        cell._style = copy(template._style)
        return cell


def _cells(templates: _Templates, columns: Sequence[Column], values: Sequence[object], row: int = 0) -> list[object]:
    out: list[object] = []
    for column, value in zip(columns, values, strict=True):
        if isinstance(value, Flag):
            out.append(templates.cell(value.excel.format(row=row), templates.top))  # our formula, never user text
        elif value is None or value == "":
            out.append(None)
        elif isinstance(value, str):
            if len(value) > CELL_LIMIT:
                value = value[: CELL_LIMIT - 1] + "…"
            if is_risky(value):
                cell = templates.cell(value, templates.text)
                cell.data_type = "s"  # user text is never a formula
                if column.kind is Kind.LONG_TEXT:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                out.append(cell)
            elif column.kind is Kind.LONG_TEXT:
                out.append(templates.cell(value, templates.wrapped))
            else:
                out.append(templates.cell(value, templates.top))
        elif column.kind in NUMBER_FORMATS:
            out.append(templates.cell(value, templates.styled[column.kind]))
        else:
            out.append(value)
    return out


def _prepare(ws: object, columns: Sequence[Column], rows: int) -> str:
    """Widths, frozen header, autofilter and print set-up: all before the first row."""
    last = get_column_letter(len(columns))
    for index, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width  # type: ignore[attr-defined]
    ws.freeze_panes = "A2"  # type: ignore[attr-defined]
    ws.auto_filter.ref = f"A1:{last}{max(rows + 1, 2)}"  # type: ignore[attr-defined]
    ws.print_title_rows = "1:1"  # type: ignore[attr-defined]
    ws.print_options.gridLines = True  # type: ignore[attr-defined]
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)  # type: ignore[attr-defined]
    ws.page_setup.orientation = "landscape"  # type: ignore[attr-defined]
    ws.page_setup.paperSize = 9  # A4  # type: ignore[attr-defined]
    ws.page_setup.fitToWidth = 1  # type: ignore[attr-defined]
    ws.page_setup.fitToHeight = 0  # type: ignore[attr-defined]
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    return last


def _sheet_title(title: str) -> str:
    return INVALID_TITLE_REGEX.sub("-", title)[:31]


def _write_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    count: int,
    progress: ProgressCallback = no_progress,
) -> None:
    ws = wb.create_sheet(_sheet_title(title))
    last = _prepare(ws, columns, count)
    titles = [c.title for c in columns]
    if t("col_status") in titles and t("col_due") in titles:
        _status_rules(ws, columns, count, last)
    templates = _Templates(ws)
    heights = ws.row_dimensions  # type: ignore[attr-defined]
    titles = [c.title for c in columns]
    _height(heights, 1, text_lines(list(columns), titles, bold=True))
    ws.append([templates.cell(c.title, templates.header) for c in columns])
    wrapped = any(c.kind is Kind.LONG_TEXT for c in columns)
    step = max(1, count // 50)
    for index, values in enumerate(rows, 1):
        row = index + 1
        lines = text_lines(list(columns), values) if wrapped else 1
        if lines > 1:
            _height(heights, row, lines)
        ws.append(_cells(templates, columns, values, row))
        if lines > 1:
            del heights[row]  # written: no need to keep 100,000 of them
        if index % step == 0:
            progress(index, count, t("progress_sheet_rows", sheet=title, done=index, total=count))


def _height(heights: object, row: int, lines: int) -> None:
    """The row's height for ``lines`` lines of text (read by the writer when the row is written)."""
    if lines > 1:
        heights[row] = {"ht": f"{lines * LINE_POINTS:.1f}", "customHeight": "1"}  # type: ignore[index]


def _status_rules(ws: object, columns: Sequence[Column], count: int, last: str) -> None:
    """Drop-down of the Italian statuses; overdue rows red by formula, so it stays true as the file ages."""
    titles = [c.title for c in columns]
    status = get_column_letter(titles.index(t("col_status")) + 1)
    due = get_column_letter(titles.index(t("col_due")) + 1)
    end = max(count + 1, 2)
    labels = ",".join(s.label for s in Status)
    validation = DataValidation(
        type="list",
        formula1=f'"{labels}"',
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=t("status_error_title"),
        error=t("status_error"),
        promptTitle=t("status_prompt_title"),
        prompt=t("status_prompt"),
    )
    validation.add(f"{status}2:{status}{end}")
    ws.data_validations.append(validation)  # type: ignore[attr-defined]
    closed = "".join(f',${status}2<>"{s.label}"' for s in sorted(CLOSED_STATUSES))
    rule = FormulaRule(
        formula=[f'AND(${due}2<>"",${due}2<TODAY(){closed})'],
        fill=PatternFill("solid", start_color=OVERDUE_FILL, end_color=OVERDUE_FILL),
        font=Font(color=OVERDUE_FONT),
        stopIfTrue=False,
    )
    ws.conditional_formatting.add(f"A2:{last}{end}", rule)  # type: ignore[attr-defined]


def _write_summary(wb: Workbook, data: ExportData) -> None:
    columns = summary_columns()
    ws = wb.create_sheet(_sheet_title(t("sheet_summary")))
    _prepare(ws, columns, len(data.tallies))
    templates = _Templates(ws)
    ws.append([templates.cell(c.title, templates.header) for c in columns])
    for tally in data.tallies:
        ws.append(_cells(templates, columns, summary_values(tally)))
    total = [templates.cell(v, templates.bold) for v in summary_values(data.totals)]
    total[-1] = templates.cell(data.totals.average_progress / 100, templates.styled[Kind.PERCENT])
    total[-1].font = Font(bold=True)
    ws.append(total)
    ws.append([])
    ws.append([data.context.programme_caption])
    ws.append([data.context.situation])
