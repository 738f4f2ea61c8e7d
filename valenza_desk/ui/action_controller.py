"""The action form's controller: load an action, save it through the Desk, report the outcome.

Every database call is a Desk method run off the UI thread (``run_op``). A save
emits ``saved(OpResult)`` whose change set the window refreshes from; a failure
emits ``save_failed(exception)`` and changes nothing here, so the form keeps what was
typed. Undo takes back the action's last save (``last_change`` tells what and whether,
``undo`` does it, as one more operation); the acts already used are read for suggestions.
The controller never touches widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.rows import ActionDetail, ActionEdit, AuditEntry, LastChange
from valenza_desk.errors import ConflictError
from valenza_desk.services.desk import Desk
from valenza_desk.ui.ops import alive, run_op


def same_edit(a: ActionEdit, b: ActionEdit) -> bool:
    """Whether two edits store the same thing (the order of ticked offices and values does not matter)."""

    def norm(e: ActionEdit) -> ActionEdit:
        return replace(e, support_office_ids=tuple(sorted(e.support_office_ids)), value_ids=())

    return norm(a) == norm(b) and set(a.value_ids) == set(b.value_ids)


class ActionController(QObject):
    """Holds the action shown (as stored) and talks to the Desk for it."""

    loaded = Signal(object)  # ActionDetail
    load_failed = Signal(object)  # exception
    saved = Signal(object)  # OpResult[ActionDetail]
    save_failed = Signal(object)  # exception
    undone = Signal(object)  # OpResult[ActionDetail] of an undo
    undo_failed = Signal(object)  # exception
    acts_loaded = Signal(object)  # list[str]: acts already used, most recent first

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.detail: ActionDetail | None = None
        self.baseline: ActionEdit | None = None  # the stored state, milestones included
        self.saving = False
        self._wanted: int | None = None  # the last action asked for: older answers are ignored

    @property
    def action_id(self) -> int | None:
        return self.detail.id if self.detail else None

    def forget(self) -> None:
        """No action shown (another programme or database)."""
        self.detail = self.baseline = None
        self._wanted = None

    def load(self, action_id: int, on_loaded: Callable[[], None] | None = None) -> None:
        """Read the action (off the UI thread), then ``loaded`` and ``on_loaded``."""
        desk = self.desk
        self._wanted = action_id

        def done(detail: ActionDetail) -> None:
            if not alive(self) or self._wanted != action_id:
                return  # the panel is gone, or another action was chosen meanwhile
            self.accept(detail)
            if on_loaded is not None:
                on_loaded()

        def failed(exc: BaseException) -> None:
            if alive(self):
                self.load_failed.emit(exc)

        run_op(lambda: desk.action(action_id), done, failed)

    def accept(self, detail: ActionDetail) -> None:
        """``detail`` is now the action shown, as stored."""
        self.detail = detail
        self.baseline = replace(ActionEdit.from_detail(detail), milestones=detail.milestones)
        self._wanted = detail.id
        self.loaded.emit(detail)

    def is_changed(self, edit: ActionEdit) -> bool:
        return self.baseline is not None and not same_edit(edit, self.baseline)

    def save(self, edit: ActionEdit) -> bool:
        """Save ``edit`` through ``desk.save_action``; False when there is nothing to save now."""
        if self.detail is None or self.saving or not self.is_changed(edit):
            return False
        if self.baseline is not None and edit.milestones == self.baseline.milestones:
            edit = replace(edit, milestones=None)  # untouched: do not rewrite them
        desk = self.desk
        self.saving = True

        def succeeded(result: OpResult[ActionDetail]) -> None:
            if not alive(self):
                return
            self.saving = False
            self.accept(result.value)
            self.saved.emit(result)

        def failed(exc: BaseException) -> None:
            if not alive(self):
                return
            self.saving = False
            self.save_failed.emit(exc)

        run_op(lambda: desk.save_action(edit), succeeded, failed)
        return True

    @staticmethod
    def is_conflict(exc: BaseException) -> bool:
        return isinstance(exc, ConflictError)

    # --- undo ----------------------------------------------------------------------------------
    def last_change(
        self,
        on_found: Callable[[LastChange | None, list[AuditEntry]], None],
        on_failed: Callable[[BaseException], None],
    ) -> None:
        """The action's newest change and its audit entries (what Undo would take back)."""
        if self.detail is None:
            return
        desk, action_id = self.desk, self.detail.id

        def read() -> tuple[LastChange | None, list[AuditEntry]]:
            last = desk.last_change(action_id)
            if last is None:
                return None, []
            entries = [e for e in desk.audit("action", action_id, limit=200) if e.op_id == last.operation_id]
            return last, entries

        def done(found: tuple[LastChange | None, list[AuditEntry]]) -> None:
            if alive(self) and self.detail is not None and self.detail.id == action_id:
                on_found(*found)

        def failed(exc: BaseException) -> None:
            if alive(self):
                on_failed(exc)

        run_op(read, done, failed)

    def undo(self, operation_id: int) -> None:
        """Take back ``operation_id`` on the action shown; ``undone`` or ``undo_failed`` follows."""
        if self.detail is None or self.saving:
            return
        desk, action_id = self.desk, self.detail.id
        self.saving = True

        def succeeded(result: OpResult[ActionDetail]) -> None:
            if not alive(self):
                return
            self.saving = False
            if self._wanted == action_id:
                self.accept(result.value)
            self.undone.emit(result)

        def failed(exc: BaseException) -> None:
            if not alive(self):
                return
            self.saving = False
            self.undo_failed.emit(exc)

        run_op(lambda: desk.undo(action_id, operation_id), succeeded, failed)

    # --- suggestions ---------------------------------------------------------------------------
    def load_acts(self) -> None:
        """Read the acts already used (off the UI thread); ``acts_loaded`` follows."""
        desk = self.desk

        def done(acts: list[str]) -> None:
            if alive(self) and desk is self.desk:
                self.acts_loaded.emit(acts)

        run_op(desk.recent_acts, done, lambda exc: None)  # suggestions are a help: none when unreadable


# Audited fields as the person knows them (the detail panel's labels).
FIELD_LABELS = {
    "status": "Stato",
    "progress": "Avanzamento",
    "due_date": "Scadenza",
    "completed_on": "Completata il",
    "referent": "Referente politico",
    "notes": "Note",
    "lead_office": "Ufficio responsabile",
    "support_offices": "Uffici di supporto",
    "values": "Valori",
    "milestone": "Traguardo",
    "note": "Nota di avanzamento",
    "act_reference": "Atto",
}


def describe_undo(entries: list[AuditEntry]) -> list[str]:
    """One line per change that Undo would take back, in Italian, in the order they were made."""
    lines = []
    for entry in sorted(entries, key=lambda e: e.id):
        name = FIELD_LABELS.get(entry.field, entry.field)
        old, new = entry.old_label or "", entry.new_label or ""
        if entry.field == "note":
            lines.append(f"• {name} «{new}»: sarà tolta dalla cronologia")
        elif entry.field == "act_reference":
            lines.append(f"• {name} «{new}»: sarà tolto dalla cronologia")
        elif entry.field == "milestone" and not old:
            lines.append(f"• {name} {new}: sarà eliminato")
        elif entry.field == "milestone" and not new:
            lines.append(f"• {name} {old}: sarà ripristinato")
        elif not old:
            lines.append(f"• {name}: torna vuoto (ora «{new}»)")
        elif not new:
            lines.append(f"• {name}: torna «{old}» (ora vuoto)")
        else:
            lines.append(f"• {name}: torna «{old}» (ora «{new}»)")
    return lines
