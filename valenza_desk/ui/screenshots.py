"""Render the main views offscreen to PNG, on a temporary database with sample data.

    python -m valenza_desk.ui.screenshots --out docs/screenshots [--scale 1.5] [--size 1366x768]

Writes main-window.png, bulk-edit.png (eight actions selected, the bulk form), filters.png
(a search with its hits highlighted and the filter chips), empty-filter.png (an empty table
saying why), detail-panel.png, dashboard.png, programme.png, offices.png, reports.png and
import-summary.png (``-150`` before ``.png`` at 150%). The user's database and settings are
never touched.
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

WINDOW_SIZE = (1366, 768)


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

        _bulk_and_filters(app, window, save)

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

        from valenza_desk.ui.first_start import SummaryDialog
        from valenza_desk.ui.reports_dialog import ReportsDialog

        window.navigator.select_view(View(ViewKind.STAKEHOLDER, culture))
        _wait(app)
        reports = ReportsDialog(desk, window, window_query=window.page.current_query(), action_code="CUL-08")
        reports.meeting_edit.setText("Consiglio comunale del 30/11/2026")
        reports.show()
        _wait(app)
        reports.use_window_filters()  # "Usa i filtri della finestra": the line says what the brief will hold
        _wait(app)
        save(reports, "reports")
        reports.close()

        summary = SummaryDialog(_sample_summary_lines(desk), window)
        summary.show()
        _wait(app)
        save(summary, "import-summary")
        summary.close()

        _meeting_cycle_and_people(app, window, save)

        window.close()
        _wait(app)
        desk.close()
    return written


def _bulk_and_filters(app, window, save) -> None:  # type: ignore[no-untyped-def]
    """Eight actions of two stakeholders selected with the bulk form filled in; a search with its
    hits highlighted; an empty table that says why."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtTest import QTest

    from valenza_desk.ui.views import View, ViewKind

    window.navigator.select_view(View(ViewKind.ALL))
    _wait(app)
    page, model = window.page, window.page.model
    culture = [n for n in range(model.rowCount()) if model.action_at(n).stakeholder == "Cultura"][:4]
    beauty = [n for n in range(model.rowCount()) if model.action_at(n).stakeholder == "Bellezza"][:4]
    rows = culture + beauty  # eight actions of two stakeholders
    selection = QItemSelection()
    for n in rows:
        selection.select(model.index(n, 0), model.index(n, model.columnCount() - 1))
    page.table.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    page.table.scrollTo(model.index(rows[0], 0), page.table.ScrollHint.PositionAtTop)
    _wait(app)
    form = window.bulk_page
    index = form.lead_office.findText("Settore Cultura, Turismo e Manifestazioni")
    form.lead_office.setCurrentIndex(max(0, index))
    QTest.keyClicks(form.due_date, "31/3/27")
    QTest.keyClicks(form.note, "Avvio del tavolo di coordinamento con le associazioni")
    QTest.keyClicks(form.act, "Delibera G.C. n. 45 del 12/11/2026")
    _wait(app)
    save(window, "bulk-edit")
    form.clear_fields()
    page.keep_only_current()
    _wait(app)

    QTest.keyClicks(page.search, "teatro")
    _wait(app)
    page.chips.flush()
    _wait(app)
    save(window, "filters")
    window.navigator.select_view(View(ViewKind.OVERDUE))
    _wait(app)
    page.chips.flush()
    _wait(app)
    save(window, "empty-filter")
    page.clear_filters()
    window.navigator.select_view(View(ViewKind.ALL))
    _wait(app)


def _sample_summary_lines(desk) -> list[str]:  # type: ignore[no-untyped-def]
    """What the first start shows: the bundled programme's summary, with two sample warnings."""
    lines = [
        f"Programma importato da programma-{desk.programme().period}.txt",
        f"  Nuovo programma: {desk.programme().display_name}",
        f"  Valori: {len(desk.values())}",
        f"  Stakeholder: {len(desk.stakeholders())}",
    ]
    summaries = desk.stakeholder_summaries()
    lines.append(f"  Azioni nel testo: {sum(s.total for s in summaries)}")
    lines += [f"    {s.name}: {s.total}" for s in summaries]
    lines += [
        "Avvisi:",
        "  - Riga 212: azione senza codice, numerata BEL-10.",
        "  - Riga 388: testo dell'azione troncato a 2.000 caratteri.",
    ]
    return lines


def _meeting_cycle_and_people(app, window, save) -> None:  # type: ignore[no-untyped-def]
    """Two sessions with what moved between them, the acts register, the people and the audit."""
    from datetime import timedelta

    from valenza_desk.domain.actor import Actor, Role
    from valenza_desk.domain.meetings import MeetingDraft
    from valenza_desk.domain.rows import ActionEdit, UserDraft
    from valenza_desk.domain.status import Status
    from valenza_desk.services.desk import Desk
    from valenza_desk.ui.audit_page import AuditWindow
    from valenza_desk.ui.users_dialog import UsersDialog
    from valenza_desk.ui.views import View, ViewKind

    desk = window.desk
    today = desk.today()
    first = desk.add_meeting(MeetingDraft("Consiglio comunale", today - timedelta(days=60), "Verifica semestrale"))
    desk.freeze_snapshot(first.value.id)
    for code, status, progress, moved in (("CUL-01", Status.IN_PROGRESS, 40, 90), ("BEL-02", Status.DONE, 100, 0)):
        edit = ActionEdit.from_detail(desk.action_by_code(code))
        edit.status, edit.progress = status, progress
        edit.completed_on = today if status is Status.DONE else None
        if moved and edit.due_date is not None:
            edit.due_date += timedelta(days=moved)
            edit.due_change_reason = "Attesa del finanziamento regionale"
        edit.note, edit.act_reference = "Approvato il progetto esecutivo.", "Delibera G.C. n. 45 del 12/03/2026"
        desk.save_action(edit)
    second = desk.add_meeting(MeetingDraft("Giunta comunale", today, "Stato di attuazione"))
    window.apply_changes(desk.freeze_snapshot(second.value.id).changes)

    window.navigator.select_view(View(ViewKind.MEETINGS))
    _wait(app)
    save(window, "meetings")
    page = window.meetings_page
    page.table.selectRow(1)  # the older session, compared with the newer one
    page.compare()
    _wait(app)
    if page.compare_dialog is not None:
        view = page.compare_dialog.view
        view.until.setCurrentIndex(max(0, view.until.findText(second.value.label)))
        view.compare()
        _wait(app)
        save(page.compare_dialog, "compare")
        page.compare_dialog.close()

    window.navigator.select_view(View(ViewKind.ACTS))
    _wait(app)
    save(window, "acts")

    admin = Desk(desk.db, Actor("a.ferraris", Role.ADMIN, full_name="Alessandra Ferraris"), desk.clock)
    for login, role, name in (
        ("a.ferraris", "admin", "Alessandra Ferraris"),
        ("u.rossi", "consultazione", "Ugo Rossi"),
    ):
        admin.add_user(UserDraft(login, role, name))
    users = UsersDialog(admin, window)
    users.show()
    _wait(app)
    save(users, "users")
    users.close()
    audit = AuditWindow(desk, window)
    audit.show()
    _wait(app)
    save(audit, "audit")
    audit.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Schermate di Valenza Desk (offscreen, database temporaneo)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="cartella di destinazione")
    parser.add_argument("--scale", type=float, default=1.0, help="fattore di scala (es. 1.5 per il 150%%)")
    parser.add_argument("--size", default="1366x768", help="dimensioni della finestra, es. 1280x720")
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    for path in render(args.out, args.scale, (int(width), int(height))):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
