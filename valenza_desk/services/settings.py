"""Settings shared by everyone using the database (not per PC): the due-soon window and how many
daily copies of a SQLite file are kept.

Stored as JSON in the ``setting`` table; changed through the write path like any other
data, so every change is audited.
"""

from __future__ import annotations

import json

from sqlmodel import select

from valenza_desk.domain.status import DEFAULT_DUE_SOON_DAYS
from valenza_desk.errors import ValidationError
from valenza_desk.services.operations import Operation
from valenza_desk.store.database import Database
from valenza_desk.store.models import Setting

DUE_SOON_DAYS = "due_soon_days"
MAX_DUE_SOON_DAYS = 366
BACKUP_KEEP = "backup_keep"
DEFAULT_BACKUP_KEEP = 7


def read_settings(db: Database) -> dict[str, object]:
    with db.read() as session:
        return {row.key: json.loads(row.value) for row in session.exec(select(Setting))}


def due_soon_days(settings: dict[str, object]) -> int:
    value = settings.get(DUE_SOON_DAYS, DEFAULT_DUE_SOON_DAYS)
    return value if isinstance(value, int) and 0 <= value <= MAX_DUE_SOON_DAYS else DEFAULT_DUE_SOON_DAYS


def backup_keep(settings: dict[str, object]) -> int:
    """How many daily copies of a SQLite file are kept beside it (default 7)."""
    value = settings.get(BACKUP_KEEP, DEFAULT_BACKUP_KEEP)
    return value if isinstance(value, int) and 1 <= value <= 365 else DEFAULT_BACKUP_KEEP


def set_due_soon_days(op: Operation, days: int) -> None:
    """The number of days "in scadenza" looks ahead, in every view and report (operation body)."""
    if not isinstance(days, int) or not 1 <= days <= MAX_DUE_SOON_DAYS:
        raise ValidationError(f"Il periodo «in scadenza» deve essere tra 1 e {MAX_DUE_SOON_DAYS} giorni.")
    _store(op, DUE_SOON_DAYS, "Giorni «in scadenza»", days, DEFAULT_DUE_SOON_DAYS)


def set_backup_keep(op: Operation, copies: int) -> None:
    """How many daily copies of the SQLite file are kept beside it (operation body)."""
    if not isinstance(copies, int) or not 1 <= copies <= 365:
        raise ValidationError("Le copie giornaliere da conservare devono essere tra 1 e 365.")
    _store(op, BACKUP_KEEP, "Copie giornaliere conservate", copies, DEFAULT_BACKUP_KEEP)


def _store(op: Operation, key: str, label: str, value: int, default: int) -> None:
    row = op.session.get(Setting, key)
    old = json.loads(row.value) if row is not None else default
    if old == value:
        return
    if row is None:
        row = Setting(key=key)
    else:
        row.version += 1
    row.value = json.dumps(value)
    row.updated_at = op.now
    op.session.add(row)
    op.change("setting", None, label, "update", key, old, value)
    op.touched("settings", key)
