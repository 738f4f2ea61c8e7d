"""The Excel workbook read back with openpyxl: sheets, rows, real dates, validation,
frozen header, autofilter, conditional formatting, print set-up, no formula from user text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.report_data import (
    ACTION_CODE,
    FORMULA_OFFICE,
    RISKY_REFERENT,
)
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.status import Status
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk


@pytest.fixture
def workbook(report_desk: Desk, out_dir: Path) -> openpyxl.Workbook:
    target = out_dir / "azioni.xlsx"
    result = make_report(report_desk, ReportOptions(kind=ReportKind.XLSX), target)
    assert "azioni: 84" in result.summary
    return openpyxl.load_workbook(target)


def test_sheets_and_one_row_per_action(workbook: openpyxl.Workbook, report_desk: Desk) -> None:
    assert workbook.sheetnames == ["Sintesi", "Azioni", "Traguardi", "Uffici", "Missioni"]
    ws = workbook["Azioni"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Codice", "N°", "Stakeholder", "Azione"]
    assert "Referente" in header
    codes = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert codes == [r.code for r in report_desk.actions()]
    offices_ws = workbook["Uffici"]
    assert offices_ws.max_row == 1 + len(report_desk.offices())


def test_dates_are_real_dates_and_progress_a_percentage(workbook: openpyxl.Workbook, report_desk: Desk) -> None:
    ws = workbook["Azioni"]
    header = [c.value for c in ws[1]]
    due_col = header.index("Scadenza")
    progress_col = header.index("Avanzamento")
    status_col = header.index("Stato")
    overdue_col = header.index("Scaduta")
    today = report_desk.today()
    rows = {r.code: r for r in report_desk.actions()}
    checked = 0
    for cells in ws.iter_rows(min_row=2):
        row = rows[cells[0].value]
        due = cells[due_col]
        if row.due_date is None:
            assert due.value is None
        else:
            assert isinstance(due.value, datetime)
            assert due.value.date() == row.due_date
            assert due.number_format == "dd/mm/yyyy"
            checked += 1
        assert cells[progress_col].value == pytest.approx(row.progress / 100)
        assert cells[progress_col].number_format == "0%"
        assert cells[status_col].value == row.status.label
        # "Scaduta" follows the date like the row's colour: a formula on the due date and the status
        assert cells[overdue_col].value == (
            f'=IF(AND(L{cells[0].row}<>"",L{cells[0].row}<TODAY(),I{cells[0].row}<>"Completata",'
            f'I{cells[0].row}<>"Non più prevista"),"Sì","No")'
        )
        assert row.is_overdue(today) == (row.due_date is not None and row.due_date < today and not row.status.is_closed)
    assert checked > 20


def test_validation_frozen_header_filter_and_conditional_formatting(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Azioni"]
    last_row = ws.max_row
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:P{last_row}"
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].type == "list"
    assert validations[0].formula1 == '"' + ",".join(s.label for s in Status) + '"'
    assert str(validations[0].sqref) == f"I2:I{last_row}"
    rules = [(str(rng.sqref), rule) for rng in ws.conditional_formatting for rule in rng.rules]
    assert len(rules) == 1
    ref, rule = rules[0]
    assert ref == f"A2:P{last_row}"
    assert rule.type == "expression"
    assert "TODAY()" in rule.formula[0] and "$L2" in rule.formula[0] and '$I2<>"Completata"' in rule.formula[0]
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.column_dimensions["D"].width == 38
    assert ws["D2"].alignment.wrap_text is True
    assert ws["A1"].font.bold is True
    assert workbook.properties.language == "it-IT"
    assert workbook.properties.title == "Stato di attuazione del programma 2020-2025"
    assert "Programma elettorale 2020-2025" in workbook.properties.subject


def test_user_text_never_becomes_a_formula(workbook: openpyxl.Workbook) -> None:
    formulas = {
        (ws.title, ws.cell(1, cell.column).value)
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f" and str(cell.value).startswith("=IF(AND(")
    }
    others = [
        (ws.title, cell.coordinate)
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f" and not str(cell.value).startswith("=IF(AND(")
    ]
    assert formulas == {("Azioni", "Scaduta"), ("Traguardi", "Scaduta")}  # ours only
    assert others == []
    ws = workbook["Azioni"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == ACTION_CODE)
    lead = row[header.index("Ufficio responsabile")]
    assert lead.value == FORMULA_OFFICE
    assert lead.data_type == "s"
    assert lead.quotePrefix is True
    referent = row[header.index("Referente")]
    assert referent.value == RISKY_REFERENT
    assert referent.data_type == "s"
    office_names = [c.value for c in workbook["Uffici"]["A"]]
    assert FORMULA_OFFICE in office_names


def test_summary_counts_per_stakeholder_and_totals(workbook: openpyxl.Workbook, report_desk: Desk) -> None:
    rows = list(workbook["Sintesi"].iter_rows(min_row=2, values_only=True))
    per_stakeholder = rows[:9]
    totals = rows[9]
    assert totals[0] == "Totale"
    assert totals[1] == 84 == sum(r[1] for r in per_stakeholder)
    done_col = 2 + list(Status).index(Status.DONE)
    listed = report_desk.actions()
    assert totals[done_col] == sum(r.status is Status.DONE for r in listed)


def test_public_workbook_has_no_referent_nor_office_heads(report_desk: Desk, out_dir: Path) -> None:
    target = out_dir / "pubblico.xlsx"
    make_report(report_desk, ReportOptions(kind=ReportKind.XLSX, public=True), target)
    wb = openpyxl.load_workbook(target)
    assert "Referente" not in [c.value for c in wb["Azioni"][1]]
    assert "Responsabile" not in [c.value for c in wb["Uffici"][1]]
    values = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert RISKY_REFERENT not in values
    assert "Dott. Ugo Formula" not in values


def test_filtered_workbook_only_has_the_chosen_office(report_desk: Desk, out_dir: Path) -> None:
    office_id = report_desk.resolve_office(FORMULA_OFFICE)
    target = out_dir / "ufficio.xlsx"
    make_report(report_desk, ReportOptions(kind=ReportKind.XLSX, query=ActionQuery(office_id=office_id)), target)
    ws = openpyxl.load_workbook(target)["Azioni"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == [ACTION_CODE]


def test_milestones_sheet_lists_open_and_reached_milestones(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Traguardi"]
    header = [c.value for c in ws[1]]
    reached_column = header.index("Raggiunto il")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    reached = [r for r in rows if r[reached_column] is not None]
    still_open = [r for r in rows if r[reached_column] is None]
    assert reached and still_open
    assert all(isinstance(r[reached_column], datetime) for r in reached)
