"""The Reports dialog driven with qtbot: it writes real files off the UI thread, the PDF
opens in the preview (QtPdf), exports offer to open the file, failures are in Italian."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from valenza_desk.domain.rows import ActionFilter
from valenza_desk.domain.status import Status
from valenza_desk.reports.options import ReportKind
from valenza_desk.services import browse, offices
from valenza_desk.store.database import Database
from valenza_desk.ui import ops
from valenza_desk.ui.reports_dialog import ReportsDialog


def _open(qtbot, db: Database, initial_filter: ActionFilter | None = None) -> ReportsDialog:  # type: ignore[no-untyped-def]
    dialog = ReportsDialog(db, None, initial_filter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=10_000)
    return dialog


def _wait_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ops.pending_count() == 0, timeout=60_000)


def test_brief_is_written_and_previewed(qtbot, report_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    culture = browse.resolve_stakeholder(report_db, "Cultura")
    dialog = _open(qtbot, report_db, ActionFilter(stakeholder_ids=(culture,), statuses=(Status.IN_PROGRESS,)))
    assert dialog.kind() is ReportKind.BRIEF
    checked = [
        dialog.stakeholder_list.item(i).text()
        for i in range(dialog.stakeholder_list.count())
        if dialog.stakeholder_list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert checked == ["Cultura"]
    assert dialog.status_boxes[Status.IN_PROGRESS].isChecked()
    # widen the selection with a click, as a user would
    dialog.stakeholder_list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.status_boxes[Status.NOT_STARTED], Qt.MouseButton.LeftButton)
    dialog.meeting_edit.setText("Giunta comunale del 3 dicembre")
    dialog.notes_box.setChecked(True)
    target = tmp_path / "brief.pdf"
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot)
    assert target.is_file(), dialog.message_label.text()
    assert "Relazione per la seduta scritta" in dialog.message_label.text()
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Stakeholder: Bambini e giovani, Cultura" in " ".join(text.split())
    assert "Stati: Da avviare, In corso" in " ".join(text.split())
    preview = dialog.preview
    assert preview is not None and preview.isVisible()
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.document.pageCount() > 1
    assert preview.document.pageCount() == len(PdfReader(target).pages)


def test_preview_prints_every_page_and_saves_a_copy(qtbot, report_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, report_db)
    dialog.path_edit.setText(str(tmp_path / "brief.pdf"))
    dialog.generate()
    _wait_idle(qtbot)
    preview = dialog.preview
    assert preview is not None
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # the printer is the boundary: print to a file
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert preview.print_to(printer)
    assert len(PdfReader(printed).pages) == preview.document.pageCount()
    copy = tmp_path / "copia.pdf"
    assert preview.copy_to(copy) == ""
    assert copy.read_bytes() == (tmp_path / "brief.pdf").read_bytes()
    message = preview.copy_to(tmp_path / "manca" / "copia.pdf")
    assert "Non è possibile salvare" in message


def test_export_offers_to_open_the_file(qtbot, report_db: Database, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = _open(qtbot, report_db)
    dialog.set_kind(ReportKind.XLSX)
    assert dialog.path_edit.text().endswith(".xlsx")
    assert not dialog.meeting_edit.isVisible()
    target = tmp_path / "azioni.xlsx"
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot)
    assert target.is_file(), dialog.message_label.text()
    assert openpyxl.load_workbook(target)["Azioni"].max_row == 85
    box = dialog.message_box
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Open), Qt.MouseButton.LeftButton)
    assert opened == [str(target)]


def test_office_agenda_and_action_sheet_need_their_subject(qtbot, report_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, report_db)
    dialog.set_kind(ReportKind.OFFICE)
    dialog.path_edit.setText(str(tmp_path / "agenda.pdf"))
    dialog.generate()
    assert "Scegliere l'ufficio" in dialog.message_label.text()
    office_id = offices.resolve_office(report_db, "Servizi sociali")
    dialog.office_combo.setCurrentIndex(dialog.office_combo.findData(office_id))
    dialog.generate()
    _wait_idle(qtbot)
    assert (tmp_path / "agenda.pdf").is_file(), dialog.message_label.text()

    dialog.set_kind(ReportKind.ACTION)
    assert dialog.action_edit.isVisible() and not dialog.office_combo.isVisible()
    dialog.path_edit.setText(str(tmp_path / "azione.pdf"))
    dialog.generate()
    assert "codice dell'azione" in dialog.message_label.text()
    dialog.action_edit.setText("XYZ-99")
    dialog.generate()
    _wait_idle(qtbot)
    assert "Azione «XYZ-99» non trovata" in dialog.message_label.text()
    assert not (tmp_path / "azione.pdf").exists()
    dialog.message_box.close()
    dialog.action_edit.setText("CUL-04")
    dialog.audit_box.setChecked(True)
    dialog.generate()
    _wait_idle(qtbot)
    assert (tmp_path / "azione.pdf").is_file(), dialog.message_label.text()
    assert dialog.preview is not None and dialog.preview.document.pageCount() >= 1


def test_unwritable_target_is_reported_in_italian(qtbot, report_db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, report_db)
    dialog.set_kind(ReportKind.CSV)
    dialog.path_edit.setText(str(tmp_path / "manca" / "azioni.csv"))
    dialog.generate()
    _wait_idle(qtbot)
    assert "non esiste" in dialog.message_label.text()
    assert "Traceback" not in dialog.message_label.text()
    assert dialog.message_box is not None and dialog.message_box.isVisible()
    assert dialog.create_button.isEnabled()


def test_opening_the_dialog_does_not_import_report_libraries() -> None:
    code = (
        "import sys, os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "import valenza_desk.ui.reports_dialog, valenza_desk.ui.pdf_preview\n"
        "print(sorted(m for m in ('reportlab', 'openpyxl', 'odf') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy(), check=True
    )
    assert result.stdout.strip() == "[]"
