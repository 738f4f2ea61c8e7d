"""The active filters above the table, each a removable chip, and "Azzera filtri".

The person always sees why rows are hidden: the view chosen in the navigator and every
filter of the bar (status, office and its role, the words searched). Clicking a chip (or
Space/Enter on it) removes that filter; "Azzera filtri" clears the whole filter bar. The
row is always there ("nessun filtro" when there is none), so the table never jumps. While
the person types in the search, the search chip's words follow after a short pause (a
chip's new width re-lays out the row: not on every keystroke).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QWidget

from valenza_desk.ui.filter_text import FilterPart

_CHIP_STYLE = (
    "QToolButton { background: #e0e7ff; color: #1e3a8a; border: 1px solid #a5b4fc; border-radius: 9px;"
    " padding: 1px 8px; }"
    "QToolButton:hover, QToolButton:focus { background: #c7d2fe; border-color: #4f46e5; }"
)
TYPING_PAUSE_MS = 150
CHIP_TEXT_WIDTH = 220  # a longer filter (an office's long name) is cut in the middle, whole in the tooltip
_VIEW_STYLE = _CHIP_STYLE.replace("#e0e7ff", "#f3f4f6").replace("#a5b4fc", "#d1d5db").replace("#1e3a8a", "#111827")


class FilterChips(QWidget):
    """A row of chips; ``removed(key)`` when one is clicked, ``cleared()`` for "Azzera filtri".

    ``none_label`` stands in the row when nothing narrows the table.
    """

    removed = Signal(str)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Filtri attivi"))
        self.label = QLabel(self.tr("Filtri:"), self)
        self.label.setStyleSheet("color: #4b5563;")
        self.none_label = QLabel(self.tr("nessuno, tutto il programma"), self)
        self.none_label.setStyleSheet("color: #6b7280; font-style: italic;")
        self.clear_button = QPushButton(self.tr("Azzera filtri"), self)
        self.clear_button.setToolTip(self.tr("Togli la ricerca e i filtri per stato e ufficio"))
        self.clear_button.clicked.connect(self.cleared)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.label)
        self._layout.addWidget(self.none_label)
        self._layout.addStretch(1)
        self._layout.addWidget(self.clear_button)
        self.chips: list[QToolButton] = []
        self._pending: list[FilterPart] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        # never wider than the table: chips past the edge are cut (each is at most CHIP_TEXT_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(max(self.clear_button.sizeHint().height(), self.fontMetrics().height() + 8))
        self.clear_button.hide()

    def set_chips(self, view: FilterPart | None, filters: Sequence[FilterPart]) -> None:
        """Show the view's chip (if it narrows) and one chip per filter; hidden when there is none."""
        parts = ([view] if view else []) + list(filters)
        self._pending = parts
        if [p.key for p in parts] == [c.property("filter_key") for c in self.chips]:
            self._timer.start()  # only the words changed (typing): after a pause
            return
        self._rebuild(parts)
        self.flush()
        self.clear_button.setVisible(bool(filters))
        self.none_label.setVisible(not self.chips)

    def flush(self) -> None:
        """Write the chips' texts now."""
        self._timer.stop()
        for chip, part in zip(self.chips, self._pending, strict=True):
            shown = chip.fontMetrics().elidedText(part.text, Qt.TextElideMode.ElideMiddle, CHIP_TEXT_WIDTH)
            text = f"{shown}  ✕"
            if chip.text() != text:
                chip.setText(text)
                tip = self.tr("Togli il filtro «%s»") % part.text
                if part.key == "view":
                    tip = self.tr("Torna a «Tutto il programma» (togli «%s»)") % part.text
                chip.setToolTip(tip)
                chip.setAccessibleName(tip)

    def _rebuild(self, parts: Sequence[FilterPart]) -> None:
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self.chips = []
        for position, part in enumerate(parts, 2):
            chip = QToolButton(self)
            chip.setObjectName(f"chip_{part.key}")
            chip.setProperty("filter_key", part.key)
            chip.setStyleSheet(_VIEW_STYLE if part.key == "view" else _CHIP_STYLE)
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            chip.clicked.connect(lambda _=False, key=part.key: self.removed.emit(key))
            self._layout.insertWidget(position, chip)
            self.chips.append(chip)

    def chip_texts(self) -> list[str]:
        """The filters the chips stand for, whole (as their tooltips say them)."""
        self.flush()
        return [part.text for part in self._pending]

    def chip(self, key: str) -> QToolButton | None:
        return next((c for c in self.chips if c.property("filter_key") == key), None)
