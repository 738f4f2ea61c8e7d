"""The one date field: typed as a clerk types it, picked from a calendar, never turned into another date.

Driven with the keyboard and the mouse, in a small window next to another field to Tab to.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from valenza_desk.text import DateInputError
from valenza_desk.ui.date_edit import DateEdit, DateLineEdit

from .person import CTRL, click, open_calendar, pick_calendar_day, type_date

TODAY = date(2026, 11, 25)


class Host(QWidget):
    """A date field, another field after it, and an Esc shortcut like the detail panel's."""

    def __init__(self) -> None:
        super().__init__()
        self.field = DateEdit("nessuna scadenza", "Scadenza", self)
        self.field.today = TODAY
        self.after = QLineEdit(self)
        self.after.setAccessibleName("Campo successivo")
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.after)
        self.escapes = 0
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self._escaped)

    def _escaped(self) -> None:
        self.escapes += 1


@pytest.fixture
def host(qtbot) -> Host:  # type: ignore[no-untyped-def]
    widget = Host()
    qtbot.addWidget(widget)
    widget.resize(420, 160)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def leave(qtbot, host: Host) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(host.field.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is host.after


def test_typing_into_an_empty_field_gives_that_date(qtbot, host):
    field = host.field
    assert field.value() is None and field.text() == ""
    assert field.edit.placeholderText() == "nessuna scadenza"  # a hint, never part of the text
    type_date(qtbot, field, "30/06/2026")
    assert field.text() == "30/06/2026" and field.value() == date(2026, 6, 30)
    leave(qtbot, host)
    assert field.value() == date(2026, 6, 30) and not field.error_label.isVisible()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31/3/27", date(2027, 3, 31)),
        ("1.4.2027", date(2027, 4, 1)),
        ("2027-03-31", date(2027, 3, 31)),
        ("5-6-2027", date(2027, 6, 5)),
        (" 7/1/28 ", date(2028, 1, 7)),
    ],
)
def test_the_usual_ways_of_writing_a_date_are_read_and_tidied(qtbot, host, typed, expected):
    type_date(qtbot, host.field, typed)
    assert host.field.value() == expected
    leave(qtbot, host)
    assert host.field.text() == expected.strftime("%d/%m/%Y")  # written back as dd/mm/yyyy


def test_typing_over_a_date_replaces_it_whole(qtbot, host):
    host.field.set_value(date(2026, 11, 30))
    type_date(qtbot, host.field, "31/03/2027")
    leave(qtbot, host)
    assert host.field.value() == date(2027, 3, 31) and host.field.text() == "31/03/2027"


def test_backspace_and_typing_never_goes_back_silently(qtbot, host):
    field = host.field
    field.set_value(date(2026, 4, 28))
    line = field.edit
    line.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(line, Qt.Key.Key_End)
    for _ in range(3):
        qtbot.keyClick(line, Qt.Key.Key_Backspace)
    assert line.text() == "28/04/2"
    leave(qtbot, host)
    # kept as typed, marked, and refused: never 2002, never the old date
    assert line.text() == "28/04/2"
    assert field.error_label.isVisible() and "28/04/2" in field.error_label.text()
    with pytest.raises(DateInputError):
        field.value()
    # finishing the year fixes it, and the mark goes at once
    line.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(line, Qt.Key.Key_End)
    qtbot.keyClicks(line, "027")
    assert not field.error_label.isVisible() and field.value() == date(2027, 4, 28)


def test_an_impossible_date_shows_the_reason_and_stays_as_typed(qtbot, host):
    field = host.field
    type_date(qtbot, field, "31/02/2027")
    assert not field.error_label.isVisible()  # not while the person is still typing
    leave(qtbot, host)
    assert field.text() == "31/02/2027"
    assert field.error_label.isVisible()
    assert field.error_label.text() == "«31/02/2027» non è una data valida: febbraio 2027 non ha il giorno 31."
    assert field.error() == field.error_label.text() and not field.is_valid()
    with pytest.raises(DateInputError):
        field.value()
    type_date(qtbot, field, "13/13/2027")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)  # Enter also marks it
    assert "il mese deve essere tra 1 e 12" in field.error_label.text()


def test_clearing_means_no_date(qtbot, host):
    field = host.field
    field.set_value(date(2027, 1, 15))
    field.edit.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(field.edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(field.edit, Qt.Key.Key_Delete)
    assert field.value() is None and field.is_valid()
    field.set_value(date(2027, 1, 15))
    click(qtbot, field.clear_button)
    assert field.value() is None and field.text() == ""
    qtbot.keyClick(field.edit, Qt.Key.Key_Z, CTRL)  # the clear button's clearing can be taken back
    assert field.value() == date(2027, 1, 15)


def test_f4_opens_the_calendar_on_the_typed_date_and_enter_chooses(qtbot, host):
    field = host.field
    type_date(qtbot, field, "10/3/2027")
    popup = open_calendar(qtbot, field, "F4")
    calendar = popup.calendar
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 3)
    assert calendar.selectedDate().toPython() == date(2027, 3, 10)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)  # the next day
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.value() == date(2027, 3, 11) and field.text() == "11/03/2027"
    assert QApplication.focusWidget() is field.edit


def test_alt_down_opens_the_calendar_on_the_desks_today_when_empty(qtbot, host):
    field = host.field
    field.edit.setFocus(Qt.FocusReason.TabFocusReason)
    popup = open_calendar(qtbot, field, "Alt+Down")
    assert (popup.calendar.yearShown(), popup.calendar.monthShown()) == (2026, 11)
    assert popup.calendar.selectedDate().toPython() == TODAY
    click(qtbot, popup.today_button)
    assert field.value() == TODAY


def test_a_day_clicked_in_the_calendar_is_the_value(qtbot, host):
    pick_calendar_day(qtbot, host.field, date(2027, 2, 14))
    assert host.field.value() == date(2027, 2, 14)


def test_esc_in_the_calendar_closes_only_the_calendar(qtbot, host):
    field = host.field
    type_date(qtbot, field, "01/12/2026")
    popup = open_calendar(qtbot, field)
    focus = QApplication.focusWidget()
    assert focus is not None and popup.isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert host.escapes == 0  # the window's Esc never saw it
    assert field.value() == date(2026, 12, 1)


def test_the_calendar_icon_opens_it_with_the_mouse(qtbot, host):
    from PySide6.QtWidgets import QToolButton

    line = host.field.edit
    icon = next(b for b in line.findChildren(QToolButton) if b.defaultAction() is line.calendar_action)
    click(qtbot, icon)
    popup = line.calendar_popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_the_field_is_wide_enough_for_any_date(qtbot, host):
    line = host.field.edit
    room = line.width() - line.textMargins().left() - line.textMargins().right()
    assert room > line.fontMetrics().horizontalAdvance("31/12/2027") + line.fontMetrics().height()
    cell = DateLineEdit()
    qtbot.addWidget(cell)
    assert DateLineEdit.width_for(cell) > cell.fontMetrics().horizontalAdvance("31/12/2027") + 16
