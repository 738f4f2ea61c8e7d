"""The offices dialog: add, rename, deactivate, and remove an office still assigned (reassign).
Every change goes through the Desk and is announced as a change set."""

from __future__ import annotations

from valenza_desk.domain.rows import ActionEdit
from valenza_desk.ui.offices_dialog import OfficesDialog, RemoveOfficeDialog

from .person import click, click_index, retype


def make_dialog(qtbot, desk, wait_ops) -> OfficesDialog:  # type: ignore[no-untyped-def]
    dialog = OfficesDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
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
