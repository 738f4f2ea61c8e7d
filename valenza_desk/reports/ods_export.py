"""OpenDocument spreadsheet (odfpy): the workbook's sheets with real date and percentage cells,
so the file opens in LibreOffice as the xlsx does in Excel.

ODF keeps formulas in their own attribute, so text cells can never run as formulas; the only
formulas are ours ("Scaduta", computed from the date when the file is opened).
Printed: every sheet on A4 landscape, scaled to the width of the page, the header row
repeated on every page, and each row as tall as its wrapped texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from odf import dc, teletype
from odf.namespaces import LOEXTNS
from odf.number import DateStyle, Day, Hours, Minutes, Month, Number, PercentageStyle, Year
from odf.number import Text as NumberText
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import (
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TableRowProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import P

from valenza_desk.reports.catalogue import LANGUAGE, t
from valenza_desk.reports.columns import (
    LINE_POINTS,
    Column,
    ExportData,
    Flag,
    Kind,
    action_columns,
    change_columns,
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
from valenza_desk.text import format_date


def write_ods(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    data = run_export(desk, options, target, progress, write_spreadsheet)
    return ReportResult(path=str(target), summary=spreadsheet_summary(data, "ODS"))


class _Styles:
    """The cell and number styles of the document."""

    def __init__(self, doc: OpenDocumentSpreadsheet) -> None:
        auto = doc.automaticstyles
        date_style = DateStyle(name="N-date")
        for part in (Day(style="long"), NumberText(text="/"), Month(style="long"), NumberText(text="/")):
            date_style.addElement(part)
        date_style.addElement(Year(style="long"))
        auto.addElement(date_style)
        datetime_style = DateStyle(name="N-datetime")
        for part in (
            Day(style="long"),
            NumberText(text="/"),
            Month(style="long"),
            NumberText(text="/"),
            Year(style="long"),
            NumberText(text=" "),
            Hours(style="long"),
            NumberText(text=":"),
            Minutes(style="long"),
        ):
            datetime_style.addElement(part)
        auto.addElement(datetime_style)
        percent_style = PercentageStyle(name="N-percent")
        percent_style.addElement(Number(decimalplaces="0", minintegerdigits="1"))
        percent_style.addElement(NumberText(text="%"))
        auto.addElement(percent_style)

        def cell_style(name: str, data_style: str | None = None, **cell_props: str) -> Style:
            style = Style(name=name, family="table-cell", **({"datastylename": data_style} if data_style else {}))
            style.addElement(TableCellProperties(verticalalign="top", **cell_props))
            auto.addElement(style)
            return style

        self.date = cell_style("C-date", "N-date")
        self.datetime = cell_style("C-datetime", "N-datetime")
        self.percent = cell_style("C-percent", "N-percent")
        self.wrapped = cell_style("C-wrap", wrapoption="wrap")
        self.plain = cell_style("C-plain")
        self.header = Style(name="C-header", family="table-cell")
        self.header.addElement(TableCellProperties(backgroundcolor="#1e3a5f", wrapoption="wrap"))
        self.header.addElement(TextProperties(fontweight="bold", color="#ffffff"))
        self.header.addElement(ParagraphProperties(textalign="start"))
        auto.addElement(self.header)
        self._auto = auto
        self._widths: dict[float, Style] = {}
        self._heights: dict[int, Style] = {}
        self.table = self._print_setup(doc)

    def _print_setup(self, doc: OpenDocumentSpreadsheet) -> Style:
        """A4 landscape, 1 cm margins, scaled to the page's width (as many pages down as needed),
        with the grid: the page style every sheet uses."""
        layout = PageLayout(name="PL-landscape")
        properties = PageLayoutProperties(
            pagewidth="29.7cm",
            pageheight="21cm",
            printorientation="landscape",
            margintop="1cm",
            marginbottom="1cm",
            marginleft="1cm",
            marginright="1cm",
            print="grid annotations objects charts drawings zero-values",
            printpageorder="ttb",
        )
        properties.setAttrNS(LOEXTNS, "scale-to-X", "1")
        properties.setAttrNS(LOEXTNS, "scale-to-Y", "0")
        layout.addElement(properties)
        self._auto.addElement(layout)
        doc.masterstyles.addElement(MasterPage(name="Landscape", pagelayoutname=layout))
        table = Style(name="T-landscape", family="table", masterpagename="Landscape")
        table.addElement(TableProperties(display="true"))
        self._auto.addElement(table)
        return table

    def row(self, lines: int) -> Style:
        """A row style ``lines`` lines of text tall (not recomputed by LibreOffice)."""
        if lines not in self._heights:
            style = Style(name=f"R-{lines}", family="table-row")
            height = lines * LINE_POINTS * 2.54 / 72
            style.addElement(TableRowProperties(rowheight=f"{height:.3f}cm", useoptimalrowheight="false"))
            self._auto.addElement(style)
            self._heights[lines] = style
        return self._heights[lines]

    def column(self, width: float) -> Style:
        """A column style ``width`` Excel characters wide (7 pixels each plus 5 of padding, at 96 dpi),
        so both files print alike."""
        if width not in self._widths:
            style = Style(name=f"W-{len(self._widths)}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{(width * 7 + 5) * 2.54 / 96:.3f}cm"))
            self._auto.addElement(style)
            self._widths[width] = style
        return self._widths[width]


def _text_cell(text: str, style: Style) -> TableCell:
    cell = TableCell(valuetype="string", stylename=style)
    paragraph = P()
    teletype.addTextToElement(paragraph, text)
    cell.addElement(paragraph)
    return cell


def _cell(styles: _Styles, column: Column, value: object, row: int = 0) -> TableCell:
    if isinstance(value, Flag):
        cell = TableCell(valuetype="string", formula=value.ods.format(row=row), stylename=styles.plain)
        cell.addElement(P(text=value.text))  # the result when written; recomputed when opened
        return cell
    if value is None or value == "":
        return TableCell()
    if isinstance(value, datetime):
        cell = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"), stylename=styles.datetime)
        cell.addElement(P(text=value.strftime("%d/%m/%Y %H:%M")))
        return cell
    if isinstance(value, date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=styles.date)
        cell.addElement(P(text=format_date(value)))
        return cell
    if column.kind is Kind.PERCENT and isinstance(value, int | float):
        cell = TableCell(valuetype="percentage", value=str(value), stylename=styles.percent)
        cell.addElement(P(text=f"{round(value * 100)}%"))
        return cell
    if isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=str(value), stylename=styles.plain)
        cell.addElement(P(text=str(value)))
        return cell
    return _text_cell(str(value), styles.wrapped if column.kind is Kind.LONG_TEXT else styles.plain)


def _sheet(
    doc: OpenDocumentSpreadsheet,
    styles: _Styles,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    count: int = 0,
    progress: ProgressCallback = no_progress,
) -> None:
    table = Table(name=title, stylename=styles.table)
    for column in columns:
        table.addElement(TableColumn(stylename=styles.column(column.width)))
    header = TableRow(stylename=styles.row(text_lines(list(columns), [c.title for c in columns], bold=True)))
    for column in columns:
        header.addElement(_text_cell(column.title, styles.header))
    repeated = TableHeaderRows()  # printed at the top of every page
    repeated.addElement(header)
    table.addElement(repeated)
    wrapped = any(c.kind is Kind.LONG_TEXT for c in columns)
    step = max(1, count // 50)
    for index, values in enumerate(rows, 1):
        lines = text_lines(list(columns), values) if wrapped else 1
        row = TableRow(stylename=styles.row(lines)) if lines > 1 else TableRow()
        for column, value in zip(columns, values, strict=True):
            row.addElement(_cell(styles, column, value, index + 1))
        table.addElement(row)
        if count and index % step == 0:
            progress(index, count, t("progress_sheet_rows", sheet=title, done=index, total=count))
    doc.spreadsheet.addElement(table)


def write_spreadsheet(data: ExportData, path: Path, progress: ProgressCallback = no_progress) -> None:
    doc = OpenDocumentSpreadsheet()
    context = data.context
    doc.meta.addElement(dc.Title(text=context.brief_title))
    doc.meta.addElement(dc.Subject(text=context.brief_subject))
    doc.meta.addElement(dc.Description(text=f"{context.programme_name} — {context.situation}"))
    doc.meta.addElement(dc.Language(text=LANGUAGE))
    styles = _Styles(doc)
    summary_rows = [summary_values(tally) for tally in (*data.tallies, data.totals)]
    _sheet(doc, styles, t("sheet_summary"), summary_columns(), summary_rows)
    columns = action_columns(data.public)
    _sheet(doc, styles, t("sheet_actions"), columns, data.action_rows(), len(data.rows), progress)
    _sheet(doc, styles, t("sheet_milestones"), milestone_columns(), data.milestone_rows())
    _sheet(doc, styles, t("sheet_offices"), office_columns(data.public), data.office_rows())
    missions = [summary_values(tally) for tally in data.missions]
    _sheet(doc, styles, t("sheet_missions"), summary_columns(t("col_mission")), missions)
    if data.changes is not None:
        _sheet(doc, styles, t("sheet_changes"), change_columns(), data.change_rows())
    doc.save(str(path))
