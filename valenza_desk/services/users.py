"""The people who use a database: who they are (identification) and what they may do (roles).

On one PC (SQLite) the person is the operating system's login; on the shared server
(PostgreSQL) it is the server login the connection was made with (``current_user``).
A login without a row here may only consult. The first person to open a database that
has no users yet becomes its administrator. Adding, changing and disabling people are
operations through the write path (audited, administrators only); on PostgreSQL adding
a person also creates their server login in the group role of their profile
(``services.server``).
"""

from __future__ import annotations

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from valenza_desk.domain.actor import Actor, Permission, Role
from valenza_desk.domain.clock import Clock
from valenza_desk.domain.rows import UserDraft, UserRow
from valenza_desk.errors import NotFoundError, ValidationError
from valenza_desk.services.operations import Operation, bump_version, run_operation
from valenza_desk.store.database import Database
from valenza_desk.store.models import Office, User, UserOffice


def server_login(db: Database) -> str | None:
    """The login of a server connection (PostgreSQL's ``current_user``); None for a SQLite file."""
    if db.path is not None or db.engine.dialect.name != "postgresql":
        return None
    with db.read() as session:
        return str(session.connection().execute(text("SELECT current_user")).scalar())


def list_users(db: Database) -> list[UserRow]:
    with db.read() as session:
        return _rows(session)


def _rows(session: Session) -> list[UserRow]:
    names = {row[0]: row[1] for row in session.exec(select(Office.id, Office.name))}
    offices: dict[int, list[int]] = {}
    for user_id, office_id in session.exec(select(UserOffice.user_id, UserOffice.office_id)):
        offices.setdefault(user_id, []).append(office_id)
    rows = []
    for user in session.exec(select(User).order_by(func.lower(User.login))):
        ids = tuple(sorted(offices.get(user.id or 0, []), key=lambda i: names.get(i, "").casefold()))
        rows.append(
            UserRow(
                id=user.id or 0,
                login=user.login,
                full_name=user.full_name,
                role=user.role,
                active=user.active,
                office_ids=ids,
                offices=tuple(names.get(i, "") for i in ids),
                version=user.version,
            )
        )
    return rows


def find(db: Database, login: str) -> UserRow | None:
    wanted = login.strip().casefold()
    return next((u for u in list_users(db) if u.login.casefold() == wanted), None)


def actor_of(row: UserRow | None, login: str) -> Actor:
    """The Actor for a user row; a login without an active row may only consult."""
    if row is None or not row.active:
        return Actor(login, Role.CONSULTAZIONE)
    return Actor(row.login, Role(row.role), frozenset(row.office_ids), row.full_name)


def identify(db: Database, login: str, clock: Clock) -> Actor:
    """Who is acting: ``login``'s user row; the first person on a database without users becomes
    its administrator (recorded in the audit); unknown logins consult only."""
    row = find(db, login)
    if row is not None or db.read_only:
        return actor_of(row, login)
    with db.read() as session:
        anyone = session.exec(select(func.count()).select_from(User)).one()
    if anyone:
        if _owns_the_server_database(db, login):  # who ran «server setup»: can give the first logins
            return Actor(login, Role.ADMIN, full_name="Proprietario del database")
        return actor_of(None, login)
    first = Actor(login, Role.ADMIN)
    run_operation(
        db,
        first,
        clock,
        "first_admin",
        f"Primo accesso: {login} amministratore del database",
        Permission.MANAGE_USERS,
        lambda op: _add_first_admin(op, login),
    )
    return actor_of(find(db, login), login)


def _owns_the_server_database(db: Database, login: str) -> bool:
    """On PostgreSQL: ``login`` is the connected login and a superuser or the database's owner (who
    bypasses every policy anyway)."""
    if db.engine.dialect.name != "postgresql":
        return False
    with db.read() as session:
        owner = session.execute(
            text(
                "SELECT r.rolsuper OR d.datdba = r.oid FROM pg_roles r, pg_database d"
                " WHERE r.rolname = current_user AND r.rolname = :login AND d.datname = current_database()"
            ),
            {"login": login},
        ).scalar()
    return bool(owner)


def _add_first_admin(op: Operation, login: str) -> None:
    if op.session.exec(select(func.count()).select_from(User)).one():
        return  # someone else was first, a moment ago
    _insert(op, UserDraft(login=login, role=Role.ADMIN.value))


def add_user(op: Operation, draft: UserDraft) -> int:
    """Add a person (operation body); returns the new user's id."""
    draft = draft.cleaned()
    existing = op.session.exec(select(User).where(func.lower(User.login) == draft.login.casefold())).first()
    if existing is not None:
        raise ValidationError(f"Esiste già un utente «{existing.login}».")
    return _insert(op, draft)


def _insert(op: Operation, draft: UserDraft) -> int:
    user = User(
        login=draft.login,
        full_name=draft.full_name,
        role=draft.role,
        active=draft.active,
        created_at=op.now,
        updated_at=op.now,
    )
    op.session.add(user)
    op.session.flush()
    user_id = user.id or 0
    _set_offices(op, user_id, draft.office_ids)
    op.change("user", user_id, draft.login, "create", "role", None, draft.role, "", Role(draft.role).label)
    if draft.full_name:
        op.change("user", user_id, draft.login, "create", "full_name", None, draft.full_name)
    if draft.office_ids:
        op.change(
            "user",
            user_id,
            draft.login,
            "create",
            "offices",
            None,
            list(draft.office_ids),
            "",
            _office_names(op.session, draft.office_ids),
        )
    return user_id


def update_user(op: Operation, user_id: int, version: int, draft: UserDraft) -> None:
    """Change a person's name, profile, offices or whether they are active (operation body)."""
    draft = draft.cleaned()
    session = op.session
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"L'utente n. {user_id} non esiste più.")
    if draft.login.casefold() != user.login.casefold():
        raise ValidationError("Il nome di accesso non si cambia: disattivare l'utente e aggiungerne uno nuovo.")
    values: dict[str, object] = {}
    for field in ("full_name", "role", "active"):
        old, new = getattr(user, field), getattr(draft, field)
        if old != new:
            values[field] = new
            labels = (Role(old).label, Role(new).label) if field == "role" else (None, None)
            op.change("user", user_id, user.login, "update", field, old, new, *labels)  # type: ignore[arg-type]
    current = tuple(sorted(session.exec(select(UserOffice.office_id).where(UserOffice.user_id == user_id)).all()))
    if tuple(sorted(draft.office_ids)) != current:
        op.change(
            "user",
            user_id,
            user.login,
            "update",
            "offices",
            list(current),
            sorted(draft.office_ids),
            _office_names(session, current),
            _office_names(session, draft.office_ids),
        )
        _set_offices(op, user_id, draft.office_ids)
    if values or tuple(sorted(draft.office_ids)) != current:
        bump_version(session, User, user_id, version, {**values, "updated_at": op.now})
        _keep_an_admin(session)


def _set_offices(op: Operation, user_id: int, office_ids: tuple[int, ...]) -> None:
    session = op.session
    session.execute(UserOffice.__table__.delete().where(UserOffice.__table__.c.user_id == user_id))
    known = set(session.exec(select(Office.id).where(col(Office.id).in_(office_ids))).all()) if office_ids else set()
    if set(office_ids) - known:
        raise NotFoundError("Uno degli uffici indicati non esiste: controllare l'elenco degli uffici.")
    for office_id in office_ids:
        session.add(UserOffice(user_id=user_id, office_id=office_id))
    session.flush()


def _office_names(session: Session, office_ids: tuple[int, ...] | list[int]) -> str:
    names = dict(session.exec(select(Office.id, Office.name)).all())
    return ", ".join(names.get(i, str(i)) for i in office_ids)


def _keep_an_admin(session: Session) -> None:
    admins = session.exec(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, col(User.active).is_(True))
    ).one()
    if not admins:
        raise ValidationError("Deve restare almeno un amministratore attivo: la modifica non è stata salvata.")
