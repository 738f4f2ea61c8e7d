"""The detail panel: the action form in a scroll area, a message banner, Salva and Scarta.

It puts together the three parts of editing one action: the form (widgets ↔ ActionEdit,
``action_form``), its controller (load and save through the Desk, ``action_controller``)
and the unsaved-changes guard (``unsaved_guard``). The form is the person's: it is never
reloaded over their typing; a failed save (conflict, locked or read-only database,
invalid value) shows the banner and keeps every field as typed. After a save the panel
emits ``changes_saved(ChangeSet)`` for the window to refresh from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.rows import ActionDetail, OfficeRow, ValueRow
from valenza_desk.services.desk import Desk
from valenza_desk.ui.action_controller import ActionController
from valenza_desk.ui.action_form import ActionForm
from valenza_desk.ui.ops import error_message
from valenza_desk.ui.unsaved_guard import UnsavedGuard
from valenza_desk.ui.widgets import Banner

AfterSave = tuple[Callable[[], None] | None, Callable[[], None] | None]


class DetailPanel(QWidget):
    """Shows and edits one action of the Desk's programme."""

    changes_saved = Signal(object)  # ChangeSet of a successful save
    loaded = Signal(object)  # ActionDetail shown
    dirty_changed = Signal(bool)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = ActionController(desk, self)
        self.form = ActionForm(self)
        self.guard = UnsavedGuard(self, self)
        self._dirty = False
        self._after_save: list[AfterSave] = []
        self._build()
        self.form.edited.connect(self._refresh_state)
        self.controller.loaded.connect(self._show_loaded)
        self.controller.load_failed.connect(self._show_error)
        self.controller.saved.connect(self._on_saved)
        self.controller.save_failed.connect(self._on_save_failed)
        self.load_empty()

    def _build(self) -> None:
        self.setAccessibleName(self.tr("Dettaglio dell'azione"))
        self.banner = Banner(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.form)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)

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

        self.save_button.clicked.connect(lambda: self.save())
        self.discard_button.clicked.connect(self.discard)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.save_shortcut.activated.connect(lambda: self.save())
        self.discard_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.discard_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.discard_shortcut.activated.connect(self.discard)

    # --- what the window tells the panel ---------------------------------------------------
    def set_desk(self, desk: Desk) -> None:
        """Another programme or database: nothing shown until an action is chosen."""
        self.controller.desk = desk
        self.load_empty()

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
        if new_action:
            self.scroll.verticalScrollBar().setValue(0)
            self.banner.hide()
        self._refresh_state()
        self.loaded.emit(detail)

    def load_empty(self) -> None:
        """No action shown."""
        self.controller.forget()
        self.form.show_empty()
        self.banner.hide()
        self._refresh_state()

    # --- state -----------------------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self._dirty

    def is_saving(self) -> bool:
        return self.controller.saving

    def _refresh_state(self) -> None:
        has_action = self.detail is not None
        dirty = has_action and self.controller.is_changed(self.form.edit())
        saving = self.controller.saving
        self.save_button.setEnabled(dirty and not saving)
        self.discard_button.setEnabled(dirty and not saving)
        if saving:
            self.dirty_label.setText(self.tr("Salvataggio in corso…"))
        else:
            self.dirty_label.setText(self.tr("Modifiche non salvate") if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # --- save / discard --------------------------------------------------------------------
    def save(self, on_saved: Callable[[], None] | None = None, on_failed: Callable[[], None] | None = None) -> None:
        """Save off the UI thread; ``on_saved`` after success, ``on_failed`` after a failure.

        While a save is running, the callbacks wait for its outcome. With nothing to save,
        ``on_saved`` runs at once.
        """
        if self.controller.saving:
            self._after_save.append((on_saved, on_failed))
            return
        if self.detail is None or not self._dirty:
            if on_saved is not None:
                on_saved()
            return
        if not self.controller.save(self.form.edit()):
            if on_saved is not None:
                on_saved()
            return
        self._after_save.append((on_saved, on_failed))
        self._refresh_state()

    def _on_saved(self, result: OpResult[ActionDetail]) -> None:
        self.banner.show_message("success", self.tr("Azione %s salvata.") % result.value.code)
        self.changes_saved.emit(result.changes)
        for on_saved, _ in self._take_after_save():
            if on_saved is not None:
                on_saved()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._refresh_state()
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
        if baseline is None or not self._dirty or self.controller.saving:
            return
        self.form.set_edit(baseline)
        self.banner.hide()
        self._refresh_state()

    def _show_error(self, exc: BaseException) -> None:
        self.banner.show_message("error", error_message(exc))

    # --- leaving ---------------------------------------------------------------------------
    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] | None = None) -> None:
        """Ask about unsaved changes, then ``proceed`` (after a successful save) or ``stay``."""
        self.guard.request_leave(proceed, stay)
