"""The File menu's database work: open or create another database, import a programme text.

Each first asks about unsaved changes (the detail panel's guard), then runs off the UI
thread with a progress dialog. Opening gives the window a new Desk; importing switches
the window to the programme imported (a new mandate, or the one updated).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.rows import ImportSummary
from valenza_desk.ui.file_dialogs import ask_path
from valenza_desk.ui.first_start import Opened, ProgressRunner, import_text, open_and_prepare
from valenza_desk.ui.ops import error_message, run_op

if TYPE_CHECKING:
    from valenza_desk.ui.main_window import MainWindow


class FileActions(QObject):
    """Open, new, import — for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._last_try = None  # the server form last tried, kept (with its password, in memory) after a failure
        self._last_password = ""

    # --- databases ------------------------------------------------------------------------
    def open_database(self) -> None:
        path = ask_path(
            self.window,
            self.tr("Apri database"),
            "",
            self.tr("Database Valenza Desk (*.sqlite3 *.sqlite *.db);;Tutti i file (*)"),
            save=False,
        )
        if path:
            self.window.panel.request_leave(lambda: self.switch_database(path))

    def new_database(self) -> None:
        path = ask_path(
            self.window,
            self.tr("Nuovo database"),
            "valenza-desk.sqlite3",
            self.tr("Database Valenza Desk (*.sqlite3)"),
        )
        if path:
            self.window.panel.request_leave(lambda: self.switch_database(path))

    def switch_database(
        self,
        target: str,
        allow_network_share: bool = False,
        identify: bool = False,
        on_opened: Callable[[], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Open (creating, migrating and seeding when empty) ``target`` and show it.

        ``identify``: the person is who the database says (the server login), not the window's actor.
        """
        desk = self.window.desk
        actor, clock = (None if identify else desk.actor), desk.clock
        runner = ProgressRunner(self.window, self.tr("Apertura del database"))

        def opened(result: object) -> None:
            self._switched(result)
            if on_opened is not None:
                on_opened()

        runner.start(
            lambda progress: open_and_prepare(target, actor, clock, progress, allow_network_share),
            opened,
            on_failed or self._open_failed,
        )

    def _switched(self, opened: object) -> None:
        assert isinstance(opened, Opened)
        window = self.window
        old = window.desk
        window.set_desk(opened.desk)
        window.settings.remember_database(
            opened.desk.db.display_name if opened.desk.db.path else "", opened.desk.is_server
        )
        run_op(old.close)
        window.show_database_state()
        window.reload()
        if opened.summary is not None:
            window.show_summary(opened.summary.lines())
        self.check_opened()

    def check_opened(self) -> None:
        """After a database is opened: the network-share question, then the daily backup."""
        from valenza_desk.ui.connection_status import ask_network_share, share_path, start_daily_backup

        desk = self.window.desk
        path = share_path(desk)
        if path is not None:
            if ask_network_share(self.window, desk.db.read_only_reason):
                self.window.panel.request_leave(lambda: self.switch_database(str(path), allow_network_share=True))
            return
        start_daily_backup(desk, self.window.statusBar())

    def _open_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self.window, self.tr("Apertura del database"), error_message(exc))

    # --- the shared server ---------------------------------------------------------------------
    def connect_server(self) -> None:
        """File › Connetti a un database condiviso…: the form, then (unsaved changes asked first) open it."""
        from valenza_desk.ui.connect_dialog import ConnectDialog, Connection

        window = self.window
        last = self._last_try or self._remembered_connection()
        dialog = ConnectDialog(last, window, password=self._last_password if self._last_try else "")
        if dialog.exec() != ConnectDialog.DialogCode.Accepted:
            return
        connection, password, remember = dialog.connection(), dialog.password(), dialog.remember.isChecked()
        self._last_try, self._last_password = connection, password
        assert isinstance(connection, Connection)

        def opened() -> None:
            self._connected(connection, password, remember)

        window.panel.request_leave(
            lambda: self.switch_database(
                connection.url(password), identify=True, on_opened=opened, on_failed=self._connect_failed
            )
        )

    def _remembered_connection(self):  # type: ignore[no-untyped-def]
        from valenza_desk.ui.connect_dialog import DEFAULT_PORT, Connection

        last = self.window.settings.last_connection
        if not last.get("server"):
            return None
        port = int(last["port"]) if last.get("port", "").isdigit() else DEFAULT_PORT
        return Connection(last["server"], port, last.get("database", ""), last.get("login", ""))

    def _connected(self, connection, password: str, remember: bool) -> None:  # type: ignore[no-untyped-def]
        from valenza_desk.ui.connect_dialog import forget_password, remember_password

        self._last_try, self._last_password = None, ""
        self.window.settings.last_connection = {
            "server": connection.server,
            "port": str(connection.port),
            "database": connection.database,
            "login": connection.login,
        }
        if remember:
            warning = remember_password(connection, password)
            if warning:
                QMessageBox.information(self.window, self.tr("Password non ricordata"), warning)
        else:
            forget_password(connection)
        self.window.statusBar().showMessage(
            self.tr("Connesso a %s come %s.") % (connection.server, connection.login), 8000
        )

    def _connect_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(
            self.window,
            self.tr("Connessione al database condiviso"),
            self.tr("Connessione non riuscita.") + "\n\n" + error_message(exc),
        )

    # --- importing ------------------------------------------------------------------------
    def import_programme(self) -> None:
        path = ask_path(
            self.window,
            self.tr("Importa testo del programma"),
            "",
            self.tr("Testo del programma (*.txt);;Tutti i file (*)"),
            save=False,
        )
        if path:
            self.window.panel.request_leave(lambda: self.run_import(Path(path)))

    def run_import(self, path: Path) -> None:
        """Import ``path`` (off the UI thread), then show the programme imported and the summary."""
        importer = self.window.desk.for_programme(None)  # the window's Desk keeps its programme meanwhile
        runner = ProgressRunner(self.window, self.tr("Importazione del programma"))
        runner.start(lambda progress: import_text(importer, path, progress), self._imported, self._import_failed)

    def _imported(self, result: object) -> None:
        assert isinstance(result, OpResult) and isinstance(result.value, ImportSummary)
        window = self.window
        summary = result.value
        if summary.programme_id != window.desk.programme_id:
            window.set_desk(window.desk.for_programme(summary.programme_id))
            window.reload()
        else:
            window.apply_changes(result.changes)
        window.show_summary(summary.lines())

    def _import_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self.window, self.tr("Importazione del programma"), error_message(exc))
