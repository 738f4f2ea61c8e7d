"""Several programmes in one database: the switcher, titles from the programme's own data,
importing a new mandate from File › Importa."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.conftest import SEED
from valenza_desk.services import samples
from valenza_desk.ui.first_start import SummaryDialog
from valenza_desk.ui.unsaved_guard import LeaveChoice

from .conftest import open_window
from .modal import type_file_name, when_modal
from .person import choose, click_navigator, navigator_count, open_code, pick, visible_codes

UI = Path(__file__).resolve().parents[2] / "valenza_desk" / "ui"


def navigator_names(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.navigator.model()
    names = []
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        names.append(section.data())
        names += [model.index(r, 0, section).data() for r in range(model.rowCount(section))]
    return names


def test_switcher_lists_both_programmes_and_switches(qtbot, desk, settings, wait_ops, monkeypatch):
    first = desk.programme()
    desk.import_programme(samples.synthetic_programme(30, period="2025-2030"))  # the desk now looks at it
    window = open_window(qtbot, desk, settings, wait_ops)
    switcher = window.switcher
    assert [switcher.combo.itemText(n) for n in range(switcher.combo.count())] == [
        "Programma sintetico 2025-2030",
        "Programma elettorale 2020-2025",
    ]
    assert switcher.label.buddy() is switcher.combo and "&" in switcher.label.text()
    assert window.windowTitle() == "Valenza Desk — Programma sintetico 2025-2030"
    assert window.page.model.total_count == 30
    assert "Stakeholder sintetico 1" in navigator_names(window)
    assert "Cultura" not in navigator_names(window)
    assert "PROGRAMMA 2025-2030" in navigator_names(window)

    choose(qtbot, switcher.combo, "Programma elettorale 2020-2025")
    wait_ops()
    assert window.desk.programme_id == first.id
    assert window.windowTitle() == "Valenza Desk — Programma elettorale 2020-2025"
    assert window.page.model.total_count == 84
    assert "Cultura" in navigator_names(window) and "Stakeholder sintetico 1" not in navigator_names(window)
    assert window.page.heading.full_text() == "Tutto il programma — Programma elettorale 2020-2025"
    click_navigator(qtbot, window, "Cultura")
    assert len(visible_codes(window)) == 8
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about()
    assert "Programma elettorale 2020-2025" in shown[0] and "2025-2030" not in shown[0]
    click_navigator(qtbot, window, "Cruscotto")
    wait_ops()
    assert window.dashboard.heading.full_text().endswith("Programma elettorale 2020-2025")
    assert window.dashboard.total_card.number.text() == "84"


def test_switching_programme_asks_about_unsaved_changes(qtbot, desk, settings, wait_ops):
    desk.import_programme(samples.synthetic_programme(30, period="2025-2030"))
    window = open_window(qtbot, desk, settings, wait_ops)
    open_code(qtbot, window, wait_ops, visible_codes(window)[0])
    qtbot.keyClicks(window.panel.form.referent, "Sindaco")
    answers = [LeaveChoice.CANCEL, LeaveChoice.SAVE]
    window.panel.guard.ask = lambda code: answers.pop(0)
    pick(qtbot, window.switcher.combo, "Programma elettorale 2020-2025")
    wait_ops()
    assert window.switcher.combo.currentText() == "Programma sintetico 2025-2030"  # put back
    assert window.page.model.total_count == 30 and window.panel.form.referent.text() == "Sindaco"
    saved_id = window.panel.action_id
    pick(qtbot, window.switcher.combo, "Programma elettorale 2020-2025")
    wait_ops()
    assert window.page.model.total_count == 84
    assert window.panel.detail is None
    assert desk.action(saved_id).referent == "Sindaco"


def test_importing_a_new_mandate_switches_to_it(qtbot, window, desk, tmp_path, wait_ops, monkeypatch):
    text = SEED.read_text(encoding="utf-8").replace("2020-2025", "2025-2030")
    path = tmp_path / "programma-2025-2030.txt"
    path.write_text(text, encoding="utf-8")
    assert window.windowTitle() == "Valenza Desk — Programma elettorale 2020-2025"
    seen: list[list[str]] = []
    when_modal(type_file_name(path.name, seen, folder=str(tmp_path)))
    qtbot.keyClick(window.page.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert seen and {"Nome del file:", "Apri", "Annulla"} <= set(seen[0])
    wait_ops()
    qtbot.waitUntil(lambda: window.windowTitle() == "Valenza Desk — Programma elettorale 2025-2030", timeout=5000)
    wait_ops()
    assert window.switcher.combo.count() == 2
    assert window.switcher.combo.currentText() == "Programma elettorale 2025-2030"
    assert window.page.model.total_count == 84
    assert {r.programme_id for r in window.page.model.all_rows()} == {window.desk.programme_id}
    assert window.desk.programme_id != desk.programme_id
    assert navigator_count(window, "Tutto il programma") == 84
    summary = window.findChild(SummaryDialog)
    assert summary is not None and summary.isVisible()
    assert "2025-2030" in summary.shown_text()


def test_no_ui_module_names_a_mandate_or_a_person() -> None:
    found = [
        f"{path.name}:{n}"
        for path in sorted(UI.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "2020-2025" in line or "Ballerini" in line or "Valenza Futura" in line
    ]
    assert found == []
