"""Service tests on both engines: SQLite files and, when CI has one, a real PostgreSQL server.

``engine_desk`` (empty) and ``service_desk`` (seeded with the 84-action programme) are
parametrized over the engines. On PostgreSQL each test gets its own database, copied
from a template made once per session (migrated, and seeded for ``service_desk``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import TODAY
from valenza_desk.domain.actor import Actor
from valenza_desk.domain.clock import FixedClock
from valenza_desk.services.desk import Desk

PG_URL = os.environ.get("VALENZA_DESK_TEST_PG", "")
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PostgreSQL server"))]


def pg_database_url(name: str) -> str:
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def pg_admin(sql: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(sql))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_templates() -> Iterator[dict[str, str]]:
    """Two template databases: migrated empty, and migrated + seeded."""
    suffix = uuid.uuid4().hex[:8]
    names = {"empty": f"valenza_tpl_empty_{suffix}", "seeded": f"valenza_tpl_seeded_{suffix}"}
    for kind, name in names.items():
        pg_admin(f'CREATE DATABASE "{name}"')
        desk = Desk.open(pg_database_url(name), Actor("modello"), FixedClock(TODAY))
        if kind == "seeded":
            desk.seed()
        desk.close()
    yield names
    for name in names.values():
        pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


def _desk_on(
    request: pytest.FixtureRequest, tmp_path: Path, actor: Actor, clock: FixedClock, seeded: bool
) -> Iterator[Desk]:
    if request.param == "sqlite":
        desk = Desk.open(tmp_path / "valenza.sqlite3", actor, clock)
        if seeded:
            desk.seed()
        yield desk
        desk.close()
        return
    templates = request.getfixturevalue("pg_templates")
    name = f"valenza_test_{uuid.uuid4().hex[:10]}"
    pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{templates["seeded" if seeded else "empty"]}"')
    desk = Desk.open(pg_database_url(name), actor, clock)
    try:
        yield desk
    finally:
        desk.close()
        pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(params=ENGINES)
def engine_desk(request: pytest.FixtureRequest, tmp_path: Path, actor: Actor, clock: FixedClock) -> Iterator[Desk]:
    """An empty, migrated database on each engine."""
    yield from _desk_on(request, tmp_path, actor, clock, seeded=False)


@pytest.fixture(params=ENGINES)
def service_desk(request: pytest.FixtureRequest, tmp_path: Path, actor: Actor, clock: FixedClock) -> Iterator[Desk]:
    """The seeded programme on each engine."""
    yield from _desk_on(request, tmp_path, actor, clock, seeded=True)
