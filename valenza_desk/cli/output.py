"""Printing results: JSON (one encoder, fast for long lists) and plain-text tables.

Long lists are written one JSON object per line inside ``[`` and ``]``: each row goes
through the C encoder (``indent`` would force the pure-Python one, several times slower
on 100,000 actions) and the output stays valid JSON that ``head`` and ``grep`` can read.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from valenza_desk.domain.rows import ActionDetail, ActionRow

T = TypeVar("T")

_ENCODER = json.JSONEncoder(ensure_ascii=False)


def print_json(data: object) -> None:
    """A small document, indented for reading."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def print_json_list(items: Iterable[T], to_json: Callable[[T], object]) -> None:
    """A JSON array, one compact object per line (fast on long lists)."""
    encode = _ENCODER.encode
    with paused_gc():
        lines = [encode(to_json(item)) for item in items]
    sys.stdout.write("[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while building many short-lived dicts: with 100,000 rows
    alive it would otherwise walk them all again and again (4x the cost of the dicts)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def action_json(row: ActionRow, today: date) -> dict[str, object]:
    """One action of ``actions --json``; these keys are a contract with scripts that read them."""
    due = row.due_date
    return {
        "code": row.code,
        "number": row.number,
        "stakeholder": row.stakeholder,
        "text": row.text,
        "status": row.status.value,
        "status_label": row.status.label,
        "progress": row.progress,
        "lead_office": row.lead_office or None,
        "offices": list(row.all_offices),
        "support_offices": list(row.offices),
        "referent": row.referent or None,
        "due_date": due.isoformat() if due else None,
        "completed_on": iso(row.completed_on),
        "overdue": row.is_overdue(today),
        "version": row.version,
    }


def detail_json(d: ActionDetail, today: date) -> dict[str, object]:
    """One action with everything ``show --json`` prints."""
    return {
        "code": d.code,
        "number": d.number,
        "stakeholder": d.stakeholder,
        "text": d.text,
        "status": d.status.value,
        "status_label": d.status.label,
        "progress": d.progress,
        "due_date": iso(d.due_date),
        "original_due_date": iso(d.original_due_date),
        "due_date_changes": [
            {
                "from": iso(m.old_due),
                "to": iso(m.new_due),
                "reason": m.reason or None,
                "at": m.at.isoformat(),
                "by": m.actor,
            }
            for m in d.due_date_changes
        ],
        "rescheduled": d.rescheduled,
        "completed_on": iso(d.completed_on),
        "overdue": d.is_overdue(today),
        "mission": d.mission or None,
        "dup_programme": d.dup_programme or None,
        "acts": [
            {"type": a.act_type, "number": a.number, "date": iso(a.on_date), "subject": a.subject or None}
            for a in d.acts
        ],
        "referent": d.referent or None,
        "notes": d.notes,
        "lead_office": d.lead_office or None,
        "support_offices": list(d.support_offices),
        "values": list(d.values),
        "milestones": [
            {"title": m.title, "due_date": iso(m.due_date), "done_on": iso(m.done_on)} for m in d.milestones
        ],
        "updates": [
            {
                "at": u.at.isoformat(),
                "author": u.author,
                "status": u.status.value,
                "progress": u.progress,
                "text": u.text,
                "act_reference": u.act_reference or None,
            }
            for u in d.updates
        ],
        "version": d.version,
    }


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with "…" when longer."""
    return text if len(text) <= width else text[: width - 1] + "…"
