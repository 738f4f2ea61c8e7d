"""Bulk edits, Undo of the last save and act suggestions, through the Desk on both engines."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import TODAY
from valenza_desk.domain.actor import Actor
from valenza_desk.domain.acts import DETERMINATION, ActDraft
from valenza_desk.domain.bulk import KEEP, BulkChange
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionEdit, MilestoneRow, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError, ValidationError
from valenza_desk.services.desk import Desk
from valenza_desk.text import DateInputError, parse_user_date

EIGHT = ("CUL-01", "CUL-02", "CUL-03", "CUL-04", "BEL-01", "BEL-02", "BEL-03", "BEL-04")


def targets(desk: Desk, codes: tuple[str, ...]) -> list[tuple[int, int]]:
    rows = {r.code: r for r in desk.actions()}
    return [(rows[c].id, rows[c].version) for c in codes]


def test_bulk_edit_gives_eight_actions_office_due_date_and_one_note(service_desk: Desk) -> None:
    desk = service_desk
    office = desk.add_office(OfficeDraft("Settore Cultura")).value.id
    helper = desk.add_office(OfficeDraft("Ufficio Stampa")).value.id
    values = {v.name: v.id for v in desk.values()}
    change = BulkChange(
        lead_office_id=office,
        add_support_office_id=helper,
        due_date=parse_user_date("31/3/27"),
        add_value_ids=(values["Creatività"],),
        note="Avvio delle attività",
        act_reference="Delibera G.C. n. 45 del 12/03/2024",
    )
    result = desk.bulk_edit(targets(desk, EIGHT), change)
    assert result.value == 8 and len(result.changes.actions) == 8
    rows = {r.code: r for r in desk.actions(ActionQuery(office_id=office, lead_office_only=True))}
    assert sorted(rows) == sorted(EIGHT)
    for code in EIGHT:
        detail = desk.action_by_code(code)
        assert (detail.lead_office, detail.support_offices, detail.due_date) == (
            "Settore Cultura",
            ("Ufficio Stampa",),
            date(2027, 3, 31),
        )
        assert detail.values == ("Creatività",) and detail.version == 2
        assert detail.updates[0].act_reference == "Delibera G.C. n. 45 del 12/03/2024"
    # one operation, audited per action
    entries = [e for e in desk.audit("action", limit=None) if e.op_id == result.operation_id]
    assert {e.entity_label for e in entries} == set(EIGHT)
    assert entries[0].operation_label.startswith("Modifica di 8 azioni: ufficio responsabile Settore Cultura")
    assert desk.recent_acts()[0] == "Delibera G.C. n. 45 del 12/03/2024"


def test_bulk_edit_is_all_or_nothing_and_names_the_conflicting_action(service_desk: Desk) -> None:
    desk = service_desk
    chosen = targets(desk, EIGHT)
    other = Desk(desk.db, Actor("mario"), desk.clock)
    edit = ActionEdit.from_detail(other.action_by_code("BEL-02"))
    edit.referent = "Sindaco"
    other.save_action(edit)
    with pytest.raises(ConflictError, match=r"BEL-02 è stata modificata da mario.*Nessuna delle 8 azioni"):
        desk.bulk_edit(chosen, BulkChange(status=Status.IN_PROGRESS))
    assert all(desk.action_by_code(c).status is Status.NOT_STARTED for c in EIGHT)
    with pytest.raises(ValidationError, match="almeno una modifica"):
        desk.bulk_edit(chosen, BulkChange())


def test_bulk_done_sets_completion_and_refuses_what_a_rule_forbids(service_desk: Desk) -> None:
    desk = service_desk
    result = desk.bulk_edit(targets(desk, EIGHT[:2]), BulkChange(status=Status.DONE))
    assert result.value == 2
    done = desk.action_by_code("CUL-01")
    assert (done.status, done.progress, done.completed_on) == (Status.DONE, 100, TODAY)
    inactive = desk.add_office(OfficeDraft("Ufficio chiuso", active=False)).value.id
    with pytest.raises(ValidationError, match="non è attivo"):
        desk.bulk_edit(targets(desk, EIGHT), BulkChange(lead_office_id=inactive))
    with pytest.raises(ValidationError, match="troppo lungo"):
        desk.bulk_edit(targets(desk, EIGHT), BulkChange(referent="x" * 300))
    assert desk.action_by_code("CUL-03").lead_office == ""
    # None clears, KEEP leaves as is
    desk.bulk_edit(targets(desk, EIGHT[:1]), BulkChange(due_date=date(2027, 1, 1)))
    desk.bulk_edit(targets(desk, EIGHT[:1]), BulkChange(due_date=None, lead_office_id=KEEP))
    assert desk.action_by_code("CUL-01").due_date is None


def test_undo_takes_back_the_last_save_whole(service_desk: Desk) -> None:
    desk = service_desk
    office = desk.add_office(OfficeDraft("Settore Cultura")).value.id
    values = {v.name: v.id for v in desk.values()}
    first = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    first.lead_office_id, first.due_date = office, date(2026, 12, 31)
    first.milestones = (MilestoneRow(None, "Dossier", date(2026, 3, 1), None),)
    before = desk.save_action(first).value

    second = ActionEdit.from_detail(before)
    second.status, second.progress = Status.IN_PROGRESS, 40
    second.due_date, second.lead_office_id = date(2027, 6, 30), None
    second.value_ids = (values["Futuro"],)
    second.note, second.act_reference = "Avviato", "Determina n. 3"
    second.milestones = (
        MilestoneRow(before.milestones[0].id, "Dossier", date(2026, 3, 1), TODAY),
        MilestoneRow(None, "Esito", None, None),
    )
    saved = desk.save_action(second)
    change = desk.last_change(before.id)
    assert change is not None and change.operation_id == saved.operation_id and change.undoable

    undone = desk.undo(before.id, change.operation_id).value
    assert (undone.status, undone.progress, undone.due_date, undone.lead_office) == (
        Status.NOT_STARTED,
        0,
        date(2026, 12, 31),
        "Settore Cultura",
    )
    assert undone.values == () and [(m.title, m.done_on) for m in undone.milestones] == [("Dossier", None)]
    assert [u.text for u in undone.updates] == [u.text for u in before.updates]  # the note is gone too
    assert undone.version == saved.value.version + 1
    redo = desk.last_change(before.id)
    assert redo is not None and redo.label == "Annullamento dell'ultima modifica di CUL-04"
    assert not redo.undoable and "non si possono ripristinare" in redo.reason  # notes cannot come back


def test_undo_is_refused_after_someone_else_changed_the_action(service_desk: Desk) -> None:
    desk = service_desk
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.progress, edit.status = 20, Status.IN_PROGRESS
    mine = desk.save_action(edit)
    other = Desk(desk.db, Actor("mario"), desk.clock)
    theirs = ActionEdit.from_detail(other.action_by_code("CUL-04"))
    theirs.referent = "Sindaco"
    other.save_action(theirs)
    with pytest.raises(ConflictError, match="modificata di nuovo"):
        desk.undo(mine.value.id, mine.operation_id or 0)
    assert desk.action_by_code("CUL-04").referent == "Sindaco"


def test_an_import_is_not_undone_from_an_action(service_desk: Desk) -> None:
    change = service_desk.last_change(service_desk.action_id("CUL-04"))
    assert change is not None and not change.undoable and "non è un salvataggio" in change.reason


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31/3/27", date(2027, 3, 31)),
        ("31/03/2027", date(2027, 3, 31)),
        ("1.4.2027", date(2027, 4, 1)),
        ("2027-03-31", date(2027, 3, 31)),
        (" 29/2/28 ", date(2028, 2, 29)),
    ],
)
def test_typed_dates(typed: str, expected: date) -> None:
    assert parse_user_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2027", "febbraio 2027 non ha il giorno 31"),
        ("28/04/1", "non è una data"),
        ("13/13/2027", "il mese deve essere tra 1 e 12"),
        ("nessuna scadenza30062026", "non è una data"),
    ],
)
def test_impossible_dates_are_refused_never_changed(typed: str, message: str) -> None:
    with pytest.raises(DateInputError, match=message):
        parse_user_date(typed)


def test_recent_acts_are_suggested_most_recent_first(service_desk: Desk) -> None:
    desk = service_desk
    for code, act in (
        ("CUL-01", "Delibera G.C. n. 1"),
        ("CUL-02", "Delibera G.C. n. 2"),
        ("CUL-03", "Delibera G.C. n. 1"),
    ):
        edit = ActionEdit.from_detail(desk.action_by_code(code))
        edit.note, edit.act_reference = "x", act
        desk.save_action(edit)
    assert desk.recent_acts()[:2] == ["Delibera G.C. n. 1", "Delibera G.C. n. 2"]
    # an act of the register not cited in a note yet comes after them; the cited ones only once
    desk.add_act(ActDraft(DETERMINATION, "77", date(2026, 10, 1), "Affidamento del servizio"))
    assert desk.recent_acts() == ["Delibera G.C. n. 1", "Delibera G.C. n. 2", "Determinazione n. 77 del 01/10/2026"]
