"""The Reports dialog for the meeting cycle, driven like a person: a session's brief (snapshot
frozen, SHA-256 recorded, "Cosa è cambiato dalla seduta del …" read back from the PDF), the
workbook's "Variazioni" sheet since a session, the calendar and the end-of-mandate report."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from tests.ui.person import choose, click, pick, retype
from valenza_desk.domain.meetings import MeetingDraft
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk

from .test_reports_dialog import _open, _wait_idle


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def first_session(desk: Desk) -> tuple[int, int]:
    """A council session frozen on 01/10/2026, an action started since, the cabinet's session on 20/11/2026."""
    first = desk.add_meeting(MeetingDraft("Consiglio comunale", date(2026, 10, 1), "Verifica del programma")).value
    desk.freeze_snapshot(first.id)
    detail = desk.action_by_code("CUL-04")
    desk.save_action(replace(ActionEdit.from_detail(detail), status=Status.IN_PROGRESS, progress=30))
    second = desk.add_meeting(MeetingDraft("Giunta comunale", date(2026, 11, 20))).value
    return first.id, second.id


def test_a_sessions_brief_says_what_changed_since_the_previous_one(qtbot, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = first_session(desk)
    dialog = _open(qtbot, desk)
    assert dialog.session_combo.isVisible() and dialog.since_combo.isVisible()
    assert dialog.since_combo.itemText(0) == "— nessun confronto —"
    pick(qtbot, dialog.session_combo, "Giunta comunale del 20/11/2026")
    assert not dialog.meeting_edit.isVisible()  # the session names the brief
    assert dialog.since_combo.itemText(0) == "la seduta precedente con istantanea"
    assert dialog.since_combo.currentIndex() == 0
    target = tmp_path / "seduta.pdf"
    retype(qtbot, dialog.path_edit, str(target))
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert target.is_file(), dialog.message_label.text()
    text = pdf_text(target)
    assert "Cosa è cambiato dalla seduta del 01/10/2026" in text
    assert "CUL-04" in text
    meeting = desk.meeting(second)
    assert meeting.has_snapshot
    assert meeting.brief_sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    assert desk.meeting(first).brief_sha256 == ""
    if dialog.preview is not None:
        dialog.preview.close()

    # later, after more work: the same session's brief is reprinted identically from its snapshot
    detail = desk.action_by_code("CUL-05")
    desk.save_action(replace(ActionEdit.from_detail(detail), status=Status.IN_PROGRESS, progress=10))
    dialog = _open(qtbot, desk)
    pick(qtbot, dialog.session_combo, "Giunta comunale del 20/11/2026 (relazione già emessa)")
    again = tmp_path / "ristampa.pdf"
    retype(qtbot, dialog.path_edit, str(again))
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert again.is_file(), dialog.message_label.text()
    assert pdf_text(again) == text
    if dialog.preview is not None:
        dialog.preview.close()


def test_the_same_session_twice_is_refused(qtbot, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, _second = first_session(desk)
    dialog = _open(qtbot, desk)
    label = desk.meeting(first).label
    pick(qtbot, dialog.session_combo, label)
    pick(qtbot, dialog.since_combo, label)
    retype(qtbot, dialog.path_edit, str(tmp_path / "x.pdf"))
    click(qtbot, dialog.create_button)
    assert "seduta diversa" in dialog.message_label.text()
    assert not (tmp_path / "x.pdf").exists()


def test_workbook_variations_calendar_and_mandate(qtbot, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, _second = first_session(desk)
    dialog = _open(qtbot, desk)
    choose(qtbot, dialog.kind_combo, "Cartella di Excel (.xlsx)")
    assert not dialog.session_combo.isVisible() and dialog.since_combo.isVisible()
    pick(qtbot, dialog.since_combo, desk.meeting(first).label)
    book = tmp_path / "azioni.xlsx"
    retype(qtbot, dialog.path_edit, str(book))
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert book.is_file(), dialog.message_label.text()
    sheet = openpyxl.load_workbook(book)["Variazioni"]
    assert any("CUL-04" in [str(c) for c in row] for row in sheet.iter_rows(values_only=True))
    box = dialog.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    click(qtbot, box.button(QMessageBox.StandardButton.Close))

    choose(qtbot, dialog.kind_combo, "Calendario (iCalendar .ics)")
    assert dialog.path_edit.text().endswith(".ics") and not dialog.since_combo.isVisible()
    calendar = tmp_path / "scadenze.ics"
    retype(qtbot, dialog.path_edit, str(calendar))
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert calendar.is_file(), dialog.message_label.text()
    ics = calendar.read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and "Consiglio comunale" in ics
    click(qtbot, dialog.message_box.button(QMessageBox.StandardButton.Close))

    pick(qtbot, dialog.kind_combo, "Relazione di fine mandato — stato di attuazione (PDF)")
    assert not dialog.office_combo.isVisible()
    mandate = tmp_path / "mandato.pdf"
    retype(qtbot, dialog.path_edit, str(mandate))
    click(qtbot, dialog.create_button)
    _wait_idle(qtbot)
    assert mandate.is_file(), dialog.message_label.text()
    assert "Stato di attuazione" in pdf_text(mandate)
    if dialog.preview is not None:
        dialog.preview.close()
