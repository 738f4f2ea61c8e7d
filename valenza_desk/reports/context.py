"""What every report reads once from the Desk before writing: the day, the time, the
programme in view and the due-soon window, and the titles built from that programme.

Reading them once keeps a report self-consistent (a report made across midnight
still has one day) and keeps the programme's title and period out of the code: a
second programme imported beside the first gets its own titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from valenza_desk.domain.rows import ProgrammeInfo
from valenza_desk.reports.catalogue import t
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date


@dataclass(frozen=True, slots=True)
class ReportContext:
    today: date
    now: datetime
    programme: ProgrammeInfo | None
    due_soon_days: int

    @property
    def programme_name(self) -> str:
        """The programme's title, with its period when the title does not say it."""
        return self.programme.display_name if self.programme else t("no_programme")

    @property
    def programme_caption(self) -> str:
        """The programme on a line of its own: "Programma: …" unless its title already says so."""
        name = self.programme_name
        return name if name.casefold().startswith("programma") else t("programme_label", programme=name)

    @property
    def situation(self) -> str:
        return t("situation_at", date=format_date(self.today))

    @property
    def brief_title(self) -> str:
        """The brief's title with the period of the programme in view (none for an empty database)."""
        period = self.programme.period if self.programme else ""
        return t("brief_title_period", period=period) if period else t("brief_title")

    @property
    def brief_subject(self) -> str:
        return t("brief_subject", programme=self.programme_name, municipality=t("municipality"))

    def subject(self, title: str) -> str:
        """PDF subject of a sheet or agenda: its title, the programme and the municipality."""
        return t("report_subject", title=title, programme=self.programme_name, municipality=t("municipality"))

    @property
    def header_subtitle(self) -> str:
        """The running header's right side: programme and day."""
        return t("header_subtitle", programme=self.programme_name, situation=self.situation)

    @property
    def programme_line(self) -> str:
        """The cover line: the programme's title, with coalition and mayor only when it names them."""
        parts = [self.programme_name]
        if self.programme is not None:
            if self.programme.coalition.strip():
                parts.append(t("programme_coalition", coalition=self.programme.coalition.strip()))
            if self.programme.mayor.strip():
                parts.append(t("programme_mayor", mayor=self.programme.mayor.strip()))
        return parts[0] + (" — " + ", ".join(parts[1:]) if len(parts) > 1 else "")


def context_of(desk: Desk) -> ReportContext:
    """Read the day, time, programme and due-soon window once, at the start of a report."""
    return ReportContext(
        today=desk.today(), now=desk.now(), programme=desk.programme(), due_soon_days=desk.due_soon_days
    )
