"""Long text never fails a report: cells taller than a page split across pages.

The three cases of issue 8 (a 3,000-character progress note, a 3,000-character action
text, a 6,000-character referent left by an older version) made reportlab fail with
"too large on page"; each is tried on the action sheet and on the brief. Then every
report kind is fed the worst real input at once: 10,000-character texts, accents,
typographic quotes, emoji and markup characters, and read back.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from odf import opendocument
from odf.table import TableCell
from odf.text import P
from pypdf import PdfReader

from tests.report_data import (
    ACCENT_CHARS,
    add_progress_note,
    long_text,
    set_action_text,
    store_referent_directly,
)
from valenza_desk.domain.rows import ActionEdit, OfficeDraft
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk

CODE = "CUL-04"


def _flat(path: Path) -> str:
    """The PDF's text on one line: table cells wrap anywhere."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _markers(text: str, word: str) -> list[str]:
    return re.findall(rf"{word} \d+:", text)


def _note(desk: Desk) -> str:
    text = long_text(3_000, "nota")
    add_progress_note(desk, CODE, text)
    return text


def _action_text(desk: Desk) -> str:
    text = long_text(3_000, "testo")
    set_action_text(desk, CODE, text)
    return text


def _referent(desk: Desk) -> str:
    text = long_text(6_000, "referente")
    store_referent_directly(desk, CODE, text)
    return text


CASES: dict[str, tuple[Callable[[Desk], str], str]] = {
    "progress note of 3,000": (_note, "nota"),
    "action text of 3,000": (_action_text, "testo"),
    "referent of 6,000": (_referent, "referente"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_action_sheet_survives_each_long_text_of_the_issue(desk: Desk, out_dir: Path, case: str) -> None:
    make_text, word = CASES[case]
    text = make_text(desk)
    target = out_dir / "scheda.pdf"
    result = make_report(desk, ReportOptions(kind=ReportKind.ACTION, action_code=CODE, audit=True), target)
    assert result.pages >= 2
    flat = _flat(target)
    wanted = _markers(text, word)
    assert len(wanted) > 20
    assert set(wanted) <= set(_markers(flat, word))  # every piece of the text is printed, none lost in a split


@pytest.mark.parametrize("case", list(CASES))
def test_brief_survives_each_long_text_of_the_issue(desk: Desk, out_dir: Path, case: str) -> None:
    make_text, word = CASES[case]
    overdue = ActionEdit.from_detail(desk.action_by_code(CODE))
    overdue.due_date = desk.today() - timedelta(days=10)  # in the overdue table too, a narrower column
    desk.save_action(overdue)
    text = make_text(desk)
    target = out_dir / "relazione.pdf"
    result = make_report(desk, ReportOptions(notes=True), target)
    assert result.pages > 5
    flat = _flat(target)
    assert "Azioni scadute (1)" in flat
    if word != "referente":  # the brief has no referent column: it must only not fail
        assert set(_markers(text, word)) <= set(_markers(flat, word))
    else:
        assert "referente 0:" not in flat


@pytest.fixture
def worst(desk: Desk) -> Desk:
    """CUL-04 with the longest texts the write path accepts, an older version's referent, an office."""
    set_action_text(desk, CODE, long_text(10_000, "testo"))
    office = desk.add_office(OfficeDraft("Ufficio «Prove» & <Test>")).value
    edit = ActionEdit.from_detail(desk.action_by_code(CODE))
    edit.lead_office_id = office.id
    edit.note = long_text(10_000, "nota")
    edit.notes = long_text(20_000, "interna")
    desk.save_action(edit)
    store_referent_directly(desk, CODE, long_text(6_000, "referente"))
    return desk


def _check_pdf(path: Path, words: tuple[str, ...]) -> str:
    flat = _flat(path)
    for char in ACCENT_CHARS:
        assert char in flat, char
    assert "<b>non grassetto</b> & R&D > 3 < 5" in flat  # markup printed as typed, never interpreted
    for word in words:
        assert f"{word} 0:" in flat, word
    return flat


def test_every_pdf_survives_the_worst_real_input(worst: Desk, out_dir: Path) -> None:
    office = worst.resolve_office("Ufficio «Prove» & <Test>")
    brief = out_dir / "relazione.pdf"
    make_report(worst, ReportOptions(notes=True, meeting=long_text(1_000, "riunione")), brief)
    _check_pdf(brief, ("testo", "nota", "riunione"))
    agenda = out_dir / "agenda.pdf"
    make_report(worst, ReportOptions(kind=ReportKind.OFFICE, office_id=office), agenda)
    _check_pdf(agenda, ("testo",))
    sheet = out_dir / "scheda.pdf"
    make_report(worst, ReportOptions(kind=ReportKind.ACTION, action_code=CODE, audit=True), sheet)
    flat = _check_pdf(sheet, ("testo", "nota", "interna", "referente"))
    assert set(_markers(long_text(10_000, "nota"), "nota")) <= set(_markers(flat, "nota"))
    assert set(_markers(long_text(20_000, "interna"), "interna")) <= set(_markers(flat, "interna"))
    public = out_dir / "pubblica.pdf"
    make_report(worst, ReportOptions(kind=ReportKind.ACTION, action_code=CODE, public=True), public)
    assert "referente 0:" not in _flat(public) and "interna 0:" not in _flat(public)


def test_every_spreadsheet_survives_the_worst_real_input(worst: Desk, out_dir: Path) -> None:
    text = worst.action_by_code(CODE).text
    assert len(text) == 10_000
    xlsx = out_dir / "azioni.xlsx"
    make_report(worst, ReportOptions(kind=ReportKind.XLSX), xlsx)
    ws = openpyxl.load_workbook(xlsx)["Azioni"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == CODE)
    assert row[header.index("Azione")] == text
    assert row[header.index("Referente")] == long_text(6_000, "referente")
    csv_path = out_dir / "azioni.csv"
    make_report(worst, ReportOptions(kind=ReportKind.CSV), csv_path)
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert next(r for r in rows if r[0] == CODE)[header.index("Azione")] == text
    ods = out_dir / "azioni.ods"
    make_report(worst, ReportOptions(kind=ReportKind.ODS), ods)
    cells = opendocument.load(str(ods)).spreadsheet.getElementsByType(TableCell)
    assert any("\n".join(str(p) for p in cell.getElementsByType(P)) == text for cell in cells)
