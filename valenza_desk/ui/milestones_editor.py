"""Milestones of one action: a small editable table (title, due date, reached) with add and remove.

The model holds MilestoneRow tuples; a new milestone has id None. The action form
passes ``milestones()`` to the Desk as the desired full list. "Today" (ticking a
milestone as reached, overdue dates in red) is the Desk's, given with ``set_today``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.rows import MilestoneRow
from valenza_desk.domain.status import OVERDUE_COLOUR
from valenza_desk.text import format_date
from valenza_desk.ui.widgets import OptionalDateEdit

COL_TITLE, COL_DUE, COL_DONE = range(3)
_Index = QModelIndex | QPersistentModelIndex


class MilestonesModel(QAbstractTableModel):
    """Editable list of milestones; ticking "Raggiunto" records today as the date reached."""

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MilestoneRow] = []
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
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == COL_DONE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == COL_TITLE:
                return row.title
            if column == COL_DUE:
                return format_date(row.due_date, "—")
            return format_date(row.done_on, self.tr("non ancora"))
        if role == Qt.ItemDataRole.EditRole:
            if column == COL_TITLE:
                return row.title
            if column == COL_DUE:
                return row.due_date
            return row.done_on
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_DONE:
            return Qt.CheckState.Checked if row.done_on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE and row.is_overdue(self.today):
            return QColor(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_DONE:
                return self.tr("Spuntare quando il traguardo è raggiunto (data di oggi)")
            return row.title
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self._rows):
            return False
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_DONE:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            new = MilestoneRow(row.id, row.title, row.due_date, self.today if checked else None)
        elif role == Qt.ItemDataRole.EditRole and column == COL_TITLE:
            new = MilestoneRow(row.id, str(value or ""), row.due_date, row.done_on)
        elif role == Qt.ItemDataRole.EditRole and column == COL_DUE:
            new = MilestoneRow(row.id, row.title, value if isinstance(value, date) else None, row.done_on)
        elif role == Qt.ItemDataRole.EditRole and column == COL_DONE:
            new = MilestoneRow(row.id, row.title, row.due_date, value if isinstance(value, date) else None)
        else:
            return False
        if new == row:
            return True
        self._rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 2))
        self.edited.emit()
        return True

    def set_milestones(self, milestones: Sequence[MilestoneRow]) -> None:
        self.beginResetModel()
        self._rows = list(milestones)
        self.endResetModel()

    def milestones(self) -> tuple[MilestoneRow, ...]:
        return tuple(self._rows)

    def add(self, title: str, due: date | None = None) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(MilestoneRow(None, title, due, None))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.edited.emit()


class DateDelegate(QStyledItemDelegate):
    """Edits a date column with the calendar picker; an empty value means no date."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = OptionalDateEdit(self.tr("nessuna"), self.tr("Data del traguardo"), parent)
        editor.setAutoFillBackground(True)
        model = index.model()
        editor.today = model.today if isinstance(model, MilestonesModel) else None
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, OptionalDateEdit):
            editor.set_value(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        if isinstance(editor, OptionalDateEdit):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class MilestonesEditor(QWidget):
    """Table of milestones with "Aggiungi" and "Elimina"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MilestonesModel(self)
        self.model.edited.connect(self.changed)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Traguardi dell'azione"))
        self.view.setItemDelegateForColumn(COL_DUE, DateDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DONE, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(self.fontMetrics().height() * 6)
        self.view.setMaximumHeight(self.fontMetrics().height() * 10)
        self.add_button = QPushButton(self.tr("Aggiungi traguardo"), self)
        self.add_button.setAccessibleName(self.tr("Aggiungi traguardo"))
        self.remove_button = QPushButton(self.tr("Elimina traguardo"), self)
        self.remove_button.setAccessibleName(self.tr("Elimina il traguardo selezionato"))
        self.add_button.clicked.connect(self.add_milestone)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def set_milestones(self, milestones: Sequence[MilestoneRow], today: date) -> None:
        self.model.today = today
        self.model.set_milestones(milestones)

    def set_today(self, today: date) -> None:
        """A new day: overdue dates are recoloured, a tick records this day."""
        self.model.today = today
        if self.model.rowCount():
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(self.model.rowCount() - 1, 2))

    def milestones(self) -> tuple[MilestoneRow, ...]:
        return self.model.milestones()

    def add_milestone(self) -> None:
        row = self.model.add(self.tr("Nuovo traguardo"))
        index = self.model.index(row, COL_TITLE)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove(index.row())
