"""The action form: one action's widgets and the ``ActionEdit`` they describe, both ways.

``set_edit`` fills the widgets from an edit, ``edit`` reads them back; the form knows
nothing of the database. It emits ``edited`` whenever the person changes something.
Choosing "Completata" sets 100% and the completion date to the Desk's today (``set_today``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.rows import ActionDetail, ActionEdit, OfficeRow, ValueRow
from valenza_desk.domain.status import OVERDUE_LABEL, Status, is_overdue
from valenza_desk.text import format_date
from valenza_desk.ui.milestones_editor import MilestonesEditor
from valenza_desk.ui.timeline import timeline_html
from valenza_desk.ui.widgets import CheckList, OptionalDateEdit, add_form_row, status_icon


class ActionForm(QWidget):
    """Title, full text, editable fields, milestones, a new progress note and the timeline."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.min  # the Desk's today, set by the panel before anything is shown
        self.action_id: int | None = None
        self.version = 0
        self._loading = False
        self._offices: list[OfficeRow] = []
        self._values: list[ValueRow] = []
        self._build()
        self._connect()

    # --- construction -----------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("detailTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("QLabel#detailTitle { font-weight: bold; font-size: 13pt; }")
        self.full_text = QLabel(self)
        self.full_text.setWordWrap(True)
        self.full_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.full_text.setAccessibleName(self.tr("Testo completo dell'azione"))

        self.status = QComboBox(self)
        for status in Status:
            self.status.addItem(status_icon(status), status.label, status.value)
        self.status.setAccessibleName(self.tr("Stato"))
        self.overdue_label = QLabel(self)
        self.overdue_label.setStyleSheet("color: #b91c1c; font-weight: bold;")
        # one line, never wrapped: a wrapped label would reserve two lines of height at any width
        self.overdue_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
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

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.full_text)
        layout.addLayout(form)
        layout.addWidget(milestones_group)
        layout.addWidget(update_group)
        layout.addWidget(timeline_group)
        layout.addStretch(1)

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

    # --- the day ----------------------------------------------------------------------
    def set_today(self, today: date) -> None:
        """The Desk's today: overdue warnings, milestones, the completion date offered."""
        self.today = today
        for field in (self.completed_on, self.due_date):
            field.today = today
        self.milestones.set_today(today)
        if self.action_id is not None:
            self._update_overdue(self.current_status(), self.due_date.value())

    # --- reference data -----------------------------------------------------------------
    def set_reference_data(self, offices: Sequence[OfficeRow], values: Sequence[ValueRow]) -> None:
        """Offices and value tags to choose from; keeps what the person already chose."""
        keep = self.edit() if self.action_id is not None else None
        self._offices = list(offices)
        self._values = list(values)
        self._loading = True
        try:
            self.values_box.set_entries((v.id, v.name) for v in self._values)
            for n, value in enumerate(self._values):
                self.values_box.item(n).setToolTip(value.description)
            self._fill_office_choices(keep)
            if keep is not None:
                self._write(keep)
        finally:
            self._loading = False

    def _fill_office_choices(self, edit: ActionEdit | None) -> None:
        chosen = set(edit.support_office_ids) if edit else set()
        lead = edit.lead_office_id if edit else None
        usable = [o for o in self._offices if o.active or o.id == lead or o.id in chosen]
        self.lead_office.clear()
        self.lead_office.addItem(self.tr("— nessun ufficio —"), None)
        for office in usable:
            self.lead_office.addItem(office.name, office.id)
            self.lead_office.setItemData(self.lead_office.count() - 1, office.name, Qt.ItemDataRole.ToolTipRole)
        self.support_offices.set_entries(((o.id, o.name) for o in usable), chosen)

    # --- showing ----------------------------------------------------------------------
    def show_detail(self, detail: ActionDetail, edit: ActionEdit) -> None:
        """Show ``detail``'s header and timeline with the fields as ``edit`` says."""
        self.action_id, self.version = detail.id, detail.version
        self.title.setText(f"{detail.code} · {detail.stakeholder}")
        self.full_text.setText(detail.text)
        self.timeline.setText(timeline_html(detail.updates, self.tr("Nessun avanzamento registrato."), self.tr("Atto")))
        self.set_edit(edit)
        self.set_editable(True)

    def set_edit(self, edit: ActionEdit) -> None:
        """Fill the fields from ``edit`` without announcing it as the person's change."""
        self._loading = True
        try:
            self._fill_office_choices(edit)
            self._write(edit)
        finally:
            self._loading = False

    def _write(self, edit: ActionEdit) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(Status(edit.status).value)))
        self.progress.setValue(edit.progress)
        self.completed_on.set_value(edit.completed_on)
        self.due_date.set_value(edit.due_date)
        self.lead_office.setCurrentIndex(max(0, self.lead_office.findData(edit.lead_office_id)))
        self.support_offices.set_checked(edit.support_office_ids)
        self.referent.setText(edit.referent)
        self.notes.setPlainText(edit.notes)
        self.values_box.set_checked(edit.value_ids)
        self.milestones.set_milestones(edit.milestones or (), self.today)
        self.note.setPlainText(edit.note)
        self.act_reference.setText(edit.act_reference)
        self._update_overdue(Status(edit.status), edit.due_date)
        self.completed_on.setEnabled(Status(edit.status) is Status.DONE)

    def show_empty(self) -> None:
        self.action_id = None
        self.title.setText(self.tr("Nessuna azione selezionata"))
        self.full_text.setText(self.tr("Scegliere un'azione nella tabella per vederne e modificarne il dettaglio."))
        self.timeline.setText("")
        self.overdue_label.hide()
        self.set_editable(False)

    def set_editable(self, editable: bool) -> None:
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
        self.completed_on.setEnabled(editable and self.current_status() is Status.DONE)

    # --- reading ----------------------------------------------------------------------
    def edit(self) -> ActionEdit:
        """The action as the form now describes it (what Save would store)."""
        assert self.action_id is not None
        status = self.current_status()
        lead = self.lead_office.currentData()
        return ActionEdit(
            action_id=self.action_id,
            version=self.version,
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
        """The status chosen (items carry the stored value: a StrEnum would come back as str)."""
        value = self.status.currentData()
        return Status(value) if value else Status.NOT_STARTED

    # --- reacting to the person -----------------------------------------------------------
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
        if self._loading or self.action_id is None:
            return
        self._update_overdue(self.current_status(), self.due_date.value())
        self.edited.emit()

    def _update_overdue(self, status: Status, due: date | None) -> None:
        late = is_overdue(status, due, self.today)
        text = self.tr("%s: scadenza del %s superata") % (OVERDUE_LABEL, format_date(due)) if late else ""
        self.overdue_label.setText(text)
        self.overdue_label.setToolTip(text)
        self.overdue_label.setVisible(late)
