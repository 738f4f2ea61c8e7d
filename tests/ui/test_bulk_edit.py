"""Bulk edit on a real seeded database: several rows selected with the mouse and the keyboard, the
bulk form filled in like a person does, one all-or-nothing Desk operation read back through the
Desk; conflicts named by code with nothing half-applied; the panel's unsaved changes asked about."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPushButton

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk
from valenza_desk.ui.action_table_model import COL_CODE, COL_DUE
from valenza_desk.ui.unsaved_guard import ask_with_box

from .conftest import never_ask
from .modal import when_modal
from .person import (
    CTRL,
    LEFT,
    back_to_window,
    choose,
    click,
    click_header,
    click_navigator,
    click_row,
    navigator_count,
    open_code,
)

SHIFT = Qt.KeyboardModifier.ShiftModifier
EIGHT = ["CUL-01", "CUL-02", "CUL-03", "CUL-04", "BEL-01", "BEL-02", "BEL-03", "BEL-04"]


def row_centre(window, code: str) -> QPoint:  # type: ignore[no-untyped-def]
    model, table = window.page.model, window.page.table
    row = next(r for r in range(model.rowCount()) if model.action_at(r).code == code)
    index = model.index(row, COL_CODE)
    table.scrollTo(index)
    return table.visualRect(index).center()


def click_code(qtbot, window, code: str, modifier=Qt.KeyboardModifier.NoModifier, button=LEFT) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.page.table.viewport(), button, modifier, row_centre(window, code))


def right_click(qtbot, window, code: str) -> QMenu:  # type: ignore[no-untyped-def]
    """A right-click on the row: the press (selection) then the context-menu event the platform sends."""
    viewport = window.page.table.viewport()
    where = row_centre(window, code)
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, where)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, viewport.mapToGlobal(where))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    return QApplication.activePopupWidget()


def selected_codes(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.code for r in window.page.selected_rows()]


def select_eight(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """CUL-01 clicked, Shift-click on CUL-04, Ctrl-click on BEL-01, Ctrl+Shift-click on BEL-04."""
    click_code(qtbot, window, "CUL-01")
    click_code(qtbot, window, "CUL-04", SHIFT)
    click_code(qtbot, window, "BEL-01", CTRL)
    click_code(qtbot, window, "BEL-04", CTRL | SHIFT)
    assert sorted(selected_codes(window)) == sorted(EIGHT)


def test_selecting_several_rows_shows_the_bulk_form(qtbot, window, wait_ops):
    click_code(qtbot, window, "CUL-02")
    wait_ops()
    assert window.side.currentWidget() is window.panel and window.panel.detail.code == "CUL-02"
    assert not window.page.selection_bar.isVisible()
    select_eight(qtbot, window)
    assert window.side.currentWidget() is window.bulk_page
    assert window.bulk_page.heading.text() == "8 azioni selezionate"
    assert window.page.selection_bar.isVisible()
    assert window.page.selection_bar.label.text() == "8 azioni selezionate"
    assert window.bulk_page.apply_button.text() == "Applica a 8 azioni"
    assert not window.bulk_page.apply_button.isEnabled()  # nothing chosen yet
    # keyboard: Shift+Down widens, Ctrl+A takes every row shown; one row is the detail panel again
    click_code(qtbot, window, "BAM-01")
    wait_ops()
    assert window.side.currentWidget() is window.panel
    qtbot.keyClick(window.page.table, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(window.page.table, Qt.Key.Key_Down, SHIFT)
    assert selected_codes(window) == ["BAM-01", "BAM-02", "BAM-03"]
    assert window.bulk_page.heading.text() == "3 azioni selezionate"
    qtbot.keyClick(window.page.table, Qt.Key.Key_A, CTRL)
    assert window.page.selected_count() == 84 and window.bulk_page.heading.text() == "84 azioni selezionate"
    click(qtbot, window.page.selection_bar.deselect_button)
    assert window.page.selected_count() == 1 and window.side.currentWidget() is window.panel
    # a filter change drops the selection: the bulk form goes with it
    qtbot.keyClick(window.page.table, Qt.Key.Key_A, CTRL)
    assert window.side.currentWidget() is window.bulk_page
    qtbot.keyClicks(window.page.search, "teatro")
    assert window.page.selected_count() <= 1 and window.side.currentWidget() is window.panel
    assert not window.page.selection_bar.isVisible()


def test_tab_leaves_the_table_for_what_is_shown_on_the_right(qtbot, window, wait_ops):
    open_code(qtbot, window, wait_ops, "CUL-02")
    table = window.page.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.panel.form.status  # not the next cell
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.bulk_page.lead_office


def test_bulk_form_by_keyboard_gives_office_date_and_note_in_one_operation(
    qtbot, window_with_offices, desk, two_offices, clock, wait_ops
):
    window = window_with_offices
    culture, works = two_offices
    old = ActionEdit.from_detail(desk.action_by_code("CUL-01"))
    old.note, old.act_reference = "Prima nota", "Delibera G.C. n. 7 del 10/01/2026"
    window.apply_changes(desk.save_action(old).changes)
    window.refresh_acts()
    wait_ops()
    select_eight(qtbot, window)
    table = window.page.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    form = window.bulk_page
    assert QApplication.focusWidget() is form.lead_office
    choose(qtbot, form.lead_office, "Settore Cultura")
    choose(qtbot, form.support_office, "Lavori Pubblici")

    def tab_to(widget) -> None:  # type: ignore[no-untyped-def]
        for _ in range(12):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            if QApplication.focusWidget() is widget:
                return
        raise AssertionError(f"Tab never reached {widget.accessibleName()}")

    tab_to(form.due_date)
    qtbot.keyClicks(form.due_date, "31/3/27")
    tab_to(form.note)
    qtbot.keyClicks(form.note, "Avviato il tavolo con le associazioni")
    qtbot.keyClick(form.note, Qt.Key.Key_Tab)  # Tab leaves the note
    assert QApplication.focusWidget() is form.act
    qtbot.keyClicks(form.act, "G.C. n. 7")  # the act already used is suggested
    popup = form.act.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.act.text() == "Delibera G.C. n. 7 del 10/01/2026"
    assert "scadenza 31/03/2027" in form.summary.text()
    qtbot.keyClick(form.act, Qt.Key.Key_Return)  # Enter applies
    wait_ops()

    stored = {code: desk.action_by_code(code) for code in EIGHT}
    assert {a.lead_office_id for a in stored.values()} == {culture}
    assert all(works in a.support_office_ids for a in stored.values())
    assert {a.due_date for a in stored.values()} == {date(2027, 3, 31)}
    assert all(a.updates[0].text == "Avviato il tavolo con le associazioni" for a in stored.values())
    assert all(a.updates[0].act_reference == "Delibera G.C. n. 7 del 10/01/2026" for a in stored.values())
    assert desk.action_by_code("CUL-05").lead_office_id is None  # not selected, not touched
    operations = set()
    for action in stored.values():
        entries = desk.audit(entity="action", entity_id=action.id)
        fields = {e.field for e in entries if e.operation_label.startswith("Modifica di 8 azioni")}
        assert {"lead_office", "due_date", "note"} <= fields, action.code
        operations |= {e.op_id for e in entries if e.operation_label.startswith("Modifica di 8 azioni")}
    assert len(operations) == 1  # one operation, audited per action
    # the table, the counts and the form follow from the change set
    model = window.page.model
    assert {model.find_row(a.id).lead_office for a in stored.values()} == {"Settore Cultura"}
    assert {model.find_row(a.id).due_date for a in stored.values()} == {date(2027, 3, 31)}
    assert navigator_count(window, "Settore Cultura") == 8
    assert navigator_count(window, "Senza ufficio responsabile") == 76
    assert "8 azioni modificate" in window.bulk_page.banner.text()
    assert form.due_date.text() == "" and form.lead_office.currentIndex() == 0  # ready for the next one
    assert sorted(selected_codes(window)) == sorted(EIGHT)  # the selection stays


def test_an_impossible_date_is_refused_in_italian_and_nothing_changes(qtbot, window, desk, wait_ops):
    select_eight(qtbot, window)
    form = window.bulk_page
    qtbot.keyClicks(form.due_date, "31/02/2027")
    qtbot.keyClick(form.due_date, Qt.Key.Key_Return)
    wait_ops()
    assert form.due_error.isVisible()
    assert "febbraio 2027 non ha il giorno 31" in form.due_error.text()
    assert form.due_date.text() == "31/02/2027"  # never turned into another date
    assert all(desk.action_by_code(code).due_date is None for code in EIGHT)
    assert not window.page.model.find_row(desk.action_id("CUL-01")).due_date
    # "togli la scadenza" gives no date to all, with the text ignored
    click(qtbot, form.clear_due)
    qtbot.keyClicks(form.referent, "Assessora alla Cultura")
    click(qtbot, form.apply_button)
    wait_ops()
    assert {desk.action_by_code(code).referent for code in EIGHT} == {"Assessora alla Cultura"}


def test_a_conflict_names_the_action_and_changes_nothing(qtbot, window, desk, db_path, clock, wait_ops):
    select_eight(qtbot, window)
    other = Desk.open(db_path, Actor("altro.utente"), clock)
    try:
        theirs = ActionEdit.from_detail(other.action_by_code("BEL-02"))
        theirs.referent = "Sindaco"
        other.save_action(theirs)
    finally:
        other.close()
    form = window.bulk_page
    choose(qtbot, form.status, "In corso")
    qtbot.keyClicks(form.due_date, "30/06/2027")
    click(qtbot, form.apply_button)
    wait_ops()
    message = form.banner.text()
    assert "BEL-02" in message and "Nessuna delle 8 azioni selezionate è stata modificata" in message
    stored = [desk.action_by_code(code) for code in EIGHT]
    assert [a.status for a in stored] == [Status.NOT_STARTED] * 8 and {a.due_date for a in stored} == {None}
    assert form.due_date.text() == "30/06/2027"  # what was typed stays
    click(qtbot, form.banner.action_button)  # "Aggiorna le azioni selezionate"
    wait_ops()
    assert window.page.model.find_row(desk.action_id("BEL-02")).referent == "Sindaco"
    assert sorted(selected_codes(window)) == sorted(EIGHT)
    click(qtbot, form.apply_button)
    wait_ops()
    stored = [desk.action_by_code(code) for code in EIGHT]
    assert {a.status for a in stored} == {Status.IN_PROGRESS} and {a.due_date for a in stored} == {date(2027, 6, 30)}
    assert desk.action_by_code("BEL-02").referent == "Sindaco"  # theirs kept


def test_unsaved_changes_of_the_panel_are_asked_about_first(qtbot, window, desk, wait_ops):
    open_code(qtbot, window, wait_ops, "CUL-01")
    panel = window.panel
    panel.guard.ask = lambda code: ask_with_box(panel, code)  # the real message box
    try:
        _ask_before_bulk(qtbot, window, desk, wait_ops)
    finally:
        never_ask(window)  # closing the window at the end discards without a box


def _ask_before_bulk(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    qtbot.keyClicks(panel.form.referent, "Vicesindaco")
    assert panel.is_dirty()
    click_code(qtbot, window, "CUL-03", SHIFT)
    assert window.side.currentWidget() is window.bulk_page
    assert "CUL-01 ha modifiche non salvate" in window.bulk_page.pending.text()
    form = window.bulk_page
    choose(qtbot, form.status, "Sospesa")
    asked: list[str] = []

    def answer_save(box) -> None:  # type: ignore[no-untyped-def]
        asked.append(box.text())
        save = next(b for b in box.findChildren(QPushButton) if b.text() == "Salva")
        qtbot.mouseClick(save, LEFT)

    when_modal(answer_save, QMessageBox)
    click(qtbot, form.apply_button)
    wait_ops()
    assert asked == ["L'azione CUL-01 ha modifiche non salvate."]
    cul01 = desk.action_by_code("CUL-01")
    assert cul01.referent == "Vicesindaco" and cul01.status is Status.SUSPENDED  # both: the save, then the bulk
    assert {desk.action_by_code(c).status for c in ("CUL-02", "CUL-03")} == {Status.SUSPENDED}

    # "Annulla" in the box: no bulk edit at all, the typing stays
    back_to_window(qtbot, window.page.table)  # the box closed: the window manager activates the window
    click_code(qtbot, window, "CUL-01")
    wait_ops()
    qtbot.keyClicks(panel.form.referent, " vicario")
    click_code(qtbot, window, "CUL-02", SHIFT)
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search in the list, not "S" + "I"
    choose(qtbot, form.status, "In corso")
    when_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape), QMessageBox)
    click(qtbot, form.apply_button)
    wait_ops()
    assert {desk.action_by_code(c).status for c in ("CUL-01", "CUL-02")} == {Status.SUSPENDED}
    assert panel.form.referent.text() == "Vicesindaco vicario" and panel.is_dirty()


def test_context_menu_sets_a_status_after_confirmation(qtbot, window, desk, wait_ops):
    select_eight(qtbot, window)
    menus: list[QMenu] = []

    def open_menu() -> QMenu:
        menu = right_click(qtbot, window, "BEL-02")
        menus.append(menu)
        return menu

    menu = open_menu()
    assert sorted(selected_codes(window)) == sorted(EIGHT)  # a right-click on a selected row keeps the selection
    assert any(a.text() == "&Modifica in blocco le 8 azioni…" for a in menu.actions())
    qtbot.keyClick(menu, Qt.Key.Key_S)  # &Stato
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not menu, timeout=2000)
    statuses = QApplication.activePopupWidget()
    assert [a.text() for a in statuses.actions()] == [s.label for s in Status]
    questions: list[str] = []
    when_modal(lambda box: (questions.append(box.text()), qtbot.keyClick(box, Qt.Key.Key_Escape)), QMessageBox)
    qtbot.keyClick(statuses, Qt.Key.Key_Down)  # from "Da avviare" to "In corso"
    qtbot.keyClick(statuses, Qt.Key.Key_Return)
    wait_ops()
    assert questions == ["Applicare a 8 azioni: stato In corso?"]
    assert {desk.action_by_code(c).status for c in EIGHT} == {Status.NOT_STARTED}  # Esc: nothing

    menu = open_menu()
    qtbot.keyClick(menu, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not menu, timeout=2000)
    statuses = QApplication.activePopupWidget()
    when_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return), QMessageBox)  # Enter: "Applica"
    qtbot.keyClick(statuses, Qt.Key.Key_Down)
    qtbot.keyClick(statuses, Qt.Key.Key_Return)
    wait_ops()
    assert {desk.action_by_code(c).status for c in EIGHT} == {Status.IN_PROGRESS}
    assert desk.action_by_code("CUL-05").status is Status.NOT_STARTED
    assert {window.page.model.find_row(desk.action_id(c)).status for c in EIGHT} == {Status.IN_PROGRESS}


def test_context_menu_entries_that_need_typing_open_the_form(qtbot, window, wait_ops):
    select_eight(qtbot, window)
    menu = right_click(qtbot, window, "CUL-02")
    due = next(a for a in menu.actions() if a.text() == "Sca&denza…")
    menu.setActiveAction(due)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=2000)
    assert QApplication.focusWidget() is window.bulk_page.due_date


def test_dashboard_follows_a_bulk_edit(qtbot, window, desk, wait_ops):
    click_navigator(qtbot, window, "Cultura")
    click_code(qtbot, window, "CUL-01")
    qtbot.keyClick(window.page.table, Qt.Key.Key_A, CTRL)
    assert window.page.selected_count() == 8
    choose(qtbot, window.bulk_page.status, "Completata")
    click(qtbot, window.bulk_page.apply_button)
    wait_ops()
    done = desk.actions(ActionQuery(statuses=(Status.DONE,)))
    assert sorted(r.code for r in done) == [f"CUL-0{n}" for n in range(1, 9)]
    assert all(r.progress == 100 and r.completed_on == desk.today() for r in done)
    click_navigator(qtbot, window, "Cruscotto")
    wait_ops()
    assert window.dashboard.status_cards[Status.DONE].number.text() == "8"


def test_the_selection_follows_its_rows_when_sorting(qtbot, window, desk, wait_ops):
    edit = ActionEdit.from_detail(desk.action_by_code("BAM-03"))
    edit.due_date = date(2026, 12, 1)
    window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    click_code(qtbot, window, "BAM-03")
    click_code(qtbot, window, "CUL-02", CTRL)
    click_code(qtbot, window, "DIP-08", CTRL)
    click_header(qtbot, window.page.table, COL_DUE)
    assert window.page.model.action_at(0).code == "BAM-03"  # the only dated one comes first
    assert sorted(selected_codes(window)) == ["BAM-03", "CUL-02", "DIP-08"]
    click_header(qtbot, window.page.table, COL_DUE)
    assert sorted(selected_codes(window)) == ["BAM-03", "CUL-02", "DIP-08"]
    click_row(qtbot, window, "CUL-02")
    wait_ops()
    assert window.panel.detail.code == "CUL-02"
