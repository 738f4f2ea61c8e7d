"""Shared set-up for the report and export tests: the seeded programme with the sample
scenario, plus the awkward data a report must survive (formula-like text, accents).

Also tests the data gathering the writers share.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionEdit, ActionFilter
from valenza_desk.domain.status import Status
from valenza_desk.reports.data import brief_data
from valenza_desk.reports.options import ReportOptions
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


@pytest.fixture
def report_db(seeded_db: Database, actor: Actor) -> Iterator[Database]:
    prepare_report_db(seeded_db, actor)
    yield seeded_db


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_brief_data_counts_match_the_filtered_rows(report_db: Database) -> None:
    data = brief_data(report_db, ReportOptions(today=TODAY))
    rows = browse.list_actions(report_db, ActionFilter(), TODAY)
    assert data.totals.total == len(rows) == 84
    assert sum(s.tally.total for s in data.sections) == 84
    assert data.totals.overdue == sum(r.overdue for r in rows) > 0
    assert data.totals.by_status[Status.DONE] == sum(r.status is Status.DONE for r in rows) > 0
    assert [d.due for d in data.upcoming] == sorted(d.due for d in data.upcoming)
    assert all(d.due >= TODAY for d in data.upcoming)


def test_brief_data_follows_the_stakeholder_filter(report_db: Database) -> None:
    culture = browse.resolve_stakeholder(report_db, "Cultura")
    data = brief_data(report_db, ReportOptions(action_filter=ActionFilter(stakeholder_ids=(culture,)), today=TODAY))
    assert [s.name for s in data.sections] == ["Cultura"]
    assert data.totals.total == len(data.sections[0].rows) > 0
    assert data.filter_lines[0] == "Stakeholder: Cultura"
