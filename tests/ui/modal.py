"""Answering modal dialogs the way a person does: wait for the dialog to come up (it runs its own
event loop), then type into it and press its keys or click its buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QWidget


def when_modal(answer: Callable[[QWidget], None], kind: type = QWidget, timeout_ms: int = 10_000) -> list[QWidget]:
    """Call ``answer(dialog)`` as soon as a modal dialog of ``kind`` is up; returns the dialogs answered.

    Polls from a timer, so it works while the code under test sits in the dialog's ``exec()``.
    """
    answered: list[QWidget] = []
    waited = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            answered.append(dialog)
            answer(dialog)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return answered


def file_dialog_labels(dialog: QFileDialog) -> list[str]:
    """Every label and button text the file dialog shows (to check they are Italian)."""
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()]
    texts += [dialog.labelText(QFileDialog.DialogLabel.Accept), dialog.labelText(QFileDialog.DialogLabel.Reject)]
    return texts


def type_file_name(name: str, seen: list[list[str]] | None = None, folder: str = "") -> Callable[[QWidget], None]:
    """An answer for a (non-native) file dialog: go to ``folder`` (as "Cerca in" would), type the file
    ``name`` in "Nome del file", then Enter."""

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog), type(dialog)
        if seen is not None:
            seen.append(file_dialog_labels(dialog))
        if folder:
            dialog.setDirectory(folder)
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        assert field is not None, "the Qt file dialog has no file name field: a native dialog was used"
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()
        QTest.keyClicks(field, name)
        quiet = 0
        for _ in range(100):  # the file name completer's list opens a moment later, as the folder is read
            QTest.qWait(30)
            popup = QApplication.activePopupWidget()
            if popup is not None:
                QTest.keyClick(popup, Qt.Key.Key_Escape)  # as a person dismisses the suggestions
                quiet = 0
            else:
                quiet += 1
                if quiet >= 8:
                    break
        QTest.keyClick(field, Qt.Key.Key_Return)

    return answer


def press(key: Qt.Key) -> Callable[[QWidget], None]:
    """An answer: press ``key`` in the dialog (Enter takes its default button, Esc cancels)."""

    def answer(dialog: QWidget) -> None:
        target = QApplication.focusWidget() if dialog.isAncestorOf(QApplication.focusWidget()) else dialog
        QTest.keyClick(target, key)

    return answer
