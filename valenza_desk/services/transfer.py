"""Moving a local SQLite database to the shared server, with everything, verified.

``copy_to_server`` upgrades the file to the current schema (a copy is taken first, as for
every upgrade), requires an empty server database that ``server setup`` prepared, copies
every table row by row with its ids (the audit too, with its hash chain), sets the
sequences after the highest ids, and then compares, table by table, the number of rows
and a SHA-256 of their content read back from both sides: the copy counts only if all match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Table, func, select, text
from sqlmodel import SQLModel

from valenza_desk.errors import DatabaseError, ValidationError
from valenza_desk.store.database import Database, translate_errors
from valenza_desk.text import to_utc

# parents before children, so foreign keys hold while copying
TABLES = (
    "programme",
    "programme_value",
    "stakeholder",
    "office",
    "action",
    "action_office",
    "action_value",
    "milestone",
    "audit_operation",
    "act",
    "act_action",
    "progress_update",
    "due_date_change",
    "meeting",
    "snapshot_action",
    "snapshot_milestone",
    "setting",
    "app_user",
    "user_office",
    "audit_log",
    "audit_chain",
)
BATCH = 5_000


@dataclass(frozen=True, slots=True)
class TableCopy:
    table: str
    rows: int
    checksum: str


def _table(name: str) -> Table:
    import valenza_desk.store.models  # noqa: F401  (registers the tables)

    return SQLModel.metadata.tables[name]


def _normal(value: object) -> object:
    if isinstance(value, datetime):
        return to_utc(value).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def fingerprint(db: Database, name: str) -> TableCopy:
    """Rows and a content checksum of one table, read through the models' types (engine-neutral)."""
    table = _table(name)
    key = list(table.primary_key.columns)
    digest = hashlib.sha256()
    count = 0
    with translate_errors(db), db.engine.connect() as connection:
        for row in connection.execute(select(table).order_by(*key)):
            digest.update(json.dumps([_normal(v) for v in row], ensure_ascii=False).encode("utf-8"))
            count += 1
    return TableCopy(name, count, digest.hexdigest())


def copy_to_server(source: Database, target: Database) -> list[TableCopy]:
    """Copy every row of ``source`` (SQLite) into ``target`` (PostgreSQL) and verify it."""
    if source.path is None or target.engine.dialect.name != "postgresql":
        raise ValidationError("Indicare un file SQLite di origine e un URL PostgreSQL di destinazione.")
    with translate_errors(target), target.engine.connect() as connection:
        filled = [
            n
            for n in TABLES
            if n != "audit_chain" and connection.execute(select(func.count()).select_from(_table(n))).scalar()
        ]
    if filled:
        raise ValidationError(
            f"Il database sul server non è vuoto (tabelle con dati: {', '.join(filled)}): "
            "la copia va fatta in un database appena predisposto con «server setup»."
        )
    with translate_errors(target), target.engine.begin() as out, source.engine.connect() as inp:
        for name in TABLES:
            table = _table(name)
            if name == "audit_chain":
                out.execute(table.delete())
            rows = inp.execute(select(table)).mappings()
            batch: list[dict[str, object]] = []
            for row in rows:
                batch.append(dict(row))
                if len(batch) >= BATCH:
                    out.execute(table.insert(), batch)
                    batch = []
            if batch:
                out.execute(table.insert(), batch)
            if "id" in table.c and name != "audit_chain":
                out.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                    )
                )
    copies = []
    for name in TABLES:
        mine, theirs = fingerprint(source, name), fingerprint(target, name)
        if mine != theirs:
            raise DatabaseError(
                f"La verifica della copia non torna per la tabella {name} "
                f"({mine.rows} righe nel file, {theirs.rows} sul server): ripetere la copia in un database vuoto."
            )
        copies.append(theirs)
    return copies
