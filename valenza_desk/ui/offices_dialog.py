"""Offices: add, rename, change head and contacts, deactivate, remove (with reassignment).

An office still assigned to actions is removed only after the user chose where its
actions go (another office) or confirmed that they stay without it. Every change goes
through the Desk and is announced with ``changes_made(ChangeSet)`` for the window to
refresh from.

Nothing typed is dropped without asking: "Nuovo ufficio", choosing another office,
"Chiudi", Esc and closing the window ask (Salva / Scarta le modifiche / Annulla) while
the form holds an office that is not saved. Enter in the form saves it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.rows import OfficeDraft, OfficeRow
from valenza_desk.errors import OfficeInUseError
from valenza_desk.services.desk import Desk
from valenza_desk.ui.ops import alive, error_message, run_op
from valenza_desk.ui.roles import ROW_ROLE
from valenza_desk.ui.unsaved_guard import LeaveChoice, ask_save_discard
from valenza_desk.ui.widgets import Banner, add_form_row, list_beside_form, read_only_list

_Index = QModelIndex | QPersistentModelIndex
Removal = tuple[int | None, bool]  # (reassign_to, unassign)


class OfficesModel(QAbstractTableModel):
    """Offices with head, contacts, assignment counts and whether they are active."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[OfficeRow] = []
        self._headers = (self.tr("Ufficio"), self.tr("Responsabile"), self.tr("Azioni"), self.tr("Stato"))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        office = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                office.name,
                office.head,
                self.tr("%1 resp. · %2 supp.")
                .replace("%1", str(office.lead_count))
                .replace("%2", str(office.support_count)),
                self.tr("attivo") if office.active else self.tr("non attivo"),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not office.active:
            return QColor("#6b7280")
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (office.name, office.head, office.email, office.phone) if x)
        if role == ROW_ROLE:
            return office
        return None

    def set_offices(self, offices: Sequence[OfficeRow]) -> None:
        self.beginResetModel()
        self._rows = list(offices)
        self.endResetModel()

    def offices(self) -> list[OfficeRow]:
        return list(self._rows)

    def row_of(self, office_id: int) -> int:
        return next((n for n, o in enumerate(self._rows) if o.id == office_id), -1)


class RemoveOfficeDialog(QDialog):
    """Where the actions of an office being removed should go."""

    def __init__(self, office: OfficeRow, others: Sequence[OfficeRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Eliminare l'ufficio «%s»") % office.name)
        text = QLabel(
            self.tr(
                "L'ufficio «%1» è assegnato a %2 azioni (%3 come responsabile, %4 di supporto). "
                "Prima di eliminarlo scegliere dove spostarle."
            )
            .replace("%1", office.name)
            .replace("%2", str(office.assigned))
            .replace("%3", str(office.lead_count))
            .replace("%4", str(office.support_count)),
            self,
        )
        text.setWordWrap(True)
        self.move_radio = QRadioButton(self.tr("Spostare le azioni all'ufficio:"), self)
        self.target = QComboBox(self)
        self.target.setAccessibleName(self.tr("Ufficio che riceve le azioni"))
        for other in others:
            if other.id != office.id and other.active:
                self.target.addItem(other.name, other.id)
        self.unassign_radio = QRadioButton(self.tr("Lasciare le azioni senza questo ufficio"), self)
        self.move_radio.setAccessibleName(self.move_radio.text())
        self.unassign_radio.setAccessibleName(self.unassign_radio.text())
        has_target = self.target.count() > 0
        self.move_radio.setEnabled(has_target)
        self.target.setEnabled(has_target)
        (self.move_radio if has_target else self.unassign_radio).setChecked(True)
        self.move_radio.toggled.connect(self.target.setEnabled)
        buttons = QDialogButtonBox(self)
        self.remove_button = buttons.addButton(self.tr("Elimina l'ufficio"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Annulla"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.move_radio)
        layout.addWidget(self.target)
        layout.addWidget(self.unassign_radio)
        layout.addWidget(buttons)

    def choice(self) -> Removal:
        if self.move_radio.isChecked() and self.target.currentData() is not None:
            return int(self.target.currentData()), False
        return None, True


class OfficesDialog(QDialog):
    """List of offices beside a form for the selected (or a new) office."""

    changes_made = Signal(object)  # ChangeSet

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("Uffici"))
        self.setAccessibleName(self.tr("Gestione degli uffici"))
        self.resize(960, 520)
        # how the person answers "save the office typed?" (tests may answer; the real box by default)
        self.ask: Callable[[str], LeaveChoice] = self.ask_with_box
        self.model = OfficesModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        read_only_list(self.view, self.tr("Elenco degli uffici"))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.list_label = QLabel(self.tr("&Uffici"), self)
        self.list_label.setBuddy(self.view)
        self.banner = Banner(self)

        self.name = QLineEdit(self)
        self.head = QLineEdit(self)
        self.email = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.active = QCheckBox(self.tr("&Attivo (può ricevere nuove azioni)"), self)
        for widget, name in (
            (self.name, self.tr("Nome dell'ufficio")),
            (self.head, self.tr("Responsabile dell'ufficio")),
            (self.email, self.tr("E-mail dell'ufficio")),
            (self.phone, self.tr("Telefono dell'ufficio")),
            (self.active, self.tr("Ufficio attivo")),
        ):
            widget.setAccessibleName(name)
        self.form_title = QLabel(self)
        self.form_title.setStyleSheet("font-weight: bold;")
        self.form_title.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.form_title)
        add_form_row(form, self.tr("&Nome"), self.name)
        add_form_row(form, self.tr("&Responsabile"), self.head)
        add_form_row(form, self.tr("&E-mail"), self.email)
        add_form_row(form, self.tr("&Telefono"), self.phone)
        form.addRow("", self.active)
        self.new_button = QPushButton(self.tr("Nuo&vo ufficio"), self)
        self.save_button = QPushButton(self.tr("&Salva ufficio"), self)
        self.remove_button = QPushButton(self.tr("E&limina ufficio…"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        for button in (self.new_button, self.save_button, self.remove_button, self.close_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setAutoDefault(True)  # Enter on a focused button presses it
        self.save_button.setDefault(True)  # Enter in the form saves the office
        self.save_button.setToolTip(self.tr("Salva l'ufficio (Invio)"))
        list_beside_form(
            self,
            self.banner,
            self.list_label,
            self.view,
            self.new_button,
            form,
            [self.save_button, self.remove_button],
            self.close_button,
        )
        for first, second in (
            (self.view, self.new_button),
            (self.new_button, self.name),
            (self.name, self.head),
            (self.head, self.email),
            (self.email, self.phone),
            (self.phone, self.active),
            (self.active, self.save_button),
            (self.save_button, self.remove_button),
            (self.remove_button, self.close_button),
        ):
            QWidget.setTabOrder(first, second)

        self._editing: OfficeRow | None = None
        self._saving = False
        self._closing = False
        self.view.selectionModel().currentRowChanged.connect(self._on_selected)
        self.view.installEventFilter(self)
        self.new_button.clicked.connect(lambda: self.request_leave(self.start_new))
        self.save_button.clicked.connect(lambda: self.save())
        self.remove_button.clicked.connect(self.remove)
        self.close_button.clicked.connect(self.reject)
        self.start_new()
        self.refresh()

    # --- loading -------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None, then: Callable[[], None] | None = None) -> None:
        desk = self.desk

        def loaded(rows: list[OfficeRow]) -> None:
            if not alive(self):
                return
            self.model.set_offices(rows)
            wanted = select_id if select_id is not None else (self._editing.id if self._editing else None)
            row = self.model.row_of(wanted) if wanted is not None else -1
            if row >= 0:
                self._select_row(row)
                self._show_office(self.model.offices()[row])
            elif not self.is_dirty():
                self.start_new()
            if then is not None:
                then()

        run_op(lambda: desk.offices(), loaded, self._failed)

    def _select_row(self, row: int) -> None:
        """Select a row without asking (the form is being filled from it, or kept as it is)."""
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        try:
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row, 0))
            else:
                self.view.clearSelection()
                selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.Clear)
        finally:
            selection.blockSignals(False)
        self.view.viewport().update()

    def _on_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        office = current.data(ROW_ROLE) if current.isValid() else None
        if not isinstance(office, OfficeRow) or (self._editing is not None and office.id == self._editing.id):
            return
        wanted = office.id

        def show() -> None:
            row = self.model.row_of(wanted)
            if row >= 0:
                self._select_row(row)
                self._show_office(self.model.offices()[row])

        def stay() -> None:  # the selection goes back to the office in the form
            self._select_row(self.model.row_of(self._editing.id) if self._editing else -1)

        self.request_leave(show, stay)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on the list goes to the chosen office's name, to edit it (not to the dialog's Save)
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.name.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _show_office(self, office: OfficeRow) -> None:
        self._editing = office
        self.form_title.setText(self.tr("Ufficio «%s»") % office.name)
        self.name.setText(office.name)
        self.head.setText(office.head)
        self.email.setText(office.email)
        self.phone.setText(office.phone)
        self.active.setChecked(office.active)
        for field in (self.name, self.head, self.email, self.phone):
            field.setCursorPosition(0)  # a long name shows its beginning
        self.remove_button.setEnabled(True)

    def start_new(self) -> None:
        self._editing = None
        self._select_row(-1)
        self.form_title.setText(self.tr("Nuovo ufficio"))
        for field in (self.name, self.head, self.email, self.phone):
            field.clear()
        self.active.setChecked(True)
        self.remove_button.setEnabled(False)
        self.name.setFocus()

    def draft(self) -> OfficeDraft:
        return OfficeDraft(
            name=self.name.text(),
            head=self.head.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            active=self.active.isChecked(),
        )

    # --- unsaved input -----------------------------------------------------------------------
    def is_dirty(self) -> bool:
        """Whether the form holds something the database does not (a new office typed, or changes)."""
        draft = self.draft()
        typed = (draft.name.strip(), draft.head.strip(), draft.email.strip(), draft.phone.strip(), draft.active)
        office = self._editing
        if office is None:
            return typed != ("", "", "", "", True)
        return typed != (office.name, office.head, office.email, office.phone, office.active)

    def ask_with_box(self, name: str) -> LeaveChoice:
        return ask_save_discard(
            self,
            self.tr("Ufficio non salvato"),
            self.tr("L'ufficio «%s» non è stato salvato.") % name
            if name
            else self.tr("L'ufficio in compilazione non è stato salvato."),
            self.tr("Salvarlo prima di continuare?"),
        )

    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] | None = None) -> None:
        """Run ``proceed`` now, after a successful save, or never (``stay``) when the form is unsaved."""
        stay = stay or (lambda: None)
        if self._saving:
            return
        if not self.is_dirty():
            proceed()
            return
        choice = self.ask(self.name.text().strip())
        if choice is LeaveChoice.CANCEL:
            stay()
        elif choice is LeaveChoice.DISCARD:
            if self._editing is not None:
                self._show_office(self._editing)
            else:
                self.start_new()
            proceed()
        else:
            self.save(after=proceed, on_failed=stay)

    def reject(self) -> None:
        """Chiudi, Esc and the window's close button: ask first when an office is unsaved."""
        if self._closing:
            return
        self._closing = True
        try:
            self.request_leave(self._close_now)
        finally:
            self._closing = False

    def _close_now(self) -> None:
        super().reject()

    # --- writing ---------------------------------------------------------------------------
    def save(self, after: Callable[[], None] | None = None, on_failed: Callable[[], None] | None = None) -> None:
        """Save the office in the form (Enter, "Salva ufficio"); ``after`` once it is saved."""
        if self._saving:
            return
        if not self.is_dirty():
            if after is not None:
                after()
            else:
                self.banner.show_message("info", self.tr("Nessuna modifica da salvare."))
            return
        desk, draft, editing = self.desk, self.draft(), self._editing
        if editing is None:
            work: Callable[[], OpResult[OfficeRow]] = lambda: desk.add_office(draft)  # noqa: E731
            done = self.tr("Ufficio «%s» aggiunto.")
        else:
            work = lambda: desk.update_office(editing.id, editing.version, draft)  # noqa: E731
            done = self.tr("Ufficio «%s» salvato.")
        self._saving = True

        def saved(result: OpResult[OfficeRow]) -> None:
            if not alive(self):
                return
            self._saving = False
            row = result.value
            self._show_office(row)
            self.banner.show_message("success", done % row.name)
            self.changes_made.emit(result.changes)
            self.refresh(select_id=row.id, then=after)

        def failed(exc: BaseException) -> None:
            if not alive(self):
                return
            self._saving = False
            self._failed(exc)
            if on_failed is not None:
                on_failed()

        run_op(work, saved, failed)

    def ask_removal(self, office: OfficeRow) -> Removal | None:
        """Ask where the actions go (or confirm a removal); None when the user cancels."""
        if office.assigned == 0:
            answer = QMessageBox.question(
                self,
                self.tr("Eliminare l'ufficio"),
                self.tr("Eliminare l'ufficio «%s»? Non è assegnato ad alcuna azione.") % office.name,
            )
            return (None, False) if answer == QMessageBox.StandardButton.Yes else None
        dialog = RemoveOfficeDialog(office, self.model.offices(), self)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def remove(self) -> None:
        office = self._editing
        if office is None:
            return
        choice = self.ask_removal(office)
        if choice is None:
            return
        reassign_to, unassign = choice
        desk = self.desk

        def removed(result: OpResult[int]) -> None:
            if not alive(self):
                return
            self.start_new()
            text = self.tr("Ufficio «%1» eliminato; azioni interessate: %2.")
            self.banner.show_message("success", text.replace("%1", office.name).replace("%2", str(result.value)))
            self.changes_made.emit(result.changes)
            self.refresh()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OfficeInUseError):  # assigned meanwhile by someone else: ask with fresh counts
                self.banner.show_message("warning", exc.message)
                self.refresh(select_id=office.id)
                return
            self._failed(exc)

        run_op(
            lambda: desk.remove_office(office.id, office.version, reassign_to, unassign),
            removed,
            failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message("error", error_message(exc))
