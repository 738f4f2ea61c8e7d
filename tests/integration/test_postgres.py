"""The shared-server engine: schema equal to the models, and the upgrade of a database made by
revision 0001 on PostgreSQL (the service tests themselves run on both engines, see conftest).

Runs when VALENZA_DESK_TEST_PG holds an SQLAlchemy URL of a server where databases can be
created (CI starts one, see .ci/postgres.sh); skipped otherwise.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from tests.conftest import DB_MADE_BY_0001
from tests.integration.conftest import PG_URL, pg_admin, pg_database_url
from valenza_desk.domain.actor import Actor
from valenza_desk.services.desk import Desk
from valenza_desk.store import migrate

pytestmark = pytest.mark.skipif(not PG_URL, reason="VALENZA_DESK_TEST_PG not set: no PostgreSQL server")
TABLES = (  # in an order that satisfies the foreign keys
    "programme",
    "programme_value",
    "stakeholder",
    "office",
    "action",
    "action_office",
    "action_value",
    "milestone",
    "progress_update",
    "audit_log",
)


@pytest.fixture
def pg_name() -> Iterator[str]:
    name = f"valenza_test_{uuid.uuid4().hex[:10]}"
    pg_admin(f'CREATE DATABASE "{name}"')
    yield name
    pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


def test_schema_equals_the_models(pg_name: str, actor: Actor) -> None:
    desk = Desk.open(pg_database_url(pg_name), actor)
    try:
        with desk.db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    finally:
        desk.close()


def test_a_0001_database_on_the_server_upgrades_with_everything_in_it(pg_name: str, actor: Actor) -> None:
    url = pg_database_url(pg_name)
    engine = create_engine(url)
    with engine.begin() as connection:  # the server database as revision 0001 made it
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    source = sqlite3.connect(DB_MADE_BY_0001)
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        for table in TABLES:
            cursor = source.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            for row in rows:
                if "active" in row:
                    row["active"] = bool(row["active"])
            counts[table] = len(rows)
            if rows:
                names = ", ".join(columns)
                values = ", ".join(f":{c}" for c in columns)
                connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({values})"), rows)
            if "id" in columns:
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
                )
    source.close()
    engine.dispose()

    desk = Desk.open(url, actor)
    try:
        assert migrate.current_revision(desk.db) == migrate.HEAD_REVISION
        with desk.db.engine.connect() as connection:
            for table, count in counts.items():
                assert connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar() == count, table
        assert len(desk.actions()) == 84
        cul4 = desk.action_by_code("CUL-04")
        assert cul4.values == ("Partecipazione", "Creatività") and len(cul4.milestones) == 2
        tags = next(e for e in desk.audit("action", cul4.id) if e.field == "values")
        assert tags.new_label == "Partecipazione, Creatività"
        with desk.db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    finally:
        desk.close()
