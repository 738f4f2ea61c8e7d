"""Opening a Desk with visible progress: create and migrate the database, import the bundled
programme when it is empty (first start), or import a programme text chosen by the user.

The jobs run off the UI thread (``ProgressRunner`` uses ``run_op``). ``SummaryDialog``
shows what an import did: every line (each stakeholder, or none) in a scrolling list
that fits the screen, the warnings in their own box above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

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


def open_and_prepare(
    target: str | None,
    actor: Actor | None,
    clock: Clock | None,
    progress: ProgressFn,
    allow_network_share: bool = False,
) -> Opened:
    """Open the Desk (creating and migrating the database) and seed it if it is empty."""
    progress(0, 3, _tr("Apertura del database…"))
    desk = Desk.open(target, actor, clock, allow_network_share=allow_network_share)
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
            self.dialog.deleteLater()
            self.deleteLater()
            on_success(result)

        def failed(exc: BaseException) -> None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.deleteLater()
            on_failure(exc)

        run_op(work, finished, failed, step)


WARNINGS_HEADING = "Avvisi:"


class SummaryDialog(QDialog):
    """ "Programma importato": the heading, the warnings (if any) and every line of the summary.

    Nothing is cut: the lines scroll inside a box sized to the screen; OK (Enter) closes.
    """

    def __init__(self, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Programma importato"))
        heading, body, warnings = _split_summary(lines)
        self.heading = QLabel(heading, self)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.warnings = QLabel(self)
        self.warnings.setObjectName("importWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings.setStyleSheet(
            "QLabel#importWarnings { background: #fffbeb; color: #92400e; border: 1px solid #fcd34d;"
            " border-radius: 4px; padding: 6px; }"
        )
        self.warnings.setText(
            self.tr("Avvisi dell'importazione:") + "\n" + "\n".join(f"• {w}" for w in warnings) if warnings else ""
        )
        self.warnings.setAccessibleName(self.warnings.text())
        self.warnings.setVisible(bool(warnings))
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Riepilogo dell'importazione"))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.setPlainText("\n".join(body))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("OK"))
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.warnings)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self._fit(len(body))
        ok.setFocus()

    def _fit(self, line_count: int) -> None:
        """Tall enough for every line where the screen allows it, never taller than the screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        line = self.details.fontMetrics().lineSpacing()
        wanted_text = line * (line_count + 1) + 16
        self.details.setMinimumHeight(min(wanted_text, line * 12))
        width = max(480, self.details.fontMetrics().horizontalAdvance("M" * 48))
        height = self.sizeHint().height() - self.details.sizeHint().height() + wanted_text
        if available is not None:
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 80)
        self.resize(width, height)

    def shown_text(self) -> str:
        """Everything the dialog says (for a screen reader's summary, and for tests)."""
        return "\n".join(t for t in (self.heading.text(), self.warnings.text(), self.details.toPlainText()) if t)


def _split_summary(lines: list[str]) -> tuple[str, list[str], list[str]]:
    """(heading, lines before the warnings, warnings) of ``ImportSummary.lines()``."""
    if not lines:
        return "", [], []
    heading, rest = lines[0], lines[1:]
    if WARNINGS_HEADING in rest:
        at = rest.index(WARNINGS_HEADING)
        warnings = [w.strip().removeprefix("- ") for w in rest[at + 1 :]]
        rest = rest[:at]
    else:
        warnings = []
    return heading, [line.rstrip() for line in rest], warnings
