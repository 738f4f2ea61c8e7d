"""Browsing, filtering, searching and saving actions through the Desk, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import TODAY
from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionDetail, ActionEdit, MilestoneRow, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from valenza_desk.services.desk import Desk


def save(desk: Desk, code: str, **changes: object) -> ActionDetail:
    edit = ActionEdit.from_detail(desk.action_by_code(code))
    for name, value in changes.items():
        setattr(edit, name, value)
    return desk.save_action(edit).value


def office(desk: Desk, name: str) -> int:
    return desk.add_office(OfficeDraft(name)).value.id


def raw_rows(desk: Desk, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """Read the database from outside the services (plain SQL on the engine)."""
    with desk.db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def codes(desk: Desk, **criteria: object) -> list[str]:
    return [r.code for r in desk.actions(ActionQuery(**criteria))]  # type: ignore[arg-type]


def test_stakeholder_summaries_count_by_status(service_desk: Desk) -> None:
    desk = service_desk
    save(desk, "CUL-01", status=Status.IN_PROGRESS, progress=50)
    save(desk, "CUL-02", status=Status.DONE, progress=100, completed_on=TODAY)
    save(desk, "CUL-03", due_date=TODAY - timedelta(days=1))
    cultura = next(s for s in desk.stakeholder_summaries() if s.name == "Cultura")
    assert cultura.total == 8
    assert cultura.by_status[Status.NOT_STARTED] == 6
    assert cultura.by_status[Status.IN_PROGRESS] == 1
    assert cultura.by_status[Status.DONE] == 1
    assert cultura.overdue == 1
    assert cultura.average_progress == pytest.approx(150 / 8)


def test_filters_by_stakeholder_status_office_and_dates(service_desk: Desk) -> None:
    desk = service_desk
    culture = office(desk, "Servizi culturali")
    save(desk, "CUL-04", lead_office_id=culture, due_date=TODAY - timedelta(days=3))
    save(desk, "BEL-02", support_office_ids=(culture,), due_date=TODAY + timedelta(days=10))
    save(desk, "AMB-01", due_date=TODAY + timedelta(days=40), status=Status.IN_PROGRESS, progress=10)
    save(
        desk,
        "AMB-02",
        due_date=TODAY - timedelta(days=30),
        status=Status.DONE,
        progress=100,
        completed_on=TODAY - timedelta(days=31),
    )
    cultura_id = desk.resolve_stakeholder("cultura")
    assert codes(desk, stakeholder_ids=(cultura_id,)) == [f"CUL-0{n}" for n in range(1, 9)]
    assert codes(desk, office_id=culture) == ["CUL-04", "BEL-02"]
    assert codes(desk, office_id=culture, lead_office_only=True) == ["CUL-04"]
    assert codes(desk, overdue=True) == ["CUL-04"]  # AMB-02 is past due but done
    assert codes(desk, due_within_days=30) == ["BEL-02"]
    assert codes(desk, due_within_days=60) == ["BEL-02", "AMB-01"]
    assert codes(desk, statuses=(Status.IN_PROGRESS, Status.DONE)) == ["AMB-01", "AMB-02"]
    assert len(codes(desk, without_lead_office=True)) == 83
    rows = {r.code: r for r in desk.actions()}
    assert rows["CUL-04"].is_overdue(TODAY) and rows["CUL-04"].lead_office == "Servizi culturali"
    assert rows["BEL-02"].offices == ("Servizi culturali",) and rows["BEL-02"].support_office_ids == (culture,)


def test_due_soon_window_is_one_setting(service_desk: Desk) -> None:
    desk = service_desk
    assert desk.due_soon_days == 30
    save(desk, "BAM-01", due_date=TODAY + timedelta(days=45))
    assert "BAM-01" not in codes(desk, due_within_days=desk.due_soon_days)
    result = desk.set_due_soon_days(60)
    assert result.changes.settings == {"due_soon_days"} and result.changes.structure
    assert desk.due_soon_days == 60
    assert "BAM-01" in codes(desk, due_within_days=desk.due_soon_days)
    assert [e.new_value for e in desk.audit("setting")] == [60]
    with pytest.raises(ValidationError, match="tra 1 e"):
        desk.set_due_soon_days(0)


def test_search_ignores_case_and_accents(service_desk: Desk) -> None:
    def search(words: str) -> set[str]:
        return set(codes(service_desk, search=words))

    found = search("citta")
    assert "CUL-04" in found  # "Valenza Città creativa"
    assert found == search("CITTÀ") == search("Città")
    assert search("unesco creativa") == {"CUL-04"}
    assert search("cul-04") == {"CUL-04"}
    assert search("100%_") == set()  # LIKE wildcards are taken literally


def test_resolving_names(service_desk: Desk) -> None:
    desk = service_desk
    assert desk.resolve_stakeholder("Famiglie&Anziani") == desk.resolve_stakeholder("FAM")
    with pytest.raises(NotFoundError, match="Stakeholder disponibili"):
        desk.resolve_stakeholder("Marziani")
    with pytest.raises(NotFoundError, match="CUL-04"):
        desk.action_id("XYZ-99")
    office(desk, "Settore Lavori Pubblici")
    assert desk.resolve_office("lavori pubblici") > 0


def test_one_save_is_one_operation_with_labelled_audit(service_desk: Desk) -> None:
    desk = service_desk
    lead = office(desk, "Servizi culturali")
    support = office(desk, "Ufficio Stampa")
    values = {v.name: v.id for v in desk.values()}
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.status, edit.progress = Status.IN_PROGRESS, 30
    edit.lead_office_id, edit.support_office_ids = lead, (support, lead)
    edit.due_date, edit.referent = date(2026, 12, 31), "Assessore alla Cultura"
    edit.value_ids = (values["Creatività"], values["Futuro"])
    edit.note, edit.act_reference = "Dossier inviato", "Delibera G.C. n. 12 del 03/03/2021"
    edit.milestones = (MilestoneRow(None, "Dossier", date(2026, 3, 1), None),)
    result = desk.save_action(edit)
    saved = result.value
    assert result.changes.actions == {saved.id} and not result.changes.structure
    assert saved.version == 2
    assert (saved.lead_office, saved.support_offices) == ("Servizi culturali", ("Ufficio Stampa",))
    assert saved.updates[0].act_reference == "Delibera G.C. n. 12 del 03/03/2021"
    assert saved.updates[0].author == desk.actor.name

    history = desk.audit("action", saved.id)
    assert [(e.operation, e.field) for e in history if e.op_id != result.operation_id] == [("create", "text")]
    entries = {e.field: e for e in history if e.op_id == result.operation_id}
    assert entries["status"].old_value == "not_started" and entries["status"].new_label == "In corso"
    assert entries["progress"].new_value == 30 and entries["progress"].new_label == "30%"
    assert entries["due_date"].new_value == "2026-12-31" and entries["due_date"].new_label == "31/12/2026"
    assert entries["lead_office"].new_value == lead and entries["lead_office"].new_label == "Servizi culturali"
    assert entries["support_offices"].new_value == [support]
    assert entries["support_offices"].new_label == "Ufficio Stampa"
    assert entries["values"].new_value == [values["Futuro"], values["Creatività"]]  # programme order
    assert entries["values"].new_label == "Futuro, Creatività"
    milestone = entries["milestone"]
    assert milestone.operation == "create" and milestone.new_value["title"] == "Dossier"  # type: ignore[index]
    assert milestone.new_label == "«Dossier» — scadenza 01/03/2026"
    assert {"note", "act_reference", "referent"} <= set(entries)
    assert entries["status"].operation_label == "Modifica dell'azione CUL-04"


def test_milestones_add_tick_and_remove(service_desk: Desk) -> None:
    desk = service_desk
    saved = save(
        desk,
        "BEL-02",
        milestones=(MilestoneRow(None, "Gara", date(2026, 1, 10), None), MilestoneRow(None, "Lavori", None, None)),
    )
    first, second = saved.milestones
    ticked = save(desk, "BEL-02", milestones=(MilestoneRow(first.id, "Gara", first.due_date, TODAY),))
    assert [(m.title, m.done_on) for m in ticked.milestones] == [("Gara", TODAY)]
    milestone_entries = [e for e in desk.audit("action", saved.id) if e.field == "milestone"]
    kinds = {(e.operation, e.old_label, e.new_label) for e in milestone_entries[:2]}
    assert ("delete", "«Lavori» — senza scadenza", "") in kinds
    assert ("update", "«Gara» — scadenza 10/01/2026", "«Gara» — scadenza 10/01/2026, raggiunto il 25/11/2026") in kinds
    assert second.id is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"progress": 101}, "tra 0 e 100"),
        ({"progress": -1}, "tra 0 e 100"),
        ({"status": Status.DONE, "progress": 100}, "data di completamento"),
        ({"status": Status.DONE, "progress": 50, "completed_on": TODAY}, "100%"),
        ({"completed_on": TODAY}, "solo per le azioni completate"),
        ({"status": Status.DONE, "progress": 100, "completed_on": TODAY + timedelta(days=1)}, "futuro"),
        ({"due_date": date(1999, 1, 1)}, "plausibile"),
        ({"milestones": (MilestoneRow(None, "  ", None, None),)}, "titolo"),
        ({"referent": "x" * 250}, "troppo lungo: 250 caratteri, al massimo 200"),
        ({"referent": "Assessore\x00"}, "NUL"),
        ({"act_reference": "Delibera " * 40}, "Atto"),
        ({"note": "n" * 10_001}, "Nota di avanzamento"),
        ({"milestones": (MilestoneRow(None, "t" * 501, None, None),)}, "Traguardo"),
    ],
)
def test_invalid_values_are_refused_the_same_on_both_engines(
    service_desk: Desk, changes: dict[str, object], message: str
) -> None:
    before = service_desk.action_by_code("CUL-04")
    with pytest.raises(ValidationError, match=message):
        save(service_desk, "CUL-04", **changes)
    assert service_desk.action_by_code("CUL-04") == before
    assert [e.operation for e in service_desk.audit("action", before.id)] == ["create"]  # the import only


def test_long_texts_within_the_limits_are_stored_whole(service_desk: Desk) -> None:
    note = "Relazione dettagliata à è ì ò ù ’ “ ” 🙂 <b>&amp; " * 200
    saved = save(service_desk, "CUL-04", referent="r" * 200, note=note[:10_000], notes="n" * 20_000)
    assert saved.referent == "r" * 200 and len(saved.notes) == 20_000
    assert saved.updates[0].text == note[:10_000].strip()


def test_conflicting_edit_is_refused(service_desk: Desk) -> None:
    desk = service_desk
    opened_by_anna = desk.action_by_code("CUL-04")
    mario = Desk(desk.db, Actor("mario"), desk.clock)
    save(mario, "CUL-04", progress=20, status=Status.IN_PROGRESS)
    edit = ActionEdit.from_detail(opened_by_anna)
    edit.progress = 90
    with pytest.raises(ConflictError, match="modificata da mario"):
        Desk(desk.db, Actor("anna"), desk.clock).save_action(edit)
    assert desk.action_by_code("CUL-04").progress == 20


def test_failed_write_leaves_no_audit_entry(service_desk: Desk) -> None:
    desk = service_desk
    gone = office(desk, "Ufficio soppresso")
    desk.remove_office(gone, desk.office(gone).version)
    entries_before = len(desk.audit())
    with pytest.raises(NotFoundError):
        save(desk, "CUL-04", lead_office_id=gone, progress=10)
    assert len(desk.audit()) == entries_before
    assert desk.action_by_code("CUL-04").progress == 0


def test_nothing_changed_means_no_new_version_and_no_operation(service_desk: Desk) -> None:
    result = service_desk.save_action(ActionEdit.from_detail(service_desk.action_by_code("CUL-04")))
    assert result.value.version == 1 and result.changes.empty and result.operation_id is None
    assert [e.operation for e in service_desk.audit("action", result.value.id)] == ["create"]


def test_viewer_cannot_write(service_desk: Desk) -> None:
    viewer = Desk(service_desk.db, Actor("ospite", Role.CONSULTAZIONE), service_desk.clock)
    with pytest.raises(PermissionDeniedError, match="consultazione"):
        save(viewer, "CUL-04", progress=10)
    with pytest.raises(PermissionDeniedError):
        viewer.add_office(OfficeDraft("Ufficio"))


def test_audit_values_are_json_data_in_the_database(service_desk: Desk) -> None:
    save(service_desk, "CUL-04", progress=10, status=Status.IN_PROGRESS, due_date=date(2027, 3, 31))
    stored = raw_rows(
        service_desk,
        "SELECT field, old_value, new_value, new_label FROM audit_log WHERE entity = 'action' ORDER BY field",
    )
    decoded = {field: (json.loads(old), json.loads(new), label) for field, old, new, label in stored}
    assert decoded["due_date"] == (None, "2027-03-31", "31/03/2027")
    assert decoded["progress"] == (0, 10, "10%")
    assert raw_rows(service_desk, "SELECT COUNT(*) FROM audit_operation WHERE name = 'save_action'") == [(1,)]


def test_audit_log_is_append_only_on_sqlite(desk: Desk, db_path: Path) -> None:
    save(desk, "CUL-04", progress=10, status=Status.IN_PROGRESS)
    with sqlite3.connect(db_path) as connection, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute("DELETE FROM audit_log")
    with sqlite3.connect(db_path) as connection, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute("UPDATE audit_log SET actor = 'x'")


def test_the_clock_decides_what_is_overdue(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    save(desk, "CUL-04", due_date=TODAY)
    assert codes(desk, overdue=True) == []
    clock.advance(1)
    assert codes(desk, overdue=True) == ["CUL-04"]
    assert next(s for s in desk.stakeholder_summaries() if s.code == "CUL").overdue == 1
