"""The Meetings page ("Sedute"), driven like a person: a new session typed into its form, its
snapshot frozen with a click, a wrong date refused in Italian."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.modal import when_modal
from tests.ui.person import click, click_navigator, type_date
from valenza_desk.ui.meetings_page import MeetingDialog


def table_texts(page) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = page.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def activate(dialog) -> None:  # type: ignore[no-untyped-def]
    """The window manager gives the new dialog the keyboard (offscreen, the test does it)."""
    dialog.activateWindow()
    QApplication.processEvents()


def fill_meeting(qtbot, body: str, day: str, title: str):  # type: ignore[no-untyped-def]
    """Answer the "Nuova seduta" form: body typed over the proposed one, date typed, title, Enter."""
    seen: list[str] = []

    def answer(dialog: MeetingDialog) -> None:
        activate(dialog)
        line = dialog.body.lineEdit()
        line.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(line, body)
        qtbot.keyClick(line, Qt.Key.Key_Tab)
        type_date(qtbot, dialog.on_date, day)
        qtbot.keyClick(dialog.on_date.edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.title, title)
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
        seen.append(dialog.error.text() if dialog.isVisible() else "")
        if dialog.isVisible():
            click(qtbot, dialog.ok_button)

    return when_modal(answer, MeetingDialog), seen


def test_a_new_session_is_typed_frozen_and_listed(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    click_navigator(qtbot, window, "Sedute")
    wait_ops()
    page = window.meetings_page
    assert window.stack.currentWidget() is page
    assert page.table.rowCount() == 0
    assert "Nessuna seduta" in page.status.text()
    assert not page.compare_button.isEnabled()

    answered, _seen = fill_meeting(qtbot, "Commissione consiliare Lavori pubblici", "20/11/26", "Verifica programma")
    click(qtbot, page.new_button)
    assert answered
    wait_ops()
    rows = table_texts(page)
    assert rows == [["20/11/2026", "Commissione consiliare Lavori pubblici", "Verifica programma", "no", "—", "—"]]
    stored = desk.meetings()
    assert [(m.body, m.on_date, m.title) for m in stored] == [
        ("Commissione consiliare Lavori pubblici", date(2026, 11, 20), "Verifica programma")
    ]
    assert page.freeze_button.isEnabled()

    click(qtbot, page.freeze_button)
    wait_ops()
    assert table_texts(page)[0][3].startswith("sì (")
    assert desk.meeting(stored[0].id).has_snapshot
    assert not page.freeze_button.isEnabled()  # a snapshot is never taken again
    assert page.compare_button.isEnabled()


def test_a_date_that_is_not_one_is_refused_in_the_form(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    click_navigator(qtbot, window, "Sedute")
    wait_ops()
    page = window.meetings_page
    errors: list[str] = []

    def answer(dialog: MeetingDialog) -> None:
        activate(dialog)
        type_date(qtbot, dialog.on_date, "31/02/26")
        click(qtbot, dialog.ok_button)
        errors.append(dialog.error.text())
        assert dialog.isVisible()  # nothing is registered: the person corrects the date
        type_date(qtbot, dialog.on_date, "")
        click(qtbot, dialog.ok_button)
        errors.append(dialog.error.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    answered = when_modal(answer, MeetingDialog)
    click(qtbot, page.new_button)
    assert answered
    wait_ops()
    assert errors[0] and "data" in errors[0].lower()
    assert "data della seduta" in errors[1]
    assert desk.meetings() == []
    assert QApplication.activeModalWidget() is None


def test_the_menu_opens_the_pages_and_a_sessions_brief_starts_on_it(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    from valenza_desk.domain.meetings import MeetingDraft
    from valenza_desk.reports.options import ReportKind
    from valenza_desk.ui.reports_dialog import ReportsDialog

    meeting = desk.add_meeting(MeetingDraft("Giunta comunale", date(2026, 11, 20), "Bilancio")).value
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Visualizza")
    entries = {a.text(): a for a in menu.actions()}
    entries["Att&i"].trigger()
    wait_ops()
    assert window.stack.currentWidget() is window.acts_page
    assert window.navigator.current_view().kind == "acts"
    entries["S&edute"].trigger()
    wait_ops()
    page = window.meetings_page
    assert window.stack.currentWidget() is page
    assert page.table.item(0, 2).text() == "Bilancio"

    click(qtbot, page.brief_button)
    dialog = next(d for d in window.findChildren(ReportsDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=10_000)
    assert dialog.kind() is ReportKind.BRIEF
    assert dialog.session_combo.currentData() == meeting.id
    assert dialog.options().meeting_id == meeting.id
    dialog.reject()
