"""Opening a database with visible progress: create and migrate it, import the bundled programme
when it is empty (first start), or import a programme text chosen by the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ImportSummary
from valenza_desk.services import programme, setup
from valenza_desk.store.database import Database
from valenza_desk.ui.ops import run_op

ProgressFn = Callable[[int, int, str], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("FirstStart", text)


@dataclass(slots=True)
class Opened:
    db: Database
    summary: ImportSummary | None  # set when the bundled programme was imported just now


def open_and_prepare(target: str | None, actor: Actor, progress: ProgressFn) -> Opened:
    """Open (creating and migrating) the database and seed it if it is empty."""
    progress(0, 3, _tr("Apertura del database…"))
    db = setup.open_database(target)
    try:
        progress(1, 3, _tr("Verifica del programma…"))
        summary = None
        if not db.read_only and programme.is_empty(db):
            progress(2, 3, _tr("Primo avvio: importazione del programma di governo…"))
            summary = setup.ensure_programme(db, actor)
        progress(3, 3, _tr("Database pronto."))
    except BaseException:
        db.dispose()
        raise
    return Opened(db, summary)


def import_text(db: Database, actor: Actor, path: Path, progress: ProgressFn) -> ImportSummary:
    progress(0, 1, _tr("Importazione di %s…") % path.name)
    summary = programme.import_programme_file(db, actor, path)
    progress(1, 1, _tr("Importazione completata."))
    return summary


class ProgressRunner(QObject):
    """Runs one job through run_op while a progress dialog shows its steps."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setLabelText(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setCancelButton(None)  # a migration or import cannot be interrupted halfway
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setRange(0, 0)
        self.dialog.setMinimumWidth(420)

    def start(
        self,
        job: Callable[[ProgressFn], object],
        on_success: Callable[[object], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        self.dialog.show()

        def work(progress: ProgressFn) -> object:
            return job(progress)

        def step(done: int, total: int, text: str) -> None:
            self.dialog.setRange(0, total)
            self.dialog.setValue(done)
            self.dialog.setLabelText(text)

        def finished(result: object) -> None:
            self.dialog.reset()
            self.dialog.hide()
            self.deleteLater()
            on_success(result)

        def failed(exc: BaseException) -> None:
            self.dialog.reset()
            self.dialog.hide()
            self.deleteLater()
            on_failure(exc)

        run_op(work, finished, failed, step)
