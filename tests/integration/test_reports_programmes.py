"""Several programmes: every report takes its titles from the programme in view, never from the code.

A second programme imported beside the first must show its own period and title in the
brief (read with pypdf), the workbook (openpyxl) and the ODS file (odfpy).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from odf import dc, opendocument
from pypdf import PdfReader

from tests.conftest import SEED
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import OfficeDraft
from valenza_desk.importers.programme_text import parse_programme
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk
from valenza_desk.services.samples import synthetic_programme

REPORTS_PACKAGE = Path(__file__).resolve().parents[2] / "valenza_desk" / "reports"


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _ods_meta(path: Path) -> tuple[str, str]:
    doc = opendocument.load(str(path))
    title = str(doc.meta.getElementsByType(dc.Title)[0])
    subject = str(doc.meta.getElementsByType(dc.Subject)[0])
    return title, subject


@pytest.fixture
def two_programmes(desk: Desk) -> Desk:
    """The bundled 2020-2025 programme and, beside it, a synthetic 2025-2030 one (now current, no coalition)."""
    summary = desk.import_programme(synthetic_programme(30, period="2025-2030")).value
    assert summary.new_programme
    assert [p.period for p in desk.programmes()] == ["2025-2030", "2020-2025"]
    return desk


def test_brief_of_the_new_programme_shows_its_own_period_and_title(two_programmes: Desk, out_dir: Path) -> None:
    target = out_dir / "nuovo.pdf"
    make_report(two_programmes, ReportOptions(), target)
    reader = PdfReader(target)
    text = _text(target)
    assert "Stato di attuazione del programma 2025-2030" in text
    assert "Programma sintetico 2025-2030" in text
    assert "2020-2025" not in text
    assert "coalizione" not in text and "sindaco" not in text  # the synthetic programme names neither
    assert "Stakeholder sintetico 1" in text
    assert reader.metadata.title == "Stato di attuazione del programma 2025-2030"
    assert "Programma sintetico 2025-2030" in reader.metadata.subject
    assert "Stato di attuazione del programma 2025-2030" in reader.pages[2].extract_text()  # running header


def test_brief_of_the_old_programme_keeps_its_own(two_programmes: Desk, out_dir: Path) -> None:
    old = two_programmes.for_programme(two_programmes.resolve_programme("2020-2025"))
    target = out_dir / "vecchio.pdf"
    make_report(old, ReportOptions(), target)
    text = _text(target)
    assert "Stato di attuazione del programma 2020-2025" in text
    assert "Programma elettorale 2020-2025 — coalizione Valenza Futura, sindaco Luca Ballerini" in text
    assert "2025-2030" not in text
    assert PdfReader(target).metadata.title == "Stato di attuazione del programma 2020-2025"


def test_a_query_naming_another_programme_reports_on_that_programme(two_programmes: Desk, out_dir: Path) -> None:
    old_id = two_programmes.resolve_programme("2020-2025")
    target = out_dir / "vecchio.xlsx"
    make_report(two_programmes, ReportOptions(kind=ReportKind.XLSX, query=ActionQuery(programme_id=old_id)), target)
    wb = openpyxl.load_workbook(target)
    assert wb.properties.title == "Stato di attuazione del programma 2020-2025"
    assert wb["Azioni"].max_row == 1 + 84


def test_workbook_and_ods_of_the_new_programme_show_its_own_period(two_programmes: Desk, out_dir: Path) -> None:
    xlsx = out_dir / "nuovo.xlsx"
    make_report(two_programmes, ReportOptions(kind=ReportKind.XLSX), xlsx)
    wb = openpyxl.load_workbook(xlsx)
    assert wb.properties.title == "Stato di attuazione del programma 2025-2030"
    assert "Programma sintetico 2025-2030" in wb.properties.subject
    assert "2020-2025" not in wb.properties.subject
    assert wb["Azioni"].max_row == 1 + 30
    summary_text = [c.value for row in wb["Sintesi"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Programma sintetico 2025-2030" in summary_text
    ods = out_dir / "nuovo.ods"
    make_report(two_programmes, ReportOptions(kind=ReportKind.ODS), ods)
    title, subject = _ods_meta(ods)
    assert title == "Stato di attuazione del programma 2025-2030"
    assert "Programma sintetico 2025-2030" in subject


def test_a_copy_of_the_bundled_text_with_another_period_gets_its_own_titles(desk: Desk, out_dir: Path) -> None:
    raw = SEED.read_text(encoding="utf-8").replace("2020-2025", "2025-2030")
    desk.import_programme(parse_programme(raw.encode("utf-8"), "programma-elettorale-2025-2030.txt"))
    assert len(desk.programmes()) == 2
    pdf = out_dir / "mandato.pdf"
    make_report(desk, ReportOptions(), pdf)
    text = _text(pdf)
    assert "Stato di attuazione del programma 2025-2030" in text
    assert "Programma elettorale 2025-2030 — coalizione Valenza Futura, sindaco Luca Ballerini" in text
    assert "2020-2025" not in text
    xlsx = out_dir / "mandato.xlsx"
    make_report(desk, ReportOptions(kind=ReportKind.XLSX), xlsx)
    assert openpyxl.load_workbook(xlsx).properties.title == "Stato di attuazione del programma 2025-2030"


def test_action_sheet_and_office_agenda_name_the_programme(two_programmes: Desk, out_dir: Path) -> None:
    code = two_programmes.actions()[0].code
    sheet = out_dir / "scheda.pdf"
    make_report(two_programmes, ReportOptions(kind=ReportKind.ACTION, action_code=code), sheet)
    assert "Programma sintetico 2025-2030" in _text(sheet)
    assert "Programma sintetico 2025-2030" in PdfReader(sheet).metadata.subject
    office = two_programmes.add_office(OfficeDraft("Ufficio Tributi")).value
    agenda = out_dir / "agenda.pdf"
    make_report(two_programmes, ReportOptions(kind=ReportKind.OFFICE, office_id=office.id), agenda)
    assert "Programma sintetico 2025-2030" in _text(agenda)
    assert "Programma sintetico 2025-2030" in PdfReader(agenda).metadata.subject


def test_an_empty_database_still_makes_a_brief(empty_desk: Desk, out_dir: Path) -> None:
    target = out_dir / "vuoto.pdf"
    make_report(empty_desk, ReportOptions(), target)
    text = _text(target)
    assert "Stato di attuazione del programma" in text
    assert "nessun programma importato" in text


def test_no_programme_period_coalition_or_person_is_written_in_the_reports_code() -> None:
    forbidden = re.compile(r"20\d\d\s*[-–]\s*20\d\d|Valenza Futura|Ballerini|[Ss]indaco [A-Z]")
    offending = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(REPORTS_PACKAGE.glob("*.py"))
        if path.name != "cli_commands.py"  # the CLI's, moving to the cli package
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offending == []
