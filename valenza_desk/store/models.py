"""SQLModel tables: the database's shape. Only services use them; the UI never does.

Values, stakeholders and actions belong to a programme (a mandate); codes are unique
within their programme, offices are shared by all. Mutable rows carry ``version``
(optimistic locking) and created/updated timestamps (UTC). Dates are ``date`` columns
(ISO text on SQLite). The audit log is append-only (SQLite triggers refuse UPDATE and
DELETE) and groups its entries under the operation that wrote them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import DDL, CheckConstraint, DateTime, Index, UniqueConstraint, event, text
from sqlmodel import Field, SQLModel

from valenza_desk.domain import limits


def utcnow() -> datetime:
    return datetime.now(UTC)


class Versioned(SQLModel):
    """Columns every mutable row has."""

    version: int = Field(default=1, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


class Programme(Versioned, table=True):
    """One programme of government (a mandate): the newest period is the current one."""

    __tablename__ = "programme"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=limits.PROGRAMME_TITLE)
    period: str = Field(default="", max_length=limits.PROGRAMME_PERIOD)
    coalition: str = Field(default="", max_length=200)
    mayor: str = Field(default="", max_length=limits.PERSON_NAME)
    source_file: str = Field(default="", max_length=500)
    source_sha256: str = Field(default="", max_length=64)
    imported_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ProgrammeValue(Versioned, table=True):
    __tablename__ = "programme_value"
    __table_args__ = (UniqueConstraint("programme_id", "name", name="uq_programme_value_name"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    name: str = Field(max_length=limits.VALUE_NAME)
    description: str = Field(default="")
    position: int = Field(default=0)


class Stakeholder(Versioned, table=True):
    __tablename__ = "stakeholder"
    __table_args__ = (
        UniqueConstraint("programme_id", "name", name="uq_stakeholder_name"),
        UniqueConstraint("programme_id", "code", name="uq_stakeholder_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    name: str = Field(max_length=limits.STAKEHOLDER_NAME)
    aliases: str = Field(default="", description="other names the source uses, one per line")
    code: str = Field(max_length=10)
    narrative: str = Field(default="")
    position: int = Field(default=0)


class Office(Versioned, table=True):
    """A municipal office: shared by every programme."""

    __tablename__ = "office"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=limits.OFFICE_NAME, unique=True)
    head: str = Field(default="", max_length=limits.PERSON_NAME)
    email: str = Field(default="", max_length=limits.EMAIL)
    phone: str = Field(default="", max_length=limits.PHONE)
    active: bool = Field(default=True)


class Action(Versioned, table=True):
    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="ck_action_progress"),
        CheckConstraint(
            "status IN ('not_started','in_progress','done','suspended','dropped')", name="ck_action_status"
        ),
        UniqueConstraint("programme_id", "code", name="uq_action_code"),
        Index("ix_action_stakeholder_position", "stakeholder_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    code: str = Field(max_length=limits.ACTION_CODE)
    number: str = Field(default="", max_length=20, description="the number as printed in the source")
    position: int = Field(default=0)
    stakeholder_id: int = Field(foreign_key="stakeholder.id", index=True)
    text: str
    source_text: str = Field(default="", description="the text as last imported, to spot user edits")
    status: str = Field(default="not_started", max_length=20, index=True)
    progress: int = Field(default=0)
    due_date: date | None = Field(default=None, index=True)
    completed_on: date | None = Field(default=None)
    referent: str = Field(default="", max_length=limits.REFERENT, description="political referent (assessore)")
    notes: str = Field(default="")
    search_key: str = Field(default="", description="folded code + text for accent-free search")
    original_due_date: date | None = Field(default=None, description="the first due date given: the promise")
    due_moves: int = Field(default=0, description="how many times the due date moved after the first")
    mission: str = Field(default="", max_length=2, index=True, description="DUP Missione (D.Lgs. 118/2011)")
    dup_programme: str = Field(default="", max_length=4, description="DUP Programma within the Missione")


class ActionValue(SQLModel, table=True):
    __tablename__ = "action_value"

    action_id: int = Field(foreign_key="action.id", primary_key=True, ondelete="CASCADE")
    value_id: int = Field(foreign_key="programme_value.id", primary_key=True, ondelete="CASCADE")


class ActionOffice(SQLModel, table=True):
    """An office working on an action: exactly one may lead, any number support."""

    __tablename__ = "action_office"
    __table_args__ = (
        CheckConstraint("role IN ('lead','support')", name="ck_action_office_role"),
        Index(
            "uq_action_office_one_lead",
            "action_id",
            unique=True,
            sqlite_where=text("role = 'lead'"),
            postgresql_where=text("role = 'lead'"),
        ),
    )

    action_id: int = Field(foreign_key="action.id", primary_key=True, ondelete="CASCADE")
    office_id: int = Field(foreign_key="office.id", primary_key=True, index=True)
    role: str = Field(default="support", max_length=10)


class Milestone(Versioned, table=True):
    __tablename__ = "milestone"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=limits.MILESTONE_TITLE)
    due_date: date | None = Field(default=None)
    done_on: date | None = Field(default=None)
    position: int = Field(default=0)


class ProgressUpdate(SQLModel, table=True):
    """A dated note in an action's history: who, when, status and % at that moment, act."""

    __tablename__ = "progress_update"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True, ondelete="CASCADE")
    op_id: int | None = Field(default=None, foreign_key="audit_operation.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)
    on_date: date
    author: str = Field(max_length=limits.PERSON_NAME)
    status: str = Field(max_length=20)
    progress: int
    text: str = Field(default="")
    act_reference: str = Field(default="", max_length=limits.ACT_REFERENCE)
    act_id: int | None = Field(default=None, foreign_key="act.id", index=True)


class DueDateChange(SQLModel, table=True):
    """A due date moved: from, to, why, who and when (the first date given is the action's promise)."""

    __tablename__ = "due_date_change"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True, ondelete="CASCADE")
    op_id: int | None = Field(default=None, foreign_key="audit_operation.id")
    at: datetime = Field(sa_type=DateTime(timezone=True), nullable=False)
    actor: str = Field(max_length=limits.PERSON_NAME)
    old_due: date | None = Field(default=None)
    new_due: date | None = Field(default=None)
    reason: str = Field(default="", max_length=limits.DUE_REASON)


class Act(Versioned, table=True):
    """A formal act (delibera, determina, decreto…): the evidence that an action moved."""

    __tablename__ = "act"
    __table_args__ = (UniqueConstraint("act_type", "number", "on_date", name="uq_act_identity"),)

    id: int | None = Field(default=None, primary_key=True)
    act_type: str = Field(max_length=60)
    number: str = Field(default="", max_length=30)
    on_date: date | None = Field(default=None)
    subject: str = Field(default="", max_length=limits.ACT_SUBJECT)
    link: str = Field(default="", max_length=500)
    cup: str = Field(default="", max_length=15)
    cig: str = Field(default="", max_length=10)


class ActAction(SQLModel, table=True):
    """An act linked to an action."""

    __tablename__ = "act_action"

    act_id: int = Field(foreign_key="act.id", primary_key=True, ondelete="CASCADE")
    action_id: int = Field(foreign_key="action.id", primary_key=True, index=True, ondelete="CASCADE")


class Meeting(Versioned, table=True):
    """A council or committee session (seduta): the brief issued for it and its frozen snapshot."""

    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True)
    body: str = Field(max_length=limits.MEETING_BODY)
    on_date: date
    title: str = Field(default="", max_length=limits.MEETING_TITLE)
    notes: str = Field(default="")
    snapshot_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    brief_sha256: str = Field(default="", max_length=64)
    brief_issued_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class SnapshotAction(SQLModel, table=True):
    """An action as it stood when a meeting's snapshot was frozen (never edited)."""

    __tablename__ = "snapshot_action"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    action_id: int = Field(primary_key=True)
    code: str = Field(max_length=limits.ACTION_CODE)
    number: str = Field(default="", max_length=20)
    stakeholder_id: int
    stakeholder: str = Field(max_length=limits.STAKEHOLDER_NAME)
    stakeholder_position: int = Field(default=0)
    position: int = Field(default=0)
    text: str
    status: str = Field(max_length=20)
    progress: int
    due_date: date | None = Field(default=None)
    original_due_date: date | None = Field(default=None)
    due_moves: int = Field(default=0)
    completed_on: date | None = Field(default=None)
    referent: str = Field(default="", max_length=limits.REFERENT)
    lead_office: str = Field(default="", max_length=limits.OFFICE_NAME)
    support_offices: str = Field(default="", description="names, one per line")
    mission: str = Field(default="", max_length=2)
    latest_note_on: date | None = Field(default=None)
    latest_note: str = Field(default="")
    latest_act: str = Field(default="", max_length=limits.ACT_REFERENCE)
    updates: int = Field(default=0, description="progress updates recorded until then")


class SnapshotMilestone(SQLModel, table=True):
    """A milestone as it stood in a meeting's snapshot."""

    __tablename__ = "snapshot_milestone"

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    milestone_id: int = Field(primary_key=True)
    action_id: int = Field(index=True)
    title: str = Field(max_length=limits.MILESTONE_TITLE)
    due_date: date | None = Field(default=None)
    done_on: date | None = Field(default=None)


class User(Versioned, table=True):
    """A person who uses the database: the OS login (one PC) or the server login (shared server)."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint("role IN ('admin','segreteria','ufficio','consultazione')", name="ck_app_user_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=limits.LOGIN, unique=True)
    full_name: str = Field(default="", max_length=limits.PERSON_NAME)
    role: str = Field(default="consultazione", max_length=20)
    active: bool = Field(default=True)


class UserOffice(SQLModel, table=True):
    """The offices of an office editor (role ``ufficio``): the actions they may update."""

    __tablename__ = "user_office"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True, ondelete="CASCADE")
    office_id: int = Field(foreign_key="office.id", primary_key=True, index=True, ondelete="CASCADE")


class Setting(SQLModel, table=True):
    """A setting shared by everyone using the database (JSON value), e.g. the due-soon window."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=50)
    value: str = Field(default="null")
    version: int = Field(default=1, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


class AuditOperation(SQLModel, table=True):
    """One operation (a save, an import, a bulk edit): the group of audit entries it wrote."""

    __tablename__ = "audit_operation"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)
    actor: str = Field(max_length=limits.PERSON_NAME)
    name: str = Field(max_length=50, description="the operation's kind, e.g. save_action, import_programme")
    label: str = Field(default="", max_length=limits.AUDIT_LABEL, description="what it did, in Italian")
    programme_id: int | None = Field(default=None, foreign_key="programme.id", index=True)


class AuditLog(SQLModel, table=True):
    """Append-only record of every change: one row per changed field, values as JSON data.

    ``old_value``/``new_value`` hold JSON (ids and ISO dates as data); ``old_label`` and
    ``new_label`` what a reader is shown (names, Italian dates and statuses).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    op_id: int | None = Field(default=None, foreign_key="audit_operation.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)
    actor: str = Field(max_length=limits.PERSON_NAME)
    entity: str = Field(max_length=50)
    entity_id: int | None = Field(default=None)
    entity_label: str = Field(default="", max_length=limits.AUDIT_LABEL)
    operation: str = Field(max_length=20)
    field: str = Field(default="", max_length=50)
    old_value: str = Field(default="null")
    new_value: str = Field(default="null")
    old_label: str = Field(default="")
    new_label: str = Field(default="")
    prev_hash: str = Field(default="", max_length=64, description="hash of the entry before (chain)")
    hash: str = Field(default="", max_length=64, description="SHA-256 of this entry's canonical form")


class AuditChain(SQLModel, table=True):
    """The head of the audit chain: one row, locked by every writer, so entries chain in order."""

    __tablename__ = "audit_chain"

    id: int = Field(default=1, primary_key=True)
    last_id: int = Field(default=0)
    last_hash: str = Field(default="", max_length=64)
    entries: int = Field(default=0)


AUDIT_TRIGGERS_SQLITE = tuple(
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
    for table in ("audit_log", "audit_operation", "snapshot_action", "snapshot_milestone")
    for verb in ("update", "delete")
)

for _statement in AUDIT_TRIGGERS_SQLITE:
    _table = SQLModel.metadata.tables[_statement.split(" ON ")[1].split()[0]]
    event.listen(_table, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
