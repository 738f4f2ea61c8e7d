"""The main window's menus and their shortcuts.

Every shortcut is checked against the keys text fields use for editing (a test goes
through them): the Offices dialog is Ctrl+Shift+U because Ctrl+U clears the line in a
text field on Linux; "Annulla ultima modifica" is Ctrl+Z only where no text field has
the focus (a field takes Ctrl+Z for its own undo first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from valenza_desk.ui.views import View, ViewKind

if TYPE_CHECKING:
    from valenza_desk.ui.main_window import MainWindow

OFFICES_KEY = "Ctrl+Shift+U"


def _action(window: MainWindow, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # type: ignore[no-untyped-def]
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """File, Modifica, Visualizza, Aiuto; the actions become attributes of ``window``."""
    bar = window.menuBar()
    tr = window.tr
    files = window.files
    file_menu = bar.addMenu(tr("&File"))
    window.open_db_action = _action(window, tr("&Apri database…"), files.open_database, QKeySequence.StandardKey.Open)
    window.new_db_action = _action(window, tr("&Nuovo database…"), files.new_database)
    window.connect_action = _action(window, tr("&Connetti a un database condiviso…"), files.connect_server)
    window.import_action = _action(window, tr("&Importa testo del programma…"), files.import_programme, "Ctrl+I")
    window.reports_action = _action(window, tr("&Rapporti ed esportazioni…"), window.open_reports, "Ctrl+P")
    window.reports_action.setShortcuts([QKeySequence("Ctrl+P"), QKeySequence("Ctrl+R")])
    window.quit_action = _action(window, tr("&Esci"), window.close, QKeySequence.StandardKey.Quit)
    for action in (window.open_db_action, window.new_db_action, window.connect_action, window.import_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    file_menu.addAction(window.reports_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)

    edit_menu = bar.addMenu(tr("&Modifica"))
    window.undo_action = _action(
        window, tr("&Annulla ultima modifica"), window.undo_last, QKeySequence.StandardKey.Undo
    )
    window.undo_action.setToolTip(tr("Annulla l'ultima modifica salvata dell'azione mostrata (Ctrl+Z fuori dai campi)"))
    window.undo_action.setEnabled(callable(getattr(window.panel, "undo_last", None)))
    window.bulk_action = _action(window, tr("Modifica in &blocco le azioni selezionate…"), window.open_bulk_form)
    window.offices_action = _action(window, tr("&Uffici…"), window.open_offices, OFFICES_KEY)
    edit_menu.addAction(window.undo_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.bulk_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.offices_action)
    # people and the audit (no menu of their own: every letter of "Strumenti" is a mnemonic already)
    window.users_action = _action(window, tr("U&tenti…"), window.open_users)
    window.audit_action = _action(window, tr("&Registro delle modifiche…"), window.open_audit)
    edit_menu.addAction(window.users_action)
    edit_menu.addAction(window.audit_action)

    view_menu = bar.addMenu(tr("&Visualizza"))
    page = window.page
    window.search_action = _action(window, tr("&Cerca"), page.focus_search, QKeySequence.StandardKey.Find)
    window.clear_filters_action = _action(window, tr("A&zzera filtri"), page.clear_filters)
    window.refresh_action = _action(window, tr("A&ggiorna"), window.reload, QKeySequence.StandardKey.Refresh)
    view_menu.addAction(window.search_action)
    view_menu.addAction(window.clear_filters_action)
    view_menu.addAction(window.refresh_action)
    view_menu.addSeparator()
    for text, kind in (
        (tr("Cr&uscotto"), ViewKind.DASHBOARD),
        (tr("&Programma e valori"), ViewKind.PROGRAMME),
        (tr("S&edute"), ViewKind.MEETINGS),
        (tr("Att&i"), ViewKind.ACTS),
        (tr("&Tutto il programma"), ViewKind.ALL),
    ):
        view_menu.addAction(_action(window, text, lambda _=False, k=kind: window.navigator.select_view(View(k))))
    help_menu = bar.addMenu(tr("&Aiuto"))
    help_menu.addAction(_action(window, tr("&Informazioni su Valenza Desk"), window.about))
