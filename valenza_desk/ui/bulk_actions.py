"""Bulk edit for the main window: the context menu of the selected actions and applying a change.

Applying first asks about the detail panel's unsaved changes (the panel's guard), then
makes ONE call to ``Desk.bulk_edit`` off the UI thread with each action's version as
the table shows it: all or nothing, one change set, audited per action. A conflict (an
action changed meanwhile by someone else) or a refused value is shown in Italian naming
the action's code, nothing is changed, and the form keeps what was typed. After a
success the window refreshes from the change set (rows, counts, dashboard).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from valenza_desk.domain.bulk import BulkChange
from valenza_desk.domain.changes import ChangeSet, OpResult
from valenza_desk.domain.rows import ActionRow, OfficeRow, ValueRow
from valenza_desk.domain.status import Status
from valenza_desk.ui.connection_status import ask_retry, is_connection_lost
from valenza_desk.ui.ops import error_message, run_op

if TYPE_CHECKING:
    from valenza_desk.ui.main_window import MainWindow


class BulkActions(QObject):
    """Menus and the apply step of bulk edits, for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.offices: list[OfficeRow] = []
        self.values: list[ValueRow] = []
        self.running = False
        self.confirm: Callable[[QWidget, str, int], bool] = confirm_with_box  # tests may answer directly
        # "Connessione al server persa…": Riprova? (the real box; tests may answer)
        self.ask_retry: Callable[[BaseException], bool] = lambda exc: ask_retry(window, exc)
        self.menu = QMenu(window)
        self.menu.setAccessibleName(self.tr("Azioni selezionate"))
        self.menu.aboutToShow.connect(self._fill_menu)
        window.page.selection_bar.set_menu(self.menu)

    def set_reference_data(self, offices: Sequence[OfficeRow], values: Sequence[ValueRow]) -> None:
        self.offices, self.values = list(offices), list(values)

    # --- the menu ---------------------------------------------------------------------------
    def show_menu(self, where: QPoint) -> None:
        self.menu.popup(where)

    def _fill_menu(self) -> None:
        """Rebuilt each time it opens: the offices, values and number selected of this moment."""
        menu = self.menu
        menu.clear()
        count = self.window.page.selected_count()
        if count > 1:
            title = self.tr("&Modifica in blocco le %s azioni…") % count
            menu.addAction(title, lambda: self.window.open_bulk_form())
            menu.addSeparator()
        active = [o for o in self.offices if o.active]
        lead = menu.addMenu(self.tr("Ufficio &responsabile"))
        lead.addAction(
            self.tr("Nessun ufficio responsabile"), lambda: self.apply_quick(BulkChange(lead_office_id=None))
        )
        support = menu.addMenu(self.tr("Aggiungi ufficio di su&pporto"))
        for office in active:
            lead.addAction(office.name, lambda _=False, i=office.id: self.apply_quick(BulkChange(lead_office_id=i)))
            support.addAction(
                office.name, lambda _=False, i=office.id: self.apply_quick(BulkChange(add_support_office_id=i))
            )
        if not active:
            for sub in (lead, support):
                sub.addSeparator()
                sub.addAction(self.tr("Aggiungi gli uffici…"), self.window.open_offices)
        status = menu.addMenu(self.tr("&Stato"))
        for value in Status:
            status.addAction(value.label, lambda _=False, s=value: self.apply_quick(BulkChange(status=s)))
        add_value = menu.addMenu(self.tr("Aggiungi &valore"))
        remove_value = menu.addMenu(self.tr("&Togli valore"))
        for tag in self.values:
            add_value.addAction(tag.name, lambda _=False, i=tag.id: self.apply_quick(BulkChange(add_value_ids=(i,))))
            remove_value.addAction(
                tag.name, lambda _=False, i=tag.id: self.apply_quick(BulkChange(remove_value_ids=(i,)))
            )
        menu.addSeparator()
        bulk = self.window.bulk_page
        for text, field in (
            (self.tr("Sca&denza…"), bulk.due_date),
            (self.tr("Re&ferente…"), bulk.referent),
            (self.tr("&Nota di avanzamento…"), bulk.note),
        ):
            menu.addAction(text, lambda _=False, f=field: self.window.open_bulk_form(f))
        menu.addSeparator()
        page = self.window.page
        menu.addAction(self.tr("Seleziona &tutte (Ctrl+A)"), page.table.selectAll)
        if count > 1:
            menu.addAction(self.tr("&Deseleziona"), page.keep_only_current)

    # --- applying ---------------------------------------------------------------------------
    def apply_quick(self, change: BulkChange) -> None:
        """A menu entry: asks for confirmation when it touches several actions."""
        rows = self.window.page.selected_rows()
        if len(rows) > 1:
            text = change.describe({o.id: o.name for o in self.offices}, {v.id: v.name for v in self.values})
            if not self.confirm(self.window, text, len(rows)):
                return
        self.apply(change, rows)

    def apply(self, change: BulkChange, rows: Sequence[ActionRow] | None = None) -> None:
        """Give ``change`` to ``rows`` (the selected actions) in one operation, after the panel's guard."""
        window = self.window
        chosen = list(rows) if rows is not None else window.page.selected_rows()
        if not chosen or self.running:
            return
        ids = [r.id for r in chosen]

        def go() -> None:
            self._run(change, ids)

        window.panel.request_leave(go)

    def _targets(self, ids: Sequence[int]) -> list[tuple[int, int]]:
        """Each action with the version the person saw: the table's row, or the panel's just-saved detail."""
        model = self.window.page.model
        wanted = set(ids)
        versions = {r.id: r.version for r in model.all_rows() if r.id in wanted}
        detail = self.window.panel.detail
        if detail is not None and detail.id in versions:
            versions[detail.id] = max(versions[detail.id], detail.version)
        return [(i, versions[i]) for i in ids if i in versions]

    def _run(self, change: BulkChange, ids: Sequence[int]) -> None:
        window = self.window
        targets = self._targets(ids)
        if not targets:
            return
        desk = window.desk
        self.running = True
        window.bulk_page.set_busy(True)
        window.bulk_page.banner.hide()
        window.statusBar().showMessage(self.tr("Modifica di %s azioni in corso…") % len(targets))

        def done(result: OpResult[int]) -> None:
            self.running = False
            window.bulk_page.set_busy(False)
            if desk is not window.desk:
                return
            window.bulk_page.clear_fields()
            if result.value:
                text = self.tr("%1 azioni modificate su %2 selezionate.").replace("%1", str(result.value))
                text = text.replace("%2", str(len(targets)))
            else:
                text = self.tr("Nessuna azione cambiata: avevano già questi valori.")
            window.bulk_page.banner.show_message("success", text)
            window.statusBar().showMessage(text, 8000)
            window.apply_changes(result.changes)
            shown = window.panel.action_id
            if shown is not None and shown in result.changes.actions and not window.panel.is_dirty():
                window.panel.show_action(shown)  # the panel shows what is stored now
            if change.act_reference:
                window.refresh_acts()

        def failed(exc: BaseException) -> None:
            self.running = False
            window.bulk_page.set_busy(False)
            window.statusBar().clearMessage()
            if desk is window.desk and is_connection_lost(exc) and self.ask_retry(exc):
                self._run(change, ids)  # Riprova: the same change again (the form keeps what was typed)
                return
            window.bulk_page.banner.show_message(
                "error",
                error_message(exc),
                self.tr("Aggiorna le azioni selezionate"),
                lambda: window.apply_changes(ChangeSet(actions=frozenset(i for i, _ in targets))),
            )

        run_op(lambda: desk.bulk_edit(targets, change), done, failed)


def confirm_with_box(parent: QWidget, text: str, count: int) -> bool:
    """ "Applicare a 8 azioni: stato Completata?" — Applica (default, Invio) or Annulla (Esc)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(box.tr("Modifica in blocco"))
    box.setText(box.tr("Applicare a %1 azioni: %2?").replace("%1", str(count)).replace("%2", text))
    apply = box.addButton(box.tr("Applica"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(box.tr("Annulla"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(apply)
    box.setEscapeButton(cancel)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    return box.clickedButton() is apply
