"""The bulk-edit form: what to give to every selected action at once.

Shown in place of the detail panel when several actions are selected ("8 azioni
selezionate"). Every field starts at "leave as it is": only what the person sets is
changed. It reads back as one ``BulkChange``; a typed due date goes through the same
parsing as everywhere (``text.parse_user_date``) and an impossible one is refused in
Italian under the field, never turned into another date. The form knows nothing of the
database: ``apply_requested(BulkChange)`` asks the window to apply it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.bulk import KEEP, BulkChange
from valenza_desk.domain.rows import ActionRow, OfficeRow, ValueRow
from valenza_desk.domain.status import Status
from valenza_desk.text import DateInputError, parse_user_date
from valenza_desk.ui.date_edit import DateLineEdit
from valenza_desk.ui.widgets import Banner, CheckList, ElidingComboBox, add_form_row, status_icon

_KEEP = "keep"
_NONE = "none"
SHOWN_CODES = 6


class BulkEditPage(QWidget):
    """The fields of a bulk edit and "Applica"; ``apply_requested(BulkChange)``."""

    apply_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Modifica in blocco delle azioni selezionate"))
        self._count = 0
        self._office_names: dict[int, str] = {}
        self._value_names: dict[int, str] = {}
        self._busy = False
        self._build()
        self._connect()
        self.set_reference_data((), ())

    # --- construction -----------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("bulkHeading")
        self.heading.setStyleSheet("QLabel#bulkHeading { font-weight: bold; font-size: 13pt; }")
        self.codes = QLabel(self)
        self.codes.setWordWrap(True)
        self.codes.setStyleSheet("color: #4b5563;")
        self.pending = QLabel(self)
        self.pending.setWordWrap(True)
        self.pending.setStyleSheet("color: #92400e;")
        self.pending.hide()
        self.banner = Banner(self)

        self.lead_office = ElidingComboBox(self)  # long office names elided in the middle
        self.lead_office.setAccessibleName(self.tr("Ufficio responsabile da assegnare"))
        self.lead_office.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lead_office.setMinimumContentsLength(14)
        self.lead_office.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.support_office = ElidingComboBox(self)
        self.support_office.setAccessibleName(self.tr("Ufficio di supporto da aggiungere"))
        self.support_office.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.support_office.setMinimumContentsLength(14)
        self.support_office.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.status = QComboBox(self)
        self.status.setAccessibleName(self.tr("Stato da impostare"))
        self.status.addItem(self.tr("(non cambiare)"), None)
        for status in Status:
            self.status.addItem(status_icon(status), status.label, status.value)
        self.due_date = DateLineEdit(self.tr("gg/mm/aaaa"), self.tr("Scadenza da impostare"), self)
        self.due_date.setToolTip(
            self.tr(
                "Vuota: la scadenza non cambia. Si può scrivere 31/03/2027, 31/3/27, 31.3.2027 o 2027-03-31;"
                " F4 o Alt+Giù: calendario"
            )
        )
        self.clear_due = QCheckBox(self.tr("togli la scadenza"), self)
        self.due_error = QLabel(self)
        self.due_error.setWordWrap(True)
        self.due_error.setStyleSheet("color: #b91c1c;")
        self.due_error.hide()
        self.referent = QLineEdit(self)
        self.referent.setAccessibleName(self.tr("Referente politico da impostare"))
        self.referent.setPlaceholderText(self.tr("(non cambiare)"))
        self.clear_referent = QCheckBox(self.tr("togli il referente"), self)
        self.add_values = self._value_list(self.tr("Valori da aggiungere"))
        self.remove_values = self._value_list(self.tr("Valori da togliere"))
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(self.tr("Nota di avanzamento per tutte le azioni selezionate"))
        self.note.setTabChangesFocus(True)  # Tab leaves the note; the same note goes to every action
        self.note.setMaximumHeight(self.fontMetrics().height() * 4 + 12)
        self.act = QLineEdit(self)
        self.act.setAccessibleName(self.tr("Atto della nota di avanzamento"))
        self.act.setPlaceholderText(self.tr("es. Delibera G.C. n. 12 del 03/03/2026"))
        self._acts = QStringListModel(self)
        completer = QCompleter(self._acts, self.act)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.act.setCompleter(completer)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #1e3a8a;")
        self.apply_button = QPushButton(self)
        self.apply_button.setToolTip(self.tr("Applica a tutte le azioni selezionate (Ctrl+Invio o Ctrl+S)"))
        self.reset_button = QPushButton(self.tr("Svuota i campi"), self)

        due_row = QWidget(self)
        due_layout = QVBoxLayout(due_row)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(self.due_date, 1)
        line.addWidget(self.clear_due)
        due_layout.addLayout(line)
        due_layout.addWidget(self.due_error)
        referent_row = QWidget(self)
        referent_layout = QHBoxLayout(referent_row)
        referent_layout.setContentsMargins(0, 0, 0, 0)
        referent_layout.addWidget(self.referent, 1)
        referent_layout.addWidget(self.clear_referent)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # the same mnemonics as the detail panel's fields (it is hidden while this form shows)
        add_form_row(form, self.tr("Ufficio responsa&bile"), self.lead_office)
        add_form_row(form, self.tr("Aggiungi &ufficio di supporto"), self.support_office)
        add_form_row(form, self.tr("&Stato"), self.status)
        add_form_row(form, self.tr("Sca&denza"), due_row, self.due_date)
        add_form_row(form, self.tr("Referente &politico"), referent_row, self.referent)
        add_form_row(form, self.tr("Va&lori da aggiungere"), self.add_values)
        add_form_row(form, self.tr("Valori da togli&ere"), self.remove_values)
        add_form_row(form, self.tr("&Nota di avanzamento"), self.note)
        add_form_row(form, self.tr("Att&o (delibera, determina)"), self.act)

        content = QWidget(self)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 4, 0)
        inner.addWidget(self.heading)
        inner.addWidget(self.codes)
        inner.addWidget(self.pending)
        inner.addLayout(form)
        inner.addWidget(self.summary)
        inner.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(content)

        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        chain = self.tab_chain()
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def tab_chain(self) -> list[QWidget]:
        """The fields in Tab order, first to last."""
        return [
            self.lead_office,
            self.support_office,
            self.status,
            self.due_date,
            self.clear_due,
            self.referent,
            self.clear_referent,
            self.add_values,
            self.remove_values,
            self.note,
            self.act,
            self.apply_button,
            self.reset_button,
        ]

    def _value_list(self, name: str) -> CheckList:
        values = CheckList(name, self)
        values.setFlow(QListView.Flow.LeftToRight)
        values.setWrapping(True)
        values.setResizeMode(QListView.ResizeMode.Adjust)
        values.setSpacing(2)
        values.setFixedHeight((self.fontMetrics().lineSpacing() + 6) * 5 + 6)  # seven values in two columns
        values.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return values

    def _connect(self) -> None:
        for combo in (self.lead_office, self.support_office, self.status):
            combo.currentIndexChanged.connect(self._edited)
        for line in (self.due_date, self.referent, self.act):
            line.textChanged.connect(self._edited)
            line.returnPressed.connect(self.request_apply)
        self.due_date.editingFinished.connect(self._check_due)
        self.note.textChanged.connect(self._edited)
        for box in (self.clear_due, self.clear_referent):
            box.toggled.connect(self._edited)
        self.add_values.changed.connect(self._edited)
        self.remove_values.changed.connect(self._edited)
        self.apply_button.clicked.connect(self.request_apply)
        self.reset_button.clicked.connect(self.clear_fields)
        for keys in (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"), QKeySequence.StandardKey.Save):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.request_apply)

    # --- what the window tells the form -------------------------------------------------
    def set_reference_data(self, offices: Sequence[OfficeRow], values: Sequence[ValueRow]) -> None:
        """Offices (active ones can be given) and value tags; keeps what was chosen."""
        lead, support = self.lead_office.currentData(), self.support_office.currentData()
        self._office_names = {o.id: o.name for o in offices}
        self._value_names = {v.id: v.name for v in values}
        active = [o for o in offices if o.active]
        for combo, first in (
            (self.lead_office, self.tr("(non cambiare)")),
            (self.support_office, self.tr("(nessuno)")),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, _KEEP)
            if combo is self.lead_office:
                combo.addItem(self.tr("Nessun ufficio responsabile"), _NONE)
            for office in active:
                combo.addItem(office.name, office.id)
                combo.setItemData(combo.count() - 1, office.name, Qt.ItemDataRole.ToolTipRole)
            combo.blockSignals(False)
        if not active:
            self.lead_office.setToolTip(self.tr("Nessun ufficio ancora: aggiungerli da Modifica › Uffici…"))
        self.lead_office.setCurrentIndex(max(0, self.lead_office.findData(lead)))
        self.support_office.setCurrentIndex(max(0, self.support_office.findData(support)))
        entries = [(v.id, v.name) for v in values]
        self.add_values.set_entries(entries, self.add_values.checked_ids())
        self.remove_values.set_entries(entries, self.remove_values.checked_ids())
        self._edited()

    def set_today(self, today: date) -> None:
        """The Desk's today: where the due date's calendar opens."""
        self.due_date.today = today

    def set_acts(self, acts: Sequence[str]) -> None:
        """Acts already used, most recent first: suggested while typing (any part of the text)."""
        self._acts.setStringList(list(acts))

    def set_selection(self, rows: Sequence[ActionRow]) -> None:
        """The actions selected: their number in the heading and the first codes."""
        self._count = len(rows)
        self.heading.setText(self.tr("%s azioni selezionate") % self._count)
        codes = ", ".join(r.code for r in rows[:SHOWN_CODES])
        more = self._count - SHOWN_CODES
        self.codes.setText(codes + (self.tr(" e altre %s") % more if more > 0 else ""))
        self.setAccessibleDescription(self.heading.text())
        self._edited()

    def set_pending(self, code: str) -> None:
        """The detail panel holds unsaved changes of ``code``: they will be asked about first."""
        self.pending.setText(
            self.tr("L'azione %s ha modifiche non salvate: prima di applicare si chiederà cosa farne.") % code
            if code
            else ""
        )
        self.pending.setVisible(bool(code))

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._edited()

    # --- reading the form -------------------------------------------------------------
    def due_value(self) -> date | None:
        """The typed due date; raises DateInputError (Italian) for one that is not a date."""
        return parse_user_date(self.due_date.text())

    def change(self) -> BulkChange:
        """The change the form describes; raises DateInputError for an impossible due date."""
        lead = self.lead_office.currentData()
        support = self.support_office.currentData()
        status = self.status.currentData()
        due: date | object | None = KEEP
        if self.clear_due.isChecked():
            due = None
        elif self.due_date.text().strip():
            due = self.due_value()
        referent: str | None = None
        if self.clear_referent.isChecked():
            referent = ""
        elif self.referent.text().strip():
            referent = self.referent.text().strip()
        return BulkChange(
            lead_office_id=KEEP if lead == _KEEP else None if lead == _NONE else lead,
            add_support_office_id=support if isinstance(support, int) else None,
            status=Status(status) if status else None,
            due_date=due,  # type: ignore[arg-type]
            referent=referent,
            add_value_ids=self.add_values.checked_ids(),
            remove_value_ids=self.remove_values.checked_ids(),
            note=self.note.toPlainText().strip(),
            act_reference=self.act.text().strip(),
        )

    def _edited(self) -> None:
        self.due_date.setEnabled(not self.clear_due.isChecked())
        self.referent.setEnabled(not self.clear_referent.isChecked())
        try:
            change = self.change()
        except DateInputError:
            change = None
        if change is None:
            self.summary.setText(self.tr("La scadenza scritta non è una data valida."))
        elif change.empty:
            self.summary.setText(self.tr("Scegliere che cosa cambiare: i campi lasciati vuoti restano come sono."))
        else:
            text = change.describe(self._office_names, self._value_names)
            self.summary.setText(
                self.tr("Da applicare a %1 azioni: %2").replace("%1", str(self._count)).replace("%2", text)
            )
        self.apply_button.setText(self.tr("Applica a %s azioni") % self._count)
        self.apply_button.setEnabled(not self._busy and change is not None and not change.empty)

    def _check_due(self) -> None:
        text = self.due_date.text().strip()
        try:
            if text:
                self.due_value()
        except DateInputError as exc:
            self.due_error.setText(str(exc))
            self.due_error.show()
            return
        self.due_error.hide()

    def request_apply(self) -> None:
        """Check the form and ask for the change to be applied (nothing happens while one is running)."""
        if self._busy:
            return
        try:
            change = self.change()
        except DateInputError as exc:
            self.due_error.setText(str(exc))
            self.due_error.show()
            self.due_date.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.due_error.hide()
        if change.empty:
            self.banner.show_message("warning", self.tr("Scegliere almeno un campo da cambiare."))
            return
        self.apply_requested.emit(change)

    def clear_fields(self) -> None:
        """Every field back to "leave as it is"."""
        for combo in (self.lead_office, self.support_office, self.status):
            combo.setCurrentIndex(0)
        for line in (self.due_date, self.referent, self.act):
            line.clear()
        for box in (self.clear_due, self.clear_referent):
            box.setChecked(False)
        self.note.clear()
        self.add_values.set_checked(())
        self.remove_values.set_checked(())
        self.due_error.hide()
        self._edited()

    def focus_first(self) -> None:
        self.lead_office.setFocus(Qt.FocusReason.TabFocusReason)
