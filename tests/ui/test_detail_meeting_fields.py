"""The meeting cycle's fields of the detail panel and the table, driven like a person: the DUP
Missione and Programma chosen with the keyboard, a due date moved with its reason, the original
date and "rimodulata" shown beside it and in the table, the table filtered by Missione with a chip."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.person import alt, choose, click, ctrl_s, open_code, open_panel, pick, type_date, visible_codes
from valenza_desk.domain.missions import missions
from valenza_desk.ui.action_table_model import COL_DUE, RESCHEDULED_COLOUR

CULTURE = next(m for m in missions() if m.code == "05")


def test_mission_programme_and_a_moved_due_date_with_its_reason(qtbot, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    assert form.mission.currentText() == "—" and form.dup_programme.currentText() == "—"
    assert not form.due_history.isVisible()

    form.status.setFocus(Qt.FocusReason.TabFocusReason)
    alt(qtbot, form, "1")  # Alt+1: Missione
    assert QApplication.focusWidget() is form.mission
    choose(qtbot, form.mission, CULTURE.label)
    alt(qtbot, form, "2")
    assert QApplication.focusWidget() is form.dup_programme
    code, name = CULTURE.programmes[1]
    choose(qtbot, form.dup_programme, f"{code} {name}")
    type_date(qtbot, form.due_date, "31/3/27")
    qtbot.keyClick(form.due_date.edit, Qt.Key.Key_Tab)
    ctrl_s(qtbot)
    wait_ops()
    saved = desk.action_by_code("CUL-04")
    assert (saved.mission, saved.dup_programme) == ("05", code)
    assert saved.due_date == date(2027, 3, 31) and saved.original_due_date == date(2027, 3, 31)
    assert saved.due_date_changes == ()
    assert not form.due_history.isVisible()

    # the date moves: the reason typed goes with it
    type_date(qtbot, form.due_date, "30/9/27")
    qtbot.keyClick(form.due_date.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.due_reason  # the reason comes right after the date
    qtbot.keyClicks(form.due_reason, "Finanziamento regionale arrivato in ritardo")
    ctrl_s(qtbot)
    wait_ops()
    saved = desk.action_by_code("CUL-04")
    assert saved.due_date == date(2027, 9, 30) and saved.original_due_date == date(2027, 3, 31)
    assert [(c.old_due, c.new_due, c.reason) for c in saved.due_date_changes] == [
        (date(2027, 3, 31), date(2027, 9, 30), "Finanziamento regionale arrivato in ritardo")
    ]
    assert form.due_history.isVisible()
    assert form.due_history.text() == "Scadenza originaria 31/03/2027 · rimodulata 1 volta"
    assert "Finanziamento regionale" in form.due_history.toolTip()
    assert form.due_reason.text() == ""  # the reason went with the move


def test_a_reason_without_a_move_is_not_recorded(qtbot, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    form.due_reason.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(form.due_reason, "Nessuno spostamento")
    assert form.edit().due_change_reason == ""
    type_date(qtbot, form.due_date, "1/2/27")
    assert form.edit().due_change_reason == "Nessuno spostamento"


def test_table_marks_rescheduled_and_filters_by_mission(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from valenza_desk.domain.rows import ActionEdit

    detail = desk.action_by_code("CUL-02")
    desk.save_action(replace(ActionEdit.from_detail(detail), mission="05", due_date=date(2027, 1, 31)))
    detail = desk.action_by_code("CUL-02")
    desk.save_action(replace(ActionEdit.from_detail(detail), due_date=date(2027, 5, 31), due_change_reason="Gara"))
    window.reload()
    wait_ops()
    page = window.page
    choose(qtbot, page.mission_filter, CULTURE.label)
    assert visible_codes(window) == ["CUL-02"]
    assert page.chips.chip_texts() == [f"Missione: {CULTURE.label}"]
    index = page.model.index(0, COL_DUE)
    assert index.data() == "31/05/2027"
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == RESCHEDULED_COLOUR
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "31/05/2027, rimodulata"
    assert "Rimodulata 1 volta: scadenza originaria 31/01/2027" in index.data(Qt.ItemDataRole.ToolTipRole)
    # the chip's remove button puts the filter back
    chip = page.chips.chip("missions")
    assert chip is not None
    click(qtbot, chip)
    assert page.mission_filter.currentIndex() == 0
    assert len(visible_codes(window)) == 84
    pick(qtbot, page.mission_filter, "— senza Missione —")
    assert "CUL-02" not in visible_codes(window) and len(visible_codes(window)) == 83
    open_code(qtbot, window, wait_ops, "CUL-01")


def test_the_acts_linked_to_the_action_are_listed(qtbot, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    from valenza_desk.domain.acts import ActDraft

    action_id = desk.action_id("CUL-04")
    desk.add_act(ActDraft("Delibera di Giunta comunale", "45", date(2024, 3, 12), "Piano del verde"), (action_id,))
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    assert panel.form.acts_label.isVisible()
    assert panel.form.acts_label.text() == "Atti collegati: Delibera G.C. n. 45 del 12/03/2024 — Piano del verde"
    other = open_panel(qtbot, desk, wait_ops, "CUL-05")
    assert not other.form.acts_label.isVisible()
