"""Importing the programme into a real SQLite file: counts, narratives, re-import rules."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SEED
from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionEdit, ActionFilter
from valenza_desk.domain.status import Status
from valenza_desk.errors import ProgrammeFormatError
from valenza_desk.services import browse, editing, offices, programme
from valenza_desk.services.setup import ensure_programme
from valenza_desk.store.database import Database

EXPECTED = {
    "Bambini e giovani": 5,
    "Under 30": 6,
    "Famiglia & anziani": 11,
    "Imprese e lavoro": 13,
    "Cultura": 8,
    "Bellezza": 9,
    "Terzo settore & sport": 11,
    "Ambiente & salute": 13,
    "Dipendenti comunali": 8,
}


def table_counts(path: Path) -> dict[str, int]:
    """Rows of the real file counted with sqlite3 directly, not through the services."""
    with sqlite3.connect(path) as connection:
        return dict(
            connection.execute(
                "SELECT s.name, COUNT(a.id) FROM stakeholder s LEFT JOIN action a ON a.stakeholder_id = s.id "
                "GROUP BY s.id ORDER BY s.position"
            ).fetchall()
        )


def test_first_start_imports_the_whole_programme(empty_db: Database, db_path: Path, actor: Actor) -> None:
    summary = ensure_programme(empty_db, actor)
    assert summary is not None
    assert summary.actions_added == 84
    assert summary.per_stakeholder == EXPECTED
    assert table_counts(db_path) == EXPECTED
    assert ensure_programme(empty_db, actor) is None  # second start: nothing to do
    assert table_counts(db_path) == EXPECTED


def test_stakeholders_values_and_programme_info(seeded_db: Database) -> None:
    info = programme.programme_info(seeded_db)
    assert info is not None
    assert (info.title, info.coalition, info.mayor) == (
        "Programma elettorale 2020-2025",
        "Valenza Futura",
        "Luca Ballerini",
    )
    assert len(info.source_sha256) == 64
    values = programme.list_values(seeded_db)
    assert len(values) == 7 and values[3].name == "Solidarietà"
    stakeholders = programme.list_stakeholders(seeded_db)
    assert [s.code for s in stakeholders] == ["BAM", "U30", "FAM", "IMP", "CUL", "BEL", "TER", "AMB", "DIP"]
    assert all(s.narrative for s in stakeholders)
    assert stakeholders[0].aliases == ("Bambini&Ragazzi",)


def test_every_action_has_a_distinct_stable_code(seeded_db: Database) -> None:
    rows = browse.list_actions(seeded_db)
    codes = [r.code for r in rows]
    assert len(codes) == len(set(codes)) == 84
    bellezza = [r for r in rows if r.stakeholder == "Bellezza"]
    assert [r.number for r in bellezza][6:8] == ["7", "7"]
    assert [r.code for r in bellezza][6:8] == ["BEL-07", "BEL-07bis"]


def test_reimport_same_text_duplicates_nothing(seeded_db: Database, db_path: Path, actor: Actor) -> None:
    before = {r.code: r.version for r in browse.list_actions(seeded_db)}
    summary = programme.import_programme_file(seeded_db, actor, SEED)
    assert (summary.actions_added, summary.actions_updated, summary.actions_unchanged) == (0, 0, 84)
    assert {r.code: r.version for r in browse.list_actions(seeded_db)} == before
    assert table_counts(db_path) == EXPECTED


def test_reimport_updated_text_keeps_user_work(seeded_db: Database, actor: Actor, tmp_path: Path) -> None:
    office = offices.add_office(seeded_db, actor, offices.OfficeDraft("Servizi culturali"))
    cul4 = browse.action_detail(seeded_db, browse.action_id_for_code(seeded_db, "CUL-04"))
    edit = ActionEdit.from_detail(cul4)
    edit.lead_office_id, edit.due_date, edit.status, edit.progress = (
        office.id,
        date(2026, 6, 30),
        Status.IN_PROGRESS,
        40,
    )
    editing.save_action(seeded_db, actor, edit)

    source = SEED.read_text(encoding="utf-8")
    updated = source.replace(
        "4 | Sostegno alla candidatura Unesco di Valenza Città creativa |",
        "4 | Sostegno alla candidatura Unesco di Valenza Città creativa e al suo rinnovo |",
    ).replace(
        "8 | Riconoscimenti per gli studenti meritevoli",
        "9 | Nuova azione aggiunta dal Consiglio |\n8 | Riconoscimenti per gli studenti meritevoli",
    )
    updated = updated.replace(
        "5 | Maggiore fruizione del Teatro Comunale con specifici interventi di manutenzione |\n", ""
    )
    path = tmp_path / "programma-aggiornato.txt"
    path.write_text(updated, encoding="utf-8")

    summary = programme.import_programme_file(seeded_db, actor, path)
    assert summary.actions_added == 1
    assert summary.actions_updated == 1
    assert summary.actions_missing_from_source == 1
    assert any("CUL-05" in w for w in summary.warnings)

    after = browse.action_detail(seeded_db, cul4.id)
    assert after.text.endswith("e al suo rinnovo")
    assert (after.lead_office, after.due_date, after.status, after.progress) == (
        "Servizi culturali",
        date(2026, 6, 30),
        Status.IN_PROGRESS,
        40,
    )
    cultura = browse.list_actions(seeded_db, ActionFilter(stakeholder_ids=(cul4.stakeholder_id,)))
    assert len(cultura) == 9  # 8 kept (one no longer in the text) + 1 new
    assert "CUL-09" in {r.code for r in cultura}


def test_reimport_never_overwrites_text_edited_in_the_database(
    seeded_db: Database, db_path: Path, actor: Actor, tmp_path: Path
) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE action SET text = 'Testo corretto a mano' WHERE code = 'CUL-03'")
    path = tmp_path / "p.txt"
    path.write_text(
        SEED.read_text(encoding="utf-8").replace("Permanente della creatività |", "Permanente della creatività 2.0 |"),
        encoding="utf-8",
    )
    summary = programme.import_programme_file(seeded_db, actor, path)
    assert summary.actions_kept_user_text == 1
    detail = browse.action_detail(seeded_db, browse.action_id_for_code(seeded_db, "CUL-03"))
    assert detail.text == "Testo corretto a mano"


def test_bad_file_changes_nothing(seeded_db: Database, db_path: Path, actor: Actor, tmp_path: Path) -> None:
    before = db_path.read_bytes()
    bad = tmp_path / "verbale.txt"
    bad.write_text("Verbale della seduta del 3 marzo.\nNessuna tabella.\n", encoding="utf-8")
    with pytest.raises(ProgrammeFormatError, match="non sembra un programma"):
        programme.import_programme_file(seeded_db, actor, bad)
    seeded_db.dispose()
    assert table_counts(db_path) == EXPECTED
    assert len(before) > 0


def test_viewer_cannot_import(empty_db: Database) -> None:
    from valenza_desk.domain.actor import Role
    from valenza_desk.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError, match="consultazione"):
        programme.import_programme_file(empty_db, Actor("ospite", Role.VIEWER), SEED)
    assert programme.is_empty(empty_db)
