"""The Reports dialog: choose a report (brief, office agenda, action sheet, xlsx, csv, ods,
end-of-mandate report, iCalendar), its filters and options, and where to save it.

The brief can be a session's ("Seduta"): the writer freezes the session's snapshot if it has
none, builds the brief from it and records its SHA-256 with the session, as ``report brief
--meeting`` does; "Confronta con la seduta" chooses the session its "Cosa è cambiato" section
(and the workbook's "Variazioni" sheet) compares with — for a session's brief, by default the
previous session with a snapshot.

Lists are loaded and reports written off the UI thread (``run_op``); a PDF then opens
in the in-app preview, an export offers to open the file. Every failure is shown in
Italian in the dialog, never as a traceback. The report writers (reportlab, openpyxl)
are imported only when the first report is made.

The dialog works on the window's Desk (its programme, its clock). It starts from
"tutto il programma" and always says which filters the report will apply ("Filtri
applicati: …"); the window's filters are taken only when the person asks for them
("Usa i filtri della finestra"), so a partial brief is never printed by mistake. The
action sheet starts on the action selected in the window. The writers get a
``ReportOptions`` whose ``query`` is what the line says.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.meetings import MeetingRow
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import OfficeRow, ProgrammeInfo, StakeholderRow
from valenza_desk.domain.status import Status
from valenza_desk.reports.options import ReportKind, ReportOptions, ReportResult
from valenza_desk.services.desk import Desk
from valenza_desk.ui.file_dialogs import ask_path
from valenza_desk.ui.filter_text import describe, describe_line
from valenza_desk.ui.ops import background_pool, error_message, run_op

_FILE_FILTERS = {
    ".pdf": "Documenti PDF (*.pdf)",
    ".xlsx": "Cartelle di Excel (*.xlsx)",
    ".csv": "File CSV (*.csv)",
    ".ods": "Fogli di calcolo OpenDocument (*.ods)",
    ".ics": "Calendari iCalendar (*.ics)",
}
_FILE_STEMS = {
    ReportKind.BRIEF: "stato-attuazione-programma",
    ReportKind.OFFICE: "agenda-ufficio",
    ReportKind.ACTION: "scheda-azione",
    ReportKind.XLSX: "azioni",
    ReportKind.CSV: "azioni",
    ReportKind.ODS: "azioni",
    ReportKind.MANDATE: "stato-attuazione-fine-mandato",
    ReportKind.ICS: "scadenze-e-sedute",
}


Choices = tuple[ProgrammeInfo | None, list[StakeholderRow], list[OfficeRow], list[str], list[MeetingRow]]


def _load_choices(desk: Desk) -> Choices:
    codes = [r.code for r in desk.actions()]
    return desk.programme(), desk.stakeholders(), desk.offices(), codes, desk.meetings()


class ReportsDialog(QDialog):
    """Make a report, of the whole programme unless the person narrows it.

    ``window_query`` is what the window shows (offered by "Usa i filtri della finestra");
    ``action_code`` the action selected there (where the action sheet starts);
    ``meeting_id`` the session chosen on the Meetings page (the brief starts on it).
    """

    def __init__(
        self,
        desk: Desk,
        parent: QWidget | None = None,
        window_query: ActionQuery | None = None,
        action_code: str = "",
        meeting_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.window_query = window_query or ActionQuery()
        self._wanted_meeting = meeting_id  # the session to start on (from the Meetings page)
        self._extra = ActionQuery()  # the window's criteria the dialog has no field for (search, views)
        self._stakeholder_names: dict[int, str] = {}
        self._office_names: dict[int, str] = {}
        self.last_result: ReportResult | None = None
        self.preview: QDialog | None = None
        self.message_box: QMessageBox | None = None
        self._busy = False
        self._choices_ready = False
        self.setWindowTitle(self.tr("Rapporti ed esportazioni"))
        self._build()
        self.action_edit.setText(action_code)
        self._on_kind_changed()  # hides the rows the brief does not use, before measuring
        self.resize(max(620, self.sizeHint().width()), self.sizeHint().height())  # no empty band below
        self._update_enabled()
        run_op(partial(_load_choices, desk), self._fill_choices, self._show_failure)

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        self.kind_combo = QComboBox(self)
        for kind, label in (
            (ReportKind.BRIEF, self.tr("Relazione per la seduta (PDF)")),
            (ReportKind.OFFICE, self.tr("Agenda di un ufficio (PDF)")),
            (ReportKind.ACTION, self.tr("Scheda di un'azione (PDF)")),
            (ReportKind.XLSX, self.tr("Cartella di Excel (.xlsx)")),
            (ReportKind.CSV, self.tr("Testo CSV (.csv)")),
            (ReportKind.ODS, self.tr("Foglio OpenDocument (.ods)")),
            (ReportKind.MANDATE, self.tr("Relazione di fine mandato — stato di attuazione (PDF)")),
            (ReportKind.ICS, self.tr("Calendario (iCalendar .ics)")),
        ):
            self.kind_combo.addItem(label, kind)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)

        self.stakeholder_list = QListWidget(self)
        self.stakeholder_list.setMaximumHeight(150)
        self.office_combo = QComboBox(self)
        self.action_edit = QLineEdit(self)
        self.action_edit.setPlaceholderText(self.tr("es. CUL-04"))
        self.status_boxes: dict[Status, QCheckBox] = {}
        statuses = QWidget(self)
        grid = QGridLayout(statuses)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, status in enumerate(Status):
            box = QCheckBox(status.label, statuses)
            box.toggled.connect(self._update_filters)
            self.status_boxes[status] = box
            grid.addWidget(box, index // 3, index % 3)
        self.overdue_box = QCheckBox(self.tr("Solo scadute"), statuses)
        self.overdue_box.setToolTip(self.tr("Solo le azioni con la scadenza superata, né completate né annullate"))
        self.overdue_box.toggled.connect(self._update_filters)
        grid.addWidget(self.overdue_box, len(Status) // 3, len(Status) % 3)
        self.filters_label = QLabel(self)
        self.filters_label.setWordWrap(True)
        self.filters_label.setObjectName("reportFilters")
        self.filters_label.setStyleSheet("QLabel#reportFilters { color: #1e3a8a; }")
        self.window_button = QPushButton(self.tr("&Usa i filtri della finestra"), self)
        self.window_button.setAutoDefault(False)
        self.window_button.clicked.connect(self.use_window_filters)
        self.everything_button = QPushButton(self.tr("&Tutto il programma"), self)
        self.everything_button.setAutoDefault(False)
        self.everything_button.clicked.connect(self.use_everything)
        filters_row = QHBoxLayout()
        filters_row.addWidget(self.window_button)
        filters_row.addWidget(self.everything_button)
        filters_row.addStretch(1)
        self.meeting_edit = QLineEdit(self)
        self.meeting_edit.setPlaceholderText(self.tr("es. Giunta comunale del 03/12/2026"))
        self._meetings: list[MeetingRow] = []
        self.session_combo = QComboBox(self)
        self.session_combo.addItem(self.tr("— nessuna seduta —"), None)
        self.session_combo.setToolTip(
            self.tr("La relazione di una seduta: lo stato viene fotografato e l'impronta del PDF registrata")
        )
        self.session_combo.currentIndexChanged.connect(self._on_session_changed)
        self.since_combo = QComboBox(self)
        self.since_combo.addItem(self.tr("— nessun confronto —"), None)
        self.since_combo.setToolTip(self.tr("La seduta con istantanea da cui contare «Cosa è cambiato»"))
        self.notes_box = QCheckBox(self.tr("Con l'ultima nota di avanzamento di ogni azione"), self)
        self.public_box = QCheckBox(self.tr("Versione pubblica (senza nomi di persone e note interne)"), self)
        self.audit_box = QCheckBox(self.tr("Con il registro delle modifiche"), self)

        self.path_edit = QLineEdit(self)
        browse = QPushButton(self.tr("Sfoglia…"), self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        for widget, name in (
            (self.kind_combo, self.tr("Tipo di rapporto")),
            (self.stakeholder_list, self.tr("Stakeholder da includere")),
            (self.office_combo, self.tr("Ufficio")),
            (self.action_edit, self.tr("Codice dell'azione")),
            (self.meeting_edit, self.tr("Riunione")),
            (self.session_combo, self.tr("Seduta")),
            (self.since_combo, self.tr("Confronta con la seduta")),
            (self.path_edit, self.tr("File da salvare")),
            (browse, self.tr("Scegli il file da salvare")),
        ):
            widget.setAccessibleName(name)

        form = QFormLayout()
        form.addRow(self.tr("Tipo"), self.kind_combo)
        self.filters_title = QLabel(self.tr("Filtri applicati"), self)
        form.addRow(self.filters_title, self.filters_label)
        form.addRow("", filters_row)
        self._filters_row = filters_row
        self.stakeholder_label = QLabel(self.tr("Stakeholder"), self)
        form.addRow(self.stakeholder_label, self.stakeholder_list)
        self.office_label = QLabel(self.tr("Ufficio"), self)
        form.addRow(self.office_label, self.office_combo)
        self.action_label = QLabel(self.tr("Azione"), self)
        form.addRow(self.action_label, self.action_edit)
        self.status_label = QLabel(self.tr("Stati"), self)
        form.addRow(self.status_label, statuses)
        self.session_label = QLabel(self.tr("Seduta"), self)
        form.addRow(self.session_label, self.session_combo)
        self.meeting_label = QLabel(self.tr("Riunione"), self)
        form.addRow(self.meeting_label, self.meeting_edit)
        self.since_label = QLabel(self.tr("Confronta con la seduta"), self)
        form.addRow(self.since_label, self.since_combo)
        form.addRow("", self.notes_box)
        form.addRow("", self.public_box)
        form.addRow("", self.audit_box)
        form.addRow(self.tr("Salva in"), path_row)
        self._statuses_widget = statuses

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setVisible(False)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.create_button = self.buttons.addButton(self.tr("Crea"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)  # Enter in any field makes the report
        close = self.buttons.addButton(self.tr("Chiudi"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        self.create_button.clicked.connect(self.generate)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _fill_choices(self, loaded: Choices) -> None:
        programme, stakeholders, offices, codes, meetings = loaded
        self._fill_meetings(meetings)
        if programme is not None:
            self.setWindowTitle(self.tr("Rapporti ed esportazioni — %s") % programme.display_name)
        self._stakeholder_names = {s.id: s.name for s in stakeholders}
        self._office_names = {o.id: o.name for o in offices}
        self.stakeholder_list.blockSignals(True)
        for s in stakeholders:
            item = QListWidgetItem(s.name, self.stakeholder_list)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.stakeholder_list.blockSignals(False)
        self.stakeholder_list.itemChanged.connect(self._update_filters)
        self.office_combo.addItem(self.tr("Tutti gli uffici"), None)
        for office in offices:
            name = office.name + ("" if office.active else self.tr(" (non attivo)"))
            self.office_combo.addItem(name, office.id)
            self.office_combo.setItemData(self.office_combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.office_combo.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.office_combo.currentIndexChanged.connect(self._update_filters)
        window = describe_line(self.window_query, self._stakeholder_names, self._office_names)
        self.window_button.setToolTip(self.tr("Filtri della finestra: %s") % window)
        self.window_button.setEnabled(not self.window_query.is_everything)
        completer = QCompleter(codes, self.action_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.action_edit.setCompleter(completer)
        self._choices_ready = True
        self._update_enabled()
        self._update_filters()

    # --- state ----------------------------------------------------------------------------

    def kind(self) -> ReportKind:
        return ReportKind(self.kind_combo.currentData())

    def set_kind(self, kind: ReportKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def _on_kind_changed(self) -> None:
        kind = self.kind()
        filters = kind in (ReportKind.BRIEF, ReportKind.XLSX, ReportKind.CSV, ReportKind.ODS)
        for widget in (
            self.stakeholder_label,
            self.stakeholder_list,
            self.status_label,
            self._statuses_widget,
            self.filters_title,
            self.filters_label,
            self.window_button,
            self.everything_button,
        ):
            widget.setVisible(filters)
        self.action_label.setVisible(kind is ReportKind.ACTION)
        self.action_edit.setVisible(kind is ReportKind.ACTION)
        self.office_label.setVisible(kind not in (ReportKind.ACTION, ReportKind.MANDATE))
        self.office_combo.setVisible(kind not in (ReportKind.ACTION, ReportKind.MANDATE))
        self.session_label.setVisible(kind is ReportKind.BRIEF)
        self.session_combo.setVisible(kind is ReportKind.BRIEF)
        compares = kind in (ReportKind.BRIEF, ReportKind.XLSX, ReportKind.ODS)
        self.since_label.setVisible(compares)
        self.since_combo.setVisible(compares)
        self._on_kind_changed_rows()
        self.notes_box.setVisible(kind is ReportKind.BRIEF)
        self.audit_box.setVisible(kind is ReportKind.ACTION)
        self._suggest_path(kind)
        self.message_label.clear()

    # --- sessions ---------------------------------------------------------------------------

    def _fill_meetings(self, meetings: list[MeetingRow]) -> None:
        """The sessions to issue the brief for, and those with a snapshot to compare with."""
        self._meetings = sorted(meetings, key=lambda m: (m.on_date, m.id), reverse=True)
        for meeting in self._meetings:
            label = meeting.label
            if meeting.brief_sha256:
                label += self.tr(" (relazione già emessa)")
            self.session_combo.addItem(label, meeting.id)
            if meeting.has_snapshot:
                self.since_combo.addItem(meeting.label, meeting.id)
        if self._wanted_meeting is not None and self.session_combo.findData(self._wanted_meeting) >= 0:
            self.set_kind(ReportKind.BRIEF)
            self.session_combo.setCurrentIndex(self.session_combo.findData(self._wanted_meeting))
        self._on_session_changed()

    def _on_session_changed(self) -> None:
        if not hasattr(self, "since_label"):
            return  # still building
        self._on_kind_changed_rows()

    def _on_kind_changed_rows(self) -> None:
        kind = self.kind()
        by_session = kind is ReportKind.BRIEF and self.session_combo.currentData() is not None
        self.meeting_label.setVisible(kind is ReportKind.BRIEF and not by_session)
        self.meeting_edit.setVisible(kind is ReportKind.BRIEF and not by_session)
        self._name_default_since()

    def _name_default_since(self) -> None:
        """The first "since" entry says what happens when no session is chosen to compare with."""
        by_session = self.kind() is ReportKind.BRIEF and self.session_combo.currentData() is not None
        text = self.tr("la seduta precedente con istantanea") if by_session else self.tr("— nessun confronto —")
        self.since_combo.setItemText(0, text)

    def _suggest_path(self, kind: ReportKind) -> None:
        """Keep the chosen folder and name; only a suggested name follows the kind."""
        default = f"{_FILE_STEMS[kind]}-{self.desk.today().isoformat()}{kind.extension}"
        current = self.path_edit.text().strip()
        if not current:
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
            self.path_edit.setText(str(folder / default))
            return
        path = Path(current)
        suggested = path.stem.startswith(tuple(_FILE_STEMS.values()))
        self.path_edit.setText(str(path.with_name(default) if suggested else path.with_suffix(kind.extension)))

    def _choose_path(self) -> None:
        extension = self.kind().extension
        chosen = ask_path(self, self.tr("Salva il report"), self.path_edit.text(), self.tr(_FILE_FILTERS[extension]))
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != extension:
                path = path.with_name(path.name + extension)
            self.path_edit.setText(str(path))

    def _update_enabled(self) -> None:
        self.create_button.setEnabled(self._choices_ready and not self._busy)

    # --- filters ----------------------------------------------------------------------------

    def query(self) -> ActionQuery:
        """What the report selects: the dialog's fields plus the window's criteria taken explicitly."""
        stakeholder_ids = tuple(
            self.stakeholder_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.stakeholder_list.count())
            if self.stakeholder_list.item(i).checkState() == Qt.CheckState.Checked
        )
        statuses = tuple(s for s, box in self.status_boxes.items() if box.isChecked())
        office_id = self.office_combo.currentData()
        return replace(
            self._extra,
            stakeholder_ids=stakeholder_ids,
            office_id=office_id,
            lead_office_only=self._extra.lead_office_only and office_id is not None,
            statuses=statuses,
            overdue=self.overdue_box.isChecked(),
        )

    def filters_text(self) -> str:
        return self.filters_label.text()

    def _update_filters(self) -> None:
        query = self.query()
        self.filters_label.setText(describe_line(query, self._stakeholder_names, self._office_names))
        self.filters_label.setAccessibleName(self.tr("Filtri applicati: %s") % self.filters_label.text())
        self.everything_button.setEnabled(not query.is_everything)
        if not query.is_everything:
            # criteria without a field of their own can only be dropped all together ("Tutto il programma")
            extra = describe(replace(self._extra, lead_office_only=False))
            tip = "; ".join(p.text for p in extra)
            self.filters_label.setToolTip(self.tr("Dalla finestra: %s") % tip if tip else "")

    def use_window_filters(self) -> None:
        """Take the window's filters: its stakeholders, statuses, office and the rest (search, views)."""
        window = self.window_query
        self._extra = replace(window, stakeholder_ids=(), statuses=(), office_id=None, overdue=False)
        for n in range(self.stakeholder_list.count()):
            item = self.stakeholder_list.item(n)
            wanted = item.data(Qt.ItemDataRole.UserRole) in window.stakeholder_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        for status, box in self.status_boxes.items():
            box.setChecked(status in window.statuses)
        self.overdue_box.setChecked(window.overdue)
        self.office_combo.setCurrentIndex(max(0, self.office_combo.findData(window.office_id)))
        self._update_filters()

    def use_everything(self) -> None:
        """Back to the whole programme: no filter at all."""
        self._extra = ActionQuery()
        for n in range(self.stakeholder_list.count()):
            self.stakeholder_list.item(n).setCheckState(Qt.CheckState.Unchecked)
        for box in (*self.status_boxes.values(), self.overdue_box):
            box.setChecked(False)
        self.office_combo.setCurrentIndex(0)
        self._update_filters()

    def options(self) -> ReportOptions:
        """The options as chosen in the dialog."""
        kind = self.kind()
        query = self.query()
        office_id = query.office_id
        return ReportOptions(
            kind=kind,
            query=query,
            meeting="" if self.session_combo.currentData() is not None else self.meeting_edit.text().strip(),
            notes=self.notes_box.isChecked(),
            public=self.public_box.isChecked(),
            office_id=office_id,
            action_code=self.action_edit.text().strip(),
            audit=self.audit_box.isChecked(),
            meeting_id=self.session_combo.currentData() if kind is ReportKind.BRIEF else None,
            since_meeting_id=(
                self.since_combo.currentData() if kind in (ReportKind.BRIEF, ReportKind.XLSX, ReportKind.ODS) else None
            ),
        )

    # --- generation -----------------------------------------------------------------------

    def generate(self) -> None:
        options = self.options()
        text = self.path_edit.text().strip()
        if options.kind is ReportKind.OFFICE and options.office_id is None:
            self._show_message(self.tr("Scegliere l'ufficio di cui creare l'agenda."), error=True)
            return
        if options.meeting_id is not None and options.meeting_id == options.since_meeting_id:
            self._show_message(
                self.tr("Scegliere per il confronto una seduta diversa da quella della relazione."), error=True
            )
            return
        if options.kind is ReportKind.ACTION and not options.action_code:
            self._show_message(self.tr("Indicare il codice dell'azione (es. CUL-04)."), error=True)
            return
        if not text:
            self._show_message(self.tr("Indicare dove salvare il file."), error=True)
            return
        target = Path(text).expanduser()
        if target.suffix.lower() != options.kind.extension:
            target = target.with_name(target.name + options.kind.extension)
            self.path_edit.setText(str(target))
        self._busy = True
        self._update_enabled()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setVisible(True)
        self._show_message(self.tr("Creazione in corso…"))
        run_op(
            partial(_make, self.desk, options, target),
            self._on_done,
            self._on_failed,
            self._on_progress,
            pool=background_pool(),
        )

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
        if text:
            self.message_label.setText(text)

    def _finish(self) -> None:
        self._busy = False
        self._update_enabled()
        self.progress_bar.setVisible(False)

    def _on_done(self, result: ReportResult) -> None:
        self._finish()
        self.last_result = result
        self._show_message(result.summary)
        if Path(result.path).suffix.lower() == ".pdf":
            self.open_preview(result.path)
        else:
            self._offer_to_open(result.path)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        self._show_failure(exc)

    def _show_failure(self, exc: BaseException) -> None:
        message = error_message(exc)
        self._show_message(message, error=True)
        self.message_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Report"), message, parent=self)
        self.message_box.open()

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet("color: #b91c1c;" if error else "")
        self.message_label.setText(text)

    def open_preview(self, path: str) -> None:
        from valenza_desk.ui.pdf_preview import PdfPreview

        self.preview = PdfPreview(path, self)
        self.preview.show()

    def _offer_to_open(self, path: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Esportazione completata"),
            self.tr("File salvato in %1.\nAprirlo ora?").replace("%1", path),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            self,
        )
        box.button(QMessageBox.StandardButton.Open).setText(self.tr("Apri"))
        box.button(QMessageBox.StandardButton.Close).setText(self.tr("Chiudi"))
        box.finished.connect(partial(self._on_box_finished, box, path))
        self.message_box = box
        box.open()

    def _on_box_finished(self, box: QMessageBox, path: str, _code: int) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Open):
            self._open_file(path)

    def _open_file(self, path: str) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            self._show_message(
                self.tr("Nessun programma è associato a questo tipo di file: aprire %1 a mano.").replace("%1", path),
                error=True,
            )


def _make(desk: Desk, options: ReportOptions, target: Path, progress: Any) -> ReportResult:
    from valenza_desk.reports.runner import make_report

    return make_report(desk, options, target, progress)
