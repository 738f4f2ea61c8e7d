"""What a report is asked to contain: kind, query, meeting (text or id), notes, public profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from valenza_desk.domain.query import ActionQuery


class ReportKind(StrEnum):
    BRIEF = "brief"
    OFFICE = "office"
    ACTION = "action"
    XLSX = "xlsx"
    CSV = "csv"
    ODS = "ods"
    MANDATE = "mandate"
    ICS = "ics"

    @property
    def is_pdf(self) -> bool:
        return self in (ReportKind.BRIEF, ReportKind.OFFICE, ReportKind.ACTION, ReportKind.MANDATE)

    @property
    def extension(self) -> str:
        return ".pdf" if self.is_pdf else f".{self.value}"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """Everything a writer needs besides the Desk and the output path.

    ``query`` selects the actions, of the Desk's programme unless the query names another
    (``programme_id``); ``public`` leaves out people's names (referent, authors, office
    heads) and the internal notes; ``notes`` adds the latest progress note of each action
    to the brief. The day and time of the report come from the Desk's clock, and the
    due-soon window from ``desk.due_soon_days``, so a test with a fixed clock reproduces it.

    ``meeting_id`` makes the brief the one of a session: its snapshot is frozen when it has
    none, the brief is built from it (so it can be reprinted identically) and its SHA-256 is
    kept with the session. ``since_meeting_id`` chooses the session the brief's "what changed"
    section and the workbook's "Variazioni" sheet compare with (default for a session's brief:
    the previous session with a snapshot). ``meeting`` is the free text of older briefs.
    ``office_id`` also narrows the calendar (``ics``) to one office.
    """

    kind: ReportKind = ReportKind.BRIEF
    query: ActionQuery = field(default_factory=ActionQuery)
    meeting: str = ""
    notes: bool = False
    public: bool = False
    office_id: int | None = None
    action_code: str = ""
    audit: bool = False
    meeting_id: int | None = None
    since_meeting_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What was written: the path, a one-line Italian summary, and the page count for PDFs."""

    path: str
    summary: str
    pages: int = 0
