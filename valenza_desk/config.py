"""Where the data lives: database URL resolution, data and log folders, logging set-up."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_SLUG = "valenza-desk"
APP_AUTHOR = "Comune di Valenza"
DB_ENV = "VALENZA_DESK_DB"
DEFAULT_DB_NAME = "valenza-desk.sqlite3"


def data_dir() -> Path:
    return Path(user_data_dir(APP_SLUG, APP_AUTHOR))


def log_dir() -> Path:
    return Path(user_log_dir(APP_SLUG, APP_AUTHOR))


def default_database_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def resolve_database_url(target: str | os.PathLike[str] | None = None) -> str:
    """``--db`` value, else VALENZA_DESK_DB, else the default file; paths become sqlite URLs."""
    chosen = str(target) if target else os.environ.get(DB_ENV, "").strip()
    if not chosen:
        chosen = str(default_database_path())
    if "://" in chosen:
        return chosen
    path = Path(chosen).expanduser().resolve()
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for other databases and in-memory ones."""
    from sqlalchemy.engine import make_url  # here, not at the top: the window starts before SQLAlchemy loads

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def configure_logging(verbose: bool = False) -> Path | None:
    """Rotating log file in the user log folder; returns its path (None if not writable)."""
    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return None
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "valenza-desk.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
