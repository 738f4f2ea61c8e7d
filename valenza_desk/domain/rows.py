"""Plain rows handed out by the services: immutable snapshots, never live ORM objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from valenza_desk.domain import limits
from valenza_desk.domain.status import Status, is_overdue
from valenza_desk.errors import ValidationError


@dataclass(frozen=True, slots=True)
class ProgrammeInfo:
    """A programme (mandate) as the switcher, the CLI and every title show it."""

    id: int
    title: str
    period: str
    coalition: str
    mayor: str
    source_file: str
    source_sha256: str
    imported_at: datetime | None
    actions: int = 0
    current: bool = False

    @property
    def display_name(self) -> str:
        """The title, with the period when the title does not already say it."""
        if self.period and self.period not in self.title:
            return f"{self.title} ({self.period})"
        return self.title


@dataclass(frozen=True, slots=True)
class ValueRow:
    id: int
    name: str
    description: str
    position: int


@dataclass(frozen=True, slots=True)
class StakeholderRow:
    id: int
    name: str
    code: str
    aliases: tuple[str, ...]
    narrative: str
    position: int


@dataclass(frozen=True, slots=True)
class StakeholderSummary:
    """A stakeholder with its action counts, as the navigator and reports show it."""

    id: int
    name: str
    code: str
    position: int
    total: int
    by_status: dict[Status, int]
    overdue: int
    average_progress: float


@dataclass(slots=True, eq=False)
class ActionRow:
    """One line of the action table: everything needed to show, sort and filter it.

    Not frozen, for speed (100,000 are built per listing); treat it as read-only.
    Field order matters: ``browse.list_actions`` builds it positionally. Whether it is
    overdue depends on the day: ask ``is_overdue(today)`` with the Desk's today.
    """

    id: int
    programme_id: int
    code: str
    number: str
    position: int
    stakeholder_id: int
    stakeholder: str
    stakeholder_code: str
    text: str
    status: Status
    progress: int
    due_date: date | None
    completed_on: date | None
    referent: str
    lead_office_id: int | None
    lead_office: str
    support_office_ids: tuple[int, ...]
    offices: tuple[str, ...]  # the supporting offices' names
    version: int
    updated_at: datetime | None
    search_key: str
    original_due_date: date | None = None
    due_moves: int = 0
    mission: str = ""

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.due_date, today)

    @property
    def rescheduled(self) -> bool:
        """ "Rimodulata": the due date moved at least once after it was first given."""
        return self.due_moves > 0

    @property
    def all_offices(self) -> tuple[str, ...]:
        """Lead office first, then the supporting ones."""
        return ((self.lead_office,) if self.lead_office else ()) + self.offices


@dataclass(frozen=True, slots=True)
class OfficeRow:
    id: int
    name: str
    head: str
    email: str
    phone: str
    active: bool
    version: int
    lead_count: int = 0
    support_count: int = 0

    @property
    def assigned(self) -> int:
        return self.lead_count + self.support_count


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    id: int | None
    title: str
    due_date: date | None
    done_on: date | None

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_date is not None and self.due_date < today


@dataclass(frozen=True, slots=True)
class ProgressUpdateRow:
    id: int
    at: datetime
    on_date: date
    author: str
    status: Status
    progress: int
    text: str
    act_reference: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audited change: values as data (decoded JSON) and the labels a reader is shown."""

    id: int
    op_id: int | None
    operation_label: str
    at: datetime
    actor: str
    entity: str
    entity_id: int | None
    entity_label: str
    operation: str
    field: str
    old_value: object
    new_value: object
    old_label: str
    new_label: str


@dataclass(frozen=True, slots=True)
class DueDateChangeRow:
    """One move of an action's due date: from, to, why, who, when."""

    at: datetime
    actor: str
    old_due: date | None
    new_due: date | None
    reason: str


@dataclass(frozen=True, slots=True)
class ActRow:
    """A formal act of the register, with the codes of the actions it is linked to."""

    id: int
    act_type: str
    number: str
    on_date: date | None
    subject: str
    link: str
    cup: str
    cig: str
    version: int
    action_codes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        from valenza_desk.domain.acts import ActReference

        return ActReference(self.act_type, self.number, self.on_date).label


@dataclass(frozen=True, slots=True)
class ActionDetail:
    """Everything the detail panel and the single-action sheet show."""

    id: int
    code: str
    number: str
    stakeholder_id: int
    stakeholder: str
    text: str
    status: Status
    progress: int
    due_date: date | None
    completed_on: date | None
    referent: str
    notes: str
    lead_office_id: int | None
    lead_office: str
    support_office_ids: tuple[int, ...]
    support_offices: tuple[str, ...]
    value_ids: tuple[int, ...]
    values: tuple[str, ...]
    milestones: tuple[MilestoneRow, ...]
    updates: tuple[ProgressUpdateRow, ...]
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    original_due_date: date | None = None
    due_date_changes: tuple[DueDateChangeRow, ...] = ()
    mission: str = ""
    dup_programme: str = ""
    acts: tuple[ActRow, ...] = ()

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.due_date, today)

    @property
    def rescheduled(self) -> bool:
        return bool(self.due_date_changes)


@dataclass(slots=True)
class ActionEdit:
    """The desired state of an action after a Save: the service diffs it with the stored one.

    ``version`` is the version the user started from; a different stored version means
    somebody else saved meanwhile and the save is refused (ConflictError).
    ``note`` and ``act_reference`` become a progress update when given, and one is
    also recorded whenever status or progress change.
    """

    action_id: int
    version: int
    status: Status
    progress: int
    due_date: date | None
    completed_on: date | None
    referent: str
    notes: str
    lead_office_id: int | None
    support_office_ids: tuple[int, ...] = ()
    value_ids: tuple[int, ...] = ()
    milestones: tuple[MilestoneRow, ...] | None = None  # None: leave milestones as they are
    note: str = ""
    act_reference: str = ""
    mission: str = ""
    dup_programme: str = ""
    due_change_reason: str = ""  # why the due date moves, when it does

    @classmethod
    def from_detail(cls, detail: ActionDetail) -> ActionEdit:
        """An edit that changes nothing: start here and change what the user changed."""
        return cls(
            action_id=detail.id,
            version=detail.version,
            status=detail.status,
            progress=detail.progress,
            due_date=detail.due_date,
            completed_on=detail.completed_on,
            referent=detail.referent,
            notes=detail.notes,
            lead_office_id=detail.lead_office_id,
            support_office_ids=detail.support_office_ids,
            value_ids=detail.value_ids,
            milestones=None,
            mission=detail.mission,
            dup_programme=detail.dup_programme,
        )


@dataclass(slots=True)
class ImportSummary:
    """What an import did, for the CLI output and the first-start dialog."""

    source_file: str
    programme_id: int = 0
    programme_title: str = ""
    period: str = ""
    new_programme: bool = False
    values: int = 0
    stakeholders: int = 0
    actions_added: int = 0
    actions_updated: int = 0
    actions_unchanged: int = 0
    actions_kept_user_text: int = 0
    actions_missing_from_source: int = 0
    per_stakeholder: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def actions_in_source(self) -> int:
        return sum(self.per_stakeholder.values())

    def lines(self) -> list[str]:
        """The summary in Italian, one line each."""
        heading = "Nuovo programma" if self.new_programme else "Programma aggiornato"
        out = [
            f"Programma importato da {self.source_file}",
            f"  {heading}: {self.programme_title}" + (f" ({self.period})" if self.period else ""),
            f"  Valori: {self.values}",
            f"  Stakeholder: {self.stakeholders}",
            f"  Azioni nel testo: {self.actions_in_source}",
            f"  Azioni nuove: {self.actions_added}",
            f"  Azioni con testo aggiornato: {self.actions_updated}",
            f"  Azioni invariate: {self.actions_unchanged}",
        ]
        if self.actions_kept_user_text:
            out.append(f"  Azioni con testo modificato dagli utenti (mantenuto): {self.actions_kept_user_text}")
        if self.actions_missing_from_source:
            out.append(
                f"  Azioni presenti nel database ma non nel testo (mantenute): {self.actions_missing_from_source}"
            )
        for name, count in self.per_stakeholder.items():
            out.append(f"    {name}: {count}")
        if self.warnings:
            out.append("Avvisi:")
            out.extend(f"  - {w}" for w in self.warnings)
        return out


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class OfficeDraft:
    """What the user typed for an office."""

    name: str
    head: str = ""
    email: str = ""
    phone: str = ""
    active: bool = True

    def cleaned(self) -> OfficeDraft:
        draft = OfficeDraft(
            name=limits.checked_text(self.name, "Nome dell'ufficio", limits.OFFICE_NAME, single_line=True),
            head=limits.checked_text(self.head, "Responsabile", limits.PERSON_NAME, single_line=True),
            email=limits.checked_text(self.email, "E-mail", limits.EMAIL, single_line=True),
            phone=limits.checked_text(self.phone, "Telefono", limits.PHONE, single_line=True),
            active=self.active,
        )
        if not draft.name:
            raise ValidationError("Il nome dell'ufficio è obbligatorio.")
        if draft.email and not _EMAIL_RE.match(draft.email):
            raise ValidationError(f"L'indirizzo e-mail «{draft.email}» non è valido.")
        return draft


@dataclass(frozen=True, slots=True)
class LastChange:
    """The newest operation that changed an action, and whether Undo can take it back."""

    operation_id: int
    label: str
    at: datetime
    actor: str
    undoable: bool
    reason: str = ""  # why not, in Italian


@dataclass(frozen=True, slots=True)
class UserRow:
    """A person who may use the database, as the Users dialog and ``users --json`` show them."""

    id: int
    login: str
    full_name: str
    role: str
    active: bool
    office_ids: tuple[int, ...]
    offices: tuple[str, ...]
    version: int


_LOGIN_RE = re.compile(r"^[A-Za-z0-9._@\\-]{1,100}$")


@dataclass(frozen=True, slots=True)
class UserDraft:
    """What an administrator typed for a person: login, name, role and (office editors) offices."""

    login: str
    role: str
    full_name: str = ""
    office_ids: tuple[int, ...] = ()
    active: bool = True

    def cleaned(self) -> UserDraft:
        from valenza_desk.domain.actor import Role

        login = self.login.strip()
        if not _LOGIN_RE.match(login):
            raise ValidationError(
                f"Il nome di accesso «{login}» non è valido: da 1 a 100 caratteri tra lettere, cifre e . _ - @ \\."
            )
        try:
            role = Role.parse(self.role)
        except ValueError:
            roles = ", ".join(r.value for r in Role)
            raise ValidationError(f"Profilo «{self.role}» non riconosciuto. Profili possibili: {roles}.") from None
        offices = tuple(dict.fromkeys(self.office_ids)) if role is Role.UFFICIO else ()
        if role is Role.UFFICIO and not offices:
            raise ValidationError("Per il profilo ufficio indicare almeno un ufficio.")
        return UserDraft(
            login=login,
            role=role.value,
            full_name=limits.checked_text(self.full_name, "Nome e cognome", limits.PERSON_NAME, single_line=True),
            office_ids=offices,
            active=self.active,
        )
