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


def naive_key(column, today):  # type: ignore[no-untyped-def]
    """The sort the table promises, written plainly (ties in programme order)."""
    from datetime import date

    from valenza_desk.ui.table_sort import COL_CODE, COL_LEAD, COL_STAKEHOLDER, COL_STATUS

    statuses = list(Status)
    if column == COL_CODE:
        return None
    if column == COL_STAKEHOLDER:
        return lambda r: r.stakeholder.casefold()
    if column == COL_TEXT:
        return lambda r: r.text.casefold()
    if column == COL_LEAD:
        return lambda r: (not r.lead_office, r.lead_office.casefold())
    if column == COL_DUE:
        return lambda r: r.due_date or date(9999, 12, 31)
    if column == COL_STATUS:
        return lambda r: (not r.is_overdue(today), statuses.index(r.status))
    return lambda r: r.progress


def test_precomputed_orders_sort_as_a_plain_sort_would(report_desk):
    from valenza_desk.ui.table_sort import COLUMN_COUNT, SortOrders

    rows = report_desk.actions()
    today = report_desk.today()
    background = SortOrders(rows, today, 1).compute_all()  # as the worker thread does after a load
    for column in range(COLUMN_COUNT):
        key = naive_key(column, today)
        expected = list(rows) if key is None else sorted(rows, key=key)
        model = ActionTableModel()
        model.set_rows(rows, today)
        model.adopt_orders(background)  # another load's orders: ignored (generation differs)
        model.sort(column, Qt.SortOrder.AscendingOrder)
        assert [r.id for r in model.visible_rows()] == [r.id for r in expected], column
        model.sort(column, Qt.SortOrder.DescendingOrder)
        assert [r.id for r in model.visible_rows()] == [r.id for r in reversed(expected)], column
        # a filtered part is sorted the same way, without filtering again
        model.set_query(ActionQuery(statuses=(Status.IN_PROGRESS,)))
        model.sort(column, Qt.SortOrder.AscendingOrder)
        part = [r.id for r in expected if r.status is Status.IN_PROGRESS]
        assert [r.id for r in model.visible_rows()] == part, column


def test_orders_computed_elsewhere_are_used_only_for_the_same_rows(desk):
    model = loaded(desk)
    job = model.sort_orders_job()
    model.adopt_orders(job.compute_all())
    assert model._orders._ranks  # adopted: same generation
    stale = model.sort_orders_job().compute_all()
    model.update_rows(desk.actions(ActionQuery(action_ids=(desk.action_id("CUL-01"),))))
    model.adopt_orders(stale)
    assert not model._orders._ranks  # the rows changed meanwhile: worked out again when needed


def test_sorting_moves_the_selection_with_its_rows(qtbot, desk):
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QTableView

    model = loaded(desk)
    tester = QAbstractItemModelTester(model, FAIL)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    chosen = {model.action_at(n).id for n in (2, 40, 77)}
    for n in (2, 40, 77):
        view.selectionModel().select(
            model.index(n, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
    view.selectionModel().setCurrentIndex(model.index(40, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    current = model.action_at(40).id
    for column in (COL_TEXT, COL_DUE, COL_PROGRESS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            rows = {model.action_at(i.row()).id for i in view.selectionModel().selectedRows()}
            assert rows == chosen
            assert model.action_at(view.currentIndex().row()).id == current
    del tester


def test_counts_of_a_query_are_remembered_until_the_rows_change(desk):
    model = loaded(desk)
    culture = desk.resolve_stakeholder("Cultura")
    query = ActionQuery(stakeholder_ids=(culture,))
    assert model.count_matching(query) == 8
    row = desk.actions(ActionQuery(action_ids=(desk.action_id("CUL-01"),)))[0]
    model.update_rows([row], removed=[desk.action_id("CUL-02")])
    assert [r.code for r in model.replaced] == ["CUL-01", "CUL-02"]
    assert model.count_matching(query) == 7
