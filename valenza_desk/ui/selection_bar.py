"""The bar above the table that appears when several actions are selected: how many, the same
menu as the table's context menu, a button to the bulk-edit form, and "Deseleziona"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QToolButton, QWidget


class SelectionBar(QFrame):
    """``edit_requested`` opens the bulk-edit form, ``deselect_requested`` keeps only the current row."""

    edit_requested = Signal()
    deselect_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selectionBar")
        self.setStyleSheet(
            "QFrame#selectionBar { background: #eff6ff; border: 1px solid #93c5fd; border-radius: 4px; }"
        )
        self.label = QLabel(self)
        self.label.setStyleSheet("font-weight: bold; color: #1e3a8a;")
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("8 azioni"))
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.menu_button = QToolButton(self)
        self.menu_button.setText(self.tr("Cambia"))
        self.menu_button.setToolTip(self.tr("Ufficio, stato, valori delle azioni selezionate (anche col tasto destro)"))
        self.menu_button.setAccessibleName(self.tr("Cambia le azioni selezionate"))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.edit_button = QPushButton(self.tr("Modifica in blocco…"), self)
        self.edit_button.setToolTip(
            self.tr("Tutti i campi da cambiare insieme, nel pannello a destra (Tab dalla tabella)")
        )
        self.deselect_button = QPushButton(self.tr("Deseleziona"), self)
        self.deselect_button.setToolTip(self.tr("Lascia selezionata solo l'azione corrente"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.menu_button)
        layout.addWidget(self.edit_button)
        layout.addWidget(self.deselect_button)
        self.edit_button.clicked.connect(self.edit_requested)
        self.deselect_button.clicked.connect(self.deselect_requested)
        self.hide()

    def set_menu(self, menu: QMenu) -> None:
        self.menu_button.setMenu(menu)

    def set_count(self, count: int) -> None:
        """Visible from two selected actions up."""
        self.label.setText(self.tr("%s azioni selezionate") % count)
        self.setAccessibleName(self.label.text())
        self.setVisible(count > 1)
