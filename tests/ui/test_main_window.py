"""The main window on a Desk over a real seeded database: navigate, search, edit, save, conflicts,
prompts, remembered state. Widgets are driven with clicks and keys (tests/ui/person.py)."""

from __future__ import annotations

import sys
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk
from valenza_desk.ui.action_table_model import COL_DUE
from valenza_desk.ui.milestones_editor import COL_DONE, COL_TITLE
from valenza_desk.ui.milestones_editor import COL_DUE as MILESTONE_DUE
from valenza_desk.ui.roles import VIEW_ROLE
from valenza_desk.ui.unsaved_guard import LeaveChoice
from valenza_desk.ui.views import ViewKind

from .conftest import open_window
from .person import (
    CTRL,
    answer_boxes,
    choose,
    click,
    click_header,
    click_index,
    click_navigator,
    click_row,
    ctrl_s,
    date_line,
    edit_cell,
    open_code,
    pick_calendar_day,
    press_enter,
    retype,
    tick,
    tick_entry,
    type_date,
    visible_codes,
)


def test_choosing_a_stakeholder_shows_only_its_actions(qtbot, window):
    assert window.page.model.rowCount() == 84
    assert "84 su 84" in window.count_label.text()
    click_navigator(qtbot, window, "Cultura")
    codes = visible_codes(window)
    assert len(codes) == 8
    assert all(code.startswith("CUL-") for code in codes)
    assert "8 su 84" in window.count_label.text()
    assert window.page.heading.text() == "Stakeholder: Cultura"
    assert window.page.heading.full_text() == "Stakeholder: Cultura — Programma elettorale 2020-2025"


def test_search_box_ignores_accents(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.page.search.hasFocus()
    qtbot.keyClicks(window.page.search, "citta")
    rows = window.page.model.visible_rows()
    assert rows and len(rows) < 84
    assert any("città" in r.text.lower() for r in rows)
    assert f"{len(rows)} su 84" in window.count_label.text()


def test_filter_bar_and_view_make_one_query(qtbot, window_with_offices, desk, two_offices, wait_ops):
    """The navigator's view and the filter bar narrow together, as the Desk's query would."""
    window = window_with_offices
    culture_id, _ = two_offices
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-02"))
    edit.lead_office_id = culture_id
    window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    click_navigator(qtbot, window, "Cultura")
    choose(qtbot, window.page.office_filter, "Settore Cultura")
    assert visible_codes(window) == ["CUL-02"]
    query = window.page.current_query()
    assert [r.code for r in desk.actions(query)] == ["CUL-02"]
    choose(qtbot, window.page.status_filter, "In corso")
    assert visible_codes(window) == []


def test_edit_status_offices_due_date_and_note_is_saved_and_audited(
    qtbot, window_with_offices, desk, clock, two_offices, wait_ops
):
    window = window_with_offices
    culture_id, works_id = two_offices
    click_navigator(qtbot, window, "Cultura")
    open_code(qtbot, window, wait_ops, "CUL-04")
    panel, form = window.panel, window.panel.form
    assert not panel.save_button.isEnabled()
    choose(qtbot, form.status, "In corso")
    retype(qtbot, form.progress, "40")
    choose(qtbot, form.lead_office, "Settore Cultura")
    tick_entry(qtbot, form.support_offices, "Lavori Pubblici")
    due = clock.today() + timedelta(days=60)
    pick_calendar_day(qtbot, form.due_date, due)
    qtbot.keyClicks(form.note, "Incontro con la commissione Unesco")
    qtbot.keyClicks(form.act_reference, "Delibera G.C. n. 12")
    assert panel.is_dirty() and panel.save_button.isEnabled()
    click(qtbot, panel.save_button)
    wait_ops()
    assert not panel.is_dirty()

    stored = desk.action_by_code("CUL-04")
    assert stored.status is Status.IN_PROGRESS and stored.progress == 40
    assert stored.lead_office_id == culture_id and stored.support_office_ids == (works_id,)
    assert stored.due_date == due
    assert stored.updates[0].text == "Incontro con la commissione Unesco"
    assert stored.updates[0].act_reference == "Delibera G.C. n. 12"
    fields = {e.field for e in desk.audit(entity="action", entity_id=stored.id)}
    assert {"status", "progress", "due_date", "lead_office", "support_offices", "note"} <= fields
    # the table row follows without a reload, and the timeline shows the note
    row = window.page.model.find_row(stored.id)
    assert row.lead_office == "Settore Cultura" and row.status is Status.IN_PROGRESS
    assert "Incontro con la commissione Unesco" in form.timeline.text()


def test_milestones_add_date_and_tick(qtbot, window, desk, clock, wait_ops):
    open_code(qtbot, window, wait_ops, "BAM-02")
    editor = window.panel.form.milestones
    view, model = editor.view, editor.model
    click(qtbot, editor.add_button)  # opens the title's editor
    title = view.indexWidget(model.index(0, COL_TITLE))
    qtbot.keyClicks(title, "Progetto esecutivo")
    press_enter(qtbot, title)
    due = clock.today() + timedelta(days=30)
    date_editor = edit_cell(qtbot, view, model.index(0, MILESTONE_DUE))
    qtbot.keyClicks(date_line(date_editor), due.strftime("%d/%m/%Y"))  # the cell's text is selected: typed over
    press_enter(qtbot, date_line(date_editor))
    click(qtbot, editor.add_button)
    title = view.indexWidget(model.index(1, COL_TITLE))
    qtbot.keyClicks(title, "Prima riunione")
    press_enter(qtbot, title)
    tick(qtbot, view, model.index(1, COL_DONE))
    ctrl_s(qtbot)
    wait_ops()
    stored = desk.action_by_code("BAM-02")
    assert [m.title for m in stored.milestones] == ["Progetto esecutivo", "Prima riunione"]
    assert stored.milestones[0].due_date == due
    assert stored.milestones[1].done_on == clock.today()  # the Desk's today, not the computer's
    # rename one, remove the other
    click_index(qtbot, view, model.index(1, COL_TITLE))
    click(qtbot, editor.remove_button)
    title = edit_cell(qtbot, view, model.index(0, COL_TITLE))
    retype(qtbot, title, "Progetto definitivo")
    press_enter(qtbot, title)
    ctrl_s(qtbot)
    wait_ops()
    assert [m.title for m in desk.action(stored.id).milestones] == ["Progetto definitivo"]


def test_unsaved_changes_prompt_cancel_discard_save(qtbot, window, desk, wait_ops):
    open_code(qtbot, window, wait_ops, "BAM-01")
    panel = window.panel
    qtbot.keyClicks(panel.form.referent, "Assessore all'Istruzione")
    answers = [LeaveChoice.CANCEL]
    asked = []
    panel.guard.ask = lambda code: asked.append(code) or answers.pop(0)
    click_row(qtbot, window, "BAM-03")
    wait_ops()
    assert asked == ["BAM-01"] and panel.detail.code == "BAM-01"
    assert panel.form.referent.text() == "Assessore all'Istruzione"  # typing kept
    assert window.page.selected_action_id() == panel.detail.id  # selection went back

    answers.append(LeaveChoice.DISCARD)
    click_row(qtbot, window, "BAM-03")
    wait_ops()
    assert panel.detail.code == "BAM-03" and not panel.is_dirty()
    assert desk.action_by_code("BAM-01").referent == ""

    qtbot.keyClicks(panel.form.referent, "Sindaco")
    answers.append(LeaveChoice.SAVE)
    click_row(qtbot, window, "BAM-04")
    wait_ops()
    assert panel.detail.code == "BAM-04"
    assert desk.action_by_code("BAM-03").referent == "Sindaco"


def test_leaving_waits_for_the_save_and_proceeds_only_after_it(qtbot, window, desk, wait_ops, monkeypatch):
    open_code(qtbot, window, wait_ops, "BAM-01")
    panel = window.panel
    qtbot.keyClicks(panel.form.referent, "Sindaco")
    panel.guard.ask = lambda code: LeaveChoice.SAVE
    stored_when_leaving = []
    show_action = panel.show_action

    def leaving(action_id, on_loaded=None):  # type: ignore[no-untyped-def]
        stored_when_leaving.append(desk.action_by_code("BAM-01").referent)
        show_action(action_id, on_loaded)

    monkeypatch.setattr(panel, "show_action", leaving)
    click_row(qtbot, window, "BAM-03")
    assert stored_when_leaving == []  # not before the save's outcome
    wait_ops()
    assert stored_when_leaving == ["Sindaco"]
    assert panel.detail.code == "BAM-03"


def test_leaving_stays_put_when_the_save_fails(qtbot, window, desk, db_path, clock, wait_ops):
    """Another Desk on the same file saves BAM-01 meanwhile: "Salva" fails and the person stays."""
    open_code(qtbot, window, wait_ops, "BAM-01")
    panel = window.panel
    qtbot.keyClicks(panel.form.referent, "Assessore all'Istruzione")
    other = Desk.open(db_path, Actor("altro.utente"), clock)
    try:
        theirs = ActionEdit.from_detail(other.action_by_code("BAM-01"))
        theirs.progress = 25
        theirs.status = Status.IN_PROGRESS
        other.save_action(theirs)
    finally:
        other.close()
    asked = []
    panel.guard.ask = lambda code: asked.append(code) or LeaveChoice.SAVE
    click_row(qtbot, window, "BAM-03")
    wait_ops()
    assert asked == ["BAM-01"]
    assert panel.detail.code == "BAM-01"  # stayed
    assert window.page.selected_action_id() == panel.detail.id  # the row is selected again
    assert panel.form.referent.text() == "Assessore all'Istruzione" and panel.is_dirty()
    assert "altro.utente" in panel.banner.text()
    assert desk.action_by_code("BAM-01").referent == ""
    # closing the window asks again and, failing again, keeps it open
    window.close()
    wait_ops()
    assert window.isVisible() and panel.form.referent.text() == "Assessore all'Istruzione"
    assert panel.detail.code == "BAM-01" and "altro.utente" in panel.banner.text()
    panel.guard.ask = lambda code: LeaveChoice.DISCARD


def test_changing_view_or_programme_asks_first(qtbot, window, desk, wait_ops):
    open_code(qtbot, window, wait_ops, "BAM-01")
    panel = window.panel
    qtbot.keyClicks(panel.form.referent, "Sindaco")
    answers = [LeaveChoice.CANCEL]
    panel.guard.ask = lambda code: answers.pop(0)
    click_navigator(qtbot, window, "Cultura")
    wait_ops()
    assert window.navigator.current_view().kind == ViewKind.ALL  # put back
    assert window.page.heading.text() == "Tutto il programma"
    assert panel.form.referent.text() == "Sindaco"
    answers.append(LeaveChoice.SAVE)
    click_navigator(qtbot, window, "Cultura")
    wait_ops()
    assert window.page.heading.text() == "Stakeholder: Cultura"
    assert desk.action_by_code("BAM-01").referent == "Sindaco"
    assert panel.detail is None  # BAM-01 is not a Cultura action


def test_escape_asks_before_discarding_and_ctrl_s_saves(qtbot, window, desk, wait_ops):
    open_code(qtbot, window, wait_ops, "U30-01")
    referent = window.panel.form.referent
    referent.setFocus()
    qtbot.keyClicks(referent, "Vicesindaco")
    boxes = answer_boxes("Scarta le modifiche")  # Esc never discards without asking
    qtbot.keyClick(referent, Qt.Key.Key_Escape)
    assert len(boxes.finish(back_to=referent)) == 1
    assert referent.text() == "" and not window.panel.is_dirty()
    qtbot.keyClicks(referent, "Vicesindaco")
    qtbot.keyClick(referent, Qt.Key.Key_S, CTRL)
    wait_ops()
    assert desk.action(window.panel.detail.id).referent == "Vicesindaco"


def test_conflict_keeps_typing_and_database(qtbot, window, desk, db_path, clock, wait_ops):
    open_code(qtbot, window, wait_ops, "FAM-02")
    panel = window.panel
    qtbot.keyClicks(panel.form.referent, "Assessore ai Servizi sociali")
    other = Desk.open(db_path, Actor("altro.utente"), clock)
    theirs = ActionEdit.from_detail(other.action_by_code("FAM-02"))
    theirs.progress, theirs.status = 25, Status.IN_PROGRESS
    other.save_action(theirs)
    other.close()
    click(qtbot, panel.save_button)
    wait_ops()
    assert panel.banner.isVisible() and "modificata" in panel.banner.text()
    assert "altro.utente" in panel.banner.text()
    assert panel.form.referent.text() == "Assessore ai Servizi sociali"
    assert panel.is_dirty()
    stored = desk.action(panel.detail.id)
    assert stored.referent == "" and stored.progress == 25
    # reloading on request shows the other user's version
    click(qtbot, panel.banner.action_button)
    wait_ops()
    assert panel.form.progress.value() == 25 and panel.form.referent.text() == "" and not panel.is_dirty()


def test_invalid_values_show_a_message_and_keep_the_form(qtbot, window, desk, clock, wait_ops):
    open_code(qtbot, window, wait_ops, "IMP-01")
    panel, form = window.panel, window.panel.form
    choose(qtbot, form.status, "Completata")
    assert form.progress.value() == 100 and form.completed_on.value() == clock.today()
    future = clock.today() + timedelta(days=5)
    pick_calendar_day(qtbot, form.completed_on, future)
    click(qtbot, panel.save_button)
    wait_ops()
    assert "futuro" in panel.banner.text()
    assert form.completed_on.value() == future and panel.is_dirty()
    assert desk.action(panel.detail.id).status is Status.NOT_STARTED


def test_read_only_database_shows_message(qtbot, desk, settings, wait_ops, monkeypatch):
    monkeypatch.setattr(desk.db, "read_only", True)  # as Database.connect sets it for a read-only file
    win = open_window(qtbot, desk, settings, wait_ops)
    assert "sola lettura" in win.banner.text()
    open_code(qtbot, win, wait_ops, "BAM-01")
    # nothing offered that would be refused (issue 10): the fields are read-only and say why
    qtbot.keyClicks(win.panel.form.referent, "Sindaco")
    assert win.panel.form.referent.text() == "" and not win.panel.form.referent.isEnabled()
    assert "sola lettura" in win.panel.read_only_label.text().lower() and win.panel.read_only_label.isVisible()
    assert not win.panel.save_button.isEnabled()
    assert not win.import_action.isEnabled() and "sola lettura" in win.import_action.toolTip()


def test_views_overdue_and_without_office(qtbot, desk, clock, settings, wait_ops):
    edit = ActionEdit.from_detail(desk.action_by_code("AMB-01"))
    edit.due_date = clock.today() - timedelta(days=3)
    desk.save_action(edit)
    window = open_window(qtbot, desk, settings, wait_ops)
    click_navigator(qtbot, window, "Scadute")
    assert visible_codes(window) == ["AMB-01"]
    assert window.page.model.index(0, 5).data() == "Da avviare (scaduta)"
    click_navigator(qtbot, window, "Senza ufficio responsabile")
    assert len(visible_codes(window)) == 84


def test_last_view_and_window_state_are_remembered(qtbot, desk, settings, wait_ops):
    first = open_window(qtbot, desk, settings, wait_ops)
    click_navigator(qtbot, first, "Bellezza")
    click_header(qtbot, first.page.table, COL_DUE)
    click_header(qtbot, first.page.table, COL_DUE)
    order = first.page.table.horizontalHeader().sortIndicatorOrder()
    first.close()
    assert settings.geometry is not None  # size and position (clamped to the screen on restore)
    assert settings.splitter_state("main") == first.main_split.saveState()
    assert settings.splitter_state("table") == first.table_split.saveState()
    second = open_window(qtbot, desk, settings, wait_ops)
    assert second.navigator.current_view().kind == ViewKind.STAKEHOLDER
    assert second.navigator.current_view().name == "Bellezza"
    assert all(code.startswith("BEL-") for code in visible_codes(second))
    header = second.page.table.horizontalHeader()
    assert header.sortIndicatorSection() == COL_DUE
    assert header.sortIndicatorOrder() == order


def test_dashboard_and_programme_pages(qtbot, window, wait_ops):
    click_navigator(qtbot, window, "Cruscotto")
    wait_ops()
    assert window.stack.currentWidget() is window.dashboard
    assert window.dashboard.total_card.number.text() == "84"
    assert window.dashboard.chart.series()
    assert window.dashboard.deadlines_box.title() == "Prossime scadenze (30 giorni)"
    assert window.dashboard.heading.full_text() == "Cruscotto del programma — Programma elettorale 2020-2025"
    click_navigator(qtbot, window, "Programma e valori")
    wait_ops()
    html = window.programme_page.browser.toPlainText()
    assert "Inclusione" in html and "Cultura" in html and "2020-2025" in html


def test_reports_menu_without_module_shows_message(qtbot, window, monkeypatch):
    monkeypatch.setitem(sys.modules, "valenza_desk.ui.reports_dialog", None)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    window.reports_action.trigger()
    assert shown and "rapporti" in shown[0]


def test_closing_with_unsaved_changes_asks(qtbot, window, wait_ops):
    open_code(qtbot, window, wait_ops, "DIP-01")
    qtbot.keyClicks(window.panel.form.referent, "Segretario")
    window.panel.guard.ask = lambda code: LeaveChoice.CANCEL
    window.close()
    assert window.isVisible()
    assert window.panel.form.referent.text() == "Segretario"
    window.panel.guard.ask = lambda code: LeaveChoice.DISCARD
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_navigator_entries_have_counts(window):
    model = window.navigator.model()
    views, names = [], []
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        names.append(section.data())
        for r in range(model.rowCount(section)):
            views.append(model.index(r, 0, section).data(VIEW_ROLE))
            names.append(model.index(r, 0, section).data())
    kinds = [v.kind for v in views if v is not None]
    assert kinds.count(ViewKind.STAKEHOLDER) == 9
    assert {ViewKind.ALL, ViewKind.OVERDUE, ViewKind.DUE_SOON, ViewKind.NO_LEAD} <= set(kinds)
    assert "In scadenza (30 giorni)" in names
    assert "PROGRAMMA 2020-2025" in names


def test_work_survives_closing_and_reopening_the_app(
    qtbot, window_with_offices, desk, db_path, actor, clock, settings, two_offices, wait_ops
):
    """The first slice's check: pick Cultura, give CUL-04 an office, a due date and a note, close, reopen."""
    window = window_with_offices
    culture_id, _works_id = two_offices
    click_navigator(qtbot, window, "Cultura")
    open_code(qtbot, window, wait_ops, "CUL-04")
    form = window.panel.form
    choose(qtbot, form.lead_office, "Settore Cultura")
    type_date(qtbot, form.due_date, "30/6/27")
    choose(qtbot, form.status, "In corso")
    retype(qtbot, form.progress, "25")
    qtbot.keyClicks(form.note, "Dossier di candidatura inviato")
    ctrl_s(qtbot)
    wait_ops()
    assert not window.panel.is_dirty()
    window.close()
    wait_ops()
    desk.close()

    reopened = Desk.open(db_path, actor, clock)
    again = open_window(qtbot, reopened, settings, wait_ops)
    assert again.page.heading.text().endswith("Cultura")  # the last view is remembered
    open_code(qtbot, again, wait_ops, "CUL-04")
    shown = again.panel.form
    assert shown.lead_office.currentData() == culture_id
    assert shown.due_date.value() == date(2027, 6, 30)
    assert shown.progress.value() == 25
    assert "Dossier di candidatura inviato" in shown.timeline.text()
    again.close()
    wait_ops()
    reopened.close()


# --- keyboard: shortcuts that leave text editing alone -------------------------------------------

# the keys QLineEdit, QPlainTextEdit and QSpinBox use for editing (no rich text here: Bold/Italic do not apply)
TEXT_EDITING_KEYS = [
    "Undo",
    "Redo",
    "Cut",
    "Copy",
    "Paste",
    "SelectAll",
    "Delete",
    "Backspace",
    "DeleteStartOfWord",
    "DeleteEndOfWord",
    "DeleteEndOfLine",
    "DeleteCompleteLine",
    "InsertLineSeparator",
    "InsertParagraphSeparator",
    "MoveToNextChar",
    "MoveToPreviousChar",
    "MoveToNextWord",
    "MoveToPreviousWord",
    "MoveToStartOfLine",
    "MoveToEndOfLine",
    "MoveToStartOfDocument",
    "MoveToEndOfDocument",
    "SelectNextChar",
    "SelectPreviousChar",
    "SelectNextWord",
    "SelectPreviousWord",
    "SelectStartOfLine",
    "SelectEndOfLine",
    "SelectStartOfDocument",
    "SelectEndOfDocument",
    "Deselect",
]


def test_no_window_shortcut_is_a_text_editing_key(window):
    from PySide6.QtGui import QAction, QKeySequence

    editing = {"Ctrl+U", "Ctrl+K", "Ctrl+H", "Ctrl+W", "Ctrl+E", "Ctrl+D"}  # line editing keys on Linux
    for name in TEXT_EDITING_KEYS:
        for keys in QKeySequence.keyBindings(getattr(QKeySequence.StandardKey, name)):
            editing.add(keys.toString())
    shortcuts = {
        keys.toString(): action.text()
        for action in window.findChildren(QAction)
        for keys in action.shortcuts()
        if action is not window.undo_action  # Ctrl+Z: the field's own undo comes first (next test)
    }
    assert shortcuts and not set(shortcuts) & editing, {k: shortcuts[k] for k in set(shortcuts) & editing}
    assert window.offices_action.shortcut().toString() == "Ctrl+Shift+U"


def test_offices_shortcut_works_from_a_text_field_without_touching_it(qtbot, window, wait_ops):
    from valenza_desk.ui.offices_dialog import OfficesDialog

    open_code(qtbot, window, wait_ops, "BAM-01")
    referent = window.panel.form.referent
    referent.setFocus()
    qtbot.keyClicks(referent, "Sindaco")
    qtbot.keyClick(referent, Qt.Key.Key_U, CTRL)  # the field's own key (clears the line on Linux)
    assert window.findChild(OfficesDialog) is None
    qtbot.keyClicks(referent, "Vicesindaco")
    typed = referent.text()
    qtbot.keyClick(referent, Qt.Key.Key_U, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.findChild(OfficesDialog) is not None, timeout=3000)
    assert referent.text() == typed
    window.findChild(OfficesDialog).close()
    qtbot.waitUntil(lambda: window.findChild(OfficesDialog) is None, timeout=3000)


def test_ctrl_z_undoes_typing_in_a_field_and_the_last_save_elsewhere(qtbot, window, wait_ops, monkeypatch):
    open_code(qtbot, window, wait_ops, "BAM-01")
    calls = []
    monkeypatch.setattr(window.panel, "undo_last", lambda: calls.append("undo"))
    referent = window.panel.form.referent
    referent.setFocus()
    qtbot.keyClicks(referent, "Sindaco")
    qtbot.keyClick(referent, Qt.Key.Key_Z, CTRL)
    assert referent.text() == "" and calls == []  # the field's own undo
    assert window.undo_action.isEnabled() and window.undo_action.text() == "&Annulla ultima modifica"
    window.page.table.setFocus()
    qtbot.keyClick(window.page.table, Qt.Key.Key_Z, CTRL)
    assert calls == ["undo"]
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Modifica")
    assert menu.actions()[0] is window.undo_action
