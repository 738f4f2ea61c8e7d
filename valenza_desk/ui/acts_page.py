"""The Acts page ("Atti"): the register of formal acts (delibere, determinazioni, decreti…) with
the actions each is linked to, and a form to add one or correct one.

Choosing a row fills the form for a correction (``Desk.update_act``); "Nuovo atto" empties it for
a new act (``Desk.add_act``, linked to the action codes typed). Every database call runs off the
UI thread (``run_op``); a refusal is written under the form in Italian and nothing is changed.
"""

from __future__ import annotations

import itertools
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.actor import Permission
from valenza_desk.domain.acts import ACT_TYPES, ActDraft, ActReference
from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.rows import ActRow
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date
from valenza_desk.ui.date_edit import DateEdit
from valenza_desk.ui.ops import alive, error_message, run_op
from valenza_desk.ui.role_gate import write_denied
from valenza_desk.ui.widgets import read_only_list

ACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_COLOUR = "#b91c1c"


def split_codes(text: str) -> tuple[str, ...]:
    """ "CUL-01, bel-02 AMB-03" -> ("CUL-01", "BEL-02", "AMB-03"), each once."""
    found: list[str] = []
    for code in re.split(r"[\s,;]+", text.strip()):
        if code and code.upper() not in found:
            found.append(code.upper())
    return tuple(found)


class ActsPage(QWidget):
    """The acts of the programme in view, newest first, and the form of the one chosen."""

    changed = Signal(object)  # ChangeSet: an act was added or corrected (the actions list their acts)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.acts_shown: list[ActRow] = []
        self.editing: ActRow | None = None  # None: the form describes a new act
        heading = QLabel(self.tr("Registro degli atti"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tipo"), self.tr("Numero"), self.tr("Data"), self.tr("Oggetto"), self.tr("Azioni collegate")]
        )
        read_only_list(self.table, self.tr("Elenco degli atti"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._build_form()
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.form_group)
        split.setStretchFactor(0, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(heading)
        layout.addWidget(split, 1)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.new_button.clicked.connect(self.new_act)
        self.save_button.clicked.connect(self.save)
        for field in (self.number, self.subject, self.link, self.cup, self.cig, self.codes):
            field.returnPressed.connect(self.save)
        self.new_act()

    def _build_form(self) -> None:
        self.form_group = QGroupBox(self)
        self.act_type = QComboBox(self)
        self.act_type.addItems(list(ACT_TYPES))
        self.act_type.setAccessibleName(self.tr("Tipo di atto"))
        self.number = QLineEdit(self)
        self.number.setAccessibleName(self.tr("Numero dell'atto"))
        self.number.setPlaceholderText(self.tr("es. 45"))
        self.on_date = DateEdit(self.tr("nessuna data"), self.tr("Data dell'atto"), self)
        self.subject = QLineEdit(self)
        self.subject.setAccessibleName(self.tr("Oggetto"))
        self.link = QLineEdit(self)
        self.link.setAccessibleName(self.tr("Collegamento all'albo pretorio"))
        self.link.setPlaceholderText("https://")
        self.cup = QLineEdit(self)
        self.cup.setAccessibleName(self.tr("CUP"))
        self.cup.setPlaceholderText(self.tr("15 caratteri"))
        self.cig = QLineEdit(self)
        self.cig.setAccessibleName(self.tr("CIG"))
        self.cig.setPlaceholderText(self.tr("10 caratteri"))
        self.codes = QLineEdit(self)
        self.codes.setAccessibleName(self.tr("Codici delle azioni collegate"))
        self.codes.setPlaceholderText(self.tr("es. CUL-01, BEL-02"))
        self.new_button = QPushButton(self.tr("&Nuovo atto"), self)
        self.save_button = QPushButton(self.tr("&Salva atto"), self)
        self.save_button.setDefault(False)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        grid = QGridLayout(self.form_group)
        left, right = QFormLayout(), QFormLayout()
        for form, rows in (
            (
                left,
                (
                    (self.tr("Ti&po:"), self.act_type, self.act_type),
                    (self.tr("Num&ero:"), self.number, self.number),
                    (self.tr("&Data:"), self.on_date, self.on_date.edit),
                    (self.tr("&Oggetto:"), self.subject, self.subject),
                ),
            ),
            (
                right,
                (
                    (self.tr("Co&llegamento:"), self.link, self.link),
                    (self.tr("C&UP:"), self.cup, self.cup),
                    (self.tr("C&IG:"), self.cig, self.cig),
                    (self.tr("A&zioni collegate:"), self.codes, self.codes),
                ),
            ),
        ):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for text, field, buddy in rows:
                label = QLabel(text, self)
                label.setBuddy(buddy)
                form.addRow(label, field)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        grid.addLayout(buttons, 1, 0, 1, 2)
        chain = (
            self.act_type,
            self.number,
            self.on_date.edit,
            self.subject,
            self.link,
            self.cup,
            self.cig,
            self.codes,
            self.new_button,
            self.save_button,
        )
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- data -----------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        desk = self.desk
        wanted = select if select is not None else (self.editing.id if self.editing else None)
        run_op(
            desk.acts,
            lambda rows: alive(self) and desk is self.desk and self.show_acts(rows, wanted),
            lambda e: alive(self) and self._say(error_message(e), error=True),
        )

    def show_acts(self, rows: list[ActRow], select: int | None = None) -> None:
        self.acts_shown = sorted(rows, key=lambda a: (a.on_date is not None, a.on_date, a.id), reverse=True)
        self.table.blockSignals(True)
        try:
            self.table.clearSelection()
            self.table.setRowCount(len(self.acts_shown))
            for r, act in enumerate(self.acts_shown):
                codes = ", ".join(act.action_codes)
                cells = (act.act_type, act.number, format_date(act.on_date, "—"), act.subject or "—", codes or "—")
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(ACT_ID_ROLE, act.id)
                    item.setToolTip(act.label if c < 3 else text)
                    self.table.setItem(r, c, item)
            self.table.resizeColumnToContents(0)
            self.table.resizeColumnToContents(1)
            self.table.resizeColumnToContents(2)
        finally:
            self.table.blockSignals(False)
        row = next((i for i, a in enumerate(self.acts_shown) if a.id == select), -1)
        if row >= 0:
            message = (self.message.text(), self.message.styleSheet())
            self.table.selectRow(row)  # fills the form with the stored act
            self.message.setText(message[0])  # what was just saved stays said
            self.message.setStyleSheet(message[1])
        else:
            self.new_act(keep_message=True)
        if not self.acts_shown and not self.message.text():
            self._say(self.tr("Nessun atto nel registro: compilare il modulo e «Salva atto» per aggiungerne uno."))
        refused = write_denied(self.desk, Permission.EDIT_ACTIONS)  # a viewer reads the register only
        for button in (self.new_button, self.save_button):
            button.setEnabled(not refused)
            button.setToolTip(refused)

    def act_at(self, row: int) -> ActRow | None:
        item = self.table.item(row, 0)
        found = item.data(ACT_ID_ROLE) if item else None
        return next((a for a in self.acts_shown if a.id == found), None)

    # --- the form -----------------------------------------------------------------------------
    def _chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        act = self.act_at(rows[0].row()) if rows else None
        if act is None:
            return
        self.editing = act
        self.form_group.setTitle(self.tr("Modifica di %s") % act.label)
        self.act_type.setCurrentIndex(max(0, self.act_type.findText(act.act_type)))
        self.number.setText(act.number)
        self.on_date.set_value(act.on_date)
        self.subject.setText(act.subject)
        self.link.setText(act.link)
        self.cup.setText(act.cup)
        self.cig.setText(act.cig)
        self.codes.setText(", ".join(act.action_codes))
        self._say("")

    def new_act(self, keep_message: bool = False) -> None:
        """Empty the form for a new act."""
        self.editing = None
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.form_group.setTitle(self.tr("Nuovo atto"))
        self.act_type.setCurrentIndex(0)
        for field in (self.number, self.subject, self.link, self.cup, self.cig, self.codes):
            field.clear()
        self.on_date.clear()
        self.on_date.today = self.desk.today()
        self.codes.setReadOnly(False)
        self.codes.setToolTip(self.tr("I codici delle azioni a cui l'atto si riferisce, separati da virgole"))
        if not keep_message:
            self._say("")

    def draft(self) -> ActDraft | None:
        self.on_date.tidy()
        if not self.on_date.is_valid():
            self._say(self.tr("Data: %s") % self.on_date.error(), error=True)
            return None
        return ActDraft(
            self.act_type.currentText(),
            self.number.text().strip(),
            self.on_date.value(),
            self.subject.text().strip(),
            self.link.text().strip(),
            self.cup.text().strip(),
            self.cig.text().strip(),
        )

    def save(self) -> None:
        draft = self.draft()
        if draft is None:
            return
        desk = self.desk
        editing = self.editing
        codes = split_codes(self.codes.text())
        if editing is not None:

            def correct() -> OpResult[None]:
                ids = tuple(desk.action_id(code) for code in codes)  # an unknown code changes nothing
                return desk.update_act(editing.id, editing.version, draft, ids)

            run_op(
                correct,
                lambda result: self._saved(editing.id, self.tr("Atto corretto: %s.") % draft_label(draft), result),
                self._failed,
            )
            return

        def add() -> OpResult[int]:
            ids = tuple(desk.action_id(code) for code in codes)  # an unknown code refuses the whole act
            return desk.add_act(draft, ids)

        done = self.tr("Atto registrato: %s.") % draft_label(draft)
        run_op(add, lambda result: self._saved(result.value, done, result), self._failed)

    def _saved(self, act_id: int, text: str, result: OpResult) -> None:  # type: ignore[type-arg]
        if not alive(self):
            return
        self._say(text)
        self.refresh(select=act_id)
        self.changed.emit(result.changes)

    def _failed(self, exc: BaseException) -> None:
        if alive(self):
            self._say(error_message(exc), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")


def draft_label(draft: ActDraft) -> str:
    return ActReference(draft.act_type, draft.number, draft.on_date).label
