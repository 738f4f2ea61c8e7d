"""File dialogs in Italian on every system.

Qt's native dialog speaks the desktop's language (English on many Linux installations)
whatever the app's; Qt's own dialog, with the Italian Qt translations the app installs
and these labels, is Italian everywhere. One place builds it for opening and saving.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget


def make_dialog(parent: QWidget | None, title: str, start: str, filters: str, save: bool) -> QFileDialog:
    """A modal QFileDialog (not the native one) with Italian labels; ``exec()`` it."""
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    for label, text in (
        (QFileDialog.DialogLabel.LookIn, dialog.tr("Cerca in:")),
        (QFileDialog.DialogLabel.FileName, dialog.tr("Nome del file:")),
        (QFileDialog.DialogLabel.FileType, dialog.tr("Tipo di file:")),
        (QFileDialog.DialogLabel.Accept, dialog.tr("Salva") if save else dialog.tr("Apri")),
        (QFileDialog.DialogLabel.Reject, dialog.tr("Annulla")),
    ):
        dialog.setLabelText(label, text)
    if save and start:
        dialog.selectFile(start)
    return dialog


def ask_path(parent: QWidget | None, title: str, start: str, filters: str, save: bool = True) -> str:
    """The path chosen, or "" when the person cancelled."""
    dialog = make_dialog(parent, title, start, filters, save)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return ""
        chosen = dialog.selectedFiles()
        return chosen[0] if chosen else ""
    finally:
        dialog.deleteLater()  # not left behind as a hidden child of the window
