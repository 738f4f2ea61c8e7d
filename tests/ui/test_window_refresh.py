"""The window refreshes from change sets and notices a new day (the Desk's clock moving on)."""

from __future__ import annotations

from PySide6.QtTest import QAbstractItemModelTester

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.changes import ChangeSet
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk
from valenza_desk.ui.action_table_model import COL_LEAD, COL_STATUS
from valenza_desk.ui.main_window import MainWindow
from valenza_desk.ui.offices_dialog import OfficesDialog
from valenza_desk.ui.roles import OVERDUE_ROLE

from .conftest import open_window
from .person import choose, click, click_navigator, click_row, navigator_count, open_code, retype, visible_codes

FAIL = QAbstractItemModelTester.FailureReportingMode.Fatal


def status_text(window, code: str) -> str:  # type: ignore[no-untyped-def]
    model = window.page.model
    row = next(r for r in range(model.rowCount()) if model.action_at(r).code == code)
    return model.index(row, COL_STATUS).data()


def test_a_new_day_turns_an_action_overdue_without_a_reload(qtbot, desk, clock, settings, wait_ops, monkeypatch):
    edit = ActionEdit.from_detail(desk.action_by_code("AMB-01"))
    edit.due_date = clock.today()  # due today: not overdue yet
    desk.save_action(edit)
    window = open_window(qtbot, desk, settings, wait_ops)
    tester = QAbstractItemModelTester(window.page.model, FAIL)
    assert window.day_timer.isActive() and window.day_timer.interval() <= 60_000
    reloads = []
    monkeypatch.setattr(window, "reload", lambda: reloads.append(1))
    assert status_text(window, "AMB-01") == "Da avviare"
    assert navigator_count(window, "Scadute") == 0
    assert navigator_count(window, "In scadenza (30 giorni)") == 1

    window.check_day()  # same day: nothing moves
    assert navigator_count(window, "Scadute") == 0
    clock.advance(1)
    window.day_timer.setInterval(10)  # the minute's check, shortened
    qtbot.waitUntil(lambda: navigator_count(window, "Scadute") == 1, timeout=5000)
    wait_ops()
    assert status_text(window, "AMB-01") == "Da avviare (scaduta)"
    assert window.page.model.find_row(desk.action_id("AMB-01")) is not None
    assert navigator_count(window, "In scadenza (30 giorni)") == 0
    click_navigator(qtbot, window, "Scadute")
    assert visible_codes(window) == ["AMB-01"]
    assert reloads == []  # no reload by hand: recomputed from the rows already there
    del tester


def test_a_new_day_updates_the_open_action_and_the_dashboard(qtbot, window, desk, clock, wait_ops):
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-01"))
    edit.due_date = clock.today()
    window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    open_code(qtbot, window, wait_ops, "CUL-01")
    assert not window.panel.form.overdue_label.isVisibleTo(window)
    clock.advance(2)
    window.check_day()
    assert window.panel.form.overdue_label.isVisibleTo(window)
    click_navigator(qtbot, window, "Cruscotto")
    wait_ops()
    assert window.dashboard.overdue_card.number.text() == "1"


def test_saving_refreshes_row_counts_and_dashboard_from_the_change_set(
    qtbot, window_with_offices, desk, wait_ops, monkeypatch
):
    window = window_with_offices
    tester = QAbstractItemModelTester(window.page.model, FAIL)
    listed = []
    actions = desk.actions
    monkeypatch.setattr(desk, "actions", lambda query=None: listed.append(query) or actions(query))
    assert navigator_count(window, "Senza ufficio responsabile") == 84
    assert navigator_count(window, "Settore Cultura") == 0
    open_code(qtbot, window, wait_ops, "CUL-04")
    form = window.panel.form
    choose(qtbot, form.lead_office, "Settore Cultura")
    choose(qtbot, form.status, "Completata")
    click(qtbot, window.panel.save_button)
    wait_ops()
    action_id = desk.action_id("CUL-04")
    assert [q.action_ids for q in listed] == [(action_id,)]  # only the changed row was listed again
    row = window.page.model.find_row(action_id)
    assert row.status is Status.DONE and row.lead_office == "Settore Cultura"
    assert status_text(window, "CUL-04") == "Completata"
    assert navigator_count(window, "Senza ufficio responsabile") == 83
    assert navigator_count(window, "Settore Cultura") == 1
    click_navigator(qtbot, window, "Cruscotto")
    wait_ops()
    assert window.dashboard.status_cards[Status.DONE].number.text() == "1"

    # with the dashboard shown, a change set made elsewhere refreshes it at once
    theirs = ActionEdit.from_detail(desk.action_by_code("CUL-05"))
    theirs.status, theirs.progress, theirs.completed_on = Status.DONE, 100, desk.today()
    window.apply_changes(Desk(desk.db, Actor("altro.utente"), desk.clock).save_action(theirs).changes)
    wait_ops()
    assert window.dashboard.status_cards[Status.DONE].number.text() == "2"
    del tester


def test_a_change_set_with_structure_reloads_everything(qtbot, window, desk, wait_ops, monkeypatch):
    reloads = []
    reload = window.reload
    monkeypatch.setattr(window, "reload", lambda: reloads.append(1) or reload())
    window.apply_changes(ChangeSet())
    assert reloads == []
    window.apply_changes(desk.set_due_soon_days(45).changes)
    wait_ops()
    assert reloads == [1]
    assert navigator_count(window, "In scadenza (45 giorni)") == 0
    click_navigator(qtbot, window, "In scadenza (45 giorni)")
    assert window.page.heading.text() == "Azioni in scadenza nei prossimi 45 giorni"
    click_navigator(qtbot, window, "Cruscotto")
    wait_ops()
    assert window.dashboard.deadlines_box.title() == "Prossime scadenze (45 giorni)"


def test_renaming_an_office_in_the_dialog_renames_it_in_the_table(
    qtbot, window_with_offices, desk, two_offices, wait_ops
):
    window = window_with_offices
    culture_id, _ = two_offices
    for code in ("CUL-01", "CUL-02"):
        edit = ActionEdit.from_detail(desk.action_by_code(code))
        edit.lead_office_id = culture_id
        window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    open_code(qtbot, window, wait_ops, "CUL-01")
    window.offices_action.trigger()
    dialog = window.findChild(OfficesDialog)
    assert dialog is not None and dialog.isVisible()
    wait_ops()
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.index(r, 0).data() == "Settore Cultura")
    from .person import click_index

    click_index(qtbot, dialog.view, dialog.model.index(row, 0))
    retype(qtbot, dialog.name, "Settore Cultura e Turismo")
    click(qtbot, dialog.save_button)
    wait_ops()
    shown = {window.page.model.find_row(desk.action_id(c)).lead_office for c in ("CUL-01", "CUL-02")}
    assert shown == {"Settore Cultura e Turismo"}
    model = window.page.model
    texts = {model.index(r, COL_LEAD).data() for r in range(model.rowCount()) if model.action_at(r).lead_office}
    assert texts == {"Settore Cultura e Turismo"}
    assert navigator_count(window, "Settore Cultura e Turismo") == 2
    assert window.panel.form.lead_office.currentText() == "Settore Cultura e Turismo"
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: window.findChild(OfficesDialog) is None, timeout=3000)


def test_the_table_model_stays_consistent_through_changes(qtbot, window, desk, clock, wait_ops):
    tester = QAbstractItemModelTester(window.page.model, FAIL)
    click_navigator(qtbot, window, "Cultura")
    click_row(qtbot, window, "CUL-03")
    wait_ops()
    retype(qtbot, window.panel.form.referent, "Assessora")
    click(qtbot, window.panel.save_button)
    wait_ops()
    clock.advance(400)
    window.check_day()
    window.page.model.update_rows([], removed=[desk.action_id("CUL-08")])
    assert "CUL-08" not in visible_codes(window)
    assert window.page.model.index(0, 0).data(OVERDUE_ROLE) in (True, False)
    del tester


def test_unknown_rows_in_a_change_set_reload(qtbot, window, desk, wait_ops, monkeypatch):
    reloads = []
    monkeypatch.setattr(MainWindow, "reload", lambda self: reloads.append(1))
    edit = ActionEdit.from_detail(desk.action_by_code("BAM-01"))
    edit.referent = "Sindaco"
    result = desk.save_action(edit)
    window.page.model.update_rows([], removed=[edit.action_id])  # as if the table had never held it
    window.apply_changes(result.changes)
    wait_ops()
    assert reloads == [1]


def test_recounting_keeps_the_navigator_where_it_was_scrolled(qtbot, window, desk, wait_ops):
    window.resize(1366, 500)
    qtbot.waitUntil(lambda: window.navigator.verticalScrollBar().maximum() > 0, timeout=3000)
    bar = window.navigator.verticalScrollBar()
    bar.setValue(bar.maximum())
    edit = ActionEdit.from_detail(desk.action_by_code("DIP-02"))
    edit.referent = "Segretario generale"
    window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    assert window.page.model.find_row(edit.action_id).referent == "Segretario generale"
    assert bar.value() == bar.maximum() > 0
