"""Milestones in the detail panel: dates typed or picked in the window's date field, kept when the
person clicks elsewhere and saves, "Raggiunto il" set to the real day; read back from the database."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from valenza_desk.domain.rows import ActionEdit, MilestoneRow
from valenza_desk.ui.date_edit import DateLineEdit
from valenza_desk.ui.milestones_editor import COL_DONE, COL_DUE, COL_TITLE
from valenza_desk.ui.unsaved_guard import LeaveChoice

from .person import (
    answer_boxes,
    click,
    ctrl_s,
    edit_cell,
    open_panel,
    pick_calendar_day,
    press_enter,
    tick,
)


def add_titled(qtbot, panel, title: str) -> int:  # type: ignore[no-untyped-def]
    """Click "Aggiungi traguardo", type the title, Enter; returns the new row."""
    editor = panel.form.milestones
    click(qtbot, editor.add_button)
    row = editor.model.rowCount() - 1
    title_editor = editor.view.indexWidget(editor.model.index(row, COL_TITLE))
    assert title_editor is not None
    qtbot.keyClicks(title_editor, title)
    press_enter(qtbot, title_editor)
    return row


def test_a_picked_date_left_by_clicking_elsewhere_and_ctrl_s_is_saved(qtbot, desk, clock, wait_ops):
    """The issue's sequence: pick a milestone date, click elsewhere, Ctrl+S; the date is in the database."""
    panel = open_panel(qtbot, desk, wait_ops, "BAM-02")
    editor = panel.form.milestones
    row = add_titled(qtbot, panel, "Progetto esecutivo")
    date_editor = edit_cell(qtbot, editor.view, editor.model.index(row, COL_DUE))
    assert isinstance(date_editor, DateLineEdit)
    due = clock.today() + timedelta(days=45)
    pick_calendar_day(qtbot, date_editor, due)
    qtbot.mouseClick(panel.form.referent, Qt.MouseButton.LeftButton)  # elsewhere
    assert QApplication.focusWidget() is panel.form.referent
    ctrl_s(qtbot)
    wait_ops()
    stored = desk.action_by_code("BAM-02").milestones
    assert [(m.title, m.due_date) for m in stored] == [("Progetto esecutivo", due)]


def test_a_date_still_being_edited_is_taken_in_by_ctrl_s(qtbot, desk, clock, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "BAM-03")
    editor = panel.form.milestones
    row = add_titled(qtbot, panel, "Gara d'appalto")
    date_editor = edit_cell(qtbot, editor.view, editor.model.index(row, COL_DUE))
    qtbot.keyClicks(date_editor, "31/3/27")
    assert panel.save_button.isEnabled()  # an open editor counts as a change
    ctrl_s(qtbot)  # without leaving the cell
    wait_ops()
    stored = desk.action_by_code("BAM-03").milestones
    assert [(m.title, m.due_date) for m in stored] == [("Gara d'appalto", date(2027, 3, 31))]
    assert not editor.is_editing()


def test_a_wrong_date_in_a_cell_is_kept_in_red_and_refuses_the_save(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "BAM-04")
    editor = panel.form.milestones
    row = add_titled(qtbot, panel, "Collaudo")
    index = editor.model.index(row, COL_DUE)
    date_editor = edit_cell(qtbot, editor.view, index)
    qtbot.keyClicks(date_editor, "31/02/2027")
    press_enter(qtbot, date_editor)
    assert index.data() == "31/02/2027"  # as typed, never another date
    assert "febbraio 2027 non ha il giorno 31" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert editor.error_label.isVisible() and "Traguardo «Collaudo»" in editor.error_label.text()
    ctrl_s(qtbot)
    wait_ops()
    assert "febbraio 2027 non ha il giorno 31" in panel.banner.text()
    assert desk.action_by_code("BAM-04").milestones == ()
    date_editor = edit_cell(qtbot, editor.view, index)
    assert date_editor.text() == "31/02/2027"  # the person corrects what they typed
    qtbot.keyClick(date_editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(date_editor, "28/02/2027")
    press_enter(qtbot, date_editor)
    assert not editor.error_label.isVisible()
    ctrl_s(qtbot)
    wait_ops()
    assert [m.due_date for m in desk.action_by_code("BAM-04").milestones] == [date(2027, 2, 28)]


def test_reached_proposes_today_and_takes_the_real_day(qtbot, desk, clock, wait_ops):
    edit = ActionEdit.from_detail(desk.action_by_code("BAM-05"))
    edit.milestones = (
        MilestoneRow(None, "Progetto", date(2026, 10, 1), None),
        MilestoneRow(None, "Gara", date(2027, 1, 1), None),
    )
    desk.save_action(edit)
    panel = open_panel(qtbot, desk, wait_ops, "BAM-05")
    editor = panel.form.milestones
    view, model = editor.view, editor.model
    tick(qtbot, view, model.index(0, COL_DONE))
    assert model.milestones()[0].done_on == clock.today()  # proposed
    reached = edit_cell(qtbot, view, model.index(0, COL_DONE))
    assert isinstance(reached, DateLineEdit) and reached.text() == clock.today().strftime("%d/%m/%Y")
    qtbot.keyClick(reached, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(reached, "20/11/2026")
    press_enter(qtbot, reached)
    reached = edit_cell(qtbot, view, model.index(1, COL_DONE))  # typed straight into an empty one
    qtbot.keyClicks(reached, "2.11.2026")
    press_enter(qtbot, reached)
    ctrl_s(qtbot)
    wait_ops()
    stored = desk.action_by_code("BAM-05").milestones
    assert [(m.title, m.done_on) for m in stored] == [("Progetto", date(2026, 11, 20)), ("Gara", date(2026, 11, 2))]
    tick(qtbot, view, model.index(1, COL_DONE))  # unticked: not reached
    ctrl_s(qtbot)
    wait_ops()
    assert [m.done_on for m in desk.action_by_code("BAM-05").milestones] == [date(2026, 11, 20), None]


def test_esc_in_a_cell_cancels_that_cell_only(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-06")
    qtbot.keyClicks(panel.form.referent, "Sindaco")
    editor = panel.form.milestones
    row = add_titled(qtbot, panel, "Avvio")
    title = edit_cell(qtbot, editor.view, editor.model.index(row, COL_TITLE))
    qtbot.keyClick(title, Qt.Key.Key_End)
    qtbot.keyClicks(title, " lavori")
    answers = answer_boxes()
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert answers.finish() == []
    assert not editor.is_editing() and editor.model.milestones()[row].title == "Avvio"
    assert panel.form.referent.text() == "Sindaco" and panel.is_dirty()
    date_editor = edit_cell(qtbot, editor.view, editor.model.index(row, COL_DUE))
    qtbot.keyClicks(date_editor, "1/1/27")
    answers = answer_boxes()
    qtbot.keyClick(date_editor, Qt.Key.Key_Escape)
    assert answers.finish() == [] and editor.model.milestones()[row].due_date is None


def test_keys_in_the_table_add_remove_and_tab_leaves_it(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-07")
    editor = panel.form.milestones
    view = editor.view
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert editor.model.rowCount() == 1 and editor.is_editing()
    title = view.indexWidget(editor.model.index(0, COL_TITLE))
    qtbot.keyClicks(title, "Primo")
    press_enter(qtbot, title)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    for char in "15/6/27":  # typing in a date cell opens its editor, and the keys go on into it
        qtbot.keyClicks(QApplication.focusWidget(), char)
    date_editor = view.indexWidget(editor.model.index(0, COL_DUE))
    assert isinstance(date_editor, DateLineEdit) and date_editor.text() == "15/6/27"
    press_enter(qtbot, date_editor)
    assert editor.model.milestones()[0].due_date == date(2027, 6, 15)
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.add_button  # Tab leaves the table
    view.setFocus(Qt.FocusReason.BacktabFocusReason)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert editor.model.rowCount() == 0


def test_leaving_with_a_cell_open_asks(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-08")
    editor = panel.form.milestones
    add_titled(qtbot, panel, "Verifica")
    ctrl_s(qtbot)
    wait_ops()
    title = edit_cell(qtbot, editor.view, editor.model.index(0, COL_TITLE))
    qtbot.keyClick(title, Qt.Key.Key_End)  # F2 selects the title: go to its end to add to it
    qtbot.keyClicks(title, " finale")
    asked = []
    panel.guard.ask = lambda code: asked.append(code) or LeaveChoice.SAVE
    left = []
    panel.request_leave(lambda: left.append(True))
    wait_ops()
    assert asked == ["CUL-08"] and left == [True]
    assert [m.title for m in desk.action_by_code("CUL-08").milestones] == ["Verifica finale"]


def test_date_columns_show_a_whole_date_and_its_editor(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "AMB-03", size=(460, 760))
    editor = panel.form.milestones
    view = editor.view
    metrics = view.fontMetrics()
    for column in (COL_DUE, COL_DONE):
        assert view.columnWidth(column) >= metrics.horizontalAdvance("31/12/2027") + 12
    row = add_titled(qtbot, panel, "Fine lavori")
    for column in (COL_DUE, COL_DONE):
        cell = edit_cell(qtbot, view, editor.model.index(row, column))
        qtbot.keyClicks(cell, "31/12/2027")
        margins = cell.textMargins()
        room = cell.width() - margins.left() - margins.right() - cell.height()  # the calendar icon
        assert room >= cell.fontMetrics().horizontalAdvance("31/12/2027"), (column, room)
        press_enter(qtbot, cell)
    assert view.visualRect(editor.model.index(row, COL_DONE)).right() <= view.viewport().width()
