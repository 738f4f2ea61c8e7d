"""The main window on a real seeded database: navigate, search, edit, save, conflicts, prompts."""

from __future__ import annotations

import sys
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.services import audit, browse, editing
from valenza_desk.ui.action_table_model import COL_CODE, COL_DUE
from valenza_desk.ui.detail_panel import LeaveChoice
from valenza_desk.ui.roles import VIEW_ROLE
from valenza_desk.ui.view_filter import View, ViewKind

from .conftest import never_ask


def click_navigator(qtbot, window, name: str) -> None:
    nav = window.navigator
    model = nav.model()
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        for r in range(model.rowCount(section)):
            index = model.index(r, 0, section)
            if index.data() == name:
                nav.scrollTo(index)
                qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualRect(index).center())
                return
    raise AssertionError(f"{name} not in navigator")


def visible_codes(window) -> list[str]:
    model = window.page.model
    return [model.index(r, COL_CODE).data() for r in range(model.rowCount())]


def open_code(qtbot, window, wait_ops, code: str) -> None:
    codes = visible_codes(window)
    window.page.select_row(codes.index(code))
    wait_ops()
    assert window.panel.detail is not None and window.panel.detail.code == code


def test_choosing_a_stakeholder_shows_only_its_actions(qtbot, window, seeded_db):
    assert window.page.model.rowCount() == 84
    assert "84 su 84" in window.count_label.text()
    click_navigator(qtbot, window, "Cultura")
    codes = visible_codes(window)
    assert len(codes) == 8
    assert all(code.startswith("CUL-") for code in codes)
    assert "8 su 84" in window.count_label.text()
    assert window.page.heading.text() == "Stakeholder: Cultura"


def test_search_box_ignores_accents(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.page.search.hasFocus()
    qtbot.keyClicks(window.page.search, "citta")
    rows = window.page.model.visible_rows()
    assert rows and len(rows) < 84
    assert any("città" in r.text.lower() for r in rows)
    assert f"{len(rows)} su 84" in window.count_label.text()


def test_edit_status_offices_due_date_and_note_is_saved_and_audited(
    qtbot, window_with_offices, seeded_db, two_offices, wait_ops
):
    window = window_with_offices
    culture_id, works_id = two_offices
    click_navigator(qtbot, window, "Cultura")
    open_code(qtbot, window, wait_ops, "CUL-04")
    panel = window.panel
    assert not panel.save_button.isEnabled()
    panel.status.setCurrentIndex(panel.status.findData(Status.IN_PROGRESS.value))
    panel.progress.setValue(40)
    panel.lead_office.setCurrentIndex(panel.lead_office.findData(culture_id))
    panel.support_offices.set_checked_id(works_id)
    due = date.today() + timedelta(days=60)
    panel.due_date.edit.setDate(QDate(due.year, due.month, due.day))
    qtbot.keyClicks(panel.note, "Incontro con la commissione Unesco")
    panel.act_reference.setText("Delibera G.C. n. 12")
    assert panel.is_dirty() and panel.save_button.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert not panel.is_dirty()

    action_id = browse.action_id_for_code(seeded_db, "CUL-04")
    stored = browse.action_detail(seeded_db, action_id)
    assert stored.status is Status.IN_PROGRESS and stored.progress == 40
    assert stored.lead_office_id == culture_id and stored.support_office_ids == (works_id,)
    assert stored.due_date == due
    assert stored.updates[0].text == "Incontro con la commissione Unesco"
    assert stored.updates[0].act_reference == "Delibera G.C. n. 12"
    fields = {e.field for e in audit.list_audit(seeded_db, entity="action", entity_id=action_id)}
    assert {"status", "progress", "due_date", "lead_office", "support_offices", "note"} <= fields
    # the table row follows without a reload, and the timeline shows the note
    row = window.page.model.find_row(action_id)
    assert row.lead_office == "Settore Cultura" and row.status is Status.IN_PROGRESS
    assert "Incontro con la commissione Unesco" in panel.timeline.text()


def test_milestones_add_and_tick(qtbot, window, seeded_db, wait_ops):
    open_code(qtbot, window, wait_ops, "BAM-02")
    editor = window.panel.milestones
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    editor.view.closePersistentEditor(editor.view.currentIndex())
    model = editor.model
    model.setData(model.index(0, 0), "Progetto esecutivo")
    model.setData(model.index(0, 1), date.today() + timedelta(days=30))
    editor.add_milestone()
    model.setData(model.index(1, 0), "Prima riunione")
    model.setData(model.index(1, 2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    window.panel.save()
    wait_ops()
    stored = browse.action_detail(seeded_db, browse.action_id_for_code(seeded_db, "BAM-02"))
    assert [m.title for m in stored.milestones] == ["Progetto esecutivo", "Prima riunione"]
    assert stored.milestones[0].due_date == date.today() + timedelta(days=30)
    assert stored.milestones[1].done_on == date.today()
    # edit one, remove the other
    editor.view.setCurrentIndex(model.index(1, 0))
    editor.remove_selected()
    model.setData(model.index(0, 0), "Progetto definitivo")
    window.panel.save()
    wait_ops()
    stored = browse.action_detail(seeded_db, stored.id)
    assert [m.title for m in stored.milestones] == ["Progetto definitivo"]


def test_unsaved_changes_prompt_cancel_discard_save(qtbot, window, seeded_db, wait_ops, monkeypatch):
    open_code(qtbot, window, wait_ops, "BAM-01")
    panel = window.panel
    panel.referent.setText("Assessore all'Istruzione")
    answers = [LeaveChoice.CANCEL]
    asked = []
    monkeypatch.setattr(panel, "ask_unsaved", lambda: asked.append(1) or answers.pop(0))
    window.page.select_row(2)  # a click elsewhere
    wait_ops()
    assert asked and panel.detail.code == "BAM-01"
    assert panel.referent.text() == "Assessore all'Istruzione"  # typing kept
    assert window.page.selected_action_id() == panel.detail.id  # selection went back

    answers.append(LeaveChoice.DISCARD)
    window.page.select_row(2)
    wait_ops()
    assert panel.detail.code == "BAM-03" and not panel.is_dirty()
    assert browse.action_detail(seeded_db, browse.action_id_for_code(seeded_db, "BAM-01")).referent == ""

    panel.referent.setText("Sindaco")
    answers.append(LeaveChoice.SAVE)
    window.page.select_row(3)
    wait_ops()
    assert panel.detail.code == "BAM-04"
    assert browse.action_detail(seeded_db, browse.action_id_for_code(seeded_db, "BAM-03")).referent == "Sindaco"


def test_escape_discards_and_ctrl_s_saves(qtbot, window, seeded_db, wait_ops):
    open_code(qtbot, window, wait_ops, "U30-01")
    panel = window.panel
    panel.referent.setFocus()
    qtbot.keyClicks(panel.referent, "Vicesindaco")
    qtbot.keyClick(panel.referent, Qt.Key.Key_Escape)
    assert panel.referent.text() == "" and not panel.is_dirty()
    qtbot.keyClicks(panel.referent, "Vicesindaco")
    qtbot.keyClick(panel.referent, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert browse.action_detail(seeded_db, panel.detail.id).referent == "Vicesindaco"


def test_conflict_keeps_typing_and_database(qtbot, window, seeded_db, actor, wait_ops):
    open_code(qtbot, window, wait_ops, "FAM-02")
    panel = window.panel
    panel.referent.setText("Assessore ai Servizi sociali")
    # another user saves the same action meanwhile
    other = ActionEdit.from_detail(browse.action_detail(seeded_db, panel.detail.id))
    other.progress = 25
    other.status = Status.IN_PROGRESS
    editing.save_action(seeded_db, type(actor)("altro.utente"), other)
    panel.save()
    wait_ops()
    assert panel.banner.isVisible() and "modificata" in panel.banner.text()
    assert "altro.utente" in panel.banner.text()
    assert panel.referent.text() == "Assessore ai Servizi sociali"
    assert panel.is_dirty()
    stored = browse.action_detail(seeded_db, panel.detail.id)
    assert stored.referent == "" and stored.progress == 25
    # reloading on request shows the other user's version
    qtbot.mouseClick(panel.banner.action_button, Qt.MouseButton.LeftButton)
    wait_ops()
    assert panel.progress.value() == 25 and panel.referent.text() == "" and not panel.is_dirty()


def test_invalid_values_show_a_message_and_keep_the_form(qtbot, window, seeded_db, wait_ops):
    open_code(qtbot, window, wait_ops, "IMP-01")
    panel = window.panel
    panel.status.setCurrentIndex(panel.status.findData(Status.DONE.value))
    assert panel.progress.value() == 100 and panel.completed_on.value() == date.today()
    future = date.today() + timedelta(days=5)
    panel.completed_on.set_value(future)
    panel.save()
    wait_ops()
    assert "futuro" in panel.banner.text()
    assert panel.completed_on.value() == future and panel.is_dirty()
    assert browse.action_detail(seeded_db, panel.detail.id).status is Status.NOT_STARTED


def test_read_only_database_shows_message(qtbot, seeded_db, actor, settings, wait_ops, monkeypatch):
    from valenza_desk.ui.main_window import MainWindow

    monkeypatch.setattr(seeded_db, "read_only", True)  # as Database.connect sets it for a read-only file
    win = MainWindow(seeded_db, actor, settings)
    never_ask(win)
    qtbot.addWidget(win)
    wait_ops()
    assert "sola lettura" in win.banner.text()
    open_code(qtbot, win, wait_ops, "BAM-01")
    win.panel.referent.setText("Sindaco")
    win.panel.save()
    wait_ops()
    assert "sola lettura" in win.panel.banner.text()
    assert win.panel.referent.text() == "Sindaco"


def test_views_overdue_and_without_office(qtbot, window, seeded_db, actor, wait_ops):
    action_id = browse.action_id_for_code(seeded_db, "AMB-01")
    edit = ActionEdit.from_detail(browse.action_detail(seeded_db, action_id))
    edit.due_date = date.today() - timedelta(days=3)
    editing.save_action(seeded_db, actor, edit)
    window.reload()
    wait_ops()
    click_navigator(qtbot, window, "Scadute")
    assert visible_codes(window) == ["AMB-01"]
    click_navigator(qtbot, window, "Senza ufficio responsabile")
    assert len(visible_codes(window)) == 84


def test_last_view_and_window_state_are_remembered(qtbot, seeded_db, actor, settings, wait_ops):
    from valenza_desk.ui.main_window import MainWindow

    first = MainWindow(seeded_db, actor, settings)
    never_ask(first)
    qtbot.addWidget(first)
    first.show()
    wait_ops()
    click_navigator(qtbot, first, "Bellezza")
    first.page.table.sortByColumn(COL_DUE, Qt.SortOrder.DescendingOrder)
    first.close()
    assert settings.geometry is not None  # size and position (clamped to the screen on restore)
    assert settings.splitter_state("main") == first.main_split.saveState()
    assert settings.splitter_state("table") == first.table_split.saveState()
    second = MainWindow(seeded_db, actor, settings)
    never_ask(second)
    qtbot.addWidget(second)
    second.show()
    wait_ops()
    assert second.navigator.current_view().kind == ViewKind.STAKEHOLDER
    assert second.navigator.current_view().name == "Bellezza"
    assert all(code.startswith("BEL-") for code in visible_codes(second))
    header = second.page.table.horizontalHeader()
    assert header.sortIndicatorSection() == COL_DUE
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_dashboard_and_programme_pages(qtbot, window, wait_ops):
    window.navigator.select_view(View(ViewKind.DASHBOARD))
    wait_ops()
    assert window.stack.currentWidget() is window.dashboard
    assert window.dashboard.total_card.number.text() == "84"
    assert window.dashboard.chart.series()
    window.navigator.select_view(View(ViewKind.PROGRAMME))
    wait_ops()
    html = window.programme_page.browser.toPlainText()
    assert "Inclusione" in html and "Cultura" in html


def test_reports_menu_without_module_shows_message(qtbot, window, monkeypatch):
    monkeypatch.setitem(sys.modules, "valenza_desk.ui.reports_dialog", None)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    window.reports_action.trigger()
    assert shown and "rapporti" in shown[0]


def test_closing_with_unsaved_changes_asks(qtbot, window, wait_ops, monkeypatch):
    open_code(qtbot, window, wait_ops, "DIP-01")
    window.panel.referent.setText("Segretario")
    monkeypatch.setattr(window.panel, "ask_unsaved", lambda: LeaveChoice.CANCEL)
    window.close()
    assert window.isVisible()
    assert window.panel.referent.text() == "Segretario"
    monkeypatch.setattr(window.panel, "ask_unsaved", lambda: LeaveChoice.DISCARD)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_navigator_entries_have_counts(window):
    model = window.navigator.model()
    views = []
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        views += [model.index(r, 0, section).data(VIEW_ROLE) for r in range(model.rowCount(section))]
    kinds = [v.kind for v in views if v is not None]
    assert kinds.count(ViewKind.STAKEHOLDER) == 9
    assert {ViewKind.ALL, ViewKind.OVERDUE, ViewKind.DUE_SOON, ViewKind.NO_LEAD} <= set(kinds)


def test_work_survives_closing_and_reopening_the_app(
    qtbot, window_with_offices, seeded_db, db_path, actor, settings, two_offices, wait_ops
):
    """The issue's check: pick Cultura, give CUL-04 an office, a due date and a note, close, reopen."""
    from valenza_desk.services.setup import open_database
    from valenza_desk.ui.main_window import MainWindow

    window = window_with_offices
    culture_id, _works_id = two_offices
    click_navigator(qtbot, window, "Cultura")
    open_code(qtbot, window, wait_ops, "CUL-04")
    panel = window.panel
    panel.lead_office.setCurrentIndex(panel.lead_office.findData(culture_id))
    panel.due_date.edit.setDate(QDate(2026, 6, 30))
    panel.status.setCurrentIndex(panel.status.findData(Status.IN_PROGRESS.value))
    panel.progress.setValue(25)
    qtbot.keyClicks(panel.note, "Dossier di candidatura inviato")
    qtbot.keyClick(panel, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert not panel.is_dirty()
    window.close()
    wait_ops()
    seeded_db.dispose()

    reopened_db = open_database(db_path)
    again = MainWindow(reopened_db, actor, settings)
    never_ask(again)
    qtbot.addWidget(again)
    again.show()
    wait_ops()
    assert again.page.heading.text().endswith("Cultura")  # the last view is remembered
    open_code(qtbot, again, wait_ops, "CUL-04")
    shown = again.panel
    assert shown.lead_office.currentData() == culture_id
    assert shown.due_date.edit.date() == QDate(2026, 6, 30)
    assert shown.progress.value() == 25
    assert "Dossier di candidatura inviato" in shown.timeline.text()
    again.close()
    wait_ops()
    reopened_db.dispose()
