"""Shared set-up for the report and export tests: the seeded programme with the sample
scenario, plus the awkward data a report must survive (formula-like text, accents)."""

from __future__ import annotations

import contextlib
from datetime import date

from valenza_desk.domain.clock import FixedClock
from valenza_desk.domain.rows import ActionEdit, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk
from valenza_desk.services.samples import apply_sample_scenario

TODAY = date(2025, 3, 1)
ACCENTS = "à è é ì ò ù ’ “ ” €"
FORMULA_OFFICE = "=SUM(A1)"
PLUS_NOTE = f"+ approvato il “Piano” per la città: 5 € a persona, è già ò ù ì é à ’ {ACCENTS}"
RISKY_REFERENT = "@assessore -bilancio"
ACTION_CODE = "CUL-04"


def prepare_report_desk(desk: Desk) -> None:
    """On 01/03/2025: sample scenario + an office named like a formula, a "+" note and a "@" referent on CUL-04."""
    desk.clock = FixedClock(TODAY)
    apply_sample_scenario(desk)
    office = desk.add_office(OfficeDraft(FORMULA_OFFICE, head="Dott. Ugo Formula")).value
    edit = ActionEdit.from_detail(desk.action_by_code(ACTION_CODE))
    edit.lead_office_id = office.id
    edit.referent = RISKY_REFERENT
    edit.status = Status.IN_PROGRESS
    edit.progress = 40
    edit.note = PLUS_NOTE
    edit.act_reference = "Delibera G.C. n. 12 del 03/03/2021"
    desk.save_action(edit)


# --- the worst real input a report must survive -------------------------------------------
WORST = "Città à è ì ò ù ’ “ ” 🎉 <b>non grassetto</b> & R&D > 3 < 5 "
ACCENT_CHARS = ("à", "è", "ì", "ò", "ù", "’", "“", "”", "🎉")  # the emoji prints in the symbol font


def long_text(length: int, word: str) -> str:
    """``length`` characters of numbered pieces ("nota 0: Città à …"), so any page of it can be found."""
    pieces = []
    total = 0
    index = 0
    while total < length:
        piece = f"{word} {index}: {WORST}"
        pieces.append(piece)
        total += len(piece)
        index += 1
    return "".join(pieces)[:length].rstrip()


def set_action_text(desk: Desk, code: str, text: str) -> None:
    """Give ``code`` a new programme text the way a person can: re-importing the programme text edited."""
    from valenza_desk.importers.programme_text import read_programme_file
    from valenza_desk.resources import bundled_programme_path

    parsed = read_programme_file(bundled_programme_path())
    old = desk.action_by_code(code).text
    found = [a for s in parsed.stakeholders for a in s.actions if a.text == old]
    assert len(found) == 1, code
    found[0].text = text
    assert desk.import_programme(parsed).value.actions_updated == 1


def add_progress_note(desk: Desk, code: str, note: str) -> None:
    edit = ActionEdit.from_detail(desk.action_by_code(code))
    edit.note = note
    desk.save_action(edit)


def store_referent_directly(desk: Desk, code: str, referent: str) -> None:
    """A referent longer than the write path allows, as a database from an older version can hold it."""
    import sqlite3

    assert desk.db.path is not None
    with contextlib.closing(sqlite3.connect(desk.db.path)) as connection, connection:
        changed = connection.execute(
            "UPDATE action SET referent = ? WHERE code = ? AND programme_id = ?", (referent, code, desk.programme_id)
        ).rowcount
    assert changed == 1
