"""Start-up pieces: first start creates and seeds the database with progress; the error hook."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from valenza_desk.ui.app import install_excepthook
from valenza_desk.ui.first_start import Opened, ProgressRunner, open_and_prepare


def test_first_start_creates_database_and_imports_programme(qtbot, tmp_path, actor, clock, wait_ops):
    target = tmp_path / "nuovo" / "valenza.sqlite3"
    steps: list[str] = []
    results: list[object] = []
    runner = ProgressRunner(None, "Avvio")
    runner.dialog.canceled.connect(lambda: None)
    runner.start(
        lambda progress: open_and_prepare(
            str(target), actor, clock, lambda d, t, text: (steps.append(text), progress(d, t, text))
        ),
        results.append,
        results.append,
    )
    wait_ops()
    assert target.exists()
    opened = results[0]
    assert isinstance(opened, Opened)
    assert opened.summary is not None and opened.summary.actions_added == 84
    assert len(opened.desk.stakeholders()) == 9
    assert opened.desk.clock is clock and opened.desk.actor == actor
    assert any("importazione" in s.lower() for s in steps)
    # a second start finds the programme there and imports nothing
    opened.desk.close()
    again = open_and_prepare(str(target), actor, clock, lambda *a: None)
    assert again.summary is None
    again.desk.close()


def test_excepthook_logs_and_shows_italian_message(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    previous = sys.excepthook
    try:
        install_excepthook()
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert shown and "errore imprevisto" in shown[0]
    assert "Traceback" not in shown[0]


def test_qt_standard_buttons_speak_italian(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from valenza_desk.ui.app import create_application, install_qt_translations

    app = create_application()
    install_qt_translations(app)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (box.StandardButton.Cancel, box.StandardButton.Save)}
    assert texts == {"Annulla", "Salva"}


def test_application_has_its_icon(qtbot):
    from valenza_desk.ui.app import create_application

    icon = create_application().windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()
