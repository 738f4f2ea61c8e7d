"""The audit log as a hash chain: every entry carries the SHA-256 of its canonical form, which
includes the hash of the entry before it, so altering, removing or reordering an entry breaks
the chain from there on, and ``verify`` finds the first entry that does not hold.

Entries are chained in the transaction that writes them, after taking the lock on the
single ``audit_chain`` row (``FOR UPDATE`` on PostgreSQL; SQLite's write lock is already
exclusive), so concurrent writers on either engine chain one after the other. The chain
row also keeps the number of entries and the last hash, which reveals entries cut from
the end.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session

from valenza_desk.store.database import Database
from valenza_desk.text import format_datetime, to_utc

# the fields of an entry that its hash covers, in this order
CHAINED = (
    "op_id",
    "at",
    "actor",
    "entity",
    "entity_id",
    "entity_label",
    "operation",
    "field",
    "old_value",
    "new_value",
    "old_label",
    "new_label",
)


def canonical(prev_hash: str, entry: dict[str, object]) -> bytes:
    """The bytes an entry's hash is taken over: the previous hash and the entry's fields, as JSON."""
    values: list[object] = [prev_hash]
    for name in CHAINED:
        value = entry[name]
        if name == "at":
            value = to_utc(value).isoformat(timespec="microseconds")
        values.append(value)
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(prev_hash: str, entry: dict[str, object]) -> str:
    return hashlib.sha256(canonical(prev_hash, entry)).hexdigest()


def lock_head(session: Session) -> tuple[str, int]:
    """Take the chain's lock; returns (last hash, number of entries) to continue from."""
    connection = session.connection()
    suffix = " FOR UPDATE" if connection.dialect.name == "postgresql" else ""
    row = connection.execute(text(f"SELECT last_hash, entries FROM audit_chain WHERE id = 1{suffix}")).first()
    if row is None:  # a database made before the chain: start it now
        connection.execute(text("INSERT INTO audit_chain (id, last_id, last_hash, entries) VALUES (1, 0, '', 0)"))
        return "", 0
    return row[0], row[1]


def chain(entries: list[dict[str, object]], prev_hash: str) -> str:
    """Give each entry its ``prev_hash`` and ``hash`` in order; returns the last hash."""
    for entry in entries:
        entry["prev_hash"] = prev_hash
        prev_hash = entry["hash"] = entry_hash(prev_hash, entry)
    return prev_hash


def advance_head(session: Session, last_hash: str, count: int) -> None:
    session.connection().execute(
        text(
            "UPDATE audit_chain SET last_hash = :h, entries = :n, "
            "last_id = (SELECT COALESCE(MAX(id), 0) FROM audit_log) WHERE id = 1"
        ),
        {"h": last_hash, "n": count},
    )


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of ``verify``: whole, or the first entry that breaks the chain and why."""

    entries: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def whole(self) -> bool:
        return self.broken_id is None and not self.reason

    def message(self) -> str:
        if self.whole:
            return f"Registro delle modifiche integro: {self.entries} voci verificate, catena completa."
        where = f"voce n. {self.broken_id}: " if self.broken_id is not None else ""
        return f"Registro delle modifiche NON integro — {where}{self.reason}"


def verify(db: Database) -> Verdict:
    """Walk every entry in order and recompute the chain."""
    columns = ", ".join(("id", "prev_hash", "hash", *CHAINED))
    with db.read() as session:
        connection = session.connection()
        head = connection.execute(text("SELECT last_hash, entries FROM audit_chain WHERE id = 1")).first()
        rows = connection.execute(text(f"SELECT {columns} FROM audit_log ORDER BY id")).mappings()
        verdict = _walk(rows)
    if not verdict.whole:
        return verdict
    last_hash, count = head if head is not None else ("", 0)
    if verdict.entries != count or (count and _last_hash(db) != last_hash):
        return Verdict(
            verdict.entries,
            None,
            f"il registro ha {verdict.entries} voci ma la catena ne attesta {count}: "
            "sono state tolte o aggiunte voci fuori da Valenza Desk.",
        )
    return verdict


def _last_hash(db: Database) -> str:
    with db.read() as session:
        row = session.connection().execute(text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
    return row[0] if row else ""


def _walk(rows: Iterable[object]) -> Verdict:
    previous = ""
    previous_id: int | None = None
    count = 0
    for row in rows:
        entry = dict(row)  # type: ignore[call-overload]
        count += 1
        if entry["prev_hash"] != previous:
            after = f"dopo la voce n. {previous_id}" if previous_id is not None else "all'inizio"
            return Verdict(count, entry["id"], f"la catena è interrotta {after}: una voce manca o è stata spostata.")
        if entry_hash(previous, entry) != entry["hash"]:
            when = format_datetime(to_utc(entry["at"])) if isinstance(entry["at"], datetime | str) else ""
            return Verdict(
                count,
                entry["id"],
                f"il contenuto (del {when}, di {entry['actor']}) non corrisponde a quello registrato: "
                "la voce è stata alterata.",
            )
        previous, previous_id = entry["hash"], entry["id"]
    return Verdict(count)
