"""Opening a Desk with visible progress: create and migrate the database, import the bundled
programme when it is empty (first start), or import a programme text chosen by the user.

The jobs run off the UI thread (``ProgressRunner`` uses ``run_op``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.clock import Clock
from valenza_desk.domain.rows import ImportSummary
from valenza_desk.importers.programme_text import read_programme_file
from valenza_desk.services.desk import Desk
from valenza_desk.ui.ops import run_op

ProgressFn = Callable[[int, int, str], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("FirstStart", text)


@dataclass(slots=True)
class Opened:
    desk: Desk
    summary: ImportSummary | None  # set when the bundled programme was imported just now


def open_and_prepare(target: str | None, actor: Actor, clock: Clock | None, progress: ProgressFn) -> Opened:
    """Open the Desk (creating and migrating the database) and seed it if it is empty."""
    progress(0, 3, _tr("Apertura del database…"))
    desk = Desk.open(target, actor, clock)
    try:
        progress(1, 3, _tr("Verifica del programma…"))
        summary = None
        if not desk.db.read_only and desk.is_empty():
            progress(2, 3, _tr("Primo avvio: importazione del programma di governo…"))
            summary = desk.seed()
        progress(3, 3, _tr("Database pronto."))
    except BaseException:
        desk.close()
        raise
    return Opened(desk, summary)


def import_text(desk: Desk, path: Path, progress: ProgressFn) -> OpResult[ImportSummary]:
    """Read and import a programme text; the Desk then looks at the programme imported."""
    progress(0, 2, _tr("Lettura di %s…") % path.name)
    parsed = read_programme_file(path)
    progress(1, 2, _tr("Importazione di %s…") % path.name)
    result = desk.import_programme(parsed)
    progress(2, 2, _tr("Importazione completata."))
    return result


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
