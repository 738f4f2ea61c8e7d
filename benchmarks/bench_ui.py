"""UI responsiveness at 100,000 synthetic actions: start-up to the first painted window, load
time, search keystroke latency, sort, bulk edit of 1,000 selected actions, refreshing from a
change set, noticing a new day.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui.py [--actions 100000] [--starts 5]

Start-up: whole processes, from the parent's clock before starting the process to the
first paint of a window (the child reads the same monotonic clock), for
``valenza-desk --db FILE`` and, as the baseline, a bare PySide6 window process; also
until the table shows its rows. Both run with compiled bytecode, as an installed app does.
Keystroke latency: key press in the real search box until
the event loop has filtered the model and painted the table once (each measured keystroke
is checked to have produced a paint), beside a QSortFilterProxyModel filtering the same
model on the same folded text. Bulk edit: from selecting 1,000 rows to the table refreshed
from the change set, beside ``Desk.bulk_edit`` alone. Prints figures; never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("paint", time.monotonic(), flush=True)
            print("cpu", time.process_time(), flush=True)
            app.removeEventFilter(self)
            app.quit()
        return False
watch = Watch()
app.installEventFilter(watch)
window = QMainWindow()
window.setWindowTitle("Valenza Desk")
window.resize(1400, 850)
window.show()
app.exec()
"""

# The real entry point (valenza_desk.cli:main, as ``valenza-desk --db FILE`` runs it), watched
# from outside: the first paint of any window, then the main window's table holding rows.
APP_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from valenza_desk.ui.app import create_application
app = create_application(sys.argv[:1])
class Watch(QObject):
    painted = False
    def eventFilter(self, obj, event):
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            print("paint", time.monotonic(), flush=True)
            print("cpu", time.process_time(), flush=True)
        return False
watch = Watch()
app.installEventFilter(watch)
def loaded():
    for widget in app.topLevelWidgets():
        page = getattr(widget, "page", None)
        if widget.isVisible() and page is not None and page.model.rowCount() > 0:
            print("loaded", time.monotonic(), flush=True)
            widget.close()
            app.quit()
            return
    QTimer.singleShot(5, loaded)
QTimer.singleShot(0, loaded)
from valenza_desk.cli import main
raise SystemExit(main(["--db", sys.argv[1]]))
"""

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def describe(label: str, values: list[float]) -> None:
    print(
        f"  {label:52s} median {statistics.median(values):7.1f} ms   p95 {pct(values, 95):7.1f} ms   (n={len(values)})"
    )


class _NextDay:
    """The clock one day later (the benchmark's midnight)."""

    def __init__(self, clock) -> None:  # type: ignore[no-untyped-def]
        from datetime import timedelta

        self._day = clock.today() + timedelta(days=1)
        self._clock = clock

    def today(self):  # type: ignore[no-untyped-def]
        return self._day

    def now(self):  # type: ignore[no-untyped-def]
        return self._clock.now()


def paint_counter_class():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        """Counts the viewport's paint events, to be sure each measured keystroke was painted."""

        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return PaintCounter


def start_times(script: str, args: list[str], runs: int, home: Path) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds from process start to the first paint, to the loaded table (the app), and the
    process's own CPU time at the first paint (the work done, whatever else the machine runs)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())  # the user's own settings and logs are never touched
    # as installed: compiled bytecode (kept in a temporary folder, not in the source tree), written
    # by a first start that is not counted
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    painted: list[float] = []
    loaded: list[float] = []
    cpu: list[float] = []
    subprocess.run([sys.executable, "-c", script, *args], capture_output=True, env=env, timeout=600)
    for _ in range(runs):
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=600
        )
        lines = result.stdout.splitlines()
        marks = dict(line.split() for line in lines if line.startswith(("paint", "loaded", "cpu")))
        if "paint" not in marks:
            raise RuntimeError(f"no paint reported: {result.stdout} {result.stderr[-2000:]}")
        painted.append((float(marks["paint"]) - started) * 1000)
        cpu.append(float(marks["cpu"]) * 1000)
        if "loaded" in marks:
            loaded.append((float(marks["loaded"]) - started) * 1000)
    return painted, loaded, cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--starts", type=int, default=5, help="processes started for each start-up figure")
    args = parser.parse_args()

    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtTest import QTest

    from valenza_desk.domain.actor import Actor
    from valenza_desk.services import samples
    from valenza_desk.services.desk import Desk
    from valenza_desk.ui import ops
    from valenza_desk.ui.app import create_application
    from valenza_desk.ui.roles import SEARCH_ROLE

    app = create_application([sys.argv[0]])
    PaintCounter = paint_counter_class()
    from valenza_desk.ui.main_window import MainWindow
    from valenza_desk.ui.settings import AppSettings

    words = ["cittadini", "sostenibilita", "valorizzazione", "scuola sport", "comunita"]
    with tempfile.TemporaryDirectory(prefix="valenza-bench-") as tmp:
        desk = Desk.open(Path(tmp) / "bench.sqlite3", Actor("bench"))
        t0 = time.perf_counter()
        desk.import_programme(samples.synthetic_programme(args.actions))
        print(f"Valenza Desk UI benchmark, {args.actions:,} actions (Python {sys.version.split()[0]})")
        print(f"  import of the synthetic programme: {time.perf_counter() - t0:.2f} s (setup, not UI)")
        t0 = time.perf_counter()
        rows = desk.actions()
        print(f"  desk.actions() (core alone): {(time.perf_counter() - t0) * 1000:.0f} ms")
        db_file = str(Path(tmp) / "bench.sqlite3")
        bare_paint, _, bare_cpu = start_times(BARE_WINDOW, [], args.starts, Path(tmp))
        app_paint, app_loaded, app_cpu = start_times(APP_WINDOW, [db_file], args.starts, Path(tmp))

        t0 = time.perf_counter()
        window = MainWindow(desk, AppSettings.in_file(Path(tmp) / "s.ini"))
        window.resize(1400, 850)
        window.show()
        shown = time.perf_counter()
        while ops.pending_count():
            app.processEvents()
            time.sleep(0.002)
        app.processEvents()
        loaded = time.perf_counter()
        print(f"  window shown (before data): {(shown - t0) * 1000:.0f} ms")
        print(f"  window loaded, {window.page.model.rowCount():,} rows in the table: {(loaded - t0) * 1000:.0f} ms")

        search = window.page.search
        view = window.page.table
        paints = PaintCounter()
        view.viewport().installEventFilter(paints)
        latencies: list[float] = []
        for word in words * 3:
            search.clear()
            app.processEvents()
            for ch in word:
                painted_before = paints.count
                query_before = window.page.model.query
                t = time.perf_counter()
                QTest.keyClick(search, ch)
                app.processEvents()  # runs the filter's model reset and the table's repaint
                elapsed = (time.perf_counter() - t) * 1000
                if window.page.model.query == query_before:
                    continue  # a space between words selects the same: nothing to filter or paint
                latencies.append(elapsed)
                if paints.count == painted_before:
                    raise RuntimeError(f"the table did not repaint after typing {ch!r}: measurement invalid")
        search.clear()
        app.processEvents()

        sorts: list[float] = []
        for column in range(7):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                t = time.perf_counter()
                view.sortByColumn(column, order)
                app.processEvents()
                view.viewport().repaint()
                sorts.append((time.perf_counter() - t) * 1000)

        # cold sorts: the orders worked out on the UI thread, as before the background job has run
        cold: list[float] = []
        for column in range(7):
            window.page.model.set_rows(rows, desk.today())  # a fresh load: no order computed yet
            app.processEvents()
            t = time.perf_counter()
            view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
            app.processEvents()
            view.viewport().repaint()
            cold.append((time.perf_counter() - t) * 1000)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        window.page.model.set_rows(desk.actions(), desk.today())
        window.page.model.adopt_orders(window.page.model.sort_orders_job().compute_all())
        app.processEvents()

        scrolls: list[float] = []
        bar = view.verticalScrollBar()
        for step in range(40):
            t = time.perf_counter()
            bar.setValue(bar.maximum() * step // 40)
            view.viewport().repaint()
            scrolls.append((time.perf_counter() - t) * 1000)

        def settle() -> None:
            while ops.pending_count():
                app.processEvents()
                time.sleep(0.001)
            app.processEvents()

        # one saved action refreshed from its change set: the row listed again, navigator recounted
        from valenza_desk.domain.rows import ActionEdit

        refreshes: list[float] = []
        for n in range(10):
            edit = ActionEdit.from_detail(desk.action(rows[n * len(rows) // 10].id))
            edit.referent = f"Referente {n}"
            changes = desk.save_action(edit).changes
            t = time.perf_counter()
            window.apply_changes(changes)
            settle()
            refreshes.append((time.perf_counter() - t) * 1000)

        # bulk edit: 1,000 rows selected (as a Shift-click does), a due date typed in the bulk form,
        # "Applica" — until the change set has refreshed the table and it has repainted
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        from valenza_desk.domain.bulk import BulkChange

        model = window.page.model
        bulks: list[float] = []
        services: list[float] = []
        for n in range(5):
            first = 2_000 * n
            t = time.perf_counter()
            chosen = QItemSelection(model.index(first, 0), model.index(first + 999, model.columnCount() - 1))
            view.selectionModel().select(
                chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            app.processEvents()
            form = window.bulk_page
            form.due_date.clear()
            QTest.keyClicks(form.due_date, f"{n + 1}/3/27")
            QTest.keyClicks(form.referent, f"Assessore {n}")
            QTest.keyClick(form.referent, Qt.Key.Key_Return)
            settle()
            view.viewport().repaint()
            bulks.append((time.perf_counter() - t) * 1000)
            if window.page.model.action_at(first + 5).referent != f"Assessore {n}":
                raise RuntimeError("the bulk edit did not reach the table: measurement invalid")
            # the core alone, on another 1,000 actions
            targets = [(r.id, r.version) for r in model.rows_at(range(first + 1_000, first + 2_000))]
            t = time.perf_counter()
            desk.bulk_edit(targets, BulkChange(referent=f"Referente {n}"))
            services.append((time.perf_counter() - t) * 1000)
        window.page.keep_only_current()
        settle()

        # a new day noticed: overdue flags, the date-dependent views and counts recomputed in memory
        days: list[float] = []
        for _ in range(5):
            desk.clock = _NextDay(desk.clock)  # type: ignore[assignment]
            t = time.perf_counter()
            window.check_day()
            settle()
            days.append((time.perf_counter() - t) * 1000)

        # baseline: QSortFilterProxyModel over the same model, filtering the same folded text
        from valenza_desk.text import fold
        from valenza_desk.ui.action_table_model import ActionTableModel

        source = ActionTableModel()
        source.set_rows(rows, desk.today())
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(source)
        proxy.setFilterRole(SEARCH_ROLE)
        proxy.setFilterKeyColumn(0)
        baseline: list[float] = []
        for word in words[:3]:
            proxy.setFilterFixedString("")
            for n in range(1, len(word) + 1):
                t = time.perf_counter()
                proxy.setFilterFixedString(fold(word[:n]))
                proxy.rowCount()
                baseline.append((time.perf_counter() - t) * 1000)

        print("Results")
        describe("start: bare PySide6 window process, first paint", bare_paint)
        describe("start: valenza-desk --db FILE, first paint", app_paint)
        describe("start: valenza-desk --db FILE, table with rows", app_loaded)
        describe("start: bare PySide6, CPU time of the process at first paint", bare_cpu)
        describe("start: valenza-desk, CPU time of the process at first paint", app_cpu)
        print(
            f"  {'first paint, Valenza Desk / bare PySide6':52s} "
            f"{statistics.median(app_paint) / statistics.median(bare_paint):.2f}x wall clock, "
            f"{statistics.median(app_cpu) / statistics.median(bare_cpu):.2f}x CPU time"
        )
        describe("search keystroke, Valenza Desk table (list filter)", latencies)
        describe("baseline: QSortFilterProxyModel.setFilterFixedString", baseline)
        describe("sort a column (precomputed orders + layout change)", sorts)
        describe("sort a column, orders not yet computed (cold)", cold)
        describe("bulk edit of 1,000 selected, selection to table", bulks)
        describe("baseline: Desk.bulk_edit of 1,000 alone", services)
        describe("scroll jump + repaint", scrolls)
        describe("refresh after one save (change set: row + counts)", refreshes)
        describe("new day noticed (flags, views, counts)", days)
        window.close()
        ops.db_pool().waitForDone()
        desk.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
