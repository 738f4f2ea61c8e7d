"""Versioned migrations (Alembic) run on start, with a copy of the SQLite file taken first.

Alembic is imported only when an upgrade is due: an up-to-date database is recognised
with one query against ``HEAD_REVISION`` (a test keeps ``KNOWN_REVISIONS`` equal to the
migration scripts), which keeps start-up fast. A database whose revision this version
does not know comes from a newer Valenza Desk: it is refused untouched, without a copy.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from valenza_desk.errors import DatabaseError, ReadOnlyDatabaseError
from valenza_desk.store.database import Database, read_only_message, translate_errors, write_intent

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005")  # oldest first
HEAD_REVISION = KNOWN_REVISIONS[-1]
BACKUP_SUFFIX = ".sqlite3"


class NewerDatabaseError(DatabaseError):
    """The database was made or upgraded by a newer Valenza Desk."""


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_revisions() -> list[str]:
    """Every revision of the migration scripts, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]


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
    if current is not None and current not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            f"Il database «{db.display_name}» è stato creato o aggiornato da una versione più recente di "
            f"Valenza Desk (revisione dello schema {current}): installare l'ultima versione di Valenza Desk "
            "per aprirlo. Il database non è stato modificato."
        )
    if db.read_only:
        raise ReadOnlyDatabaseError(read_only_message(db))
    backup = backup_sqlite(db, current) if current is not None else None
    log.info("migrating %s from %s to %s", db.display_name, current, HEAD_REVISION)
    _run_alembic(db)
    return backup


def _run_alembic(db: Database) -> None:
    """Upgrade in one transaction; on SQLite with foreign keys off, so rebuilding a table
    never cascades into its children, and checked again before commit."""
    from alembic import command

    config = alembic_config()
    with translate_errors(db), write_intent(), db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside any transaction, or SQLite ignores it
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise DatabaseError(
                        "L'aggiornamento del database ha trovato riferimenti non validi ed è stato annullato: "
                        "il database non è stato modificato."
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def backup_path(db_path: Path, revision: str | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.prima-di-{revision or 'vuoto'}-{stamp}{BACKUP_SUFFIX}")


def backup_sqlite(db: Database, revision: str | None) -> Path | None:
    """Copy the SQLite file beside itself with sqlite's online backup (safe with WAL)."""
    if db.path is None or not db.path.exists():
        return None
    target = backup_path(db.path, revision)
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
