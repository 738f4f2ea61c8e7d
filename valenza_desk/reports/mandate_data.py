"""What the periodic check and the end-of-mandate report show: the outcome of the programme per
stakeholder and per DUP Missione, its course quarter by quarter, the dropped actions with the
reasons recorded, and the acts adopted.

The course is rebuilt from the audit: for every action, the status and progress it had at
the end of each quarter are the values after its last change up to then (or before its
first change after then, or its present values when it never changed); actions imported
after a quarter's end do not count in it. The sessions' snapshots of the quarter are shown
beside it, as they were frozen.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from valenza_desk.domain.rows import ActionRow, ActRow, AuditEntry, ProgressUpdateRow
from valenza_desk.domain.status import Status
from valenza_desk.reports.catalogue import t
from valenza_desk.reports.context import ReportContext, context_of
from valenza_desk.reports.data import mission_labels
from valenza_desk.services.desk import Desk
from valenza_desk.text import ROME, format_date


@dataclass(slots=True)
class Outcome:
    """How a group of actions ended up (or stands): completed on time or late, running, dropped."""

    name: str
    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    in_progress: int = 0
    not_started: int = 0
    suspended: int = 0
    dropped: int = 0
    rescheduled: int = 0
    progress_sum: int = 0

    def add(self, row: ActionRow) -> None:
        self.total += 1
        self.progress_sum += row.progress
        self.rescheduled += row.due_moves > 0
        if row.status is Status.DONE:
            if is_late(row):
                self.done_late += 1
            else:
                self.done_on_time += 1
        elif row.status is Status.IN_PROGRESS:
            self.in_progress += 1
        elif row.status is Status.NOT_STARTED:
            self.not_started += 1
        elif row.status is Status.SUSPENDED:
            self.suspended += 1
        else:
            self.dropped += 1

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def average_progress(self) -> float:
        return self.progress_sum / self.total if self.total else 0.0


def is_late(row: ActionRow) -> bool:
    """Completed after its due date (the date in force, as the changes report counts it)."""
    return row.due_date is not None and row.completed_on is not None and row.completed_on > row.due_date


def outcomes(rows: list[ActionRow], key: str, names: dict[str, str] | None = None) -> list[Outcome]:
    """One outcome per stakeholder (``key="stakeholder"``, programme order) or per Missione (``"mission"``)."""
    found: dict[str, Outcome] = {}
    for row in rows:
        if key == "mission":
            code = row.mission or ""
            group = code
            name = (names or {}).get(code, code) if code else t("no_mission")
        else:
            group = name = row.stakeholder
        if group not in found:
            found[group] = Outcome(name)
        found[group].add(row)
    if key == "mission":
        return [found[c] for c in sorted(found, key=lambda c: (c == "", c))]
    return list(found.values())


@dataclass(slots=True)
class Quarter:
    """The programme at the end of a quarter (the last one: on the report's day)."""

    year: int
    number: int
    end: date
    actions: int = 0
    done: int = 0
    in_progress: int = 0
    progress_sum: int = 0
    meetings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return t("quarter", quarter=self.number, year=self.year)

    @property
    def average_progress(self) -> float:
        return self.progress_sum / self.actions if self.actions else 0.0


@dataclass(slots=True)
class MandateData:
    context: ReportContext
    rows: list[ActionRow]
    totals: Outcome
    by_stakeholder: list[Outcome]
    by_mission: list[Outcome]
    quarters: list[Quarter]
    dropped: list[tuple[ActionRow, ProgressUpdateRow | None]]
    acts: list[ActRow]


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_end(year: int, number: int) -> date:
    if number == 4:
        return date(year, 12, 31)
    return date(year, number * 3 + 1, 1) - timedelta(days=1)


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=ROME).astimezone(UTC)


class _History:
    """Each action's status and progress changes, oldest first, to ask what they were at a moment."""

    def __init__(self, entries: list[AuditEntry]) -> None:
        self.created: dict[int, datetime] = {}
        self.changes: dict[tuple[int, str], list[tuple[datetime, object, object]]] = {}
        for entry in sorted(entries, key=lambda e: (e.at, e.id)):
            if entry.entity_id is None:
                continue
            if entry.operation == "create" and entry.field == "text":
                self.created.setdefault(entry.entity_id, entry.at)
            elif entry.field in ("status", "progress"):
                self.changes.setdefault((entry.entity_id, entry.field), []).append(
                    (entry.at, entry.old_value, entry.new_value)
                )
        self._times = {k: [c[0] for c in v] for k, v in self.changes.items()}

    def exists(self, action_id: int, moment: datetime) -> bool:
        created = self.created.get(action_id)
        return created is None or created <= moment

    def value(self, action_id: int, name: str, moment: datetime, now: object) -> object:
        changes = self.changes.get((action_id, name))
        if not changes:
            return now
        index = bisect_right(self._times[(action_id, name)], moment)
        if index:
            return changes[index - 1][2]
        return changes[0][1]


def quarters(desk: Desk, rows: list[ActionRow], today: date) -> list[Quarter]:
    """The programme at the end of every quarter from the first recorded change to today."""
    history = _History(desk.audit("action", limit=None))
    meetings = [m for m in desk.meetings() if m.has_snapshot]
    moments = [*history.created.values(), *(at for v in history.changes.values() for at, _o, _n in v)]
    starts = [m.astimezone(ROME).date() for m in moments] + [m.on_date for m in meetings]
    if not starts:
        return []
    year, number = quarter_of(min(starts))
    last = quarter_of(today)
    found: list[Quarter] = []
    while (year, number) <= last:
        end = min(quarter_end(year, number), today)
        moment = _end_of_day(end)
        quarter = Quarter(year, number, end)
        for row in rows:
            if not history.exists(row.id, moment):
                continue
            status = Status(str(history.value(row.id, "status", moment, row.status.value)))
            progress = int(history.value(row.id, "progress", moment, row.progress) or 0)  # type: ignore[call-overload]
            quarter.actions += 1
            quarter.done += status is Status.DONE
            quarter.in_progress += status is Status.IN_PROGRESS
            quarter.progress_sum += progress
        first = date(year, number * 3 - 2, 1)
        for meeting in sorted(meetings, key=lambda m: (m.on_date, m.id)):
            if first <= meeting.on_date <= quarter_end(year, number):
                frozen = desk.snapshot(meeting.id).rows
                done = sum(r.status is Status.DONE for r in frozen)
                average = sum(r.progress for r in frozen) / len(frozen) if frozen else 0.0
                quarter.meetings.append(
                    t(
                        "meeting_figures",
                        meeting=f"{meeting.body} del {format_date(meeting.on_date)}",
                        done=done,
                        progress=f"{average:.0f}%",
                    )
                )
        found.append(quarter)
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
    return found


def mandate_data(desk: Desk) -> MandateData:
    context = context_of(desk)
    rows = desk.actions()
    totals = Outcome(t("total_row"))
    for row in rows:
        totals.add(row)
    latest = desk.latest_updates()
    dropped = [(r, latest.get(r.id)) for r in rows if r.status is Status.DROPPED]
    acts = sorted(desk.acts(), key=lambda a: (a.on_date or date.min, a.id))
    return MandateData(
        context=context,
        rows=rows,
        totals=totals,
        by_stakeholder=outcomes(rows, "stakeholder"),
        by_mission=outcomes(rows, "mission", mission_labels(desk)),
        quarters=quarters(desk, rows, context.today),
        dropped=dropped,
        acts=acts,
    )
