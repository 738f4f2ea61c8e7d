"""A connection to the shared server that drops in the middle of an operation: the store reports it in
Italian as ``ConnectionLostError`` (the window offers "Riprova"), nothing of the operation is kept, and
the next attempt works on a fresh connection. Runs on the server CI starts; skipped without one."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.integration.conftest import PG_URL, pg_admin
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.errors import ConnectionLostError
from valenza_desk.services.desk import Desk

pytestmark = pytest.mark.skipif(not PG_URL, reason="VALENZA_DESK_TEST_PG not set: no PostgreSQL server")


@pytest.mark.parametrize("service_desk", ["postgresql"], indirect=True)
def test_a_dropped_connection_is_reported_and_the_retry_works(service_desk: Desk) -> None:
    desk = service_desk
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.progress = 40
    with pytest.raises(ConnectionLostError, match="Connessione al server persa"), desk.db.write() as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
        session.execute(text("UPDATE action SET progress = 99 WHERE code = 'CUL-04'"))
        pg_admin(f"SELECT pg_terminate_backend({pid})")  # the server goes away mid-operation
        session.execute(text("SELECT 1"))
    assert desk.action_by_code("CUL-04").progress == 0  # nothing of it was kept
    assert desk.save_action(edit).value.progress == 40  # "Riprova": a new connection, saved
