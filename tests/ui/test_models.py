"""The item models pass QAbstractItemModelTester, and table sorting/filtering behave."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from valenza_desk.domain.status import Status
from valenza_desk.services import browse, offices
from valenza_desk.ui.action_table_model import COL_DUE, COL_PROGRESS, COL_TEXT, ActionTableModel
from valenza_desk.ui.milestones_editor import MilestonesModel
from valenza_desk.ui.offices_dialog import OfficesModel
from valenza_desk.ui.view_filter import TableFilter, View, ViewKind

FAIL = QAbstractItemModelTester.FailureReportingMode.Fatal


def test_action_model_passes_model_tester(qtbot, seeded_db):
    model = ActionTableModel()
    tester = QAbstractItemModelTester(model, FAIL)
    model.set_rows(browse.list_actions(seeded_db))
    assert model.rowCount() == 84
    model.set_filter(TableFilter(search="citta"))
    model.sort(COL_DUE, Qt.SortOrder.DescendingOrder)
    model.set_filter(TableFilter())
    model.sort(COL_PROGRESS)
    assert model.rowCount() == 84
    del tester


def test_navigator_model_passes_model_tester(qtbot, seeded_db):
    from valenza_desk.ui.navigator import Navigator

    nav = Navigator()
    qtbot.addWidget(nav)
    tester = QAbstractItemModelTester(nav.model(), FAIL)
    nav.populate(browse.stakeholder_summaries(seeded_db), offices.list_offices(seeded_db), {})
    assert nav.model().rowCount() == 4  # overview, programme, views, offices
    del tester


def test_offices_and_milestones_models_pass_model_tester(qtbot, seeded_db, two_offices):
    office_model = OfficesModel()
    t1 = QAbstractItemModelTester(office_model, FAIL)
    office_model.set_offices(offices.list_offices(seeded_db))
    assert office_model.rowCount() == 2
    milestones = MilestonesModel()
    t2 = QAbstractItemModelTester(milestones, FAIL)
    milestones.add("Progetto")
    milestones.add("Gara")
    milestones.setData(milestones.index(0, 2), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert milestones.milestones()[0].done_on == milestones.today
    milestones.remove(1)
    assert [m.title for m in milestones.milestones()] == ["Progetto"]
    del t1, t2


def test_search_ignores_case_and_accents(seeded_db):
    model = ActionTableModel()
    model.set_rows(browse.list_actions(seeded_db))
    model.set_filter(TableFilter(search="citta"))
    texts = [model.index(r, COL_TEXT).data() for r in range(model.rowCount())]
    assert texts, "«citta» should find actions containing «città»"
    assert all("città" in t.lower() or "citta" in t.lower() for t in texts)
    assert any("città" in t.lower() for t in texts)
    model.set_filter(TableFilter(search="CITTÀ"))
    assert model.rowCount() == len(texts)


def test_sort_by_progress_and_filter_keeps_order(seeded_db):
    model = ActionTableModel()
    model.set_rows(browse.list_actions(seeded_db))
    model.sort(COL_TEXT, Qt.SortOrder.AscendingOrder)
    texts = [model.index(r, COL_TEXT).data().casefold() for r in range(model.rowCount())]
    assert texts == sorted(texts)
    model.set_filter(TableFilter(view=View(ViewKind.STAKEHOLDER, 5, "Cultura"), status=Status.NOT_STARTED))
    subset = [model.index(r, COL_TEXT).data().casefold() for r in range(model.rowCount())]
    assert subset == sorted(subset)
    assert all(model.action_at(r).stakeholder_id == 5 for r in range(model.rowCount()))


def test_typing_narrows_to_the_same_rows_as_a_fresh_filter(seeded_db):
    """Each keystroke filters the previous result; it must agree with filtering everything."""
    rows = browse.list_actions(seeded_db)
    typed = ActionTableModel()
    typed.set_rows(rows)
    for n in range(1, len("unesco creativa") + 1):
        text = "unesco creativa"[:n]
        typed.set_filter(TableFilter(search=text))
        fresh = ActionTableModel()
        fresh.set_rows(rows)
        fresh.set_filter(TableFilter(search=text))
        assert typed.visible_rows() == fresh.visible_rows(), text
    assert [r.code for r in typed.visible_rows()] == ["CUL-04"]
    typed.set_filter(TableFilter(search="unesco"))  # backspace widens again
    assert len(typed.visible_rows()) >= 1
