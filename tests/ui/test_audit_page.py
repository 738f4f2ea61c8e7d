"""The audit window (Modifica › Registro delle modifiche…): entries with labels, filters typed by a
person, the integrity check's verdict, the export read back with openpyxl."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.services.desk import Desk
from valenza_desk.ui.audit_page import AuditWindow

from .conftest import open_window
from .modal import type_file_name, when_modal
from .person import answer_boxes, click, type_date


def edited(desk: Desk, code: str, **fields: object) -> None:
    edit = ActionEdit.from_detail(desk.action_by_code(code))
    for name, value in fields.items():
        setattr(edit, name, value)
    desk.save_action(edit)


def open_audit(qtbot, window, wait_ops) -> AuditWindow:  # type: ignore[no-untyped-def]
    window.audit_action.trigger()
    wait_ops()
    audit = window.findChild(AuditWindow)
    assert audit is not None and audit.isVisible()
    return audit


def test_the_audit_is_shown_filtered_verified_and_exported(qtbot, desk, settings, wait_ops, tmp_path):
    edited(desk, "CUL-04", progress=20, status="in_progress")
    other = Desk(desk.db, Actor("u.rossi", Role.SEGRETERIA), desk.clock)
    edited(other, "BAM-01", referent="Assessore")
    window = open_window(qtbot, desk, settings, wait_ops)
    audit = open_audit(qtbot, window, wait_ops)
    codes = {audit.table.item(r, 2).text() for r in range(audit.table.rowCount())}
    assert {"CUL-04", "BAM-01"} <= codes
    changes = [audit.table.item(r, 4).text() for r in range(audit.table.rowCount())]
    assert any("→ 20" in text for text in changes)  # labels, not JSON

    qtbot.keyClicks(audit.code, "CUL-04")
    qtbot.keyClick(audit.code, Qt.Key.Key_Return)  # Enter applies the filter
    wait_ops()
    assert audit.entries() and {e.entity_label for e in audit.entries()} == {"CUL-04"}

    audit.code.clear()
    qtbot.keyClicks(audit.user, "u.rossi")
    qtbot.keyClick(audit.user, Qt.Key.Key_Return)
    wait_ops()
    assert audit.entries() and {e.actor for e in audit.entries()} == {"u.rossi"}

    tomorrow = desk.today() + timedelta(days=1)
    type_date(qtbot, audit.since, tomorrow.strftime("%d/%m/%Y"))
    click(qtbot, audit.apply_button)
    wait_ops()
    assert audit.entries() == [] and audit.table.rowCount() == 0
    audit.since.clear()
    click(qtbot, audit.apply_button)
    wait_ops()
    shown = audit.entries()
    assert shown

    boxes = answer_boxes("<Enter>")
    click(qtbot, audit.verify_button)
    wait_ops()
    verdict = boxes.finish()
    assert "integro" in verdict[0] and "NON" not in verdict[0]

    when_modal(type_file_name("registro.xlsx", folder=str(tmp_path)))
    click(qtbot, audit.export_button)
    qtbot.waitUntil(lambda: (tmp_path / "registro.xlsx").exists(), timeout=10_000)
    wait_ops()
    qtbot.waitUntil(lambda: "esportato" in audit.banner.text(), timeout=10_000)
    sheet = load_workbook(tmp_path / "registro.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:6] == ("Quando", "Chi", "Che cosa", "Campo", "Prima", "Dopo")
    assert len(rows) == 2 + len(shown)
    assert {r[1] for r in rows[2:]} == {e.actor for e in shown}
    assert any(r[2] == "BAM-01" and r[5] == "Assessore" for r in rows[2:])


def test_the_audit_window_follows_the_database_the_window_switches_to(qtbot, desk, settings, wait_ops, tmp_path):
    edited(desk, "CUL-04", progress=20, status="in_progress")
    window = open_window(qtbot, desk, settings, wait_ops)
    audit = open_audit(qtbot, window, wait_ops)
    assert any(e.entity_label == "CUL-04" for e in audit.entries())
    window.files.switch_database(str(tmp_path / "altro.sqlite3"))
    qtbot.waitUntil(lambda: window.desk is not desk, timeout=10_000)
    wait_ops()
    assert audit.desk is window.desk
    assert not any(e.entity_label == "CUL-04" and e.field == "progress" for e in audit.entries())  # the new file's
