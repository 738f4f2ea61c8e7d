"""The programme switcher: a labelled combo box of the database's programmes, newest first.

Choosing one emits ``programme_chosen(id)``; the window asks about unsaved changes and
then either switches or puts the choice back (``show_current``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from valenza_desk.domain.rows import ProgrammeInfo
from valenza_desk.ui.widgets import ElidingComboBox


class ProgrammeSwitcher(QWidget):
    """ "Programma:" and the list of programmes (display name; the newest is the current one)."""

    programme_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = ElidingComboBox(self)  # a long title elided in the middle, whole in the tooltip
        self.combo.setAccessibleName(self.tr("Programma in vista"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label = QLabel(self.tr("P&rogramma:"), self)
        self.label.setBuddy(self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 4)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self._current: int | None = None
        self._filling = False
        self.combo.currentIndexChanged.connect(self._on_changed)

    def set_programmes(self, programmes: Sequence[ProgrammeInfo], current_id: int | None) -> None:
        """List ``programmes`` (already newest first) with ``current_id`` chosen."""
        self._filling = True
        try:
            self.combo.clear()
            for p in programmes:
                text = p.display_name
                self.combo.addItem(text, p.id)
                tip = self.tr("%1 · %2 azioni").replace("%1", text).replace("%2", str(p.actions))
                if p.current:
                    tip += self.tr(" · programma corrente")
                self.combo.setItemData(self.combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            self._current = current_id
            self.combo.setCurrentIndex(max(0, self.combo.findData(current_id)))
            self.combo.setToolTip(self.combo.currentData(Qt.ItemDataRole.ToolTipRole) or "")
        finally:
            self._filling = False

    def programme_ids(self) -> list[int]:
        return [self.combo.itemData(n) for n in range(self.combo.count())]

    def show_current(self) -> None:
        """Put the choice back on the programme in view (the switch was cancelled or failed)."""
        self._filling = True
        try:
            self.combo.setCurrentIndex(max(0, self.combo.findData(self._current)))
        finally:
            self._filling = False

    def _on_changed(self, _index: int) -> None:
        chosen = self.combo.currentData()
        if self._filling or not isinstance(chosen, int) or chosen == self._current:
            return
        self.programme_chosen.emit(chosen)
