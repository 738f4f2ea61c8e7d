"""Shared set-up for the report and export tests: the seeded programme with the sample
scenario, plus the awkward data a report must survive (formula-like text, accents)."""

from __future__ import annotations

from datetime import date

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.services import browse, editing, offices
from valenza_desk.services.samples import apply_sample_scenario
from valenza_desk.store.database import Database

TODAY = date(2025, 3, 1)
ACCENTS = "à è é ì ò ù ’ “ ” €"
FORMULA_OFFICE = "=SUM(A1)"
PLUS_NOTE = f"+ approvato il “Piano” per la città: 5 € a persona, è già ò ù ì é à ’ {ACCENTS}"
RISKY_REFERENT = "@assessore -bilancio"
ACTION_CODE = "CUL-04"


def prepare_report_db(db: Database, actor: Actor) -> None:
    """Sample scenario + an office named like a formula, a "+" note and a "@" referent on CUL-04."""
    apply_sample_scenario(db, actor, TODAY)
    office = offices.add_office(db, actor, offices.OfficeDraft(FORMULA_OFFICE, head="Dott. Ugo Formula"))
    detail = browse.action_detail(db, browse.action_id_for_code(db, ACTION_CODE))
    edit = ActionEdit.from_detail(detail)
    edit.lead_office_id = office.id
    edit.referent = RISKY_REFERENT
    edit.status = Status.IN_PROGRESS
    edit.progress = 40
    edit.note = PLUS_NOTE
    edit.act_reference = "Delibera G.C. n. 12 del 03/03/2021"
    editing.save_action(db, actor, edit, TODAY)
