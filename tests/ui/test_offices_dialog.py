"""The offices dialog: add, rename, deactivate, and remove an office still assigned (reassign).
Every change goes through the Desk and is announced as a change set; an office typed and not
saved is never dropped without asking (Nuovo ufficio, another office, Chiudi, Esc, closing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from valenza_desk.domain.rows import ActionEdit
from valenza_desk.ui.offices_dialog import OfficesDialog, RemoveOfficeDialog
from valenza_desk.ui.unsaved_guard import LeaveChoice

from .person import alt, answer_boxes, click, click_index, retype


def make_dialog(qtbot, desk, wait_ops) -> OfficesDialog:  # type: ignore[no-untyped-def]
    dialog = OfficesDialog(desk)
    dialog.ask = lambda name: LeaveChoice.DISCARD  # what a test leaves typed is dropped when pytest-qt closes it
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    wait_ops()
    return dialog


def select(qtbot, dialog: OfficesDialog, name: str) -> None:  # type: ignore[no-untyped-def]
    for row in range(dialog.model.rowCount()):
        if dialog.model.index(row, 0).data() == name:
            click_index(qtbot, dialog.view, dialog.model.index(row, 0))
            return
    raise AssertionError(name)


def test_add_rename_and_deactivate(qtbot, desk, wait_ops):
    dialog = make_dialog(qtbot, desk, wait_ops)
    changes = []
    dialog.changes_made.connect(changes.append)
    qtbot.keyClicks(dialog.name, "Ufficio Turismo")
    qtbot.keyClicks(dialog.head, "Dott. Rossi")
    qtbot.keyClicks(dialog.email, "turismo@comune.example.it")
    qtbot.keyClicks(dialog.phone, "0131 949 111")
    click(qtbot, dialog.save_button)
    wait_ops()
    stored = desk.offices()
    assert [(o.name, o.head, o.email, o.active) for o in stored] == [
        ("Ufficio Turismo", "Dott. Rossi", "turismo@comune.example.it", True)
    ]
    assert [c.offices for c in changes] == [frozenset({stored[0].id})] and changes[0].structure

    select(qtbot, dialog, "Ufficio Turismo")
    retype(qtbot, dialog.name, "Ufficio Turismo e Promozione")
    click(qtbot, dialog.active)
    click(qtbot, dialog.save_button)
    wait_ops()
    office = desk.offices()[0]
    assert office.name == "Ufficio Turismo e Promozione" and not office.active
    entries = desk.audit(entity="office", entity_id=office.id)
    assert {"name", "active"} <= {e.field for e in entries}
    assert dialog.model.index(0, 3).data() == "non attivo"
    assert len(changes) == 2


def test_invalid_email_shows_message(qtbot, desk, wait_ops):
    dialog = make_dialog(qtbot, desk, wait_ops)
    qtbot.keyClicks(dialog.name, "Ufficio Tributi")
    qtbot.keyClicks(dialog.email, "non-una-mail")
    click(qtbot, dialog.save_button)
    wait_ops()
    assert "non è valido" in dialog.banner.text()
    assert dialog.name.text() == "Ufficio Tributi"
    assert desk.offices() == []


def test_remove_assigned_office_needs_a_choice_and_reassigns(qtbot, desk, wait_ops, two_offices):
    culture_id, works_id = two_offices
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-01"))
    edit.lead_office_id = culture_id
    desk.save_action(edit)

    dialog = make_dialog(qtbot, desk, wait_ops)
    changes = []
    dialog.changes_made.connect(changes.append)
    select(qtbot, dialog, "Settore Cultura")
    # cancelling the question leaves everything as it was
    dialog.ask_removal = lambda office: None
    click(qtbot, dialog.remove_button)
    wait_ops()
    assert len(desk.offices()) == 2 and changes == []

    # the real question offers the other active office and the "leave without" option
    office = next(o for o in dialog.model.offices() if o.id == culture_id)
    question = RemoveOfficeDialog(office, dialog.model.offices())
    qtbot.addWidget(question)
    assert question.move_radio.isChecked() and question.target.currentData() == works_id
    assert question.choice() == (works_id, False)
    click(qtbot, question.unassign_radio)
    assert question.choice() == (None, True)

    dialog.ask_removal = lambda office: (works_id, False)
    click(qtbot, dialog.remove_button)
    wait_ops()
    assert [o.name for o in desk.offices()] == ["Lavori Pubblici"]
    assert desk.action_by_code("CUL-01").lead_office_id == works_id
    assert "eliminato" in dialog.banner.text()
    assert changes and desk.action_id("CUL-01") in changes[0].actions and changes[0].structure


def test_service_refusal_is_shown_when_assignment_appeared_meanwhile(qtbot, desk, wait_ops, two_offices):
    culture_id, _ = two_offices
    dialog = make_dialog(qtbot, desk, wait_ops)
    select(qtbot, dialog, "Settore Cultura")  # shown with 0 actions
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-02"))
    edit.lead_office_id = culture_id
    desk.save_action(edit)  # someone assigns it meanwhile
    dialog.ask_removal = lambda office: (None, False)  # "remove, it has no actions"
    click(qtbot, dialog.remove_button)
    wait_ops()
    assert "ancora assegnato" in dialog.banner.text()
    assert len(desk.offices()) == 2


@contextmanager
def real_questions(dialog: OfficesDialog) -> Iterator[None]:
    """The real message box, answered by clicking its buttons; afterwards (even on failure) the
    test's leftovers are dropped without a box nobody would answer."""
    dialog.ask = dialog.ask_with_box
    try:
        yield
    finally:
        dialog.ask = lambda name: LeaveChoice.DISCARD


def test_new_office_asks_about_the_office_typed(qtbot, desk, wait_ops):
    dialog = make_dialog(qtbot, desk, wait_ops)
    with real_questions(dialog):
        qtbot.keyClicks(dialog.name, "Ufficio Tributi")
        answers = answer_boxes("Annulla")
        click(qtbot, dialog.new_button)
        assert answers.finish() == ["L'ufficio «Ufficio Tributi» non è stato salvato.\nSalvarlo prima di continuare?"]
        assert dialog.name.text() == "Ufficio Tributi"

        answers = answer_boxes("Scarta le modifiche")
        click(qtbot, dialog.new_button)
        answers.finish()
        assert dialog.name.text() == "" and desk.offices() == []

        qtbot.keyClicks(dialog.name, "Ufficio Tributi")
        qtbot.keyClicks(dialog.head, "Dott. Verdi")
        answers = answer_boxes("Salva")
        click(qtbot, dialog.new_button)
        answers.finish()
        wait_ops()
        assert [(o.name, o.head) for o in desk.offices()] == [("Ufficio Tributi", "Dott. Verdi")]
        assert dialog.name.text() == "" and dialog.form_title.text() == "Nuovo ufficio"


def test_nuovo_ufficio_reached_with_tab_asks_too(qtbot, desk, wait_ops):
    dialog = make_dialog(qtbot, desk, wait_ops)
    with real_questions(dialog):
        qtbot.keyClicks(dialog.name, "Ufficio Sport")
        dialog.view.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(dialog.view, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.new_button
        answers = answer_boxes("<Esc>")  # Esc in the question means Annulla
        qtbot.keyClick(dialog.new_button, Qt.Key.Key_Space)
        answers.finish()
        assert dialog.name.text() == "Ufficio Sport"


def test_closing_asks_with_chiudi_esc_and_the_window_button(qtbot, desk, wait_ops):
    dialog = make_dialog(qtbot, desk, wait_ops)
    with real_questions(dialog):
        qtbot.keyClicks(dialog.name, "Ufficio Anagrafe")
        for close in (
            lambda: click(qtbot, dialog.close_button),
            lambda: qtbot.keyClick(dialog.name, Qt.Key.Key_Escape),
            dialog.close,
        ):
            answers = answer_boxes("Annulla")
            close()
            answers.finish()
            assert dialog.isVisible() and dialog.name.text() == "Ufficio Anagrafe"
        answers = answer_boxes("Salva")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
        answers.finish()
        wait_ops()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        assert [o.name for o in desk.offices()] == ["Ufficio Anagrafe"]


def test_closing_without_typing_asks_nothing(qtbot, desk, wait_ops, two_offices):
    dialog = make_dialog(qtbot, desk, wait_ops)
    dialog.ask = lambda name: pytest.fail("asked with nothing typed")
    select(qtbot, dialog, "Lavori Pubblici")
    click(qtbot, dialog.new_button)
    click(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_enter_in_the_form_saves_the_office(qtbot, desk, wait_ops):
    dialog = make_dialog(qtbot, desk, wait_ops)
    qtbot.keyClicks(dialog.name, "Ufficio Tecnico")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.head, "Geom. Neri")
    qtbot.keyClick(dialog.head, Qt.Key.Key_Return)
    wait_ops()
    assert [(o.name, o.head) for o in desk.offices()] == [("Ufficio Tecnico", "Geom. Neri")]
    assert dialog.isVisible()  # Enter saved; it did not close the dialog


def test_choosing_another_office_asks_about_the_changes(qtbot, desk, wait_ops, two_offices):
    dialog = make_dialog(qtbot, desk, wait_ops)
    with real_questions(dialog):
        select(qtbot, dialog, "Settore Cultura")
        retype(qtbot, dialog.head, "Dott. Gialli")
        answers = answer_boxes("Annulla")
        select(qtbot, dialog, "Lavori Pubblici")
        answers.finish()
        assert dialog.head.text() == "Dott. Gialli" and dialog.name.text() == "Settore Cultura"
        assert dialog.view.currentIndex().data() == "Settore Cultura"  # the selection went back

        answers = answer_boxes("Scarta le modifiche")
        select(qtbot, dialog, "Lavori Pubblici")
        answers.finish()
        assert dialog.name.text() == "Lavori Pubblici" and dialog.head.text() == "Ing. Bianchi"
        assert {o.head for o in desk.offices()} == {"Dott.ssa Ferraris", "Ing. Bianchi"}


def test_the_form_fields_have_mnemonics(qtbot, desk, wait_ops):
    dialog = make_dialog(qtbot, desk, wait_ops)
    for letter, field in (("N", dialog.name), ("R", dialog.head), ("E", dialog.email), ("T", dialog.phone)):
        alt(qtbot, dialog, letter)
        assert QApplication.focusWidget() is field, letter
    alt(qtbot, dialog, "U")
    assert QApplication.focusWidget() is dialog.view
