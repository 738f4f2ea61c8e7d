"""File › Connetti a un database condiviso…, typed like a person: a refused connection said in
Italian (nothing remembered), the last connection prefilled with the password from the keyring,
a keyring without backend said in Italian; on the real PostgreSQL server (VALENZA_DESK_TEST_PG)
the window switches to it as the login typed. Also: a SQLite file on a network share (Apri
comunque / Apri in sola lettura) and the daily backup at start."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

import keyring
import keyring.errors
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import ActionEdit, UserDraft
from valenza_desk.services.desk import Desk, setup_server
from valenza_desk.ui.app import choose_target
from valenza_desk.ui.connect_dialog import SERVICE, ConnectDialog, Connection
from valenza_desk.ui.settings import SERVER_MARK

from .conftest import open_window
from .modal import when_modal
from .person import answer_boxes, click, retype

PG_URL = os.environ.get("VALENZA_DESK_TEST_PG", "")


@pytest.fixture
def vault(monkeypatch) -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    """An in-memory keyring (the real one of the test machine is never touched)."""
    store: dict[tuple[str, str], str] = {}
    monkeypatch.setattr(keyring, "get_password", lambda service, key: store.get((service, key)))
    monkeypatch.setattr(keyring, "set_password", lambda service, key, value: store.__setitem__((service, key), value))
    monkeypatch.setattr(keyring, "delete_password", lambda service, key: store.pop((service, key), None))
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fill_and_connect(server: str, port: int, database: str, login: str, password: str, seen: list[ConnectDialog]):  # type: ignore[no-untyped-def]
    """An answer for the connect dialog: type every field (Tab between them) and press Enter."""
    from PySide6.QtTest import QTest

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ConnectDialog)
        seen.append(dialog)
        for field, text in (
            (dialog.server, server),
            (dialog.database, database),
            (dialog.login, login),
            (dialog.password_edit, password),
        ):
            field.setFocus(Qt.FocusReason.TabFocusReason)
            QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClicks(field, text)
        line = dialog.port.lineEdit()
        dialog.port.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(line, str(port))
        QTest.keyClick(line, Qt.Key.Key_Return)  # Enter: Connetti

    return answer


def test_a_refused_connection_is_said_in_italian_and_nothing_is_remembered(qtbot, desk, settings, wait_ops, vault):
    window = open_window(qtbot, desk, settings, wait_ops)
    seen: list[ConnectDialog] = []
    when_modal(fill_and_connect("127.0.0.1", free_port(), "valenza", "m.rossi", "segreta", seen), ConnectDialog)
    boxes = answer_boxes("<Enter>")
    window.connect_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes.questions), timeout=20_000)
    questions = boxes.finish()
    wait_ops()
    assert seen and "Connessione non riuscita" in questions[0]
    assert "segreta" not in questions[0]
    assert window.desk is desk  # still on the file
    assert vault == {} and settings.last_connection["server"] == ""
    # the form tried is offered again, as typed
    again: list[ConnectDialog] = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        again.append(dialog)
        assert dialog.server.text() == "127.0.0.1" and dialog.login.text() == "m.rossi"
        assert dialog.password_edit.text() == "segreta"
        dialog.done(0)

    when_modal(look, ConnectDialog)
    window.connect_action.trigger()
    assert again


def test_the_last_connection_is_prefilled_with_the_password_from_the_keyring(qtbot, settings, vault):
    last = Connection("db.comune.example.it", 5433, "valenza", "m.rossi")
    vault[(SERVICE, "m.rossi@db.comune.example.it:5433/valenza")] = "dal-portachiavi"
    dialog = ConnectDialog(last)
    qtbot.addWidget(dialog)
    dialog.show()
    assert (dialog.server.text(), dialog.port.value(), dialog.database.text(), dialog.login.text()) == (
        "db.comune.example.it",
        5433,
        "valenza",
        "m.rossi",
    )
    assert dialog.password_edit.text() == "dal-portachiavi"
    assert dialog.banner.isHidden()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password_edit)  # the one field left
    # Esc with nothing changed closes at once; after typing it asks
    retype(qtbot, dialog.database, "altro")
    boxes = answer_boxes("No, continua")
    qtbot.keyClick(dialog.database, Qt.Key.Key_Escape)
    boxes.finish()
    assert dialog.isVisible()


def test_without_a_keyring_the_dialog_says_the_password_will_not_be_remembered(qtbot, monkeypatch):
    def no_backend(service, key):  # type: ignore[no-untyped-def]
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    monkeypatch.setattr(keyring, "get_password", no_backend)
    dialog = ConnectDialog(Connection("server", 5432, "valenza", "m.rossi"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "non verrà ricordata" in dialog.banner.text()
    assert not dialog.remember.isChecked() and not dialog.remember.isEnabled()
    dialog.done(0)


def test_a_file_on_a_network_share_warns_and_opens_only_if_the_person_insists(
    qtbot, desk, settings, wait_ops, monkeypatch, tmp_path
):
    import valenza_desk.store.database as database
    import valenza_desk.store.network as network

    share = tmp_path / "condivisa"
    share.mkdir()
    target = share / "valenza.sqlite3"
    Desk.open(target, Actor("segreteria.test", Role.SEGRETERIA)).close()
    on_share = lambda path: "cifs" if str(path).startswith(str(share)) else ""  # noqa: E731
    monkeypatch.setattr(database, "network_filesystem", on_share)
    monkeypatch.setattr(network, "network_filesystem", on_share)
    window = open_window(qtbot, desk, settings, wait_ops)

    boxes = answer_boxes("Apri in sola lettura")
    window.files.switch_database(str(target))
    qtbot.waitUntil(lambda: bool(boxes.questions), timeout=10_000)
    questions = boxes.finish()
    wait_ops()
    assert "cartella di rete" in questions[0]
    assert window.desk.db.path == target and window.desk.db.read_only
    assert "cartella di rete" in window.banner.text()
    assert not window.import_action.isEnabled()

    assert window.banner.action_button.text() == "Apri comunque"
    click(qtbot, window.banner.action_button)  # the banner offers to insist later too
    qtbot.waitUntil(lambda: not window.desk.db.read_only, timeout=10_000)
    wait_ops()
    assert window.desk.db.path == target and not window.desk.on_network_share
    assert window.banner.isHidden()

    window.files.switch_database(str(desk.db.path))  # elsewhere, then the share again: the box insists
    wait_ops()
    boxes = answer_boxes("Apri comunque")
    window.files.switch_database(str(target))
    qtbot.waitUntil(lambda: len(boxes.questions) == 1, timeout=10_000)
    boxes.finish()
    qtbot.waitUntil(lambda: window.desk.db.path == target and not window.desk.db.read_only, timeout=10_000)
    wait_ops()


def test_the_daily_backup_runs_after_the_database_is_opened(qtbot, desk, settings, wait_ops, monkeypatch):
    window = open_window(qtbot, desk, settings, wait_ops)
    window.files.check_opened()
    wait_ops()
    copies = sorted(desk.db.path.parent.glob(f"{desk.db.path.stem}.*{desk.today().isoformat()}.sqlite3"))
    assert len(copies) == 1 and copies[0].stat().st_size > 0

    def broken() -> None:
        raise OSError("disco pieno")

    monkeypatch.setattr(desk, "daily_backup", broken)
    window.files.check_opened()
    wait_ops()
    assert "non riuscita" in window.statusBar().currentMessage()  # a note, nothing in the way


@pytest.mark.skipif(not PG_URL, reason="VALENZA_DESK_TEST_PG not set: no PostgreSQL server")
def test_connecting_to_the_shared_server_as_a_login(qtbot, desk, settings, wait_ops, vault, tmp_path):
    from tests.integration.conftest import pg_admin, pg_database_url

    suffix = uuid.uuid4().hex[:8]
    name, login = f"valenza_ui_{suffix}", f"segr_ui_{suffix}"
    pg_admin(f'CREATE DATABASE "{name}"')
    try:
        owner = pg_database_url(name)
        setup_server(owner)
        owner_desk = Desk.open(owner)  # the owner: first person, administrator
        owner_desk.seed()
        owner_desk.add_user(UserDraft(login, "segreteria", "Sara Segreteria"), password="segreta-ui")
        owner_desk.close()
        url = make_url(owner)
        server, port = str(url.query["host"]), int(str(url.query["port"]))

        window = open_window(qtbot, desk, settings, wait_ops)
        seen: list[ConnectDialog] = []
        when_modal(fill_and_connect(server, port, name, login, "segreta-ui", seen), ConnectDialog)
        window.connect_action.trigger()
        qtbot.waitUntil(lambda: window.desk is not desk and window.desk.is_server, timeout=30_000)
        wait_ops()
        assert window.desk.actor.name == login and window.desk.actor.role is Role.SEGRETERIA
        assert window.db_label.toolTip() == f"Sara Segreteria ({login}) — segreteria · {server}:{port}/{name}"
        assert window.page.model.total_count == 84
        assert vault[(SERVICE, f"{login}@{server}:{port}/{name}")] == "segreta-ui"
        assert settings.last_connection == {"server": server, "port": str(port), "database": name, "login": login}
        settings.sync()
        written = Path(settings._s.fileName()).read_text(encoding="utf-8")
        assert "segreta-ui" not in written and settings.last_database == SERVER_MARK
        window.close()
        wait_ops()
        window.desk.close()
        # the next start goes back to the server, with the password from the keyring
        again = Desk.open(choose_target(None, settings))
        try:
            assert again.is_server and again.actor.name == login
        finally:
            again.close()
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg_admin(f'DROP ROLE IF EXISTS "{login}"')


@pytest.mark.skipif(not PG_URL, reason="VALENZA_DESK_TEST_PG not set: no PostgreSQL server")
def test_an_administrator_on_the_server_adds_a_login_with_a_password(qtbot, settings, wait_ops, vault):
    from tests.integration.conftest import pg_admin, pg_database_url
    from valenza_desk.domain.rows import OfficeDraft
    from valenza_desk.ui.users_dialog import UsersDialog

    from .person import choose, click, tick_entry

    suffix = uuid.uuid4().hex[:8]
    name, admin, office = f"valenza_ui_{suffix}", f"adm_ui_{suffix}", f"uff_ui_{suffix}"
    pg_admin(f'CREATE DATABASE "{name}"')
    try:
        owner = pg_database_url(name)
        setup_server(owner)
        owner_desk = Desk.open(owner)
        owner_desk.seed()
        culture = owner_desk.add_office(OfficeDraft("Settore Cultura")).value.id
        lead = ActionEdit.from_detail(owner_desk.action_by_code("CUL-04"))
        lead.lead_office_id = culture
        owner_desk.save_action(lead)
        owner_desk.add_user(UserDraft(admin, "admin", "Amministratrice"), password="segreta-adm")
        owner_desk.close()
        url = make_url(owner).set(username=admin, password="segreta-adm")
        desk = Desk.open(url.render_as_string(hide_password=False))
        assert desk.actor.role is Role.ADMIN and desk.is_server
        window = open_window(qtbot, desk, settings, wait_ops)
        window.users_action.trigger()
        wait_ops()
        dialog = window.findChild(UsersDialog)
        assert dialog is not None and dialog.password.isVisible()  # a new server login needs one
        qtbot.keyClicks(dialog.login, office)
        choose(qtbot, dialog.role, "ufficio")
        tick_entry(qtbot, dialog.offices, "Settore Cultura")
        qtbot.keyClick(dialog.login, Qt.Key.Key_Return)  # no password yet: refused in Italian
        wait_ops()
        assert "password" in dialog.banner.text()
        qtbot.keyClicks(dialog.password, "segreta-uff")
        click(qtbot, dialog.save_button)
        wait_ops()
        assert "aggiunto" in dialog.banner.text(), dialog.banner.text()
        assert desk.user(office).offices == ("Settore Cultura",)
        assert dialog.password.text() == ""  # not kept
        check = Desk.open(
            make_url(owner).set(username=office, password="segreta-uff").render_as_string(hide_password=False)
        )
        assert check.actor.name == office and check.actor.role is Role.UFFICIO
        window.close()
        wait_ops()
        desk.close()
        # the office login in the window: its own action is saved, another office's is read-only
        from .person import ctrl_s, open_code, retype

        office_window = open_window(qtbot, check, settings, wait_ops)
        open_code(qtbot, office_window, wait_ops, "CUL-04")
        retype(qtbot, office_window.panel.form.progress, "30")
        answers = answer_boxes("Sì")  # "Segnare come In corso?"
        qtbot.keyClick(office_window.panel.form.progress, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: not answers.pending, timeout=5000)
        answers.finish(office_window.panel)
        ctrl_s(qtbot)
        wait_ops()
        stored = check.action_by_code("CUL-04")
        assert (stored.progress, stored.status.label) == (30, "In corso")
        open_code(qtbot, office_window, wait_ops, "BEL-01")
        assert not office_window.panel.save_button.isEnabled()
        assert "non è di un suo ufficio" in office_window.panel.read_only_label.text()
        office_window.close()
        wait_ops()
        check.close()
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for login in (admin, office):
            pg_admin(f'DROP ROLE IF EXISTS "{login}"')


@pytest.mark.skipif(not PG_URL, reason="VALENZA_DESK_TEST_PG not set: no PostgreSQL server")
def test_a_wrong_login_on_the_server_is_said_in_italian(qtbot, desk, settings, wait_ops, vault):
    url = make_url(PG_URL)
    server, port = str(url.query["host"]), int(str(url.query["port"]))
    window = open_window(qtbot, desk, settings, wait_ops)
    seen: list[ConnectDialog] = []
    when_modal(fill_and_connect(server, port, "postgres", "nessuno_qui", "sbagliata", seen), ConnectDialog)
    boxes = answer_boxes("<Enter>")
    window.connect_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes.questions), timeout=20_000)
    questions = boxes.finish()
    wait_ops()
    assert "nome di accesso o password non validi" in questions[0] and "sbagliata" not in questions[0]
    assert window.desk is desk and vault == {}
