"""CSV and ODS exports read back (csv module, odfpy): same rows as the workbook, Italian
dates, real date cells in ODS, formula-like text defused in CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from odf import opendocument
from odf.namespaces import OFFICENS, TABLENS
from odf.table import Table, TableCell, TableRow
from odf.text import P

from tests.report_data import (
    ACTION_CODE,
    FORMULA_OFFICE,
)
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date


def _xlsx_header(desk: Desk, folder: Path) -> list[str]:
    target = folder / "ref.xlsx"
    make_report(desk, ReportOptions(kind=ReportKind.XLSX), target)
    return [c.value for c in openpyxl.load_workbook(target)["Azioni"][1]]


def test_csv_is_utf8_bom_semicolon_with_italian_dates(report_desk: Desk, out_dir: Path) -> None:
    target = out_dir / "azioni.csv"
    result = make_report(report_desk, ReportOptions(kind=ReportKind.CSV), target)
    assert "azioni: 84" in result.summary
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == _xlsx_header(report_desk, out_dir)
    listed = report_desk.actions()
    assert [r[0] for r in body] == [r.code for r in listed]
    by_code = {r.code: r for r in listed}
    due = header.index("Scadenza")
    progress = header.index("Avanzamento")
    for row in body:
        action = by_code[row[0]]
        assert row[due] == format_date(action.due_date)
        assert row[progress] == f"{action.progress}%"
    risky = next(r for r in body if r[0] == ACTION_CODE)
    assert risky[header.index("Ufficio responsabile")] == "'" + FORMULA_OFFICE
    assert all(not cell.startswith(("=", "+", "@")) for row in body for cell in row)
    assert "città" in raw.decode("utf-8-sig")


def _cell_text(cell: TableCell) -> str:
    return "\n".join(str(p) for p in cell.getElementsByType(P))


def _sheets(path: Path) -> dict[str, list[list[TableCell]]]:
    doc = opendocument.load(str(path))
    sheets = {}
    for table in doc.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            rows.append(row.getElementsByType(TableCell))
        sheets[table.getAttrNS(TABLENS, "name")] = rows
    return sheets


def test_ods_has_the_sheets_same_rows_and_real_dates(report_desk: Desk, out_dir: Path) -> None:
    target = out_dir / "azioni.ods"
    make_report(report_desk, ReportOptions(kind=ReportKind.ODS), target)
    sheets = _sheets(target)
    assert list(sheets) == ["Sintesi", "Azioni", "Traguardi", "Uffici", "Missioni"]
    actions = sheets["Azioni"]
    header = [_cell_text(c) for c in actions[0]]
    assert header == _xlsx_header(report_desk, out_dir)
    listed = report_desk.actions()
    assert [_cell_text(r[0]) for r in actions[1:]] == [r.code for r in listed]
    due = header.index("Scadenza")
    progress = header.index("Avanzamento")
    by_code = {r.code: r for r in listed}
    dated = 0
    for row in actions[1:]:
        action = by_code[_cell_text(row[0])]
        if action.due_date:
            assert row[due].getAttrNS(OFFICENS, "value-type") == "date"
            assert row[due].getAttrNS(OFFICENS, "date-value") == action.due_date.isoformat()
            assert _cell_text(row[due]) == format_date(action.due_date)
            dated += 1
        assert row[progress].getAttrNS(OFFICENS, "value-type") == "percentage"
        assert float(row[progress].getAttrNS(OFFICENS, "value")) == action.progress / 100
    assert dated > 20
    risky = next(r for r in actions[1:] if _cell_text(r[0]) == ACTION_CODE)
    lead = risky[header.index("Ufficio responsabile")]
    assert _cell_text(lead) == FORMULA_OFFICE
    assert lead.getAttrNS(OFFICENS, "value-type") == "string"
    scaduta = header.index("Scaduta")
    formulas = [
        (name, i)
        for name, rows in sheets.items()
        for r in rows
        for i, c in enumerate(r)
        if c.getAttrNS(TABLENS, "formula")
    ]
    assert {name for name, _ in formulas} == {"Azioni", "Traguardi"}  # "Scaduta" only, never user text
    assert all(i == scaduta for name, i in formulas if name == "Azioni")
    assert actions[1][scaduta].getAttrNS(TABLENS, "formula").startswith("of:=IF(AND([.L2]")
    totals = sheets["Sintesi"][-1]
    assert _cell_text(totals[0]) == "Totale"
    assert totals[1].getAttrNS(OFFICENS, "value") == "84"
