"""The main window: programme switcher and navigator | (action table + detail panel or bulk-edit
form, dashboard, programme page).

The window holds one Desk, looking at one programme. Every database call is a Desk
method run through ``run_op``. Writes come back as change sets and the window
refreshes from them (``apply_changes``): only the changed rows, the navigator counts
and the dashboard, or everything when offices, programmes, values or settings changed.
Every minute it asks the Desk's clock for the day and, on a new day, recomputes what
depends on it. Window size, splitter positions and the last view are remembered.
With several actions selected in the table, the bulk-edit form takes the detail
panel's place (``bulk_actions`` applies it in one operation).
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.actor import Permission
from valenza_desk.domain.changes import ChangeSet
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionRow, OfficeRow, ProgrammeInfo, StakeholderSummary
from valenza_desk.domain.status import DEFAULT_DUE_SOON_DAYS
from valenza_desk.services.desk import Desk
from valenza_desk.ui.action_list_page import ActionListPage
from valenza_desk.ui.acts_page import ActsPage
from valenza_desk.ui.bulk_actions import BulkActions
from valenza_desk.ui.bulk_edit import BulkEditPage
from valenza_desk.ui.dashboard import DashboardPage
from valenza_desk.ui.detail_panel import DetailPanel
from valenza_desk.ui.file_actions import FileActions
from valenza_desk.ui.first_start import SummaryDialog
from valenza_desk.ui.meetings_page import MeetingsPage
from valenza_desk.ui.navigator import Navigator, days_text
from valenza_desk.ui.ops import background_pool, error_message, run_op
from valenza_desk.ui.programme_page import ProgrammePage
from valenza_desk.ui.programme_switcher import ProgrammeSwitcher
from valenza_desk.ui.role_gate import RoleGate
from valenza_desk.ui.settings import AppSettings
from valenza_desk.ui.views import View, ViewKind, view_query
from valenza_desk.ui.widgets import Banner
from valenza_desk.ui.window_data import ChangedData, WindowData, count_views, load_changed, load_window_data
from valenza_desk.ui.window_menus import build_menus
from valenza_desk.ui.window_state import default_splits, restore_window_state, save_window_state

DAY_CHECK_MS = 60_000


def tab_stops(container: QWidget) -> list[QWidget]:
    """The widgets inside ``container`` that Tab stops at, in their current Tab order."""
    stops: list[QWidget] = []
    widget = container.nextInFocusChain()
    while widget is not container and container.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


class MainWindow(QMainWindow):
    """Valenza Desk's one window, on one Desk."""

    open_db_action: QAction
    new_db_action: QAction
    import_action: QAction
    reports_action: QAction
    quit_action: QAction
    undo_action: QAction
    bulk_action: QAction
    offices_action: QAction
    search_action: QAction
    clear_filters_action: QAction
    refresh_action: QAction
    connect_action: QAction
    users_action: QAction
    audit_action: QAction

    def __init__(self, desk: Desk, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.settings = settings or AppSettings()
        self._first_load = True
        self._day: date | None = None  # the day the window last showed (the Desk's today then)
        self._due_soon_days = DEFAULT_DUE_SOON_DAYS
        self._programme: ProgrammeInfo | None = None
        self._summaries: list[StakeholderSummary] = []
        self._offices: list[OfficeRow] = []
        self._shown_view = View()
        self._view_counts: dict[str, int] = {}
        self.setWindowTitle(self.tr("Valenza Desk"))
        self.setAccessibleName(self.tr("Valenza Desk"))

        self.switcher = ProgrammeSwitcher(self)
        self.navigator = Navigator(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.switcher)
        left_layout.addWidget(self.navigator, 1)
        self.page = ActionListPage(self)
        self.panel = DetailPanel(desk, self)
        self.bulk_page = BulkEditPage(self)
        self.side = QStackedWidget(self)  # the detail panel, or the bulk-edit form for several actions
        self.side.addWidget(self.panel)
        self.side.addWidget(self.bulk_page)
        self.dashboard = DashboardPage(desk, self)
        self.programme_page = ProgrammePage(desk, self)
        self.meetings_page = MeetingsPage(desk, self)
        self.acts_page = ActsPage(desk, self)
        self.table_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.table_split.addWidget(self.page)
        self.table_split.addWidget(self.side)
        self.table_split.setStretchFactor(0, 3)
        self.table_split.setStretchFactor(1, 2)
        self.table_split.setChildrenCollapsible(False)
        self.stack = QStackedWidget(self)
        for widget in (self.table_split, self.dashboard, self.programme_page, self.meetings_page, self.acts_page):
            self.stack.addWidget(widget)
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(left)
        self.main_split.addWidget(self.stack)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setChildrenCollapsible(False)
        self.banner = Banner(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.main_split, 1)
        self.setCentralWidget(central)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Numero di azioni mostrate"))
        self.db_label = QLabel(self)
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.db_label)

        self.files = FileActions(self)
        self.bulk = BulkActions(self)
        build_menus(self)
        self.gate = RoleGate(self)  # what the person's profile lets them do (status bar, menus, panel)
        self.setTabOrder(self.switcher.combo, self.navigator)
        self.setTabOrder(self.navigator, self.page.search)
        # Tab from the table goes to what is shown on the right: the bulk form, else the detail panel
        chain = [self.page.table, *self.bulk_page.tab_chain(), *tab_stops(self.panel)]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)  # each moved after the one before: the panel's order is kept
        self.navigator.view_selected.connect(self.choose_view)
        self.navigator.offices_requested.connect(self.open_offices)
        self.switcher.programme_chosen.connect(self.choose_programme)
        self.page.action_chosen.connect(self.choose_action)
        self.page.selection_changed.connect(self._selection_changed)
        self.page.view_cleared.connect(lambda: self.navigator.select_view(View(ViewKind.ALL)))
        self.page.menu_requested.connect(self.bulk.show_menu)
        self.page.selection_bar.edit_requested.connect(lambda: self.open_bulk_form())
        self.page.model.filtered.connect(self._update_count)
        self.bulk_page.apply_requested.connect(self.bulk.apply)
        self.panel.changes_saved.connect(self._action_saved)
        self.panel.loaded.connect(lambda d: setattr(self.page, "keep_selected", d.id))
        self.panel.dirty_changed.connect(lambda _dirty: self._show_pending())
        self.dashboard.action_chosen.connect(self.open_action)
        self.meetings_page.action_chosen.connect(self.open_action)
        self.acts_page.changed.connect(self.apply_changes)
        self.meetings_page.brief_requested.connect(self.open_meeting_brief)
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(DAY_CHECK_MS)
        self.day_timer.timeout.connect(self.check_day)
        self.day_timer.start()
        self._splits_pending = not restore_window_state(self, self.settings)
        self.show_database_state()
        self.reload()

    # --- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read everything again (off the UI thread); the detail panel keeps any unsaved edit."""
        desk = self.desk
        self.count_label.setText(self.tr("Caricamento delle azioni…"))
        run_op(lambda: load_window_data(desk), lambda data: self._loaded(desk, data), self._load_failed)

    def _loaded(self, desk: Desk, data: WindowData) -> None:
        if desk is not self.desk:
            return  # another programme or database was chosen meanwhile
        self._day, self._due_soon_days, self._programme = data.today, data.due_soon_days, data.programme
        self._summaries, self._offices = data.summaries, data.offices
        self._show_programme(data.programmes)
        self.panel.set_today(data.today)
        self.bulk_page.set_today(data.today)
        self.page.set_offices(data.offices)
        self.page.set_rows(data.rows, data.today)
        self.panel.set_reference_data(data.offices, data.values)
        self.bulk_page.set_reference_data(data.offices, data.values)
        self.bulk_page.set_acts(data.acts)
        self.bulk.set_reference_data(data.offices, data.values)
        self._recount()
        self._compute_sort_orders()
        if self._first_load:
            self._first_load = False
            wanted = View.from_key(self.settings.last_view) if self.settings.last_view else View()
            self.show_view(self.navigator.select_view(wanted, emit=False))
        else:
            self.show_view(self.navigator.current_view(), remember=False)
        shown = self.panel.action_id
        if shown is not None and not self.panel.is_dirty() and not self.panel.is_saving():
            self.panel.show_action(shown)  # what is stored now (renamed office, re-imported text)

    def _compute_sort_orders(self) -> None:
        """Work out every column's sort order off the UI thread, so a click on a header is quick."""
        model = self.page.model
        orders = model.sort_orders_job()
        run_op(orders.compute_all, model.adopt_orders, pool=background_pool())

    def refresh_acts(self) -> None:
        """Acts already used, to suggest in the bulk form (after a new one was recorded)."""
        desk = self.desk
        run_op(lambda: desk.recent_acts(), lambda acts: desk is self.desk and self.bulk_page.set_acts(acts))

    def _load_failed(self, exc: BaseException) -> None:
        self.count_label.setText("")
        self.banner.show_message("error", error_message(exc), self.tr("Riprova"), self.reload)

    def _show_programme(self, programmes: list[ProgrammeInfo]) -> None:
        info = self._programme
        self.switcher.set_programmes(programmes, info.id if info else None)
        self.setWindowTitle(self.tr("Valenza Desk — %s") % info.display_name if info else self.tr("Valenza Desk"))

    def programme_name(self) -> str:
        return self._programme.display_name if self._programme else ""

    def _recount(self, changed: tuple[list[ActionRow], list[ActionRow]] | None = None) -> None:
        """The navigator's entries and counts from the rows loaded and the last summaries.

        ``changed`` (rows before, rows after) updates the view counts by the difference only.
        """
        today = self._day or self.desk.today()
        if changed is None:
            self._view_counts = count_views(self.page.model.all_rows(), today, self._due_soon_days)
        else:
            before = count_views(changed[0], today, self._due_soon_days)
            after = count_views(changed[1], today, self._due_soon_days)
            self._view_counts = {k: v - before[k] + after[k] for k, v in self._view_counts.items()}
        period = self._programme.period if self._programme else ""
        self.navigator.populate(self._summaries, self._offices, self._view_counts, self._due_soon_days, period)

    def show_database_state(self) -> None:
        self.gate.apply()  # the status bar's "<Nome> (<login>) — <profilo> · <database>" and the entries
        if self.desk.on_network_share:  # a file on a network share: the person may still insist
            path = str(self.desk.db.path)
            self.banner.show_message(
                "warning",
                self.desk.db.read_only_reason,
                self.tr("Apri comunque"),
                lambda: self.panel.request_leave(lambda: self.files.switch_database(path, allow_network_share=True)),
            )
        elif self.desk.db.read_only:
            reason = self.desk.db.read_only_reason
            self.banner.show_message(
                "warning",
                reason or self.tr("Il database è in sola lettura: si consulta ma le modifiche non si possono salvare."),
            )
        else:
            self.banner.hide()

    # --- refreshing from change sets ----------------------------------------------------------
    def apply_changes(self, changes: ChangeSet) -> None:
        """Refresh what ``changes`` touched: rows, counts, dashboard; everything when structure changed."""
        if changes.empty:
            return
        if changes.structure:
            self.reload()
            return
        desk = self.desk
        run_op(lambda: load_changed(desk, changes), lambda data: self._changed_loaded(desk, data), self._load_failed)

    def _changed_loaded(self, desk: Desk, data: ChangedData) -> None:
        if desk is not self.desk:
            return
        model = self.page.model
        if not model.update_rows(data.rows, data.removed):
            self.reload()  # an action the table does not hold: read everything
            return
        self._summaries, self._offices = data.summaries, data.offices
        self._recount((model.replaced, data.rows))
        self._update_count(self.page.model.rowCount(), self.page.model.total_count)
        if self.stack.currentWidget() is self.dashboard:
            self.dashboard.refresh()

    def _action_saved(self, changes: ChangeSet) -> None:
        if self.panel.detail is not None:
            self.statusBar().showMessage(self.tr("Azione %s salvata.") % self.panel.detail.code, 5000)
        self.apply_changes(changes)

    # --- a new day --------------------------------------------------------------------------
    def check_day(self) -> None:
        """If the Desk's clock moved to another day, recompute what depends on the day."""
        today = self.desk.today()
        if self._day is None or today == self._day:
            return
        self._day = today
        self.page.model.set_today(today)
        self.panel.set_today(today)
        self.bulk_page.set_today(today)
        self._recount()
        if self.stack.currentWidget() is self.dashboard:
            self.dashboard.refresh()

    # --- views ----------------------------------------------------------------------------
    def choose_view(self, view: View) -> None:
        """The person chose a navigator entry: ask about unsaved changes before leaving the action."""
        previous = self._shown_view

        def go() -> None:
            self.show_view(view)
            shown = self.panel.action_id
            if view.shows_table and shown is not None and self.page.model.row_of(shown) < 0:
                self.page.keep_selected = None
                self.panel.load_empty()  # the action is not in this view

        self.panel.request_leave(go, lambda: self.navigator.select_view(previous, emit=False))

    def show_view(self, view: View, remember: bool = True) -> None:
        self._shown_view = view
        if not view.shows_table:
            self.count_label.setText("")
        if view.kind == ViewKind.DASHBOARD:
            self.stack.setCurrentWidget(self.dashboard)
            self.dashboard.refresh()
        elif view.kind == ViewKind.PROGRAMME:
            self.stack.setCurrentWidget(self.programme_page)
            self.programme_page.refresh()
        elif view.kind == ViewKind.MEETINGS:
            self.stack.setCurrentWidget(self.meetings_page)
            self.meetings_page.refresh()
        elif view.kind == ViewKind.ACTS:
            self.stack.setCurrentWidget(self.acts_page)
            self.acts_page.refresh()
        else:
            self.stack.setCurrentWidget(self.table_split)
            query = view_query(view, self._due_soon_days)
            self.page.set_view(view, query, self._heading(view), self.programme_name())
            self._update_count(self.page.model.rowCount(), self.page.model.total_count)
        if remember:
            self.settings.last_view = view.key()

    def _heading(self, view: View) -> str:
        headings = {
            ViewKind.ALL: self.tr("Tutto il programma"),
            ViewKind.OVERDUE: self.tr("Azioni scadute"),
            ViewKind.DUE_SOON: self.tr("Azioni in scadenza nei prossimi %s") % days_text(self._due_soon_days),
            ViewKind.NO_LEAD: self.tr("Azioni senza ufficio responsabile"),
        }
        if view.kind == ViewKind.STAKEHOLDER:
            return self.tr("Stakeholder: %s") % view.name
        if view.kind == ViewKind.OFFICE:
            return self.tr("Ufficio: %s (responsabile o di supporto)") % view.name
        return headings.get(view.kind, "")

    def _update_count(self, shown: int, total: int) -> None:
        if self.stack.currentWidget() is not self.table_split:
            return
        text = self.tr("Azioni mostrate: %1 su %2").replace("%1", str(shown)).replace("%2", str(total))
        hidden = self.page.hidden_count()
        if hidden:
            text += self.tr(" — %s della vista nascoste dai filtri") % hidden
        self.count_label.setText(text)

    # --- programmes -------------------------------------------------------------------------
    def choose_programme(self, programme_id: int) -> None:
        """The person chose another programme: ask about unsaved changes, then switch or put it back."""
        self.panel.request_leave(lambda: self.switch_programme(programme_id), self.switcher.show_current)

    def switch_programme(self, programme_id: int) -> None:
        self.set_desk(self.desk.for_programme(programme_id))
        self.reload()

    def set_desk(self, desk: Desk) -> None:
        """Look at another programme or database from now on (the caller reloads)."""
        self.desk = desk
        self.panel.set_desk(desk)
        self.dashboard.desk = desk
        self.programme_page.desk = desk
        self.meetings_page.desk = desk
        self.acts_page.desk = desk
        self.page.keep_selected = None
        self.side.setCurrentWidget(self.panel)
        self.gate.apply()

    # --- choosing actions -----------------------------------------------------------------
    def choose_action(self, action_id: int) -> None:
        """A row was chosen in the table: ask about unsaved changes before showing it."""
        if action_id == self.panel.action_id:
            return
        self.panel.request_leave(
            lambda: self.panel.show_action(action_id), lambda: self.page.select_action(self.panel.action_id)
        )

    def open_action(self, action_id: int) -> None:
        """Show an action from elsewhere (dashboard): whole programme, row selected."""

        def go() -> None:
            self.show_view(self.navigator.select_view(View(ViewKind.ALL), emit=False))
            self.page.keep_selected = action_id
            self.page.select_action(action_id)
            self.panel.show_action(action_id)

        self.panel.request_leave(go)

    # --- several actions selected ------------------------------------------------------------
    def _selection_changed(self, count: int) -> None:
        """Two or more rows selected: the bulk-edit form in place of the detail panel."""
        if count > 1:
            self.bulk_page.set_selection(self.page.selected_rows())
            self._show_pending()
            self.side.setCurrentWidget(self.bulk_page)
        elif self.side.currentWidget() is self.bulk_page:
            had_focus = self.bulk_page.isAncestorOf(QApplication.focusWidget())
            self.side.setCurrentWidget(self.panel)
            if had_focus:
                self.page.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_pending(self) -> None:
        self.bulk_page.set_pending(self.panel.current_code() if self.panel.is_dirty() else "")

    def open_bulk_form(self, field: QWidget | None = None) -> None:
        """Show the bulk-edit form for the selected actions (even one) and put the focus in it."""
        rows = self.page.selected_rows()
        if not rows or self.stack.currentWidget() is not self.table_split:
            self.statusBar().showMessage(self.tr("Selezionare prima le azioni nella tabella."), 5000)
            return
        self.bulk_page.set_selection(rows)
        self._show_pending()
        self.side.setCurrentWidget(self.bulk_page)
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.bulk_page.focus_first()

    def undo_last(self) -> None:
        """Modifica › Annulla ultima modifica: the detail panel takes back the action's last save."""
        undo = getattr(self.panel, "undo_last", None)
        if callable(undo) and self.side.currentWidget() is self.panel:
            undo()
        else:
            self.statusBar().showMessage(self.tr("Nessuna modifica da annullare qui."), 5000)

    # --- dialogs --------------------------------------------------------------------------
    def open_offices(self) -> None:
        from valenza_desk.ui.offices_dialog import OfficesDialog

        refused = self.gate.may(Permission.MANAGE_OFFICES)
        if refused:
            self.statusBar().showMessage(refused, 8000)
            return
        if self.findChild(OfficesDialog) is not None:
            return  # already open (a double click on "Aggiungi gli uffici…")
        dialog = OfficesDialog(self.desk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changes_made.connect(self.apply_changes)
        dialog.open()

    def open_users(self) -> None:
        """Strumenti › Utenti… (administrators only)."""
        from valenza_desk.ui.users_dialog import UsersDialog

        refused = self.gate.may(Permission.MANAGE_USERS)
        if refused:
            self.statusBar().showMessage(refused, 8000)
            return
        if self.findChild(UsersDialog) is not None:
            return
        dialog = UsersDialog(self.desk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_audit(self) -> None:
        """Strumenti › Registro delle modifiche… (a window of its own, beside the main one)."""
        from valenza_desk.ui.audit_page import AuditWindow

        existing = self.findChild(AuditWindow)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return
        window = AuditWindow(self.desk, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()

    def open_reports(self) -> None:
        self._open_reports(None)

    def open_meeting_brief(self, meeting_id: int) -> None:
        """The Reports dialog on the brief of a session (from the Meetings page)."""
        self._open_reports(meeting_id)

    def _open_reports(self, meeting_id: int | None) -> None:
        try:
            from valenza_desk.ui.reports_dialog import ReportsDialog
        except ImportError as exc:
            QMessageBox.information(
                self,
                self.tr("Rapporti ed esportazioni"),
                self.tr("La funzione dei rapporti non è disponibile in questa installazione (%s).") % exc,
            )
            return
        table_shown = self.stack.currentWidget() is self.table_split
        query = self.page.current_query() if table_shown else ActionQuery()
        code = self.panel.current_code() if table_shown and self.side.currentWidget() is self.panel else ""
        dialog = ReportsDialog(self.desk, self, window_query=query, action_code=code, meeting_id=meeting_id)
        dialog.finished.connect(
            lambda _r: self.stack.currentWidget() is self.meetings_page and self.meetings_page.refresh()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def about(self) -> None:
        info = self._programme
        programme = info.display_name if info else self.tr("nessun programma importato")
        QMessageBox.about(
            self,
            self.tr("Informazioni su Valenza Desk"),
            self.tr("<b>Valenza Desk</b><br>Attuazione del programma di governo del Comune di Valenza.")
            + self.tr("<br><br>Programma: %s<br>Database: %s<br>Utente: %s")
            % (programme, self.desk.db.display_name, self.desk.actor.name),
        )

    def show_summary(self, lines: list[str]) -> None:
        dialog = SummaryDialog(lines, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- window state ---------------------------------------------------------------------
    def save_state(self) -> None:
        save_window_state(self, self.settings)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._splits_pending:  # first start: split the window as its real size allows
            self._splits_pending = False
            default_splits(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.panel.is_dirty() or self.panel.is_saving():
            event.ignore()
            # close again once the edit is saved or discarded (not from inside this event)
            self.panel.request_leave(lambda: QTimer.singleShot(0, self.close))
            return
        self.day_timer.stop()
        self.save_state()
        event.accept()
