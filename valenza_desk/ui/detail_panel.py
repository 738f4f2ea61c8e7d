"""The detail panel: one action's full text, its editable state, milestones and timeline.

The form is the user's: it is never reloaded over their typing. A failed save (conflict,
locked or read-only database, invalid value) shows an inline banner and keeps every
field as typed. ``request_leave`` asks before unsaved changes could be lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionDetail, ActionEdit, OfficeRow, ValueRow
from valenza_desk.domain.status import OVERDUE_LABEL, Status
from valenza_desk.errors import ConflictError
from valenza_desk.services import browse, editing
from valenza_desk.store.database import Database
from valenza_desk.text import format_date
from valenza_desk.ui.milestones_editor import MilestonesEditor
from valenza_desk.ui.ops import error_message, run_op
from valenza_desk.ui.timeline import timeline_html
from valenza_desk.ui.widgets import Banner, CheckList, OptionalDateEdit, add_form_row


class LeaveChoice(StrEnum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def status_icon(status: Status) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(status.colour))
    return QIcon(pixmap)


class DetailPanel(QWidget):
    """Shows and edits one action; emits ``saved(ActionDetail)`` after a successful save."""

    saved = Signal(object)
    loaded = Signal(object)
    dirty_changed = Signal(bool)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.today = date.today()
        self.detail: ActionDetail | None = None
        self._baseline: ActionEdit | None = None
        self._loading = False
        self._dirty = False
        self._saving = False
        self._offices: list[OfficeRow] = []
        self._values: list[ValueRow] = []
        self._build()
        self._connect()
        self._show_empty()

    # --- construction -----------------------------------------------------------------
    def _build(self) -> None:
        self.setAccessibleName(self.tr("Dettaglio dell'azione"))
        self.title = QLabel(self)
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("QLabel#detailTitle { font-weight: bold; font-size: 13pt; }")
        self.full_text = QLabel(self)
        self.full_text.setWordWrap(True)
        self.full_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.full_text.setAccessibleName(self.tr("Testo completo dell'azione"))
        self.banner = Banner(self)

        self.status = QComboBox(self)
        for status in Status:
            self.status.addItem(status_icon(status), status.label, status.value)
        self.status.setAccessibleName(self.tr("Stato"))
        self.overdue_label = QLabel(self)
        self.overdue_label.setStyleSheet("color: #b91c1c; font-weight: bold;")
        self.overdue_label.setWordWrap(True)
        self.overdue_label.hide()
        self.progress = QSpinBox(self)
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress.setSingleStep(5)
        self.progress.setAccessibleName(self.tr("Avanzamento in percentuale"))
        self.completed_on = OptionalDateEdit(self.tr("—"), self.tr("Data di completamento"), self)
        self.due_date = OptionalDateEdit(self.tr("nessuna scadenza"), self.tr("Scadenza"), self)
        self.lead_office = QComboBox(self)
        self.lead_office.setAccessibleName(self.tr("Ufficio responsabile"))
        self.lead_office.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lead_office.setMinimumContentsLength(16)
        self.support_offices = CheckList(self.tr("Uffici di supporto"), self)
        self.support_offices.setMaximumHeight(self.fontMetrics().height() * 7)
        self.support_offices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.support_offices.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.referent = QLineEdit(self)
        self.referent.setAccessibleName(self.tr("Referente politico"))
        self.referent.setPlaceholderText(self.tr("es. Assessore alla Cultura"))
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(self.tr("Note interne"))
        self.notes.setMaximumHeight(self.fontMetrics().height() * 4)
        self.values_box = CheckList(self.tr("Valori del programma"), self)
        self.values_box.setFlow(QListView.Flow.LeftToRight)
        self.values_box.setWrapping(True)
        self.values_box.setResizeMode(QListView.ResizeMode.Adjust)
        self.values_box.setSpacing(2)
        self.values_box.setMaximumHeight(self.fontMetrics().height() * 6)
        self.values_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        status_row = QWidget(self)
        status_layout = QVBoxLayout(status_row)
        status_layout.setContentsMargins(0, 0, 0, 0)
        status_layout.setSpacing(2)
        status_layout.addWidget(self.status)
        status_layout.addWidget(self.overdue_label)
        add_form_row(form, self.tr("&Stato"), status_row, self.status)
        add_form_row(form, self.tr("A&vanzamento"), self.progress)
        add_form_row(form, self.tr("Completata &il"), self.completed_on, self.completed_on.edit)
        add_form_row(form, self.tr("Scade&nza"), self.due_date, self.due_date.edit)
        add_form_row(form, self.tr("&Ufficio responsabile"), self.lead_office)
        add_form_row(form, self.tr("Uffici di su&pporto"), self.support_offices)
        add_form_row(form, self.tr("&Referente politico"), self.referent)
        add_form_row(form, self.tr("Valori"), self.values_box)
        add_form_row(form, self.tr("N&ote"), self.notes)

        self.milestones = MilestonesEditor(self)
        milestones_group = QGroupBox(self.tr("Traguardi"), self)
        QVBoxLayout(milestones_group).addWidget(self.milestones)

        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(self.tr("Nota di avanzamento"))
        self.note.setPlaceholderText(self.tr("Cosa è stato fatto (sarà registrato nella cronologia al salvataggio)"))
        self.note.setMaximumHeight(self.fontMetrics().height() * 4)
        self.act_reference = QLineEdit(self)
        self.act_reference.setAccessibleName(self.tr("Riferimento all'atto"))
        self.act_reference.setPlaceholderText(self.tr("es. Delibera G.C. n. 45 del 12/03/2024"))
        update_group = QGroupBox(self.tr("Registra avanzamento"), self)
        update_form = QFormLayout(update_group)
        update_form.addRow(self.tr("Nota"), self.note)
        update_form.addRow(self.tr("Atto"), self.act_reference)

        self.timeline = QLabel(self)
        self.timeline.setWordWrap(True)
        self.timeline.setTextFormat(Qt.TextFormat.RichText)
        self.timeline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline.setAccessibleName(self.tr("Cronologia degli avanzamenti"))
        self.timeline.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        timeline_group = QGroupBox(self.tr("Cronologia"), self)
        QVBoxLayout(timeline_group).addWidget(self.timeline)

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.title)
        content_layout.addWidget(self.full_text)
        content_layout.addLayout(form)
        content_layout.addWidget(milestones_group)
        content_layout.addWidget(update_group)
        content_layout.addWidget(timeline_group)
        content_layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(content)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.content = content

        self.save_button = QPushButton(self.tr("Salva"), self)
        self.save_button.setToolTip(self.tr("Salva le modifiche (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Salva le modifiche"))
        self.save_button.setDefault(True)
        self.discard_button = QPushButton(self.tr("Scarta"), self)
        self.discard_button.setToolTip(self.tr("Scarta le modifiche non salvate (Esc)"))
        self.discard_button.setAccessibleName(self.tr("Scarta le modifiche"))
        self.dirty_label = QLabel(self)
        self.dirty_label.setStyleSheet("color: #92400e;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.dirty_label, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.save_shortcut.activated.connect(lambda: self.save())
        self.discard_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.discard_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.discard_shortcut.activated.connect(self.discard)

    def _connect(self) -> None:
        self.status.currentIndexChanged.connect(self._on_status_changed)
        for signal in (
            self.progress.valueChanged,
            self.completed_on.changed,
            self.due_date.changed,
            self.lead_office.currentIndexChanged,
            self.support_offices.changed,
            self.values_box.changed,
            self.referent.textChanged,
            self.notes.textChanged,
            self.milestones.changed,
            self.note.textChanged,
            self.act_reference.textChanged,
        ):
            signal.connect(self._on_edited)
        self.save_button.clicked.connect(lambda: self.save())
        self.discard_button.clicked.connect(self.discard)

    # --- reference data -----------------------------------------------------------------
    def set_reference_data(self, offices: Sequence[OfficeRow], values: Sequence[ValueRow]) -> None:
        """Offices and value tags to choose from; keeps what the user already chose."""
        keep = self.form_edit() if self.detail is not None else None
        self._offices = list(offices)
        self._values = list(values)
        self._loading = True
        try:
            self.values_box.set_entries((v.id, v.name) for v in self._values)
            for n, value in enumerate(self._values):
                self.values_box.item(n).setToolTip(value.description)
            self._fill_office_choices(keep)
            if keep is not None:
                self._set_form(keep)
        finally:
            self._loading = False
        self._on_edited()

    def _fill_office_choices(self, edit: ActionEdit | None) -> None:
        chosen = set(edit.support_office_ids) if edit else set()
        lead = edit.lead_office_id if edit else None
        usable = [o for o in self._offices if o.active or o.id == lead or o.id in chosen]
        self.lead_office.clear()
        self.lead_office.addItem(self.tr("— nessun ufficio —"), None)
        for office in usable:
            self.lead_office.addItem(office.name, office.id)
        self.support_offices.set_entries(((o.id, o.name) for o in usable), chosen)

    # --- loading ----------------------------------------------------------------------
    @property
    def action_id(self) -> int | None:
        return self.detail.id if self.detail else None

    def show_action(self, action_id: int, on_loaded: Callable[[], None] | None = None) -> None:
        """Load an action from the database (off the UI thread) and show it."""

        def loaded(detail: ActionDetail) -> None:
            self.load_detail(detail)
            if on_loaded is not None:
                on_loaded()

        db = self.db
        run_op(lambda: browse.action_detail(db, action_id), loaded, self._show_error)

    def load_detail(self, detail: ActionDetail) -> None:
        """Show ``detail`` as stored, replacing whatever was in the form."""
        self.detail = detail
        self._baseline = replace(ActionEdit.from_detail(detail), milestones=detail.milestones)
        self._loading = True
        try:
            self.title.setText(f"{detail.code} · {detail.stakeholder}")
            self.full_text.setText(detail.text)
            self._fill_office_choices(self._baseline)
            self._set_form(self._baseline)
            self.timeline.setText(
                timeline_html(detail.updates, self.tr("Nessun avanzamento registrato."), self.tr("Atto"))
            )
        finally:
            self._loading = False
        self.content.setEnabled(True)
        self.banner.hide()
        self._on_edited()
        self.loaded.emit(detail)

    def _set_form(self, edit: ActionEdit) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(Status(edit.status).value)))
        self.progress.setValue(edit.progress)
        self.completed_on.set_value(edit.completed_on)
        self.completed_on.setEnabled(Status(edit.status) is Status.DONE)
        self.due_date.set_value(edit.due_date)
        self.lead_office.setCurrentIndex(max(0, self.lead_office.findData(edit.lead_office_id)))
        self.support_offices.set_checked(edit.support_office_ids)
        self.referent.setText(edit.referent)
        self.notes.setPlainText(edit.notes)
        self.values_box.set_checked(edit.value_ids)
        self.milestones.set_milestones(edit.milestones or (), self.today)
        self.note.setPlainText(edit.note)
        self.act_reference.setText(edit.act_reference)
        self._update_overdue(edit)

    def load_empty(self) -> None:
        """No action shown (after switching database)."""
        self.detail = None
        self._baseline = None
        self._show_empty()
        self.banner.hide()
        if self._dirty:
            self._dirty = False
            self.dirty_changed.emit(False)
        self.dirty_label.setText("")

    def _show_empty(self) -> None:
        self.title.setText(self.tr("Nessuna azione selezionata"))
        self.full_text.setText(self.tr("Scegliere un'azione nella tabella per vederne e modificarne il dettaglio."))
        self.timeline.setText("")
        self._set_editable(False)
        self.completed_on.setEnabled(False)
        self.save_button.setEnabled(False)
        self.discard_button.setEnabled(False)

    def _set_editable(self, editable: bool) -> None:
        for widget in (
            self.status,
            self.progress,
            self.due_date,
            self.lead_office,
            self.support_offices,
            self.referent,
            self.notes,
            self.values_box,
            self.milestones,
            self.note,
            self.act_reference,
        ):
            widget.setEnabled(editable)

    # --- the user's edit ------------------------------------------------------------------
    def form_edit(self) -> ActionEdit:
        """The action as the form now describes it (what Save would store)."""
        assert self.detail is not None
        status = self.current_status()
        lead = self.lead_office.currentData()
        return ActionEdit(
            action_id=self.detail.id,
            version=self.detail.version,
            status=status,
            progress=self.progress.value(),
            due_date=self.due_date.value(),
            completed_on=self.completed_on.value() if status is Status.DONE else None,
            referent=self.referent.text().strip(),
            notes=self.notes.toPlainText().strip(),
            lead_office_id=lead if isinstance(lead, int) else None,
            support_office_ids=tuple(i for i in self.support_offices.checked_ids() if i != lead),
            value_ids=self.values_box.checked_ids(),
            milestones=self.milestones.milestones(),
            note=self.note.toPlainText().strip(),
            act_reference=self.act_reference.text().strip(),
        )

    def current_status(self) -> Status:
        """The status chosen in the combo box (items carry the stored value: a StrEnum would become str)."""
        value = self.status.currentData()
        return Status(value) if value else Status.NOT_STARTED

    def is_dirty(self) -> bool:
        return self._dirty

    def _compute_dirty(self) -> bool:
        if self.detail is None or self._baseline is None:
            return False
        now, base = self.form_edit(), self._baseline
        return replace(now, support_office_ids=tuple(sorted(now.support_office_ids)), value_ids=()) != replace(
            base, support_office_ids=tuple(sorted(base.support_office_ids)), value_ids=()
        ) or set(now.value_ids) != set(base.value_ids)

    def _on_status_changed(self) -> None:
        if self._loading:
            return
        status = self.current_status()
        self._loading = True
        try:
            if status is Status.DONE:
                self.progress.setValue(100)
                if self.completed_on.value() is None:
                    self.completed_on.set_value(self.today)
            self.completed_on.setEnabled(status is Status.DONE)
        finally:
            self._loading = False
        self._on_edited()

    def _on_edited(self) -> None:
        if self._loading:
            return
        has_action = self.detail is not None
        self._set_editable(has_action)
        self.completed_on.setEnabled(has_action and self.current_status() is Status.DONE)
        dirty = self._compute_dirty()
        self.save_button.setEnabled(dirty and not self._saving)
        self.discard_button.setEnabled(dirty and not self._saving)
        self.dirty_label.setText(self.tr("Modifiche non salvate") if dirty else "")
        if has_action:
            self._update_overdue(self.form_edit())
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _update_overdue(self, edit: ActionEdit) -> None:
        due = edit.due_date
        late = due is not None and due < self.today and not Status(edit.status).is_closed
        self.overdue_label.setText(
            self.tr("%s: scadenza del %s superata") % (OVERDUE_LABEL, format_date(due)) if late else ""
        )
        self.overdue_label.setVisible(late)

    # --- save / discard ----------------------------------------------------------------
    def save(self, on_saved: Callable[[], None] | None = None) -> None:
        """Save off the UI thread; on failure the form keeps the user's values."""
        if self.detail is None or not self._dirty or self._saving:
            return
        edit = self.form_edit()
        if edit.milestones == (self._baseline.milestones if self._baseline else None):
            edit.milestones = None  # untouched: do not rewrite them
        db, actor, today = self.db, self.actor, self.today
        self._saving = True
        self.save_button.setEnabled(False)
        self.dirty_label.setText(self.tr("Salvataggio in corso…"))

        def succeeded(detail: ActionDetail) -> None:
            self._saving = False
            self.load_detail(detail)
            self.banner.show_message("success", self.tr("Azione %s salvata.") % detail.code)
            self.saved.emit(detail)
            if on_saved is not None:
                on_saved()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self._on_edited()
            if isinstance(exc, ConflictError):
                self.banner.show_message(
                    "error",
                    exc.message,
                    self.tr("Ricarica l'azione (le modifiche andranno perse)"),
                    self._reload_after_conflict,
                )
            else:
                self._show_error(exc)

        run_op(lambda: editing.save_action(db, actor, edit, today), succeeded, failed)

    def _reload_after_conflict(self) -> None:
        if self.detail is not None:
            self.show_action(self.detail.id)

    def discard(self) -> None:
        """Back to the action as stored (what was loaded)."""
        if self._baseline is None or not self._dirty or self._saving:
            return
        self._loading = True
        try:
            self._set_form(self._baseline)
        finally:
            self._loading = False
        self.banner.hide()
        self._on_edited()

    def _show_error(self, exc: BaseException) -> None:
        self.banner.show_message("error", error_message(exc))

    # --- leaving with unsaved changes ----------------------------------------------------
    def ask_unsaved(self) -> LeaveChoice:
        """Ask what to do with unsaved changes (tests replace this method)."""
        code = self.detail.code if self.detail else ""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Modifiche non salvate"))
        box.setText(self.tr("L'azione %s ha modifiche non salvate.") % code)
        box.setInformativeText(self.tr("Salvarle prima di continuare?"))
        save = box.addButton(self.tr("Salva"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Scarta le modifiche"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Annulla"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return LeaveChoice.SAVE
        if clicked is discard:
            return LeaveChoice.DISCARD
        return LeaveChoice.CANCEL

    def request_leave(self, proceed: Callable[[], None]) -> bool:
        """Run ``proceed`` now, after saving, or never (cancel); False only when cancelled."""
        if not self._dirty:
            proceed()
            return True
        choice = self.ask_unsaved()
        if choice is LeaveChoice.CANCEL:
            return False
        if choice is LeaveChoice.DISCARD:
            self.discard()
            proceed()
            return True
        self.save(on_saved=proceed)
        return True
