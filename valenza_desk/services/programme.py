"""The programmes themselves: import a programme text, list programmes, values and stakeholders.

A text whose period (e.g. 2025-2030) is not in the database becomes a new programme
beside the others (a new mandate); the same period updates that programme. The newest
period is the current one.

Re-importing never duplicates and never overwrites what users edited: actions are
matched by their text as last imported (then by code), a changed source text
replaces the action's text only where nobody edited it, and actions that vanished
from the source are kept and reported. Every action created or changed gets one
audit entry, in the import's operation.
"""

from __future__ import annotations

import re

from sqlalchemy import func
from sqlmodel import col, select

from valenza_desk.domain.rows import ImportSummary, ProgrammeInfo, ValueRow
from valenza_desk.importers.programme_text import ParsedAction, ParsedProgramme, ParsedStakeholder
from valenza_desk.services.operations import Operation, bulk_insert
from valenza_desk.store.database import Database
from valenza_desk.store.models import Action, Programme, ProgrammeValue, Stakeholder
from valenza_desk.text import fold, search_key, to_utc

__all__ = ["import_programme", "list_programmes", "list_values", "search_key"]

_STOPWORDS = {"e", "ed", "di", "del", "della", "la", "il", "le"}
_PERIOD_RE = re.compile(r"(\d{4})\D+(\d{4})")


def period_key(period: str) -> tuple[int, int]:
    """Sort key of a period "2020-2025": (2020, 2025); unknown periods sort first."""
    match = _PERIOD_RE.search(period)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def list_programmes(db: Database) -> list[ProgrammeInfo]:
    """Every programme, newest period first; the first is the current one."""
    with db.read() as session:
        counts = dict(session.exec(select(Action.programme_id, func.count()).group_by(col(Action.programme_id))).all())
        rows = list(session.exec(select(Programme)))
    rows.sort(key=lambda p: (period_key(p.period), p.id or 0), reverse=True)
    return [_info(p, counts.get(p.id, 0), n == 0) for n, p in enumerate(rows)]


def _info(row: Programme, actions: int, current: bool) -> ProgrammeInfo:
    return ProgrammeInfo(
        id=row.id or 0,
        title=row.title,
        period=row.period,
        coalition=row.coalition,
        mayor=row.mayor,
        source_file=row.source_file,
        source_sha256=row.source_sha256,
        imported_at=to_utc(row.imported_at) if row.imported_at else None,
        actions=actions,
        current=current,
    )


def list_values(db: Database, programme_id: int) -> list[ValueRow]:
    with db.read() as session:
        rows = session.exec(
            select(ProgrammeValue)
            .where(ProgrammeValue.programme_id == programme_id)
            .order_by(col(ProgrammeValue.position))
        )
        return [ValueRow(id=r.id or 0, name=r.name, description=r.description, position=r.position) for r in rows]


def import_programme(op: Operation, parsed: ParsedProgramme) -> ImportSummary:
    """Write a parsed programme (the body of the import operation)."""
    session = op.session
    programme, created = _store_programme(op, parsed)
    op.programme_id = programme.id
    summary = ImportSummary(
        source_file=parsed.source_file,
        programme_id=programme.id or 0,
        programme_title=programme.title,
        period=programme.period,
        new_programme=created,
        warnings=list(parsed.warnings),
    )
    summary.values = _store_values(op, programme.id or 0, parsed)
    used_codes = set(session.exec(select(Action.code).where(Action.programme_id == programme.id)).all())
    for parsed_stakeholder in parsed.stakeholders:
        stakeholder = _store_stakeholder(op, programme.id or 0, parsed_stakeholder)
        summary.stakeholders += 1
        summary.per_stakeholder[stakeholder.name] = sum(a.complete for a in parsed_stakeholder.actions)
        _store_actions(op, stakeholder, parsed_stakeholder, used_codes, summary)
    op.change(
        "programme",
        programme.id,
        programme.title,
        "import",
        "source_file",
        None,
        parsed.source_file,
    )
    op.touched("programmes", programme.id)
    return summary


def _store_programme(op: Operation, parsed: ParsedProgramme) -> tuple[Programme, bool]:
    session = op.session
    programme = session.exec(select(Programme).where(Programme.period == parsed.period)).first()
    created = programme is None
    if programme is None:
        programme = Programme(title=parsed.title)
    else:
        programme.version += 1
    programme.title = parsed.title
    programme.period = parsed.period
    programme.coalition = parsed.coalition
    programme.mayor = parsed.mayor
    programme.source_file = parsed.source_file
    programme.source_sha256 = parsed.source_sha256
    programme.imported_at = op.now
    programme.updated_at = op.now
    session.add(programme)
    session.flush()
    if created:
        op.change("programme", programme.id, programme.title, "create", "period", None, programme.period)
    return programme, created


def _store_values(op: Operation, programme_id: int, parsed: ParsedProgramme) -> int:
    session = op.session
    existing = {
        fold(v.name): v for v in session.exec(select(ProgrammeValue).where(ProgrammeValue.programme_id == programme_id))
    }
    for position, value in enumerate(parsed.values, start=1):
        row = existing.get(fold(value.name))
        if row is None:
            row = ProgrammeValue(
                programme_id=programme_id, name=value.name, description=value.description, position=position
            )
        elif row.description != value.description or row.position != position:
            row.description, row.position = value.description, position
            row.version += 1
            row.updated_at = op.now
        else:
            continue
        session.add(row)
        session.flush()
        op.touched("values", row.id)
    return len(parsed.values)


def _store_stakeholder(op: Operation, programme_id: int, parsed: ParsedStakeholder) -> Stakeholder:
    session = op.session
    names = {fold(n) for n in (parsed.name, *parsed.aliases)}
    rows = list(session.exec(select(Stakeholder).where(Stakeholder.programme_id == programme_id)))
    for row in rows:
        known = {fold(n) for n in (row.name, *row.aliases.splitlines())}
        if names & known:
            aliases = [a for a in dict.fromkeys([*row.aliases.splitlines(), *parsed.aliases]) if a and a != row.name]
            if (parsed.narrative and parsed.narrative != row.narrative) or aliases != row.aliases.splitlines():
                row.narrative = parsed.narrative or row.narrative
                row.aliases = "\n".join(aliases)
                row.version += 1
                row.updated_at = op.now
                session.add(row)
                op.touched("stakeholders", row.id)
            return row
    codes = {r.code for r in rows}
    max_position = max((r.position for r in rows), default=0)
    row = Stakeholder(
        programme_id=programme_id,
        name=parsed.name,
        aliases="\n".join(parsed.aliases),
        code=_unique_code(stakeholder_code(parsed.name), codes),
        narrative=parsed.narrative,
        position=max(parsed.position, max_position + 1),
    )
    session.add(row)
    session.flush()
    op.touched("stakeholders", row.id)
    return row


def stakeholder_code(name: str) -> str:
    """Short code: "Under 30" -> U30, "Cultura" -> CUL, "Bambini e giovani" -> BAM."""
    words = [w for w in re.split(r"[^0-9a-z]+", fold(name)) if w and w not in _STOPWORDS]
    if not words:
        return "STK"
    number = next((w for w in words if w.isdigit()), "")
    if number and not words[0].isdigit():
        return (words[0][0] + number).upper()[:6]
    return words[0][:3].upper()


def _unique_code(base: str, taken: set[str]) -> str:
    code, n = base, 2
    while code in taken:
        code, n = f"{base}{n}", n + 1
    return code


def _store_actions(
    op: Operation,
    stakeholder: Stakeholder,
    parsed: ParsedStakeholder,
    used_codes: set[str],
    summary: ImportSummary,
) -> None:
    session = op.session
    existing = list(session.exec(select(Action).where(Action.stakeholder_id == stakeholder.id)))
    first_import = not existing
    by_source = {fold(a.source_text): a for a in existing}
    by_text = {fold(a.text): a for a in existing}
    by_code = {a.code: a for a in existing}
    matched: set[int] = set()
    new_rows: list[dict[str, object]] = []
    for action in parsed.actions:
        code = f"{stakeholder.code}-{action.code_suffix}"
        row = None
        if not first_import:
            key = fold(action.text)
            row = by_source.get(key) or by_text.get(key) or by_code.get(code)
        if row is not None and row.id not in matched:
            matched.add(row.id or 0)
            if action.complete:
                _refresh_action(op, row, action, summary)
            continue
        if not action.complete:
            continue  # a row cut short by a truncated file: reported by the parser, never applied
        code = _unique_code(code, used_codes)
        used_codes.add(code)
        new_rows.append(_new_action_row(op, stakeholder, action, code))
    if new_rows:
        _insert_actions(op, stakeholder, new_rows)
        summary.actions_added += len(new_rows)
    missing = [a for a in existing if a.id not in matched]
    if missing:
        summary.actions_missing_from_source += len(missing)
        codes = ", ".join(a.code for a in missing[:10]) + (" …" if len(missing) > 10 else "")
        summary.warnings.append(
            f"{stakeholder.name}: {len(missing)} azioni non sono più nel testo e sono state mantenute ({codes})."
        )


def _new_action_row(op: Operation, stakeholder: Stakeholder, action: ParsedAction, code: str) -> dict[str, object]:
    return {
        "programme_id": stakeholder.programme_id,
        "code": code,
        "number": action.number,
        "position": action.position,
        "stakeholder_id": stakeholder.id,
        "text": action.text,
        "source_text": action.text,
        "search_key": search_key(code, action.text),
        "status": "not_started",
        "progress": 0,
        "referent": "",
        "notes": "",
        "version": 1,
        "created_at": op.now,
        "updated_at": op.now,
    }


def _insert_actions(op: Operation, stakeholder: Stakeholder, new_rows: list[dict[str, object]]) -> None:
    """Core executemany (fast at scale), then one audit entry per new action."""
    session = op.session
    bulk_insert(session, Action.__table__, new_rows)
    ids = dict(session.exec(select(Action.code, Action.id).where(Action.stakeholder_id == stakeholder.id)).all())
    for row in new_rows:
        action_id = ids[str(row["code"])]
        op.touched("actions", action_id)
        text = str(row["text"])
        op.change("action", action_id, str(row["code"]), "create", "text", None, text, "", text)


def _refresh_action(op: Operation, row: Action, action: ParsedAction, summary: ImportSummary) -> None:
    text, number, position = action.text, action.number, action.position
    if row.source_text == text:
        if row.number != number:
            op.change("action", row.id, row.code, "import", "number", row.number, number)
            row.version += 1
            row.updated_at = op.now
        if row.number != number or row.position != position:  # a new place alone is not a new version
            row.number, row.position = number, position
            op.session.add(row)
            op.touched("actions", row.id)
        summary.actions_unchanged += 1
        return
    if row.text == row.source_text:
        op.change("action", row.id, row.code, "import", "text", row.text, text)
        row.text = text
        row.search_key = search_key(row.code, text, row.referent)
        summary.actions_updated += 1
    else:
        op.change("action", row.id, row.code, "import", "source_text", row.source_text, text)
        summary.actions_kept_user_text += 1
        summary.warnings.append(f"{row.code}: il testo è stato modificato dagli utenti; mantenuto quello modificato.")
    row.source_text, row.number, row.position = text, number, position
    row.version += 1
    row.updated_at = op.now
    op.session.add(row)
    op.touched("actions", row.id)


def is_empty(db: Database) -> bool:
    """True when no programme has been imported yet."""
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Stakeholder)).one() == 0
