"""The Users dialog, driven like an administrator: add an office editor, change a profile, disable,
an error shown in Italian with what was typed kept; Esc asks before dropping a typed form;
a person who is not an administrator is not offered it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import UserDraft
from valenza_desk.services.desk import Desk
from valenza_desk.ui.users_dialog import UsersDialog

from .conftest import open_window
from .person import answer_boxes, choose, click, tick_entry


def admin_desk(desk: Desk) -> Desk:
    """The seeded database with its administrator (a database keeps at least one active)."""
    admin = Desk(desk.db, Actor("admin.test", Role.ADMIN, full_name="Anna Amministratrice"), desk.clock)
    admin.add_user(UserDraft("admin.test", "admin", "Anna Amministratrice"))
    return admin


def open_users(qtbot, window, wait_ops) -> UsersDialog:  # type: ignore[no-untyped-def]
    window.users_action.trigger()
    wait_ops()
    dialog = window.findChild(UsersDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 0)
    return dialog


def test_an_administrator_adds_an_office_editor_changes_and_disables_them(qtbot, desk, settings, wait_ops, two_offices):
    window = open_window(qtbot, admin_desk(desk), settings, wait_ops)
    assert window.users_action.isEnabled()
    dialog = open_users(qtbot, window, wait_ops)
    assert QApplication.focusWidget() is dialog.login  # a new person's login first
    qtbot.keyClicks(dialog.login, "m.verdi")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.full_name, "Mario Verdi")
    choose(qtbot, dialog.role, "ufficio")
    assert dialog.offices.isEnabled()  # the offices matter only to an office editor
    tick_entry(qtbot, dialog.offices, "Settore Cultura")
    assert not dialog.password.isVisible()  # a local file: no server login to create
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)  # Enter saves
    wait_ops()
    added = desk.user("m.verdi")
    assert (added.role, added.full_name, added.offices, added.active) == (
        "ufficio",
        "Mario Verdi",
        ("Settore Cultura",),
        True,
    )
    assert "aggiunto" in dialog.banner.text()
    shown = {u.login: u for u in dialog.users_shown()}
    assert "m.verdi" in shown
    row = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())].index("m.verdi")
    assert dialog.table.item(row, 3).text() == "Settore Cultura"
    assert dialog.login.isReadOnly()  # the saved person stays in the form

    # a change of profile: segreteria, no offices any more
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search in the list, not "u" + "s"
    choose(qtbot, dialog.role, "segreteria")
    assert not dialog.offices.isEnabled()
    click(qtbot, dialog.save_button)
    wait_ops()
    assert "salvato" in dialog.banner.text(), dialog.banner.text()
    changed = desk.user("m.verdi")
    assert changed.role == "segreteria" and changed.offices == ()

    # disabled, after the real question
    boxes = answer_boxes("Disattiva")
    click(qtbot, dialog.disable_button)
    questions = boxes.finish()
    wait_ops()
    assert "m.verdi" in questions[0]
    assert desk.user("m.verdi").active is False
    assert not dialog.disable_button.isEnabled()
    audit = desk.audit(limit=20)
    assert any(e.operation_label == "Modifica dell'utente m.verdi" for e in audit)


def test_an_error_is_shown_in_italian_and_the_form_keeps_what_was_typed(qtbot, desk, settings, wait_ops):
    window = open_window(qtbot, admin_desk(desk), settings, wait_ops)
    dialog = open_users(qtbot, window, wait_ops)
    qtbot.keyClicks(dialog.login, "nome con spazi")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.full_name, "Qualcuno")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    wait_ops()
    assert "non è valido" in dialog.banner.text()
    assert dialog.login.text() == "nome con spazi" and dialog.full_name.text() == "Qualcuno"
    assert all(u.login != "nome con spazi" for u in desk.users())


def test_esc_with_a_typed_person_asks_before_closing(qtbot, desk, settings, wait_ops):
    window = open_window(qtbot, admin_desk(desk), settings, wait_ops)
    dialog = open_users(qtbot, window, wait_ops)
    qtbot.keyClicks(dialog.login, "l.neri")
    boxes = answer_boxes("Annulla")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Escape)
    boxes.finish()
    assert dialog.isVisible() and dialog.login.text() == "l.neri"
    boxes = answer_boxes("Scarta")
    qtbot.keyClick(dialog.login, Qt.Key.Key_Escape)
    boxes.finish()
    assert not dialog.isVisible()


def test_only_an_administrator_is_offered_the_users_dialog(qtbot, desk, settings, wait_ops):
    window = open_window(qtbot, desk, settings, wait_ops)  # segreteria
    assert not window.users_action.isEnabled()
    assert "amministrazione" in window.users_action.toolTip()
    window.open_users()  # even reached another way, nothing opens
    assert window.findChild(UsersDialog) is None
