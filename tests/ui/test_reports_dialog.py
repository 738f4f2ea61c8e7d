"""The Reports dialog driven with qtbot: it writes real files off the UI thread, the PDF
opens in the preview (QtPdf), exports offer to open the file, failures are in Italian. It
starts from the whole programme and takes the window's filters only when asked; the file
dialogs are Qt's own, in Italian."""

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

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.status import Status
from valenza_desk.reports.options import ReportKind
from valenza_desk.services.desk import Desk
from valenza_desk.ui import ops
from valenza_desk.ui.reports_dialog import ReportsDialog

from .modal import press, type_file_name, when_modal
from .person import choose, click, click_navigator, open_code, pick, retype, tick


def _open(qtbot, desk: Desk, initial_query: ActionQuery | None = None) -> ReportsDialog:  # type: ignore[no-untyped-def]
    dialog = ReportsDialog(desk, None, initial_query)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=10_000)
    return dialog


def _wait_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ops.pending_count() == 0, timeout=60_000)


def type_path(qtbot, dialog: ReportsDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, dialog.path_edit, str(path))


def checked_stakeholders(dialog: ReportsDialog) -> list[str]:
    return [
        dialog.stakeholder_list.item(i).text()
        for i in range(dialog.stakeholder_list.count())
        if dialog.stakeholder_list.item(i).checkState() == Qt.CheckState.Checked
    ]


def test_brief_is_written_and_previewed(qtbot, report_desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    culture = report_desk.resolve_stakeholder("Cultura")
    dialog = _open(qtbot, report_desk, ActionQuery(stakeholder_ids=(culture,), statuses=(Status.IN_PROGRESS,)))
    assert dialog.kind() is ReportKind.BRIEF
    # the whole programme first, whatever the window shows: a partial brief only on request
    assert checked_stakeholders(dialog) == [] and not dialog.status_boxes[Status.IN_PROGRESS].isChecked()
    assert dialog.filters_text() == "tutto il programma"
    assert dialog.options().query == ActionQuery()
    assert "Stakeholder: Cultura; Stato: In corso" in dialog.window_button.toolTip()
    click(qtbot, dialog.window_button)
    assert dialog.filters_text() == "Stakeholder: Cultura; Stato: In corso"
    checked = [
        dialog.stakeholder_list.item(i).text()
        for i in range(dialog.stakeholder_list.count())
        if dialog.stakeholder_list.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert checked == ["Cultura"]
    assert dialog.status_boxes[Status.IN_PROGRESS].isChecked()
    # widen the selection with clicks, as a user would
    tick(qtbot, dialog.stakeholder_list, dialog.stakeholder_list.model().index(0, 0))
    click(qtbot, dialog.status_boxes[Status.NOT_STARTED])
    qtbot.keyClicks(dialog.meeting_edit, "Giunta comunale del 3 dicembre")
    click(qtbot, dialog.notes_box)
    target = tmp_path / "brief.pdf"
    type_path(qtbot, dialog, target)
    options = dialog.options()
    bambini = report_desk.resolve_stakeholder("Bambini e giovani")
    assert options.query == ActionQuery(
        stakeholder_ids=(bambini, culture), statuses=(Status.NOT_STARTED, Status.IN_PROGRESS)
    )
    assert options.meeting == "Giunta comunale del 3 dicembre" and options.notes
    assert dialog.filters_text() == "Stakeholder: Bambini e giovani, Cultura; Stato: Da avviare, In corso"
    qtbot.keyClick(dialog.meeting_edit, Qt.Key.Key_Return)  # Enter: the default button, "Crea"
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


def test_preview_prints_every_page_and_saves_a_copy(qtbot, report_desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, report_desk)
    type_path(qtbot, dialog, tmp_path / "brief.pdf")
    click(qtbot, dialog.create_button)
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


def test_export_offers_to_open_the_file(qtbot, report_desk: Desk, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = _open(qtbot, report_desk)
    choose(qtbot, dialog.kind_combo, "Cartella di Excel (.xlsx)")
    assert dialog.path_edit.text().endswith(f"azioni-{report_desk.today().isoformat()}.xlsx")
    assert not dialog.meeting_edit.isVisible()
    target = tmp_path / "azioni.xlsx"
    type_path(qtbot, dialog, target)
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert target.is_file(), dialog.message_label.text()
    assert openpyxl.load_workbook(target)["Azioni"].max_row == 85
    box = dialog.message_box
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Open), Qt.MouseButton.LeftButton)
    assert opened == [str(target)]


def test_office_agenda_and_action_sheet_need_their_subject(qtbot, report_desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, report_desk)
    choose(qtbot, dialog.kind_combo, "Agenda di un ufficio (PDF)")
    type_path(qtbot, dialog, tmp_path / "agenda.pdf")
    click(qtbot, dialog.create_button)
    assert "Scegliere l'ufficio" in dialog.message_label.text()
    pick(qtbot, dialog.office_combo, "Settore Servizi Sociali")
    assert dialog.options().office_id == report_desk.resolve_office("Servizi sociali")
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert (tmp_path / "agenda.pdf").is_file(), dialog.message_label.text()

    choose(qtbot, dialog.kind_combo, "Scheda di un'azione (PDF)")
    assert dialog.action_edit.isVisible() and not dialog.office_combo.isVisible()
    type_path(qtbot, dialog, tmp_path / "azione.pdf")
    click(qtbot, dialog.create_button)
    assert "codice dell'azione" in dialog.message_label.text()
    qtbot.keyClicks(dialog.action_edit, "XYZ-99")
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert "Azione «XYZ-99» non trovata" in dialog.message_label.text()
    assert not (tmp_path / "azione.pdf").exists()
    dialog.message_box.close()
    retype(qtbot, dialog.action_edit, "CUL-04")
    click(qtbot, dialog.audit_box)
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert (tmp_path / "azione.pdf").is_file(), dialog.message_label.text()
    assert dialog.preview is not None and dialog.preview.document.pageCount() >= 1


def test_unwritable_target_is_reported_in_italian(qtbot, report_desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, report_desk)
    choose(qtbot, dialog.kind_combo, "Testo CSV (.csv)")
    type_path(qtbot, dialog, tmp_path / "manca" / "azioni.csv")
    click(qtbot, dialog.create_button)
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


def test_window_offers_its_filters_and_deletes_the_dialog_when_closed(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    click_navigator(qtbot, window, "Scadute")
    qtbot.keyClicks(window.page.search, "teatro")
    for _ in range(2):
        window.reports_action.trigger()
        dialogs = window.findChildren(ReportsDialog)
        assert len(dialogs) == 1
        dialog = dialogs[0]
        qtbot.waitUntil(dialog.create_button.isEnabled, timeout=10_000)
        assert dialog.windowTitle() == "Rapporti ed esportazioni — Programma elettorale 2020-2025"
        assert dialog.options().query == ActionQuery() and dialog.filters_text() == "tutto il programma"
        click(qtbot, dialog.window_button)
        assert dialog.options().query == ActionQuery(overdue=True, search="teatro")
        assert dialog.filters_text() == "Stato: Scaduta; Cerca: teatro"
        assert dialog.overdue_box.isChecked()
        click(qtbot, dialog.everything_button)
        assert dialog.options().query == ActionQuery() and not dialog.overdue_box.isChecked()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.findChildren(ReportsDialog), timeout=3000)
    wait_ops()


def test_action_sheet_starts_on_the_selected_action(qtbot, window, desk, wait_ops, tmp_path) -> None:  # type: ignore[no-untyped-def]
    click_navigator(qtbot, window, "Cultura")
    open_code(qtbot, window, wait_ops, "CUL-04")
    qtbot.keyClick(window.page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ReportsDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.create_button.isEnabled, timeout=10_000)
    choose(qtbot, dialog.kind_combo, "Scheda di un'azione (PDF)")
    assert dialog.action_edit.text() == "CUL-04"
    target = tmp_path / "scheda.pdf"
    type_path(qtbot, dialog, target)
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    _wait_idle(qtbot)
    assert "CUL-04" in " ".join(PdfReader(target).pages[0].extract_text().split())
    dialog.preview.close()
    dialog.close()


def test_file_dialogs_are_italian_and_save_a_copy_says_where(qtbot, report_desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, report_desk)
    type_path(qtbot, dialog, tmp_path / "bozza.pdf")  # the dialog opens in this folder
    seen: list[list[str]] = []
    chosen = tmp_path / "relazione"
    when_modal(type_file_name("relazione", seen))
    click(qtbot, _browse(dialog))
    assert dialog.path_edit.text() == str(chosen) + ".pdf"  # the extension is added
    assert seen and {"Nome del file:", "Tipo di file:", "Salva", "Annulla"} <= set(seen[0])
    assert not any(text in ("File name:", "Save", "Cancel", "Look in:") for text in seen[0])
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    _wait_idle(qtbot)
    preview = dialog.preview
    assert preview is not None and not preview.saved_label.isVisible()
    when_modal(type_file_name("copia"))
    click(qtbot, preview.save_button)
    assert (tmp_path / "copia.pdf").read_bytes() == (tmp_path / "relazione.pdf").read_bytes()
    assert preview.saved_label.isVisible()
    assert preview.saved_label.text() == f"Copia salvata in {tmp_path / 'copia.pdf'}"
    # cancelling the file dialog (Esc) saves nothing and says nothing new
    when_modal(press(Qt.Key.Key_Escape))
    click(qtbot, preview.save_button)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["copia.pdf", "relazione.pdf"]
    assert preview.saved_label.text() == f"Copia salvata in {tmp_path / 'copia.pdf'}"


def _browse(dialog: ReportsDialog):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "Sfoglia…")
