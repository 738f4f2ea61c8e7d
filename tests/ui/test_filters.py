"""Visible filters on a real seeded database: every filter is a chip that removes it, "Azzera
filtri", an empty table that says why, "Scaduta" among the statuses, the office filter's role
(lead or any), filters kept across views but always shown, search hits highlighted in the text."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.ui.action_table_model import COL_TEXT
from valenza_desk.ui.delegates import HIT_BACKGROUND
from valenza_desk.ui.highlight import match_spans

from .person import choose, click, click_navigator, navigator_count, visible_codes


def chips(window) -> list[str]:  # type: ignore[no-untyped-def]
    return window.page.chips.chip_texts()


def test_each_filter_is_a_chip_that_removes_it(qtbot, window_with_offices, desk, two_offices, wait_ops):
    window = window_with_offices
    culture, _works = two_offices
    for code in ("CUL-02", "CUL-03"):
        edit = ActionEdit.from_detail(desk.action_by_code(code))
        edit.lead_office_id = culture
        window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    page = window.page
    assert chips(window) == [] and page.chips.none_label.isVisible()
    click_navigator(qtbot, window, "Cultura")
    assert chips(window) == ["Stakeholder: Cultura"] and not page.chips.clear_button.isVisible()
    qtbot.keyClicks(page.search, "centro")
    choose(qtbot, page.status_filter, "Da avviare")
    choose(qtbot, page.office_filter, "Settore Cultura")
    qtbot.waitUntil(lambda: "Cerca: centro" in [c.text().removesuffix("  ✕") for c in page.chips.chips], timeout=2000)
    assert chips(window) == [
        "Stakeholder: Cultura",
        "Stato: Da avviare",
        "Ufficio: Settore Cultura (qualsiasi ruolo)",
        "Cerca: centro",
    ]
    assert page.chips.clear_button.isVisible()
    assert [r.code for r in desk.actions(page.current_query())] == visible_codes(window)
    click(qtbot, page.chips.chip("statuses"))
    assert page.status_filter.currentIndex() == 0
    assert "Stato: Da avviare" not in chips(window)
    qtbot.keyClick(page.chips.chip("search"), Qt.Key.Key_Space)  # a chip is a button: Space removes it too
    assert page.search.text() == ""
    assert chips(window) == ["Stakeholder: Cultura", "Ufficio: Settore Cultura (qualsiasi ruolo)"]
    assert visible_codes(window) == ["CUL-02", "CUL-03"]
    click(qtbot, page.chips.clear_button)  # "Azzera filtri": the bar, not the view
    assert chips(window) == ["Stakeholder: Cultura"] and len(visible_codes(window)) == 8
    click(qtbot, page.chips.chip("view"))  # the view's chip: back to the whole programme
    wait_ops()
    assert window.navigator.current_view().kind == "all" and chips(window) == []
    assert len(visible_codes(window)) == 84


def test_an_empty_table_says_which_filter_hides_what(qtbot, window, desk, clock, wait_ops):
    for code in ("AMB-01", "AMB-02"):
        edit = ActionEdit.from_detail(desk.action_by_code(code))
        edit.due_date = clock.today() - timedelta(days=3)
        window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    page = window.page
    qtbot.keyClicks(page.search, "biblioteca")  # kept when the view changes, and shown
    click_navigator(qtbot, window, "Scadute")
    assert visible_codes(window) == []
    assert page.empty_label.isVisible()
    assert page.empty_label.text() == "Nessuna azione: 2 nascoste dal filtro «Cerca: biblioteca»"
    assert "Cerca: biblioteca" in chips(window)
    assert "0 su 84 — 2 della vista nascoste dai filtri" in window.count_label.text()
    choose(qtbot, page.status_filter, "Sospesa")
    assert page.empty_label.text() == "Nessuna azione: 2 nascoste dai filtri «Stato: Sospesa», «Cerca: biblioteca»"
    click(qtbot, page.chips.clear_button)
    assert sorted(visible_codes(window)) == ["AMB-01", "AMB-02"] and not page.empty_label.isVisible()
    # a view with nothing in it says so
    click_navigator(qtbot, window, "In scadenza (30 giorni)")
    assert visible_codes(window) == [] and page.empty_label.text() == (
        "Nessuna azione in «Azioni in scadenza nei prossimi 30 giorni»."
    )


def test_overdue_is_a_status_filter_choice(qtbot, window, desk, clock, wait_ops):
    edit = ActionEdit.from_detail(desk.action_by_code("FAM-04"))
    edit.due_date = clock.today() - timedelta(days=1)
    window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    choose(qtbot, window.page.status_filter, "Scaduta")
    assert visible_codes(window) == ["FAM-04"]
    assert [r.code for r in desk.actions(ActionQuery(overdue=True))] == ["FAM-04"]
    assert chips(window) == ["Stato: Scaduta"]


def test_the_office_filter_says_lead_or_any_role(qtbot, window_with_offices, desk, two_offices, wait_ops):
    window = window_with_offices
    culture, works = two_offices
    for code, lead, support in (("CUL-01", culture, ()), ("CUL-02", culture, ()), ("BEL-01", works, (culture,))):
        edit = ActionEdit.from_detail(desk.action_by_code(code))
        edit.lead_office_id, edit.support_office_ids = lead, support
        window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    page = window.page
    assert not page.lead_only.isEnabled()  # no office chosen: nothing to narrow
    choose(qtbot, page.office_filter, "Settore Cultura")
    assert page.lead_only.isEnabled()
    assert sorted(visible_codes(window)) == ["BEL-01", "CUL-01", "CUL-02"]
    assert chips(window) == ["Ufficio: Settore Cultura (qualsiasi ruolo)"]
    qtbot.keyClick(page.office_filter, Qt.Key.Key_Tab)
    assert page.lead_only.hasFocus()
    qtbot.keyClick(page.lead_only, Qt.Key.Key_Space)
    assert page.lead_only.isChecked()
    assert sorted(visible_codes(window)) == ["CUL-01", "CUL-02"]
    assert chips(window) == ["Ufficio: Settore Cultura (solo responsabile)"]
    query = page.current_query()
    assert query.office_id == culture and query.lead_office_only
    assert sorted(r.code for r in desk.actions(query)) == ["CUL-01", "CUL-02"]
    # the navigator's office entry counts and shows any role, and its heading says so
    assert navigator_count(window, "Settore Cultura") == 3
    click(qtbot, page.chips.clear_button)
    click_navigator(qtbot, window, "Settore Cultura")
    assert window.page.heading.text() == "Ufficio: Settore Cultura (responsabile o di supporto)"
    assert sorted(visible_codes(window)) == ["BEL-01", "CUL-01", "CUL-02"]


def test_search_hits_are_found_in_the_text_as_written():
    assert match_spans("Città più sostenibile", ["citta"]) == [(0, 5)]
    assert match_spans("Nuova CITTÀ e città", ["citta"]) == [(6, 11), (14, 19)]
    assert match_spans("L’orto dell’Istituto", ["dell'istituto"]) == [(7, 20)]
    assert match_spans("Straße", ["strasse"]) == [(0, 6)]
    assert match_spans("teatro comunale", ["teatro", "comunale", "atro"]) == [(0, 6), (7, 15)]
    assert match_spans("teatrocomunale", ["teatro", "atroco"]) == [(0, 8)]  # overlapping hits merge
    assert match_spans("nessuna", ["teatro"]) == []


def amber_pixels(image: QImage, x0: int, x1: int, y0: int, y1: int) -> int:
    wanted = QColor(HIT_BACKGROUND)
    found = 0
    for x in range(max(0, x0), min(image.width(), x1), 2):
        for y in range(max(0, y0), min(image.height(), y1), 2):
            if image.pixelColor(x, y) == wanted:
                found += 1
    return found


def test_search_hits_are_highlighted_in_the_table(qtbot, window, desk, wait_ops):
    page = window.page
    window.resize(1600, 900)
    qtbot.keyClicks(page.search, "citta")
    rows = page.model.visible_rows()
    assert rows and all("citta" in r.search_key for r in rows)
    page.table.viewport().repaint()
    image = page.table.viewport().grab().toImage()
    text_column = page.table.horizontalHeader()
    x0 = text_column.sectionViewportPosition(COL_TEXT)
    x1 = x0 + text_column.sectionSize(COL_TEXT)
    first = page.table.visualRect(page.model.index(0, COL_TEXT))
    assert amber_pixels(image, x0, x1, first.top(), first.bottom()) > 20  # "Città" painted on amber
    other_columns = amber_pixels(image, 0, x0, 0, image.height())
    assert other_columns == 0
    page.search.clear()
    page.table.viewport().repaint()
    image = page.table.viewport().grab().toImage()
    assert amber_pixels(image, x0, x1, 0, image.height()) == 0  # nothing searched, nothing marked


def test_a_hit_past_the_visible_part_is_brought_into_view(qtbot, window, desk, wait_ops):
    page = window.page
    window.resize(1200, 800)
    target = desk.action_by_code("CUL-05")
    word = target.text.split()[-1].strip(".,;:")
    qtbot.keyClicks(page.search, word)
    row = next(n for n in range(page.model.rowCount()) if page.model.action_at(n).code == "CUL-05")
    rect = page.table.visualRect(page.model.index(row, COL_TEXT))
    assert page.fontMetrics().horizontalAdvance(target.text) > rect.width()  # the end is cut off
    page.table.viewport().repaint()
    image = page.table.viewport().grab().toImage()
    assert amber_pixels(image, rect.left(), rect.right(), rect.top(), rect.bottom()) > 10


def test_status_filter_and_views_agree_with_the_desk(qtbot, window, desk, wait_ops):
    edit = ActionEdit.from_detail(desk.action_by_code("IMP-03"))
    edit.status, edit.progress = Status.IN_PROGRESS, 30
    window.apply_changes(desk.save_action(edit).changes)
    wait_ops()
    click_navigator(qtbot, window, "Imprese e lavoro")
    choose(qtbot, window.page.status_filter, "In corso")
    assert visible_codes(window) == ["IMP-03"]
    assert [r.code for r in desk.actions(window.page.current_query())] == ["IMP-03"]
