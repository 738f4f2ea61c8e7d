"""The unsaved-changes guard: before the person leaves an action with unsaved changes, ask.

"Salva" waits for the save's outcome: the way out (``proceed``) runs only after the
save succeeded; when it fails the person stays (``stay``) with the form as typed and
the error shown. "Scarta le modifiche" discards and proceeds; "Annulla" stays.
Leaving while a save is still running waits for that save the same way.

Also here: the window's other questions as message boxes (``ask_save_discard`` for any
editor, e.g. the offices dialog, and ``ask_yes_no``), so every prompt looks the same and
Esc always means the safe answer.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


class LeaveChoice(StrEnum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Leavable(Protocol):
    """What the guard needs of the editor it protects (the detail panel)."""

    def is_dirty(self) -> bool: ...

    def is_saving(self) -> bool: ...

    def commit_pending(self) -> None: ...

    def current_code(self) -> str: ...

    def save(self, on_saved: Callable[[], None] | None = None, on_failed: Callable[[], None] | None = None) -> None: ...

    def discard(self) -> None: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("UnsavedGuard", text)


def ask_save_discard(parent: QWidget | None, title: str, text: str, informative: str) -> LeaveChoice:
    """Ask with a message box: Salva (default), Scarta le modifiche, Annulla (Esc)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    save = box.addButton(_tr("Salva"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_tr("Scarta le modifiche"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_tr("Annulla"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return LeaveChoice.SAVE
    if clicked is discard:
        return LeaveChoice.DISCARD
    return LeaveChoice.CANCEL


def ask_with_box(parent: QWidget | None, code: str) -> LeaveChoice:
    """Leaving an action with unsaved changes: Salva (default), Scarta le modifiche, Annulla (Esc)."""
    return ask_save_discard(
        parent,
        _tr("Modifiche non salvate"),
        _tr("L'azione %s ha modifiche non salvate.") % code,
        _tr("Salvarle prima di continuare?"),
    )


def ask_yes_no(
    parent: QWidget | None,
    title: str,
    text: str,
    informative: str,
    yes_text: str,
    no_text: str,
    default_yes: bool = True,
) -> bool:
    """A question with two named answers; Esc is always ``no_text``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.YesRole)
    no = box.addButton(no_text, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes if default_yes else no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


class UnsavedGuard:
    """Guards one editor; ``ask`` may be replaced (tests answer without a modal box)."""

    def __init__(self, editor: Leavable, parent: QWidget | None = None) -> None:
        self._editor = editor
        self.ask: Callable[[str], LeaveChoice] = lambda code: ask_with_box(parent, code)

    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] | None = None) -> None:
        """Run ``proceed`` now, after a successful save, or never; ``stay`` when the person stays."""
        editor = self._editor
        stay = stay or (lambda: None)
        if editor.is_saving():
            editor.save(on_saved=proceed, on_failed=stay)  # joins the save already running
            return
        editor.commit_pending()  # an open cell editor counts as typed
        if not editor.is_dirty():
            proceed()
            return
        choice = self.ask(editor.current_code())
        if choice is LeaveChoice.CANCEL:
            stay()
        elif choice is LeaveChoice.DISCARD:
            editor.discard()
            proceed()
        else:
            editor.save(on_saved=proceed, on_failed=stay)
