"""What a report is asked to contain: kind, filter, meeting text, notes, public profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from valenza_desk.domain.rows import ActionFilter


class ReportKind(StrEnum):
    BRIEF = "brief"
    OFFICE = "office"
    ACTION = "action"
    XLSX = "xlsx"
    CSV = "csv"
    ODS = "ods"

    @property
    def is_pdf(self) -> bool:
        return self in (ReportKind.BRIEF, ReportKind.OFFICE, ReportKind.ACTION)

    @property
    def extension(self) -> str:
        return ".pdf" if self.is_pdf else f".{self.value}"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """Everything a writer needs besides the database and the output path.

    ``public`` leaves out people's names (referent, authors, office heads) and the
    internal notes; ``notes`` adds the latest progress note of each action to the brief.
    ``today`` and ``generated_at`` are fixed by the caller so a report is reproducible.
    """

    kind: ReportKind = ReportKind.BRIEF
    action_filter: ActionFilter = field(default_factory=ActionFilter)
    meeting: str = ""
    notes: bool = False
    public: bool = False
    office_id: int | None = None
    action_code: str = ""
    audit: bool = False
    upcoming_days: int = 60
    today: date | None = None
    generated_at: datetime | None = None

    @property
    def day(self) -> date:
        return self.today or date.today()

    @property
    def timestamp(self) -> datetime:
        return self.generated_at or datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What was written: the path, a one-line Italian summary, and the page count for PDFs."""

    path: str
    summary: str
    pages: int = 0
