"""The detail panel: the action form in a scroll area, a message banner, Salva and Scarta.

It puts together the three parts of editing one action: the form (widgets ↔ ActionEdit,
``action_form``), its controller (load and save through the Desk, ``action_controller``)
and the unsaved-changes guard (``unsaved_guard``). The form is the person's: it is never
reloaded over their typing; a failed save (conflict, locked or read-only database,
invalid value) shows the banner and keeps every field as typed. After a save the panel
emits ``changes_saved(ChangeSet)`` for the window to refresh from.

Nothing is discarded without asking: a save first takes in what is still being typed
(an open milestone cell, the progress field, the date fields) and is refused while a date
is not a date; Esc with unsaved changes asks "Scartare le modifiche a …?"; Esc inside a
popup (calendar, suggestions, a combo's list) only closes the popup. Status and progress
are kept consistent by asking (100% → "Segnare come Completata?", more than 0% while
"Da avviare" → "In corso"). ``undo_last`` takes back the action's last save after a
confirmation naming what it will undo; the window calls it from its Modifica menu and
Ctrl+Z (a text field with the focus keeps Ctrl+Z for its own undo).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.rows import ActionDetail, AuditEntry, LastChange, OfficeRow, ValueRow
from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date, format_datetime
from valenza_desk.ui.action_controller import ActionController, describe_undo
from valenza_desk.ui.action_form import ActionForm
from valenza_desk.ui.connection_status import ask_retry, is_connection_lost
from valenza_desk.ui.ops import error_message
from valenza_desk.ui.unsaved_guard import UnsavedGuard, ask_yes_no
from valenza_desk.ui.widgets import Banner

AfterSave = tuple[Callable[[], None] | None, Callable[[], None] | None]
# (title, text, informative, yes text, no text, yes is the default) -> yes?
AskYesNo = Callable[[str, str, str, str, str, bool], bool]


class DetailPanel(QWidget):
    """Shows and edits one action of the Desk's programme."""

    changes_saved = Signal(object)  # ChangeSet of a successful save (or undo)
    loaded = Signal(object)  # ActionDetail shown
    dirty_changed = Signal(bool)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = ActionController(desk, self)
        self.form = ActionForm(self)
        self.guard = UnsavedGuard(self, self)
        # the panel's questions; tests may answer them, but drive the real boxes at least once
        self.ask_yes_no: AskYesNo = lambda *question: ask_yes_no(self, *question)
        # "Connessione al server persa…": Riprova? (tests may answer; the real box by default)
        self.ask_retry: Callable[[BaseException], bool] = lambda exc: ask_retry(self, exc)
        self._dirty = False
        self._asking = False
        self._declined: set[tuple[Status, int]] = set()  # status/progress pairs the person chose to keep
        self._after_save: list[AfterSave] = []
        self._build()
        self.form.edited.connect(self._refresh_state)
        self.form.progress_committed.connect(self.check_consistency)
        self.controller.loaded.connect(self._show_loaded)
        self.controller.load_failed.connect(self._show_error)
        self.controller.saved.connect(self._on_saved)
        self.controller.save_failed.connect(self._on_save_failed)
        self.controller.undone.connect(self._on_undone)
        self.controller.undo_failed.connect(self._on_undo_failed)
        self.controller.acts_loaded.connect(self.form.set_act_suggestions)
        self.load_empty()
        self.controller.load_acts()

    def _build(self) -> None:
        self.setAccessibleName(self.tr("Dettaglio dell'azione"))
        self.banner = Banner(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.form)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # never narrower than the form: with no horizontal scroll bar, its right edge would be cut
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.scroll.setMinimumWidth(self.form.minimumSizeHint().width() + extent + 4)

        self.save_button = QPushButton(self.tr("Salva"), self)
        self.save_button.setToolTip(self.tr("Salva le modifiche (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Salva le modifiche"))
        self.save_button.setDefault(True)
        self.discard_button = QPushButton(self.tr("Scarta"), self)
        self.discard_button.setToolTip(self.tr("Scarta le modifiche non salvate (Esc chiede conferma)"))
        self.discard_button.setAccessibleName(self.tr("Scarta le modifiche"))
        # the state line beside the buttons: unsaved, saving, or what was just done (a banner at the
        # top would push the form down after every save)
        self.dirty_label = QLabel(self)
        self.dirty_label.setAccessibleName(self.tr("Stato del salvataggio"))
        self._done_text = ""
        buttons = QHBoxLayout()
        buttons.addWidget(self.dirty_label, 1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        # what the person's profile does not let them change here (ui.role_gate fills it)
        self.read_only_label = QLabel(self)
        self.read_only_label.setWordWrap(True)
        self.read_only_label.hide()
        layout.addWidget(self.banner)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(lambda: self.save())
        self.discard_button.clicked.connect(self.discard)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.save_shortcut.activated.connect(lambda: self.save())
        self.discard_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.discard_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.discard_shortcut.activated.connect(self.escape)

    # --- what the window tells the panel ---------------------------------------------------
    def set_desk(self, desk: Desk) -> None:
        """Another programme or database: nothing shown until an action is chosen."""
        self.controller.desk = desk
        self.load_empty()
        self.controller.load_acts()

    def set_today(self, today: date) -> None:
        self.form.set_today(today)

    def set_reference_data(self, offices: Sequence[OfficeRow], values: Sequence[ValueRow]) -> None:
        """Offices and value tags to choose from; keeps what the person already chose."""
        self.form.set_reference_data(offices, values)
        self._refresh_state()

    # --- loading ---------------------------------------------------------------------------
    @property
    def detail(self) -> ActionDetail | None:
        return self.controller.detail

    @property
    def action_id(self) -> int | None:
        return self.controller.action_id

    def current_code(self) -> str:
        return self.detail.code if self.detail else ""

    def show_action(self, action_id: int, on_loaded: Callable[[], None] | None = None) -> None:
        """Load an action (off the UI thread) and show it as stored."""
        self.controller.load(action_id, on_loaded)

    def _show_loaded(self, detail: ActionDetail) -> None:
        new_action = detail.id != self.form.action_id
        assert self.controller.baseline is not None
        self.form.show_detail(detail, self.controller.baseline)
        self._declined.clear()
        if new_action:
            self.banner.hide()
            self._done_text = ""
            self.scroll_to_top()
        self._refresh_state()
        self.loaded.emit(detail)

    def show_read_only_note(self, text: str, read_only: bool) -> None:
        """The line above the form saying what the person's profile does not let them change."""
        self.read_only_label.setText(text)
        self.read_only_label.setAccessibleName(text)
        colour = "#92400e" if read_only else "#1e3a8a"
        self.read_only_label.setStyleSheet(f"color: {colour}; font-weight: {'bold' if read_only else 'normal'};")
        self.read_only_label.setVisible(bool(text))

    def scroll_to_top(self) -> None:
        """A new action starts at its title (again once the new content is laid out)."""
        self.scroll.verticalScrollBar().setValue(0)
        QTimer.singleShot(0, self, lambda: self.scroll.verticalScrollBar().setValue(0))

    def load_empty(self) -> None:
        """No action shown."""
        self.show_read_only_note("", False)
        self.controller.forget()
        self.form.show_empty()
        self.banner.hide()
        self._done_text = ""
        self._declined.clear()
        self._refresh_state()

    # --- state -----------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        """Unsaved changes, a date typed wrong, or a milestone cell still being edited."""
        return self._dirty or (self.detail is not None and self.form.has_pending_edit())

    def is_saving(self) -> bool:
        return self.controller.saving

    def commit_pending(self) -> None:
        """Take in what is still being typed (before leaving or saving)."""
        if self.detail is not None:
            self.form.commit_pending()
            self._refresh_state()

    def _refresh_state(self) -> None:
        has_action = self.detail is not None
        invalid = has_action and bool(self.form.input_errors())
        dirty = has_action and (invalid or self.controller.is_changed(self.form.edit()))
        pending = has_action and self.form.has_pending_edit()
        saving = self.controller.saving
        self.save_button.setEnabled((dirty or pending) and not saving)
        self.discard_button.setEnabled((dirty or pending) and not saving)
        if saving:
            self._show_state(self.tr("Salvataggio in corso…"), "#92400e")
        elif dirty or pending:
            self._done_text = ""
            self._show_state(self.tr("Modifiche non salvate"), "#92400e")
        else:
            self._show_state(self._done_text, "#166534")
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _show_state(self, text: str, colour: str) -> None:
        self.dirty_label.setText(text)
        self.dirty_label.setStyleSheet(f"color: {colour};")

    def state_text(self) -> str:
        """The line beside the buttons (unsaved, saving, saved)."""
        return self.dirty_label.text()

    def _done(self, text: str) -> None:
        self._done_text = text
        self._refresh_state()

    # --- status and progress agree -----------------------------------------------------------
    def check_consistency(self) -> None:
        """Offer the status that goes with the progress the person gave (asked once per answer)."""
        baseline = self.controller.baseline
        if baseline is None or self._asking or self.controller.saving:
            return
        status, progress = self.form.current_status(), self.form.progress.value()
        if (status, progress) == (baseline.status, baseline.progress) or (status, progress) in self._declined:
            return
        code = self.current_code()
        if progress == 100 and status is not Status.DONE:
            question = (
                self.tr("Segnare come Completata?"),
                self.tr("Segnare come Completata?"),
                self.tr(
                    "L'avanzamento di %1 è al 100% ma lo stato è «%2». Con «Sì» l'azione diventa Completata, "
                    "con data di completamento oggi (%3), modificabile; con «No» lo stato resta «%2»."
                )
                .replace("%1", code)
                .replace("%2", status.label)
                .replace("%3", format_date(self.form.today)),
                Status.DONE,
            )
        elif 0 < progress < 100 and status is Status.NOT_STARTED:
            question = (
                self.tr("Passare a «In corso»?"),
                self.tr("Passare a «In corso»?"),
                self.tr(
                    "L'avanzamento di %1 è al %2% ma lo stato è «Da avviare». Con «Sì» lo stato diventa "
                    "«In corso»; con «No» resta «Da avviare»."
                )
                .replace("%1", code)
                .replace("%2", str(progress)),
                Status.IN_PROGRESS,
            )
        else:
            return
        title, text, informative, proposed = question
        self._asking = True
        try:
            yes = self.ask_yes_no(title, text, informative, self.tr("&Sì"), self.tr("&No"), True)
        finally:
            self._asking = False
        if yes:
            self.form.set_status(proposed)
        else:
            self._declined.add((status, progress))

    # --- save / discard --------------------------------------------------------------------
    def save(self, on_saved: Callable[[], None] | None = None, on_failed: Callable[[], None] | None = None) -> None:
        """Save off the UI thread; ``on_saved`` after success, ``on_failed`` after a failure.

        What is still being typed is taken in first; a date that is not a date refuses the
        save (banner, field marked). While a save is running, the callbacks wait for its
        outcome. With nothing to save, ``on_saved`` runs at once.
        """
        if self.controller.saving:
            self._after_save.append((on_saved, on_failed))
            return
        if self.detail is None:
            if on_saved is not None:
                on_saved()
            return
        self.form.commit_pending()
        errors = self.form.input_errors()
        if errors:
            self.form.show_input_errors()
            self._refresh_state()
            self.banner.show_message(
                "error", self.tr("Non salvato: correggere prima le date.") + "\n" + "\n".join(errors)
            )
            if on_failed is not None:
                on_failed()
            return
        self.check_consistency()
        self._refresh_state()
        if not self._dirty or not self.controller.save(self.form.edit()):
            if on_saved is not None:
                on_saved()
            return
        self._after_save.append((on_saved, on_failed))
        self._refresh_state()

    def _on_saved(self, result: OpResult[ActionDetail]) -> None:
        self.banner.hide()  # an older error is no longer true
        self._done(self.tr("Azione %s salvata.") % result.value.code)
        self.changes_saved.emit(result.changes)
        self.controller.load_acts()
        for on_saved, _ in self._take_after_save():
            if on_saved is not None:
                on_saved()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._refresh_state()
        if is_connection_lost(exc) and self.ask_retry(exc):
            self.save()  # Riprova: the same edit again; the callbacks waiting stay for its outcome
            return
        if self.controller.is_conflict(exc):
            self.banner.show_message(
                "error",
                error_message(exc),
                self.tr("Ricarica l'azione (le modifiche andranno perse)"),
                self._reload_after_conflict,
            )
        else:
            self._show_error(exc)
        for _, on_failed in self._take_after_save():
            if on_failed is not None:
                on_failed()

    def _take_after_save(self) -> list[AfterSave]:
        waiting, self._after_save = self._after_save, []
        return waiting

    def _reload_after_conflict(self) -> None:
        if self.detail is not None:
            self.show_action(self.detail.id)

    def discard(self) -> None:
        """Back to the action as stored (what was loaded)."""
        baseline = self.controller.baseline
        if baseline is None or self.controller.saving:
            return
        self.form.milestones.cancel_pending()
        if not self._dirty:
            self._refresh_state()
            return
        self.form.set_edit(baseline)
        self.banner.hide()
        self._refresh_state()

    def escape(self) -> None:
        """Esc: closes a popup if one is open; otherwise asks before discarding unsaved changes."""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
            return
        if self.form.has_pending_edit():
            self.form.milestones.cancel_pending()
            return
        if self.detail is None or not self._dirty or self.controller.saving:
            return
        code = self.current_code()
        if self.ask_yes_no(
            self.tr("Modifiche non salvate"),
            self.tr("Scartare le modifiche a %s?") % code,
            self.tr("Le modifiche non salvate andranno perse e l'azione tornerà com'è salvata."),
            self.tr("&Scarta le modifiche"),
            self.tr("&Continua a modificare"),
            False,
        ):
            self.discard()

    def _show_error(self, exc: BaseException) -> None:
        self.banner.show_message("error", error_message(exc))

    # --- undo ------------------------------------------------------------------------------
    def undo_last(self) -> None:
        """Take back the shown action's last save, after a confirmation naming what it undoes."""
        detail = self.detail
        if detail is None:
            self.banner.show_message("info", self.tr("Nessuna azione mostrata: non c'è niente da annullare."))
            return
        if self.controller.saving:
            return
        if self.is_dirty():
            self.banner.show_message(
                "warning",
                self.tr("%s ha modifiche non salvate: salvarle o scartarle prima di annullare l'ultimo salvataggio.")
                % detail.code,
            )
            return
        code = detail.code
        self.controller.last_change(lambda last, entries: self._confirm_undo(code, last, entries), self._show_error)

    def _confirm_undo(self, code: str, last: LastChange | None, entries: list[AuditEntry]) -> None:
        if self.current_code() != code or self.is_dirty() or self.controller.saving:
            return  # the person moved on meanwhile
        if last is None:
            self.banner.show_message("info", self.tr("%s non è stata modificata: non c'è niente da annullare.") % code)
            return
        if not last.undoable:
            self.banner.show_message("warning", self.tr("Non si può annullare: %s") % last.reason)
            return
        lines = describe_undo(entries)
        informative = (
            self.tr("«%1», salvata da %2 il %3:")
            .replace("%1", last.label)
            .replace("%2", last.actor)
            .replace("%3", format_datetime(last.at))
            + "\n"
            + "\n".join(lines)
        )
        if self.ask_yes_no(
            self.tr("Annulla l'ultima modifica"),
            self.tr("Annullare l'ultima modifica di %s?") % code,
            informative,
            self.tr("&Annulla la modifica"),
            self.tr("&Non annullare"),
            False,
        ):
            self.controller.undo(last.operation_id)
            self._refresh_state()

    def _on_undone(self, result: OpResult[ActionDetail]) -> None:
        self.banner.hide()
        self._done(self.tr("Annullata l'ultima modifica di %s.") % result.value.code)
        self.changes_saved.emit(result.changes)
        self.controller.load_acts()
        self._refresh_state()

    def _on_undo_failed(self, exc: BaseException) -> None:
        self._refresh_state()
        self._show_error(exc)

    # --- leaving ---------------------------------------------------------------------------
    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] | None = None) -> None:
        """Ask about unsaved changes, then ``proceed`` (after a successful save) or ``stay``."""
        self.guard.request_leave(proceed, stay)
