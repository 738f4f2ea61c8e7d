"""Shared set-up for the report and export tests: the seeded programme with the sample
scenario, plus the awkward data a report must survive (formula-like text, accents)."""

from __future__ import annotations

from datetime import date

from valenza_desk.domain.clock import FixedClock
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.services.desk import Desk
from valenza_desk.services.offices import OfficeDraft
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
