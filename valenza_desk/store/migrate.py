"""Versioned migrations (Alembic) run on start, with a copy of the SQLite file taken first.

Alembic is imported only when an upgrade is due: an up-to-date database is recognised
with one query against ``HEAD_REVISION`` (a test keeps that constant equal to the newest
migration), which keeps start-up fast.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from valenza_desk.errors import DatabaseError, ReadOnlyDatabaseError
from valenza_desk.store.database import Database, read_only_message, translate_errors

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
HEAD_REVISION = "0001"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest migration, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise DatabaseError("Nessuna migrazione del database trovata: installazione incompleta.")
    return head


def current_revision(db: Database) -> str | None:
    with translate_errors(db), db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(db: Database) -> Path | None:
    """Bring the schema to the newest revision; returns the backup taken, if any."""
    current = current_revision(db)
    if current == HEAD_REVISION:
        return None
    if db.read_only:
        raise ReadOnlyDatabaseError(read_only_message(db))
    from alembic import command

    backup = backup_sqlite(db, current) if current is not None else None
    log.info("migrating %s from %s to %s", db.display_name, current, HEAD_REVISION)
    config = alembic_config()
    with translate_errors(db), db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup


def backup_sqlite(db: Database, revision: str | None) -> Path | None:
    """Copy the SQLite file beside itself with sqlite's online backup (safe with WAL)."""
    if db.path is None or not db.path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = db.path.with_name(f"{db.path.stem}.prima-di-{revision or 'vuoto'}-{stamp}{db.path.suffix}")
    try:
        source = sqlite3.connect(db.path)
        try:
            destination = sqlite3.connect(target)
            with destination:
                source.backup(destination)
            destination.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"Impossibile copiare il database prima dell'aggiornamento ({exc}): aggiornamento annullato."
        ) from exc
    log.info("backup before migration: %s", target)
    return target
