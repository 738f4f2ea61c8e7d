"""The database itself: pragmas, migrations with backup, schema file, locked and read-only files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from valenza_desk.config import resolve_database_url
from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.errors import DatabaseError, DatabaseLockedError, ReadOnlyDatabaseError
from valenza_desk.services import browse, editing
from valenza_desk.services.setup import open_database
from valenza_desk.store import database as database_module
from valenza_desk.store import migrate
from valenza_desk.store.database import Database
from valenza_desk.store.schema import SCHEMA_FILE, render_schema


def test_schema_sql_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "db/schema.sql is out of date: run `valenza-desk schema --write`"
    )


def test_head_revision_constant_matches_the_migrations() -> None:
    assert migrate.head_revision() == migrate.HEAD_REVISION


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


def test_upgrade_takes_a_backup_first(seeded_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded_db.dispose()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'base_for_test'")
    # the file now claims an older revision; there is no real older migration to run, so
    # Alembic's upgrade is replaced and the test checks what happens before it: the backup
    from alembic import command

    db = Database.connect(db_path)
    calls: list[str] = []
    monkeypatch.setattr(command, "upgrade", lambda config, revision: calls.append(revision))
    backup = migrate.upgrade(db)
    assert calls == ["head"]
    assert backup is not None and backup.exists()
    assert "prima-di-base_for_test" in backup.name
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT COUNT(*) FROM action").fetchone()[0] == 84


def test_fresh_database_needs_no_backup(tmp_path: Path) -> None:
    open_database(tmp_path / "nuovo.sqlite3")
    assert [p.name for p in tmp_path.iterdir() if "prima-di" in p.name] == []


def test_locked_database_gives_italian_error_and_changes_nothing(
    seeded_db: Database, db_path: Path, actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 200)
    db = Database.connect(db_path)
    edit = ActionEdit.from_detail(browse.action_detail(db, browse.action_id_for_code(db, "CUL-04")))
    edit.progress = 50
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another PC holds the write lock
    try:
        with pytest.raises(DatabaseLockedError, match="occupato"):
            editing.save_action(db, actor, edit)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert browse.action_detail(db, edit.action_id).progress == 0
    assert editing.save_action(db, actor, edit).progress == 50  # works once the lock is gone


def test_read_only_database_can_be_read_but_not_written(seeded_db: Database, db_path: Path, actor: Actor) -> None:
    seeded_db.dispose()
    db = open_database(db_path, read_only=True)
    assert db.read_only
    assert len(browse.list_actions(db)) == 84
    edit = ActionEdit.from_detail(browse.action_detail(db, browse.action_id_for_code(db, "CUL-04")))
    edit.progress = 50
    with pytest.raises(ReadOnlyDatabaseError, match="sola lettura"):
        editing.save_action(db, actor, edit)


def test_driver_read_only_error_is_translated(seeded_db: Database, db_path: Path, actor: Actor) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    db = Database(f"sqlite:///{db_path}", engine, read_only=False)  # the flag is wrong: the driver must tell
    edit = ActionEdit.from_detail(browse.action_detail(db, browse.action_id_for_code(db, "CUL-04")))
    edit.progress = 50
    with pytest.raises(ReadOnlyDatabaseError, match="sola lettura"):
        editing.save_action(db, actor, edit)


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
