"""The data the report writers share (brief figures, filters), checked against the services."""

from __future__ import annotations

from tests.report_data import TODAY
from valenza_desk.domain.rows import ActionFilter
from valenza_desk.domain.status import Status
from valenza_desk.reports.data import brief_data
from valenza_desk.reports.options import ReportOptions
from valenza_desk.services import browse
from valenza_desk.store.database import Database


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
