"""The Meetings page ("Sedute"): the council's and the cabinet's sessions, a new one, freezing a
session's snapshot and comparing two snapshots (or one with now).

Every database call is a Desk method run through ``run_op``; failures are shown in Italian.
"Confronta…" opens the comparison (``compare_view.CompareDialog``) from the chosen session; a
double-click on one of its changes emits ``action_chosen(action_id)`` for the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.actor import Permission
from valenza_desk.domain.meetings import BODIES, MeetingDraft, MeetingRow
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date, format_datetime
from valenza_desk.ui.compare_view import CompareDialog
from valenza_desk.ui.date_edit import DateEdit
from valenza_desk.ui.ops import alive, error_message, run_op
from valenza_desk.ui.role_gate import write_denied
from valenza_desk.ui.widgets import read_only_list

COMMISSION_HINT = "Commissione consiliare …"
MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class MeetingDialog(QDialog):
    """ "Nuova seduta": the body (council, cabinet or a commission typed), the date, a title, notes."""

    def __init__(self, today, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nuova seduta"))
        self.body = QComboBox(self)
        self.body.setEditable(True)
        self.body.addItems(list(BODIES))
        self.body.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.body.setAccessibleName(self.tr("Organo"))
        self.body.setToolTip(self.tr("Consiglio comunale, Giunta comunale o il nome di una commissione consiliare"))
        self.body.lineEdit().setPlaceholderText(self.tr(COMMISSION_HINT))
        self.on_date = DateEdit(self.tr("nessuna data"), self.tr("Data della seduta"), self)
        self.on_date.today = today
        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Titolo o ordine del giorno"))
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(self.tr("Note"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b91c1c")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        for text, field in (
            (self.tr("&Organo:"), self.body),
            (self.tr("&Data:"), self.on_date),
            (self.tr("&Titolo:"), self.title),
            (self.tr("N&ote:"), self.notes),
        ):
            label = QLabel(text, self)
            label.setBuddy(field.edit if isinstance(field, DateEdit) else field)
            form.addRow(label, field)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("&Registra"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Annulla"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.body.setFocus()

    def draft(self) -> MeetingDraft | None:
        """What was typed, or None with the reason shown under the fields."""
        body = self.body.currentText().strip()
        problem = ""
        if not body or body == COMMISSION_HINT:
            problem = self.tr("Indicare l'organo della seduta (Consiglio comunale, Giunta comunale, commissione…).")
        elif not self.on_date.is_valid():
            problem = self.on_date.error()
        elif self.on_date.value() is None:
            problem = self.tr("Indicare la data della seduta (gg/mm/aaaa).")
        if problem:
            self.error.setText(problem)
            self.error.show()
            return None
        day = self.on_date.value()
        assert day is not None
        return MeetingDraft(body, day, self.title.text().strip(), self.notes.toPlainText().strip())

    def accept(self) -> None:
        self.on_date.tidy()
        if self.draft() is not None:
            super().accept()


class MeetingsPage(QWidget):
    """The sessions of the programme in view, newest first."""

    action_chosen = Signal(int)  # a change was double-clicked in the comparison
    brief_requested = Signal(int)  # "Emetti relazione…": the Reports dialog on this session's brief
    changed = Signal()  # a session was added or frozen

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.meetings_shown: list[MeetingRow] = []
        self.compare_dialog: CompareDialog | None = None
        heading = QLabel(self.tr("Sedute"), self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        explain = QLabel(
            self.tr(
                "Le sedute di Consiglio, Giunta e commissioni. L'istantanea fotografa lo stato di tutte le azioni "
                "(si congela anche emettendo la relazione per la seduta) e permette di vedere cosa è cambiato."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.new_button = QPushButton(self.tr("&Nuova seduta…"), self)
        self.freeze_button = QPushButton(self.tr("Congela &istantanea"), self)
        self.compare_button = QPushButton(self.tr("Con&fronta…"), self)
        self.brief_button = QPushButton(self.tr("Emetti re&lazione…"), self)
        self.brief_button.setToolTip(
            self.tr("La relazione per la seduta scelta: fotografa lo stato e registra l'impronta del PDF")
        )
        self.freeze_button.setToolTip(self.tr("Fotografa adesso lo stato di ogni azione per la seduta scelta"))
        self.compare_button.setToolTip(self.tr("Cosa è cambiato dall'istantanea della seduta scelta"))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.freeze_button, self.compare_button, self.brief_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Data"),
                self.tr("Organo"),
                self.tr("Titolo"),
                self.tr("Istantanea"),
                self.tr("Relazione emessa"),
                self.tr("SHA-256 relazione"),
            ]
        )
        read_only_list(self.table, self.tr("Elenco delle sedute"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.new_button.clicked.connect(self.new_meeting)
        self.freeze_button.clicked.connect(self.freeze)
        self.compare_button.clicked.connect(self.compare)
        self.brief_button.clicked.connect(self._request_brief)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.compare())
        self._update_buttons()

    # --- data -----------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        desk = self.desk
        wanted = select if select is not None else self.selected_id()
        run_op(
            desk.meetings,
            lambda rows: alive(self) and desk is self.desk and self.show_meetings(rows, wanted),
            lambda e: alive(self) and self.status.setText(error_message(e)),
        )

    def show_meetings(self, rows: list[MeetingRow], select: int | None = None) -> None:
        self.meetings_shown = sorted(rows, key=lambda m: (m.on_date, m.id), reverse=True)
        self.table.setRowCount(len(self.meetings_shown))
        yes, no = self.tr("sì"), self.tr("no")
        for r, meeting in enumerate(self.meetings_shown):
            snapshot = yes + f" ({format_datetime(meeting.snapshot_at)})" if meeting.has_snapshot else no
            sha = meeting.brief_sha256[:12] + "…" if meeting.brief_sha256 else "—"
            cells = (
                format_date(meeting.on_date),
                meeting.body,
                meeting.title or "—",
                snapshot,
                format_datetime(meeting.brief_issued_at, "—"),
                sha,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(MEETING_ID_ROLE, meeting.id)
                if c == 5 and meeting.brief_sha256:
                    item.setToolTip(meeting.brief_sha256)
                elif c == 2 and meeting.notes:
                    item.setToolTip(meeting.notes)
                self.table.setItem(r, c, item)
        if not self.meetings_shown:
            self.status.setText(self.tr("Nessuna seduta registrata: «Nuova seduta…» per aggiungerne una."))
        elif not self.status.text() or self.status.property("empty_note"):
            self.status.setText("")
        self.status.setProperty("empty_note", not self.meetings_shown)
        row = next((i for i, m in enumerate(self.meetings_shown) if m.id == select), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_id(self) -> int | None:
        meeting = self.selected()
        return meeting.id if meeting else None

    def selected(self) -> MeetingRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        found = rows[0].data(MEETING_ID_ROLE)
        return next((m for m in self.meetings_shown if m.id == found), None)

    def _update_buttons(self) -> None:
        meeting = self.selected()
        refused = write_denied(self.desk, Permission.MANAGE_MEETINGS)
        for button in (self.new_button, self.freeze_button):
            button.setToolTip(refused)
        self.new_button.setEnabled(not refused)
        self.freeze_button.setEnabled(not refused and meeting is not None and not meeting.has_snapshot)
        self.brief_button.setEnabled(meeting is not None)
        any_snapshot = any(m.has_snapshot for m in self.meetings_shown)
        self.compare_button.setEnabled(any_snapshot)

    # --- what a person does --------------------------------------------------------------------
    def new_meeting(self) -> None:
        dialog = MeetingDialog(self.desk.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        draft = dialog.draft()
        if draft is None:
            return
        desk = self.desk
        self.status.setText(self.tr("Registrazione della seduta…"))

        def done(result) -> None:  # type: ignore[no-untyped-def]
            if not alive(self):
                return
            meeting: MeetingRow = result.value
            self.status.setText(self.tr("Seduta registrata: %s.") % meeting.label)
            self.refresh(select=meeting.id)
            self.changed.emit()

        run_op(lambda: desk.add_meeting(draft), done, self._failed)

    def freeze(self) -> None:
        meeting = self.selected()
        if meeting is None:
            return
        desk = self.desk
        self.status.setText(self.tr("Istantanea in corso…"))

        def done(result) -> None:  # type: ignore[no-untyped-def]
            if not alive(self):
                return
            if result.value:
                self.status.setText(self.tr("Istantanea congelata per la seduta: %s.") % meeting.label)
            else:
                self.status.setText(self.tr("La seduta aveva già un'istantanea: non è stata cambiata."))
            self.refresh(select=meeting.id)
            self.changed.emit()

        run_op(lambda: desk.freeze_snapshot(meeting.id), done, self._failed)

    def compare(self) -> None:
        meeting = self.selected()
        if meeting is None or not meeting.has_snapshot:
            meeting = next((m for m in self.meetings_shown if m.has_snapshot), None)
        if meeting is None:
            return
        if self.compare_dialog is None or not alive(self.compare_dialog):
            self.compare_dialog = CompareDialog(self.desk, self)
            self.compare_dialog.view.action_chosen.connect(self.action_chosen)
        dialog = self.compare_dialog
        dialog.view.desk = self.desk
        dialog.view.load(meeting.id)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _request_brief(self) -> None:
        meeting = self.selected()
        if meeting is not None:
            self.brief_requested.emit(meeting.id)

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self.status.setText("")
        QMessageBox.warning(self, self.tr("Sedute"), error_message(exc))
