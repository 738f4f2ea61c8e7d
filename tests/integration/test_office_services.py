"""Offices through the Desk: add, rename, deactivate, never vanish silently while assigned (both engines)."""

from __future__ import annotations

import pytest

from valenza_desk.domain.rows import ActionEdit, OfficeDraft
from valenza_desk.errors import ConflictError, OfficeInUseError, ValidationError
from valenza_desk.services.desk import Desk


def assign(desk: Desk, code: str, lead: int | None, support: tuple[int, ...] = ()) -> None:
    edit = ActionEdit.from_detail(desk.action_by_code(code))
    edit.lead_office_id, edit.support_office_ids = lead, support
    desk.save_action(edit)


def add(desk: Desk, name: str, **fields: object) -> int:
    return desk.add_office(OfficeDraft(name, **fields)).value.id  # type: ignore[arg-type]


def test_add_rename_and_deactivate(service_desk: Desk) -> None:
    desk = service_desk
    added = desk.add_office(OfficeDraft("  Servizi   culturali ", "Dott.ssa Rossi", "cultura@x.it"))
    row = added.value
    assert row.name == "Servizi culturali" and added.changes.offices == {row.id} and added.changes.structure
    renamed = desk.update_office(row.id, row.version, OfficeDraft("Settore Cultura", "Rossi")).value
    assert (renamed.name, renamed.version) == ("Settore Cultura", 2)
    inactive = desk.update_office(row.id, renamed.version, OfficeDraft("Settore Cultura", "Rossi", active=False))
    assert not inactive.value.active
    assert [o.name for o in desk.offices(include_inactive=False)] == []
    entries = desk.audit("office", row.id)
    ops = [(e.operation, e.field) for e in entries]
    assert ("update", "name") in ops and ("update", "active") in ops and ("create", "name") in ops
    active = next(e for e in entries if e.field == "active" and e.operation == "update")
    assert (active.old_value, active.new_value, active.new_label) == (True, False, "no")


def test_renaming_an_office_marks_its_actions_changed(service_desk: Desk) -> None:
    desk = service_desk
    office = add(desk, "Servizi culturali")
    assign(desk, "CUL-01", office)
    result = desk.update_office(office, desk.office(office).version, OfficeDraft("Settore Cultura"))
    assert result.changes.actions == {desk.action_id("CUL-01")}


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (OfficeDraft("   "), "obbligatorio"),
        (OfficeDraft("Ufficio", email="non-una-mail"), "e-mail"),
        (OfficeDraft("servizi CULTURALI"), "Esiste già"),
        (OfficeDraft("U" * 201), "troppo lungo"),
        (OfficeDraft("Ufficio", phone="0" * 51), "Telefono"),
        (OfficeDraft("Uff\x00icio"), "NUL"),
    ],
)
def test_invalid_office_is_refused(service_desk: Desk, draft: OfficeDraft, message: str) -> None:
    add(service_desk, "Servizi culturali")
    with pytest.raises(ValidationError, match=message):
        service_desk.add_office(draft)
    assert len(service_desk.offices()) == 1


def test_stale_office_edit_is_a_conflict(service_desk: Desk) -> None:
    row = service_desk.add_office(OfficeDraft("Ufficio A")).value
    service_desk.update_office(row.id, row.version, OfficeDraft("Ufficio B"))
    with pytest.raises(ConflictError, match="«Ufficio B» è stato modificato"):
        service_desk.update_office(row.id, row.version, OfficeDraft("Ufficio C"))


def test_assigned_office_needs_a_decision_to_be_removed(service_desk: Desk) -> None:
    desk = service_desk
    old = add(desk, "Ufficio vecchio")
    new = add(desk, "Ufficio nuovo")
    assign(desk, "CUL-01", old)
    assign(desk, "CUL-02", new, (old,))
    assign(desk, "CUL-03", None, (old,))
    row = desk.office(old)
    assert (row.lead_count, row.support_count) == (1, 2)

    with pytest.raises(OfficeInUseError) as caught:
        desk.remove_office(old, row.version)
    assert caught.value.assigned == 3
    assert desk.office(old).name == "Ufficio vecchio"

    result = desk.remove_office(old, row.version, reassign_to=new)
    assert result.value == 3
    assert result.changes.actions == {desk.action_id(c) for c in ("CUL-01", "CUL-02", "CUL-03")}
    rows = {r.code: r for r in desk.actions()}
    assert rows["CUL-01"].lead_office == "Ufficio nuovo"
    assert (rows["CUL-02"].lead_office, rows["CUL-02"].offices) == ("Ufficio nuovo", ())
    assert (rows["CUL-03"].lead_office, rows["CUL-03"].offices) == ("", ("Ufficio nuovo",))
    assert rows["CUL-01"].version == 3  # assignment (2) + move (3): open editors see a conflict
    assert [o.name for o in desk.offices()] == ["Ufficio nuovo"]
    moved = next(e for e in desk.audit("action", rows["CUL-01"].id) if e.field == "lead_office")
    assert (moved.old_value, moved.new_value, moved.old_label, moved.new_label) == (
        old,
        new,
        "Ufficio vecchio",
        "Ufficio nuovo",
    )


def test_remove_with_unassign(service_desk: Desk) -> None:
    desk = service_desk
    old = add(desk, "Ufficio vecchio")
    assign(desk, "CUL-01", old)
    desk.remove_office(old, desk.office(old).version, unassign=True)
    assert desk.actions()[0].lead_office == ""
    entries = desk.audit("action")
    assert any(e.field == "lead_office" and e.old_label == "Ufficio vecchio" and e.new_value is None for e in entries)


def test_inactive_office_cannot_receive_new_actions(service_desk: Desk) -> None:
    office = add(service_desk, "Ufficio chiuso", active=False)
    with pytest.raises(ValidationError, match="non è attivo"):
        assign(service_desk, "CUL-01", office)
