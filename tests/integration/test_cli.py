"""The CLI end to end, in subprocesses, on a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from valenza_desk.store.database import Database


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "valenza_desk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def ok(db: Path, *args: str) -> str:
    result = run(db, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def actions(db: Path, *args: str) -> list[dict[str, object]]:
    return json.loads(ok(db, "actions", "--json", *args))


@pytest.fixture
def cli_db(seeded_db: Database, db_path: Path) -> Path:
    """A seeded file, prepared in-process (faster); ``init`` itself is tested below."""
    seeded_db.dispose()
    return db_path


def test_init_creates_and_seeds_then_does_not_reimport(tmp_path: Path) -> None:
    db = tmp_path / "nuovo" / "cli.sqlite3"
    first = ok(db, "init")
    assert "Azioni nuove: 84" in first and str(db) in first
    assert "già presente" in ok(db, "init")
    assert len(actions(db)) == 84


def test_stakeholders_json(cli_db: Path) -> None:
    data = json.loads(ok(cli_db, "stakeholders", "--json"))
    assert [s["name"] for s in data][:3] == ["Bambini e giovani", "Under 30", "Famiglia & anziani"]
    assert sum(s["actions"] for s in data) == 84
    assert data[0]["other_names"] == ["Bambini&Ragazzi"]
    table = ok(cli_db, "stakeholders")
    assert "Terzo settore & sport" in table and "Totale azioni: 84" in table


def test_actions_json_shape_and_filters(cli_db: Path) -> None:
    rows = actions(cli_db, "--stakeholder", "Cultura")
    assert len(rows) == 8
    first = rows[0]
    for key in ("code", "number", "stakeholder", "text", "status", "progress", "lead_office", "offices", "due_date"):
        assert key in first
    assert first["due_date"] is None and first["offices"] == [] and first["status"] == "not_started"
    assert {r["code"] for r in actions(cli_db, "--search", "citta")} >= {"CUL-04"}
    assert len(actions(cli_db, "--stakeholder", "Famiglie&Anziani")) == 11


def test_assign_office_and_due_date_survives_restart(cli_db: Path) -> None:
    assert "Ufficio aggiunto" in ok(cli_db, "offices", "add", "Servizi culturali", "--head", "Dott.ssa Rossi")
    ok(cli_db, "offices", "add", "Ufficio Stampa", "--email", "stampa@comune.example.it")
    out = ok(
        cli_db,
        "set",
        "cul-04",
        "--lead-office",
        "servizi culturali",
        "--office",
        "Ufficio Stampa",
        "--due",
        "30/06/2026",
        "--status",
        "In corso",
        "--progress",
        "40",
        "--note",
        "Dossier inviato all’UNESCO",
        "--act",
        "Delibera G.C. n. 12 del 03/03/2021",
    )
    assert "CUL-04 aggiornata" in out
    # a new process reads the file again: the change is on disk
    row = next(r for r in actions(cli_db, "--office", "Servizi culturali"))
    assert row["code"] == "CUL-04"
    assert row["lead_office"] == "Servizi culturali"
    assert row["offices"] == ["Servizi culturali", "Ufficio Stampa"]
    assert row["due_date"] == "2026-06-30"
    assert (row["status"], row["progress"]) == ("in_progress", 40)
    detail = json.loads(ok(cli_db, "show", "CUL-04", "--json"))
    assert detail["updates"][0]["text"] == "Dossier inviato all’UNESCO"
    assert detail["updates"][0]["act_reference"] == "Delibera G.C. n. 12 del 03/03/2021"
    offices = json.loads(ok(cli_db, "offices", "--json"))
    assert {o["name"]: o["lead_actions"] for o in offices} == {"Servizi culturali": 1, "Ufficio Stampa": 0}


def test_completing_an_action_fills_date_and_progress(cli_db: Path) -> None:
    ok(cli_db, "set", "AMB-04", "--status", "done")
    row = next(r for r in actions(cli_db, "--status", "Completata"))
    assert row["code"] == "AMB-04" and row["progress"] == 100 and row["completed_on"] is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "CUL-04", "--progress", "150"), "tra 0 e 100"),
        (("set", "CUL-04", "--due", "31/02/2026"), "non valida"),
        (("set", "CUL-04", "--status", "finita"), "non riconosciuto"),
        (("set", "XYZ-1", "--progress", "10"), "non trovata"),
        (("set", "CUL-04", "--lead-office", "Ufficio inesistente"), "non trovato"),
        (("actions", "--stakeholder", "Marziani"), "non trovato"),
        (("offices", "remove", "Nessuno"), "non trovato"),
        (("actions", "--bogus"), "Errore"),
    ],
)
def test_errors_are_italian_without_traceback(cli_db: Path, args: tuple[str, ...], message: str) -> None:
    result = run(cli_db, *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert all(r["progress"] == 0 for r in actions(cli_db))


def test_import_program_bad_file_changes_nothing(cli_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "foto.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run(cli_db, "import-program", str(bad))
    assert result.returncode == 1
    assert "binario" in result.stderr and "Traceback" not in result.stderr
    assert len(actions(cli_db)) == 84


def test_import_program_prints_summary(cli_db: Path) -> None:
    from valenza_desk.resources import bundled_programme_path

    out = ok(cli_db, "import-program", str(bundled_programme_path()))
    assert "Azioni invariate: 84" in out and "7bis" in out


def test_office_in_use_needs_a_choice(cli_db: Path) -> None:
    ok(cli_db, "offices", "add", "Vecchio")
    ok(cli_db, "offices", "add", "Nuovo")
    ok(cli_db, "set", "CUL-01", "--lead-office", "Vecchio")
    refused = run(cli_db, "offices", "remove", "Vecchio")
    assert refused.returncode == 1 and "ancora assegnato a 1 azioni" in refused.stderr
    assert "1 azioni aggiornate" in ok(cli_db, "offices", "remove", "Vecchio", "--to", "Nuovo")
    assert actions(cli_db, "--stakeholder", "CUL")[0]["lead_office"] == "Nuovo"


def test_env_variable_chooses_the_database(tmp_path: Path) -> None:
    target = tmp_path / "da-variabile.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "valenza_desk", "init"],
        capture_output=True,
        text=True,
        env={**os.environ, "VALENZA_DESK_DB": str(target)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_read_only_option_refuses_writes(cli_db: Path) -> None:
    result = run(cli_db, "--read-only", "set", "CUL-04", "--progress", "10")
    assert result.returncode == 2 and "sola lettura" in result.stderr
    assert len(json.loads(ok(cli_db, "--read-only", "actions", "--json"))) == 84


def test_viewer_role_from_environment(cli_db: Path) -> None:
    result = run(cli_db, "set", "CUL-04", "--progress", "10", env={"VALENZA_DESK_ROLE": "viewer"})
    assert result.returncode == 1 and "consultazione" in result.stderr
