"""UI responsiveness at 100,000 synthetic actions: load time, search keystroke latency, sort,
refreshing from a change set, noticing a new day.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_ui.py [--actions 100000]

Prints median and p95 of the keystroke latency (key press in the real search box until
the event loop has filtered the model and painted the table once — each measured keystroke
is checked to have produced a paint) beside a plain baseline: a
QSortFilterProxyModel filtering the same model on the same folded text. Never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=100_000)
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
        describe("search keystroke, Valenza Desk table (list filter)", latencies)
        describe("baseline: QSortFilterProxyModel.setFilterFixedString", baseline)
        describe("sort a column (Python sorted + layout change)", sorts)
        describe("scroll jump + repaint", scrolls)
        describe("refresh after one save (change set: row + counts)", refreshes)
        describe("new day noticed (flags, views, counts)", days)
        window.close()
        ops.db_pool().waitForDone()
        desk.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
