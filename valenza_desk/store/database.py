"""The Database handle: engine with pragmas, read and write sessions, error translation.

SQLite: foreign keys on, WAL, synchronous=NORMAL, a busy timeout, and writes begin
with BEGIN IMMEDIATE so two PCs never deadlock upgrading a read lock. Low-level
errors a person can cause (locked, read-only, unreachable) come out as the project's
own exceptions with Italian messages.
"""

from __future__ import annotations

import contextvars
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session

from valenza_desk.config import resolve_database_url, sqlite_path
from valenza_desk.errors import (
    ConnectionLostError,
    DatabaseError,
    DatabaseLockedError,
    ReadOnlyDatabaseError,
    ValenzaError,
    ValidationError,
)
from valenza_desk.store.network import network_filesystem, share_message

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)


class Database:
    """One database (a SQLite file or a server URL) and how to talk to it."""

    def __init__(self, url: str, engine: Engine, read_only: bool = False, read_only_reason: str = "") -> None:
        self.url = url
        self.engine = engine
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self.path = sqlite_path(url)

    @classmethod
    def connect(
        cls,
        target: str | os.PathLike[str] | None = None,
        read_only: bool = False,
        create: bool = True,
        allow_network_share: bool = False,
    ) -> Database:
        """Open (creating the folder if needed) without migrating; see ``services.setup``.

        ``read_only`` opens for consultation only; a file this user cannot write is
        opened that way anyway, with the reason kept for the message. With ``create``
        false a SQLite file that does not exist is refused instead of created.
        """
        url = resolve_database_url(target)
        path = sqlite_path(url)
        reason = ""
        if path is not None:
            if not create and not path.exists():
                raise DatabaseError(
                    f"Il database «{path}» non esiste: controllare il percorso indicato con --db. "
                    f'Per crearne uno nuovo usare «valenza-desk --db "{path}" init».'
                )
            reason = _prepare_sqlite_file(path, read_only)
            share = network_filesystem(path.parent)
            if share and not allow_network_share and not reason:
                reason = share_message(path, share)
            read_only = read_only or bool(reason)
        engine = _make_engine(url, read_only)
        return cls(url, engine, read_only, reason)

    @property
    def exists(self) -> bool:
        """False only for a SQLite file not created yet."""
        return self.path is None or self.path.exists()

    @property
    def display_name(self) -> str:
        """What to show the user: the file path, or the server URL without password."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; rows it returns stay usable after it closes.

        It never takes the write lock, even when opened while a write is under way.
        """
        token = _write_intent.set(False)
        try:
            with translate_errors(self), Session(self.engine, expire_on_commit=False) as session:
                yield session
        finally:
            _write_intent.reset(token)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one transaction: committed whole on success, rolled back on error."""
        if self.read_only:
            raise ReadOnlyDatabaseError(read_only_message(self))
        with (
            write_intent(),
            translate_errors(self),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def use_wal(self) -> None:
        """Put a writable SQLite file in WAL mode (kept in the file; a no-op once set).

        Done after the schema check rather than on connect: merely looking at a database
        (one from a newer version, an empty file a viewer cannot initialise) changes nothing.
        """
        if self.path is None or self.read_only:
            return
        with translate_errors(self), self.engine.connect() as connection:
            connection.connection.driver_connection.execute("PRAGMA journal_mode=WAL")

    def dispose(self) -> None:
        self.engine.dispose()


def read_only_message(db: Database) -> str:
    if db.read_only_reason:
        return db.read_only_reason
    return (
        f"Il database «{db.display_name}» è in sola lettura: le modifiche non possono essere salvate. "
        "Chiedere all'assistenza informatica il permesso di scrittura sul file e sulla sua cartella."
    )


# what drivers say when an open connection drops (PostgreSQL restarted, network gone)
_LOST = (
    "server closed the connection",
    "terminating connection",
    "connection already closed",
    "connection is closed",
    "ssl connection has been closed",
    "connection reset",
    "consuming input failed",
)


@contextmanager
def translate_errors(db: Database) -> Iterator[None]:
    """Turn driver errors a person can cause into the project's Italian exceptions."""
    try:
        yield
    except ValenzaError:
        raise
    except IntegrityError as exc:
        log.warning("integrity error: %s", exc)
        raise ValidationError(
            "La modifica non rispetta i vincoli dei dati (per esempio un nome già usato) e non è stata salvata."
        ) from exc
    except (OperationalError, DBAPIError) as exc:
        message = str(exc.orig if getattr(exc, "orig", None) is not None else exc).lower()
        log.warning("database error on %s: %s", db.display_name, message)
        if "locked" in message or "busy" in message:
            raise DatabaseLockedError(
                f"Il database «{db.display_name}» è occupato da un altro utente o programma. "
                "Attendere qualche secondo e riprovare: nessuna modifica è andata persa."
            ) from exc
        if "readonly" in message or "read-only" in message or "read only" in message:
            raise ReadOnlyDatabaseError(read_only_message(db)) from exc
        if getattr(exc, "connection_invalidated", False) or any(sign in message for sign in _LOST):
            raise ConnectionLostError(
                f"Connessione al server persa ({db.display_name}): l'operazione non è stata completata "
                "e nulla è stato salvato. Controllare la rete e riprovare."
            ) from exc
        unknown_login = "role" in message and "does not exist" in message
        if unknown_login or "password authentication failed" in message or "no password supplied" in message:
            raise DatabaseError(
                f"Accesso al server non riuscito ({db.display_name}): nome di accesso o password non validi."
            ) from exc
        if "failed to resolve host" in message or "could not translate host name" in message:
            raise DatabaseError(
                f"Server non trovato ({db.display_name}): controllare il nome del server e la rete."
            ) from exc
        if "database" in message and "does not exist" in message:
            raise DatabaseError(f"Sul server non esiste il database indicato ({db.display_name}).") from exc
        if "unable to open" in message or "could not connect" in message or "connection refused" in message:
            raise DatabaseError(
                f"Impossibile aprire il database «{db.display_name}». Controllare il percorso o la connessione."
            ) from exc
        if "not a database" in message or "malformed" in message:
            raise DatabaseError(f"Il file «{db.display_name}» non è un database di Valenza Desk valido.") from exc
        raise DatabaseError(f"Errore del database «{db.display_name}»: {message}") from exc


def _prepare_sqlite_file(path: Path, read_only: bool) -> str:
    """Create the folder for a new file; for an existing one, why it cannot be written ("" if it can)."""
    if read_only and not path.exists():
        raise DatabaseError(f"Il database «{path}» non esiste.")
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"«{path}» è una cartella, non un file di database.")
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            return (
                f"Il database «{path}» è in sola lettura: le modifiche non possono essere salvate. "
                "Chiedere all'assistenza informatica il permesso di scrittura sul file e sulla sua cartella."
            )
        stale = [p for p in _companions(path) if p.exists() and not os.access(p, os.W_OK)]
        if stale:
            names = " e ".join(f"«{p.name}»" for p in stale)
            return (
                f"Il database «{path}» si può solo consultare: i file di lavoro {names} accanto ad esso "
                "appartengono a un altro utente o sono protetti (rimasti, per esempio, dopo un cambio dei permessi). "
                "Chiudere Valenza Desk su tutti i PC e chiedere all'assistenza informatica di eliminarli o di "
                "renderli scrivibili: il database stesso è integro."
            )
        return ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"Impossibile creare la cartella del database «{path.parent}»: {exc.strerror}.") from exc
    if not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabaseError(f"Impossibile creare il database in «{path.parent}»: cartella in sola lettura.")
    return ""


def _companions(path: Path) -> tuple[Path, Path]:
    """The WAL and shared-memory files SQLite keeps beside a database in WAL mode."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


@contextmanager
def write_intent() -> Iterator[None]:
    """Transactions begun inside take SQLite's write lock up front (BEGIN IMMEDIATE)."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def _make_engine(url: str, read_only: bool) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if read_only and path is not None:
        # In a folder we cannot write, SQLite cannot create the -shm file a WAL database
        # needs; without a pending -wal file the content is all in the main file, so
        # "immutable" is then safe. Otherwise plain read-only mode.
        folder_writable = os.access(path.parent, os.W_OK)
        wal_pending = path.with_name(path.name + "-wal").exists()
        flags = "mode=ro" if folder_writable or wal_pending else "mode=ro&immutable=1"
        engine = create_engine(
            f"sqlite:///file:{path}?{flags}&uri=true", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
        )
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            cursor.execute("PRAGMA synchronous=NORMAL")  # per connection; WAL is set once, see use_wal()
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")

    return engine
