"""Browsing, filtering, searching and saving actions on a real SQLite file."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.rows import ActionEdit, ActionFilter, MilestoneRow
from valenza_desk.domain.status import Status
from valenza_desk.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from valenza_desk.services import audit, browse, editing, offices
from valenza_desk.store.database import Database

TODAY = date(2026, 11, 25)


def detail_for(db: Database, code: str):  # type: ignore[no-untyped-def]
    return browse.action_detail(db, browse.action_id_for_code(db, code))


def save(db: Database, actor: Actor, code: str, **changes: object):  # type: ignore[no-untyped-def]
    edit = ActionEdit.from_detail(detail_for(db, code))
    for name, value in changes.items():
        setattr(edit, name, value)
    return editing.save_action(db, actor, edit, TODAY)


def office(db: Database, actor: Actor, name: str) -> int:
    return offices.add_office(db, actor, offices.OfficeDraft(name)).id


def test_stakeholder_summaries_count_by_status(seeded_db: Database, actor: Actor) -> None:
    save(seeded_db, actor, "CUL-01", status=Status.IN_PROGRESS, progress=50)
    save(seeded_db, actor, "CUL-02", status=Status.DONE, progress=100, completed_on=TODAY)
    save(seeded_db, actor, "CUL-03", due_date=TODAY - timedelta(days=1))
    cultura = next(s for s in browse.stakeholder_summaries(seeded_db, TODAY) if s.name == "Cultura")
    assert cultura.total == 8
    assert cultura.by_status[Status.NOT_STARTED] == 6
    assert cultura.by_status[Status.IN_PROGRESS] == 1
    assert cultura.by_status[Status.DONE] == 1
    assert cultura.overdue == 1
    assert cultura.average_progress == pytest.approx(150 / 8)


def test_filters_by_stakeholder_status_office_and_dates(seeded_db: Database, actor: Actor) -> None:
    cultura_office = office(seeded_db, actor, "Servizi culturali")
    save(seeded_db, actor, "CUL-04", lead_office_id=cultura_office, due_date=TODAY - timedelta(days=3))
    save(seeded_db, actor, "BEL-02", support_office_ids=(cultura_office,), due_date=TODAY + timedelta(days=10))
    save(seeded_db, actor, "AMB-01", due_date=TODAY + timedelta(days=40), status=Status.IN_PROGRESS, progress=10)
    save(
        seeded_db,
        actor,
        "AMB-02",
        due_date=TODAY - timedelta(days=30),
        status=Status.DONE,
        progress=100,
        completed_on=TODAY - timedelta(days=31),
    )

    def codes(**kwargs: object) -> list[str]:
        return [r.code for r in browse.list_actions(seeded_db, ActionFilter(**kwargs), TODAY)]  # type: ignore[arg-type]

    cultura_id = browse.resolve_stakeholder(seeded_db, "cultura")
    assert codes(stakeholder_ids=(cultura_id,)) == [f"CUL-0{n}" for n in range(1, 9)]
    assert codes(office_id=cultura_office) == ["CUL-04", "BEL-02"]
    assert codes(overdue=True) == ["CUL-04"]  # AMB-02 is past due but done
    assert codes(due_within_days=30) == ["BEL-02"]
    assert codes(due_within_days=60) == ["BEL-02", "AMB-01"]
    assert codes(statuses=(Status.IN_PROGRESS, Status.DONE)) == ["AMB-01", "AMB-02"]
    assert len(codes(without_lead_office=True)) == 83
    rows = {r.code: r for r in browse.list_actions(seeded_db, ActionFilter(), TODAY)}
    assert rows["CUL-04"].overdue and rows["CUL-04"].lead_office == "Servizi culturali"
    assert rows["BEL-02"].offices == ("Servizi culturali",)


def test_search_ignores_case_and_accents(seeded_db: Database) -> None:
    def search(text: str) -> set[str]:
        return {r.code for r in browse.list_actions(seeded_db, ActionFilter(search=text))}

    found = search("citta")
    assert "CUL-04" in found  # "Valenza Città creativa"
    assert found == search("CITTÀ") == search("Città")
    assert search("unesco creativa") == {"CUL-04"}
    assert search("cul-04") == {"CUL-04"}
    assert search("100%_") == set()  # LIKE wildcards are taken literally


def test_resolving_names(seeded_db: Database, actor: Actor) -> None:
    assert browse.resolve_stakeholder(seeded_db, "Famiglie&Anziani") == browse.resolve_stakeholder(seeded_db, "FAM")
    with pytest.raises(NotFoundError, match="Stakeholder disponibili"):
        browse.resolve_stakeholder(seeded_db, "Marziani")
    with pytest.raises(NotFoundError, match="CUL-04"):
        browse.action_id_for_code(seeded_db, "XYZ-99")
    office(seeded_db, actor, "Settore Lavori Pubblici")
    assert offices.resolve_office(seeded_db, "lavori pubblici") > 0


def test_save_records_progress_update_and_audit_in_one_go(seeded_db: Database, actor: Actor) -> None:
    lead = office(seeded_db, actor, "Servizi culturali")
    support = office(seeded_db, actor, "Ufficio Stampa")
    saved = save(
        seeded_db,
        actor,
        "CUL-04",
        status=Status.IN_PROGRESS,
        progress=30,
        lead_office_id=lead,
        support_office_ids=(support, lead),
        due_date=date(2026, 12, 31),
        referent="Assessore alla Cultura",
        note="Dossier inviato",
        act_reference="Delibera G.C. n. 12 del 03/03/2021",
        milestones=(MilestoneRow(None, "Dossier", date(2026, 3, 1), None),),
    )
    assert saved.version == 2
    assert (saved.lead_office, saved.support_offices) == ("Servizi culturali", ("Ufficio Stampa",))
    assert saved.updates[0].act_reference == "Delibera G.C. n. 12 del 03/03/2021"
    assert saved.updates[0].author == actor.name
    fields = {e.field for e in audit.list_audit(seeded_db, "action", saved.id)}
    assert {"status", "progress", "lead_office", "support_offices", "due_date", "referent", "milestones"} <= fields
    assert {"note", "act_reference"} <= fields


def test_milestones_add_tick_and_remove(seeded_db: Database, actor: Actor) -> None:
    saved = save(
        seeded_db,
        actor,
        "BEL-02",
        milestones=(MilestoneRow(None, "Gara", date(2026, 1, 10), None), MilestoneRow(None, "Lavori", None, None)),
    )
    first, second = saved.milestones
    ticked = save(seeded_db, actor, "BEL-02", milestones=(MilestoneRow(first.id, "Gara", first.due_date, TODAY),))
    assert [(m.title, m.done_on) for m in ticked.milestones] == [("Gara", TODAY)]
    entries = [e.new_value for e in audit.list_audit(seeded_db, "action", saved.id) if e.field == "milestones"]
    assert any("raggiunto «Gara»" in e and "eliminato «Lavori»" in e for e in entries)
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
    ],
)
def test_invalid_values_are_refused_and_nothing_changes(
    seeded_db: Database, db_path: Path, actor: Actor, changes: dict[str, object], message: str
) -> None:
    before = detail_for(seeded_db, "CUL-04")
    with pytest.raises(ValidationError, match=message):
        save(seeded_db, actor, "CUL-04", **changes)
    assert detail_for(seeded_db, "CUL-04") == before
    assert audit.list_audit(seeded_db, "action") == []


def test_conflicting_edit_is_refused(seeded_db: Database, actor: Actor) -> None:
    opened_by_anna = detail_for(seeded_db, "CUL-04")
    save(seeded_db, Actor("mario"), "CUL-04", progress=20, status=Status.IN_PROGRESS)
    edit = ActionEdit.from_detail(opened_by_anna)
    edit.progress = 90
    with pytest.raises(ConflictError, match="modificata da mario"):
        editing.save_action(seeded_db, Actor("anna"), edit, TODAY)
    assert detail_for(seeded_db, "CUL-04").progress == 20


def test_failed_write_leaves_no_audit_entry(seeded_db: Database, actor: Actor) -> None:
    gone = office(seeded_db, actor, "Ufficio soppresso")
    row = offices.get_office(seeded_db, gone)
    offices.remove_office(seeded_db, actor, gone, row.version)
    entries_before = len(audit.list_audit(seeded_db))
    with pytest.raises(NotFoundError):
        save(seeded_db, actor, "CUL-04", lead_office_id=gone, progress=10)
    assert len(audit.list_audit(seeded_db)) == entries_before
    assert detail_for(seeded_db, "CUL-04").progress == 0


def test_nothing_changed_means_no_new_version(seeded_db: Database, actor: Actor) -> None:
    saved = save(seeded_db, actor, "CUL-04")
    assert saved.version == 1
    assert audit.list_audit(seeded_db, "action") == []


def test_viewer_cannot_write(seeded_db: Database) -> None:
    with pytest.raises(PermissionDeniedError):
        save(seeded_db, Actor("ospite", Role.VIEWER), "CUL-04", progress=10)


def test_audit_log_is_append_only(seeded_db: Database, actor: Actor, db_path: Path) -> None:
    save(seeded_db, actor, "CUL-04", progress=10, status=Status.IN_PROGRESS)
    with sqlite3.connect(db_path) as connection, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute("DELETE FROM audit_log")
    with sqlite3.connect(db_path) as connection, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        connection.execute("UPDATE audit_log SET actor = 'x'")
