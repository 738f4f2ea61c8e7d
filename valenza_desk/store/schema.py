"""Render the database's DDL from the models: the content of ``db/schema.sql``.

``python -m valenza_desk.store.schema`` (or ``valenza-desk schema --write``) rewrites
the file; a test fails when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from valenza_desk.store.models import AUDIT_TRIGGERS_SQLITE

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "db" / "schema.sql"
HEADER = (
    "-- Valenza Desk database schema (SQLite dialect).\n"
    "-- Generated from valenza_desk/store/models.py by `valenza-desk schema --write`; do not edit by hand.\n"
    "-- The application creates it through Alembic migrations (valenza_desk/store/migrations).\n"
)


def render_schema() -> str:
    """CREATE statements (SQLite dialect) for every table, its indexes and the audit triggers.

    Tables come in dependency order and indexes by name, so the output is stable.
    """
    dialect = sqlite.dialect()
    statements: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)))
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)))
    statements.extend(AUDIT_TRIGGERS_SQLITE)
    body = "\n\n".join(_tidy(s) + ";" for s in statements)
    return f"{HEADER}\n{body}\n"


def _tidy(statement: str) -> str:
    lines = [line.rstrip() for line in statement.splitlines() if line.strip()]
    return "\n".join(lines)


def write_schema(path: Path = SCHEMA_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_schema(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_schema(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_FILE))
