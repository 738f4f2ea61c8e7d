"""The detail panel with the keyboard and on a small screen: a mnemonic for every field, Tab through
the fields and out of the text boxes, long office names elided in the middle, the title in view on
a new action, no line that jumps, nothing cut at the right edge."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from valenza_desk.domain.rows import ActionEdit, OfficeDraft

from .person import CTRL, alt, choose, ctrl_s, open_panel, type_date

WINDOW_MENUS = {"F", "M", "V", "A"}  # File, Modifica, Visualizza, Aiuto


def mnemonic(text: str) -> str:
    return QKeySequence.mnemonic(text).toString().rsplit("+", 1)[-1]


def test_every_field_has_a_label_with_its_own_mnemonic(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    expected = {
        "Stato": ("S", form.status),
        "Avanzamento": ("Z", form.progress),
        "Completata il": ("I", form.completed_on.edit),
        "Scadenza": ("D", form.due_date.edit),
        "Ufficio responsabile": ("B", form.lead_office),
        "Uffici di supporto": ("U", form.support_offices),
        "Referente politico": ("P", form.referent),
        "Valori": ("L", form.values_box),
        "Note": ("E", form.notes),
        "Traguardi": ("G", form.milestones.view),
        "Nota": ("N", form.note),
        "Atto": ("O", form.act_reference),
        "Perché spostata": ("H", form.due_reason),
        "Missione DUP (1)": ("1", form.mission),
        "Programma (2)": ("2", form.dup_programme),
    }
    labels = {label.text().replace("&", ""): label for label in form.findChildren(QLabel) if "&" in label.text()}
    assert set(labels) == set(expected)
    for text, (letter, field) in expected.items():
        assert labels[text].buddy() is field, text
        assert mnemonic(labels[text].text()) == letter, text
    letters = [letter for letter, _ in expected.values()]
    assert len(set(letters)) == len(letters) and not set(letters) & WINDOW_MENUS


def test_alt_letters_reach_every_field(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    form.status.setFocus(Qt.FocusReason.TabFocusReason)
    for letter, field in (
        ("Z", form.progress),
        ("D", form.due_date.edit),
        ("B", form.lead_office),
        ("U", form.support_offices),
        ("P", form.referent),
        ("L", form.values_box),
        ("E", form.notes),
        ("G", form.milestones.view),
        ("N", form.note),
        ("O", form.act_reference),
        ("S", form.status),
    ):
        alt(qtbot, panel, letter)
        assert QApplication.focusWidget() is field, letter
    choose(qtbot, form.status, "Completata")  # the completion date is a field once completed
    alt(qtbot, panel, "I")
    assert QApplication.focusWidget() is form.completed_on.edit


def test_tab_goes_through_the_fields_and_out_of_the_text_boxes(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    form.status.setFocus(Qt.FocusReason.TabFocusReason)
    seen = []
    for _ in range(17):
        focus = QApplication.focusWidget()
        seen.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    expected = [
        form.status,
        form.progress,
        form.due_date.edit,  # "Completata il" is skipped while the action is not completed
        form.due_reason,
        form.lead_office,
        form.support_offices,
        form.referent,
        form.values_box,
        form.notes,
        form.mission,
        form.dup_programme,
        form.milestones.view,
        form.milestones.add_button,
        form.milestones.remove_button,
        form.note,
        form.act_reference,
    ]
    assert seen[: len(expected)] == expected
    assert form.notes.toPlainText() == "" and form.note.toPlainText() == ""  # Tab typed nothing
    form.note.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(form.note, "Riunione")
    qtbot.keyClick(form.note, Qt.Key.Key_Tab, CTRL)
    assert form.note.toPlainText() == "Riunione"  # Ctrl+Tab inserts nothing either


def test_long_office_names_are_elided_in_the_middle_with_the_full_name_as_tooltip(qtbot, desk, wait_ops):
    long_name = "Settore Cultura, Turismo, Manifestazioni Culturali, Sportive e del Tempo Libero"
    office = desk.add_office(OfficeDraft(long_name, "Dott.ssa Ferraris")).value
    desk.add_office(OfficeDraft("Lavori Pubblici"))
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.lead_office_id = office.id
    desk.save_action(edit)
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04", size=(440, 700))
    combo = panel.form.lead_office
    assert combo.currentText() == long_name and combo.toolTip() == long_name
    assert combo.view().textElideMode() == Qt.TextElideMode.ElideMiddle
    assert combo.width() < combo.fontMetrics().horizontalAdvance(long_name)  # it had to be elided
    support = panel.form.support_offices
    assert support.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert {support.item(n).toolTip() for n in range(support.count())} == {long_name, "Lavori Pubblici"}


def test_a_new_action_is_shown_from_its_title(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04", size=(460, 500))
    bar = panel.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    panel.show_action(desk.action_id("CUL-05"))
    wait_ops()
    qtbot.wait(20)
    assert bar.value() == 0 and panel.detail.code == "CUL-05"


def test_the_overdue_warning_does_not_move_the_form(qtbot, desk, clock, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form

    def places() -> list[int]:
        return [w.mapTo(form, QPoint(0, 0)).y() for w in (form.status, form.due_date, form.lead_office, form.notes)]

    before = places()
    assert not form.overdue_label.isVisible()
    type_date(qtbot, form.due_date, (clock.today() - timedelta(days=3)).strftime("%d/%m/%Y"))
    QApplication.processEvents()
    assert form.overdue_label.isVisible() and "Scaduta" in form.overdue_label.text()
    assert "superata" in form.overdue_label.toolTip()
    assert places() == before


def test_nothing_is_cut_at_the_right_edge_of_a_narrow_panel(qtbot, desk, wait_ops):
    """About what the window gives the panel at 1366x768."""
    office = desk.add_office(OfficeDraft("Settore Cultura, Turismo, Manifestazioni Culturali e Sportive")).value
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.lead_office_id = office.id
    desk.save_action(edit)
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04", size=(440, 700))
    viewport = panel.scroll.viewport()
    assert panel.form.minimumSizeHint().width() <= viewport.width()
    for widget in panel.form.findChildren(QWidget):
        if widget.isVisibleTo(panel) and widget.parentWidget() is panel.form:
            right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
            assert right <= viewport.width(), (type(widget).__name__, widget.accessibleName(), right)


def test_ctrl_s_from_the_progress_field_saves(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-06")
    choose(qtbot, panel.form.status, "In corso")
    panel.form.progress.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(panel.form.progress.lineEdit(), "35")
    ctrl_s(qtbot)
    wait_ops()
    assert desk.action_by_code("CUL-06").progress == 35
