"""The Desk: the one Qt-free core every window, command and report holds (Anki's ``Collection``).

A Desk is a database, the person acting and a clock, looking at one programme (the
current one unless another is chosen). Everything the app reads goes through its
methods; everything it writes is an operation run by ``services.operations``, which
checks permission and versions, audits the change in the same transaction and returns
what changed. Nothing outside the services opens a session.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TypeVar

from valenza_desk.domain.actor import Actor, Permission, os_login
from valenza_desk.domain.acts import ActDraft
from valenza_desk.domain.bulk import BulkChange
from valenza_desk.domain.changes import OpResult
from valenza_desk.domain.clock import Clock, SystemClock
from valenza_desk.domain.meetings import MeetingDraft
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import (
    ActionDetail,
    ActionEdit,
    ActionRow,
    ActRow,
    AuditEntry,
    ImportSummary,
    LastChange,
    MilestoneRow,
    OfficeDraft,
    OfficeRow,
    ProgrammeInfo,
    ProgressUpdateRow,
    StakeholderRow,
    StakeholderSummary,
    UserDraft,
    UserRow,
    ValueRow,
)
from valenza_desk.errors import NotFoundError
from valenza_desk.importers.programme_text import ParsedProgramme
from valenza_desk.services import (
    action_writer,
    acts,
    audit,
    audit_chain,
    browse,
    changes,
    editing,
    maintenance,
    meetings,
    missions,
    offices,
    programme,
    server,
    settings,
    transfer,
    undo,
    users,
)
from valenza_desk.services.operations import Operation, run_operation
from valenza_desk.services.setup import ensure_programme, open_database
from valenza_desk.store.database import Database
from valenza_desk.text import ROME, fold

T = TypeVar("T")


class Desk:
    """One database, one person, one clock, one programme in view."""

    def __init__(self, db: Database, actor: Actor, clock: Clock | None = None, programme_id: int | None = None) -> None:
        self.db = db
        self.actor = actor
        self.clock: Clock = clock or SystemClock()
        self._programme_id = programme_id

    @classmethod
    def open(
        cls,
        target: str | os.PathLike[str] | None = None,
        actor: Actor | None = None,
        clock: Clock | None = None,
        *,
        read_only: bool = False,
        create: bool = True,
        programme: str | None = None,
        allow_network_share: bool = False,
    ) -> Desk:
        """Open (migrating; creating only with ``create``) the database ``target``.

        The person acting is ``actor`` when given (tests, tools), otherwise identified by the
        database: the server login on PostgreSQL, the operating system's login on a SQLite
        file (see ``services.users``). ``programme`` chooses the programme in view by period
        or id (default: the current one). A SQLite file on a network share opens read-only unless
        ``allow_network_share`` (see ``store.network``).
        """
        clock = clock or SystemClock()
        db = open_database(
            target, read_only=read_only, create=create, actor=actor, allow_network_share=allow_network_share
        )
        try:
            if actor is None:
                actor = users.identify(db, users.server_login(db) or os_login(), clock)
            desk = cls(db, actor, clock)
            if programme:
                desk._programme_id = desk.resolve_programme(programme)
        except BaseException:
            db.dispose()
            raise
        return desk

    def close(self) -> None:
        self.db.dispose()

    # --- time -------------------------------------------------------------------------------
    def today(self) -> date:
        return self.clock.today()

    def now(self) -> datetime:
        return self.clock.now()

    # --- the programme in view ----------------------------------------------------------------
    @property
    def programme_id(self) -> int | None:
        """The programme in view: the one chosen, or the current (newest) one; None when empty."""
        if self._programme_id is None:
            found = programme.list_programmes(self.db)
            self._programme_id = found[0].id if found else None  # kept once known: the view stays put
        return self._programme_id

    def for_programme(self, programme_id: int | None) -> Desk:
        """A Desk on the same database, person and clock, looking at another programme."""
        return Desk(self.db, self.actor, self.clock, programme_id)

    def programmes(self) -> list[ProgrammeInfo]:
        """Every programme, newest first; ``current`` marks the newest."""
        return programme.list_programmes(self.db)

    def programme(self) -> ProgrammeInfo | None:
        """The programme in view."""
        wanted = self.programme_id
        return next((p for p in self.programmes() if p.id == wanted), None)

    def resolve_programme(self, text: str) -> int:
        """A programme's id from its id, its period ("2020-2025") or part of its title."""
        found = self.programmes()
        wanted = text.strip()
        for p in found:
            if wanted == str(p.id) or (p.period and wanted.replace("–", "-") == p.period):
                return p.id
        partial = [p for p in found if fold(wanted) and fold(wanted) in fold(p.title)]
        if len(partial) == 1:
            return partial[0].id
        known = ", ".join(f"{p.period or '—'} (n. {p.id})" for p in found) or "nessuno"
        raise NotFoundError(f"Programma «{text}» non trovato. Programmi presenti: {known}.")

    def is_empty(self) -> bool:
        return programme.is_empty(self.db)

    # --- settings ----------------------------------------------------------------------------
    @property
    def due_soon_days(self) -> int:
        """How many days ahead "in scadenza" looks, in every view and report (default 30).

        Read each time (one small query): a change made on another PC is seen at the next refresh.
        """
        return settings.due_soon_days(settings.read_settings(self.db))

    def set_due_soon_days(self, days: int) -> OpResult[None]:
        return self._run(
            "set_setting",
            f"Periodo «in scadenza»: {days} giorni",
            Permission.CHANGE_SETTINGS,
            lambda op: settings.set_due_soon_days(op, days),
        )

    def set_backup_keep(self, copies: int) -> OpResult[None]:
        """How many daily copies of a SQLite file are kept beside it (at start-up, at most one a day)."""
        return self._run(
            "set_setting",
            f"Copie giornaliere conservate: {copies}",
            Permission.CHANGE_SETTINGS,
            lambda op: settings.set_backup_keep(op, copies),
        )

    # --- reading -----------------------------------------------------------------------------
    def _pid(self) -> int:
        pid = self.programme_id
        return pid if pid is not None else -1  # an empty database: every list is empty

    def query(self, **criteria: object) -> ActionQuery:
        """An action query limited to the programme in view."""
        return ActionQuery(programme_id=self._pid(), **criteria)  # type: ignore[arg-type]

    def actions(self, query: ActionQuery | None = None) -> list[ActionRow]:
        """Actions of the programme in view matching ``query`` (default: all), in programme order."""
        return browse.list_actions(self.db, (query or ActionQuery()).within(self._pid()), self.today())

    def action(self, action_id: int) -> ActionDetail:
        return browse.action_detail(self.db, action_id)

    def action_details(self) -> list[ActionDetail]:
        """Every action of the programme whole, in a few queries (open data, full exports)."""
        return browse.action_details(self.db, programme_id=self._pid())

    def action_id(self, code: str) -> int:
        return browse.action_id_for_code(self.db, self._pid(), code)

    def action_by_code(self, code: str) -> ActionDetail:
        return self.action(self.action_id(code))

    def values(self) -> list[ValueRow]:
        return programme.list_values(self.db, self._pid())

    def stakeholders(self) -> list[StakeholderRow]:
        return browse.list_stakeholders(self.db, self._pid())

    def stakeholder_summaries(self) -> list[StakeholderSummary]:
        return browse.stakeholder_summaries(self.db, self._pid(), self.today())

    def resolve_stakeholder(self, name: str) -> int:
        return browse.resolve_stakeholder(self.db, self._pid(), name)

    def offices(self, include_inactive: bool = True) -> list[OfficeRow]:
        """Every office (shared by all programmes), with its counts in the programme in view."""
        return offices.list_offices(self.db, self._pid(), include_inactive)

    def office(self, office_id: int) -> OfficeRow:
        return offices.get_office(self.db, office_id, self._pid())

    def resolve_office(self, name: str) -> int:
        return offices.resolve_office(self.db, name)

    def milestones(self, office_id: int | None = None, include_done: bool = False) -> list[tuple[str, MilestoneRow]]:
        """(action code, milestone) by due date: open ones, or all with ``include_done``."""
        return browse.milestones(self.db, self._pid(), office_id, include_done)

    def latest_updates(self) -> dict[int, ProgressUpdateRow]:
        return browse.latest_updates(self.db, self._pid())

    def audit(
        self,
        entity: str | None = None,
        entity_id: int | None = None,
        limit: int | None = 500,
        actor: str | None = None,
        since: date | None = None,
    ) -> list[AuditEntry]:
        """Audit entries, newest first: of one entity, by one person, from a day on (Rome's midnight)."""
        start = datetime.combine(since, time.min, tzinfo=ROME).astimezone(UTC) if since is not None else None
        return audit.list_audit(self.db, entity, entity_id, limit, actor, start)

    # --- writing: every change is an operation ------------------------------------------------
    def _run(self, name: str, label: str, permission: Permission, body: Callable[[Operation], T]) -> OpResult[T]:
        return run_operation(self.db, self.actor, self.clock, name, label, permission, body, self.programme_id)

    def save_action(self, edit: ActionEdit) -> OpResult[ActionDetail]:
        """Save the desired state of one action; ConflictError if it changed since it was read."""
        code = self.action(edit.action_id).code
        result = self._run(
            "save_action",
            f"Modifica dell'azione {code}",
            Permission.EDIT_ACTIONS,
            lambda op: editing.apply_edit(op, edit),
        )
        return OpResult(self.action(edit.action_id), result.changes, result.operation_id)

    def bulk_edit(self, targets: Sequence[tuple[int, int]], change: BulkChange) -> OpResult[int]:
        """Give ``change`` to every (action id, version seen) in one all-or-nothing operation,
        audited per action; returns how many actions changed."""
        names = {o.id: o.name for o in self.offices()}
        values = {v.id: v.name for v in self.values()}
        label = f"Modifica di {len(targets)} azioni: {change.describe(names, values)}"
        return self._run(
            "bulk_edit", label, Permission.EDIT_ACTIONS, lambda op: editing.apply_bulk(op, targets, change)
        )

    def last_change(self, action_id: int) -> LastChange | None:
        """The newest change of an action and whether Undo can take it back."""
        return undo.last_change(self.db, action_id)

    def undo(self, action_id: int, operation_id: int) -> OpResult[ActionDetail]:
        """Take back operation ``operation_id`` on one action (see ``services.undo``)."""
        code = self.action(action_id).code
        result = self._run(
            "undo",
            f"Annullamento dell'ultima modifica di {code}",
            Permission.EDIT_ACTIONS,
            lambda op: undo.undo(op, action_id, operation_id),
        )
        return OpResult(self.action(action_id), result.changes, result.operation_id)

    def recent_acts(self, limit: int = 300) -> list[str]:
        """Act references already given to progress notes, most recent first (to suggest while typing)."""
        with self.db.read() as session:
            return action_writer.recent_acts(session, limit)

    # --- people -------------------------------------------------------------------------------
    def users(self) -> list[UserRow]:
        return users.list_users(self.db)

    def user(self, login: str) -> UserRow:
        found = users.find(self.db, login)
        if found is None:
            raise NotFoundError(f"Utente «{login}» non trovato (vedi «valenza-desk users»).")
        return found

    def add_user(self, draft: UserDraft, password: str | None = None) -> OpResult[UserRow]:
        """Add a person (administrators only); on the shared server also their login role."""

        def body(op: Operation) -> int:
            user_id = users.add_user(op, draft)
            if self.is_server:
                server.create_login(op.session, draft.cleaned(), password)
            return user_id

        result = self._run("add_user", f"Nuovo utente {draft.login.strip()}", Permission.MANAGE_USERS, body)
        return OpResult(self.user(draft.login), result.changes, result.operation_id)

    def update_user(
        self, user_id: int, version: int, draft: UserDraft, password: str | None = None
    ) -> OpResult[UserRow]:
        """Change a person's name, profile, offices, or disable them (administrators only).

        On the shared server a ``password`` sets the person's password, creating their login
        when they have none yet (a person copied from a SQLite file)."""

        def body(op: Operation) -> None:
            users.update_user(op, user_id, version, draft)
            if self.is_server:
                if password is not None:
                    server.create_login(op.session, draft.cleaned(), password)
                server.update_login(op.session, draft.cleaned())

        result = self._run("update_user", f"Modifica dell'utente {draft.login.strip()}", Permission.MANAGE_USERS, body)
        return OpResult(self.user(draft.login), result.changes, result.operation_id)

    @property
    def is_server(self) -> bool:
        """True on the shared PostgreSQL server (where the server itself enforces the roles)."""
        return self.db.engine.dialect.name == "postgresql"

    @property
    def on_network_share(self) -> bool:
        """True when a SQLite file opened read-only only because it lies on a network share
        (``store.network``); reopening with ``allow_network_share`` lets the person insist."""
        from valenza_desk.store.network import network_filesystem, share_message

        path, reason = self.db.path, self.db.read_only_reason
        if path is None or not reason:
            return False
        kind = network_filesystem(path.parent)
        return bool(kind) and reason == share_message(path, kind)

    def daily_backup(self) -> Path | None:
        """The start-up copy of a SQLite file (at most one a day, the last ``backup_keep`` kept)."""
        keep = settings.backup_keep(settings.read_settings(self.db))
        return maintenance.rolling_backup(self.db, self.today(), keep)

    def backup(self, out: Path | None = None) -> Path:
        """A copy of the database now (a checked SQLite file, or pg_dump on the server)."""
        return maintenance.backup(self.db, out, self.today())

    def restore(self, source: Path) -> Path:
        """Replace the database's content with a checked copy (administrators only); returns where
        the current content was kept aside."""
        self.actor.require(Permission.MANAGE_USERS)
        return maintenance.restore(self.db, source, self.now())

    def check(self) -> list[maintenance.CheckResult]:
        """Integrity, foreign keys, the audit chain and the schema revision."""
        return maintenance.check(self.db)

    def verify_audit(self) -> audit_chain.Verdict:
        """Recompute the audit's hash chain; the first entry that does not hold, if any."""
        return audit_chain.verify(self.db)

    # --- meetings, snapshots, what changed ----------------------------------------------------
    def meetings(self) -> list[meetings.MeetingRow]:
        return meetings.list_meetings(self.db, self._pid())

    def meeting(self, meeting_id: int) -> meetings.MeetingRow:
        return meetings.get_meeting(self.db, meeting_id)

    def add_meeting(self, draft: MeetingDraft) -> OpResult[meetings.MeetingRow]:
        pid = self.programme_id
        if pid is None:
            raise NotFoundError("Nessun programma nel database: importarne uno prima di registrare le sedute.")
        result = self._run(
            "add_meeting",
            f"Nuova seduta: {draft.body.strip()}",
            Permission.MANAGE_MEETINGS,
            lambda op: meetings.add_meeting(op, pid, draft),
        )
        return OpResult(self.meeting(result.value), result.changes, result.operation_id)

    def freeze_snapshot(self, meeting_id: int) -> OpResult[bool]:
        """Freeze the programme's state for a meeting (once: False when it already had one)."""
        label = f"Fotografia dello stato per la seduta n. {meeting_id}"
        return self._run(
            "freeze_snapshot", label, Permission.MANAGE_MEETINGS, lambda op: meetings.freeze(op, meeting_id)
        )

    def record_brief(self, meeting_id: int, sha256: str) -> OpResult[None]:
        return self._run(
            "record_brief",
            f"Relazione emessa per la seduta n. {meeting_id}",
            Permission.MANAGE_MEETINGS,
            lambda op: meetings.record_brief(op, meeting_id, sha256),
        )

    def snapshot(self, meeting_id: int) -> meetings.Snapshot:
        return meetings.load_snapshot(self.db, meeting_id)

    def snapshot_meeting(self, meeting_id: int) -> meetings.MeetingRow:
        """A meeting that has a snapshot (ValidationError in Italian otherwise)."""
        return meetings.with_snapshot(self.db, meeting_id)

    def previous_snapshot_meeting(self, meeting_id: int) -> meetings.MeetingRow | None:
        """The latest earlier session with a snapshot (the default "since" of a brief)."""
        return meetings.previous_with_snapshot(self.db, self.meeting(meeting_id))

    def changes_between(self, since_meeting: int, until_meeting: int | None = None) -> list[changes.Change]:
        """What changed from one meeting's snapshot to another's (or to now)."""
        positions = {s.id: s.position for s in self.stakeholders()}
        if until_meeting is not None:
            since, until = self.snapshot_meeting(since_meeting), self.snapshot_meeting(until_meeting)
            before, after_snapshot = meetings.changed_between(self.db, since, until)
            start, end = since.snapshot_at, until.snapshot_at
            after = changes.State(
                after_snapshot.day,
                after_snapshot.rows,
                after_snapshot.milestones,
                after_snapshot.updates,
                self._notes_between(start, end),
                positions,
            )
        else:
            before = self.snapshot(since_meeting)
            start = before.meeting.snapshot_at
            after = changes.State(
                self.today(),
                self.actions(),
                self.milestones(include_done=True),
                {},
                self._notes_between(start, None),
                positions,
            )
        old = changes.State(before.day, before.rows, before.milestones, before.updates, {}, positions)
        return changes.compare(old, after)

    def changes_since(self, day: date) -> list[changes.Change]:
        """What changed from a day on (Rome's midnight), rebuilt from the audit: no snapshot needed."""
        start = datetime.combine(day, time.min, tzinfo=ROME).astimezone(UTC)
        entries = audit.list_audit(self.db, limit=None, since=start)
        positions = {s.id: s.position for s in self.stakeholders()}
        return changes.from_audit(entries, self.actions(), positions, start)

    def _notes_between(self, start: datetime | None, end: datetime | None) -> dict[int, list[ProgressUpdateRow]]:
        return browse.updates_between(self.db, self._pid(), start, end)

    def progress_notes(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> dict[int, list[ProgressUpdateRow]]:
        """Progress notes recorded after ``since`` and up to ``until`` (either open), per action id,
        oldest first (reports rebuild from them what was linked to what at a given moment)."""
        return self._notes_between(since, until)

    # --- acts, missions ---------------------------------------------------------------------------
    def acts(self) -> list[ActRow]:
        return acts.list_acts(self.db, self._pid())

    def add_act(self, draft: ActDraft, action_ids: tuple[int, ...] = ()) -> OpResult[int]:
        return self._run(
            "add_act",
            "Nuovo atto nel registro",
            Permission.EDIT_ACTIONS,
            lambda op: acts.add_act(op, draft, action_ids),
        )

    def update_act(
        self, act_id: int, version: int, draft: ActDraft, action_ids: tuple[int, ...] | None = None
    ) -> OpResult[None]:
        """Correct an act; with ``action_ids``, also the actions of this programme it is linked to."""

        def body(op: Operation) -> None:
            acts.update_act(op, act_id, version, draft)
            if action_ids is not None:
                acts.set_links(op, act_id, self._pid(), action_ids)

        return self._run("update_act", "Modifica di un atto", Permission.EDIT_ACTIONS, body)

    def missions(self) -> list[tuple[missions.Mission | None, int]]:
        """Each DUP Missione with its number of actions (None: actions not classified yet)."""
        counted = missions.counts(self.db, self._pid())
        found: list[tuple[missions.Mission | None, int]] = [(m, counted.get(m.code, 0)) for m in missions.missions()]
        found.append((None, counted.get("", 0)))
        return found

    def add_office(self, draft: OfficeDraft) -> OpResult[OfficeRow]:
        result = self._run(
            "add_office",
            f"Nuovo ufficio «{draft.name.strip()}»",
            Permission.MANAGE_OFFICES,
            lambda op: offices.add_office(op, draft),
        )
        return OpResult(self.office(result.value), result.changes, result.operation_id)

    def update_office(self, office_id: int, version: int, draft: OfficeDraft) -> OpResult[OfficeRow]:
        result = self._run(
            "update_office",
            f"Modifica dell'ufficio «{draft.name.strip()}»",
            Permission.MANAGE_OFFICES,
            lambda op: offices.update_office(op, office_id, version, draft),
        )
        return OpResult(self.office(office_id), result.changes, result.operation_id)

    def remove_office(
        self, office_id: int, version: int, reassign_to: int | None = None, unassign: bool = False
    ) -> OpResult[int]:
        """Delete an office; returns how many actions were affected (see ``services.offices``)."""
        name = self.office(office_id).name
        return self._run(
            "remove_office",
            f"Eliminazione dell'ufficio «{name}»",
            Permission.MANAGE_OFFICES,
            lambda op: offices.remove_office(op, office_id, version, reassign_to, unassign),
        )

    def import_programme(self, parsed: ParsedProgramme) -> OpResult[ImportSummary]:
        """Import a parsed programme text: a new programme for a new period, else an update.

        The Desk then looks at the programme imported.
        """
        result = run_operation(
            self.db,
            self.actor,
            self.clock,
            "import_programme",
            f"Importazione di {parsed.source_file}",
            Permission.IMPORT_PROGRAMME,
            lambda op: programme.import_programme(op, parsed),
        )
        self._programme_id = result.value.programme_id
        return result

    def seed(self) -> ImportSummary | None:
        """Import the bundled programme into an empty database (first start); None otherwise."""
        return ensure_programme(self.db, self.actor, clock=self.clock)


def setup_server(url: str) -> None:
    """``server setup``: migrate the server database and give it the roles, grants and row-level
    security of the app's profiles (run once by its owner; see ``services.server``)."""
    db = open_database(url)
    try:
        server.setup(db)
    finally:
        db.dispose()


def copy_to_server(file: Path, url: str) -> list[transfer.TableCopy]:
    """``server copy-from-sqlite``: every row of a local file onto an empty server database, verified."""
    source = open_database(file, create=False)
    try:
        target = open_database(url, create=False)
        try:
            return transfer.copy_to_server(source, target)
        finally:
            target.dispose()
    finally:
        source.dispose()
