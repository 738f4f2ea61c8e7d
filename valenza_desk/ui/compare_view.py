"""Compare two snapshots, or a snapshot with now: what changed, one row per change, the old value
struck through beside the new one, filterable by kind of change.

``CompareView`` asks the Desk off the UI thread (``changes_between``); a double-click on a row
emits ``action_chosen(action_id)`` so the window shows the action. ``CompareDialog`` holds it
in its own window.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.meetings import MeetingRow
from valenza_desk.domain.variations import KIND_LABELS, Change, counts
from valenza_desk.reports.catalogue import FIELD_LABELS
from valenza_desk.services.desk import Desk
from valenza_desk.ui.ops import alive, error_message, run_op
from valenza_desk.ui.widgets import read_only_list

_Index = QModelIndex | QPersistentModelIndex
NOW = -1  # the "to" entry meaning the programme as it is now
# old and new side by side right after what changed; the field and the stakeholder after them
CODE_COLUMN, KIND_COLUMN, OLD_COLUMN, NEW_COLUMN, FIELD_COLUMN, STAKEHOLDER_COLUMN = range(6)


class CompareModel(QAbstractTableModel):
    """The changes, filtered to one kind (or all)."""

    HEADERS = ("Codice", "Variazione", "Prima", "Adesso", "Campo", "Stakeholder")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[Change] = []
        self._shown: list[Change] = []
        self._kind = ""

    def set_changes(self, changes: Sequence[Change]) -> None:
        self.beginResetModel()
        self._all = list(changes)
        self._shown = [c for c in self._all if not self._kind or c.kind == self._kind]
        self.endResetModel()

    def set_kind(self, kind: str) -> None:
        self._kind = kind
        self.set_changes(self._all)

    def set_headers(self, old: str, new: str) -> None:
        headers = list(self.HEADERS)
        headers[OLD_COLUMN], headers[NEW_COLUMN] = old, new
        self.HEADERS = tuple(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, OLD_COLUMN, NEW_COLUMN)

    def counts(self) -> dict[str, int]:
        return counts(self._all)

    def all_changes(self) -> list[Change]:
        return list(self._all)

    def change(self, row: int) -> Change:
        return self._shown[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        change = self._shown[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts = (
                change.code,
                change.kind_label,
                change.old_label or "—",
                change.new_label or "—",
                FIELD_LABELS.get(change.field, change.field),
                change.stakeholder,
            )
            return texts[column]
        if role == Qt.ItemDataRole.AccessibleTextRole and column == OLD_COLUMN:
            return f"prima: {change.old_label or 'nessun valore'}"
        if role == Qt.ItemDataRole.FontRole and column in (OLD_COLUMN, NEW_COLUMN):
            font = QFont()
            if column == OLD_COLUMN and change.old_label:
                font.setStrikeOut(True)
            elif column == NEW_COLUMN:
                font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == OLD_COLUMN:
            return QColor("#6b7280")
        return None


class CompareView(QWidget):
    """From a snapshot, to another snapshot or now: the changes and a kind filter with counts."""

    action_chosen = Signal(int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._meetings: list[MeetingRow] = []
        self._asked = 0  # the latest request: older answers are dropped
        self.since = QComboBox(self)
        self.since.setAccessibleName(self.tr("Dalla seduta"))
        self.until = QComboBox(self)
        self.until.setAccessibleName(self.tr("Alla seduta, o adesso"))
        for combo in (self.since, self.until):  # long session names: elided in the field, whole in the list
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Tipo di variazione"))
        self.model = CompareModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        read_only_list(self.table, self.tr("Variazioni"), single=False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        top = QGridLayout()  # two rows: the sessions keep their names readable in a small window
        for position, (text, combo) in enumerate(
            (
                (self.tr("&Dalla seduta:"), self.since),
                (self.tr("&alla:"), self.until),
                (self.tr("&Mostra:"), self.kind),
            )
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            row, column = divmod(position, 2)
            top.addWidget(label, row, column * 2)
            top.addWidget(combo, row, column * 2 + 1)
        top.setColumnStretch(1, 1)
        top.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.since.activated.connect(lambda _i: self.compare())
        self.until.activated.connect(lambda _i: self.compare())
        self.kind.activated.connect(lambda _i: self.model.set_kind(self.kind.currentData() or ""))
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)

    def load(self, since_id: int | None = None, until_id: int | None = None) -> None:
        """Read the meetings (off the UI thread), choose ``since_id`` / ``until_id`` (None: now), compare."""
        desk = self.desk

        def loaded(rows: list[MeetingRow]) -> None:
            if alive(self):
                self.set_meetings(rows, since_id, until_id)
                self.compare()

        run_op(desk.meetings, loaded, self._failed)

    def set_meetings(self, rows: Sequence[MeetingRow], since_id: int | None, until_id: int | None) -> None:
        self._meetings = sorted((m for m in rows if m.has_snapshot), key=lambda m: (m.on_date, m.id))
        self.since.clear()
        self.until.clear()
        for meeting in self._meetings:
            self.since.addItem(meeting.label, meeting.id)
            self.until.addItem(meeting.label, meeting.id)
        self.until.addItem(self.tr("adesso (stato attuale)"), NOW)
        if since_id is not None and self.since.findData(since_id) >= 0:
            self.since.setCurrentIndex(self.since.findData(since_id))
        elif self._meetings:
            self.since.setCurrentIndex(len(self._meetings) - 1)
        wanted = NOW if until_id is None else until_id
        self.until.setCurrentIndex(max(0, self.until.findData(wanted)))

    def compare(self) -> None:
        since = self.since.currentData()
        until = self.until.currentData()
        if since is None:
            self.model.set_changes([])
            self._show_kinds()
            self.summary.setText(self.tr("Nessuna seduta con istantanea: congelarne una dalla pagina Sedute."))
            return
        if until == since:
            self.model.set_changes([])
            self._show_kinds()
            self.summary.setText(self.tr("Scegliere due momenti diversi."))
            return
        desk = self.desk
        self._asked += 1
        asked = self._asked
        self.summary.setText(self.tr("Confronto in corso…"))
        until_meeting = None if until == NOW else int(until)
        since_meeting = int(since)

        def done(changes: list[Change]) -> None:
            if alive(self) and asked == self._asked:
                self.show_changes(changes, self.since.currentText(), self.until.currentText())

        run_op(lambda: desk.changes_between(since_meeting, until_meeting), done, self._failed)

    def show_changes(self, changes: Sequence[Change], since_text: str, until_text: str) -> None:
        self.model.set_changes(changes)
        self.model.set_headers(
            self.tr("Prima"), self.tr("Adesso") if self.until.currentData() == NOW else self.tr("Dopo")
        )
        self._show_kinds()
        actions = len({c.code for c in changes})
        if changes:
            self.summary.setText(
                self.tr("%1 variazioni su %2 azioni da «%3» a «%4». Doppio clic su una riga per aprire l'azione.")
                .replace("%1", str(len(changes)))
                .replace("%2", str(actions))
                .replace("%3", since_text)
                .replace("%4", until_text)
            )
        else:
            self.summary.setText(
                self.tr("Nessuna variazione da «%1» a «%2».").replace("%1", since_text).replace("%2", until_text)
            )
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column), 320))

    def _show_kinds(self) -> None:
        found = self.model.counts()
        wanted = self.kind.currentData() or ""
        self.kind.clear()
        self.kind.addItem(self.tr("Tutte le variazioni (%s)") % sum(found.values()), "")
        for kind, label in KIND_LABELS.items():
            if found.get(kind):
                self.kind.addItem(f"{label} ({found[kind]})", kind)
        index = self.kind.findData(wanted)
        self.kind.setCurrentIndex(max(0, index))
        self.model.set_kind(self.kind.currentData() or "")

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        change = self.model.change(index.row())
        if change.kind == "removed":
            self.summary.setText(self.tr("L'azione %s non c'è più nel programma.") % change.code)
            return
        desk = self.desk
        run_op(lambda: desk.action_id(change.code), lambda action_id: self.action_chosen.emit(action_id), self._failed)

    def _failed(self, exc: BaseException) -> None:
        if alive(self):
            self.summary.setText(error_message(exc))


class CompareDialog(QDialog):
    """The comparison in a window of its own, beside the main one."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cosa è cambiato tra due sedute"))
        self.view = CompareView(desk, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Chiudi"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        screen = (parent or self).screen().availableGeometry()  # at 150% a 1366x768 screen is 910x512
        self.resize(min(1100, int(screen.width() * 0.92)), min(600, int(screen.height() * 0.85)))
