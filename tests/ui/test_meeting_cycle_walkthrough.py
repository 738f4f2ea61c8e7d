"""Issue 11's "done when", in the window: a council session registered and its brief issued; a few
actions changed in the detail panel (status, progress, a due date moved with its reason, a progress
note citing a delibera); the next session registered and its brief issued — it opens with what
changed since the first; the comparison window shows the same changes; the first brief, issued again
from its snapshot, has the same content. PDFs read back with pypdf from a real database file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk
from valenza_desk.ui.reports_dialog import ReportsDialog

from .person import back_to_window, choose, click, click_navigator, ctrl_s, open_code, retype, type_date
from .test_meetings_page import fill_meeting


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def issue_brief(qtbot, window, wait_ops, row: int, target: Path) -> str:  # type: ignore[no-untyped-def]
    """On the Sedute page: choose the session on ``row``, "Emetti relazione…", the file, Crea."""
    page = window.meetings_page
    page.table.selectRow(row)
    click(qtbot, page.brief_button)
    qtbot.waitUntil(lambda: window.findChild(ReportsDialog) is not None, timeout=5000)
    dialog = window.findChild(ReportsDialog)
    qtbot.waitUntil(dialog.create_button.isEnabled, timeout=10_000)
    retype(qtbot, dialog.path_edit, str(target))
    click(qtbot, dialog.create_button)
    wait_ops()
    qtbot.waitUntil(lambda: target.is_file() or bool(dialog.message_label.text()), timeout=60_000)
    assert target.is_file(), dialog.message_label.text()
    wait_ops()
    if dialog.preview is not None:
        dialog.preview.close()
    dialog.close()
    wait_ops()
    qtbot.waitUntil(lambda: window.findChild(ReportsDialog) is None, timeout=5000)
    back_to_window(qtbot, window.navigator)  # the window manager gives the window the focus back
    return pdf_text(target)


def new_session(qtbot, window, wait_ops, body: str, day: str, title: str) -> None:  # type: ignore[no-untyped-def]
    answered, _seen = fill_meeting(qtbot, body, day, title)
    click(qtbot, window.meetings_page.new_button)
    assert answered
    wait_ops()


def test_two_sessions_and_what_changed_between_them(qtbot, window, desk: Desk, clock, tmp_path: Path, wait_ops):
    promised = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    promised.due_date = date(2026, 12, 31)  # the promise made before the first session
    window.apply_changes(desk.save_action(promised).changes)
    wait_ops()

    # 1. the council session and its brief
    click_navigator(qtbot, window, "Sedute")
    wait_ops()
    new_session(qtbot, window, wait_ops, "Consiglio comunale", "1/10/26", "Verifica del programma")
    first_text = issue_brief(qtbot, window, wait_ops, 0, tmp_path / "consiglio.pdf")
    assert "Consiglio comunale" in first_text
    clock.advance(1)  # the work happens on the following days

    # 2. work in the detail panel: status, progress, the due date moved with its reason, a note with a delibera
    click_navigator(qtbot, window, "Tutto il programma")
    wait_ops()
    open_code(qtbot, window, wait_ops, "CUL-04")
    form = window.panel.form
    choose(qtbot, form.status, "In corso")
    retype(qtbot, form.progress, "40")
    type_date(qtbot, form.due_date, "31/3/27")
    retype(qtbot, form.due_reason, "Attesa del contributo regionale")
    retype(qtbot, form.note, "Approvato il progetto esecutivo")
    retype(qtbot, form.act_reference, "Delibera G.C. n. 45 del 12/03/2026")
    ctrl_s(qtbot)
    wait_ops()
    stored = desk.action_by_code("CUL-04")
    assert (stored.status, stored.progress, stored.due_date) == (Status.IN_PROGRESS, 40, date(2027, 3, 31))
    assert stored.original_due_date == date(2026, 12, 31)
    assert [c.reason for c in stored.due_date_changes][-1] == "Attesa del contributo regionale"
    assert [(u.text, u.act_reference) for u in stored.updates][:1] == [
        ("Approvato il progetto esecutivo", "Delibera G.C. n. 45 del 12/03/2026")
    ], stored.updates

    clock.advance(1)

    # 3. the next session: its brief opens with what changed since the first
    click_navigator(qtbot, window, "Sedute")
    wait_ops()
    new_session(qtbot, window, wait_ops, "Giunta comunale", "20/11/26", "Stato di attuazione")
    second_text = issue_brief(qtbot, window, wait_ops, 0, tmp_path / "giunta.pdf")
    assert "Cosa è cambiato dalla seduta del 01/10/2026" in second_text
    changed_part = second_text.split("Cosa è cambiato dalla seduta del 01/10/2026", 1)[1]
    assert "CUL-04" in changed_part and "31/03/2027" in changed_part

    # 4. the comparison window: the older session against the newer one
    page = window.meetings_page
    page.table.selectRow(1)
    click(qtbot, page.compare_button)
    wait_ops()
    view = page.compare_dialog.view
    second_label = next(m.label for m in desk.meetings() if m.body == "Giunta comunale")
    view.until.setFocus(Qt.FocusReason.TabFocusReason)
    choose(qtbot, view.until, second_label)
    wait_ops()
    model = view.table.model()
    rows = [[str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in range(model.rowCount())]
    cul = [row for row in rows if row[0] == "CUL-04"]
    kinds = " | ".join(" ".join(row) for row in cul)
    for expected in ("In corso", "40%", "31/03/2027", "Delibera G.C. n. 45 del 12/03/2026"):
        assert expected in kinds, (expected, cul)
    page.compare_dialog.close()
    QApplication.processEvents()

    # 5. the first brief again, from its snapshot: the same content
    again = issue_brief(qtbot, window, wait_ops, 1, tmp_path / "consiglio-ristampa.pdf")
    assert again == first_text
