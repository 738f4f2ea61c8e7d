"""Keeping a database safe: backups (automatic and on demand), restore, checks.

SQLite: copies are made with SQLite's online backup API (consistent even while other PCs
work, WAL included), written to a temporary file and renamed, and checked with
``integrity_check`` before they count. A rolling copy is taken at start-up at most once a
day, beside the database, keeping the last N (the ``backup_keep`` setting, default 7).
``restore`` checks the copy (integrity and the app's own schema) before replacing
anything, and keeps the current database aside first. PostgreSQL: ``pg_dump`` when it is
installed; the server's own routine is described in the README.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from valenza_desk.errors import DatabaseError, ValidationError
from valenza_desk.services import audit_chain
from valenza_desk.store import migrate
from valenza_desk.store.database import Database

DAILY_PREFIX = "copia"
DEFAULT_KEEP = 7


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check of ``check``: its name, whether it passed, and what it found (Italian)."""

    name: str
    ok: bool
    detail: str


def _sqlite_path(db: Database) -> Path:
    if db.path is None:
        raise ValidationError("Questa operazione riguarda un database SQLite (un file).")
    return db.path


def copy_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of ``source`` at ``target`` (temporary file, checked, then renamed)."""
    target = target.expanduser().absolute()
    if target.exists() and target.is_dir():
        raise ValidationError(f"«{target}» è una cartella: indicare il nome del file della copia.")
    if not target.parent.is_dir():
        raise ValidationError(f"La cartella «{target.parent}» non esiste.")
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(temp) as dst:
            src.backup(dst)
        problem = _integrity(temp)
        if problem:
            raise DatabaseError(f"La copia di «{source}» non è integra ({problem}): nessun file è stato scritto.")
        with open(temp, "rb+") as handle:  # durable before the rename publishes it
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Impossibile copiare il database «{source}»: {exc}.") from exc
    except OSError as exc:
        raise DatabaseError(f"Impossibile scrivere la copia «{target}»: {exc.strerror or exc}.") from exc
    finally:
        temp.unlink(missing_ok=True)
    return target


def _integrity(path: Path) -> str:
    """ "" when ``path`` passes integrity_check, else the first problem found."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as exc:
        return str(exc)
    return "" if result == "ok" else str(result)


def backup(db: Database, out: Path | None, today: date) -> Path:
    """A copy of the database now: a SQLite file beside it (or ``out``), or a pg_dump file."""
    if db.path is None:
        return _pg_dump(db, out or Path(f"valenza-desk-{today.isoformat()}.dump"))
    default = db.path.with_name(f"{db.path.stem}.{DAILY_PREFIX}-{today.isoformat()}-manuale.sqlite3")
    return copy_sqlite(db.path, out or default)


def rolling_backup(db: Database, today: date, keep: int = DEFAULT_KEEP) -> Path | None:
    """The start-up copy: at most one a day, beside the database; the oldest beyond ``keep`` go."""
    if db.path is None or db.read_only or not db.path.exists():
        return None
    target = db.path.with_name(f"{db.path.stem}.{DAILY_PREFIX}-{today.isoformat()}.sqlite3")
    if not target.exists():
        copy_sqlite(db.path, target)
    daily = sorted(db.path.parent.glob(f"{db.path.stem}.{DAILY_PREFIX}-????-??-??.sqlite3"))
    for old in daily[: max(0, len(daily) - keep)]:
        old.unlink(missing_ok=True)
    return target


def restore(db: Database, source: Path, now: datetime) -> Path:
    """Replace the database's content with ``source`` after checking it; returns where the
    current content was kept aside."""
    path = _sqlite_path(db)
    source = source.expanduser().absolute()
    if not source.is_file():
        raise ValidationError(f"La copia «{source}» non esiste.")
    problem = _integrity(source)
    if problem:
        raise DatabaseError(f"La copia «{source}» non è integra ({problem}): il database non è stato toccato.")
    revision = _revision(source)
    if revision not in migrate.KNOWN_REVISIONS:
        what = "non è un database di Valenza Desk" if revision is None else f"ha lo schema {revision}, sconosciuto"
        raise DatabaseError(f"La copia «{source}» {what}: il database non è stato toccato.")
    aside = path.with_name(f"{path.stem}.prima-del-ripristino-{now.strftime('%Y%m%d-%H%M%S')}.sqlite3")
    copy_sqlite(path, aside)
    db.dispose()
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(path) as dst:
            src.backup(dst)  # page by page under SQLite's lock: other readers see all or nothing
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"Ripristino non riuscito ({exc}): il database precedente è conservato in «{aside}»."
        ) from exc
    return aside


def _revision(path: Path) -> str | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def check(db: Database) -> list[CheckResult]:
    """Integrity, foreign keys, the audit chain and the schema revision."""
    results: list[CheckResult] = []
    revision = migrate.current_revision(db)
    results.append(
        CheckResult(
            "schema",
            revision == migrate.HEAD_REVISION,
            f"revisione {revision} (attesa {migrate.HEAD_REVISION})",
        )
    )
    if db.path is not None:
        problem = _integrity(db.path)
        results.append(CheckResult("integrità", not problem, problem or "integrity_check: ok"))
        with sqlite3.connect(f"file:{db.path}?mode=ro", uri=True) as connection:
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        results.append(
            CheckResult(
                "riferimenti", not broken, f"{len(broken)} riferimenti non validi" if broken else "nessun problema"
            )
        )
    verdict = audit_chain.verify(db)
    results.append(CheckResult("registro delle modifiche", verdict.whole, verdict.message()))
    return results


def _pg_dump(db: Database, out: Path) -> Path:
    program = shutil.which("pg_dump")
    if program is None:
        raise DatabaseError(
            "pg_dump non è installato su questo PC: chiedere all'assistenza informatica la copia del server "
            "(vedere il README, «Copie del server»)."
        )
    url = make_url(db.url)
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    host = url.query.get("host") or url.host or ""
    command = [program, "--format=custom", f"--file={out}", f"--dbname={url.database}"]
    if host:
        command.append(f"--host={host}")
    if url.port or url.query.get("port"):
        command.append(f"--port={url.port or url.query.get('port')}")
    if url.username:
        command.append(f"--username={url.username}")
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=3600)
    if result.returncode != 0:
        raise DatabaseError(f"pg_dump non è riuscito: {result.stderr.strip()[:300]}")
    return out
