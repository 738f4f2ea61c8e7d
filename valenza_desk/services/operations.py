"""The one write path: every change runs as an operation through ``run_operation``.

An operation checks the person's permission, runs its body in one transaction (the
body checks each row's ``version``), writes its audit entries in that same
transaction, grouped under one ``audit_operation`` row, and returns an ``OpResult``:
the body's value plus the change set (which actions, offices, stakeholders... changed).
A failure anywhere rolls everything back: no half-written change, no audit without
the change it describes.

Audit values are JSON data (ids, numbers, ISO dates), each with the label a reader
is shown; ``Operation.change`` records one field of one entity.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Table, insert, update
from sqlmodel import Session, col, select

from valenza_desk.domain.actor import Actor, Permission
from valenza_desk.domain.changes import ChangeSet, OpResult
from valenza_desk.domain.clock import Clock
from valenza_desk.domain.limits import AUDIT_LABEL
from valenza_desk.errors import ConflictError, ReadOnlyDatabaseError
from valenza_desk.services import audit_chain
from valenza_desk.store.database import Database, read_only_message
from valenza_desk.store.models import AuditLog, AuditOperation
from valenza_desk.text import format_datetime, to_utc

T = TypeVar("T")
_KINDS = ("actions", "offices", "stakeholders", "programmes", "values", "settings", "removed_actions")


def audit_json(value: object) -> str:
    """A value as the audit stores it: JSON with ISO dates, tuples as lists, None as null."""
    if value is None:
        return "null"
    return _ENCODER.encode(value)


def _json_default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    return str(value)


# one encoder, reused: json.dumps with options builds a new one per call (100,000 per import)
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default, sort_keys=True)


@dataclass(slots=True)
class Operation:
    """What an operation's body works with: the session, who, when, and what it changed."""

    session: Session
    actor: Actor
    now: datetime
    today: date
    programme_id: int | None = None
    name: str = ""
    label: str = ""
    entries: list[dict[str, object]] = field(default_factory=list)
    _changed: dict[str, set[Any]] = field(default_factory=lambda: {k: set() for k in _KINDS})
    _operation_id: int | None = None

    def operation_id(self) -> int:
        """The id of this operation's ``audit_operation`` row, written now if not yet (rows the
        operation creates, such as progress updates, point to it). The row is append-only: set
        ``programme_id`` before asking (an import does)."""
        if self._operation_id is None:
            row = AuditOperation(
                at=self.now,
                actor=self.actor.name,
                name=self.name,
                label=self.label[:AUDIT_LABEL],
                programme_id=self.programme_id,
            )
            self.session.add(row)
            self.session.flush()
            self._operation_id = row.id or 0
        return self._operation_id

    def touched(self, kind: str, *ids: Any) -> None:
        """Mark rows as changed (``kind``: actions, offices, stakeholders, programmes, values, settings)."""
        self._changed[kind].update(ids)

    def change(
        self,
        entity: str,
        entity_id: int | None,
        entity_label: str,
        kind: str,
        field: str = "",
        old: object = None,
        new: object = None,
        old_label: str | None = None,
        new_label: str | None = None,
    ) -> None:
        """Audit one field of one entity (``kind``: create, update, delete, import)."""
        self.entries.append(
            {
                "at": self.now,
                "actor": self.actor.name,
                "entity": entity,
                "entity_id": entity_id,
                "entity_label": entity_label[:AUDIT_LABEL],
                "operation": kind,
                "field": field,
                "old_value": audit_json(old),
                "new_value": audit_json(new),
                "old_label": _label(old) if old_label is None else old_label,
                "new_label": _label(new) if new_label is None else new_label,
            }
        )

    def changes(self) -> ChangeSet:
        return ChangeSet(**{k: frozenset(v) for k, v in self._changed.items()})


def _label(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | tuple):
        return ", ".join(_label(v) for v in value)
    return str(value)


def run_operation(
    db: Database,
    actor: Actor,
    clock: Clock,
    name: str,
    label: str,
    permission: Permission,
    body: Callable[[Operation], T],
    programme_id: int | None = None,
) -> OpResult[T]:
    """Run ``body`` as one audited, all-or-nothing operation; see the module docstring."""
    if db.read_only:  # the real reason first: nobody may write here
        raise ReadOnlyDatabaseError(read_only_message(db))
    actor.require(permission)
    with db.write() as session:
        op = Operation(session, actor, clock.now(), clock.today(), programme_id, name, label)
        value = body(op)
        operation_id = _write_audit(session, op) if op.entries else None
    return OpResult(value, op.changes(), operation_id)


def _write_audit(session: Session, op: Operation) -> int:
    """The operation's row, then its entries chained after the last one (see ``services.audit_chain``)."""
    operation_id = op.operation_id()
    for entry in op.entries:
        entry["op_id"] = operation_id
    prev_hash, count = audit_chain.lock_head(session)
    last_hash = audit_chain.chain(op.entries, prev_hash)
    bulk_insert(session, AuditLog.__table__, op.entries)
    audit_chain.advance_head(session, last_hash, count + len(op.entries))
    return operation_id


def bulk_insert(session: Session, table: Table, rows: list[dict[str, object]]) -> None:
    """INSERT many rows with one driver-level executemany (100,000 audit entries or actions).

    SQLAlchemy's own executemany prepares every row's parameters in Python; here each
    column's bind processor (dates on SQLite) runs once per value and the driver gets
    the rows as they are. Every row must have the keys of the first; columns left out get
    their model's scalar default.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    defaults = {
        c.name: c.default.arg  # type: ignore[union-attr]
        for c in table.c
        if c.name not in rows[0] and c.default is not None and c.default.is_scalar
    }
    if defaults:  # the driver gets no model defaults: give the missing columns theirs
        rows = [{**defaults, **row} for row in rows]
    columns = list(rows[0])
    if dialect.paramstyle not in ("qmark", "pyformat"):  # another driver: SQLAlchemy's own executemany
        connection.execute(insert(table), rows)
        return
    processors = {c: p for c in columns if (p := table.c[c].type._cached_bind_processor(dialect)) is not None}
    if dialect.paramstyle == "qmark":  # sqlite3: positional tuples bind fastest
        marks = ", ".join("?" for _ in columns)
        params: list[Any] = [
            tuple(_memo(processors[c], row[c]) if c in processors else row[c] for c in columns) for row in rows
        ]
    else:
        marks = ", ".join(f"%({c})s" for c in columns)
        params = [{**row, **{c: _memo(p, row[c]) for c, p in processors.items()}} for row in rows]
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", params)


_MEMO: dict[tuple[object, object], object] = {}


def _memo(process: Callable[[object], object], value: object) -> object:
    """A bind processor's result, remembered: a bulk insert repeats the same timestamp 100,000 times."""
    key = (process, value)
    try:
        return _MEMO[key]
    except KeyError:
        if len(_MEMO) > 4096:
            _MEMO.clear()
        result = _MEMO[key] = process(value)
        return result
    except TypeError:  # unhashable
        return process(value)


def bump_version(session: Session, model: Any, row_id: int, expected: int, values: dict[str, object]) -> None:
    """``UPDATE … SET version = version + 1 WHERE id = ? AND version = ?``: ConflictError if it moved."""
    result = session.execute(
        update(model)
        .where(col(model.id) == row_id, col(model.version) == expected)
        .values(**values, version=expected + 1)
    )
    if result.rowcount != 1:
        raise ConflictError(conflict_message(session, model.__tablename__, row_id))


def conflict_message(session: Session, entity: str, entity_id: int, label: str = "") -> str:
    """Who changed the row meanwhile and when, from the audit log, in Italian."""
    last = session.exec(
        select(AuditLog)
        .where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
        .order_by(col(AuditLog.id).desc())
    ).first()
    who = f" da {last.actor} il {format_datetime(to_utc(last.at))}" if last else " da un altro utente"
    name = label or (last.entity_label if last else "")
    if entity == "office":
        what = f"L'ufficio «{name}» è stato modificato{who} dopo che l'avete aperto."
    else:
        what = f"L'azione {name} è stata modificata{who} dopo che l'avete aperta."
    return f"{what} Le vostre modifiche non sono state salvate: ricaricate e riapplicatele."


def labels_of(pairs: Iterable[tuple[int, str]], ids: Iterable[int]) -> str:
    """The names of ``ids`` (in the order given), joined for an audit label."""
    names = dict(pairs)
    return ", ".join(names.get(i, str(i)) for i in ids)
