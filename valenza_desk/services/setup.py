"""Opening a database ready for use: connect, migrate (with backup), seed on first start."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ImportSummary
from valenza_desk.resources import bundled_programme_path
from valenza_desk.services.programme import import_programme_file, is_empty
from valenza_desk.store import migrate
from valenza_desk.store.database import Database

log = logging.getLogger(__name__)


def open_database(target: str | os.PathLike[str] | None = None, read_only: bool = False) -> Database:
    """Connect to ``target`` (path or URL; default: env or user data file) and migrate it."""
    db = Database.connect(target, read_only=read_only)
    backup = migrate.upgrade(db)
    if backup is not None:
        log.info("database upgraded; previous copy kept at %s", backup)
    return db


def ensure_programme(db: Database, actor: Actor, source: Path | None = None) -> ImportSummary | None:
    """Import the bundled programme when the database has none yet; None if already there."""
    if not is_empty(db):
        return None
    return import_programme_file(db, actor, source or bundled_programme_path())
