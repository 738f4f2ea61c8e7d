"""Driving widgets the way a person does: clicks on what is visible, keys typed, no setters behind
the widgets' backs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QWidget,
)

from valenza_desk.ui.action_table_model import COL_CODE
from valenza_desk.ui.roles import ROW_ROLE

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def back_to_window(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """A popup closed: the window manager gives the window (and ``widget``) the focus back."""
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=2000)
    if QApplication.focusWidget() is None:
        widget.setFocus(Qt.FocusReason.PopupFocusReason)


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, LEFT)


def click_index(qtbot, view: QAbstractItemView, index, double: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Click (or double-click) the cell of ``index`` in ``view``."""
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    if double:
        qtbot.mouseDClick(view.viewport(), LEFT, pos=centre)
    else:
        qtbot.mouseClick(view.viewport(), LEFT, pos=centre)


def click_header(qtbot, table: QTableView, column: int) -> None:  # type: ignore[no-untyped-def]
    """Click a column's header (sorts by it; a second click reverses the order)."""
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))


def click_navigator(qtbot, window, name: str) -> None:  # type: ignore[no-untyped-def]
    nav = window.navigator
    model = nav.model()
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        for r in range(model.rowCount(section)):
            index = model.index(r, 0, section)
            if index.data() == name:
                click_index(qtbot, nav, index)
                return
    raise AssertionError(f"{name} not in navigator")


def navigator_count(window, name: str) -> int | None:  # type: ignore[no-untyped-def]
    from valenza_desk.ui.roles import COUNT_ROLE

    model = window.navigator.model()
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        for r in range(model.rowCount(section)):
            index = model.index(r, 0, section)
            if index.data() == name:
                return index.data(COUNT_ROLE)
    raise AssertionError(f"{name} not in navigator")


def visible_codes(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.page.model
    return [model.index(r, COL_CODE).data() for r in range(model.rowCount())]


def click_row(qtbot, window, code: str) -> None:  # type: ignore[no-untyped-def]
    """Click the table row of the action ``code``."""
    table: QTableView = window.page.table
    model = window.page.model
    for r in range(model.rowCount()):
        if model.index(r, COL_CODE).data(ROW_ROLE).code == code:
            click_index(qtbot, table, model.index(r, COL_CODE))
            return
    raise AssertionError(f"{code} not in the table")


def open_code(qtbot, window, wait_ops, code: str) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, window, code)
    wait_ops()
    assert window.panel.detail is not None and window.panel.detail.code == code


def choose(qtbot, combo: QComboBox, text: str, check: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry of a combo box as a person does with the keyboard: focus it, type its first letters.

    ``check``: the entry must then be the one shown (not when the choice may be refused).
    """
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    for char in text:
        qtbot.keyClicks(combo, char)
        if combo.currentText() == text:
            break  # found: a person stops typing
    if QApplication.activePopupWidget() is not None:  # a space opens the list: Enter takes the entry found
        qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
        QApplication.processEvents()
        back_to_window(qtbot, combo)
    assert QApplication.activePopupWidget() is None
    assert not check or combo.currentText() == text, f"{combo.currentText()!r} chosen instead of {text!r}"


def pick(qtbot, combo: QComboBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open a combo box's list with a click and click the entry ``text``."""
    click(qtbot, combo)
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=2000)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a release sooner is taken as the opening click's
    row = combo.findText(text)
    assert row >= 0, f"{text} not in the list"
    click_index(qtbot, combo.view(), combo.model().index(row, 0))
    QApplication.processEvents()
    back_to_window(qtbot, combo)


def retype(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select everything in a field (Ctrl+A) and type ``text`` over it."""
    target = widget.lineEdit() if isinstance(widget, QAbstractSpinBox | QComboBox) else widget  # type: ignore[union-attr]
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(target, Qt.Key.Key_A, CTRL)
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, Qt.Key.Key_Delete)


def tick(qtbot, view: QAbstractItemView, index) -> None:  # type: ignore[no-untyped-def]
    """Click the check box drawn in a checkable cell."""
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    before = index.data(Qt.ItemDataRole.CheckStateRole)
    qtbot.mouseClick(view.viewport(), LEFT, pos=box.center())
    assert index.data(Qt.ItemDataRole.CheckStateRole) != before, "the click missed the check box"


def tick_entry(qtbot, check_list, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tick the entry named ``text`` of a check list (offices, values)."""
    found = check_list.findItems(text, Qt.MatchFlag.MatchExactly)
    assert found, f"{text} not in the list"
    tick(qtbot, check_list, check_list.indexFromItem(found[0]))


def edit_cell(qtbot, view: QAbstractItemView, index) -> QWidget:  # type: ignore[no-untyped-def]
    """Go to a cell with the arrow keys and press F2 to edit it; returns the editor that opened."""
    view.setFocus(Qt.FocusReason.MouseFocusReason)
    current = view.currentIndex()
    if not current.isValid():
        click_index(qtbot, view, view.model().index(0, 0))
        current = view.currentIndex()
    for _ in range(abs(index.row() - current.row())):
        qtbot.keyClick(view, Qt.Key.Key_Down if index.row() > current.row() else Qt.Key.Key_Up)
    for _ in range(abs(index.column() - current.column())):
        qtbot.keyClick(view, Qt.Key.Key_Right if index.column() > current.column() else Qt.Key.Key_Left)
    assert view.currentIndex() == index
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    assert editor is not None, "no editor opened"
    return editor


def press_enter(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Enter in an open cell editor (the view commits it on the next turn of the event loop)."""
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    QApplication.processEvents()


def ctrl_s(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+S where the keyboard focus is, as a person presses it."""
    focus = QApplication.focusWidget()
    assert focus is not None, "no widget has the keyboard focus"
    qtbot.keyClick(focus, Qt.Key.Key_S, CTRL)


# --- issue 9: the one date field, its calendar, and the message boxes a person answers ----------


def date_line(field):  # type: ignore[no-untyped-def]
    """The line edit of a date field (``DateEdit``) or the field itself (a cell's ``DateLineEdit``)."""
    return getattr(field, "edit", field)


def type_date(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tab into a date field (its text is selected, as Tab does) and type ``text`` over it."""
    line = date_line(field)
    line.setFocus(Qt.FocusReason.TabFocusReason)
    assert QApplication.focusWidget() is line
    if line.selectedText() != line.text():  # it had the focus already: select it as a person would
        qtbot.keyClick(line, Qt.Key.Key_A, CTRL)
    if text:
        qtbot.keyClicks(line, text)
    else:
        qtbot.keyClick(line, Qt.Key.Key_Delete)


def open_calendar(qtbot, field, key: str = "F4"):  # type: ignore[no-untyped-def]
    """Open a date field's calendar with F4 (or ``"Alt+Down"``); returns the popup."""
    line = date_line(field)
    if QApplication.focusWidget() is not line:
        line.setFocus(Qt.FocusReason.TabFocusReason)
    if key == "F4":
        qtbot.keyClick(line, Qt.Key.Key_F4)
    else:
        qtbot.keyClick(line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = line.calendar_popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    return popup


def pick_calendar_day(qtbot, field, day: date, key: str = "F4") -> None:  # type: ignore[no-untyped-def]
    """Open the calendar with the keyboard, go to the month with its arrows, click the day."""
    popup = open_calendar(qtbot, field, key)
    calendar = popup.calendar
    forward = calendar.findChild(QToolButton, "qt_calendar_nextmonth")
    back = calendar.findChild(QToolButton, "qt_calendar_prevmonth")
    for _ in range(240):
        shown = (calendar.yearShown(), calendar.monthShown())
        if shown == (day.year, day.month):
            break
        click(qtbot, forward if shown < (day.year, day.month) else back)
    else:
        raise AssertionError(f"month of {day} not reached")
    grid = calendar.findChild(QTableView, "qt_calendar_calendarview")
    model = grid.model()
    seen_first = False
    for row in range(1, model.rowCount()):  # row 0: the names of the days
        for column in range(model.columnCount()):
            index = model.index(row, column)
            number = int(index.data())
            seen_first = seen_first or number == 1
            if seen_first and number == day.day:
                click_index(qtbot, grid, index)
                QApplication.processEvents()
                assert not popup.isVisible()
                back_to_window(qtbot, date_line(field))
                assert QApplication.focusWidget() is date_line(field)
                return
    raise AssertionError(f"{day} not in the calendar")


class BoxAnswers:
    """Answers the message boxes that open, in order, by clicking the button named in ``answers``
    (or pressing ``"<Esc>"`` / ``"<Enter>"``), as a person would; ``questions`` keeps what each box said."""

    def __init__(self, answers: tuple[str, ...]) -> None:
        from PySide6.QtCore import QTimer

        self.pending = list(answers)
        self.questions: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._answer)
        self._timer.start()

    def _answer(self) -> None:
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QMessageBox

        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible() or not self.pending:
            return
        wanted = self.pending.pop(0)
        self.questions.append(f"{box.text()}\n{box.informativeText()}")
        if wanted == "<Esc>":
            QTest.keyClick(box, Qt.Key.Key_Escape)
        elif wanted == "<Enter>":
            QTest.keyClick(box, Qt.Key.Key_Return)
        else:
            buttons = {b.text().replace("&", ""): b for b in box.buttons()}
            assert wanted in buttons, f"{wanted!r} not among {list(buttons)}"
            QTest.mouseClick(buttons[wanted], LEFT)

    def finish(self, back_to: QWidget | None = None) -> list[str]:
        """Stop answering; every expected box must have been answered. ``back_to``: the widget whose
        window gets the focus back once the boxes are gone (as the window manager does)."""
        self._timer.stop()
        assert not self.pending, f"no box came for {self.pending}; seen: {self.questions}"
        if back_to is not None and self.questions:
            QApplication.processEvents()
            back_to.window().activateWindow()
            focus = back_to.window().focusWidget()
            (focus or back_to).setFocus(Qt.FocusReason.ActiveWindowFocusReason)
            QApplication.processEvents()
        return self.questions


def answer_boxes(*answers: str) -> BoxAnswers:
    """Start answering the next message boxes (call ``finish()`` after the action that opens them)."""
    return BoxAnswers(answers)


def alt(qtbot, widget: QWidget, letter: str) -> None:  # type: ignore[no-untyped-def]
    """Press Alt+``letter`` (a label's mnemonic) where the keyboard focus is."""
    key = getattr(Qt.Key, f"Key_{letter.upper()}")
    qtbot.keyClick(QApplication.focusWidget() or widget, key, Qt.KeyboardModifier.AltModifier)


def open_panel(qtbot, desk, wait_ops, code: str | None = None, size: tuple[int, int] = (520, 760)):  # type: ignore[no-untyped-def]
    """The detail panel on its own, as the window sets it up (today, offices, values), showing ``code``.

    Unsaved changes a test leaves are dropped when pytest-qt closes it (no box nobody answers).
    """
    from valenza_desk.ui.detail_panel import DetailPanel
    from valenza_desk.ui.unsaved_guard import LeaveChoice

    panel = DetailPanel(desk)
    panel.guard.ask = lambda _code: LeaveChoice.DISCARD
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.set_today(desk.today())
    panel.set_reference_data(desk.offices(), desk.values())
    panel.show()
    panel.activateWindow()
    qtbot.waitActive(panel)
    if code is not None:
        panel.show_action(desk.action_id(code))
    wait_ops()
    return panel
