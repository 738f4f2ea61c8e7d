"""The main window: navigator | (action table + detail panel, dashboard, programme page).

All database work goes through run_op; the window only calls services. Window size,
splitter positions and the last view are remembered in QSettings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionDetail, ActionFilter, ActionRow, OfficeRow, StakeholderSummary, ValueRow
from valenza_desk.domain.status import is_overdue
from valenza_desk.services import browse, offices, programme
from valenza_desk.store.database import Database
from valenza_desk.ui.action_list_page import ActionListPage
from valenza_desk.ui.dashboard import DashboardPage
from valenza_desk.ui.detail_panel import DetailPanel
from valenza_desk.ui.first_start import Opened, ProgressRunner, import_text, open_and_prepare
from valenza_desk.ui.navigator import Navigator
from valenza_desk.ui.ops import error_message, run_op
from valenza_desk.ui.programme_page import ProgrammePage
from valenza_desk.ui.settings import AppSettings
from valenza_desk.ui.view_filter import TableFilter, View, ViewKind, filter_rows
from valenza_desk.ui.widgets import Banner


@dataclass(slots=True)
class WindowData:
    """What a full reload brings back from the database."""

    rows: list[ActionRow]
    summaries: list[StakeholderSummary]
    offices: list[OfficeRow]
    values: list[ValueRow]
    view_counts: dict[str, int]


def count_views(rows: list[ActionRow], today: date) -> dict[str, int]:
    return {
        kind: len(filter_rows(rows, TableFilter(view=View(kind)), today))
        for kind in (ViewKind.OVERDUE, ViewKind.DUE_SOON, ViewKind.NO_LEAD)
    }


def load_window_data(db: Database, today: date) -> WindowData:
    rows = browse.list_actions(db, ActionFilter(), today)
    return WindowData(
        rows,
        browse.stakeholder_summaries(db, today),
        offices.list_offices(db),
        programme.list_values(db),
        count_views(rows, today),
    )


def row_from_detail(detail: ActionDetail, old: ActionRow, today: date) -> ActionRow:
    """The table row of a just-saved action, without listing everything again."""
    return ActionRow(
        detail.id,
        detail.code,
        detail.number,
        old.position,
        detail.stakeholder_id,
        detail.stakeholder,
        old.stakeholder_code,
        detail.text,
        detail.status,
        detail.progress,
        detail.due_date,
        detail.completed_on,
        detail.referent,
        detail.lead_office,
        detail.support_offices,
        detail.version,
        detail.updated_at,
        programme.search_key(detail.code, detail.text, detail.referent),
        is_overdue(detail.status, detail.due_date, today),
    )


class MainWindow(QMainWindow):
    """Valenza Desk's one window."""

    def __init__(self, db: Database, actor: Actor, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.settings = settings or AppSettings()
        self.today = date.today()
        self._first_load = True
        self.setWindowTitle(self.tr("Valenza Desk — Programma di governo 2020-2025"))
        self.setAccessibleName(self.tr("Valenza Desk"))

        self.navigator = Navigator(self)
        self.page = ActionListPage(self)
        self.panel = DetailPanel(db, actor, self)
        self.dashboard = DashboardPage(db, self)
        self.programme_page = ProgrammePage(db, self)
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
        self.main_split.addWidget(self.navigator)
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

        self._build_menus()
        self.setTabOrder(self.navigator, self.page.search)
        self.setTabOrder(self.page.table, self.panel.status)
        self.navigator.view_selected.connect(self.show_view)
        self.page.action_chosen.connect(self.choose_action)
        self.page.model.filtered.connect(self._update_count)
        self.panel.saved.connect(self._on_saved)
        self.panel.loaded.connect(lambda d: setattr(self.page, "keep_selected", d.id))
        self.dashboard.action_chosen.connect(self.open_action)
        self._restore_geometry()
        self._show_database_state()
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
        open_key = QKeySequence.StandardKey.Open
        self.open_db_action = self._action(self.tr("&Apri database…"), self.open_database, open_key)
        self.new_db_action = self._action(self.tr("&Nuovo database…"), self.new_database)
        self.import_action = self._action(self.tr("&Importa testo del programma…"), self.import_programme, "Ctrl+I")
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
        db, today = self.db, self.today
        self.count_label.setText(self.tr("Caricamento delle azioni…"))
        run_op(lambda: load_window_data(db, today), self._loaded, self._load_failed)

    def _loaded(self, data: WindowData) -> None:
        self.page.set_offices(data.offices)
        self.page.set_rows(data.rows)
        self.panel.set_reference_data(data.offices, data.values)
        self.navigator.populate(data.summaries, data.offices, data.view_counts)
        if self._first_load:
            self._first_load = False
            wanted = View.from_key(self.settings.last_view) if self.settings.last_view else View()
            self.show_view(self.navigator.select_view(wanted, emit=False))
        else:
            self.show_view(self.navigator.current_view(), remember=False)

    def _load_failed(self, exc: BaseException) -> None:
        self.count_label.setText("")
        self.banner.show_message("error", error_message(exc), self.tr("Riprova"), self.reload)

    def _refresh_counts(self) -> None:
        db, today, rows = self.db, self.today, list(self.page.model._all)

        def work() -> tuple[list[StakeholderSummary], list[OfficeRow], dict[str, int]]:
            return browse.stakeholder_summaries(db, today), offices.list_offices(db), count_views(rows, today)

        def done(result: tuple[list[StakeholderSummary], list[OfficeRow], dict[str, int]]) -> None:
            self.navigator.populate(*result)
            if self.stack.currentWidget() is self.dashboard:
                self.dashboard.refresh()

        run_op(work, done, self._load_failed)

    def _show_database_state(self) -> None:
        self.db_label.setText(self.tr("Database: %s") % self.db.display_name)
        self.db_label.setToolTip(self.db.display_name)
        if self.db.read_only:
            self.banner.show_message(
                "warning",
                self.tr("Il database è in sola lettura: si può consultare ma le modifiche non possono essere salvate."),
            )
        else:
            self.banner.hide()

    # --- views ----------------------------------------------------------------------------
    def show_view(self, view: View, remember: bool = True) -> None:
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
            self.page.set_view(view, self._heading(view))
            self._update_count(self.page.model.rowCount(), self.page.model.total_count)
        if remember:
            self.settings.last_view = view.key()

    def _heading(self, view: View) -> str:
        headings = {
            ViewKind.ALL: self.tr("Tutto il programma"),
            ViewKind.OVERDUE: self.tr("Azioni scadute"),
            ViewKind.DUE_SOON: self.tr("Azioni in scadenza nei prossimi 30 giorni"),
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

    # --- choosing and saving actions ------------------------------------------------------
    def choose_action(self, action_id: int) -> None:
        """A row was chosen in the table: ask about unsaved changes before showing it."""
        if action_id == self.panel.action_id:
            return
        if not self.panel.request_leave(lambda: self.panel.show_action(action_id)):
            self.page.select_action(self.panel.action_id)

    def open_action(self, action_id: int) -> None:
        """Show an action from elsewhere (dashboard): whole programme, row selected."""

        def go() -> None:
            self.navigator.select_view(View(ViewKind.ALL))
            self.page.keep_selected = action_id
            self.page.select_action(action_id)
            self.panel.show_action(action_id)

        self.panel.request_leave(go)

    def _on_saved(self, detail: ActionDetail) -> None:
        old = self.page.model.find_row(detail.id)
        if old is not None:
            self.page.model.replace_row(row_from_detail(detail, old, self.today))
        self.statusBar().showMessage(self.tr("Azione %s salvata.") % detail.code, 5000)
        self._refresh_counts()

    # --- dialogs --------------------------------------------------------------------------
    def open_offices(self) -> None:
        from valenza_desk.ui.offices_dialog import OfficesDialog

        dialog = OfficesDialog(self.db, self.actor, self)
        dialog.offices_changed.connect(self._offices_changed)
        dialog.exec()
        dialog.deleteLater()

    def _offices_changed(self) -> None:
        self.reload()

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
        initial = self.page.current_filter().to_action_filter()
        dialog = ReportsDialog(self.db, self, initial_filter=initial)
        dialog.exec()

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("Informazioni su Valenza Desk"),
            self.tr(
                "<b>Valenza Desk</b><br>Attuazione del programma di governo 2020-2025 del Comune di Valenza."
                "<br><br>Database: %s<br>Utente: %s"
            )
            % (self.db.display_name, self.actor.name),
        )

    # --- databases and imports ------------------------------------------------------------
    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Apri database"),
            "",
            self.tr("Database Valenza Desk (*.sqlite3 *.sqlite *.db);;Tutti i file (*)"),
        )
        if path:
            self.panel.request_leave(lambda: self.switch_database(path))

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Nuovo database"), "valenza-desk.sqlite3", self.tr("Database Valenza Desk (*.sqlite3)")
        )
        if path:
            self.panel.request_leave(lambda: self.switch_database(path))

    def switch_database(self, target: str) -> None:
        actor = self.actor
        runner = ProgressRunner(self, self.tr("Apertura del database"))
        runner.start(lambda progress: open_and_prepare(target, actor, progress), self._switched, self._open_failed)

    def _switched(self, opened: object) -> None:
        assert isinstance(opened, Opened)
        old = self.db
        self.db = self.panel.db = self.dashboard.db = self.programme_page.db = opened.db
        self.settings.last_database = opened.db.display_name
        run_op(old.dispose)
        self.panel.detail = None
        self.page.keep_selected = None
        self.panel.load_empty()
        self._show_database_state()
        self.reload()
        if opened.summary is not None:
            self.show_summary(opened.summary.lines())

    def _open_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, self.tr("Apertura del database"), error_message(exc))

    def import_programme(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Importa testo del programma"), "", self.tr("Testo del programma (*.txt);;Tutti i file (*)")
        )
        if path:
            self.panel.request_leave(lambda: self.run_import(Path(path)))

    def run_import(self, path: Path) -> None:
        db, actor = self.db, self.actor
        runner = ProgressRunner(self, self.tr("Importazione del programma"))

        def done(summary: object) -> None:
            self.reload()
            self.show_summary(summary.lines())  # type: ignore[attr-defined]
            if self.panel.action_id is not None:
                self.panel.show_action(self.panel.action_id)

        runner.start(
            lambda progress: import_text(db, actor, path, progress),
            done,
            lambda exc: QMessageBox.warning(self, self.tr("Importazione del programma"), error_message(exc)),
        )

    def show_summary(self, lines: list[str]) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Programma importato"), lines[0], parent=self)
        box.setInformativeText("\n".join(line.strip() for line in lines[1:8]))
        box.setDetailedText("\n".join(lines))
        box.open()

    # --- window state ---------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(self._first_start_size())
        width = self.width()
        for name, splitter in (("main", self.main_split), ("table", self.table_split)):
            state = self.settings.splitter_state(name)
            if state is None or not splitter.restoreState(state):
                # the action text gets what the navigator (240) and the detail panel (~30%) leave
                detail = max(400, int((width - 240) * 0.3))
                splitter.setSizes([240, width - 240] if name == "main" else [width - 240 - detail, detail])
        header = self.settings.header_state("actions")
        if header is not None:
            self.page.table.horizontalHeader().restoreState(header)

    def _first_start_size(self) -> QSize:
        """Most of the screen on first start (office PCs are 1920x1080), at least 1400x850 where it fits."""
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None or screen.width() <= 0:
            return QSize(1400, 850)
        return QSize(
            min(max(1400, int(screen.width() * 0.9)), screen.width()),
            min(max(850, int(screen.height() * 0.9)), screen.height()),
        )

    def save_state(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.set_splitter_state("main", self.main_split.saveState())
        self.settings.set_splitter_state("table", self.table_split.saveState())
        self.settings.set_header_state("actions", self.page.table.horizontalHeader().saveState())
        self.settings.last_view = self.navigator.current_view().key()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.panel.is_dirty():
            event.ignore()
            # close again once the edit is saved or discarded (not from inside this event)
            self.panel.request_leave(lambda: QTimer.singleShot(0, self.close))
            return
        self.save_state()
        event.accept()
