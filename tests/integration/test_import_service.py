"""Importing programmes through the Desk: counts, narratives, re-import rules, a second mandate
beside the first, per-action audit, truncated files (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import SEED
from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionEdit, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.errors import PermissionDeniedError, ProgrammeFormatError
from valenza_desk.importers.programme_text import read_programme_file
from valenza_desk.services.desk import Desk

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
NEXT_MANDATE = "2025-2030"


def table_counts(desk: Desk, programme_id: int | None = None) -> dict[str, int]:
    """Rows counted with plain SQL on the engine, not through the services."""
    with desk.db.engine.connect() as connection:
        return dict(
            connection.execute(
                text(
                    "SELECT s.name, COUNT(a.id) FROM stakeholder s LEFT JOIN action a ON a.stakeholder_id = s.id "
                    "WHERE s.programme_id = :p GROUP BY s.id, s.name, s.position ORDER BY s.position"
                ),
                {"p": programme_id or desk.programme_id},
            ).all()
        )


def import_file(desk: Desk, path: Path):  # type: ignore[no-untyped-def]
    return desk.import_programme(read_programme_file(path)).value


def next_mandate_text(tmp_path: Path, replace: dict[str, str] | None = None) -> Path:
    """The bundled programme as if published for the next mandate (another period in its title)."""
    source = SEED.read_text(encoding="utf-8").replace("Programma elettorale 2020-2025", f"Programma {NEXT_MANDATE}")
    for old, new in (replace or {}).items():
        source = source.replace(old, new)
    path = tmp_path / "programma-2025-2030.txt"
    path.write_text(source, encoding="utf-8")
    return path


def test_first_start_imports_the_whole_programme_with_one_audit_entry_per_action(engine_desk: Desk) -> None:
    desk = engine_desk
    summary = desk.seed()
    assert summary is not None and summary.new_programme
    assert summary.actions_added == 84
    assert summary.per_stakeholder == EXPECTED
    assert table_counts(desk) == EXPECTED
    assert desk.seed() is None  # second start: nothing to do
    created = [e for e in desk.audit("action", limit=None) if e.operation == "create"]
    assert len(created) == 84 and len({e.op_id for e in created}) == 1
    assert created[-1].operation_label == "Importazione di programma-elettorale-2020-2025.txt"


def test_programme_values_and_stakeholders(service_desk: Desk) -> None:
    info = service_desk.programme()
    assert info is not None and info.current
    assert (info.title, info.period, info.coalition, info.mayor, info.actions) == (
        "Programma elettorale 2020-2025",
        "2020-2025",
        "Valenza Futura",
        "Luca Ballerini",
        84,
    )
    assert len(info.source_sha256) == 64
    values = service_desk.values()
    assert len(values) == 7 and values[3].name == "Solidarietà"
    stakeholders = service_desk.stakeholders()
    assert [s.code for s in stakeholders] == ["BAM", "U30", "FAM", "IMP", "CUL", "BEL", "TER", "AMB", "DIP"]
    assert all(s.narrative for s in stakeholders)
    assert stakeholders[0].aliases == ("Bambini&Ragazzi",)


def test_every_action_has_a_distinct_stable_code(service_desk: Desk) -> None:
    rows = service_desk.actions()
    codes = [r.code for r in rows]
    assert len(codes) == len(set(codes)) == 84
    bellezza = [r for r in rows if r.stakeholder == "Bellezza"]
    assert [r.number for r in bellezza][6:8] == ["7", "7"]
    assert [r.code for r in bellezza][6:8] == ["BEL-07", "BEL-07bis"]


def test_reimport_same_text_duplicates_nothing_and_audits_nothing_per_action(service_desk: Desk) -> None:
    before = {r.code: r.version for r in service_desk.actions()}
    entries_before = len(service_desk.audit("action", limit=None))
    summary = import_file(service_desk, SEED)
    assert not summary.new_programme
    assert (summary.actions_added, summary.actions_updated, summary.actions_unchanged) == (0, 0, 84)
    assert {r.code: r.version for r in service_desk.actions()} == before
    assert table_counts(service_desk) == EXPECTED
    assert len(service_desk.audit("action", limit=None)) == entries_before
    assert len(service_desk.programmes()) == 1


def test_reimport_updated_text_keeps_user_work(service_desk: Desk, tmp_path: Path) -> None:
    desk = service_desk
    office = desk.add_office(OfficeDraft("Servizi culturali")).value
    cul4 = desk.action_by_code("CUL-04")
    edit = ActionEdit.from_detail(cul4)
    edit.lead_office_id, edit.due_date, edit.status, edit.progress = (
        office.id,
        date(2026, 6, 30),
        Status.IN_PROGRESS,
        40,
    )
    desk.save_action(edit)

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

    result = desk.import_programme(read_programme_file(path))
    summary = result.value
    assert summary.actions_added == 1
    assert summary.actions_updated == 1
    assert summary.actions_missing_from_source == 1
    assert any("CUL-05" in w for w in summary.warnings)

    after = desk.action(cul4.id)
    assert after.text.endswith("e al suo rinnovo")
    assert (after.lead_office, after.due_date, after.status, after.progress) == (
        "Servizi culturali",
        date(2026, 6, 30),
        Status.IN_PROGRESS,
        40,
    )
    cultura = desk.actions(ActionQuery(stakeholder_ids=(cul4.stakeholder_id,)))
    assert len(cultura) == 9  # 8 kept (one no longer in the text) + 1 new
    assert "CUL-09" in {r.code for r in cultura}
    # one audited change per action touched, all in the import's operation
    touched = [e for e in desk.audit("action", limit=None) if e.op_id == result.operation_id]
    assert sorted((e.entity_label, e.operation, e.field) for e in touched) == [
        ("CUL-04", "import", "text"),
        ("CUL-09", "create", "text"),
    ]
    text_change = next(e for e in touched if e.entity_label == "CUL-04")
    assert text_change.new_value == "Sostegno alla candidatura Unesco di Valenza Città creativa e al suo rinnovo"
    # CUL-06 and CUL-07 moved up a place: their rows change (order), not their content (no new version)
    assert result.changes.actions == {desk.action_id(c) for c in ("CUL-04", "CUL-06", "CUL-07", "CUL-09")}
    assert desk.action_by_code("CUL-06").version == 1


def test_reimport_never_overwrites_text_edited_in_the_database(service_desk: Desk, tmp_path: Path) -> None:
    with service_desk.db.engine.begin() as connection:
        connection.execute(text("UPDATE action SET text = 'Testo corretto a mano' WHERE code = 'CUL-03'"))
    path = tmp_path / "p.txt"
    path.write_text(
        SEED.read_text(encoding="utf-8").replace("Permanente della creatività |", "Permanente della creatività 2.0 |"),
        encoding="utf-8",
    )
    summary = import_file(service_desk, path)
    assert summary.actions_kept_user_text == 1
    assert service_desk.action_by_code("CUL-03").text == "Testo corretto a mano"


def test_next_mandate_goes_in_beside_the_first(service_desk: Desk, tmp_path: Path) -> None:
    desk = service_desk
    first = desk.programme()
    assert first is not None
    office = desk.add_office(OfficeDraft("Settore Cultura")).value
    edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
    edit.lead_office_id, edit.status, edit.progress = office.id, Status.IN_PROGRESS, 60
    desk.save_action(edit)

    result = desk.import_programme(read_programme_file(next_mandate_text(tmp_path)))
    summary = result.value
    assert summary.new_programme and summary.period == NEXT_MANDATE and summary.actions_added == 84
    assert result.changes.programmes == {summary.programme_id}
    programmes = desk.programmes()
    assert [(p.period, p.actions, p.current) for p in programmes] == [
        (NEXT_MANDATE, 84, True),
        ("2020-2025", 84, False),
    ]
    assert desk.programme_id == summary.programme_id  # the desk now looks at the new mandate
    # codes are unique within a programme: CUL-04 exists in both, each with its own state
    assert desk.action_by_code("CUL-04").status is Status.NOT_STARTED
    old = desk.for_programme(first.id)
    kept = old.action_by_code("CUL-04")
    assert (kept.status, kept.progress, kept.lead_office) == (Status.IN_PROGRESS, 60, "Settore Cultura")
    assert len(old.actions()) == 84 and len(desk.actions()) == 84
    assert table_counts(old) == EXPECTED == table_counts(desk)
    assert [o.name for o in desk.offices()] == ["Settore Cultura"]  # offices are shared
    assert desk.offices()[0].lead_count == 0 and old.offices()[0].lead_count == 1
    assert desk.resolve_programme("2020-2025") == first.id and desk.resolve_programme(str(first.id)) == first.id
    # the same period again updates that programme
    again = desk.import_programme(read_programme_file(next_mandate_text(tmp_path))).value
    assert not again.new_programme and again.programme_id == summary.programme_id and again.actions_unchanged == 84
    assert len(desk.programmes()) == 2


def test_unknown_programme_is_named(service_desk: Desk) -> None:
    from valenza_desk.errors import NotFoundError

    with pytest.raises(NotFoundError, match="Programmi presenti: 2020-2025"):
        service_desk.resolve_programme("2030-2035")


def test_truncated_last_row_is_reported_and_not_applied(engine_desk: Desk, tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    last_row = max(n for n, line in enumerate(lines) if line.rstrip().endswith("|"))
    cut = tmp_path / "troncato.txt"  # the file ends in the middle of the last table row
    cut.write_text("\n".join([*lines[:last_row], lines[last_row][: len(lines[last_row]) // 2]]), encoding="utf-8")
    summary = import_file(engine_desk, cut)
    assert summary.actions_added == 83
    assert any("non termina con «|»" in w and "troncato" in w for w in summary.warnings)
    full = import_file(engine_desk, SEED)  # the whole text afterwards adds the missing action
    assert full.actions_added == 1
    last_code = engine_desk.actions()[-1].code
    before = engine_desk.action_by_code(last_code).text
    again = import_file(engine_desk, cut)  # a truncated text never cuts an existing action's text
    assert again.actions_updated == 0 and engine_desk.action_by_code(last_code).text == before


def test_bad_file_changes_nothing(service_desk: Desk, tmp_path: Path) -> None:
    bad = tmp_path / "verbale.txt"
    bad.write_text("Verbale della seduta del 3 marzo.\nNessuna tabella.\n", encoding="utf-8")
    with pytest.raises(ProgrammeFormatError, match="non sembra un programma"):
        import_file(service_desk, bad)
    assert table_counts(service_desk) == EXPECTED


def test_viewer_cannot_import(engine_desk: Desk) -> None:
    viewer = Desk(engine_desk.db, Actor("ospite", Role.CONSULTAZIONE), engine_desk.clock)
    with pytest.raises(PermissionDeniedError, match="consultazione"):
        import_file(viewer, SEED)
    assert viewer.is_empty() and viewer.programmes() == []
