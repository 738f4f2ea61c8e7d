"""What changed: between two frozen snapshots, a snapshot and now, or since a date (from the audit).

Kinds of change (``kind``), each with the field, the old and new values as data and as labels:
``status``, ``progress_up``/``progress_down`` (with the delta), ``due_moved`` (from → to),
``completed_on_time``/``completed_late``, ``newly_overdue``, ``lead_office``,
``support_offices``, ``referent``, ``milestone_added``, ``milestone_reached``, ``note`` (new
progress notes), ``act`` (acts they cite), ``added``/``removed`` (by a re-import). Changes
come in programme order (stakeholder, then the action's place), so a brief can group them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from valenza_desk.domain.rows import ActionRow, AuditEntry, MilestoneRow, ProgressUpdateRow
from valenza_desk.domain.status import Status, is_overdue
from valenza_desk.domain.variations import KIND_LABELS, Change, counts
from valenza_desk.text import format_date

__all__ = ["KIND_LABELS", "Change", "State", "compare", "counts", "from_audit"]


@dataclass(frozen=True, slots=True)
class State:
    """One side of a comparison: the actions, milestones and notes as they stood on ``day``."""

    day: date
    rows: list[ActionRow]
    milestones: list[tuple[str, MilestoneRow]]
    updates: dict[int, int]  # progress updates recorded per action
    notes: dict[int, list[ProgressUpdateRow]]  # the notes recorded after the other side, per action
    stakeholder_positions: dict[int, int]


def _label(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Status):
        return value.label
    return str(value)


def compare(before: State, after: State) -> list[Change]:
    """Every change from ``before`` to ``after``, in programme order."""
    old = {r.id: r for r in before.rows}
    new = {r.id: r for r in after.rows}
    found: list[Change] = []

    def add(
        row: ActionRow, kind: str, field: str, a: object, b: object, la: str | None = None, lb: str | None = None
    ) -> None:
        order = (after.stakeholder_positions.get(row.stakeholder_id, 0), row.position, row.id)
        found.append(Change(row.code, row.stakeholder, order, kind, field, a, b, la or _label(a), lb or _label(b)))

    for action_id, now in new.items():
        then = old.get(action_id)
        if then is None:
            add(now, "added", "text", None, now.text, "—", now.text)
            continue
        _compare_action(then, now, before.day, after.day, add)
    for action_id, then in old.items():
        if action_id not in new:
            add(then, "removed", "text", then.text, None, then.text, "—")
    _compare_milestones(before, after, new, add)
    for action_id, notes in after.notes.items():
        row = new.get(action_id)
        if row is None:
            continue
        for note in notes:
            if note.text:
                add(row, "note", "note", None, note.text, "—", f"{format_date(note.on_date)}: {note.text}")
            if note.act_reference:
                add(row, "act", "act", None, note.act_reference, "—", note.act_reference)
    found.sort(key=lambda c: c.order)
    return found


def _compare_action(then: ActionRow, now: ActionRow, before_day: date, after_day: date, add) -> None:  # type: ignore[no-untyped-def]
    if then.status is not now.status:
        if now.status is Status.DONE:
            late = now.due_date is not None and now.completed_on is not None and now.completed_on > now.due_date
            add(now, "completed_late" if late else "completed_on_time", "status", then.status, now.status)
        else:
            add(now, "status", "status", then.status, now.status)
    if then.progress != now.progress:
        kind = "progress_up" if now.progress > then.progress else "progress_down"
        delta = now.progress - then.progress
        add(now, kind, "progress", then.progress, now.progress, f"{then.progress}%", f"{now.progress}% ({delta:+d})")
    if then.due_date != now.due_date:
        add(now, "due_moved", "due_date", then.due_date, now.due_date)
    if not is_overdue(then.status, then.due_date, before_day) and is_overdue(now.status, now.due_date, after_day):
        add(now, "newly_overdue", "due_date", None, now.due_date, "—", f"scaduta dal {format_date(now.due_date)}")
    if then.lead_office != now.lead_office:
        add(now, "lead_office", "lead_office", then.lead_office, now.lead_office)
    if tuple(sorted(then.offices)) != tuple(sorted(now.offices)):
        add(now, "support_offices", "support_offices", ", ".join(then.offices), ", ".join(now.offices))
    if then.referent != now.referent:
        add(now, "referent", "referent", then.referent, now.referent)


def _compare_milestones(before: State, after: State, rows: dict[int, ActionRow], add) -> None:  # type: ignore[no-untyped-def]
    by_code = {r.code: r for r in rows.values()}
    old = {m.id: m for _code, m in before.milestones}
    for code, milestone in after.milestones:
        row = by_code.get(code)
        if row is None:
            continue
        previous = old.get(milestone.id)
        label = f"«{milestone.title}»"
        reached = f"{label} il {format_date(milestone.done_on)}"
        if previous is None:
            add(row, "milestone_added", "milestone", None, milestone.title, "—", label)
        if milestone.done_on is not None and (previous is None or previous.done_on is None):
            add(row, "milestone_reached", "milestone", None, milestone.done_on, "—", reached)


def from_audit(
    entries: Iterable[AuditEntry], rows: list[ActionRow], stakeholder_positions: dict[int, int], since: datetime
) -> list[Change]:
    """Changes since a moment, rebuilt from the audit's data (no snapshot needed): for each action
    and field the value before the first change and after the last one; notes, acts, milestones
    and actions added, one by one."""
    by_id = {r.id: r for r in rows}
    first: dict[tuple[int, str], AuditEntry] = {}
    last: dict[tuple[int, str], AuditEntry] = {}
    found: list[Change] = []

    def add(row: ActionRow, kind: str, field: str, old: AuditEntry, new: AuditEntry, new_label: str = "") -> None:
        order = (stakeholder_positions.get(row.stakeholder_id, 0), row.position, row.id)
        labels = (old.old_label or "—", new_label or new.new_label or "—")
        found.append(Change(row.code, row.stakeholder, order, kind, field, old.old_value, new.new_value, *labels))

    for entry in sorted(entries, key=lambda e: e.id):
        if entry.entity != "action" or entry.entity_id not in by_id or entry.at < since:
            continue
        row = by_id[entry.entity_id]
        single = _single_kind(entry)
        if single is not None:
            if single:
                add(row, single, entry.field, entry, entry)
            continue
        first.setdefault((row.id, entry.field), entry)
        last[(row.id, entry.field)] = entry
    for (action_id, field), start in first.items():
        end, row = last[(action_id, field)], by_id[action_id]
        if start.old_value == end.new_value:
            continue  # moved and came back
        if field == "progress":
            delta = int(end.new_value or 0) - int(start.old_value or 0)  # type: ignore[call-overload]
            add(
                row, "progress_up" if delta > 0 else "progress_down", field, start, end, f"{end.new_label} ({delta:+d})"
            )
        elif field == "status" and end.new_value == Status.DONE.value:
            late = row.due_date is not None and row.completed_on is not None and row.completed_on > row.due_date
            add(row, "completed_late" if late else "completed_on_time", field, start, end)
        elif field in _FIELD_KINDS:
            add(row, _FIELD_KINDS[field], field, start, end)
    found.sort(key=lambda c: c.order)
    return found


_FIELD_KINDS = {
    "status": "status",
    "due_date": "due_moved",
    "lead_office": "lead_office",
    "support_offices": "support_offices",
    "referent": "referent",
}


def _single_kind(entry: AuditEntry) -> str | None:
    """The kind of an entry that is a change by itself ("" to skip it), None for field changes."""
    if entry.operation == "create" and entry.field == "text":
        return "added"
    if entry.field == "note":
        return "note"
    if entry.field == "act_reference":
        return "act"
    if entry.field == "milestone":
        if _reached(entry):
            return "milestone_reached"
        return "milestone_added" if entry.operation == "create" else ""
    return None


def _reached(entry: AuditEntry) -> bool:
    old, new = entry.old_value, entry.new_value
    return isinstance(new, dict) and bool(new.get("done_on")) and not (isinstance(old, dict) and old.get("done_on"))
