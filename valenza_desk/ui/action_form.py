"""The action form: one action's widgets and the ``ActionEdit`` they describe, both ways.

``set_edit`` fills the widgets from an edit, ``edit`` reads them back; the form knows
nothing of the database. It emits ``edited`` whenever the person changes something.
Choosing "Completata" sets 100% and the completion date to the Desk's today (``set_today``);
the date stays editable. Every field has a label with a mnemonic (Alt+letter) whose buddy is
the field: S Stato, Z Avanzamento, I Completata il, D Scadenza, B Ufficio responsabile,
U Uffici di supporto, P Referente politico, L Valori, E Note, G Traguardi, N Nota, O Atto,
H the reason a due date moves, 1 Missione and 2 Programma of the DUP (every letter of their
names is taken: the window's menus keep F, M, V, A; the filter bar and programme switcher C, T, R).
Beside the due date: the originally promised date and "rimodulata N volte" once it moved; the
reason typed is sent as ``ActionEdit.due_change_reason`` only when the due date changes.
Tab leaves the note fields and the milestones table. Dates typed wrong stay as typed and are
listed by ``input_errors()``; ``edit()`` refuses them (DateInputError).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
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
from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL, Status, is_overdue
from valenza_desk.text import format_date
from valenza_desk.ui.date_edit import DateEdit
from valenza_desk.ui.dup_fields import (
    due_history_label,
    dup_combo,
    fill_dup_programmes,
    mission_combo,
    show_due_history,
)
from valenza_desk.ui.milestones_editor import MilestonesEditor
from valenza_desk.ui.timeline import timeline_html
from valenza_desk.ui.widgets import CheckList, ElidingComboBox, add_form_row, status_icon

_COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class ActionForm(QWidget):
    """Title, full text, editable fields, milestones, a new progress note and the timeline."""

    edited = Signal()
    progress_committed = Signal()  # Enter or Tab in the progress field: time to check status and progress agree

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

        self.status = ElidingComboBox(self)
        for status in Status:
            self.status.addItem(status_icon(status), status.label, status.value)
        self.status.setAccessibleName(self.tr("Stato"))
        self.progress = QSpinBox(self)
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress.setSingleStep(5)
        self.progress.setAccessibleName(self.tr("Avanzamento in percentuale"))
        self.progress.installEventFilter(self)
        self.completed_on = DateEdit(self.tr("non completata"), self.tr("Data di completamento"), self)
        self.due_date = DateEdit(self.tr("nessuna scadenza"), self.tr("Scadenza"), self)
        # the overdue warning sits beside the due date: it never pushes the form down
        self.overdue_label = QLabel(self)
        self.overdue_label.setStyleSheet(f"color: {OVERDUE_COLOUR}; font-weight: bold;")
        self.overdue_label.setAccessibleName(self.tr("Avviso di scadenza superata"))
        self.overdue_label.setText(self.tr("⚠ %s") % OVERDUE_LABEL)
        policy = self.overdue_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.overdue_label.setSizePolicy(policy)
        self.overdue_label.hide()
        self.due_history = due_history_label(self)
        self.due_reason = QLineEdit(self)
        self.due_reason.setAccessibleName(self.tr("Motivo dello spostamento"))
        self.due_reason.setPlaceholderText(self.tr("Motivo dello spostamento (se la scadenza cambia)"))
        self.mission = mission_combo(self)
        self.dup_programme = dup_combo(self, self.tr("Programma del DUP"))
        self._stored_due: date | None = None
        self.lead_office = ElidingComboBox(self)
        self.lead_office.setAccessibleName(self.tr("Ufficio responsabile"))
        self.lead_office.setSizeAdjustPolicy(ElidingComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lead_office.setMinimumContentsLength(12)
        self.support_offices = CheckList(self.tr("Uffici di supporto"), self)
        self.support_offices.setMaximumHeight(self.fontMetrics().height() * 7)
        self.support_offices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.referent = QLineEdit(self)
        self.referent.setAccessibleName(self.tr("Referente politico"))
        self.referent.setPlaceholderText(self.tr("es. Assessore alla Cultura"))
        self.values_box = CheckList(self.tr("Valori del programma"), self)
        self.values_box.setFlow(QListView.Flow.LeftToRight)
        self.values_box.setWrapping(True)
        self.values_box.setResizeMode(QListView.ResizeMode.Adjust)
        self.values_box.setSpacing(2)
        self.values_box.setMaximumHeight(self.fontMetrics().height() * 6)
        self.values_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(self.tr("Note interne"))
        self.notes.setMaximumHeight(self.fontMetrics().height() * 4)
        self.notes.setTabChangesFocus(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        due_row = QWidget(self)
        due_layout = QHBoxLayout(due_row)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due_date, 0, Qt.AlignmentFlag.AlignTop)
        due_layout.addWidget(self.overdue_label, 1, Qt.AlignmentFlag.AlignTop)
        self.due_date.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        add_form_row(form, self.tr("&Stato"), self.status)
        add_form_row(form, self.tr("Avan&zamento"), self.progress)
        add_form_row(form, self.tr("Completata &il"), self.completed_on, self.completed_on.edit)
        add_form_row(form, self.tr("Sca&denza"), due_row, self.due_date.edit)
        form.addRow("", self.due_history)
        add_form_row(form, self.tr("Perc&hé spostata"), self.due_reason)
        add_form_row(form, self.tr("Ufficio responsa&bile"), self.lead_office)
        add_form_row(form, self.tr("&Uffici di supporto"), self.support_offices)
        add_form_row(form, self.tr("Referente &politico"), self.referent)
        add_form_row(form, self.tr("Va&lori"), self.values_box)
        add_form_row(form, self.tr("Not&e"), self.notes)
        add_form_row(form, self.tr("Missione DUP (&1)"), self.mission)
        add_form_row(form, self.tr("Programma (&2)"), self.dup_programme)

        self.milestones = MilestonesEditor(self)
        # a label (not the group's title) carries Alt+G, so its letter is underlined like the others
        self.milestones_group = QGroupBox(self)
        QVBoxLayout(self.milestones_group).addWidget(self.milestones)
        self.milestones_label = QLabel(self.tr("Tra&guardi"), self)
        self.milestones_label.setBuddy(self.milestones.view)

        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(self.tr("Nota di avanzamento"))
        self.note.setPlaceholderText(self.tr("Cosa è stato fatto (sarà registrato nella cronologia al salvataggio)"))
        self.note.setMaximumHeight(self.fontMetrics().height() * 4)
        self.note.setTabChangesFocus(True)
        self.act_reference = QLineEdit(self)
        self.act_reference.setAccessibleName(self.tr("Riferimento all'atto"))
        self.act_reference.setPlaceholderText(self.tr("es. Delibera G.C. n. 45 del 12/03/2024"))
        self.acts = QStringListModel(self)
        self.act_completer = QCompleter(self.acts, self)
        self.act_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.act_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.act_completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.act_completer.setMaxVisibleItems(8)
        self.act_reference.setCompleter(self.act_completer)
        update_group = QGroupBox(self.tr("Registra avanzamento"), self)
        update_form = QFormLayout(update_group)
        update_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_form_row(update_form, self.tr("&Nota"), self.note)
        add_form_row(update_form, self.tr("Att&o"), self.act_reference)

        self.timeline = QLabel(self)
        self.timeline.setWordWrap(True)
        self.timeline.setTextFormat(Qt.TextFormat.RichText)
        self.timeline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline.setAccessibleName(self.tr("Cronologia degli avanzamenti"))
        self.timeline.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.acts_label = QLabel(self)  # the formal acts linked to the action (the Acts page edits them)
        self.acts_label.setWordWrap(True)
        self.acts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.acts_label.setAccessibleName(self.tr("Atti collegati"))
        self.acts_label.hide()
        timeline_group = QGroupBox(self.tr("Cronologia"), self)
        timeline_layout = QVBoxLayout(timeline_group)
        timeline_layout.addWidget(self.acts_label)
        timeline_layout.addWidget(self.timeline)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.full_text)
        layout.addLayout(form)
        layout.addWidget(self.milestones_label)
        layout.addWidget(self.milestones_group)
        layout.addWidget(update_group)
        layout.addWidget(timeline_group)
        layout.addStretch(1)

        chain = (
            self.status,
            self.progress,
            self.completed_on.edit,
            self.due_date.edit,
            self.due_reason,
            self.lead_office,
            self.support_offices,
            self.referent,
            self.values_box,
            self.notes,
            self.mission,
            self.dup_programme,
            self.milestones.view,
            self.milestones.add_button,
            self.milestones.remove_button,
            self.note,
            self.act_reference,
        )
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

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
            self.due_reason.textChanged,
            self.dup_programme.currentIndexChanged,
        ):
            signal.connect(self._on_edited)
        self.mission.currentIndexChanged.connect(self._on_mission_changed)

    def first_field(self) -> QWidget:
        return self.status

    # --- the day ----------------------------------------------------------------------
    def set_today(self, today: date) -> None:
        """The Desk's today: overdue warnings, milestones, the completion date offered."""
        self.today = today
        for field in (self.completed_on, self.due_date):
            field.today = today
        self.milestones.set_today(today)
        if self.action_id is not None:
            self._update_overdue()

    # --- reference data -----------------------------------------------------------------
    def set_reference_data(self, offices: Sequence[OfficeRow], values: Sequence[ValueRow]) -> None:
        """Offices and value tags to choose from; keeps what the person already chose (and typed)."""
        showing = self.action_id is not None
        lead = self.lead_office.currentData() if showing else None
        support = self.support_offices.checked_ids() if showing else ()
        value_ids = self.values_box.checked_ids() if showing else ()
        self._offices = list(offices)
        self._values = list(values)
        self._loading = True
        try:
            self.values_box.set_entries((v.id, v.name) for v in self._values)
            for n, value in enumerate(self._values):
                self.values_box.item(n).setToolTip(value.description or value.name)
            self._fill_office_choices(lead if isinstance(lead, int) else None, support)
            if showing:
                self.lead_office.setCurrentIndex(max(0, self.lead_office.findData(lead)))
                self.values_box.set_checked(value_ids)
        finally:
            self._loading = False

    def _fill_office_choices(self, lead: int | None, support: Sequence[int]) -> None:
        chosen = set(support)
        usable = [o for o in self._offices if o.active or o.id == lead or o.id in chosen]
        self.lead_office.clear()
        self.lead_office.addItem(self.tr("— nessun ufficio —"), None)
        for office in usable:
            self.lead_office.addItem(office.name, office.id)
            self.lead_office.setItemData(self.lead_office.count() - 1, office.name, Qt.ItemDataRole.ToolTipRole)
        self.support_offices.set_entries(((o.id, o.name) for o in usable), chosen)

    def set_act_suggestions(self, acts: Sequence[str]) -> None:
        """Acts already used (most recent first), suggested while the person types an act."""
        self.acts.setStringList(list(acts))

    # --- showing ----------------------------------------------------------------------
    def show_detail(self, detail: ActionDetail, edit: ActionEdit) -> None:
        """Show ``detail``'s header and timeline with the fields as ``edit`` says."""
        self.action_id, self.version = detail.id, detail.version
        self.title.setText(f"{detail.code} · {detail.stakeholder}")
        self._stored_due = detail.due_date
        show_due_history(self.due_history, detail)
        acts = [act.label + (f" — {act.subject}" if act.subject else "") for act in detail.acts]
        self.acts_label.setText(self.tr("Atti collegati: %s") % "; ".join(acts) if acts else "")
        self.acts_label.setVisible(bool(acts))
        self.full_text.setText(detail.text)
        self.timeline.setText(timeline_html(detail.updates, self.tr("Nessun avanzamento registrato."), self.tr("Atto")))
        self.set_edit(edit)
        self.set_editable(True)

    def set_edit(self, edit: ActionEdit) -> None:
        """Fill the fields from ``edit`` without announcing it as the person's change."""
        self._loading = True
        try:
            self._fill_office_choices(edit.lead_office_id, edit.support_office_ids)
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
        self.due_reason.setText(edit.due_change_reason)
        self.mission.setCurrentIndex(max(0, self.mission.findData(edit.mission)))
        self._fill_dup_programmes(edit.mission, edit.dup_programme)
        self._update_overdue()
        self.completed_on.setEnabled(Status(edit.status) is Status.DONE)

    def show_empty(self) -> None:
        self.action_id = None
        self.title.setText(self.tr("Nessuna azione selezionata"))
        self.full_text.setText(self.tr("Scegliere un'azione nella tabella per vederne e modificarne il dettaglio."))
        self.timeline.setText("")
        self.overdue_label.hide()
        self.due_history.hide()
        self.acts_label.hide()
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
            self.due_reason,
            self.mission,
            self.dup_programme,
        ):
            widget.setEnabled(editable)
        self.completed_on.setEnabled(editable and self.current_status() is Status.DONE)

    # --- reading ----------------------------------------------------------------------
    def edit(self) -> ActionEdit:
        """The action as the form now describes it (what Save would store).

        Raises DateInputError when a date field holds text that is not a date (see ``input_errors``).
        """
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
            mission=self.mission.currentData() or "",
            dup_programme=self.dup_programme.currentData() or "",
            due_change_reason=self._due_reason(),
        )

    def _due_reason(self) -> str:
        """The reason typed, when the due date moves (a due date that stays keeps no reason)."""
        due = self.due_date.value() if self.due_date.is_valid() else self._stored_due
        return self.due_reason.text().strip() if due != self._stored_due else ""

    def current_status(self) -> Status:
        """The status chosen (items carry the stored value: a StrEnum would come back as str)."""
        value = self.status.currentData()
        return Status(value) if value else Status.NOT_STARTED

    def input_errors(self) -> list[str]:
        """What the person typed that cannot be saved as it is (dates that are not dates), in Italian."""
        errors = []
        if self.due_date.error():
            errors.append(self.tr("Scadenza: %s") % self.due_date.error())
        if self.current_status() is Status.DONE and self.completed_on.error():
            errors.append(self.tr("Completata il: %s") % self.completed_on.error())
        return errors + self.milestones.errors()

    def show_input_errors(self) -> None:
        """Mark every date field holding a wrong date (the person may not have left it yet)."""
        self.due_date.show_error()
        if self.current_status() is Status.DONE:
            self.completed_on.show_error()

    def commit_pending(self) -> None:
        """Take in what is still being typed: an open milestone cell, the progress field, date fields."""
        self.milestones.commit_pending()
        self.progress.interpretText()
        self.due_date.tidy()
        if self.current_status() is Status.DONE:
            self.completed_on.tidy()

    def has_pending_edit(self) -> bool:
        """Whether a milestone cell editor is open (its text is not in the table yet)."""
        return self.milestones.is_editing()

    # --- what the person is offered --------------------------------------------------------
    def set_status(self, status: Status) -> None:
        """Choose ``status`` as the person would (Completata also sets 100% and today's date)."""
        self.status.setCurrentIndex(self.status.findData(status.value))

    # --- reacting to the person -----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.progress
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _COMMIT_KEYS
        ):
            QTimer.singleShot(0, self, self.progress_committed.emit)  # after the key did its own work
        return super().eventFilter(watched, event)

    def _on_status_changed(self) -> None:
        if self._loading:
            return
        status = self.current_status()
        self._loading = True
        try:
            if status is Status.DONE:
                self.progress.setValue(100)
                if not self.completed_on.text().strip():
                    self.completed_on.set_value(self.today)
            self.completed_on.setEnabled(status is Status.DONE)
        finally:
            self._loading = False
        self._on_edited()

    def _on_edited(self) -> None:
        if self._loading or self.action_id is None:
            return
        self._update_overdue()
        self.edited.emit()

    def _on_mission_changed(self) -> None:
        wanted = self.dup_programme.currentData() or ""
        self._fill_dup_programmes(self.mission.currentData() or "", wanted)
        self._on_edited()

    def _fill_dup_programmes(self, mission_code: str, chosen: str) -> None:
        """The Programmi of the Missione chosen ("—" for none)."""
        was_loading = self._loading
        self._loading = True
        try:
            fill_dup_programmes(self.dup_programme, mission_code, chosen)
        finally:
            self._loading = was_loading

    def _update_overdue(self) -> None:
        due = self.due_date.value() if self.due_date.is_valid() else None
        late = is_overdue(self.current_status(), due, self.today)
        text = self.tr("%s: scadenza del %s superata") % (OVERDUE_LABEL, format_date(due)) if late else ""
        self.overdue_label.setText(self.tr("⚠ %s") % OVERDUE_LABEL)  # always: its room never changes
        self.overdue_label.setToolTip(text)
        self.overdue_label.setAccessibleDescription(text)
        self.overdue_label.setVisible(late)
