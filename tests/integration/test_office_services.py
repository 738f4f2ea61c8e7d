"""Offices: add, rename, deactivate, and never vanish silently while assigned."""

from __future__ import annotations

import pytest

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.errors import ConflictError, OfficeInUseError, ValidationError
from valenza_desk.services import audit, browse, editing, offices
from valenza_desk.services.offices import OfficeDraft
from valenza_desk.store.database import Database


def assign(db: Database, actor: Actor, code: str, lead: int | None, support: tuple[int, ...] = ()) -> None:
    edit = ActionEdit.from_detail(browse.action_detail(db, browse.action_id_for_code(db, code)))
    edit.lead_office_id, edit.support_office_ids = lead, support
    editing.save_action(db, actor, edit)


def test_add_rename_and_deactivate(seeded_db: Database, actor: Actor) -> None:
    row = offices.add_office(seeded_db, actor, OfficeDraft("  Servizi   culturali ", "Dott.ssa Rossi", "cultura@x.it"))
    assert row.name == "Servizi culturali"
    renamed = offices.update_office(seeded_db, actor, row.id, row.version, OfficeDraft("Settore Cultura", "Rossi"))
    assert (renamed.name, renamed.version) == ("Settore Cultura", 2)
    inactive = offices.update_office(
        seeded_db, actor, row.id, renamed.version, OfficeDraft("Settore Cultura", "Rossi", active=False)
    )
    assert not inactive.active
    assert [o.name for o in offices.list_offices(seeded_db, include_inactive=False)] == []
    ops = [(e.operation, e.field) for e in audit.list_audit(seeded_db, "office", row.id)]
    assert ("update", "name") in ops and ("update", "active") in ops and ("create", "name") in ops


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (OfficeDraft("   "), "obbligatorio"),
        (OfficeDraft("Ufficio", email="non-una-mail"), "e-mail"),
        (OfficeDraft("servizi CULTURALI"), "Esiste già"),
    ],
)
def test_invalid_office_is_refused(seeded_db: Database, actor: Actor, draft: OfficeDraft, message: str) -> None:
    offices.add_office(seeded_db, actor, OfficeDraft("Servizi culturali"))
    with pytest.raises(ValidationError, match=message):
        offices.add_office(seeded_db, actor, draft)
    assert len(offices.list_offices(seeded_db)) == 1


def test_stale_office_edit_is_a_conflict(seeded_db: Database, actor: Actor) -> None:
    row = offices.add_office(seeded_db, actor, OfficeDraft("Ufficio A"))
    offices.update_office(seeded_db, actor, row.id, row.version, OfficeDraft("Ufficio B"))
    with pytest.raises(ConflictError):
        offices.update_office(seeded_db, actor, row.id, row.version, OfficeDraft("Ufficio C"))


def test_assigned_office_needs_a_decision_to_be_removed(seeded_db: Database, actor: Actor) -> None:
    old = offices.add_office(seeded_db, actor, OfficeDraft("Ufficio vecchio")).id
    new = offices.add_office(seeded_db, actor, OfficeDraft("Ufficio nuovo")).id
    assign(seeded_db, actor, "CUL-01", old)
    assign(seeded_db, actor, "CUL-02", new, (old,))
    assign(seeded_db, actor, "CUL-03", None, (old,))
    row = offices.get_office(seeded_db, old)
    assert (row.lead_count, row.support_count) == (1, 2)

    with pytest.raises(OfficeInUseError) as caught:
        offices.remove_office(seeded_db, actor, old, row.version)
    assert caught.value.assigned == 3
    assert offices.get_office(seeded_db, old).name == "Ufficio vecchio"

    moved = offices.remove_office(seeded_db, actor, old, row.version, reassign_to=new)
    assert moved == 3
    rows = {r.code: r for r in browse.list_actions(seeded_db)}
    assert rows["CUL-01"].lead_office == "Ufficio nuovo"
    assert (rows["CUL-02"].lead_office, rows["CUL-02"].offices) == ("Ufficio nuovo", ())
    assert (rows["CUL-03"].lead_office, rows["CUL-03"].offices) == ("", ("Ufficio nuovo",))
    assert rows["CUL-01"].version == 3  # assignment (2) + move (3): open editors see a conflict
    assert [o.name for o in offices.list_offices(seeded_db)] == ["Ufficio nuovo"]


def test_remove_with_unassign(seeded_db: Database, actor: Actor) -> None:
    old = offices.add_office(seeded_db, actor, OfficeDraft("Ufficio vecchio")).id
    assign(seeded_db, actor, "CUL-01", old)
    offices.remove_office(seeded_db, actor, old, offices.get_office(seeded_db, old).version, unassign=True)
    assert browse.list_actions(seeded_db)[0].lead_office == ""
    entries = audit.list_audit(seeded_db, "action")
    assert any(e.field == "lead_office" and e.old_value == "Ufficio vecchio" for e in entries)


def test_inactive_office_cannot_receive_new_actions(seeded_db: Database, actor: Actor) -> None:
    row = offices.add_office(seeded_db, actor, OfficeDraft("Ufficio chiuso", active=False))
    with pytest.raises(ValidationError, match="non è attivo"):
        assign(seeded_db, actor, "CUL-01", row.id)
