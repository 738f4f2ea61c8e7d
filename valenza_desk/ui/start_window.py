"""The window shown the moment the app starts, before the database is open.

Importing the database layer and opening (or creating, migrating and seeding) the
database take most of a start. The person should not wait for them to see the app:
this light window, with the main window's title, size and place, shows at once with
the opening's steps, while the work runs off the UI thread (``run_op``). The main
window then takes its place. Only Qt widgets are imported here: nothing of the
database layer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QVBoxLayout, QWidget

from valenza_desk.ui.ops import run_op
from valenza_desk.ui.settings import AppSettings
from valenza_desk.ui.window_state import first_start_size

ProgressFn = Callable[[int, int, str], None]


class StartWindow(QMainWindow):
    """ "Apertura di Valenza Desk…" with a progress bar, where the main window will be."""

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Valenza Desk"))
        self.setAccessibleName(self.tr("Valenza Desk: apertura"))
        geometry = settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(first_start_size(self))
        central = QWidget(self)
        self.message = QLabel(self.tr("Apertura di Valenza Desk…"), central)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("font-size: 13pt; color: #374151;")
        self.progress = QProgressBar(central)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(420)
        self.progress.setAccessibleName(self.tr("Avanzamento dell'apertura"))
        layout = QVBoxLayout(central)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.setCentralWidget(central)
        self._busy = False
        self._waiting: Callable[[], None] | None = None  # the job, started once the window is painted

    def step(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if text:
            self.message.setText(text)

    def start(
        self,
        job: Callable[[ProgressFn], object],
        on_success: Callable[[object], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Run ``job(progress)`` off the UI thread once the window is on screen; then ``on_success`` or
        ``on_failure`` here. (The job imports the database layer: started before the first paint, it
        would compete with it.)"""
        self._busy = True

        def work(progress: ProgressFn) -> object:
            return job(progress)

        def done(result: object) -> None:
            self._busy = False
            on_success(result)

        def failed(exc: BaseException) -> None:
            self._busy = False
            on_failure(exc)

        self._waiting = lambda: run_op(work, done, failed, self.step)
        QTimer.singleShot(300, self._begin)  # in case no paint comes (a hidden or minimised start)

    def _begin(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._waiting is not None:
            QTimer.singleShot(0, self._begin)

    def hand_over(self, window: QMainWindow) -> None:
        """Show ``window`` where this one is (same place, size, maximised or not) and go away."""
        if self.isMaximized():
            window.showMaximized()
        else:
            window.setGeometry(self.geometry())
            window.show()
        self._busy = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()  # a migration or import cannot be interrupted halfway
            return
        super().closeEvent(event)
