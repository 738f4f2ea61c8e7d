"""The database itself: pragmas, migrations with backup, schema file, locked and read-only files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from tests.conftest import DB_MADE_BY_0001
from valenza_desk.config import resolve_database_url
from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.errors import DatabaseError, DatabaseLockedError, PermissionDeniedError, ReadOnlyDatabaseError
from valenza_desk.services.desk import Desk
from valenza_desk.services.setup import open_database
from valenza_desk.store import database as database_module
from valenza_desk.store import migrate
from valenza_desk.store.database import Database
from valenza_desk.store.migrate import NewerDatabaseError
from valenza_desk.store.schema import SCHEMA_FILE, render_schema


def test_schema_sql_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "db/schema.sql is out of date: run `valenza-desk schema --write`"
    )


def test_migrations_produce_exactly_the_models(empty_db: Database) -> None:
    with empty_db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_pragmas(empty_db: Database) -> None:
    with empty_db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == database_module.BUSY_TIMEOUT_MS


def test_database_location_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_database_url(tmp_path / "a.sqlite3") == f"sqlite:///{tmp_path / 'a.sqlite3'}"
    monkeypatch.setenv("VALENZA_DESK_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_database_url(None).endswith("env.sqlite3")
    assert resolve_database_url("postgresql+psycopg://u:p@server/valenza").startswith("postgresql")
    monkeypatch.delenv("VALENZA_DESK_DB")
    assert resolve_database_url(None).endswith("valenza-desk.sqlite3")


def _snapshot(path: Path) -> dict[str, object]:
    """What a 0001 database holds, read with plain sqlite3 (independently of the app)."""
    with sqlite3.connect(path) as connection:
        counts = {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in (
                "programme",
                "programme_value",
                "stakeholder",
                "action",
                "office",
                "action_office",
                "action_value",
                "milestone",
                "progress_update",
                "audit_log",
            )
        }
        actions = {
            code: (status, progress, due, done, referent)
            for code, status, progress, due, done, referent in connection.execute(
                "SELECT code, status, progress, due_date, completed_on, referent FROM action"
            )
        }
        offices = sorted(
            connection.execute(
                "SELECT a.code, o.name, x.role FROM action_office x JOIN action a ON a.id = x.action_id "
                "JOIN office o ON o.id = x.office_id"
            ).fetchall()
        )
        milestones = sorted(
            connection.execute(
                "SELECT a.code, m.title, m.due_date, m.done_on FROM milestone m JOIN action a ON a.id = m.action_id"
            ).fetchall()
        )
        notes = sorted(
            connection.execute(
                "SELECT a.code, u.text, u.act_reference, u.author FROM progress_update u "
                "JOIN action a ON a.id = u.action_id"
            ).fetchall()
        )
        audit = connection.execute("SELECT id, actor, entity, entity_id, field FROM audit_log ORDER BY id").fetchall()
    return {
        "counts": counts,
        "actions": actions,
        "offices": offices,
        "milestones": milestones,
        "notes": notes,
        "audit": audit,
    }


def test_a_database_made_by_the_previous_version_opens_with_everything_in_it(tmp_path: Path, actor: Actor) -> None:
    path = tmp_path / "comune.sqlite3"
    shutil.copyfile(DB_MADE_BY_0001, path)
    before = _snapshot(path)
    assert before["counts"]["audit_log"] > 300 and before["counts"]["milestone"] > 10  # type: ignore[index]

    desk = Desk.open(path, actor)
    try:
        assert migrate.current_revision(desk.db) == migrate.HEAD_REVISION
        backups = sorted(tmp_path.glob("comune.prima-di-0001-*.sqlite3"))
        assert len(backups) == 1  # the copy taken before upgrading, a .sqlite3 file beside the database
        assert _snapshot(backups[0]) == before
        after = _snapshot(path)
        assert after == before  # every row kept: no cascade, no loss
        programme = desk.programme()
        assert programme is not None and (programme.period, programme.actions) == ("2020-2025", 84)
        cul4 = desk.action_by_code("CUL-04")
        assert cul4.values == ("Partecipazione", "Creatività")
        assert [m.title for m in cul4.milestones] == ["Dossier di candidatura", "Esito"]
        assert cul4.updates[0].act_reference == "Delibera G.C. n. 45 del 12/03/2024"
        # the old text audit became data with labels, grouped in operations
        entries = desk.audit(limit=None)
        assert len(entries) == before["counts"]["audit_log"]  # type: ignore[index]
        assert all(e.op_id is not None for e in entries)
        tags = next(e for e in entries if e.entity_label == "CUL-04" and e.field == "values")
        assert tags.new_value == [3, 5] and tags.new_label == "Partecipazione, Creatività"
        status = next(e for e in entries if e.entity_label == "CUL-04" and e.field == "status")
        assert (status.old_value, status.new_value, status.new_label) == ("not_started", "in_progress", "In corso")
        save_of_cul4 = {e.field for e in entries if e.op_id == tags.op_id}
        assert {"values", "status", "progress", "milestones", "note"} <= save_of_cul4
        # and it keeps working: a new save, a second programme
        edit = ActionEdit.from_detail(cul4)
        edit.progress = 70
        assert desk.save_action(edit).value.progress == 70
    finally:
        desk.close()
    again = Desk.open(path, actor)  # a second start: nothing to upgrade, no second copy
    again.close()
    assert len(list(tmp_path.glob("comune.prima-di-*"))) == 1


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path, actor: Actor) -> None:
    path = tmp_path / "futuro.sqlite3"
    shutil.copyfile(DB_MADE_BY_0001, path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    content = path.read_bytes()
    for _ in range(2):
        with pytest.raises(NewerDatabaseError, match="versione più recente di Valenza Desk") as caught:
            Desk.open(path, actor)
        assert "0099" in caught.value.message and "non è stato modificato" in caught.value.message
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["futuro.sqlite3"]  # no backup copies, no -wal


def test_known_revisions_match_the_migration_scripts() -> None:
    assert migrate.script_revisions() == list(migrate.KNOWN_REVISIONS)


def test_migrations_do_not_import_the_live_models() -> None:
    for script in (migrate.MIGRATIONS_DIR / "versions").glob("*.py"):
        assert "valenza_desk" not in script.read_text(encoding="utf-8"), script.name
    assert "valenza_desk" not in (migrate.MIGRATIONS_DIR / "env.py").read_text(encoding="utf-8")


def test_fresh_database_needs_no_backup(tmp_path: Path) -> None:
    open_database(tmp_path / "nuovo.sqlite3")
    assert [p.name for p in tmp_path.iterdir() if "prima-di" in p.name] == []


def test_locked_database_gives_italian_error_and_changes_nothing(
    desk: Desk, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 200)
    other_pc = Desk(Database.connect(db_path), desk.actor, desk.clock)
    edit = ActionEdit.from_detail(other_pc.action_by_code("CUL-04"))
    edit.progress = 50
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another PC holds the write lock
    try:
        with pytest.raises(DatabaseLockedError, match="occupato"):
            other_pc.save_action(edit)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert other_pc.action(edit.action_id).progress == 0
    assert other_pc.save_action(edit).value.progress == 50  # works once the lock is gone
    other_pc.close()


def test_read_only_database_can_be_read_but_not_written(desk: Desk, db_path: Path, actor: Actor) -> None:
    desk.close()
    reader = Desk.open(db_path, actor, read_only=True)
    assert reader.db.read_only
    assert len(reader.actions()) == 84
    edit = ActionEdit.from_detail(reader.action_by_code("CUL-04"))
    edit.progress = 50
    with pytest.raises(ReadOnlyDatabaseError, match="sola lettura"):
        reader.save_action(edit)
    reader.close()


def test_driver_read_only_error_is_translated(desk: Desk, db_path: Path, actor: Actor) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    db = Database(f"sqlite:///{db_path}", engine, read_only=False)  # the flag is wrong: the driver must tell
    wrong = Desk(db, actor, desk.clock)
    edit = ActionEdit.from_detail(wrong.action_by_code("CUL-04"))
    edit.progress = 50
    with pytest.raises(ReadOnlyDatabaseError, match="sola lettura"):
        wrong.save_action(edit)


def test_missing_database_is_refused_when_not_creating(tmp_path: Path, actor: Actor) -> None:
    target = tmp_path / "refuso" / "valenza.sqlite3"
    with pytest.raises(DatabaseError, match="non esiste"):
        Desk.open(target, actor, create=False)
    assert not target.parent.exists()


def test_a_viewer_cannot_create_a_database(tmp_path: Path) -> None:
    target = tmp_path / "nuovo.sqlite3"
    with pytest.raises(PermissionDeniedError, match="creare o aggiornare un database"):
        Desk.open(target, Actor("ospite", Role.CONSULTAZIONE))
    assert not target.exists()
    target.touch()  # an empty file would get the schema: refused too
    with pytest.raises(PermissionDeniedError):
        Desk.open(target, Actor("ospite", Role.CONSULTAZIONE))
    assert target.stat().st_size == 0


def test_not_a_database_file(tmp_path: Path) -> None:
    bogus = tmp_path / "documento.sqlite3"
    bogus.write_bytes(b"questo non \xe8 un database" * 100)
    with pytest.raises(DatabaseError, match="non è un database"):
        open_database(bogus)
    with pytest.raises(DatabaseError, match="cartella"):
        open_database(tmp_path)


def test_app_creates_what_schema_sql_declares(empty_db: Database, db_path: Path) -> None:
    import re

    declared = set(re.findall(r"CREATE (?:UNIQUE )?(?:TABLE|INDEX|TRIGGER IF NOT EXISTS) (\w+)", render_schema()))
    with sqlite3.connect(db_path) as connection:
        created = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            if name != "alembic_version"
        }
    assert created == declared
