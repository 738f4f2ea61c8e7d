"""Dates in the detail panel: typed, picked, cleared, refused when wrong; read back from the database."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.ui.unsaved_guard import LeaveChoice

from .person import (
    CTRL,
    answer_boxes,
    choose,
    click,
    ctrl_s,
    open_calendar,
    open_panel,
    pick_calendar_day,
    retype,
    type_date,
)


def test_a_due_date_typed_the_short_way_is_saved(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    type_date(qtbot, panel.form.due_date, "31/3/27")
    assert panel.is_dirty() and panel.save_button.isEnabled()
    ctrl_s(qtbot)
    wait_ops()
    assert desk.action_by_code("CUL-04").due_date == date(2027, 3, 31)
    assert panel.form.due_date.text() == "31/03/2027" and not panel.is_dirty()
    assert panel.state_text() == "Azione CUL-04 salvata." and not panel.banner.isVisible()


def test_typing_over_a_stored_date_and_clearing_it(qtbot, desk, wait_ops):
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-05"))
    edit.due_date = date(2026, 11, 30)
    desk.save_action(edit)
    panel = open_panel(qtbot, desk, wait_ops, "CUL-05")
    assert panel.form.due_date.text() == "30/11/2026"
    type_date(qtbot, panel.form.due_date, "31/03/2027")
    ctrl_s(qtbot)
    wait_ops()
    assert desk.action_by_code("CUL-05").due_date == date(2027, 3, 31)
    click(qtbot, panel.form.due_date.clear_button)
    ctrl_s(qtbot)
    wait_ops()
    assert desk.action_by_code("CUL-05").due_date is None


def test_a_wrong_date_refuses_the_save_and_stays_as_typed(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    retype(qtbot, form.referent, "Assessora alla Cultura")
    type_date(qtbot, form.due_date, "31/02/2027")
    ctrl_s(qtbot)  # still in the field: the save takes the text in, and refuses it
    wait_ops()
    reason = "«31/02/2027» non è una data valida: febbraio 2027 non ha il giorno 31."
    assert reason in panel.banner.text() and panel.banner.kind == "error"
    assert form.due_date.error_label.isVisible() and form.due_date.error_label.text() == reason
    assert form.due_date.text() == "31/02/2027" and form.referent.text() == "Assessora alla Cultura"
    stored = desk.action_by_code("CUL-04")
    assert stored.due_date is None and stored.referent == ""  # nothing saved
    assert panel.is_dirty()
    # leaving asks (the wrong date counts as unsaved input)
    asked = []
    panel.guard.ask = lambda code: asked.append(code) or LeaveChoice.CANCEL
    left = []
    panel.request_leave(lambda: left.append(True))
    assert asked == ["CUL-04"] and left == []
    type_date(qtbot, form.due_date, "28/02/2027")
    assert not form.due_date.error_label.isVisible()
    ctrl_s(qtbot)
    wait_ops()
    stored = desk.action_by_code("CUL-04")
    assert stored.due_date == date(2027, 2, 28) and stored.referent == "Assessora alla Cultura"


def test_completata_gives_today_and_the_date_stays_editable(qtbot, desk, clock, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "IMP-01")
    form = panel.form
    assert not form.completed_on.isEnabled()
    choose(qtbot, form.status, "Completata")
    assert form.progress.value() == 100 and form.completed_on.value() == clock.today()
    assert form.completed_on.isEnabled()
    real_day = clock.today() - timedelta(days=6)
    type_date(qtbot, form.completed_on, real_day.strftime("%d/%m/%y"))
    ctrl_s(qtbot)
    wait_ops()
    stored = desk.action_by_code("IMP-01")
    assert stored.status is Status.DONE and stored.progress == 100 and stored.completed_on == real_day


def test_a_completion_date_picked_in_the_calendar_is_saved(qtbot, desk, clock, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "IMP-02")
    choose(qtbot, panel.form.status, "Completata")
    day = clock.today() - timedelta(days=40)
    pick_calendar_day(qtbot, panel.form.completed_on, day, key="Alt+Down")
    ctrl_s(qtbot)
    wait_ops()
    assert desk.action_by_code("IMP-02").completed_on == day


def test_the_calendar_opens_on_the_desks_today_for_an_empty_due_date(qtbot, desk, clock, wait_ops):
    clock.advance(100)  # the Desk's day, not the computer's
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    popup = open_calendar(qtbot, panel.form.due_date)
    today = clock.today()
    assert (popup.calendar.yearShown(), popup.calendar.monthShown()) == (today.year, today.month)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter takes the day shown
    assert panel.form.due_date.value() == today


def test_esc_in_the_calendar_does_not_undo_the_form(qtbot, desk, wait_ops):
    """The issue's case: Esc to close the calendar popup also undid a progress change."""
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    choose(qtbot, form.status, "In corso")
    retype(qtbot, form.progress, "30")
    answers = answer_boxes()  # any box would be a failure: none expected
    popup = open_calendar(qtbot, form.due_date)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    answers.finish()
    assert answers.questions == [] and not popup.isVisible()
    assert form.progress.value() == 30 and form.current_status() is Status.IN_PROGRESS and panel.is_dirty()
    assert QApplication.focusWidget() is form.due_date.edit


def test_date_fields_leave_the_windows_shortcuts_alone(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    type_date(qtbot, panel.form.due_date, "15/1/2027")
    qtbot.keyClick(panel.form.due_date.edit, Qt.Key.Key_S, CTRL)  # Ctrl+S from inside the date field
    wait_ops()
    assert desk.action_by_code("CUL-04").due_date == date(2027, 1, 15)
