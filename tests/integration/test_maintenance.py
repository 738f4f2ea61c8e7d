"""Backups, restore, checks and the move to the shared server, on real files and the real server."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import TODAY
from tests.integration.conftest import PG_URL, pg_admin, pg_database_url
from tests.integration.test_cli import failed, ok, run
from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import ActionEdit, OfficeDraft, UserDraft
from valenza_desk.domain.status import Status
from valenza_desk.errors import DatabaseError
from valenza_desk.services import maintenance, transfer
from valenza_desk.services.desk import Desk


def content(path: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every row of every table, read with plain sqlite3."""
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in sorted(tables)}


def worked_on(desk: Desk) -> None:
    office = desk.add_office(OfficeDraft("Settore Cultura")).value.id
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.lead_office_id, edit.status, edit.progress = office, Status.IN_PROGRESS, 30
    edit.note, edit.act_reference = "Avviato à è", "Delibera G.C. n. 45 del 12/03/2024"
    desk.save_action(edit)


def test_backup_and_restore_round_trip_to_identical_content(desk: Desk, db_path: Path, tmp_path: Path) -> None:
    worked_on(desk)
    copy = maintenance.backup(desk.db, tmp_path / "copia.sqlite3", TODAY)
    saved = content(copy)
    assert saved == content(db_path)
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.progress = 90
    desk.save_action(edit)  # work done after the backup...
    aside = maintenance.restore(desk.db, copy, desk.now())  # ...is undone by the restore
    assert content(db_path) == saved
    assert content(aside)["action"] != saved["action"]  # the replaced database was kept aside
    reopened = Desk.open(db_path, desk.actor, desk.clock)
    assert reopened.action_by_code("CUL-04").progress == 30 and reopened.verify_audit().whole
    reopened.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"non un database" * 100), "non è integra"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE x (a)").connection.commit(), "non è un database di"),
    ],
)
def test_a_bad_copy_is_refused_before_anything_is_replaced(
    desk: Desk, db_path: Path, tmp_path: Path, make, message
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "cattiva.sqlite3"
    make(bad)
    before = content(db_path)
    with pytest.raises(DatabaseError, match=message):
        maintenance.restore(desk.db, bad, desk.now())
    assert content(db_path) == before
    assert not list(db_path.parent.glob("*prima-del-ripristino*"))


def test_rolling_backups_once_a_day_keeping_the_last_ones(desk: Desk, db_path: Path) -> None:
    for day in range(10):
        first = maintenance.rolling_backup(desk.db, TODAY + timedelta(days=day), keep=3)
        again = maintenance.rolling_backup(desk.db, TODAY + timedelta(days=day), keep=3)
        assert first == again and first is not None and first.exists()
    kept = sorted(p.name for p in db_path.parent.glob("valenza.copia-*.sqlite3"))
    assert kept == [f"valenza.copia-{(TODAY + timedelta(days=d)).isoformat()}.sqlite3" for d in (7, 8, 9)]


def test_how_many_daily_copies_are_kept_is_a_setting(desk: Desk, db_path: Path) -> None:
    desk.close()
    assert "le ultime 2" in ok(db_path, "backup", "--keep", "2")
    assert "tra 1 e 365" in failed(db_path, "backup", "--keep", "0").stderr
    again = Desk.open(db_path, Actor("segreteria.test", Role.SEGRETERIA), desk.clock)
    try:
        for _ in range(4):
            again.clock.advance(1)  # type: ignore[attr-defined]
            again.daily_backup()
        kept = sorted(p.name for p in db_path.parent.glob("valenza.copia-*.sqlite3"))
        assert len(kept) == 2 and kept[-1].endswith(f"{again.today().isoformat()}.sqlite3")
        assert any(e.field == "backup_keep" and e.new_value == 2 for e in again.audit(entity="setting"))
    finally:
        again.close()


def test_check_reports_every_part(desk: Desk, db_path: Path) -> None:
    worked_on(desk)
    results = {r.name: r for r in maintenance.check(desk.db)}
    assert all(r.ok for r in results.values()), results
    assert set(results) == {"schema", "integrità", "riferimenti", "registro delle modifiche"}


def test_backup_restore_check_and_audit_from_the_cli(desk: Desk, db_path: Path, tmp_path: Path) -> None:
    worked_on(desk)
    desk.close()
    out = tmp_path / "manuale.sqlite3"
    assert "Copia scritta" in ok(db_path, "backup", "--out", str(out))
    assert content(out) == content(db_path)
    checked = ok(db_path, "check")
    assert checked.count("OK ") == 4
    assert "integro" in ok(db_path, "audit", "verify")
    listed = ok(db_path, "audit", "--action", "CUL-04")
    assert "Settore Cultura" in listed and "In corso" in listed
    assert "amministrazione" in ok(db_path, "users")  # the CLI person, first here, is the administrator
    assert "Database ripristinato" in ok(db_path, "restore", str(out))
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET new_label = 'falso' WHERE field = 'progress'")
    broken = run(db_path, "audit", "verify")
    assert broken.returncode == 1 and "NON integro" in broken.stdout
    assert run(db_path, "check").returncode == 1


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server")
def test_a_local_database_moves_to_the_server_with_everything(desk: Desk, db_path: Path) -> None:
    worked_on(desk)
    admin = Desk(desk.db, Actor("anna.admin", Role.ADMIN), desk.clock)
    admin.add_user(UserDraft("anna.admin", "admin"))
    desk.close()
    name = "valenza_copy_" + __import__("uuid").uuid4().hex[:8]
    pg_admin(f'CREATE DATABASE "{name}"')
    try:
        url = pg_database_url(name)
        ok(None, "server", "setup", url)
        out = ok(None, "server", "copy-from-sqlite", str(db_path), url)
        assert "Copia completata e verificata" in out
        source, target = Desk.open(db_path, Actor("x", Role.ADMIN)), Desk.open(url, Actor("x", Role.ADMIN))
        try:
            for table in transfer.TABLES:
                assert transfer.fingerprint(source.db, table) == transfer.fingerprint(target.db, table), table
            assert target.verify_audit().whole
            assert target.action_by_code("CUL-04").updates[0].act_reference == "Delibera G.C. n. 45 del 12/03/2024"
            edit = ActionEdit.from_detail(target.action_by_code("CUL-04"))
            edit.progress = 50
            target.save_action(edit)  # sequences continue after the copied ids
            assert target.verify_audit().whole
        finally:
            source.close()
            target.close()
        again = failed(None, "server", "copy-from-sqlite", str(db_path), url)
        assert "non è vuoto" in again.stderr
        # the administrator copied from the file has no server login yet: «users edit --password-stdin» makes it
        login = "anna_" + name.rsplit("_", 1)[1]
        added = run(url, "users", "add", login, "--role", "segreteria", "--password-stdin", input="prima\n")
        assert added.returncode == 0, added.stderr
        pg_admin(f'DROP ROLE "{login}"')  # as for a person copied from a SQLite file: known to the app only
        as_person = make_url(url).set(username=login).render_as_string(hide_password=False)
        assert run(as_person, "actions").returncode != 0
        edited = run(url, "users", "edit", login, "--password-stdin", input="seconda\n")
        assert edited.returncode == 0, edited.stderr
        assert "Utente aggiornato" in edited.stdout and "CUL-04" in ok(as_person, "actions")
        assert "password" in failed(db_path, "users", "edit", "anna.admin", "--password-stdin").stderr
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
        pg_admin(f'DROP ROLE IF EXISTS "anna_{name.rsplit("_", 1)[1]}"')
