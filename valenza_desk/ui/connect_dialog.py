"""File › Connetti a un database condiviso…: server, port, database, login and password.

The password is kept in the operating system's keyring (``keyring``; service
"valenza-desk", key "login@server:port/database"), never in the settings file or the log;
the last connection (without password) is remembered in AppSettings and prefilled. Where
the keyring has no backend (a server, CI) the dialog says, in Italian, that the password
will not be remembered, and works on. A server given as a folder (a Unix socket, as
"/var/run/postgresql") goes into the URL's query, as libpq expects.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.ui.unsaved_guard import ask_yes_no
from valenza_desk.ui.widgets import Banner, add_form_row

log = logging.getLogger(__name__)

SERVICE = "valenza-desk"
DEFAULT_PORT = 5432
NO_KEYRING = (
    "Il portachiavi del sistema non è disponibile su questo PC: la password non verrà ricordata "
    "e andrà scritta a ogni connessione."
)


@dataclass(frozen=True, slots=True)
class Connection:
    """Where to connect and as whom (never the password)."""

    server: str
    port: int
    database: str
    login: str

    @property
    def key(self) -> str:
        """The keyring entry's name: login@server:port/database."""
        return f"{self.login}@{self.server}:{self.port}/{self.database}"

    def url(self, password: str) -> str:
        """The SQLAlchemy URL (with the password: only for opening, never shown or stored)."""
        from sqlalchemy.engine import URL

        query: dict[str, str] = {}
        host: str | None = self.server
        port: int | None = self.port
        if self.server.startswith("/"):  # a Unix socket folder
            query = {"host": self.server, "port": str(self.port)}
            host, port = None, None
        url = URL.create(
            "postgresql+psycopg",
            username=self.login,
            password=password or None,
            host=host,
            port=port,
            database=self.database,
            query=query,
        )
        return url.render_as_string(hide_password=False)

    def missing(self) -> str:
        """What is still to be written ("" when complete)."""
        for value, name in ((self.server, "il server"), (self.database, "il database"), (self.login, "l'accesso")):
            if not value:
                return f"Scrivere {name}."
        return ""


def stored_password(connection: Connection) -> tuple[str, str]:
    """(the password kept in the keyring or "", a warning when the keyring cannot be used)."""
    try:
        import keyring

        return keyring.get_password(SERVICE, connection.key) or "", ""
    except Exception as exc:  # no backend, locked keyring, D-Bus missing…
        log.info("keyring not available: %s", type(exc).__name__)
        return "", NO_KEYRING


def remember_password(connection: Connection, password: str) -> str:
    """Keep ``password`` in the keyring; returns a warning when it could not be kept ("" when kept)."""
    try:
        import keyring

        keyring.set_password(SERVICE, connection.key, password)
    except Exception as exc:
        log.info("keyring not available: %s", type(exc).__name__)
        return NO_KEYRING
    return ""


def forget_password(connection: Connection) -> None:
    try:
        import keyring

        keyring.delete_password(SERVICE, connection.key)
    except Exception as exc:
        log.info("no password removed from the keyring: %s", type(exc).__name__)


class ConnectDialog(QDialog):
    """The form for a shared server; ``connection()`` and ``password()`` once accepted."""

    def __init__(self, last: Connection | None, parent: QWidget | None = None, password: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connetti a un database condiviso"))
        self.setAccessibleName(self.tr("Connessione al database condiviso"))
        self.banner = Banner(self)
        intro = QLabel(
            self.tr(
                "Il database condiviso sul server PostgreSQL del Comune, per lavorare in più PC. "
                "Ciascuno entra con il proprio accesso."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.server = QLineEdit(self)
        self.server.setPlaceholderText(self.tr("per esempio db.comune.valenza.al.it"))
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit(self)
        self.database.setPlaceholderText(self.tr("per esempio valenza"))
        self.login = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("&Ricorda la password nel portachiavi del sistema"), self)
        self.remember.setChecked(True)
        for widget, name in (
            (self.server, self.tr("Server")),
            (self.port, self.tr("Porta")),
            (self.database, self.tr("Database")),
            (self.login, self.tr("Accesso")),
            (self.password_edit, self.tr("Password")),
            (self.remember, self.tr("Ricorda la password")),
        ):
            widget.setAccessibleName(name)
        form = QFormLayout()
        add_form_row(form, self.tr("&Server"), self.server)
        add_form_row(form, self.tr("P&orta"), self.port)
        add_form_row(form, self.tr("&Database"), self.database)
        add_form_row(form, self.tr("&Accesso"), self.login)
        add_form_row(form, self.tr("Pass&word"), self.password_edit)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton(self.tr("&Connetti"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Annulla"), QDialogButtonBox.ButtonRole.RejectRole)
        self.connect_button.setDefault(True)  # Enter connects
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        if last is not None:
            self.server.setText(last.server)
            self.port.setValue(last.port)
            self.database.setText(last.database)
            self.login.setText(last.login)
        warning = ""
        if password:
            self.password_edit.setText(password)
        elif last is not None:
            stored, warning = stored_password(last)
            self.password_edit.setText(stored)
        if warning:
            self.show_keyring_warning(warning)
        self._initial = self._typed()

    def showEvent(self, event: QShowEvent) -> None:
        """The focus in the first field still empty (the password when the rest is prefilled)."""
        super().showEvent(event)
        first_empty = next((w for w in (self.server, self.database, self.login) if not w.text()), None)
        (first_empty or self.password_edit).setFocus(Qt.FocusReason.OtherFocusReason)

    def show_keyring_warning(self, text: str) -> None:
        self.banner.show_message("warning", text)
        self.remember.setChecked(False)
        self.remember.setEnabled(False)
        self.remember.setToolTip(text)

    def connection(self) -> Connection:
        return Connection(
            self.server.text().strip(), self.port.value(), self.database.text().strip(), self.login.text().strip()
        )

    def password(self) -> str:
        return self.password_edit.text()

    def _typed(self) -> tuple[str, int, str, str, str]:
        c = self.connection()
        return c.server, c.port, c.database, c.login, self.password()

    def accept(self) -> None:
        missing = self.connection().missing()
        if missing:
            self.banner.show_message("error", self.tr(missing))
            return
        super().accept()

    def reject(self) -> None:
        """Annulla and Esc: ask first when something was typed."""
        if self._typed() != self._initial and not ask_yes_no(
            self,
            self.tr("Annullare la connessione?"),
            self.tr("Annullare la connessione al database condiviso?"),
            self.tr("Quanto scritto nel modulo andrà perso."),
            self.tr("&Sì, annulla"),
            self.tr("&No, continua"),
            False,
        ):
            return
        super().reject()
