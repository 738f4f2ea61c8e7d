"""The programme itself: import a programme text, read values and stakeholders.

Re-importing never duplicates and never overwrites what users edited: actions are
matched by their text as last imported (then by code), a changed source text
replaces the action's text only where nobody edited it, and actions that vanished
from the source are kept and reported.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import ImportSummary, ProgrammeInfo, StakeholderRow, ValueRow
from valenza_desk.importers.programme_text import ParsedProgramme, ParsedStakeholder, read_programme_file
from valenza_desk.services import audit
from valenza_desk.store.database import Database
from valenza_desk.store.models import Action, Programme, ProgrammeValue, Stakeholder, utcnow
from valenza_desk.text import fold, to_utc

_STOPWORDS = {"e", "ed", "di", "del", "della", "la", "il", "le"}


def search_key(code: str, text: str, referent: str = "") -> str:
    """The folded text the accent-free search looks in."""
    return fold(f"{code} {text} {referent}")


def import_programme_file(db: Database, actor: Actor, path: str | Path) -> ImportSummary:
    return import_programme(db, actor, read_programme_file(path))


def import_programme(db: Database, actor: Actor, parsed: ParsedProgramme) -> ImportSummary:
    """Write a parsed programme into the database in one transaction."""
    actor.require(Role.EDITOR)
    summary = ImportSummary(source_file=parsed.source_file, warnings=list(parsed.warnings))
    with db.write() as session:
        _store_programme(session, parsed)
        summary.values = _store_values(session, parsed)
        used_codes = set(session.exec(select(Action.code)).all())
        for parsed_stakeholder in parsed.stakeholders:
            stakeholder = _store_stakeholder(session, parsed_stakeholder)
            summary.stakeholders += 1
            summary.per_stakeholder[stakeholder.name] = len(parsed_stakeholder.actions)
            _store_actions(session, stakeholder, parsed_stakeholder, used_codes, summary)
        audit.record(
            session,
            actor,
            "programme",
            None,
            parsed.title,
            "import",
            {
                "source_file": (None, parsed.source_file),
                "actions_added": (None, summary.actions_added),
                "actions_updated": (None, summary.actions_updated),
            },
        )
    return summary


def _store_programme(session: Session, parsed: ParsedProgramme) -> None:
    programme = session.exec(select(Programme)).first() or Programme(title=parsed.title)
    programme.title = parsed.title
    programme.period = parsed.period
    programme.coalition = parsed.coalition
    programme.mayor = parsed.mayor
    programme.source_file = parsed.source_file
    programme.source_sha256 = parsed.source_sha256
    programme.imported_at = utcnow()
    programme.updated_at = utcnow()
    if programme.id is not None:
        programme.version += 1
    session.add(programme)


def _store_values(session: Session, parsed: ParsedProgramme) -> int:
    existing = {fold(v.name): v for v in session.exec(select(ProgrammeValue))}
    for position, value in enumerate(parsed.values, start=1):
        row = existing.get(fold(value.name))
        if row is None:
            session.add(ProgrammeValue(name=value.name, description=value.description, position=position))
        elif row.description != value.description or row.position != position:
            row.description, row.position = value.description, position
            row.version += 1
            row.updated_at = utcnow()
            session.add(row)
    return len(parsed.values)


def _store_stakeholder(session: Session, parsed: ParsedStakeholder) -> Stakeholder:
    names = {fold(n) for n in (parsed.name, *parsed.aliases)}
    for row in session.exec(select(Stakeholder)):
        known = {fold(n) for n in (row.name, *row.aliases.splitlines())}
        if names & known:
            aliases = [a for a in dict.fromkeys([*row.aliases.splitlines(), *parsed.aliases]) if a and a != row.name]
            if (parsed.narrative and parsed.narrative != row.narrative) or aliases != row.aliases.splitlines():
                row.narrative = parsed.narrative or row.narrative
                row.aliases = "\n".join(aliases)
                row.version += 1
                row.updated_at = utcnow()
                session.add(row)
            return row
    codes = set(session.exec(select(Stakeholder.code)).all())
    max_position = session.exec(select(func.max(Stakeholder.position))).one() or 0
    row = Stakeholder(
        name=parsed.name,
        aliases="\n".join(parsed.aliases),
        code=_unique_code(stakeholder_code(parsed.name), codes),
        narrative=parsed.narrative,
        position=max(parsed.position, max_position + 1),
    )
    session.add(row)
    session.flush()
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
    session: Session,
    stakeholder: Stakeholder,
    parsed: ParsedStakeholder,
    used_codes: set[str],
    summary: ImportSummary,
) -> None:
    existing = list(session.exec(select(Action).where(Action.stakeholder_id == stakeholder.id)))
    first_import = not existing
    by_source = {fold(a.source_text): a for a in existing}
    by_text = {fold(a.text): a for a in existing}
    by_code = {a.code: a for a in existing}
    matched: set[int] = set()
    new_rows: list[dict[str, object]] = []
    now = utcnow()
    for action in parsed.actions:
        code = f"{stakeholder.code}-{action.code_suffix}"
        row = None
        if not first_import:
            key = fold(action.text)
            row = by_source.get(key) or by_text.get(key) or by_code.get(code)
        if row is not None and row.id not in matched:
            matched.add(row.id or 0)
            _refresh_action(session, row, action.text, action.number, action.position, summary)
            continue
        code = _unique_code(code, used_codes)
        used_codes.add(code)
        new_rows.append(
            {
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
                "created_at": now,
                "updated_at": now,
            }
        )
    if new_rows:
        session.connection().execute(insert(Action.__table__), new_rows)  # Core executemany: fast at scale
        summary.actions_added += len(new_rows)
    missing = [a for a in existing if a.id not in matched]
    if missing:
        summary.actions_missing_from_source += len(missing)
        codes = ", ".join(a.code for a in missing[:10]) + (" …" if len(missing) > 10 else "")
        summary.warnings.append(
            f"{stakeholder.name}: {len(missing)} azioni non sono più nel testo e sono state mantenute ({codes})."
        )


def _refresh_action(
    session: Session, row: Action, text: str, number: str, position: int, summary: ImportSummary
) -> None:
    if row.source_text == text:
        if row.number != number or row.position != position:
            row.number, row.position = number, position
            session.add(row)
        summary.actions_unchanged += 1
        return
    if row.text == row.source_text:
        row.text = text
        row.search_key = search_key(row.code, text, row.referent)
        summary.actions_updated += 1
    else:
        summary.actions_kept_user_text += 1
        summary.warnings.append(f"{row.code}: il testo è stato modificato dagli utenti; mantenuto quello modificato.")
    row.source_text, row.number, row.position = text, number, position
    row.version += 1
    row.updated_at = utcnow()
    session.add(row)


def is_empty(db: Database) -> bool:
    """True when no programme has been imported yet."""
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Stakeholder)).one() == 0


def programme_info(db: Database) -> ProgrammeInfo | None:
    with db.read() as session:
        row = session.exec(select(Programme)).first()
        if row is None:
            return None
        return ProgrammeInfo(
            title=row.title,
            period=row.period,
            coalition=row.coalition,
            mayor=row.mayor,
            source_file=row.source_file,
            source_sha256=row.source_sha256,
            imported_at=to_utc(row.imported_at) if row.imported_at else None,
        )


def list_values(db: Database) -> list[ValueRow]:
    with db.read() as session:
        rows = session.exec(select(ProgrammeValue).order_by(col(ProgrammeValue.position)))
        return [ValueRow(id=r.id or 0, name=r.name, description=r.description, position=r.position) for r in rows]


def list_stakeholders(db: Database) -> list[StakeholderRow]:
    with db.read() as session:
        rows = session.exec(select(Stakeholder).order_by(col(Stakeholder.position)))
        return [
            StakeholderRow(
                id=r.id or 0,
                name=r.name,
                code=r.code,
                aliases=tuple(a for a in r.aliases.splitlines() if a),
                narrative=r.narrative,
                position=r.position,
            )
            for r in rows
        ]
