"""Starting the desktop app: QApplication, error hook, the Desk opened with progress, main window.

A light start window shows at once, with the main window's title, size and place; the
database layer is imported and the Desk opened off the UI thread (creating and migrating
the database, and seeding the bundled programme on first start), and the main window
then takes the start window's place and loads its data, again off the UI thread.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from valenza_desk.config import DB_ENV, configure_logging, log_dir
from valenza_desk.resources import resource_path
from valenza_desk.ui.settings import APPLICATION, ORGANISATION, SERVER_MARK, AppSettings

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the names QSettings uses, Italian locale, icon and Fusion style.

    An application that already exists (a test's) is configured the same way, once.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    if app.property("valenza_configured"):
        return app
    app.setProperty("valenza_configured", True)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(resource_path("icons", "valenza-desk.svg"))))
    app.setDesktopFileName("valenza-desk")  # matches packaging/valenza-desk.desktop
    QLocale.setDefault(QLocale(QLocale.Language.Italian, QLocale.Country.Italy))
    install_qt_translations(app)
    return app


def install_qt_translations(app: QApplication) -> bool:
    """Qt's own Italian strings (standard buttons such as Annulla, Salva, "Mostra dettagli...")."""
    translator = QTranslator(app)  # parented to the app, so it lives as long as it
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Italian, QLocale.Country.Italy), "qtbase", "_", folder):
        return app.installTranslator(translator)
    log.warning("Qt's Italian translations not found in %s", folder)
    return False


def install_excepthook(parent_getter=lambda: None) -> None:  # type: ignore[no-untyped-def]
    """Unexpected errors in slots are logged and shown as an Italian message, never a traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        from valenza_desk.ui.ops import error_message

        try:
            QMessageBox.critical(parent_getter(), "Valenza Desk", error_message(exc))
        except Exception:  # never let the hook itself fail
            log.exception("cannot show the error message")

    sys.excepthook = hook


def choose_target(db_target: str | None, settings: AppSettings) -> str | None:
    """--db, else VALENZA_DESK_DB, else the database opened last time (if it still exists), else default."""
    if db_target or os.environ.get(DB_ENV, "").strip():
        return db_target
    last = settings.last_database
    if last == SERVER_MARK:
        return last_server_url(settings)
    if last and "://" not in last and Path(last).is_file():
        return last
    return None


def last_server_url(settings: AppSettings) -> str | None:
    """The shared server connected to last time, with the password kept in the keyring (if any)."""
    from valenza_desk.ui.connect_dialog import Connection, stored_password

    last = settings.last_connection
    if not (last.get("server") and last.get("database") and last.get("login")):
        return None
    port = int(last["port"]) if last.get("port", "").isdigit() else 5432
    connection = Connection(last["server"], port, last["database"], last["login"])
    return connection.url(stored_password(connection)[0])


def run_app(db_target: str | None = None) -> int:
    """Open the window on ``db_target`` (path or URL; None: env, last used, or default file)."""
    configure_logging()
    app = create_application()
    settings = AppSettings()
    windows: list[QWidget] = []
    install_excepthook(lambda: windows[0] if windows else None)
    actor = None  # identified by the database: OS login on a file, server login on PostgreSQL
    target = choose_target(db_target, settings)
    exit_code = 0

    from valenza_desk.ui.ops import db_pool, error_message
    from valenza_desk.ui.start_window import StartWindow

    shell = StartWindow(settings)  # on screen before the database layer is even imported
    shell.show()

    def prepare(progress):  # type: ignore[no-untyped-def]
        from valenza_desk.ui.first_start import open_and_prepare  # the database layer: off the UI thread

        return open_and_prepare(target, actor, None, progress)

    def ready(opened: object) -> None:
        from valenza_desk.ui.first_start import Opened
        from valenza_desk.ui.main_window import MainWindow

        assert isinstance(opened, Opened)
        settings.remember_database(opened.desk.db.display_name if opened.desk.db.path else "", opened.desk.is_server)
        window = MainWindow(opened.desk, settings)
        windows.append(window)
        shell.hand_over(window)
        if opened.summary is not None:
            window.show_summary(opened.summary.lines())
        window.files.check_opened()  # a file on a network share: ask; else the daily backup (off the UI thread)

    def failed(exc: BaseException) -> None:
        nonlocal exit_code, target
        if target is not None and target != db_target and "://" in target:  # the server of last time
            QMessageBox.warning(
                shell,
                app.tr("Valenza Desk"),
                app.tr("Il database condiviso dell'ultima volta non è raggiungibile:")
                + "\n\n"
                + error_message(exc)
                + "\n\n"
                + app.tr("Si apre il database di questo PC; per riprovare: File › Connetti a un database condiviso…"),
            )
            target = None
            shell.start(prepare, ready, failed)
            return
        exit_code = 1
        QMessageBox.critical(
            shell,
            app.tr("Valenza Desk"),
            app.tr("Impossibile aprire il database.")
            + "\n\n"
            + error_message(exc)
            + "\n\n"
            + app.tr("Registro: %s") % log_dir(),
        )
        app.quit()

    shell.start(prepare, ready, failed)
    code = app.exec()
    db_pool().waitForDone(10_000)
    for window in windows:
        desk = getattr(window, "desk", None)
        if desk is not None:
            desk.close()
    return exit_code or code
