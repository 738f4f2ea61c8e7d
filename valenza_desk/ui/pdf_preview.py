"""In-app preview of a generated PDF (QtPdf), with Print and Save a copy.

Printing renders each page with QPdfDocument.render at the printer's resolution and
paints it on the QPrinter, so no external PDF reader is needed. "Salva una copia" asks
where in an Italian file dialog and then says where the copy went.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.ui.file_dialogs import ask_path


class PdfPreview(QDialog):
    """A window showing ``path``: every page, scrolling, fit to width; Print and Save."""

    def __init__(self, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(self.tr("Anteprima — %1").replace("%1", self.path.name))
        self.resize(820, 960)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        self.print_button = QPushButton(self.tr("Stampa…"), self)
        self.save_button = QPushButton(self.tr("Salva una copia…"), self)
        self.close_button = QPushButton(self.tr("Chiudi"), self)
        self.pages_label = QLabel(self)
        self.saved_label = QLabel(self)  # "Copia salvata in …" after Salva una copia
        self.saved_label.setStyleSheet("color: #166534;")
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_label.hide()
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_copy)
        self.close_button.clicked.connect(self.close)

        bar = QHBoxLayout()
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.view, 1)

        error = self.document.load(str(self.path))
        if error != QPdfDocument.Error.None_:
            self.pages_label.setText(self.tr("Il file PDF non può essere aperto."))
            self.print_button.setEnabled(False)
        else:
            self.pages_label.setText(self.tr("Pagine: %1").replace("%1", str(self.document.pageCount())))

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Stampa"))
        if dialog.exec() == QDialog.DialogCode.Accepted and not self.print_to(printer):
            QMessageBox.warning(
                self, self.tr("Stampa"), self.tr("La stampa non è potuta partire: controllare la stampante.")
            )

    def print_to(self, printer: QPrinter) -> bool:
        """Paint the chosen pages on ``printer``; False if the printer refused to start."""
        count = self.document.pageCount()
        first = max(1, printer.fromPage() or 1)
        last = min(count, printer.toPage() or count)
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            dpi = printer.resolution()
            for index in range(first - 1, last):
                if index > first - 1:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = self.document.render(index, size)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(QPoint(0, 0), scaled), image)
        finally:
            painter.end()
        return True

    def save_copy(self) -> None:
        target = ask_path(self, self.tr("Salva una copia"), str(self.path), self.tr("Documenti PDF (*.pdf)"))
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        message = self.copy_to(path)
        if message:
            self.saved_label.hide()
            QMessageBox.warning(self, self.tr("Salva una copia"), message)
            return
        self.saved_label.setText(self.tr("Copia salvata in %1").replace("%1", str(path)))
        self.saved_label.setToolTip(str(path))
        self.saved_label.show()

    def copy_to(self, target: Path) -> str:
        """Copy the PDF to ``target``; an Italian message on failure, "" when done."""
        if target.resolve() == self.path.resolve():
            return ""
        try:
            shutil.copyfile(self.path, target)
        except PermissionError:
            return self.tr(
                "Non è possibile scrivere %1: il file è aperto in un altro programma o la cartella è protetta."
            ).replace("%1", str(target))
        except OSError as exc:
            return (
                self.tr("Non è possibile salvare %1: %2.")
                .replace("%1", str(target))
                .replace("%2", exc.strerror or str(exc))
            )
        return ""

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.view.setDocument(None)  # type: ignore[arg-type]
        self.document.close()
        super().closeEvent(event)
