"""The action sheet's audit (``--audit``) reads as labels: office names, milestone titles,
value names, Italian field names, the changes of one save grouped under their operation."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from valenza_desk.domain.rows import ActionEdit, MilestoneRow, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.pdf_action import operation_groups
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk

CODE = "CUL-04"
OFFICES = ("Ufficio Alfa", "Ufficio Beta", "Ufficio Gamma")
MILESTONES = ("Studio di fattibilità", "Delibera di Giunta")


def _flat(path: Path) -> str:
    """The PDF's text on one line (cells wrap anywhere)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.fixture
def edited(desk: Desk) -> Desk:
    """One save of CUL-04 changing lead and supporting offices, two value tags and two milestones."""
    office_ids = [desk.add_office(OfficeDraft(name)).value.id for name in OFFICES]
    values = desk.values()[:2]
    edit = ActionEdit.from_detail(desk.action_by_code(CODE))
    edit.lead_office_id = office_ids[0]
    edit.support_office_ids = tuple(office_ids[1:])
    edit.value_ids = tuple(v.id for v in values)
    edit.milestones = (
        MilestoneRow(None, MILESTONES[0], date(2027, 1, 15), None),
        MilestoneRow(None, MILESTONES[1], date(2027, 3, 31), None),
    )
    edit.status, edit.progress = Status.IN_PROGRESS, 25
    desk.save_action(edit)
    return desk


def test_one_save_of_offices_milestones_and_values_reads_as_labels(edited: Desk, out_dir: Path) -> None:
    target = out_dir / "scheda.pdf"
    make_report(edited, ReportOptions(kind=ReportKind.ACTION, action_code=CODE, audit=True), target)
    text = _flat(target)
    audit = text[text.index("Registro delle modifiche") :]
    for name in OFFICES:
        assert name in audit
    for title in MILESTONES:
        assert f"«{title}» — scadenza" in audit
    assert "scadenza 15/01/2027" in audit
    for value in edited.values()[:2]:
        assert value.name in audit
    for field in ("Ufficio responsabile", "Uffici di supporto", "Valori", "Traguardo (aggiunta)", "Stato"):
        assert field in audit, field
    assert "Da avviare" in audit and "In corso" in audit and "25%" in audit
    assert not re.search(r"\[\s*\d+(\s*,\s*\d+)*\s*\]", audit), "raw ids in the audit"
    assert "milestone" not in audit and "support_offices" not in audit and "not_started" not in audit
    # the save is one operation: named once, with who and when, above its changes
    assert audit.count(f"Modifica dell'azione {CODE}") == 1
    assert "di segreteria.test" in audit


def test_public_sheet_leaves_out_who_made_the_changes(edited: Desk, out_dir: Path) -> None:
    target = out_dir / "pubblica.pdf"
    make_report(edited, ReportOptions(kind=ReportKind.ACTION, action_code=CODE, audit=True, public=True), target)
    text = _flat(target)
    assert "Registro delle modifiche" in text
    assert "segreteria.test" not in text
    assert "Ufficio Beta" in text


def test_entries_are_grouped_by_operation_newest_first(edited: Desk) -> None:
    detail = edited.action_by_code(CODE)
    edit = ActionEdit.from_detail(detail)
    edit.progress = 50
    edited.save_action(edit)
    entries = edited.audit("action", detail.id, limit=None)
    groups = operation_groups(entries)
    assert [g[0].operation_label for g in groups[:2]] == [f"Modifica dell'azione {CODE}"] * 2
    assert {e.field for e in groups[0]} == {"progress"}
    assert {"lead_office", "support_offices", "values", "milestone", "status"} <= {e.field for e in groups[1]}
    assert all(len({e.op_id for e in group}) == 1 for group in groups)
    assert all([e.id for e in group] == sorted(e.id for e in group) for group in groups)
    assert groups[-1][0].operation_label.startswith("Importazione")  # the programme text, first of all
