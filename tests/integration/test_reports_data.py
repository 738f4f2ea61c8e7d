"""The data the report writers share (brief figures, filters, due soon), checked against the Desk."""

from __future__ import annotations

from datetime import timedelta

from tests.report_data import FORMULA_OFFICE, TODAY
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.status import Status, is_due_within
from valenza_desk.reports.context import context_of
from valenza_desk.reports.data import brief_data, describe_filter
from valenza_desk.reports.options import ReportOptions
from valenza_desk.services.desk import Desk


def test_brief_data_counts_match_the_filtered_rows(report_desk: Desk) -> None:
    data = brief_data(report_desk, ReportOptions(), context_of(report_desk))
    rows = report_desk.actions()
    assert data.context.today == report_desk.today() == TODAY
    assert data.totals.total == len(rows) == 84
    assert sum(s.tally.total for s in data.sections) == 84
    assert data.totals.overdue == sum(r.is_overdue(TODAY) for r in rows) > 0
    assert [r.code for r in data.overdue] == [
        r.code for r in sorted((r for r in rows if r.is_overdue(TODAY)), key=lambda r: (r.due_date, r.position))
    ]
    assert data.totals.by_status[Status.DONE] == sum(r.status is Status.DONE for r in rows) > 0
    assert [d.due for d in data.upcoming] == sorted(d.due for d in data.upcoming)
    assert all(d.due >= TODAY for d in data.upcoming)


def test_upcoming_deadlines_use_the_desks_one_due_soon_setting(report_desk: Desk) -> None:
    def upcoming_codes() -> set[str]:
        data = brief_data(report_desk, ReportOptions(), context_of(report_desk))
        return {d.code for d in data.upcoming if not d.is_milestone}

    rows = report_desk.actions()
    assert report_desk.due_soon_days == 30
    expected_30 = {r.code for r in rows if is_due_within(r.status, r.due_date, TODAY, 30)}
    assert upcoming_codes() == expected_30
    assert any(r.due_date == TODAY + timedelta(days=40) for r in rows)  # the sample scenario has some at +40
    report_desk.set_due_soon_days(45)
    expected_45 = {r.code for r in rows if is_due_within(r.status, r.due_date, TODAY, 45)}
    assert expected_45 > expected_30
    assert upcoming_codes() == expected_45


def test_brief_data_follows_the_stakeholder_filter(report_desk: Desk) -> None:
    culture = report_desk.resolve_stakeholder("Cultura")
    options = ReportOptions(query=ActionQuery(stakeholder_ids=(culture,)))
    data = brief_data(report_desk, options, context_of(report_desk))
    assert [s.name for s in data.sections] == ["Cultura"]
    assert data.totals.total == len(data.sections[0].rows) > 0
    assert data.filter_lines[0] == "Stakeholder: Cultura"


def test_describe_filter_says_which_role_of_the_office_counts(report_desk: Desk) -> None:
    office = report_desk.resolve_office(FORMULA_OFFICE)
    any_role = describe_filter(report_desk, ActionQuery(office_id=office))
    lead_only = describe_filter(report_desk, ActionQuery(office_id=office, lead_office_only=True))
    assert f"Ufficio (qualsiasi ruolo): {FORMULA_OFFICE}" in any_role
    assert f"Ufficio (responsabile): {FORMULA_OFFICE}" in lead_only
    everything = describe_filter(
        report_desk,
        ActionQuery(overdue=True, due_within_days=30, without_lead_office=True, search="  teatro ", action_ids=(1, 2)),
    )
    assert everything[:3] == ["Stakeholder: tutti", "Uffici: tutti", "Stati: tutti"]
    assert "Solo azioni scadute" in everything
    assert "In scadenza nei prossimi 30 giorni" in everything
    assert "Solo azioni senza ufficio responsabile" in everything
    assert "Testo cercato: «teatro»" in everything
    assert "Solo le azioni scelte: 2" in everything
