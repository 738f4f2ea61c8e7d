"""Layout: the window fits 1366x768 and a 150%-scaled Full HD screen at first start with nothing cut,
whole numbers on the dashboard's count axis, the first-start summary with every stakeholder and its
warnings, the empty offices entry that opens the Offices dialog, long office names elided in the
middle with the whole name at hand, mnemonics that do not collide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel

from valenza_desk.domain.bulk import BulkChange
from valenza_desk.domain.rows import OfficeDraft
from valenza_desk.ui.action_table_model import COL_LEAD
from valenza_desk.ui.dashboard import count_axis
from valenza_desk.ui.first_start import SummaryDialog

from .modal import when_modal
from .person import click_navigator, navigator_count

ROOT = Path(__file__).resolve().parents[2]

FIT_SCRIPT = r"""
import json, os, sys, tempfile, time
from pathlib import Path
from valenza_desk.ui.app import create_application
app = create_application([sys.argv[0]])
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QComboBox, QLabel, QLineEdit, QWidget
from valenza_desk.domain.actor import Actor
from valenza_desk.services import samples
from valenza_desk.services.desk import Desk
from valenza_desk.ui import ops
from valenza_desk.ui.main_window import MainWindow
from valenza_desk.ui.settings import AppSettings

def settle():
    deadline = time.monotonic() + 30
    while ops.pending_count() and time.monotonic() < deadline:
        app.processEvents(); time.sleep(0.01)
    for _ in range(5):
        app.processEvents()

def cut(window):
    '''Visible controls not wholly inside the window (those scrolled inside a scroll area excepted).'''
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, (QAbstractButton, QLineEdit, QComboBox, QLabel, QAbstractScrollArea)):
            continue
        if not widget.isVisible() or widget.width() <= 1:
            continue
        parent, scrolled = widget.parentWidget(), False
        while parent is not None and parent is not window:
            viewport = parent.objectName() == "qt_scrollarea_viewport"
            if viewport and isinstance(parent.parentWidget(), QAbstractScrollArea):
                scrolled = True
            parent = parent.parentWidget()
        if scrolled:
            continue
        top_left = widget.mapTo(window, widget.rect().topLeft())
        bottom_right = widget.mapTo(window, widget.rect().bottomRight())
        inside = window.rect()
        if not (inside.contains(top_left) and inside.contains(bottom_right)):
            name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or type(widget).__name__
            where = f"{top_left.x()},{top_left.y()}-{bottom_right.x()},{bottom_right.y()}"
            found.append(f"{type(widget).__name__} {name!r} at {where}")
    return found

with tempfile.TemporaryDirectory() as tmp:
    desk = Desk.open(Path(tmp) / "d.sqlite3", Actor("m.rossi"))
    desk.seed()
    samples.apply_sample_scenario(desk)
    window = MainWindow(desk, AppSettings.in_file(Path(tmp) / "s.ini"))  # first start: no settings
    window.show()
    settle()
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    report = {
        "screen": [screen.width(), screen.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "fits": screen.contains(frame),
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
    }
    model = window.page.model
    window.page.select_row(3)
    settle()
    report["cut_single"] = cut(window)
    report["panel_buttons"] = all(b.isVisible() for b in (window.panel.save_button, window.panel.discard_button))
    chosen = QItemSelection(model.index(0, 0), model.index(7, model.columnCount() - 1))
    window.page.table.selectionModel().select(
        chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    settle()
    report["bulk_shown"] = window.side.currentWidget() is window.bulk_page
    report["cut_bulk"] = cut(window)
    text = window.page.table.columnWidth(2)
    report["text_column"] = text
    print(json.dumps(report))
    window.panel.guard.ask = lambda code: None
    window.close()
    settle()
    desk.close()
"""


def run_fit(tmp_path: Path, width: int, height: int, scale: float) -> dict:  # type: ignore[type-arg]
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "synchronousWindowSystemEvents": False,
                "windowFrameMargins": True,
                "screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}],
            }
        )
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=str(scale))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    result = subprocess.run(
        [sys.executable, "-c", FIT_SCRIPT], capture_output=True, text=True, env=env, cwd=ROOT, timeout=240
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-3000:]
    return json.loads(lines[-1])


def test_first_start_fits_1366x768_with_nothing_cut(tmp_path):
    report = run_fit(tmp_path, 1366, 768, 1.0)
    assert report["fits"], report
    assert report["minimum"][0] <= 1366 and report["minimum"][1] <= 768
    assert report["cut_single"] == [] and report["cut_bulk"] == []
    assert report["panel_buttons"] and report["bulk_shown"]
    assert report["text_column"] >= 120  # the action text keeps room beside the other columns


def test_first_start_fits_a_full_hd_screen_at_150_percent(tmp_path):
    report = run_fit(tmp_path, 1920, 1080, 1.5)  # 1280x720 in the app's own units
    assert report["screen"] == [1280, 720]
    assert report["fits"], report
    assert report["cut_single"] == [] and report["cut_bulk"] == []
    assert report["panel_buttons"] and report["bulk_shown"]


def test_count_axis_has_whole_steps_and_a_whole_top():
    for largest in (1, 3, 7, 8, 10, 11, 13, 17, 84, 99, 100, 101, 999, 2_500, 100_000):
        step, top = count_axis(largest)
        assert step >= 1 and top >= largest and top % step == 0, largest
        assert top // step <= 10, largest  # at most ten gaps: labels that do not crowd
        assert top - largest < step, largest
    assert count_axis(13) == (2, 14)  # not 0, 1.3, 2.6… drawn as 0, 1, 2, 3, 5…
    assert count_axis(8) == (1, 8)


def test_dashboard_axis_reads_true(qtbot, window, wait_ops):
    click_navigator(qtbot, window, "Cruscotto")
    wait_ops()
    axis = next(a for a in window.dashboard.chart.axes() if isinstance(a, QValueAxis))
    assert axis.tickType() == QValueAxis.TickType.TicksDynamic
    assert axis.tickAnchor() == 0 and axis.tickInterval() == 2  # the largest stakeholder has 13 actions
    assert axis.min() == 0 and axis.max() == 14
    assert axis.labelFormat() == "%d"


def test_first_start_summary_lists_every_stakeholder_and_warnings(qtbot, desk):
    summary = desk.for_programme(None)  # the seeded database: import the bundled text again
    from tests.conftest import SEED
    from valenza_desk.importers.programme_text import read_programme_file

    result = summary.import_programme(read_programme_file(SEED)).value
    result.warnings = [f"Riga {n}: avviso di prova numero {n}." for n in range(1, 6)]
    dialog = SummaryDialog(result.lines())
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.shown_text()
    for stakeholder in desk.stakeholders():
        assert stakeholder.name in shown, stakeholder.name
    assert dialog.warnings.isVisible()
    assert all(f"avviso di prova numero {n}" in dialog.warnings.text() for n in range(1, 6))
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= screen.height() and dialog.width() <= screen.width()
    qtbot.keyClick(dialog.details, Qt.Key.Key_Return)  # Enter: OK, the default button
    assert not dialog.isVisible()


def test_summary_without_stakeholders_or_warnings(qtbot):
    lines = ["Programma importato da vuoto.txt", "  Nuovo programma: Prova", "  Stakeholder: 0"]
    dialog = SummaryDialog(lines)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.warnings.isVisible()
    assert "Stakeholder: 0" in dialog.shown_text()


def test_empty_offices_entry_opens_the_offices_dialog(qtbot, window, desk, wait_ops):
    from valenza_desk.ui.offices_dialog import OfficesDialog

    model = window.navigator.model()
    offices = next(model.index(s, 0) for s in range(model.rowCount()) if model.index(s, 0).data() == "UFFICI")
    invite = model.index(0, 0, offices)
    assert invite.data() == "Aggiungi gli uffici…" and "Ctrl+Maiusc+U" in invite.data(Qt.ItemDataRole.ToolTipRole)
    click_navigator(qtbot, window, "Aggiungi gli uffici…")
    qtbot.waitUntil(lambda: window.findChild(OfficesDialog) is not None, timeout=3000)
    dialog = window.findChild(OfficesDialog)
    assert window.navigator.current_view().kind == "all"  # still the view it was
    dialog.close()
    qtbot.waitUntil(lambda: window.findChild(OfficesDialog) is None, timeout=3000)
    # with the keyboard: arrow onto the entry, Enter
    window.navigator.setFocus()
    window.navigator.setCurrentIndex(invite)
    qtbot.keyClick(window.navigator, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(OfficesDialog) is not None, timeout=3000)
    window.findChild(OfficesDialog).close()
    # once an office exists, the entry is the office
    window.apply_changes(desk.add_office(OfficeDraft("Settore Cultura, Turismo e Manifestazioni")).changes)
    wait_ops()
    assert navigator_count(window, "Settore Cultura, Turismo e Manifestazioni") == 0


def test_long_office_names_are_elided_in_the_middle_with_the_whole_name_at_hand(qtbot, window, desk, wait_ops):
    from valenza_desk.domain.rows import ActionEdit

    long_name = "Settore Cultura, Turismo e Manifestazioni"
    office = desk.add_office(OfficeDraft(long_name)).value
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-01"))
    edit.lead_office_id = office.id
    desk.save_action(edit)
    window.reload()
    wait_ops()
    table, model = window.page.table, window.page.model
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    row = next(r for r in range(model.rowCount()) if model.action_at(r).code == "CUL-01")
    index = model.index(row, COL_LEAD)
    assert index.data() == long_name and index.data(Qt.ItemDataRole.ToolTipRole).startswith(long_name)
    width = table.columnWidth(COL_LEAD)
    shown = table.fontMetrics().elidedText(long_name, Qt.TextElideMode.ElideMiddle, width - 8)
    assert shown.startswith("Settore") and shown.endswith("zioni")  # start and end both readable
    combo = window.page.office_filter
    assert combo.view().textElideMode() == Qt.TextElideMode.ElideMiddle
    assert combo.itemData(combo.findData(office.id), Qt.ItemDataRole.ToolTipRole) == long_name


def mnemonic(text: str) -> str:
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else ""


def visible_mnemonics(window) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, list[str]] = {}
    for action in window.menuBar().actions():
        letter = mnemonic(action.text())
        if letter:
            found.setdefault(letter, []).append(f"menu {action.text()}")
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton) + window.findChildren(QGroupBox):
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        letter = mnemonic(text)
        if letter and widget.isVisibleTo(window):
            found.setdefault(letter, []).append(text)
    return found


def test_mnemonics_shown_together_do_not_collide(qtbot, window, wait_ops):
    from .person import open_code

    open_code(qtbot, window, wait_ops, "CUL-01")
    clashes = {k: v for k, v in visible_mnemonics(window).items() if len(v) > 1}
    assert clashes == {}
    window.page.table.setFocus()
    qtbot.keyClick(window.page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.side.currentWidget() is window.bulk_page
    clashes = {k: v for k, v in visible_mnemonics(window).items() if len(v) > 1}
    assert clashes == {}


def test_enter_in_the_bulk_confirmation_applies(qtbot, window, desk, wait_ops):
    """Every prompt of this part answers Enter with its default button (here "Applica")."""
    window.page.select_row(0)
    qtbot.keyClick(window.page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    answered = when_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    window.bulk.apply_quick(BulkChange(referent="Sindaco"))
    wait_ops()
    assert [box.text() for box in answered] == ["Applicare a 2 azioni: referente Sindaco?"]
    assert [r.referent for r in desk.actions()[:3]] == ["Sindaco", "Sindaco", ""]


def test_the_start_window_imports_no_database_layer():
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "import valenza_desk.cli, valenza_desk.ui.app, valenza_desk.ui.start_window\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'reportlab', 'openpyxl') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_start_window_shows_at_once_and_hands_over(qtbot, tmp_path, actor, clock, settings, wait_ops):
    from valenza_desk.ui.first_start import Opened, open_and_prepare
    from valenza_desk.ui.main_window import MainWindow
    from valenza_desk.ui.start_window import StartWindow

    from .conftest import never_ask

    shell = StartWindow(settings)
    qtbot.addWidget(shell)
    shell.show()
    steps: list[str] = []
    opened: list[Opened] = []
    target = str(tmp_path / "primo.sqlite3")
    shell.start(
        lambda progress: open_and_prepare(target, actor, clock, lambda d, t, s: (steps.append(s), progress(d, t, s))),
        opened.append,
        lambda exc: opened.append(exc),  # type: ignore[arg-type]
    )
    assert shell.isVisible() and not opened  # on screen while the database opens
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    assert isinstance(opened[0], Opened) and opened[0].summary is not None
    assert any("importazione" in s.lower() for s in steps)
    window = MainWindow(opened[0].desk, settings)
    never_ask(window)
    qtbot.addWidget(window)
    shell.move(40, 30)
    shell.hand_over(window)
    assert window.isVisible() and not shell.isVisible()
    assert window.geometry().topLeft() == shell.geometry().topLeft()  # where the person saw the app
    assert window.width() == max(shell.width(), window.minimumSizeHint().width())
    wait_ops()
    assert window.page.model.rowCount() == 84
    window.close()
    wait_ops()
    opened[0].desk.close()
    assert QApplication.activeModalWidget() is None
