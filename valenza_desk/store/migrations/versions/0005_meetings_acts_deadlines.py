"""The council meeting cycle: meetings, frozen snapshots, deadline history, formal acts, DUP missions.

- ``meeting``; ``snapshot_action`` and ``snapshot_milestone`` (append-only, like the audit);
- ``action`` gains ``original_due_date`` (the first due date given: the promise), ``due_moves``,
  ``mission`` and ``dup_programme``; ``due_date_change`` records every later move, with its reason.
  For existing actions the promise and the moves are read back from the audit's due-date entries;
- ``act`` and ``act_action`` (the formal acts register); ``progress_update.act_id``. Existing
  free-text act references are converted where they can be read ("Delibera G.C. n. 45 del
  12/03/2024"), and kept as text where not.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APPEND_ONLY = ("snapshot_action", "snapshot_milestone")
def _versioned() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "act",
        *_versioned(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_type", sa.String(length=60), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("cup", sa.String(length=15), nullable=False),
        sa.Column("cig", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("act_type", "number", "on_date", name="uq_act_identity"),
    )
    op.create_table(
        "act_action",
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["act_id"], ["act.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("act_id", "action_id"),
    )
    op.create_index("ix_act_action_action_id", "act_action", ["action_id"])
    op.create_table(
        "due_date_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("old_due", sa.Date(), nullable=True),
        sa.Column("new_due", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["op_id"], ["audit_operation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_due_date_change_action_id", "due_date_change", ["action_id"])
    op.create_table(
        "meeting",
        *_versioned(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=100), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("snapshot_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("brief_sha256", sa.String(length=64), nullable=False),
        sa.Column("brief_issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meeting_programme_id", "meeting", ["programme_id"])
    op.create_table(
        "snapshot_action",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("stakeholder", sa.String(length=200), nullable=False),
        sa.Column("stakeholder_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("original_due_date", sa.Date(), nullable=True),
        sa.Column("due_moves", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("referent", sa.String(length=200), nullable=False),
        sa.Column("lead_office", sa.String(length=200), nullable=False),
        sa.Column("support_offices", sa.String(), nullable=False),
        sa.Column("mission", sa.String(length=2), nullable=False),
        sa.Column("latest_note_on", sa.Date(), nullable=True),
        sa.Column("latest_note", sa.String(), nullable=False),
        sa.Column("latest_act", sa.String(length=300), nullable=False),
        sa.Column("updates", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("meeting_id", "action_id"),
    )
    op.create_table(
        "snapshot_milestone",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("meeting_id", "milestone_id"),
    )
    op.create_index("ix_snapshot_milestone_action_id", "snapshot_milestone", ["action_id"])
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("original_due_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("due_moves", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("mission", sa.String(length=2), nullable=False, server_default=""))
        batch.add_column(sa.Column("dup_programme", sa.String(length=4), nullable=False, server_default=""))
        batch.create_index("ix_action_mission", ["mission"])
    with op.batch_alter_table("action") as batch:
        for name, kind in (("due_moves", sa.Integer()), ("mission", sa.String(length=2))):
            batch.alter_column(name, existing_type=kind, server_default=None)
        batch.alter_column("dup_programme", existing_type=sa.String(length=4), server_default=None)
    with op.batch_alter_table("progress_update") as batch:
        batch.add_column(sa.Column("act_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_progress_update_act_id", "act", ["act_id"], ["id"])
        batch.create_index("ix_progress_update_act_id", ["act_id"])
    _deadline_history(bind)
    _acts_from_notes(bind)
    if sqlite:
        for table in APPEND_ONLY:
            for verb in ("update", "delete"):
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
    else:
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION valenza_append_only()"
            )


def _date(value: object) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _deadline_history(bind: sa.Connection) -> None:
    """The promise (first due date) and the later moves, read back from the audit's due-date entries."""
    rows = bind.execute(
        sa.text(
            "SELECT entity_id, op_id, at, actor, old_value, new_value FROM audit_log "
            "WHERE entity = 'action' AND field = 'due_date' ORDER BY id"
        )
    ).all()
    history: dict[int, list[tuple[object, ...]]] = {}
    for row in rows:
        history.setdefault(row[0], []).append(tuple(row))
    for action_id, due in bind.execute(sa.text("SELECT id, due_date FROM action")).all():
        entries = history.get(action_id, [])
        promise: date | None = None
        moves = 0
        for _, op_id, at, actor, old_json, new_json in entries:
            old, new = _date(json.loads(old_json)), _date(json.loads(new_json))
            if promise is None:
                promise = new or old
                if old is None:
                    continue
            moves += 1
            bind.execute(
                sa.text(
                    "INSERT INTO due_date_change (action_id, op_id, at, actor, old_due, new_due, reason) "
                    "VALUES (:a, :o, :at, :actor, :old, :new, '')"
                ),
                {"a": action_id, "o": op_id, "at": _utc(at), "actor": actor, "old": old, "new": new},
            )
        promise = promise or _date(due)
        bind.execute(
            sa.text("UPDATE action SET original_due_date = :p, due_moves = :m WHERE id = :id"),
            {"p": promise, "m": moves, "id": action_id},
        )


def _utc(value: object) -> datetime:
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at if at.tzinfo else at.replace(tzinfo=UTC)


# the act parser as it is at this revision (the app's domain/acts.py)
_TYPES = (
    (re.compile(r"\b(d\.?\s?c\.?\s?c\.?|c\.\s?c\.|consiglio|consiliare)"), "Delibera di Consiglio comunale"),
    (re.compile(r"\b(d\.?\s?g\.?\s?c\.?|g\.\s?c\.|g\.\s?m\.|giunta)"), "Delibera di Giunta comunale"),
    (re.compile(r"\b(determina|determinazione|d\.\s?d\.)"), "Determinazione dirigenziale"),
    (re.compile(r"\b(decreto)"), "Decreto sindacale"),
    (re.compile(r"\b(ordinanza|ord\.)"), "Ordinanza"),
)
_KINDS = re.compile(r"\b(delibera|deliberazione|d\.?\s?[cg]\.?\s?c|determina|determinazione|decreto|ordinanza)")
_NUMBER = re.compile(r"\b(?:n|nr|num|numero|n°|n\.ro)\s*[.°]?\s*(\d{1,6}(?:\s*/\s*\d{2,4})?)")
_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2})")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _parse_act(text: str) -> tuple[str, str, date | None] | None:
    folded = _fold(text)
    if not _KINDS.search(folded):
        return None
    kind = next((k for pattern, k in _TYPES if pattern.search(folded)), None)
    number = _NUMBER.search(folded)
    if kind is None or number is None:
        return None
    when = None
    found = _DATE.search(folded[number.end() :]) or _DATE.search(folded)
    if found:
        try:
            if found.group(4):
                when = date(int(found.group(4)), int(found.group(5)), int(found.group(6)))
            else:
                year = int(found.group(3)) + (2000 if len(found.group(3)) == 2 else 0)
                when = date(year, int(found.group(2)), int(found.group(1)))
        except ValueError:
            when = None
    return kind, re.sub(r"\s+", "", number.group(1)), when


def _acts_from_notes(bind: sa.Connection) -> None:
    now = datetime.now(UTC)
    known: dict[tuple[str, str, date | None], int] = {}
    notes = bind.execute(
        sa.text("SELECT id, action_id, act_reference FROM progress_update WHERE act_reference <> '' ORDER BY id")
    ).all()
    for update_id, action_id, reference in notes:
        parsed = _parse_act(reference)
        if parsed is None:
            continue  # kept as text
        if parsed not in known:
            known[parsed] = bind.execute(
                sa.text(
                    "INSERT INTO act (version, created_at, updated_at, act_type, number, on_date, subject, link, "
                    "cup, cig) VALUES (1, :now, :now, :t, :n, :d, '', '', '', '') RETURNING id"
                ),
                {"now": now, "t": parsed[0], "n": parsed[1], "d": parsed[2]},
            ).scalar_one()
        act_id = known[parsed]
        bind.execute(sa.text("UPDATE progress_update SET act_id = :a WHERE id = :u"), {"a": act_id, "u": update_id})
        linked = bind.execute(
            sa.text("SELECT 1 FROM act_action WHERE act_id = :a AND action_id = :b"), {"a": act_id, "b": action_id}
        ).first()
        if linked is None:
            bind.execute(sa.text("INSERT INTO act_action (act_id, action_id) VALUES (:a, :b)"), {"a": act_id, "b": action_id})


def downgrade() -> None:
    from alembic.util import CommandError

    raise CommandError("Valenza Desk databases are only upgraded: restore the copy taken before the upgrade.")
