"""Action status: the five stored values, their Italian labels and colours.

"Scaduta" (overdue) is not a status: it is derived from the due date.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SUSPENDED = "suspended"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def colour(self) -> str:
        """Hex colour used for the status label on screen and on paper."""
        return STATUS_COLOURS[self]

    @property
    def is_closed(self) -> bool:
        """Done or dropped actions can no longer be overdue."""
        return self in CLOSED_STATUSES

    @classmethod
    def parse(cls, text: str) -> Status:
        """Accept the stored value or the Italian label, ignoring case and accents."""
        from valenza_desk.text import fold

        key = fold(text).strip().replace(" ", "_").replace("-", "_")
        for status in cls:
            if key in (status.value, fold(status.label).replace(" ", "_")):
                return status
        raise ValueError(text)


STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "Da avviare",
    Status.IN_PROGRESS: "In corso",
    Status.DONE: "Completata",
    Status.SUSPENDED: "Sospesa",
    Status.DROPPED: "Non più prevista",
}

STATUS_COLOURS: dict[Status, str] = {
    Status.NOT_STARTED: "#6b7280",
    Status.IN_PROGRESS: "#1d4ed8",
    Status.DONE: "#15803d",
    Status.SUSPENDED: "#b45309",
    Status.DROPPED: "#7f1d1d",
}

OVERDUE_LABEL = "Scaduta"
OVERDUE_COLOUR = "#b91c1c"

CLOSED_STATUSES = frozenset({Status.DONE, Status.DROPPED})


DEFAULT_DUE_SOON_DAYS = 30


def is_overdue(status: Status, due_date: date | None, today: date) -> bool:
    """Due date past and the action neither done nor dropped."""
    return due_date is not None and due_date < today and status not in CLOSED_STATUSES


def is_due_within(status: Status, due_date: date | None, today: date, days: int) -> bool:
    """Open and due from today to ``days`` days ahead ("in scadenza"), both days included."""
    return (
        due_date is not None and today <= due_date and (due_date - today).days <= days and status not in CLOSED_STATUSES
    )
