"""The item models pass QAbstractItemModelTester, and table sorting/filtering behave like the
Desk's own query."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.status import Status
from valenza_desk.ui.action_table_model import COL_DUE, COL_PROGRESS, COL_TEXT, ActionTableModel
from valenza_desk.ui.milestones_editor import MilestonesModel
from valenza_desk.ui.offices_dialog import OfficesModel

FAIL = QAbstractItemModelTester.FailureReportingMode.Fatal


def loaded(desk) -> ActionTableModel:  # type: ignore[no-untyped-def]
    model = ActionTableModel()
    model.set_rows(desk.actions(), desk.today())
    return model


def test_action_model_passes_model_tester(qtbot, desk):
    model = ActionTableModel()
    tester = QAbstractItemModelTester(model, FAIL)
    model.set_rows(desk.actions(), desk.today())
    assert model.rowCount() == 84
    model.set_query(ActionQuery(search="citta"))
    model.sort(COL_DUE, Qt.SortOrder.DescendingOrder)
    model.set_query(ActionQuery())
    model.sort(COL_PROGRESS)
    model.update_rows(desk.actions(ActionQuery(action_ids=(desk.action_id("CUL-01"),))), removed=[])
    model.set_today(desk.today().replace(year=2030))
    assert model.rowCount() == 84
    del tester


def test_navigator_model_passes_model_tester(qtbot, desk):
    from valenza_desk.ui.navigator import Navigator

    nav = Navigator()
    qtbot.addWidget(nav)
    tester = QAbstractItemModelTester(nav.model(), FAIL)
    nav.populate(desk.stakeholder_summaries(), desk.offices(), {}, 30, "2020-2025")
    assert nav.model().rowCount() == 4  # overview, programme, views, offices
    del tester


def test_offices_and_milestones_models_pass_model_tester(qtbot, desk, two_offices):
    office_model = OfficesModel()
    t1 = QAbstractItemModelTester(office_model, FAIL)
    office_model.set_offices(desk.offices())
    assert office_model.rowCount() == 2
    milestones = MilestonesModel()
    milestones.today = desk.today()
    t2 = QAbstractItemModelTester(milestones, FAIL)
    milestones.add("Progetto")
    milestones.add("Gara")
    milestones.setData(milestones.index(0, 2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert milestones.milestones()[0].done_on == desk.today()
    milestones.remove(1)
    assert [m.title for m in milestones.milestones()] == ["Progetto"]
    del t1, t2


def test_search_ignores_case_and_accents(desk):
    model = loaded(desk)
    model.set_query(ActionQuery(search="citta"))
    texts = [model.index(r, COL_TEXT).data() for r in range(model.rowCount())]
    assert texts, "«citta» should find actions containing «città»"
    assert all("città" in t.lower() or "citta" in t.lower() for t in texts)
    assert any("città" in t.lower() for t in texts)
    model.set_query(ActionQuery(search="CITTÀ"))
    assert model.rowCount() == len(texts)
    assert [r.code for r in model.visible_rows()] == [r.code for r in desk.actions(ActionQuery(search="città"))]


def test_sort_by_text_and_filter_keeps_order(desk):
    model = loaded(desk)
    model.sort(COL_TEXT, Qt.SortOrder.AscendingOrder)
    texts = [model.index(r, COL_TEXT).data().casefold() for r in range(model.rowCount())]
    assert texts == sorted(texts)
    culture = desk.resolve_stakeholder("Cultura")
    model.set_query(ActionQuery(stakeholder_ids=(culture,), statuses=(Status.NOT_STARTED,)))
    subset = [model.index(r, COL_TEXT).data().casefold() for r in range(model.rowCount())]
    assert subset == sorted(subset)
    assert all(model.action_at(r).stakeholder_id == culture for r in range(model.rowCount()))


def test_typing_narrows_to_the_same_rows_as_a_fresh_filter(desk):
    """Each keystroke filters the previous result; it must agree with filtering everything."""
    rows = desk.actions()
    culture = desk.resolve_stakeholder("Cultura")
    typed = ActionTableModel()
    typed.set_rows(rows, desk.today())
    for n in range(1, len("unesco creativa") + 1):
        query = ActionQuery(stakeholder_ids=(culture,), search="unesco creativa"[:n])
        typed.set_query(query)
        fresh = ActionTableModel()
        fresh.set_rows(rows, desk.today())
        fresh.set_query(query)
        assert typed.visible_rows() == fresh.visible_rows(), query.search
    assert [r.code for r in typed.visible_rows()] == ["CUL-04"]
    typed.set_query(ActionQuery(search="unesco"))  # backspace, another view: widens again
    assert len(typed.visible_rows()) >= 1
    assert [r.code for r in typed.visible_rows()] == [r.code for r in desk.actions(ActionQuery(search="unesco"))]
