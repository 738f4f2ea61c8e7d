"""The main window: programme switcher and navigator | (action table + detail panel, dashboard,
programme page).

The window holds one Desk, looking at one programme. Every database call is a Desk
method run through ``run_op``. Writes come back as change sets and the window
refreshes from them (``apply_changes``): only the changed rows, the navigator counts
and the dashboard, or everything when offices, programmes, values or settings changed.
Every minute it asks the Desk's clock for the day and, on a new day, recomputes what
depends on it. Window size, splitter positions and the last view are remembered.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from valenza_desk.domain.changes import ChangeSet
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import OfficeRow, ProgrammeInfo, StakeholderSummary
from valenza_desk.domain.status import DEFAULT_DUE_SOON_DAYS
from valenza_desk.services.desk import Desk
from valenza_desk.ui.action_list_page import ActionListPage
from valenza_desk.ui.dashboard import DashboardPage
from valenza_desk.ui.detail_panel import DetailPanel
from valenza_desk.ui.file_actions import FileActions
from valenza_desk.ui.navigator import Navigator, days_text
from valenza_desk.ui.ops import error_message, run_op
from valenza_desk.ui.programme_page import ProgrammePage
from valenza_desk.ui.programme_switcher import ProgrammeSwitcher
from valenza_desk.ui.settings import AppSettings
from valenza_desk.ui.views import View, ViewKind, view_query
from valenza_desk.ui.widgets import Banner
from valenza_desk.ui.window_data import ChangedData, WindowData, count_views, load_changed, load_window_data
from valenza_desk.ui.window_state import restore_window_state, save_window_state

DAY_CHECK_MS = 60_000


class MainWindow(QMainWindow):
    """Valenza Desk's one window, on one Desk."""

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
        self.dashboard = DashboardPage(desk, self)
        self.programme_page = ProgrammePage(desk, self)
        self.table_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.table_split.addWidget(self.page)
        self.table_split.addWidget(self.panel)
        self.table_split.setStretchFactor(0, 3)
        self.table_split.setStretchFactor(1, 2)
        self.table_split.setChildrenCollapsible(False)
        self.stack = QStackedWidget(self)
        for widget in (self.table_split, self.dashboard, self.programme_page):
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
        self._build_menus()
        self.setTabOrder(self.switcher.combo, self.navigator)
        self.setTabOrder(self.navigator, self.page.search)
        self.setTabOrder(self.page.table, self.panel.form.status)
        self.navigator.view_selected.connect(self.choose_view)
        self.switcher.programme_chosen.connect(self.choose_programme)
        self.page.action_chosen.connect(self.choose_action)
        self.page.model.filtered.connect(self._update_count)
        self.panel.changes_saved.connect(self._action_saved)
        self.panel.loaded.connect(lambda d: setattr(self.page, "keep_selected", d.id))
        self.dashboard.action_chosen.connect(self.open_action)
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(DAY_CHECK_MS)
        self.day_timer.timeout.connect(self.check_day)
        self.day_timer.start()
        restore_window_state(self, self.settings)
        self.show_database_state()
        self.reload()

    # --- menus ----------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        files = self.files
        open_key = QKeySequence.StandardKey.Open
        self.open_db_action = self._action(self.tr("&Apri database…"), files.open_database, open_key)
        self.new_db_action = self._action(self.tr("&Nuovo database…"), files.new_database)
        self.import_action = self._action(self.tr("&Importa testo del programma…"), files.import_programme, "Ctrl+I")
        self.reports_action = self._action(self.tr("&Rapporti ed esportazioni…"), self.open_reports, "Ctrl+P")
        self.reports_action.setShortcuts([QKeySequence("Ctrl+P"), QKeySequence("Ctrl+R")])
        self.quit_action = self._action(self.tr("&Esci"), self.close, QKeySequence.StandardKey.Quit)
        for action in (self.open_db_action, self.new_db_action, self.import_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.reports_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Modifica"))
        self.offices_action = self._action(self.tr("&Uffici…"), self.open_offices, "Ctrl+U")
        edit_menu.addAction(self.offices_action)
        view_menu = bar.addMenu(self.tr("&Visualizza"))
        self.search_action = self._action(self.tr("&Cerca"), self.page.focus_search, QKeySequence.StandardKey.Find)
        self.refresh_action = self._action(self.tr("&Aggiorna"), self.reload, QKeySequence.StandardKey.Refresh)
        view_menu.addAction(self.search_action)
        view_menu.addAction(self.refresh_action)
        view_menu.addSeparator()
        for text, kind in (
            (self.tr("Cr&uscotto"), ViewKind.DASHBOARD),
            (self.tr("&Programma e valori"), ViewKind.PROGRAMME),
            (self.tr("&Tutto il programma"), ViewKind.ALL),
        ):
            view_menu.addAction(self._action(text, lambda _=False, k=kind: self.navigator.select_view(View(k))))
        help_menu = bar.addMenu(self.tr("&Aiuto"))
        help_menu.addAction(self._action(self.tr("&Informazioni su Valenza Desk"), self.about))

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
        self.page.set_offices(data.offices)
        self.page.set_rows(data.rows, data.today)
        self.panel.set_reference_data(data.offices, data.values)
        self._recount()
        if self._first_load:
            self._first_load = False
            wanted = View.from_key(self.settings.last_view) if self.settings.last_view else View()
            self.show_view(self.navigator.select_view(wanted, emit=False))
        else:
            self.show_view(self.navigator.current_view(), remember=False)
        shown = self.panel.action_id
        if shown is not None and not self.panel.is_dirty() and not self.panel.is_saving():
            self.panel.show_action(shown)  # what is stored now (renamed office, re-imported text)

    def _load_failed(self, exc: BaseException) -> None:
        self.count_label.setText("")
        self.banner.show_message("error", error_message(exc), self.tr("Riprova"), self.reload)

    def _show_programme(self, programmes: list[ProgrammeInfo]) -> None:
        info = self._programme
        self.switcher.set_programmes(programmes, info.id if info else None)
        self.setWindowTitle(self.tr("Valenza Desk — %s") % info.display_name if info else self.tr("Valenza Desk"))

    def programme_name(self) -> str:
        return self._programme.display_name if self._programme else ""

    def _recount(self) -> None:
        """The navigator's entries and counts from the rows loaded and the last summaries."""
        today = self._day or self.desk.today()
        counts = count_views(self.page.model.all_rows(), today, self._due_soon_days)
        period = self._programme.period if self._programme else ""
        self.navigator.populate(self._summaries, self._offices, counts, self._due_soon_days, period)

    def show_database_state(self) -> None:
        name = self.desk.db.display_name
        self.db_label.setText(self.tr("Database: %s") % name)
        self.db_label.setToolTip(name)
        if self.desk.db.read_only:
            self.banner.show_message(
                "warning",
                self.tr("Il database è in sola lettura: si può consultare ma le modifiche non possono essere salvate."),
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
        if not self.page.model.update_rows(data.rows, data.removed):
            self.reload()  # an action the table does not hold: read everything
            return
        self._summaries, self._offices = data.summaries, data.offices
        self._recount()
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
            return self.tr("Ufficio: %s") % view.name
        return headings.get(view.kind, "")

    def _update_count(self, shown: int, total: int) -> None:
        if self.stack.currentWidget() is not self.table_split:
            return
        text = self.tr("Azioni mostrate: %1 su %2").replace("%1", str(shown)).replace("%2", str(total))
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
        self.page.keep_selected = None

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

    # --- dialogs --------------------------------------------------------------------------
    def open_offices(self) -> None:
        from valenza_desk.ui.offices_dialog import OfficesDialog

        dialog = OfficesDialog(self.desk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changes_made.connect(self.apply_changes)
        dialog.open()

    def open_reports(self) -> None:
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
        dialog = ReportsDialog(self.desk, self, initial_query=query)
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
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Programma importato"), lines[0], parent=self)
        box.setInformativeText("\n".join(line.strip() for line in lines[1:8]))
        box.setDetailedText("\n".join(lines))
        box.open()

    # --- window state ---------------------------------------------------------------------
    def save_state(self) -> None:
        save_window_state(self, self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.panel.is_dirty() or self.panel.is_saving():
            event.ignore()
            # close again once the edit is saved or discarded (not from inside this event)
            self.panel.request_leave(lambda: QTimer.singleShot(0, self.close))
            return
        self.day_timer.stop()
        self.save_state()
        event.accept()
