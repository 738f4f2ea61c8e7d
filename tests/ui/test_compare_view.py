"""The comparison of two snapshots (or one with now), opened from the Meetings page: the old value
struck through beside the new, rows filtered by kind with counts, a double-click opens the action."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt

from tests.ui.person import choose, click, click_index, click_navigator, pick
from valenza_desk.domain.meetings import MeetingDraft
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.ui.compare_view import CODE_COLUMN, FIELD_COLUMN, KIND_COLUMN, NEW_COLUMN, OLD_COLUMN


def two_sessions(desk) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    """A council session frozen, two actions changed, a cabinet session frozen, one more change."""
    first = desk.add_meeting(MeetingDraft("Consiglio comunale", date(2026, 10, 1), "Verifica")).value
    desk.freeze_snapshot(first.id)
    rows = desk.actions()
    moved, started = rows[0], rows[1]
    detail = desk.action(moved.id)
    desk.save_action(
        replace(ActionEdit.from_detail(detail), due_date=date(2027, 6, 30), due_change_reason="Gara deserta")
    )
    detail = desk.action(started.id)
    desk.save_action(replace(ActionEdit.from_detail(detail), status=Status.IN_PROGRESS, progress=40))
    second = desk.add_meeting(MeetingDraft("Giunta comunale", date(2026, 11, 10))).value
    desk.freeze_snapshot(second.id)
    detail = desk.action(started.id)
    desk.save_action(replace(ActionEdit.from_detail(detail), progress=70))
    return first.id, second.id, started.code


def shown(view) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    model = view.model
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


def test_compare_two_sessions_and_now(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    first, second, started = two_sessions(desk)
    click_navigator(qtbot, window, "Sedute")
    wait_ops()
    page = window.meetings_page
    assert page.table.item(1, 1).text() == "Consiglio comunale"  # newest first
    click_index(qtbot, page.table, page.table.model().index(1, 1))
    click(qtbot, page.compare_button)
    wait_ops()
    dialog = page.compare_dialog
    assert dialog is not None and dialog.isVisible()
    view = dialog.view
    assert view.since.currentData() == first
    assert view.until.currentText() == "adesso (stato attuale)"
    rows = shown(view)
    progress = [r for r in rows if r[CODE_COLUMN] == started and r[FIELD_COLUMN] == "Avanzamento"]
    assert progress and progress[0][OLD_COLUMN] == "0%" and progress[0][NEW_COLUMN].startswith("70%"), rows
    assert any(r[KIND_COLUMN] == "Scadenza spostata" for r in rows)
    # the old value is struck through, the new one is not
    at = rows.index(progress[0])
    old_font = view.model.index(at, OLD_COLUMN).data(Qt.ItemDataRole.FontRole)
    new_font = view.model.index(at, NEW_COLUMN).data(Qt.ItemDataRole.FontRole)
    assert old_font.strikeOut() and not new_font.strikeOut()

    # to the second session: the last progress (40 -> 70) is not in it
    pick(qtbot, view.until, view.until.itemText(view.until.findData(second)))
    wait_ops()
    rows = shown(view)
    progress = [r for r in rows if r[CODE_COLUMN] == started and r[FIELD_COLUMN] == "Avanzamento"]
    assert progress and progress[0][NEW_COLUMN].startswith("40%"), rows
    assert view.model.headerData(NEW_COLUMN, Qt.Orientation.Horizontal) == "Dopo"

    # only the moved due dates, with the count in the filter
    kinds = [view.kind.itemText(i) for i in range(view.kind.count())]
    assert kinds[0] == f"Tutte le variazioni ({len(rows)})"
    assert "Scadenza spostata (1)" in kinds
    choose(qtbot, view.kind, "Scadenza spostata (1)")
    assert [r[KIND_COLUMN] for r in shown(view)] == ["Scadenza spostata"]
    moved = shown(view)[0]
    assert moved[NEW_COLUMN] == "30/06/2027"

    # a double-click shows that action in the window
    click_index(qtbot, view.table, view.model.index(0, 0))  # a double-click starts with a click
    click_index(qtbot, view.table, view.model.index(0, 0), double=True)
    wait_ops()
    assert window.stack.currentWidget() is window.table_split
    assert window.panel.detail is not None and window.panel.detail.code == moved[CODE_COLUMN]
    dialog.close()


def test_the_same_moment_twice_is_not_a_comparison(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    _first, _second, _code = two_sessions(desk)
    click_navigator(qtbot, window, "Sedute")
    wait_ops()
    page = window.meetings_page
    click(qtbot, page.compare_button)
    wait_ops()
    view = page.compare_dialog.view
    pick(qtbot, view.until, view.until.itemText(view.until.findData(view.since.currentData())))
    wait_ops()
    assert view.model.rowCount() == 0
    assert view.summary.text() == "Scegliere due momenti diversi."
    page.compare_dialog.close()
