"""The shared PostgreSQL server keeps people out of what is not theirs — proven from outside the app.

The owner runs ``server setup``, adds an admin, a segreteria login and an office login
through the CLI; the office login updates its own action and is refused on others, in
the CLI and, with plain psycopg, by the server itself; nobody can rewrite or delete the
audit; ``audit verify`` passes, and fails once the superuser alters an entry.
Runs on the server CI starts (VALENZA_DESK_TEST_PG); skipped without one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.integration.conftest import PG_URL, pg_admin, pg_database_url
from tests.integration.test_cli import failed, ok, run

pytestmark = pytest.mark.skipif(not PG_URL, reason="VALENZA_DESK_TEST_PG not set: no PostgreSQL server")


def login_url(database: str, login: str) -> str:
    return make_url(pg_database_url(database)).set(username=login).render_as_string(hide_password=False)


def plain(database: str, login: str) -> psycopg.Connection:
    """A psycopg connection as ``login``, as any program on an office PC could open."""
    url = make_url(pg_database_url(database))
    return psycopg.connect(
        dbname=database, user=login, host=url.query["host"], port=int(str(url.query["port"])), autocommit=True
    )


@pytest.fixture
def server_db() -> Iterator[str]:
    suffix = uuid.uuid4().hex[:8]
    name = f"valenza_server_{suffix}"
    pg_admin(f'CREATE DATABASE "{name}"')
    logins = [f"admin_{suffix}", f"segr_{suffix}", f"uff_{suffix}"]
    yield name
    pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
    for login in logins:
        pg_admin(f'DROP ROLE IF EXISTS "{login}"')


def test_the_server_enforces_the_roles(server_db: str) -> None:
    suffix = server_db.rsplit("_", 1)[1]
    owner = pg_database_url(server_db)
    admin, segr, uff = f"admin_{suffix}", f"segr_{suffix}", f"uff_{suffix}"

    assert "Server predisposto" in ok(None, "server", "setup", owner)
    ok(owner, "init")
    ok(owner, "offices", "add", "Settore Cultura")
    ok(owner, "offices", "add", "Lavori Pubblici")
    ok(owner, "set", "CUL-04", "--lead-office", "Settore Cultura")
    ok(owner, "set", "BEL-01", "--lead-office", "Lavori Pubblici")
    for login, role, extra in (
        (admin, "admin", ()),
        (segr, "segreteria", ()),
        (uff, "ufficio", ("--office", "Settore Cultura")),
    ):
        result = run(owner, "users", "add", login, "--role", role, *extra, "--password-stdin", input="segreta\n")
        assert result.returncode == 0, result.stderr
    listed = {u["login"]: u for u in __import__("json").loads(ok(owner, "users", "--json"))}
    assert listed[uff]["offices"] == ["Settore Cultura"] and listed[uff]["role"] == "ufficio"

    # the office login, through the app: its own action yes, others no, forbidden fields no
    office = login_url(server_db, uff)
    assert "CUL-04 aggiornata" in ok(office, "set", "CUL-04", "--progress", "30", "--note", "Avviato")
    refused = failed(office, "set", "BEL-01", "--progress", "30")
    assert "non è affidata ai suoi uffici" in refused.stderr
    refused = failed(office, "set", "CUL-04", "--due", "31/12/2027")
    assert "non la scadenza" in refused.stderr
    failed(office, "offices", "add", "Ufficio abusivo")
    # the segreteria login may change any action; the audit records the server login
    ok(login_url(server_db, segr), "set", "BEL-01", "--progress", "10")
    audit = __import__("json").loads(ok(owner, "audit", "--json", "--limit", "50"))
    assert {e["user"] for e in audit if e["label"] in ("CUL-04", "BEL-01") and e["field"] == "progress"} == {uff, segr}

    # the same, tried with plain SQL as the office login: the server itself refuses
    with plain(server_db, uff) as connection:
        cursor = connection.execute("UPDATE action SET progress = 99 WHERE code = 'BEL-01'")
        assert cursor.rowcount == 0  # row-level security: not one of its actions
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE action SET due_date = '2030-01-01' WHERE code = 'CUL-04'")
        for statement in ("UPDATE audit_log SET actor = 'falsario'", "DELETE FROM audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                "INSERT INTO app_user (version, created_at, updated_at, login, full_name, role, active) "
                "VALUES (1, now(), now(), 'intruso', '', 'admin', true)"
            )
    with plain(server_db, segr) as connection:  # even a writer cannot rewrite history or add people
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE audit_log SET actor = 'falsario'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("DELETE FROM app_user")
    assert [
        row["progress"] for row in __import__("json").loads(ok(owner, "actions", "--json", "--search", "BEL-01"))
    ] == [10]

    # the chain holds; once the superuser alters an entry, verify names it
    assert "integro" in ok(office, "audit", "verify")
    pg_admin_in(
        server_db,
        [
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
            "UPDATE audit_log SET actor = 'falsario' "
            "WHERE id = (SELECT MAX(id) FROM audit_log WHERE field = 'progress')",
            "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only",
        ],
    )
    broken = run(owner, "audit", "verify")
    assert broken.returncode == 1 and "NON integro" in broken.stdout and "alterata" in broken.stdout


def pg_admin_in(database: str, statements: list[str]) -> None:
    url = make_url(pg_database_url(database))
    with psycopg.connect(
        dbname=database, user=url.username, host=url.query["host"], port=int(str(url.query["port"])), autocommit=True
    ) as connection:
        for statement in statements:
            connection.execute(statement)
