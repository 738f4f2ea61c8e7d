"""The Users dialog (administrators only): who may use the database, with which profile.

A list of people (login, name, profile, offices, active) beside a form for the selected
person or a new one: login (only for a new person), full name, profile, the offices of an
office editor (a checklist), active. On the shared server a new person also gets a
password for their server login: it goes to the Desk once and is never stored or logged.
Every write goes through ``Desk.add_user`` / ``Desk.update_user`` off the UI thread; an
error (ValenzaError) is shown in Italian in the dialog and the form keeps what was typed.
Esc or Chiudi with something typed asks before dropping it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from valenza_desk.domain.actor import Role
from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.rows import OfficeRow, UserDraft, UserRow
from valenza_desk.services.desk import Desk
from valenza_desk.ui.ops import alive, error_message, run_op
from valenza_desk.ui.role_gate import fit_to_screen
from valenza_desk.ui.unsaved_guard import ask_yes_no
from valenza_desk.ui.widgets import Banner, CheckList, add_form_row, list_beside_form, read_only_list

COLUMNS = ("Accesso", "Nome", "Profilo", "Uffici", "Attivo")


def role_label(role: str) -> str:
    try:
        return Role(role).label
    except ValueError:
        return role


class UsersDialog(QDialog):
    """List of people beside a form for the selected (or a new) person."""

    follows_desk = True  # another database or programme in the window: this one follows it

    changes_made = Signal(object)  # ChangeSet

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("Utenti"))
        self.setAccessibleName(self.tr("Gestione degli utenti"))
        fit_to_screen(self, 980, 520)
        # "drop what was typed?" (tests may answer; the real box by default)
        self.ask_discard: Callable[[], bool] = self._ask_discard_with_box
        self._users: list[UserRow] = []
        self._offices: list[OfficeRow] = []
        self._editing: UserRow | None = None
        self._saving = False

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        read_only_list(self.table, self.tr("Elenco degli utenti"))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.list_label = QLabel(self.tr("&Utenti"), self)
        self.list_label.setBuddy(self.table)
        self.banner = Banner(self)

        self.login = QLineEdit(self)
        self.full_name = QLineEdit(self)
        self.role = QComboBox(self)
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.offices = CheckList(self.tr("Uffici dell'utente"), self)
        self.offices.setMinimumHeight(110)
        self.offices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names elided
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.active = QCheckBox(self.tr("A&ttivo (può accedere)"), self)
        self.active.setChecked(True)
        for widget, name in (
            (self.login, self.tr("Nome di accesso")),
            (self.full_name, self.tr("Nome e cognome")),
            (self.role, self.tr("Profilo")),
            (self.password, self.tr("Password del nuovo accesso al server")),
            (self.active, self.tr("Utente attivo")),
        ):
            widget.setAccessibleName(name)
        self.form_title = QLabel(self)
        self.form_title.setStyleSheet("font-weight: bold;")
        self.form_title.setWordWrap(True)
        self.offices_hint = QLabel(self.tr("Solo per il profilo ufficio: le azioni di questi uffici."), self)
        self.offices_hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.form_title)
        add_form_row(form, self.tr("&Accesso"), self.login)
        add_form_row(form, self.tr("&Nome e cognome"), self.full_name)
        add_form_row(form, self.tr("&Profilo"), self.role)
        self.offices_label = add_form_row(form, self.tr("U&ffici"), self.offices)
        form.addRow("", self.offices_hint)
        self.password_label = add_form_row(form, self.tr("Pass&word"), self.password)
        form.addRow("", self.active)

        self.new_button = QPushButton(self.tr("Nuo&vo utente"), self)
        self.save_button = QPushButton(self.tr("&Salva utente"), self)
        self.disable_button = QPushButton(self.tr("&Disattiva utente"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        for button in (self.new_button, self.save_button, self.disable_button, self.close_button):
            button.setAccessibleName(button.text().replace("&", ""))
            button.setAutoDefault(True)
        self.save_button.setDefault(True)  # Enter in the form saves the person
        self.save_button.setToolTip(self.tr("Salva l'utente (Invio)"))
        list_beside_form(
            self,
            self.banner,
            self.list_label,
            self.table,
            self.new_button,
            form,
            [self.save_button, self.disable_button],
            self.close_button,
        )
        chain = [
            self.table,
            self.new_button,
            self.login,
            self.full_name,
            self.role,
            self.offices,
            self.password,
            self.active,
            self.save_button,
            self.disable_button,
            self.close_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.table.currentCellChanged.connect(self._on_current_changed)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.new_button.clicked.connect(lambda: self._leave_then(self.start_new))
        self.save_button.clicked.connect(self.save)
        self.disable_button.clicked.connect(self.disable)
        self.close_button.clicked.connect(self.reject)
        self.start_new()
        self.refresh()

    # --- loading ---------------------------------------------------------------------------
    def refresh(self, select_login: str | None = None) -> None:
        """Read the people and the offices again (off the UI thread)."""
        desk = self.desk

        def loaded(data: tuple[list[UserRow], list[OfficeRow]]) -> None:
            if not alive(self):
                return
            self._users, offices = data
            if [(o.id, o.name) for o in offices] != [(o.id, o.name) for o in self._offices]:
                self._offices = offices
                checked = self.offices.checked_ids()
                self.offices.set_entries(((o.id, o.name) for o in offices), checked)
            self._fill_table(select_login)

        run_op(lambda: (desk.users(), desk.offices()), loaded, self._failed)

    def _fill_table(self, select_login: str | None) -> None:
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(len(self._users))
            for row, user in enumerate(self._users):
                cells = (
                    user.login,
                    user.full_name,
                    role_label(user.role),
                    ", ".join(user.offices),
                    self.tr("sì") if user.active else self.tr("no"),
                )
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    self.table.setItem(row, column, item)
        finally:
            self.table.blockSignals(False)
        if select_login is not None:
            row = next((n for n, u in enumerate(self._users) if u.login == select_login), -1)
            if row >= 0:
                self.table.blockSignals(True)
                self.table.setCurrentCell(row, 0)
                self.table.blockSignals(False)
                self._show_user(self._users[row], keep_message=True)

    def users_shown(self) -> list[UserRow]:
        return list(self._users)

    # --- the form ----------------------------------------------------------------------------
    def _on_current_changed(self, row: int, _column: int, previous: int, _previous_column: int) -> None:
        if row < 0 or row >= len(self._users):
            return
        user = self._users[row]
        if self._editing is not None and self._editing.id == user.id:
            return

        def back() -> None:
            self.table.blockSignals(True)
            self.table.setCurrentCell(previous, 0)
            self.table.blockSignals(False)

        if self.is_dirty() and not self.ask_discard():
            back()
            return
        self._show_user(user)

    def _show_user(self, user: UserRow, keep_message: bool = False) -> None:
        self._editing = user
        if not keep_message:
            self.banner.hide()
        self.form_title.setText(self.tr("Utente «%s»") % user.login)
        self.login.setText(user.login)
        self.login.setReadOnly(True)
        self.login.setToolTip(self.tr("Il nome di accesso non si cambia: disattivare l'utente e crearne uno nuovo."))
        self.full_name.setText(user.full_name)
        self.role.setCurrentIndex(max(0, self.role.findData(user.role)))
        self.offices.set_checked(user.office_ids)
        self.active.setChecked(user.active)
        self.password.clear()
        self._show_password(False)
        self.disable_button.setEnabled(user.active)
        self._role_changed()

    def start_new(self) -> None:
        """An empty form for a new person (login first)."""
        self._editing = None
        self.form_title.setText(self.tr("Nuovo utente"))
        self.login.clear()
        self.login.setReadOnly(False)
        self.login.setToolTip(self.tr("Il nome di accesso: quello del PC (file locale) o del server condiviso"))
        self.full_name.clear()
        self.role.setCurrentIndex(max(0, self.role.findData(Role.CONSULTAZIONE.value)))
        self.offices.set_checked(())
        self.active.setChecked(True)
        self.password.clear()
        self._show_password(self.desk.is_server)
        self.disable_button.setEnabled(False)
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)
        self._role_changed()
        self.login.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_password(self, shown: bool) -> None:
        self.password.setVisible(shown)
        self.password_label.setVisible(shown)

    def _role_changed(self) -> None:
        office_editor = self.role.currentData() == Role.UFFICIO.value
        self.offices.setEnabled(office_editor)
        self.offices_label.setEnabled(office_editor)

    def draft(self) -> UserDraft:
        role = str(self.role.currentData())
        offices = self.offices.checked_ids() if role == Role.UFFICIO.value else ()
        return UserDraft(
            login=self.login.text(),
            role=role,
            full_name=self.full_name.text(),
            office_ids=tuple(offices),
            active=self.active.isChecked(),
        )

    def is_dirty(self) -> bool:
        """Whether the form holds something the database does not."""
        draft = self.draft()
        user = self._editing
        if user is None:
            return bool(draft.login.strip() or draft.full_name.strip() or self.password.text())
        return (draft.full_name.strip(), draft.role, tuple(sorted(draft.office_ids)), draft.active) != (
            user.full_name,
            user.role,
            tuple(sorted(user.office_ids)) if user.role == Role.UFFICIO.value else (),
            user.active,
        )

    # --- writing ---------------------------------------------------------------------------
    def save(self) -> None:
        """Add the new person or save the changes to the selected one (Enter, "Salva utente")."""
        if self._saving:
            return
        draft = self.draft()
        desk = self.desk
        editing = self._editing
        if editing is None:
            password = self.password.text() if desk.is_server else None
            if desk.is_server and not password:
                self.banner.show_message(
                    "error", self.tr("Scrivere la password del nuovo accesso al server (non viene conservata).")
                )
                self.password.setFocus(Qt.FocusReason.OtherFocusReason)
                return

            def job() -> OpResult[UserRow]:
                return desk.add_user(draft, password)

            done = self.tr("Utente «%s» aggiunto.")
        else:
            user_id, version = editing.id, editing.version

            def job() -> OpResult[UserRow]:
                return desk.update_user(user_id, version, draft)

            done = self.tr("Utente «%s» salvato.")
        self._set_saving(True)
        run_op(job, lambda result: self._saved(result, done), self._failed)

    def disable(self) -> None:
        """Disattiva utente: the selected person may no longer sign in (asked first)."""
        user = self._editing
        if user is None or self._saving:
            return
        if self.is_dirty() and not self.ask_discard():
            return
        yes = ask_yes_no(
            self,
            self.tr("Disattivare l'utente?"),
            self.tr("Disattivare l'utente «%s»?") % user.login,
            self.tr("Non potrà più modificare nulla; le sue modifiche passate restano nel registro."),
            self.tr("&Disattiva"),
            self.tr("&Annulla"),
            False,
        )
        if not yes:
            return
        draft = UserDraft(user.login, user.role, user.full_name, user.office_ids, active=False)
        desk = self.desk
        self._set_saving(True)
        run_op(
            lambda: desk.update_user(user.id, user.version, draft),
            lambda result: self._saved(result, self.tr("Utente «%s» disattivato.")),
            self._failed,
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        for button in (self.save_button, self.disable_button, self.new_button):
            button.setEnabled(not saving)

    def _saved(self, result: OpResult[UserRow], done: str) -> None:
        if not alive(self):
            return
        self._set_saving(False)
        self.password.clear()
        user = result.value
        self._editing = user
        self.banner.show_message("success", done % user.login)
        self.changes_made.emit(result.changes)
        self.refresh(select_login=user.login)

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self._set_saving(False)
        if self._editing is not None:
            self.disable_button.setEnabled(self._editing.active)
        else:
            self.disable_button.setEnabled(False)
        self.banner.show_message("error", error_message(exc))

    # --- leaving -----------------------------------------------------------------------------
    def _ask_discard_with_box(self) -> bool:
        login = self.login.text().strip()
        return ask_yes_no(
            self,
            self.tr("Utente non salvato"),
            self.tr("Le modifiche all'utente «%s» non sono state salvate.") % login
            if login
            else self.tr("L'utente in compilazione non è stato salvato."),
            self.tr("Scartarle?"),
            self.tr("&Scarta"),
            self.tr("&Annulla"),
            False,
        )

    def _leave_then(self, proceed: Callable[[], None]) -> None:
        if self.is_dirty() and not self.ask_discard():
            return
        proceed()

    def reject(self) -> None:
        """Chiudi, Esc and the window's close button: ask first when something is typed."""
        if self._saving:
            return
        self._leave_then(lambda: QDialog.reject(self))
