"""The File menu's database work: open or create another database, import a programme text.

Each first asks about unsaved changes (the detail panel's guard), then runs off the UI
thread with a progress dialog. Opening gives the window a new Desk; importing switches
the window to the programme imported (a new mandate, or the one updated).
"""

from __future__ import annotations

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

    def switch_database(self, target: str) -> None:
        """Open (creating, migrating and seeding when empty) ``target`` and show it."""
        desk = self.window.desk
        actor, clock = desk.actor, desk.clock
        runner = ProgressRunner(self.window, self.tr("Apertura del database"))
        runner.start(
            lambda progress: open_and_prepare(target, actor, clock, progress), self._switched, self._open_failed
        )

    def _switched(self, opened: object) -> None:
        assert isinstance(opened, Opened)
        window = self.window
        old = window.desk
        window.set_desk(opened.desk)
        window.settings.last_database = opened.desk.db.display_name if opened.desk.db.path else ""
        run_op(old.close)
        window.show_database_state()
        window.reload()
        if opened.summary is not None:
            window.show_summary(opened.summary.lines())

    def _open_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self.window, self.tr("Apertura del database"), error_message(exc))

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
