"""Render the database's DDL from the models: the content of ``db/schema.sql``.

``python -m valenza_desk.store.schema`` (or ``valenza-desk schema --write``) rewrites
the file; a test fails when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import create_mock_engine
from sqlmodel import SQLModel

import valenza_desk.store.models  # noqa: F401  (registers the tables and the audit triggers)

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "db" / "schema.sql"
HEADER = (
    "-- Valenza Desk database schema (SQLite dialect).\n"
    "-- Generated from valenza_desk/store/models.py by `valenza-desk schema --write`; do not edit by hand.\n"
    "-- The application creates it through Alembic migrations (valenza_desk/store/migrations).\n"
)


def render_schema(dialect: str = "sqlite") -> str:
    """The CREATE statements for every table, index and trigger, in dependency order."""
    statements: list[str] = []

    def collect(sql, *_args, **_kwargs) -> None:  # type: ignore[no-untyped-def]
        text = str(sql.compile(dialect=engine.dialect)).strip()
        if text:
            statements.append(text + ";")

    engine = create_mock_engine(f"{dialect}://", collect)
    SQLModel.metadata.create_all(engine, checkfirst=False)
    body = "\n\n".join(_tidy(s) for s in statements)
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
