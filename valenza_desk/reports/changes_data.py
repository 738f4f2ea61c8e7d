"""What changed since an earlier session, as the brief's section and the workbook's "Variazioni"
sheet show it: the changes grouped by stakeholder, with how many of each kind.

The comparison itself is the Desk's (``changes_between``): from the earlier session's
snapshot to the session's own snapshot (a session's brief), or to now (the workbook, a
brief without a session). The public profile leaves out changes of referent (names).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from valenza_desk.domain.meetings import MeetingRow
from valenza_desk.domain.variations import KIND_LABELS, Change, counts
from valenza_desk.reports.catalogue import t
from valenza_desk.reports.errors import ReportError
from valenza_desk.services.desk import Desk

_PRIVATE_KINDS = frozenset({"referent"})


@dataclass(slots=True)
class ChangesData:
    """``since`` is None when no earlier session has a snapshot (nothing to compare with)."""

    since: MeetingRow | None
    until: MeetingRow | None  # None: compared with now
    changes: list[Change] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(kind label, how many), in the order kinds are listed in ``KIND_LABELS``."""
        counted = counts(self.changes)
        return [(label, counted[kind]) for kind, label in KIND_LABELS.items() if counted.get(kind)]

    @property
    def groups(self) -> list[tuple[str, list[Change]]]:
        """(stakeholder, its changes), in programme order."""
        found: dict[str, list[Change]] = {}
        for change in self.changes:
            found.setdefault(change.stakeholder, []).append(change)
        return list(found.items())

    @property
    def actions(self) -> int:
        """How many actions changed."""
        return len({c.code for c in self.changes})


def _visible(changes: list[Change], public: bool) -> list[Change]:
    return [c for c in changes if not (public and c.kind in _PRIVATE_KINDS)]


def changes_for_meeting(desk: Desk, meeting: MeetingRow, since_id: int | None, public: bool) -> ChangesData:
    """From ``since_id`` (default: the previous session with a snapshot) to ``meeting``'s snapshot."""
    if since_id is not None and since_id == meeting.id:
        raise ReportError(t("err_same_meeting"))
    since = desk.meeting(since_id) if since_id is not None else desk.previous_snapshot_meeting(meeting.id)
    if since is None:
        return ChangesData(None, meeting)
    return ChangesData(since, meeting, _visible(desk.changes_between(since.id, meeting.id), public))


def changes_to_now(desk: Desk, since_id: int, public: bool) -> ChangesData:
    """From the snapshot of session ``since_id`` to the present state."""
    since = desk.meeting(since_id)
    return ChangesData(since, None, _visible(desk.changes_between(since.id), public))
