"""The shared PostgreSQL server: set it up once, and give each person their own login.

``setup`` (run once by the database owner) creates the schema, the four group roles of
the app's profiles, their GRANTs and row-level security, so that the SERVER keeps people
out of what is not theirs, whatever program they connect with:

- ``valenza_consultazione`` reads everything and changes nothing;
- ``valenza_ufficio`` may update status, progress, completion date and internal notes of
  actions one of their offices leads or supports, and their milestones and progress notes
  (row-level security checks the offices, column GRANTs the fields);
- ``valenza_segreteria`` changes every action, office, programme and setting;
- ``valenza_admin`` also manages the people (``app_user``, ``user_office``) and creates logins;
- ``audit_log`` and ``audit_operation`` are INSERT-only for everyone (no UPDATE/DELETE grant,
  and a trigger from migration 0004 refuses them even to the owner's mistakes).

``create_login`` makes a person's login role in the group of their profile (``users add``).
"""

from __future__ import annotations

import re

from sqlalchemy import String, text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from valenza_desk.domain.actor import Role
from valenza_desk.domain.rows import UserDraft
from valenza_desk.errors import ValidationError
from valenza_desk.store.database import Database

GROUPS = {role: f"valenza_{role.value}" for role in Role}
WRITERS = (GROUPS[Role.ADMIN], GROUPS[Role.SEGRETERIA])
CONTENT_TABLES = (
    "programme",
    "programme_value",
    "stakeholder",
    "office",
    "action",
    "action_office",
    "action_value",
    "milestone",
    "progress_update",
    "setting",
)
PEOPLE_TABLES = ("app_user", "user_office")
APPEND_ONLY = ("audit_log", "audit_operation")
OFFICE_EDITOR_COLUMNS = ("status", "progress", "completed_on", "notes", "version", "updated_at")
MY_ACTION = """
CREATE OR REPLACE FUNCTION valenza_my_action(wanted integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM action_office x
        JOIN user_office uo ON uo.office_id = x.office_id
        JOIN app_user u ON u.id = uo.user_id
        WHERE x.action_id = wanted AND u.login = current_user AND u.active
    )
$$
"""
# (table, column naming the action) under row-level security
GUARDED = (("action", "id"), ("milestone", "action_id"), ("progress_update", "action_id"))


def quote_identifier(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._@\\-]{1,63}", name):
        raise ValidationError(f"«{name}» non può essere un nome di accesso al server (al massimo 63 caratteri).")
    return '"' + name.replace('"', '""') + '"'


def setup_statements() -> list[str]:
    """Everything ``setup`` runs after the migrations, in order (idempotent)."""
    groups = ", ".join(GROUPS.values())
    statements = [
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
                CREATE ROLE {name} NOLOGIN;
            END IF;
        END $$"""
        for name in GROUPS.values()
    ]
    statements += [
        f"GRANT USAGE ON SCHEMA public TO {groups}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {groups}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {groups}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {', '.join((*WRITERS, GROUPS[Role.UFFICIO]))}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(CONTENT_TABLES)} TO {', '.join(WRITERS)}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(PEOPLE_TABLES)} TO {GROUPS[Role.ADMIN]}",
        f"GRANT INSERT ON {', '.join(APPEND_ONLY)} TO {', '.join((*WRITERS, GROUPS[Role.UFFICIO]))}",
        f"GRANT UPDATE ON audit_chain TO {', '.join((*WRITERS, GROUPS[Role.UFFICIO]))}",
        f"GRANT UPDATE ({', '.join(OFFICE_EDITOR_COLUMNS)}) ON action TO {GROUPS[Role.UFFICIO]}",
        f"GRANT INSERT, UPDATE, DELETE ON milestone TO {GROUPS[Role.UFFICIO]}",
        f"GRANT INSERT, DELETE ON progress_update TO {GROUPS[Role.UFFICIO]}",
        MY_ACTION,
    ]
    for table, column in GUARDED:
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS valenza_read ON {table}",
            f"CREATE POLICY valenza_read ON {table} FOR SELECT USING (true)",
            f"DROP POLICY IF EXISTS valenza_writers ON {table}",
            f"CREATE POLICY valenza_writers ON {table} FOR ALL TO {', '.join(WRITERS)} USING (true) WITH CHECK (true)",
        ]
        for command in ("INSERT", "UPDATE", "DELETE"):
            policy = f"valenza_office_{command.lower()}"
            statements.append(f"DROP POLICY IF EXISTS {policy} ON {table}")
            check = f"valenza_my_action({column})"
            if command == "INSERT":
                body = f"WITH CHECK ({check})"
            elif command == "UPDATE":
                body = f"USING ({check}) WITH CHECK ({check})"
            else:
                body = f"USING ({check})"
            statements.append(f"CREATE POLICY {policy} ON {table} FOR {command} TO {GROUPS[Role.UFFICIO]} {body}")
    return statements


def setup(db: Database) -> None:
    """Roles, grants and row-level security on a migrated database (run by its owner)."""
    if db.engine.dialect.name != "postgresql":
        raise ValidationError("«server setup» si usa su un server PostgreSQL (un URL postgresql+psycopg://…).")
    with db.write() as session:
        connection = session.connection()
        database = str(connection.execute(text("SELECT current_database()")).scalar())
        groups = ", ".join(GROUPS.values())
        for statement in setup_statements():
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f"GRANT CONNECT ON DATABASE {quote_identifier(database)} TO {groups}")


def create_login(session: Session, draft: UserDraft, password: str | None) -> None:
    """CREATE ROLE for a new person, in the group of their profile (in the caller's transaction)."""
    connection = session.connection()
    login = quote_identifier(draft.login)
    if not connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": GROUPS[Role.ADMIN]}).first():
        raise ValidationError(
            "Il server non è ancora predisposto per Valenza Desk: il proprietario del database esegua prima "
            "«valenza-desk server setup URL»."
        )
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": draft.login}).first()
    secret = ""
    if password:
        if "\x00" in password:
            raise ValidationError("La password contiene un carattere non valido.")
        quote = String().literal_processor(dialect=connection.dialect)
        secret = f" PASSWORD {quote(password)}" if quote else ""
    admin = Role(draft.role) is Role.ADMIN
    extra = " CREATEROLE" if admin else ""
    if exists:
        connection.exec_driver_sql(f"ALTER ROLE {login} LOGIN{extra}{secret}")
    else:
        connection.exec_driver_sql(f"CREATE ROLE {login} LOGIN{extra}{secret}")
    _set_group(connection, login, Role(draft.role))
    if admin and (connection.dialect.server_version_info or (0,)) >= (16,):
        # from PostgreSQL 16 a CREATEROLE login may grant only the roles it administers
        connection.exec_driver_sql(f"GRANT {', '.join(GROUPS.values())} TO {login} WITH ADMIN OPTION")


def update_login(session: Session, draft: UserDraft) -> None:
    """Follow a change of profile or of active/disabled on the person's login role."""
    connection = session.connection()
    if not connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": draft.login}).first():
        return  # a person known to the app without a server login (added on a SQLite file, then copied)
    login = quote_identifier(draft.login)
    connection.exec_driver_sql(f"ALTER ROLE {login} {'LOGIN' if draft.active else 'NOLOGIN'}")
    _set_group(connection, login, Role(draft.role))


def _set_group(connection: Connection, login: str, role: Role) -> None:
    others = ", ".join(name for r, name in GROUPS.items() if r is not role)
    connection.exec_driver_sql(f"REVOKE {others} FROM {login}")
    connection.exec_driver_sql(f"GRANT {GROUPS[role]} TO {login}")
