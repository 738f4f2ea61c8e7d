"""Small reusable widgets: a date field that may be empty, an inline message banner, a check list,
a page heading that names the programme, the status colour icon."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import ClassVar

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QWidget,
)

from valenza_desk.domain.status import Status

_NULL_QDATE = QDate(1999, 12, 31)  # one day before the earliest plausible date: shown as "no date"


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate(_NULL_QDATE)


def from_qdate(value: QDate) -> date | None:
    if not value.isValid() or value <= _NULL_QDATE:
        return None
    return date(value.year(), value.month(), value.day())


class OptionalDateEdit(QWidget):
    """A dd/mm/yyyy date with a calendar picker and a button to clear it (None = no date)."""

    changed = Signal()

    def __init__(self, empty_text: str, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.edit.setMinimumDate(_NULL_QDATE)
        self.edit.setMaximumDate(QDate(2100, 12, 31))
        self.edit.setSpecialValueText(empty_text)
        self.edit.setAccessibleName(accessible_name)
        self.edit.setDate(_NULL_QDATE)
        self.edit.calendarWidget().installEventFilter(self)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.today: date | None = None  # the Desk's today, where the calendar opens on an empty date
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setToolTip(self.tr("Togli la data"))
        self.clear_button.setAccessibleName(self.tr("Togli la data: %s") % accessible_name)
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)

    def value(self) -> date | None:
        return from_qdate(self.edit.date())

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(to_qdate(value))

    def clear(self) -> None:
        self.edit.setDate(_NULL_QDATE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An empty date would open the calendar in December 1999: open it on today instead.
        if event.type() == QEvent.Type.Show and self.value() is None and self.today is not None:
            self.edit.calendarWidget().setCurrentPage(self.today.year, self.today.month)
        return super().eventFilter(watched, event)


class Banner(QFrame):
    """An inline message (error, warning or information) with an optional action button."""

    STYLES: ClassVar[dict[str, tuple[str, str, str]]] = {
        "error": ("#fef2f2", "#991b1b", "#fca5a5"),
        "warning": ("#fffbeb", "#92400e", "#fcd34d"),
        "info": ("#eff6ff", "#1e3a8a", "#93c5fd"),
        "success": ("#f0fdf4", "#166534", "#86efac"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.hide()
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName(self.tr("Chiudi il messaggio"))
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._action: Callable[[], None] | None = None
        self.action_button.clicked.connect(self._run_action)
        self.kind = ""
        self.hide()

    def show_message(
        self, kind: str, text: str, action_text: str = "", action: Callable[[], None] | None = None
    ) -> None:
        background, foreground, border = self.STYLES.get(kind, self.STYLES["info"])
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border: 1px solid {border}; border-radius: 4px; }}"
            f"QFrame#banner QLabel {{ color: {foreground}; }}"
        )
        self.label.setText(text)
        self.setAccessibleName(text)
        self.setAccessibleDescription(text)
        self._action = action
        self.action_button.setVisible(bool(action_text and action))
        self.action_button.setText(action_text)
        self.action_button.setAccessibleName(action_text)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def _run_action(self) -> None:
        action = self._action
        self.hide()
        if action is not None:
            action()


class CheckList(QListWidget):
    """A list of checkable entries, each carrying an id; ``checked_ids`` in list order."""

    changed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_entries(self, entries: Iterable[tuple[int, str]], checked: Iterable[int] = ()) -> None:
        wanted = set(checked)
        self.blockSignals(True)
        try:
            self.clear()
            for entry_id, label in entries:
                item = QListWidgetItem(label, self)
                item.setData(Qt.ItemDataRole.UserRole, entry_id)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if entry_id in wanted else Qt.CheckState.Unchecked)
        finally:
            self.blockSignals(False)

    def set_checked(self, checked: Iterable[int]) -> None:
        wanted = set(checked)
        self.blockSignals(True)
        try:
            for n in range(self.count()):
                item = self.item(n)
                item.setCheckState(
                    Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted else Qt.CheckState.Unchecked
                )
        finally:
            self.blockSignals(False)

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(
            self.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.count())
            if self.item(n).checkState() == Qt.CheckState.Checked
        )

    def set_checked_id(self, entry_id: int, checked: bool = True) -> None:
        for n in range(self.count()):
            item = self.item(n)
            if item.data(Qt.ItemDataRole.UserRole) == entry_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def add_form_row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None = None) -> QLabel:
    """A labelled row whose label is never clipped (its width includes the mnemonic-free text)."""
    label = QLabel(text)
    label.setBuddy(buddy or field)
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance(plain) + 6)
    form.addRow(label, field)
    return label


def status_icon(status: Status) -> QIcon:
    """A small square in the status colour, for combo boxes listing statuses."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(status.colour))
    return QIcon(pixmap)


class Heading(QWidget):
    """A page heading followed, in grey, by the programme it belongs to (title and period)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("viewHeading")
        self.title.setStyleSheet("QLabel#viewHeading { font-size: 14pt; font-weight: bold; }")
        self.programme = QLabel(self)
        self.programme.setObjectName("viewProgramme")
        self.programme.setStyleSheet("QLabel#viewProgramme { color: #4b5563; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignBaseline)
        layout.addWidget(self.programme, 1, Qt.AlignmentFlag.AlignBaseline)

    def set_heading(self, text: str, programme: str) -> None:
        self.title.setText(text)
        self.programme.setText(programme)
        self.programme.setToolTip(programme)
        self.setAccessibleName(f"{text} — {programme}" if programme else text)

    def text(self) -> str:
        """The heading itself, without the programme."""
        return self.title.text()

    def full_text(self) -> str:
        return self.accessibleName()
