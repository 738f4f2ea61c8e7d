"""Strumenti › Registro delle modifiche…: the audit, with labels, filters, verification and export.

A window of its own (not a navigator page): a table of ``Desk.audit`` entries (when, who,
what — the action's code or the entity —, field, old → new labels, operation), filters
by action code, person and a first day (``DateEdit``), "Verifica integrità"
(``Desk.verify_audit``: the verdict in a message) and "Esporta in Excel…" (the entries
shown, written with openpyxl off the UI thread, atomically). Enter in a filter applies it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.rows import AuditEntry
from valenza_desk.errors import ValidationError
from valenza_desk.reports.output import atomic_output
from valenza_desk.services.desk import Desk
from valenza_desk.text import DateInputError, format_datetime
from valenza_desk.ui.date_edit import DateEdit
from valenza_desk.ui.file_dialogs import ask_path
from valenza_desk.ui.ops import alive, background_pool, error_message, run_op
from valenza_desk.ui.role_gate import fit_to_screen
from valenza_desk.ui.widgets import Banner, read_only_list

HEADERS = ("Quando", "Chi", "Che cosa", "Campo", "Prima → dopo", "Operazione")
FIELD_NAMES = {  # the stored field names, as a reader knows them
    "status": "Stato",
    "progress": "Avanzamento",
    "completed_on": "Completata il",
    "due_date": "Scadenza",
    "lead_office": "Ufficio responsabile",
    "support_offices": "Uffici di supporto",
    "referent": "Referente politico",
    "values": "Valori",
    "notes": "Note",
    "note": "Nota di avanzamento",
    "milestone": "Traguardo",
    "milestones": "Traguardi",
    "act_reference": "Atto",
    "mission": "Missione DUP",
    "dup_programme": "Programma DUP",
    "full_name": "Nome",
    "role": "Profilo",
    "offices": "Uffici",
    "active": "Attivo",
    "name": "Nome",
    "head": "Responsabile",
    "email": "E-mail",
    "phone": "Telefono",
}
LIMIT = 2000


def change_text(entry: AuditEntry) -> str:
    if not entry.field:
        return ""
    return f"{entry.old_label or '—'} → {entry.new_label or '—'}"


def field_name(field: str) -> str:
    return FIELD_NAMES.get(field, field)


def entry_cells(entry: AuditEntry) -> tuple[str, ...]:
    return (
        format_datetime(entry.at),
        entry.actor,
        entry.entity_label,
        field_name(entry.field),
        change_text(entry),
        entry.operation_label or entry.operation,
    )


def write_audit_workbook(entries: Sequence[AuditEntry], target: Path, title: str) -> Path:
    """The entries as an Excel sheet (header, one row each, old and new labels apart)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Registro"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    header = ["Quando", "Chi", "Che cosa", "Campo", "Prima", "Dopo", "Operazione", "N. voce"]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append(
            [
                format_datetime(entry.at),
                entry.actor,
                entry.entity_label,
                field_name(entry.field),
                entry.old_label,
                entry.new_label,
                entry.operation_label or entry.operation,
                entry.id,
            ]
        )
    for column, width in zip("ABCDEFGH", (17, 16, 14, 18, 30, 30, 40, 8), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    with atomic_output(target) as temp:
        workbook.save(temp)
    return target


class AuditWindow(QDialog):
    """The audit of the Desk's database, filtered, verifiable, exportable."""

    follows_desk = True  # another database or programme in the window: this one follows it

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("Registro delle modifiche"))
        self.setAccessibleName(self.tr("Registro delle modifiche"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 1100, 620)
        self._entries: list[AuditEntry] = []
        self.banner = Banner(self)

        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("per esempio CUL-04"))
        self.code.setAccessibleName(self.tr("Codice dell'azione"))
        self.user = QLineEdit(self)
        self.user.setPlaceholderText(self.tr("nome di accesso"))
        self.user.setAccessibleName(self.tr("Utente"))
        self.since = DateEdit(self.tr("dall'inizio"), self.tr("Dal giorno"), self)
        self.since.today = desk.today()
        self.apply_button = QPushButton(self.tr("&Filtra"), self)
        self.apply_button.setDefault(True)  # Enter in a filter applies it
        self.apply_button.setToolTip(self.tr("Mostra le voci che rispondono ai filtri (Invio)"))
        filters = QHBoxLayout()
        for text, widget in (
            (self.tr("&Azione"), self.code),
            (self.tr("&Utente"), self.user),
            (self.tr("&Dal giorno"), self.since),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget.edit if isinstance(widget, DateEdit) else widget)
            filters.addWidget(label)
            filters.addWidget(widget, 1 if widget is not self.since else 0)
        filters.addWidget(self.apply_button)

        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        read_only_list(self.table, self.tr("Voci del registro"), single=False)
        header = self.table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 130)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 160)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(5, 260)
        self.count_label = QLabel(self)

        self.verify_button = QPushButton(self.tr("&Verifica integrità"), self)
        self.verify_button.setToolTip(self.tr("Ricalcola la catena delle impronte del registro"))
        self.export_button = QPushButton(self.tr("&Esporta in Excel…"), self)
        self.close_button = QPushButton(self.tr("&Chiudi"), self)
        for button in (self.apply_button, self.verify_button, self.export_button, self.close_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setAutoDefault(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        chain = [
            self.code,
            self.user,
            self.since.edit,
            self.apply_button,
            self.table,
            self.verify_button,
            self.export_button,
            self.close_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.apply_button.clicked.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh()

    # --- reading ---------------------------------------------------------------------------
    def criteria(self) -> tuple[str, str, date | None]:
        """(action code, login, first day); DateInputError when the day is not a date."""
        return self.code.text().strip(), self.user.text().strip(), self.since.value()

    def refresh(self) -> None:
        """Read the entries that match the filters (off the UI thread)."""
        try:
            code, login, since = self.criteria()
        except DateInputError as exc:
            self.since.show_error()
            self.banner.show_message("error", str(exc))
            return
        desk = self.desk

        def job() -> list[AuditEntry]:
            action_id = desk.action_id(code) if code else None
            return desk.audit("action" if action_id else None, action_id, LIMIT, login or None, since)

        self.count_label.setText(self.tr("Lettura del registro…"))
        run_op(job, self._loaded, self._failed)

    def _loaded(self, entries: list[AuditEntry]) -> None:
        if not alive(self):
            return
        self.banner.hide()
        self._entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, text in enumerate(entry_cells(entry)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        shown = len(entries)
        text = self.tr("Voci mostrate: %s") % shown
        if shown >= LIMIT:
            text += self.tr(" (le più recenti; restringere i filtri per vedere le altre)")
        self.count_label.setText(text)

    def entries(self) -> list[AuditEntry]:
        return list(self._entries)

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self.count_label.setText("")
        self.banner.show_message("error", error_message(exc))

    # --- verifying -------------------------------------------------------------------------
    def verify(self) -> None:
        desk = self.desk
        self.verify_button.setEnabled(False)

        def done(verdict: object) -> None:
            if not alive(self):
                return
            self.verify_button.setEnabled(True)
            whole = bool(getattr(verdict, "whole", False))
            message = verdict.message()  # type: ignore[attr-defined]
            self.banner.show_message("success" if whole else "error", message)
            box = QMessageBox.information if whole else QMessageBox.warning
            box(self, self.tr("Verifica del registro"), message)

        def failed(exc: BaseException) -> None:
            if alive(self):
                self.verify_button.setEnabled(True)
                self._failed(exc)

        run_op(desk.verify_audit, done, failed)

    # --- exporting -------------------------------------------------------------------------
    def export(self) -> None:
        name = f"registro-modifiche-{self.desk.today().isoformat()}.xlsx"
        path = ask_path(self, self.tr("Esporta il registro in Excel"), name, self.tr("Cartella di Excel (*.xlsx)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, target: Path) -> None:
        """Write the entries shown to ``target`` (off the UI thread)."""
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        entries = list(self._entries)
        title = self.tr("Registro delle modifiche — %s") % self.desk.db.display_name
        self.export_button.setEnabled(False)

        def done(path: object) -> None:
            if alive(self):
                self.export_button.setEnabled(True)
                text = self.tr("Registro esportato in %s (%s voci).") % (path, len(entries))
                self.banner.show_message("success", text)

        def failed(exc: BaseException) -> None:
            if alive(self):
                self.export_button.setEnabled(True)
                self._failed(exc)

        if not entries:
            self.export_button.setEnabled(True)
            self._failed(ValidationError("Nessuna voce da esportare con questi filtri."))
            return
        run_op(lambda: write_audit_workbook(entries, target, title), done, failed, pool=background_pool())
