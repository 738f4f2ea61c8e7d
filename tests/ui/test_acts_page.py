"""The Acts page ("Atti"), driven like a person: a new act typed with its linked actions, refusals
written under the form in Italian with nothing stored, a correction of the act chosen in the list."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from tests.ui.person import choose, click, click_index, click_navigator, retype, type_date


def table_texts(page) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = page.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def type_act(qtbot, page, number: str, day: str, subject: str, cup: str, codes: str) -> None:  # type: ignore[no-untyped-def]
    choose(qtbot, page.act_type, "Delibera di Giunta comunale")
    qtbot.keyClick(page.act_type, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.number, number)
    type_date(qtbot, page.on_date, day)
    qtbot.keyClick(page.on_date.edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.subject, subject)
    retype(qtbot, page.cup, cup)
    retype(qtbot, page.codes, codes)


def test_a_new_act_is_typed_linked_and_corrected(qtbot, window, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    before = len(desk.acts())
    click_navigator(qtbot, window, "Atti")
    wait_ops()
    page = window.acts_page
    assert window.stack.currentWidget() is page
    assert page.form_group.title() == "Nuovo atto"

    type_act(qtbot, page, "45", "12/3/26", "Piano del verde", "J12B2300", "cul-01, CUL-02")
    click(qtbot, page.save_button)
    wait_ops()
    assert "CUP" in page.message.text() and "non è valido" in page.message.text()
    assert len(desk.acts()) == before  # nothing stored

    retype(qtbot, page.cup, "J12B23000120001")
    retype(qtbot, page.codes, "CUL-01, XYZ-99")
    qtbot.keyClick(page.codes, Qt.Key.Key_Return)
    wait_ops()
    assert "XYZ-99" in page.message.text()
    assert len(desk.acts()) == before  # an unknown code refuses the whole act

    retype(qtbot, page.codes, "cul-01, CUL-02")
    qtbot.keyClick(page.codes, Qt.Key.Key_Return)
    wait_ops()
    assert page.message.text() == "Atto registrato: Delibera G.C. n. 45 del 12/03/2026."
    stored = [a for a in desk.acts() if a.number == "45"]
    assert len(stored) == 1
    act = stored[0]
    assert (act.act_type, act.on_date, act.subject, act.cup) == (
        "Delibera di Giunta comunale",
        date(2026, 3, 12),
        "Piano del verde",
        "J12B23000120001",
    )
    assert set(act.action_codes) == {"CUL-01", "CUL-02"}
    row = next(r for r in table_texts(page) if r[1] == "45")
    assert row[:4] == ["Delibera di Giunta comunale", "45", "12/03/2026", "Piano del verde"]
    assert set(row[4].split(", ")) == {"CUL-01", "CUL-02"}
    assert page.form_group.title().startswith("Modifica di Delibera G.C. n. 45")
    assert not page.codes.isReadOnly()  # the links can be corrected too

    # a correction of the act chosen in the list
    click(qtbot, page.new_button)
    assert page.number.text() == "" and page.form_group.title() == "Nuovo atto"
    r = next(i for i, t in enumerate(table_texts(page)) if t[1] == "45")
    click_index(qtbot, page.table, page.table.model().index(r, 3))
    assert page.subject.text() == "Piano del verde"
    retype(qtbot, page.subject, "Piano del verde urbano")
    qtbot.keyClick(page.subject, Qt.Key.Key_Return)
    wait_ops()
    assert page.message.text().startswith("Atto corretto")
    assert desk.acts()[[a.id for a in desk.acts()].index(act.id)].subject == "Piano del verde urbano"
    assert any(t[3] == "Piano del verde urbano" for t in table_texts(page))
    # the action's sheet lists it
    assert any(a.id == act.id for a in desk.action_by_code("CUL-02").acts)
    # the links corrected: CUL-01 taken off, CUL-03 added (an unknown code changes nothing)
    r = next(i for i, t in enumerate(table_texts(page)) if t[1] == "45")
    click_index(qtbot, page.table, page.table.model().index(r, 3))
    retype(qtbot, page.codes, "CUL-02, CUL-99")
    qtbot.keyClick(page.codes, Qt.Key.Key_Return)
    wait_ops()
    assert {a.id for a in desk.action_by_code("CUL-01").acts} >= {act.id}
    retype(qtbot, page.codes, "CUL-02, CUL-03")
    qtbot.keyClick(page.codes, Qt.Key.Key_Return)
    wait_ops()
    assert page.message.text().startswith("Atto corretto"), page.message.text()
    linked = next(a for a in desk.acts() if a.id == act.id).action_codes
    assert set(linked) == {"CUL-02", "CUL-03"}
    assert all(a.id != act.id for a in desk.action_by_code("CUL-01").acts)
    history = [e for e in desk.audit(entity="action", entity_id=desk.action_id("CUL-01")) if e.field == "act_link"]
    assert history and history[0].new_value is None  # the unlink is in the audit
