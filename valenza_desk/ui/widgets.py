"""Small reusable widgets: an inline message banner, a check list, a combo box that elides long
names in the middle, a page heading that names the programme, the status colour icon.

The date field lives in ``date_edit`` (``DateEdit``); ``OptionalDateEdit`` is its old name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.status import Status
from valenza_desk.ui.date_edit import DateEdit

OptionalDateEdit = DateEdit  # the name used before issue 9; one date widget everywhere


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
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # long office names keep their start and end
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_entries(self, entries: Iterable[tuple[int, str]], checked: Iterable[int] = ()) -> None:
        """The entries (id, label), each with its full label as tooltip."""
        wanted = set(checked)
        self.blockSignals(True)
        try:
            self.clear()
            for entry_id, label in entries:
                item = QListWidgetItem(label, self)
                item.setToolTip(label)
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


class ElidingComboBox(QComboBox):
    """A combo box for long names: the chosen one is elided in the middle, its full text is the
    tooltip, and the open list is wide enough for the longest entry (up to the screen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.currentIndexChanged.connect(self._update_tooltip)

    def _update_tooltip(self) -> None:
        text = self.currentText()
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    def showPopup(self) -> None:
        metrics = self.view().fontMetrics()
        widest = max((metrics.horizontalAdvance(self.itemText(n)) for n in range(self.count())), default=0)
        screen = self.screen().availableGeometry().width() if self.screen() else 1200
        self.view().setMinimumWidth(min(widest + 48, screen - 40))
        super().showPopup()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        room = field.width() - (option.iconSize.width() + 4 if not option.currentIcon.isNull() else 0) - 2
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideMiddle, room)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


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


def read_only_list(view: QTableView, accessible_name: str, single: bool = True) -> None:
    """A table that lists rows to pick (not to edit): whole rows selected (one, unless ``single`` is
    False), Tab leaves it (the arrows move inside), one line a row, long texts elided in the middle."""
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)


def list_beside_form(
    owner: QWidget,
    banner: QWidget,
    heading: QLabel,
    view: QWidget,
    new_button: QPushButton,
    form: QFormLayout,
    form_buttons: list[QPushButton],
    close_button: QPushButton,
) -> None:
    """The layout of a "list and edit" dialog (offices, people): the banner on top, the list with its
    heading and the "new" button on the left, the form and its buttons on the right, Chiudi below."""
    right = QVBoxLayout()
    right.addLayout(form)
    buttons = QHBoxLayout()
    for button in form_buttons:
        buttons.addWidget(button)
    buttons.addStretch(1)
    right.addLayout(buttons)
    right.addStretch(1)
    left = QVBoxLayout()
    left.addWidget(heading)
    left.addWidget(view, 1)
    left.addWidget(new_button, 0, Qt.AlignmentFlag.AlignLeft)
    body = QHBoxLayout()
    body.addLayout(left, 3)
    body.addLayout(right, 2)
    bottom = QHBoxLayout()
    bottom.addStretch(1)
    bottom.addWidget(close_button)
    layout: QBoxLayout = QVBoxLayout(owner)
    layout.addWidget(banner)
    layout.addLayout(body, 1)
    layout.addLayout(bottom)
