"""A session (seduta) as a person types it: the body, the date, a title or agenda reference, notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from valenza_desk.domain import limits
from valenza_desk.domain.rows import ActionRow, MilestoneRow, ProgressUpdateRow
from valenza_desk.errors import ValidationError
from valenza_desk.text import format_date

BODIES = ("Consiglio comunale", "Giunta comunale")


@dataclass(frozen=True, slots=True)
class MeetingDraft:
    """What a person typed for a session: the body, the date, a title or agenda reference, notes."""

    body: str
    on_date: date
    title: str = ""
    notes: str = ""

    def cleaned(self) -> MeetingDraft:
        body = limits.checked_text(self.body, "Organo", limits.MEETING_BODY, single_line=True)
        if not body:
            raise ValidationError("Indicare l'organo della seduta (Consiglio comunale, Giunta comunale, commissione…).")
        if not date(2000, 1, 1) <= self.on_date <= date(2100, 12, 31):
            raise ValidationError(f"La data della seduta {format_date(self.on_date)} non è plausibile.")
        return MeetingDraft(
            body=body,
            on_date=self.on_date,
            title=limits.checked_text(self.title, "Titolo", limits.MEETING_TITLE, single_line=True),
            notes=limits.checked_text(self.notes, "Note", limits.NOTES),
        )


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    programme_id: int
    body: str
    on_date: date
    title: str
    notes: str
    snapshot_at: datetime | None
    brief_sha256: str
    brief_issued_at: datetime | None
    version: int

    @property
    def has_snapshot(self) -> bool:
        return self.snapshot_at is not None

    @property
    def label(self) -> str:
        """ "Consiglio comunale del 30/11/2026 — Bilancio"."""
        text = f"{self.body} del {format_date(self.on_date)}"
        return f"{text} — {self.title}" if self.title else text


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A meeting's frozen state: the action rows, their milestones and latest notes, and its day."""

    meeting: MeetingRow
    rows: list[ActionRow]
    milestones: list[tuple[str, MilestoneRow]]
    notes: dict[int, ProgressUpdateRow]
    updates: dict[int, int]  # progress updates recorded per action until then

    @property
    def day(self) -> date:
        return self.meeting.on_date
