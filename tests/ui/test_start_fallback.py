"""Starting where the person left off: the shared server of last time, with the password from the
keyring; when that server cannot be reached the app says so in Italian and opens this PC's database
instead of closing. A real ``run_app`` in a subprocess (its own settings and data folders)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from valenza_desk.ui import app as app_module
    from valenza_desk.ui.settings import SERVER_MARK, AppSettings
    from valenza_desk.ui.app import create_application

    qt = create_application(sys.argv[:1])
    settings = AppSettings()
    settings.last_connection = {"server": "127.0.0.1", "port": sys.argv[1], "database": "valenza", "login": "m.rossi"}
    settings.last_database = SERVER_MARK
    settings.sync()

    def watch():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            print("BOX", box.text().replace("\\n", " "), flush=True)
            box.accept()
        for widget in QApplication.topLevelWidgets():
            desk = getattr(widget, "desk", None)
            page = getattr(widget, "page", None)
            if desk is not None and page is not None and widget.isVisible() and page.model.rowCount() > 0:
                print("OPENED", desk.db.display_name, page.model.rowCount(), flush=True)
                widget.close()
                qt.quit()
                return
        QTimer.singleShot(50, watch)

    QTimer.singleShot(0, watch)
    raise SystemExit(app_module.run_app(None))
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_server_of_last_time_falls_back_to_this_pcs_database(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("VALENZA_DESK_DB", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(free_port())],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    box = next(line for line in result.stdout.splitlines() if line.startswith("BOX"))
    assert "Il database condiviso dell'ultima volta non è raggiungibile" in box
    opened = next(line for line in result.stdout.splitlines() if line.startswith("OPENED"))
    assert str(tmp_path / "data") in opened and opened.endswith(" 84")  # this PC's database, seeded
    assert result.returncode == 0
