"""The shared-database set-up: the same services on a real PostgreSQL server.

Runs when VALENZA_DESK_TEST_PG holds an SQLAlchemy URL of a server where databases can be
created (CI starts one, see .ci/postgres.sh); skipped otherwise.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionEdit, ActionFilter
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError, OfficeInUseError, ValidationError
from valenza_desk.services import browse, editing, offices
from valenza_desk.services.setup import ensure_programme, open_database
from valenza_desk.store.database import Database

ADMIN_URL = os.environ.get("VALENZA_DESK_TEST_PG", "")
pytestmark = pytest.mark.skipif(not ADMIN_URL, reason="VALENZA_DESK_TEST_PG not set: no PostgreSQL server")
TODAY = date(2026, 11, 25)


@pytest.fixture
def pg_db(actor: Actor) -> Iterator[Database]:
    name = f"valenza_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    db = open_database(url)
    ensure_programme(db, actor)
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def test_schema_and_seed(pg_db: Database) -> None:
    with pg_db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    summaries = browse.stakeholder_summaries(pg_db, TODAY)
    assert sum(s.total for s in summaries) == 84
    assert {r.code for r in browse.list_actions(pg_db, ActionFilter(search="citta"))} >= {"CUL-04"}


def test_edit_filter_and_conflict(pg_db: Database, actor: Actor) -> None:
    office_id = offices.add_office(pg_db, actor, offices.OfficeDraft("Settore Cultura")).id
    opened = browse.action_detail(pg_db, browse.action_id_for_code(pg_db, "CUL-04"))
    edit = ActionEdit.from_detail(opened)
    edit.lead_office_id, edit.due_date = office_id, date(2026, 1, 10)
    edit.status, edit.progress, edit.note = Status.IN_PROGRESS, 30, "Avvio"
    saved = editing.save_action(pg_db, actor, edit, TODAY)
    assert (saved.lead_office, saved.due_date, saved.version) == ("Settore Cultura", date(2026, 1, 10), 2)
    overdue = browse.list_actions(pg_db, ActionFilter(overdue=True), TODAY)
    assert [r.code for r in overdue] == ["CUL-04"]
    assert [r.code for r in browse.list_actions(pg_db, ActionFilter(office_id=office_id), TODAY)] == ["CUL-04"]
    with pytest.raises(ConflictError):
        editing.save_action(pg_db, actor, edit, TODAY)
    edit.version, edit.progress = saved.version, 130
    with pytest.raises(ValidationError):
        editing.save_action(pg_db, actor, edit, TODAY)


def test_office_removal_needs_a_choice(pg_db: Database, actor: Actor) -> None:
    old = offices.add_office(pg_db, actor, offices.OfficeDraft("Vecchio")).id
    new = offices.add_office(pg_db, actor, offices.OfficeDraft("Nuovo")).id
    edit = ActionEdit.from_detail(browse.action_detail(pg_db, browse.action_id_for_code(pg_db, "CUL-01")))
    edit.lead_office_id, edit.support_office_ids = old, (new,)
    editing.save_action(pg_db, actor, edit, TODAY)
    version = offices.get_office(pg_db, old).version
    with pytest.raises(OfficeInUseError):
        offices.remove_office(pg_db, actor, old, version)
    offices.remove_office(pg_db, actor, old, version, reassign_to=new)
    row = browse.list_actions(pg_db, ActionFilter(office_id=new), TODAY)[0]
    assert (row.code, row.lead_office, row.offices) == ("CUL-01", "Nuovo", ())
