"""The one date field of the window: typed as a clerk types it, or picked from a calendar.

``DateLineEdit`` is a plain line edit (no input mask, no sections): 31/03/2027, 31/3/27,
1.4.2027 and 2027-03-31 are read with ``text.parse_user_date``; an empty field means no
date. Text that is not a date stays exactly as typed, carries the Italian reason
(``error()``) and is never turned into another date: ``value()`` raises ``DateInputError``
for it, so nobody can store it by mistake. When the person leaves the field (or presses
Enter) a valid date is written back as dd/mm/yyyy and an invalid one is marked.

F4, Alt+Down or the calendar icon open the calendar on the typed date, or on the Desk's
``today`` when the field is empty; a click or Enter on a day chooses it, Esc closes only
the calendar (the key never reaches the window's shortcuts).

``DateEdit`` is the line edit with a clear button and the error written under it (forms);
item views use the bare ``DateLineEdit`` as their cell editor, so the view sees its focus
leave and commits it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.text import DateInputError, format_date, parse_user_date

DATE_FORMAT_HINT = "gg/mm/aaaa"
WIDEST_DATE = "31/12/2027"
ERROR_STYLE = "QLineEdit { border: 1px solid #b91c1c; border-radius: 2px; padding: 1px 2px; background: #fef2f2; }"


def calendar_icon(colour: QColor | None = None) -> QIcon:
    """A small drawn calendar (no icon theme is needed), sharp at any scale."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = colour or QColor("#374151")
        unit = size / 16
        painter.setPen(QPen(ink, max(1.0, unit)))
        body = QRectF(2 * unit, 3 * unit, 12 * unit, 11 * unit)
        painter.drawRoundedRect(body, unit, unit)
        painter.fillRect(QRectF(2 * unit, 3 * unit, 12 * unit, 3 * unit), ink)
        for x in (5, 8, 11):
            for y in (8.5, 11.5):
                painter.fillRect(QRectF((x - 0.75) * unit, (y - 0.75) * unit, 1.5 * unit, 1.5 * unit), ink)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _is_escape(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape


def _opens_calendar(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if event.key() == Qt.Key.Key_F4 and modifiers == Qt.KeyboardModifier.NoModifier:
        return True
    return event.key() == Qt.Key.Key_Down and modifiers == Qt.KeyboardModifier.AltModifier


class CalendarPopup(QFrame):
    """The calendar under a date field. ``chosen(date)`` on a click or Enter; Esc only closes it."""

    chosen = Signal(object)  # datetime.date

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Calendario"))
        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(QLocale(QLocale.Language.Italian, QLocale.Country.Italy))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName(self.tr("Calendario: scegliere un giorno"))
        self.calendar.clicked.connect(self._choose)
        self.calendar.activated.connect(self._choose)  # Enter, or a double click
        self.today_button = QPushButton(self.tr("Oggi"), self)
        self.today_button.setAccessibleName(self.tr("Scegli la data di oggi"))
        self.today_button.setAutoDefault(False)
        self.today_button.clicked.connect(self._choose_today)
        self.hint = QLabel(self.tr("Invio sceglie, Esc chiude"), self)
        self.hint.setStyleSheet("color: #6b7280;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.today_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.calendar)
        layout.addLayout(bottom)
        self.today: date | None = None
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)

    def open_at(self, anchor: QWidget, shown: date | None, today: date | None) -> None:
        """Show under ``anchor``, on ``shown`` (or ``today`` when there is no date)."""
        self.today = today
        self.today_button.setEnabled(today is not None)
        if today is not None:
            bold = QTextCharFormat()
            bold.setFontWeight(700)
            bold.setForeground(QColor("#1d4ed8"))
            self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # forget an older today
            self.calendar.setDateTextFormat(_qdate(today), bold)
        start = shown or today
        if start is not None:
            self.calendar.setSelectedDate(_qdate(start))
            self.calendar.setCurrentPage(start.year, start.month)
        self.adjustSize()
        size = self.sizeHint()
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry()
        x = max(screen.left(), min(below.x(), screen.right() - size.width()))
        y = below.y()
        if y + size.height() > screen.bottom():  # no room below: open above the field
            y = max(screen.top(), anchor.mapToGlobal(QPoint(0, 0)).y() - size.height())
        self.move(x, y)
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _choose(self, day: QDate) -> None:
        self.hide()
        self.chosen.emit(day.toPython())

    def _choose_today(self) -> None:
        if self.today is not None:
            self.hide()
            self.chosen.emit(self.today)

    def event(self, event: QEvent) -> bool:
        # Esc belongs to the popup: accepting the override keeps it from the window's shortcuts
        if event.type() == QEvent.Type.ShortcutOverride and _is_escape(event):
            event.accept()
            return True
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_escape(event):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and _is_escape(event):
            self.hide()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            event.accept()
            return
        super().keyPressEvent(event)


class DateLineEdit(QLineEdit):
    """A date typed as text (empty = no date); see the module's description."""

    error_changed = Signal(str)  # the reason shown now ("" when none)

    def __init__(self, placeholder: str = "", accessible_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: date | None = None  # the Desk's today: where the calendar opens on an empty field
        self._popup: CalendarPopup | None = None
        self._shown_error = ""
        self.setPlaceholderText(placeholder or self.tr("gg/mm/aaaa"))
        if accessible_name:
            self.setAccessibleName(accessible_name)
        self.setAccessibleDescription(self.tr("Data come giorno/mese/anno; F4 apre il calendario"))
        self.setToolTip(self.tr("Scrivere la data (31/03/2027, 31/3/27, 1.4.2027); F4 o Alt+Giù: calendario"))
        self.setMaxLength(40)
        self.calendar_action = self.addAction(calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setText(self.tr("Apri il calendario"))
        self.calendar_action.setToolTip(self.tr("Apri il calendario (F4)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.editingFinished.connect(self.tidy)
        self.textChanged.connect(self._text_changed)

    # --- the value -------------------------------------------------------------------------
    def value(self) -> date | None:
        """The date typed, None when empty; DateInputError (Italian reason) when it is not a date."""
        text = self.text().strip()
        return parse_user_date(text) if text else None

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (None: empty), as the stored state: no error shown."""
        self.setText(format_date(value))
        self._set_shown_error("")

    def error(self) -> str:
        """Why the text is not a date ("" when it is one, or empty)."""
        try:
            self.value()
        except DateInputError as exc:
            return str(exc)
        return ""

    def is_valid(self) -> bool:
        return not self.error()

    def shown_error(self) -> str:
        return self._shown_error

    def tidy(self) -> None:
        """The person is done with the field: write a valid date as dd/mm/yyyy, mark an invalid one."""
        error = self.error()
        if not error:
            value = self.value()
            formatted = format_date(value)
            if formatted != self.text():
                self._replace_text(formatted)
        self._set_shown_error(error)

    def show_error(self) -> None:
        """Mark the field now if its text is not a date (before a save is refused)."""
        self._set_shown_error(self.error())

    def _text_changed(self, _text: str) -> None:
        # a fixed text clears the mark at once; a wrong one is marked only when the person is done
        if self._shown_error and self.is_valid():
            self._set_shown_error("")

    def _set_shown_error(self, error: str) -> None:
        if error == self._shown_error:
            return
        self._shown_error = error
        self.setStyleSheet(ERROR_STYLE if error else "")
        self.setAccessibleDescription(error or self.tr("Data come giorno/mese/anno; F4 apre il calendario"))
        self.error_changed.emit(error)

    def _replace_text(self, text: str) -> None:
        """Replace the whole text as an edit (Ctrl+Z can take it back)."""
        self.selectAll()
        if text:
            self.insert(text)
        else:
            self.del_()

    # --- the calendar ------------------------------------------------------------------------
    def open_calendar(self) -> None:
        if self.isReadOnly() or not self.isEnabled():
            return
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.chosen.connect(self._chosen)
        try:
            shown = self.value()
        except DateInputError:
            shown = None
        self._popup.open_at(self, shown, self.today)

    def calendar_popup(self) -> CalendarPopup | None:
        """The calendar, once it was opened (tests and accessibility tools read it)."""
        return self._popup

    def _chosen(self, day: date) -> None:
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self._replace_text(format_date(day))
        self._set_shown_error("")

    # --- keys ------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _opens_calendar(event):
            event.accept()  # F4 / Alt+Down are the field's own keys
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _opens_calendar(event):
            self.open_calendar()
            event.accept()
            return
        super().keyPressEvent(event)

    @staticmethod
    def width_for(widget: QWidget, text_width: int | None = None) -> int:
        """A width showing the widest date (or ``text_width``), the calendar icon and a margin."""
        metrics = widget.fontMetrics()
        shown = metrics.horizontalAdvance(WIDEST_DATE) if text_width is None else text_width
        return shown + metrics.height() + 22


class DateEdit(QWidget):
    """A date field for forms: the typed date, a button to clear it, the error under it."""

    changed = Signal()

    def __init__(self, empty_text: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = DateLineEdit(empty_text, accessible_name, self)
        empty = self.edit.fontMetrics().horizontalAdvance(self.edit.placeholderText())
        self.edit.setMinimumWidth(max(DateLineEdit.width_for(self.edit), DateLineEdit.width_for(self.edit, empty)))
        self.edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip(self.tr("Togli la data"))
        self.clear_button.setAccessibleName(self.tr("Togli la data: %s") % accessible_name)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field; Ctrl+A, Canc clears
        self.clear_button.clicked.connect(self.clear)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.setAccessibleName(self.tr("Errore nella data: %s") % accessible_name)
        self.error_label.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.edit, 0, 0)
        layout.addWidget(self.clear_button, 0, 1)
        layout.setColumnStretch(2, 1)
        layout.addWidget(self.error_label, 1, 0, 1, 3)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(lambda _text: self.changed.emit())
        self.edit.error_changed.connect(self._show_error)

    @property
    def today(self) -> date | None:
        return self.edit.today

    @today.setter
    def today(self, value: date | None) -> None:
        self.edit.today = value

    def value(self) -> date | None:
        """The date (None: none); DateInputError when the text is not a date."""
        return self.edit.value()

    def set_value(self, value: date | None) -> None:
        self.edit.set_value(value)

    def clear(self) -> None:
        """No date (the clear button): an edit the person can take back with Ctrl+Z."""
        self.edit._replace_text("")
        self.edit.tidy()

    def error(self) -> str:
        return self.edit.error()

    def is_valid(self) -> bool:
        return self.edit.is_valid()

    def show_error(self) -> None:
        self.edit.show_error()

    def tidy(self) -> None:
        self.edit.tidy()

    def open_calendar(self) -> None:
        self.edit.open_calendar()

    def text(self) -> str:
        return self.edit.text()

    def _show_error(self, error: str) -> None:
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))
