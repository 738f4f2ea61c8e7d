"""The offices dialog: add, rename, deactivate, and remove an office still assigned (reassign)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from valenza_desk.domain.rows import ActionEdit
from valenza_desk.services import audit, browse, editing, offices
from valenza_desk.ui.offices_dialog import OfficesDialog, RemoveOfficeDialog


def make_dialog(qtbot, db, actor, wait_ops) -> OfficesDialog:
    dialog = OfficesDialog(db, actor)
    qtbot.addWidget(dialog)
    wait_ops()
    return dialog


def select(dialog: OfficesDialog, name: str) -> None:
    for row in range(dialog.model.rowCount()):
        if dialog.model.index(row, 0).data() == name:
            dialog.view.setCurrentIndex(dialog.model.index(row, 0))
            return
    raise AssertionError(name)


def test_add_rename_and_deactivate(qtbot, seeded_db, actor, wait_ops):
    dialog = make_dialog(qtbot, seeded_db, actor, wait_ops)
    changed = []
    dialog.offices_changed.connect(lambda: changed.append(1))
    qtbot.keyClicks(dialog.name, "Ufficio Turismo")
    qtbot.keyClicks(dialog.head, "Dott. Rossi")
    dialog.email.setText("turismo@comune.example.it")
    dialog.phone.setText("0131 949 111")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_ops()
    stored = offices.list_offices(seeded_db)
    assert [(o.name, o.head, o.email, o.active) for o in stored] == [
        ("Ufficio Turismo", "Dott. Rossi", "turismo@comune.example.it", True)
    ]
    assert changed

    select(dialog, "Ufficio Turismo")
    dialog.name.setText("Ufficio Turismo e Promozione")
    dialog.active.setChecked(False)
    dialog.save()
    wait_ops()
    office = offices.list_offices(seeded_db)[0]
    assert office.name == "Ufficio Turismo e Promozione" and not office.active
    entries = audit.list_audit(seeded_db, entity="office", entity_id=office.id)
    assert {"name", "active"} <= {e.field for e in entries}
    assert dialog.model.index(0, 3).data() == "non attivo"


def test_invalid_email_shows_message(qtbot, seeded_db, actor, wait_ops):
    dialog = make_dialog(qtbot, seeded_db, actor, wait_ops)
    dialog.name.setText("Ufficio Tributi")
    dialog.email.setText("non-una-mail")
    dialog.save()
    wait_ops()
    assert "non è valido" in dialog.banner.text()
    assert dialog.name.text() == "Ufficio Tributi"
    assert offices.list_offices(seeded_db) == []


def test_remove_assigned_office_needs_a_choice_and_reassigns(qtbot, seeded_db, actor, wait_ops, two_offices):
    culture_id, works_id = two_offices
    action_id = browse.action_id_for_code(seeded_db, "CUL-01")
    edit = ActionEdit.from_detail(browse.action_detail(seeded_db, action_id))
    edit.lead_office_id = culture_id
    editing.save_action(seeded_db, actor, edit)

    dialog = make_dialog(qtbot, seeded_db, actor, wait_ops)
    select(dialog, "Settore Cultura")
    # cancelling the question leaves everything as it was
    dialog.ask_removal = lambda office: None
    dialog.remove()
    wait_ops()
    assert len(offices.list_offices(seeded_db)) == 2

    # the real question offers the other active office and the "leave without" option
    office = next(o for o in dialog.model.offices() if o.id == culture_id)
    question = RemoveOfficeDialog(office, dialog.model.offices())
    qtbot.addWidget(question)
    assert question.move_radio.isChecked() and question.target.currentData() == works_id
    assert question.choice() == (works_id, False)
    question.unassign_radio.setChecked(True)
    assert question.choice() == (None, True)

    dialog.ask_removal = lambda office: (works_id, False)
    dialog.remove()
    wait_ops()
    assert [o.name for o in offices.list_offices(seeded_db)] == ["Lavori Pubblici"]
    assert browse.action_detail(seeded_db, action_id).lead_office_id == works_id
    assert "eliminato" in dialog.banner.text()


def test_service_refusal_is_shown_when_assignment_appeared_meanwhile(qtbot, seeded_db, actor, wait_ops, two_offices):
    culture_id, _ = two_offices
    dialog = make_dialog(qtbot, seeded_db, actor, wait_ops)
    select(dialog, "Settore Cultura")  # shown with 0 actions
    action_id = browse.action_id_for_code(seeded_db, "CUL-02")
    edit = ActionEdit.from_detail(browse.action_detail(seeded_db, action_id))
    edit.lead_office_id = culture_id
    editing.save_action(seeded_db, actor, edit)  # someone assigns it meanwhile
    dialog.ask_removal = lambda office: (None, False)  # "remove, it has no actions"
    dialog.remove()
    wait_ops()
    assert "ancora assegnato" in dialog.banner.text()
    assert len(offices.list_offices(seeded_db)) == 2
