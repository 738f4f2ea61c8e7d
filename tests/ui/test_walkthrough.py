"""Issue 9's "done when", with the keyboard only, on a real database file: a person adds an office,
selects eight actions of two stakeholders, gives them the office, a due date typed "31/3/27" and a
progress note with a delibera; sets one action to 100% and accepts "Completata"; adds a milestone
with a typed date and saves with Ctrl+S. A new window on the same file then shows exactly that, and
every question the window asked was answered (none skipped, none unexpected)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk
from valenza_desk.ui.milestones_editor import COL_DUE, COL_TITLE
from valenza_desk.ui.offices_dialog import OfficesDialog
from valenza_desk.ui.unsaved_guard import ask_with_box

from .conftest import open_window
from .person import CTRL, alt, answer_boxes, back_to_window, choose, ctrl_s, visible_codes

SHIFT = Qt.KeyboardModifier.ShiftModifier
OFFICE = "Settore Cultura, Turismo e Manifestazioni"
ACT = "Delibera G.C. n. 45 del 12/03/2026"


def key(qtbot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key pressed wherever the keyboard focus is."""
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focus, k, modifier)


def type_here(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` where the focus is; letters QTest has no key for (è, «) come as the key events an
    Italian keyboard sends: a key press carrying the character."""
    for char in text:
        focus = QApplication.focusWidget()
        if char.isascii():
            qtbot.keyClicks(focus, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focus, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def tab_to(qtbot, widget, limit: int = 20) -> None:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is widget, f"Tab never reached {widget.accessibleName()}"


def eight_rows_across_two_stakeholders(codes: list[str]) -> int:
    """The first row of eight consecutive rows whose last four belong to another stakeholder."""
    for start in range(4, len(codes) - 4):
        before, after = codes[start - 4 : start], codes[start : start + 4]
        prefixes = {c.split("-")[0] for c in before}, {c.split("-")[0] for c in after}
        if len(prefixes[0]) == 1 and len(prefixes[1]) == 1 and prefixes[0] != prefixes[1]:
            return start - 4
    raise AssertionError("no stakeholder boundary in the table")


def test_a_week_of_work_with_the_keyboard_only(qtbot, desk, db_path, actor, clock, settings, wait_ops):
    window = open_window(qtbot, desk, settings, wait_ops)
    window.panel.guard.ask = lambda code: ask_with_box(window, code)  # the real questions, answered below
    window.activateWindow()
    qtbot.waitActive(window)
    table = window.page.table
    table.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    # 1. an office, through Modifica › Uffici (Ctrl+Shift+U): name, Tab, head, Enter saves, Esc closes
    key(qtbot, Qt.Key.Key_U, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.findChild(OfficesDialog) is not None, timeout=3000)
    dialog = window.findChild(OfficesDialog)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    alt(qtbot, dialog, "N")
    type_here(qtbot, OFFICE)
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Dott.ssa Ferraris")
    key(qtbot, Qt.Key.Key_Return)
    wait_ops()
    assert [o.name for o in desk.offices()] == [OFFICE]
    key(qtbot, Qt.Key.Key_Escape)  # nothing typed since the save: it closes without asking
    qtbot.waitUntil(lambda: window.findChild(OfficesDialog) is None, timeout=3000)
    wait_ops()

    # 2. eight rows of two stakeholders: arrows to the first, Shift+Down seven times
    back_to_window(qtbot, table)  # the window manager gives the window the focus back
    assert QApplication.focusWidget() is table
    codes = visible_codes(window)
    first = eight_rows_across_two_stakeholders(codes)
    eight = codes[first : first + 8]
    key(qtbot, Qt.Key.Key_Home, CTRL)
    for _ in range(first):
        key(qtbot, Qt.Key.Key_Down)
    wait_ops()
    for _ in range(7):
        key(qtbot, Qt.Key.Key_Down, SHIFT)
    assert sorted(r.code for r in window.page.selected_rows()) == sorted(eight)
    assert len({c.split("-")[0] for c in eight}) == 2

    # 3. Tab into the bulk form: office, due date "31/3/27", a progress note with its delibera, Enter
    key(qtbot, Qt.Key.Key_Tab)
    form = window.bulk_page
    assert QApplication.focusWidget() is form.lead_office
    choose(qtbot, form.lead_office, OFFICE)
    tab_to(qtbot, form.due_date)
    type_here(qtbot, "31/3/27")
    tab_to(qtbot, form.note)
    type_here(qtbot, "Avviato il tavolo con le associazioni: la «prima» riunione è fissata")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.act
    type_here(qtbot, ACT)
    key(qtbot, Qt.Key.Key_Return)
    wait_ops()
    assert "8 azioni modificate" in form.banner.text()

    # 4. one action alone (Down leaves the selection for a single row), Tab into its detail panel
    table.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
    key(qtbot, Qt.Key.Key_Up)  # the seventh of the eight
    wait_ops()
    single = window.panel.detail.code
    assert single == eight[6] and window.side.currentWidget() is window.panel
    key(qtbot, Qt.Key.Key_Tab)
    panel = window.panel
    assert QApplication.focusWidget() is panel.form.status
    alt(qtbot, panel, "Z")  # Avanzamento
    key(qtbot, Qt.Key.Key_A, CTRL)
    answers = answer_boxes("<Enter>")  # "Segnare come Completata?" — Enter takes Sì
    type_here(qtbot, "100")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not answers.pending, timeout=3000)
    questions = answers.finish(panel)
    assert questions[0].startswith("Segnare come Completata?")
    assert panel.form.current_status() is Status.DONE and panel.form.completed_on.value() == clock.today()

    # 5. a milestone: Alt+G to the table, Insert, title, Enter, Right, the date typed, Enter; Ctrl+S
    alt(qtbot, panel, "G")
    view = panel.form.milestones.view
    assert QApplication.focusWidget() is view
    key(qtbot, Qt.Key.Key_Insert)
    title = view.indexWidget(panel.form.milestones.model.index(0, COL_TITLE))
    assert title is not None and QApplication.focusWidget() is title
    type_here(qtbot, "Consegna dei lavori")
    key(qtbot, Qt.Key.Key_Return)
    QApplication.processEvents()
    key(qtbot, Qt.Key.Key_Right)
    type_here(qtbot, "15/6/27")
    assert view.indexWidget(panel.form.milestones.model.index(0, COL_DUE)) is not None
    ctrl_s(qtbot)  # with the date cell still open: it is taken in
    wait_ops()
    assert not panel.is_dirty()
    window.close()
    assert not window.isVisible()  # nothing unsaved: closing asked nothing

    # 6. a new window on the same file shows exactly that
    again = Desk.open(db_path, actor=actor, clock=clock)
    try:
        second = open_window(qtbot, again, settings, wait_ops)
        rows = {r.code: r for r in second.page.model.all_rows()}
        assert {rows[c].due_date for c in eight} == {date(2027, 3, 31)}
        assert {rows[c].lead_office for c in eight} == {OFFICE}
        assert rows[single].status is Status.DONE and rows[single].progress == 100
        stored = again.action_by_code(single)
        assert stored.completed_on == clock.today()
        assert [(m.title, m.due_date) for m in stored.milestones] == [("Consegna dei lavori", date(2027, 6, 15))]
        for code in eight:
            notes = [u for u in again.action_by_code(code).updates if u.act_reference == ACT]
            assert len(notes) == 1 and "«prima» riunione è fissata" in notes[0].text, code
        untouched = [c for c in codes if c not in eight][:5]
        assert all(rows[c].due_date != date(2027, 3, 31) for c in untouched)
        second.close()
    finally:
        again.close()
