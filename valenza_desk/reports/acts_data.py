"""The formal acts a report lists beside each action: the register now, or as it stood at a moment.

A session's brief is rebuilt from its snapshot, which does not copy the register; so that
a reprint lists the same acts, the register is taken back to the snapshot's moment from
its history: acts registered later are left out, later edits (number, date, subject…)
are undone from the audit, and an act counts as linked to an action from the first
progress note of that action citing it (or, when no note cites it, from its registration:
acts added by hand are linked when they are added).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from valenza_desk.domain.acts import ActReference, parse_act
from valenza_desk.domain.rows import ActRow
from valenza_desk.services.desk import Desk
from valenza_desk.text import to_date

_FIELDS = ("act_type", "number", "on_date", "subject", "link", "cup", "cig")


def acts_by_code(acts: Iterable[ActRow]) -> dict[str, list[ActRow]]:
    """Action code → its acts, oldest first."""
    found: dict[str, list[ActRow]] = {}
    for act in sorted(acts, key=lambda a: (a.on_date or date.min, a.id)):
        for code in act.action_codes:
            found.setdefault(code, []).append(act)
    return found


def _identity(act: ActRow) -> tuple[str, str, date | None]:
    return (act.act_type, act.number, act.on_date)


def acts_as_of(desk: Desk, moment: datetime) -> list[ActRow]:
    """The register of the Desk's programme as it stood at ``moment`` (see the module's note)."""
    register = desk.acts()
    if not register:
        return []
    history = desk.audit("act", limit=None)  # newest first
    registered: dict[int, datetime] = {}
    values = {a.id: {name: getattr(a, name) for name in _FIELDS} for a in register}
    for entry in history:
        if entry.entity_id is None or entry.entity_id not in values:
            continue
        if entry.operation == "create":
            registered[entry.entity_id] = entry.at
        elif entry.operation == "update" and entry.at > moment and entry.field in _FIELDS:
            old = entry.old_value
            values[entry.entity_id][entry.field] = to_date(old) if entry.field == "on_date" else (old or "")
    then = [
        replace(a, **values[a.id])  # type: ignore[arg-type]
        for a in register
        if registered.get(a.id, datetime.min.replace(tzinfo=moment.tzinfo)) <= moment
    ]
    cited = _first_citations(desk, register)
    kept = []
    for act in then:
        linked = []
        for code in act.action_codes:
            first = cited.get((act.id, code))
            since = first if first is not None else registered.get(act.id)
            if since is None or since <= moment:
                linked.append(code)
        if linked or not act.action_codes:
            kept.append(replace(act, action_codes=tuple(linked)))
    return kept


def _first_citations(desk: Desk, register: list[ActRow]) -> dict[tuple[int, str], datetime]:
    """(act id, action code) → when a progress note of that action first cited the act."""
    by_identity = {_identity(a): a.id for a in register}
    codes = {row.id: row.code for row in desk.actions()}
    found: dict[tuple[int, str], datetime] = {}
    for action_id, notes in desk.progress_notes().items():
        code = codes.get(action_id)
        if code is None:
            continue
        for note in notes:
            parsed: ActReference | None = parse_act(note.act_reference) if note.act_reference else None
            if parsed is None:
                continue
            act_id = by_identity.get((parsed.act_type, parsed.number, parsed.on_date))
            if act_id is not None and (act_id, code) not in found:
                found[(act_id, code)] = note.at
    return found
