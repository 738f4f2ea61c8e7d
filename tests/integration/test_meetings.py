"""The council meeting cycle through the Desk, on both engines: sessions, frozen snapshots, what
changed, the deadline history, the acts register and the DUP classification."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from tests.conftest import TODAY
from valenza_desk.domain.acts import ActDraft
from valenza_desk.domain.meetings import MeetingDraft
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionEdit, MilestoneRow, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.errors import ValidationError
from valenza_desk.services.desk import Desk


def edit(desk: Desk, code: str, **changes: object) -> None:
    change = ActionEdit.from_detail(desk.action_by_code(code))
    for name, value in changes.items():
        setattr(change, name, value)
    desk.save_action(change)


def test_two_sessions_and_what_changed_between_them(service_desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    desk = service_desk
    office = desk.add_office(OfficeDraft("Settore Cultura")).value.id
    edit(desk, "CUL-04", due_date=TODAY + timedelta(days=30), lead_office_id=office)
    edit(desk, "CUL-05", due_date=TODAY + timedelta(days=3))
    edit(desk, "BEL-01", milestones=(MilestoneRow(None, "Gara", TODAY + timedelta(days=10), None),))
    first = desk.add_meeting(MeetingDraft("Consiglio comunale", TODAY, "Verifica annuale")).value
    assert desk.freeze_snapshot(first.id).value is True
    assert desk.freeze_snapshot(first.id).value is False  # a snapshot is frozen once
    frozen = desk.snapshot(first.id)
    assert len(frozen.rows) == 84 and frozen.meeting.has_snapshot

    clock.advance(10)  # ten days later: work done, a deadline moved with its reason, a note citing a delibera
    edit(
        desk,
        "CUL-04",
        status=Status.IN_PROGRESS,
        progress=40,
        note="Dossier inviato",
        act_reference="Delibera G.C. n. 45 del 12/03/2024",
    )
    edit(desk, "CUL-04", due_date=TODAY + timedelta(days=90), due_change_reason="Attesa del bando regionale")
    edit(desk, "CUL-01", status=Status.DONE, progress=100, completed_on=clock.today())
    bel = desk.action_by_code("BEL-01")
    edit(
        desk,
        "BEL-01",
        milestones=(MilestoneRow(bel.milestones[0].id, "Gara", bel.milestones[0].due_date, clock.today()),),
    )
    second = desk.add_meeting(MeetingDraft("Consiglio comunale", clock.today())).value
    desk.freeze_snapshot(second.id)
    assert desk.previous_snapshot_meeting(second.id).id == first.id  # type: ignore[union-attr]

    found = desk.changes_between(first.id, second.id)
    kinds = {(c.code, c.kind) for c in found}
    assert {
        ("CUL-04", "status"),
        ("CUL-04", "progress_up"),
        ("CUL-04", "due_moved"),
        ("CUL-04", "note"),
        ("CUL-04", "act"),
        ("CUL-01", "completed_on_time"),
        ("CUL-05", "newly_overdue"),
        ("BEL-01", "milestone_reached"),
    } <= kinds
    moved = next(c for c in found if c.kind == "due_moved")
    assert (moved.old, moved.new) == (TODAY + timedelta(days=30), TODAY + timedelta(days=90))
    progress = next(c for c in found if c.kind == "progress_up" and c.code == "CUL-04")
    assert progress.new_label == "40% (+40)"
    assert [c.code for c in found] == sorted(
        (c.code for c in found), key=lambda c: [x.code for x in desk.actions()].index(c)
    )
    # the same, against now, and from the audit without any snapshot
    assert {(c.code, c.kind) for c in desk.changes_between(first.id)} >= kinds - {("CUL-05", "newly_overdue")}
    since = {(c.code, c.kind) for c in desk.changes_since(TODAY + timedelta(days=1))}
    assert {
        ("CUL-04", "progress_up"),
        ("CUL-04", "due_moved"),
        ("CUL-01", "completed_on_time"),
        ("CUL-04", "act"),
    } <= since


def test_deadline_history_keeps_the_promise_and_every_move(service_desk: Desk) -> None:
    desk = service_desk
    edit(desk, "AMB-01", due_date=date(2026, 12, 31))
    edit(desk, "AMB-01", due_date=date(2027, 6, 30), due_change_reason="Ritardo del finanziamento")
    edit(desk, "AMB-01", due_date=date(2027, 12, 31))
    detail = desk.action_by_code("AMB-01")
    assert detail.original_due_date == date(2026, 12, 31) and detail.rescheduled
    assert [(m.old_due, m.new_due, m.reason) for m in detail.due_date_changes] == [
        (date(2026, 12, 31), date(2027, 6, 30), "Ritardo del finanziamento"),
        (date(2027, 6, 30), date(2027, 12, 31), ""),
    ]
    row = next(r for r in desk.actions() if r.code == "AMB-01")
    assert (row.original_due_date, row.due_moves, row.rescheduled) == (date(2026, 12, 31), 2, True)
    last = desk.last_change(detail.id)
    desk.undo(detail.id, last.operation_id)  # type: ignore[union-attr]
    assert desk.action_by_code("AMB-01").due_date_changes[-1].new_due == date(2027, 6, 30)
    assert next(r for r in desk.actions() if r.code == "AMB-01").due_moves == 1


def test_acts_cited_in_notes_enter_the_register_linked_to_their_actions(service_desk: Desk) -> None:
    desk = service_desk
    edit(desk, "CUL-04", note="Approvato", act_reference="Delibera G.C. n. 45 del 12/03/2024")
    edit(desk, "CUL-05", note="Stesso atto", act_reference="delibera di giunta n. 45 del 12/3/24")
    edit(desk, "CUL-06", note="Senza numero", act_reference="verbale della commissione")
    acts = desk.acts()
    assert [(a.label, a.action_codes) for a in acts] == [("Delibera G.C. n. 45 del 12/03/2024", ("CUL-04", "CUL-05"))]
    assert desk.action_by_code("CUL-04").acts[0].act_type == "Delibera di Giunta comunale"
    assert desk.action_by_code("CUL-06").updates[0].act_reference == "verbale della commissione"  # kept as text
    added = desk.add_act(
        ActDraft("Determinazione dirigenziale", "214", date(2025, 3, 3), "Affidamento", cup="J11B21000000001"),
        (desk.action_id("BEL-02"),),
    )
    assert added.value and desk.action_by_code("BEL-02").acts[0].subject == "Affidamento"
    with pytest.raises(ValidationError, match="CUP"):
        desk.add_act(ActDraft("Ordinanza", "1", None, cup="123"))
    # the links of an act corrected: exactly the actions given, each change audited on its action
    (council,) = [a for a in desk.acts() if a.number == "45"]
    draft = ActDraft(council.act_type, council.number, council.on_date, "Progetto approvato")
    result = desk.update_act(council.id, council.version, draft, (desk.action_id("CUL-05"), desk.action_id("BEL-01")))
    assert {desk.action_id("CUL-04"), desk.action_id("BEL-01")} <= result.changes.actions
    corrected = next(a for a in desk.acts() if a.id == council.id)
    assert corrected.action_codes == ("BEL-01", "CUL-05") and corrected.subject == "Progetto approvato"
    unlinked = [e for e in desk.audit(entity="action", entity_id=desk.action_id("CUL-04")) if e.field == "act_link"]
    assert unlinked[0].old_value == council.id and unlinked[0].new_value is None


def test_missions_classify_filter_and_count(service_desk: Desk) -> None:
    desk = service_desk
    edit(desk, "CUL-04", mission="5", dup_programme="02")
    edit(desk, "BEL-01", mission="09")
    assert desk.action_by_code("CUL-04").mission == "05" and desk.action_by_code("CUL-04").dup_programme == "0502"
    assert [r.code for r in desk.actions(ActionQuery(missions=("05",)))] == ["CUL-04"]
    counted = {(m.code if m else ""): n for m, n in desk.missions()}
    assert counted["05"] == 1 and counted["09"] == 1 and counted[""] == 82
    with pytest.raises(ValidationError, match="sconosciuta"):
        edit(desk, "CUL-05", mission="42")
    with pytest.raises(ValidationError, match="non appartiene"):
        edit(desk, "CUL-05", mission="05", dup_programme="0901")


def test_snapshots_are_never_edited(service_desk: Desk) -> None:
    desk = service_desk
    meeting = desk.add_meeting(MeetingDraft("Giunta comunale", TODAY)).value
    desk.freeze_snapshot(meeting.id)
    with pytest.raises(Exception, match="append-only"), desk.db.engine.begin() as connection:
        connection.execute(text("UPDATE snapshot_action SET progress = 99"))
    with pytest.raises(Exception, match="append-only"), desk.db.engine.begin() as connection:
        connection.execute(text("DELETE FROM snapshot_action"))
    assert len(desk.snapshot(meeting.id).rows) == 84
