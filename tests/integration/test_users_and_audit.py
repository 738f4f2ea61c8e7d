"""People, profiles and the verifiable audit, through the Desk on both engines."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import DB_MADE_BY_0001
from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.bulk import BulkChange
from valenza_desk.domain.rows import ActionEdit, OfficeDraft, UserDraft
from valenza_desk.domain.status import Status
from valenza_desk.errors import PermissionDeniedError, ValidationError
from valenza_desk.services import users
from valenza_desk.services.desk import Desk


def as_person(desk: Desk, login: str) -> Desk:
    """The same database opened by ``login``: identified as the app does it."""
    return Desk(desk.db, users.identify(desk.db, login, desk.clock), desk.clock)


def admin_of(desk: Desk) -> Desk:
    if desk.is_server:
        from valenza_desk.services import server

        server.setup(desk.db)
    return as_person(desk, "anna.admin")  # the first person: administrator


def test_the_first_person_is_the_administrator_and_others_only_consult(service_desk: Desk) -> None:
    admin = admin_of(service_desk)
    assert admin.actor.role is Role.ADMIN
    assert [(u.login, u.role) for u in admin.users()] == [("anna.admin", "admin")]
    first = admin.audit("user")
    assert first[0].operation_label == "Primo accesso: anna.admin amministratore del database"
    stranger = as_person(service_desk, "sconosciuto")
    assert stranger.actor.role is Role.CONSULTAZIONE
    with pytest.raises(PermissionDeniedError, match="consultazione"):
        stranger.save_action(ActionEdit.from_detail(stranger.action_by_code("CUL-04")))
    assert len(stranger.actions()) == 84


def test_profiles_decide_what_each_person_may_change(service_desk: Desk) -> None:
    admin = admin_of(service_desk)
    culture = admin.add_office(OfficeDraft("Settore Cultura")).value.id
    works = admin.add_office(OfficeDraft("Lavori Pubblici")).value.id
    for code, office in (("CUL-04", culture), ("BEL-01", works)):
        edit = ActionEdit.from_detail(admin.action_by_code(code))
        edit.lead_office_id = office
        admin.save_action(edit)
    admin.add_user(UserDraft("mario.rossi", "ufficio", "Mario Rossi", (culture,)), password="x")
    admin.add_user(UserDraft("giulia.segr", "segreteria"), password="x")
    office_editor = as_person(service_desk, "mario.rossi")
    assert office_editor.actor.office_ids == {culture}

    edit = ActionEdit.from_detail(office_editor.action_by_code("CUL-04"))
    edit.status, edit.progress, edit.note = Status.IN_PROGRESS, 30, "Avviato"
    assert office_editor.save_action(edit).value.progress == 30
    other = ActionEdit.from_detail(office_editor.action_by_code("BEL-01"))
    other.progress, other.status = 10, Status.IN_PROGRESS
    with pytest.raises(PermissionDeniedError, match="BEL-01 non è affidata ai suoi uffici"):
        office_editor.save_action(other)
    due = ActionEdit.from_detail(office_editor.action_by_code("CUL-04"))
    due.due_date = due.due_date or __import__("datetime").date(2027, 1, 1)
    with pytest.raises(PermissionDeniedError, match="non la scadenza"):
        office_editor.save_action(due)
    with pytest.raises(PermissionDeniedError, match="gli uffici"):
        office_editor.add_office(OfficeDraft("Ufficio abusivo"))
    with pytest.raises(PermissionDeniedError):
        office_editor.bulk_edit([(r.id, r.version) for r in office_editor.actions()[:3]], BulkChange(referent="x"))
    secretary = as_person(service_desk, "giulia.segr")
    with pytest.raises(PermissionDeniedError, match="gestire gli utenti"):
        secretary.add_user(UserDraft("intruso", "admin"))
    assert secretary.bulk_edit([(r.id, r.version) for r in secretary.actions()[:3]], BulkChange(referent="y")).value


def test_people_are_edited_disabled_and_one_administrator_always_stays(service_desk: Desk) -> None:
    admin = admin_of(service_desk)
    culture = admin.add_office(OfficeDraft("Settore Cultura")).value.id
    row = admin.add_user(UserDraft("luca", "consultazione", "Luca"), password="x").value
    with pytest.raises(ValidationError, match="almeno un ufficio"):
        admin.update_user(row.id, row.version, UserDraft("luca", "ufficio"))
    row = admin.update_user(row.id, row.version, UserDraft("luca", "ufficio", "Luca Bianchi", (culture,))).value
    assert (row.role, row.offices, row.full_name) == ("ufficio", ("Settore Cultura",), "Luca Bianchi")
    row = admin.update_user(row.id, row.version, UserDraft("luca", "ufficio", "Luca Bianchi", (culture,), False)).value
    assert not row.active and as_person(service_desk, "luca").actor.role is Role.CONSULTAZIONE
    me = admin.user("anna.admin")
    with pytest.raises(ValidationError, match="almeno un amministratore"):
        admin.update_user(me.id, me.version, UserDraft("anna.admin", "segreteria"))
    with pytest.raises(ValidationError, match="Esiste già"):
        admin.add_user(UserDraft("LUCA", "consultazione"), password="x")
    with pytest.raises(ValidationError, match="non è valido"):
        admin.add_user(UserDraft("nome con spazi", "consultazione"))
    fields = {(e.entity_label, e.field) for e in admin.audit("user")}
    assert {("luca", "role"), ("luca", "offices"), ("luca", "active")} <= fields


def test_the_audit_chain_is_whole_after_every_kind_of_write(service_desk: Desk) -> None:
    desk = service_desk
    office = desk.add_office(OfficeDraft("Settore Cultura")).value.id
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.lead_office_id, edit.note = office, "Nota à è “ok”"
    saved = desk.save_action(edit)
    desk.undo(saved.value.id, saved.operation_id or 0)
    desk.bulk_edit([(r.id, r.version) for r in desk.actions()[:50]], BulkChange(status=Status.IN_PROGRESS))
    verdict = desk.verify_audit()
    assert verdict.whole and verdict.entries > 140, verdict.message()


def test_tampering_with_a_sqlite_audit_is_found(desk: Desk, db_path: Path) -> None:
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.progress, edit.status = 40, Status.IN_PROGRESS
    desk.save_action(edit)
    assert desk.verify_audit().whole
    desk.close()
    with sqlite3.connect(db_path) as connection:  # whoever can write the file can drop the trigger
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET actor = 'sindaco' WHERE field = 'progress'")
    tampered = Desk.open(db_path, Actor("x", Role.ADMIN))
    verdict = tampered.verify_audit()
    assert not verdict.whole and verdict.broken_id is not None and "alterata" in verdict.message()
    tampered.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TRIGGER audit_log_no_delete")
        connection.execute("UPDATE audit_log SET actor = 'segreteria.test' WHERE field = 'progress'")
        connection.execute("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
    cut = Desk.open(db_path, Actor("x", Role.ADMIN))
    assert "sono state tolte o aggiunte voci" in cut.verify_audit().message()
    cut.close()


def test_a_database_upgraded_from_0001_has_a_whole_chain_and_no_users_yet(tmp_path: Path) -> None:
    path = tmp_path / "vecchio.sqlite3"
    path.write_bytes(DB_MADE_BY_0001.read_bytes())
    desk = Desk.open(path, Actor("tecnico", Role.ADMIN))
    assert desk.users() == [] and desk.verify_audit().whole
    assert users.identify(desk.db, "m.rossi", desk.clock).role is Role.ADMIN  # first after the upgrade
    desk.close()
