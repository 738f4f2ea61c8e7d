"""Milestones of one action: a small editable table (title, due date, date reached) with add and remove.

The model holds MilestoneRow tuples; a new milestone has id None. The action form
passes ``milestones()`` to the Desk as the desired full list. Both dates are typed in
the window's one date field (``DateLineEdit``), F2 or typing opens it, F4 its calendar.
Ticking "Raggiunto il" proposes the Desk's today (``set_today``); the date stays editable.
A date typed wrong is kept as typed, in red, with the reason (``errors()``): it never
becomes another date, and the panel refuses to save while one is there.

Nothing typed is lost: ``commit_pending()`` writes an open cell editor into the model
(the panel calls it before saving), a date editor whose focus leaves is committed by the
view, and Esc in a cell editor cancels that cell only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.rows import MilestoneRow
from valenza_desk.domain.status import OVERDUE_COLOUR
from valenza_desk.text import DateInputError, format_date, parse_user_date
from valenza_desk.ui.date_edit import DateLineEdit

COL_TITLE, COL_DUE, COL_DONE = range(3)
DATE_COLUMNS = (COL_DUE, COL_DONE)
_Index = QModelIndex | QPersistentModelIndex
ERROR_COLOUR = "#b91c1c"


class MilestonesModel(QAbstractTableModel):
    """Editable list of milestones; ticking "Raggiunto il" proposes today as the date reached."""

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MilestoneRow] = []
        self._typed: list[dict[int, tuple[str, str]]] = []  # per row: column -> (text typed, why not a date)
        self.today = date.min  # the Desk's today, set by the editor
        self._headers = (self.tr("Traguardo"), self.tr("Scadenza"), self.tr("Raggiunto il"))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return self._headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
            | Qt.ItemFlag.ItemIsEditable
        )
        if index.column() == COL_DONE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        typed = self._typed[index.row()].get(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if typed is not None:
                return typed[0]
            if column == COL_TITLE:
                return row.title
            if column == COL_DUE:
                return format_date(row.due_date, "—")
            return format_date(row.done_on, self.tr("non ancora"))
        if role == Qt.ItemDataRole.EditRole:
            if typed is not None:
                return typed[0]
            if column == COL_TITLE:
                return row.title
            if column == COL_DUE:
                return row.due_date
            return row.done_on
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_DONE:
            return Qt.CheckState.Checked if row.done_on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if typed is not None:
                return QColor(ERROR_COLOUR)
            if column == COL_DUE and row.is_overdue(self.today):
                return QColor(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.BackgroundRole and typed is not None:
            return QColor("#fef2f2")
        if role == Qt.ItemDataRole.ToolTipRole:
            if typed is not None:
                return typed[1]
            if column == COL_DONE:
                return self.tr("Spuntare quando il traguardo è raggiunto: propone la data di oggi, F2 per cambiarla")
            if column == COL_DUE:
                return self.tr("F2 o scrivere per cambiare la data; F4 apre il calendario")
            return row.title
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self._rows):
            return False
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_DONE:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            new = replace(row, done_on=(row.done_on or self.today) if checked else None)
        elif role == Qt.ItemDataRole.EditRole and column == COL_TITLE:
            new = replace(row, title=str(value or ""))
        elif role == Qt.ItemDataRole.EditRole and column in DATE_COLUMNS:
            if value is not None and not isinstance(value, date):
                return False
            new = replace(row, due_date=value) if column == COL_DUE else replace(row, done_on=value)
        else:
            return False
        had_typed = self._typed[index.row()].pop(column, None) is not None
        if new == row and not had_typed:
            return True
        self._rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 2))
        self.edited.emit()
        return True

    def set_typed(self, index: _Index, text: str, error: str) -> None:
        """Keep ``text`` typed in a date cell although it is not a date (shown in red, with ``error``)."""
        if not index.isValid() or index.column() not in DATE_COLUMNS:
            return
        if self._typed[index.row()].get(index.column()) == (text, error):
            return
        self._typed[index.row()][index.column()] = (text, error)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 2))
        self.edited.emit()

    def errors(self) -> list[str]:
        """Every date typed wrong, named by milestone and column."""
        found = []
        for row, typed in zip(self._rows, self._typed, strict=True):
            for column, (_text, error) in sorted(typed.items()):
                found.append(
                    self.tr("Traguardo «%1», %2: %3")
                    .replace("%1", row.title)
                    .replace("%2", self._headers[column].lower())
                    .replace("%3", error)
                )
        return found

    def set_milestones(self, milestones: Sequence[MilestoneRow]) -> None:
        self.beginResetModel()
        self._rows = list(milestones)
        self._typed = [{} for _ in self._rows]
        self.endResetModel()

    def milestones(self) -> tuple[MilestoneRow, ...]:
        return tuple(self._rows)

    def add(self, title: str, due: date | None = None) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(MilestoneRow(None, title, due, None))
        self._typed.append({})
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            del self._typed[row]
            self.endRemoveRows()
            self.edited.emit()


class MilestoneDelegate(QStyledItemDelegate):
    """Cell editors: the title as text, both dates in the window's date field.

    Esc in an open editor belongs to the editor (it cancels that cell), never to the panel.
    """

    editor_opened = Signal()
    editor_closed = Signal()

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.closeEditor.connect(lambda *_args: self._announce(self.editor_closed))

    def _announce(self, signal: Any) -> None:
        # after the view has changed its state (it does so right after asking the delegate)
        QTimer.singleShot(0, self, signal.emit)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        if index.column() in DATE_COLUMNS:
            name = self.tr("Scadenza del traguardo") if index.column() == COL_DUE else self.tr("Raggiunto il")
            editor: QWidget = DateLineEdit("", name, parent)
            model = index.model()
            editor.today = model.today if isinstance(model, MilestonesModel) else None  # type: ignore[attr-defined]
        else:
            editor = QLineEdit(parent)
            editor.setAccessibleName(self.tr("Titolo del traguardo"))
        editor.setAutoFillBackground(True)
        self._announce(self.editor_opened)
        return editor

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: _Index) -> None:
        super().updateEditorGeometry(editor, option, index)
        if not isinstance(editor, DateLineEdit):
            return
        # the editor needs room for the whole date and its calendar icon: wider than the cell if need be
        rect = editor.geometry()
        need = DateLineEdit.width_for(editor)
        if rect.width() < need:
            rect.setWidth(need)
            room = editor.parentWidget().width() if editor.parentWidget() else rect.right()
            if rect.right() >= room:
                rect.moveRight(room - 1)
            editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateLineEdit):
            editor.setText(format_date(value) if isinstance(value, date) else str(value or ""))
            editor.selectAll()
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, DateLineEdit):
            text = editor.text().strip()
            try:
                value = parse_user_date(text) if text else None
            except DateInputError as exc:
                if isinstance(model, MilestonesModel):
                    model.set_typed(index, text, str(exc))
                return
            model.setData(index, value, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()  # the key press then reaches the editor and cancels this cell only
            return True
        return super().eventFilter(editor, event)

    def pending_change(self, editor: QWidget, index: _Index) -> bool:
        """Whether the open ``editor`` holds something other than the cell's value."""
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateLineEdit):
            shown = format_date(value) if isinstance(value, date) else str(value or "")
            return editor.text().strip() != shown
        if isinstance(editor, QLineEdit):
            return editor.text() != str(value or "")
        return False


class MilestonesView(QTableView):
    """The table: Tab leaves it, arrows move, Ins adds a milestone and Canc removes the selected one."""

    add_requested = Signal()
    remove_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            if event.key() == Qt.Key.Key_Insert:
                self.add_requested.emit()
                return
            if event.key() == Qt.Key.Key_Delete:
                self.remove_requested.emit()
                return
        super().keyPressEvent(event)


class MilestonesEditor(QWidget):
    """Table of milestones with "Aggiungi" and "Elimina", and the dates typed wrong listed under it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MilestonesModel(self)
        self.model.edited.connect(self._edited)
        self.view = MilestonesView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Traguardi dell'azione"))
        self.view.setAccessibleDescription(self.tr("Ins aggiunge, Canc elimina, F2 modifica la cella, F4 calendario"))
        self.delegate = MilestoneDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.delegate.editor_opened.connect(self.changed)
        self.delegate.editor_closed.connect(self.changed)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move between cells
        self.view.setWordWrap(False)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DUE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_DONE, QHeaderView.ResizeMode.Fixed)
        self._size_date_columns()
        self.view.setMinimumHeight(self.fontMetrics().height() * 6)
        self.view.setMaximumHeight(self.fontMetrics().height() * 10)
        self.add_button = QPushButton(self.tr("Aggiungi traguardo"), self)
        self.add_button.setAccessibleName(self.tr("Aggiungi traguardo"))
        self.add_button.setToolTip(self.tr("Aggiungi un traguardo (Ins nella tabella)"))
        self.remove_button = QPushButton(self.tr("Elimina traguardo"), self)
        self.remove_button.setAccessibleName(self.tr("Elimina il traguardo selezionato"))
        self.remove_button.setToolTip(self.tr("Elimina il traguardo selezionato (Canc nella tabella)"))
        self.add_button.clicked.connect(self.add_milestone)
        self.remove_button.clicked.connect(self.remove_selected)
        self.view.add_requested.connect(self.add_milestone)
        self.view.remove_requested.connect(self.remove_selected)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.setAccessibleName(self.tr("Date dei traguardi da correggere"))
        self.error_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _size_date_columns(self) -> None:
        """Date columns wide enough for "31/12/2027" and a margin (an open date editor may be wider)."""
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        date_width = metrics.horizontalAdvance("31/12/2027") + 2 * metrics.averageCharWidth() + 12
        option = QStyleOptionButton()
        check = self.view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, option, self.view) + 8
        for column, extra in ((COL_DUE, 0), (COL_DONE, check)):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            header_width = header.fontMetrics().horizontalAdvance(str(title)) + 24
            self.view.setColumnWidth(column, max(date_width + extra, header_width))

    def _edited(self) -> None:
        errors = self.model.errors()
        self.error_label.setText("\n".join(errors))
        self.error_label.setVisible(bool(errors))
        self.changed.emit()

    def set_milestones(self, milestones: Sequence[MilestoneRow], today: date) -> None:
        self.cancel_pending()
        self.model.today = today
        self.model.set_milestones(milestones)
        self._edited()

    def set_today(self, today: date) -> None:
        """A new day: overdue dates are recoloured, a tick proposes this day."""
        self.model.today = today
        if self.model.rowCount():
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(self.model.rowCount() - 1, 2))

    def milestones(self) -> tuple[MilestoneRow, ...]:
        return self.model.milestones()

    def errors(self) -> list[str]:
        return self.model.errors()

    # --- the open cell editor ------------------------------------------------------------------
    def _open_editor(self) -> tuple[QWidget, QModelIndex] | None:
        if self.view.state() != QAbstractItemView.State.EditingState:
            return None
        index = self.view.currentIndex()
        editor = self.view.indexWidget(index) if index.isValid() else None
        return (editor, index) if editor is not None else None

    def is_editing(self) -> bool:
        return self._open_editor() is not None

    def has_pending_change(self) -> bool:
        """Whether a cell editor is open with something the table does not hold yet."""
        found = self._open_editor()
        return found is not None and self.delegate.pending_change(*found)

    def commit_pending(self) -> None:
        """Write an open cell editor into the table and close it (before saving)."""
        found = self._open_editor()
        if found is None:
            return
        editor, _index = found
        self.delegate.commitData.emit(editor)
        self.delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def cancel_pending(self) -> None:
        """Close an open cell editor without writing it (the edit is being discarded)."""
        found = self._open_editor()
        if found is not None:
            self.delegate.closeEditor.emit(found[0], QAbstractItemDelegate.EndEditHint.RevertModelCache)

    # --- buttons -----------------------------------------------------------------------------
    def add_milestone(self) -> None:
        self.commit_pending()
        row = self.model.add(self.tr("Nuovo traguardo"))
        index = self.model.index(row, COL_TITLE)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove_selected(self) -> None:
        self.commit_pending()
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove(index.row())
