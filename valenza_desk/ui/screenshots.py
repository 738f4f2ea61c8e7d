"""Render the main views offscreen to PNG, on a temporary database with sample data.

    python -m valenza_desk.ui.screenshots --out docs/screenshots [--scale 1.5] [--size 1366x768]

Writes main-window.png, detail-panel.png, dashboard.png, programme.png, offices.png and reports.png
(``-150`` before ``.png`` at 150%). The user's database and settings are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

WINDOW_SIZE = (1400, 850)


def _wait(app, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    from valenza_desk.ui import ops

    deadline = time.monotonic() + seconds
    while ops.pending_count() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def render(out: Path, scale: float, size: tuple[int, int] = WINDOW_SIZE) -> list[Path]:
    """Write the PNGs into ``out`` (the window at ``size``); returns their paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(scale)
    from valenza_desk.ui.app import create_application

    app = create_application([sys.argv[0]])
    from valenza_desk.domain.actor import Actor
    from valenza_desk.domain.rows import ActionEdit
    from valenza_desk.services import samples
    from valenza_desk.services.desk import Desk
    from valenza_desk.ui.main_window import MainWindow
    from valenza_desk.ui.offices_dialog import OfficesDialog
    from valenza_desk.ui.settings import AppSettings
    from valenza_desk.ui.views import View, ViewKind

    suffix = "" if scale == 1.0 else f"-{round(scale * 100)}"
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="valenza-screens-") as tmp:
        desk = Desk.open(Path(tmp) / "esempio.sqlite3", Actor("m.rossi"))
        desk.seed()
        samples.apply_sample_scenario(desk)
        today = desk.today()
        detail = desk.action_by_code("CUL-08")  # has milestones in the sample scenario
        edit = ActionEdit.from_detail(detail)
        edit.note = "Primo incontro con le scuole orafe: calendario delle attività condiviso con l'Istituto “Cellini”."
        edit.act_reference = "Determina n. 214 del 03/03/2025"
        edit.referent = "Assessora alla Cultura"
        edit.value_ids = tuple(v.id for v in desk.values() if v.name in ("Creatività", "Partecipazione"))
        if detail.milestones:
            first = detail.milestones[0]
            edit.milestones = (replace(first, done_on=today), *detail.milestones[1:])
        desk.save_action(edit)

        window = MainWindow(desk, AppSettings.in_file(Path(tmp) / "settings.ini"))
        window.resize(*size)
        window.show()
        _wait(app)

        def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
            path = out / f"{name}{suffix}.png"
            widget.grab().save(str(path))
            written.append(path)

        culture = desk.resolve_stakeholder("Cultura")
        window.navigator.select_view(View(ViewKind.STAKEHOLDER, culture))
        _wait(app)
        window.page.select_action(None)
        window.choose_action(detail.id)
        _wait(app)
        window.page.select_action(detail.id)
        _wait(app)
        save(window, "main-window")

        panel = window.panel
        panel.scroll.verticalScrollBar().setValue(0)
        content = panel.form
        content.resize(content.width(), max(content.height(), content.sizeHint().height()))
        _wait(app)
        save(content, "detail-panel")

        window.navigator.select_view(View(ViewKind.DASHBOARD))
        _wait(app)
        save(window, "dashboard")

        window.navigator.select_view(View(ViewKind.PROGRAMME))
        _wait(app)
        save(window, "programme")

        dialog = OfficesDialog(desk, window)
        dialog.show()
        _wait(app)
        dialog.view.setCurrentIndex(dialog.model.index(1, 0))
        _wait(app)
        save(dialog, "offices")
        dialog.close()

        from valenza_desk.ui.reports_dialog import ReportsDialog

        reports = ReportsDialog(desk, window)
        reports.meeting_edit.setText("Consiglio comunale del 30/11/2026")
        reports.show()
        _wait(app)
        save(reports, "reports")
        reports.close()

        window.close()
        _wait(app)
        desk.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Schermate di Valenza Desk (offscreen, database temporaneo)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="cartella di destinazione")
    parser.add_argument("--scale", type=float, default=1.0, help="fattore di scala (es. 1.5 per il 150%%)")
    parser.add_argument("--size", default="1400x850", help="dimensioni della finestra, es. 1366x768")
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    for path in render(args.out, args.scale, (int(width), int(height))):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
