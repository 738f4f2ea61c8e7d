"""The window offers only what the person's profile allows (issue 10): who is signed in in the
status bar; a viewer gets a read-only panel and no Save, import, offices or bulk edit; an office
editor edits only their offices' actions and there only what an office editor may change; a save
that loses the server connection asks to retry and keeps what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from valenza_desk.domain.actor import OFFICE_EDITOR_FIELDS, Actor, Role
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.errors import ConnectionLostError
from valenza_desk.services.desk import Desk
from valenza_desk.ui.offices_dialog import OfficesDialog
from valenza_desk.ui.role_gate import NOT_OWN_ACTION, field_widgets

from .conftest import open_window
from .person import answer_boxes, click, ctrl_s, open_code, retype


def as_person(desk: Desk, actor: Actor) -> Desk:
    return Desk(desk.db, actor, desk.clock)


def test_a_viewer_sees_who_they_are_and_cannot_change_anything(qtbot, desk, settings, wait_ops):
    viewer = as_person(desk, Actor("c.bianchi", Role.CONSULTAZIONE, full_name="Carla Bianchi"))
    window = open_window(qtbot, viewer, settings, wait_ops)
    assert window.db_label.toolTip() == f"Carla Bianchi (c.bianchi) — consultazione · {desk.db.path}"
    assert window.db_label.isVisible()
    assert window.db_label.text().startswith("Carla Bianchi (c.bianchi) — consultazione · ")  # a long path: cut
    for action in (window.import_action, window.offices_action, window.bulk_action, window.users_action):
        assert not action.isEnabled()
        assert "consultazione" in action.toolTip()
    open_code(qtbot, window, wait_ops, "CUL-01")
    panel = window.panel
    assert all(not w.isEnabled() for w in field_widgets(panel).values())
    assert panel.read_only_label.isVisible() and "Solo lettura" in panel.read_only_label.text()
    qtbot.keyClicks(panel.form.notes, "non deve entrare")
    assert panel.form.notes.toPlainText() == desk.action_by_code("CUL-01").notes
    ctrl_s(qtbot)
    wait_ops()
    assert not panel.save_button.isEnabled() and "consultazione" in panel.save_button.toolTip()
    assert not panel.is_dirty()
    # the offices dialog is not opened from its shortcut either
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.page.table, Qt.Key.Key_U, ctrl_shift)
    assert window.findChild(OfficesDialog) is None
    # several rows selected: the bulk form is shown but cannot be used
    qtbot.keyClick(window.page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.side.currentWidget() is window.bulk_page and not window.bulk_page.isEnabled()


def test_an_office_editor_edits_only_their_actions_and_only_their_fields(qtbot, desk, settings, wait_ops, two_offices):
    culture, _works = two_offices
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.lead_office_id = culture
    desk.save_action(edit)
    editor = as_person(desk, Actor("u.rossi", Role.UFFICIO, frozenset({culture}), "Ugo Rossi"))
    window = open_window(qtbot, editor, settings, wait_ops)
    assert window.db_label.toolTip().startswith("Ugo Rossi (u.rossi) — ufficio · ")
    assert not window.offices_action.isEnabled() and not window.import_action.isEnabled()
    assert window.bulk_action.isEnabled()  # their own actions, in bulk: the core checks each

    open_code(qtbot, window, wait_ops, "CUL-04")
    panel = window.panel
    widgets = field_widgets(panel)
    for name in ("status", "progress", "notes", "milestone", "note", "act_reference"):
        assert widgets[name].isEnabled(), name
    for name in ("due_date", "lead_office", "support_offices", "referent", "values"):
        assert not widgets[name].isEnabled(), name
    for name, widget in widgets.items():  # whatever else the form has (mission, DUP programme…) too
        if name != "completed_on":  # open only for a completed action
            assert widget.isEnabled() == (name in OFFICE_EDITOR_FIELDS), name
    assert panel.read_only_label.isVisible() and "profilo ufficio" in panel.read_only_label.text()
    retype(qtbot, panel.form.progress, "30")
    qtbot.keyClick(panel.form.progress, Qt.Key.Key_Tab)
    boxes = answer_boxes("Sì")  # 30% while "Da avviare": "In corso"?
    ctrl_s(qtbot)
    boxes.finish()
    wait_ops()
    saved = desk.action_by_code("CUL-04")
    assert saved.progress == 30
    assert desk.audit("action", saved.id, 5)[0].actor == "u.rossi"

    open_code(qtbot, window, wait_ops, "BAM-01")  # not one of theirs
    assert all(not w.isEnabled() for w in field_widgets(panel).values())
    assert panel.read_only_label.text() == NOT_OWN_ACTION and panel.read_only_label.isVisible()
    assert not panel.save_button.isEnabled()

    # in bulk, only what an office editor may change is offered
    window.page.table.setFocus()
    qtbot.keyClick(window.page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    bulk = window.bulk_page
    assert window.side.currentWidget() is bulk
    assert bulk.status.isEnabled() and bulk.note.isEnabled()
    assert not bulk.lead_office.isEnabled() and not bulk.due_date.isEnabled() and not bulk.referent.isEnabled()
    assert "profilo ufficio" in bulk.lead_office.toolTip()


def test_a_lost_connection_asks_to_retry_and_keeps_what_was_typed(qtbot, desk, settings, wait_ops, monkeypatch):
    real_save = desk.save_action
    calls = []

    def flaky(edit):  # type: ignore[no-untyped-def]
        calls.append(edit)
        if len(calls) <= 2:
            raise ConnectionLostError("Connessione al server persa (prova): nulla è stato salvato.")
        return real_save(edit)

    monkeypatch.setattr(desk, "save_action", flaky)
    window = open_window(qtbot, desk, settings, wait_ops)
    open_code(qtbot, window, wait_ops, "BAM-01")
    panel = window.panel
    qtbot.keyClicks(panel.form.referent, "Assessore ai lavori")

    boxes = answer_boxes("Annulla")  # the first time: later
    ctrl_s(qtbot)
    wait_ops()
    questions = boxes.finish()
    assert "Connessione al server persa" in questions[0]
    assert panel.form.referent.text() == "Assessore ai lavori" and panel.is_dirty()
    assert desk.action_by_code("BAM-01").referent == ""

    boxes = answer_boxes("Riprova")  # the second time fails again, Riprova runs it a third time
    click(qtbot, panel.save_button)
    qtbot.waitUntil(lambda: len(calls) == 3, timeout=10_000)
    wait_ops()
    boxes.finish()
    assert desk.action_by_code("BAM-01").referent == "Assessore ai lavori"
    assert not panel.is_dirty()


def test_a_dropped_server_connection_is_told_apart_from_other_database_errors(desk):
    import pytest
    from sqlalchemy.exc import OperationalError

    from valenza_desk.errors import DatabaseError
    from valenza_desk.store.database import translate_errors

    dropped = OperationalError("UPDATE action", {}, Exception("server closed the connection unexpectedly"))
    with pytest.raises(ConnectionLostError, match="Connessione al server persa"), translate_errors(desk.db):
        raise dropped
    other = OperationalError("UPDATE action", {}, Exception("disk I/O error"))
    with pytest.raises(DatabaseError) as caught, translate_errors(desk.db):
        raise other
    assert not isinstance(caught.value, ConnectionLostError)


def test_sessions_and_acts_are_read_only_for_those_who_may_not_record_them(qtbot, desk, settings, wait_ops):
    from valenza_desk.domain.meetings import MeetingDraft

    from .person import click_navigator

    desk.add_meeting(MeetingDraft("Consiglio comunale", desk.today(), "Verifica"))
    for actor, may_meet, may_act in (
        (Actor("c.bianchi", Role.CONSULTAZIONE), False, False),
        (Actor("u.rossi", Role.UFFICIO, frozenset({1})), False, True),
        (Actor("s.verdi", Role.SEGRETERIA), True, True),
    ):
        window = open_window(qtbot, as_person(desk, actor), settings, wait_ops)
        click_navigator(qtbot, window, "Sedute")
        wait_ops()
        page = window.meetings_page
        assert page.new_button.isEnabled() is may_meet and page.freeze_button.isEnabled() is may_meet, actor.role
        assert may_meet or actor.role.label in page.new_button.toolTip()
        assert page.compare_button.isEnabled() is False  # no snapshot yet, for everybody
        click_navigator(qtbot, window, "Atti")
        wait_ops()
        assert window.acts_page.save_button.isEnabled() is may_act, actor.role
        window.close()


def test_a_bulk_edit_that_loses_the_connection_is_retried(qtbot, desk, settings, wait_ops, monkeypatch):
    from datetime import date

    real_bulk = desk.bulk_edit
    calls = []

    def flaky(targets, change):  # type: ignore[no-untyped-def]
        calls.append(change)
        if len(calls) == 1:
            raise ConnectionLostError("Connessione al server persa (prova): nulla è stato salvato.")
        return real_bulk(targets, change)

    monkeypatch.setattr(desk, "bulk_edit", flaky)
    window = open_window(qtbot, desk, settings, wait_ops)
    open_code(qtbot, window, wait_ops, "CUL-01")
    qtbot.keyClick(window.page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    form = window.bulk_page
    qtbot.keyClicks(form.due_date, "30/6/27")
    boxes = answer_boxes("Riprova")
    qtbot.keyClick(form.due_date, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=10_000)
    wait_ops()
    assert "Connessione al server persa" in boxes.finish()[0]
    assert {desk.action_by_code(c).due_date for c in ("CUL-01", "CUL-02")} == {date(2027, 6, 30)}
