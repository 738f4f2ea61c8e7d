"""Opening a database ready for use: connect, migrate (with backup), seed on first start."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from valenza_desk.config import resolve_database_url, sqlite_path
from valenza_desk.domain.actor import Actor, Permission
from valenza_desk.domain.clock import Clock, SystemClock
from valenza_desk.domain.rows import ImportSummary
from valenza_desk.importers.programme_text import read_programme_file
from valenza_desk.resources import bundled_programme_path
from valenza_desk.services.operations import run_operation
from valenza_desk.services.programme import import_programme, is_empty
from valenza_desk.store import migrate
from valenza_desk.store.database import Database

log = logging.getLogger(__name__)


def open_database(
    target: str | os.PathLike[str] | None = None,
    read_only: bool = False,
    create: bool = True,
    actor: Actor | None = None,
    allow_network_share: bool = False,
) -> Database:
    """Connect to ``target`` (path or URL; default: env or user data file) and migrate it.

    With ``create`` false a missing SQLite file is refused (read commands never create one);
    with an ``actor`` who may not create databases, a new file is refused before anything
    is written.
    """
    path = sqlite_path(resolve_database_url(target))
    if create and actor is not None and path is not None and not path.exists():
        actor.require(Permission.CREATE_DATABASE)  # before anything is written
    db = Database.connect(target, read_only=read_only, create=create, allow_network_share=allow_network_share)
    try:
        if actor is not None and migrate.current_revision(db) is None:
            actor.require(Permission.CREATE_DATABASE)  # an empty file would get the schema
        backup = migrate.upgrade(db)
        db.use_wal()
    except BaseException:
        db.dispose()
        raise
    if backup is not None:
        log.info("database upgraded; previous copy kept at %s", backup)
    return db


def ensure_programme(
    db: Database, actor: Actor, source: Path | None = None, clock: Clock | None = None
) -> ImportSummary | None:
    """Import the bundled programme when the database has none yet; None if already there."""
    if not is_empty(db):
        return None
    parsed = read_programme_file(source or bundled_programme_path())
    label = f"Importazione di {parsed.source_file}"
    return run_operation(
        db,
        actor,
        clock or SystemClock(),
        "import_programme",
        label,
        Permission.IMPORT_PROGRAMME,
        lambda op: import_programme(op, parsed),
    ).value
