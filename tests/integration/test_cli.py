"""The CLI end to end, in subprocesses, on a real database (a SQLite file, and a PostgreSQL
database too when VALENZA_DESK_TEST_PG names a server)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from valenza_desk.services.desk import Desk

# The keys of ``actions --json``: scripts read them, they do not change.
ACTION_KEYS = {
    "code",
    "number",
    "stakeholder",
    "text",
    "status",
    "status_label",
    "progress",
    "lead_office",
    "offices",
    "support_offices",
    "referent",
    "due_date",
    "completed_on",
    "overdue",
    "version",
}


def run(
    db: str | Path | None, *args: str, env: dict[str, str] | None = None, **popen: object
) -> subprocess.CompletedProcess[str]:
    """``python -m valenza_desk [--db DB] ARGS`` in a new process."""
    where = ["--db", str(db)] if db is not None else []
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "valenza_desk", *where, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        timeout=180,
        check=False,
        **popen,
    )


def ok(db: str | Path | None, *args: str, env: dict[str, str] | None = None) -> str:
    result = run(db, *args, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def failed(db: str | Path | None, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A run that must fail with one Italian line and no traceback."""
    result = run(db, *args, env=env)
    assert result.returncode != 0, result.stdout
    assert result.stderr.startswith("Errore"), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result


def actions(db: str | Path, *args: str) -> list[dict[str, object]]:
    return json.loads(ok(db, "actions", "--json", *args))


def desk_target(desk: Desk) -> str:
    """What to pass to ``--db`` for a Desk's database: the file, or the server URL."""
    return str(desk.db.path) if desk.db.path is not None else desk.db.url


@pytest.fixture
def cli_db(service_desk: Desk) -> str:
    """The seeded programme, prepared in-process (faster), on each engine; ``init`` is tested below."""
    target = desk_target(service_desk)
    service_desk.close()
    return target


def test_init_creates_and_seeds_then_does_not_reimport(tmp_path: Path) -> None:
    db = tmp_path / "nuovo" / "cli.sqlite3"
    first = ok(db, "init")
    assert "Azioni nuove: 84" in first and str(db) in first
    assert "Nuovo programma: Programma elettorale" in first
    assert "già presente" in ok(db, "init")
    assert len(actions(db)) == 84


def test_help_is_italian_and_names_no_mandate() -> None:
    out = ok(None, "--help")
    assert out.startswith("uso: valenza-desk")
    assert "programmes" in out and "Senza comando apre la finestra" in out
    assert "2020" not in out and "Ballerini" not in out
    assert "--programme" in ok(None, "actions", "--help")


def test_no_command_opens_the_window(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import valenza_desk.ui.app
    from valenza_desk.cli import main

    opened: list[str | None] = []
    monkeypatch.setattr(valenza_desk.ui.app, "run_app", lambda target: opened.append(target) or 7)
    assert main(["--db", str(tmp_path / "finestra.sqlite3")]) == 7
    assert opened == [str(tmp_path / "finestra.sqlite3")]


def test_entry_point_is_cli_main() -> None:
    from importlib.metadata import entry_points

    from valenza_desk import cli

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "valenza-desk"]
    assert script.value == "valenza_desk.cli:main"
    assert script.load() is cli.main


def test_stakeholders_json(cli_db: str) -> None:
    data = json.loads(ok(cli_db, "stakeholders", "--json"))
    assert [s["name"] for s in data][:3] == ["Bambini e giovani", "Under 30", "Famiglia & anziani"]
    assert sum(s["actions"] for s in data) == 84
    assert data[0]["other_names"] == ["Bambini&Ragazzi"]
    assert set(data[0]["by_status"]) == {"not_started", "in_progress", "done", "suspended", "dropped"}
    table = ok(cli_db, "stakeholders")
    assert "Terzo settore & sport" in table and "Totale azioni: 84" in table


def test_actions_json_shape_and_filters(cli_db: str) -> None:
    rows = actions(cli_db, "--stakeholder", "Cultura")
    assert len(rows) == 8
    first = rows[0]
    assert set(first) == ACTION_KEYS
    assert first["code"] == "CUL-01" and first["stakeholder"] == "Cultura" and first["version"] == 1
    assert first["due_date"] is None and first["offices"] == [] and first["status"] == "not_started"
    assert first["status_label"] == "Da avviare" and first["overdue"] is False
    assert {r["code"] for r in actions(cli_db, "--search", "citta")} >= {"CUL-04"}
    assert len(actions(cli_db, "--stakeholder", "Famiglie&Anziani")) == 11
    assert actions(cli_db, "--stakeholder", "Cultura", "--overdue") == []
    table = ok(cli_db, "actions", "--stakeholder", "Cultura")
    assert table.splitlines()[0].startswith("Codice") and "CUL-04" in table and table.endswith("8 azioni\n")


def test_assign_office_and_due_date_survives_restart(cli_db: str) -> None:
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
        "30/06/2020",
        "--status",
        "In corso",
        "--progress",
        "40",
        "--note",
        "Dossier inviato all’UNESCO",
        "--act",
        "Delibera G.C. n. 12 del 03/03/2021",
    )
    assert "CUL-04 aggiornata" in out and "Scadenza: 30/06/2020" in out
    # a new process reads the database again: the change is stored
    (row,) = actions(cli_db, "--office", "Servizi culturali")
    assert row["code"] == "CUL-04"
    assert row["lead_office"] == "Servizi culturali"
    assert row["offices"] == ["Servizi culturali", "Ufficio Stampa"]
    assert row["support_offices"] == ["Ufficio Stampa"]
    assert row["due_date"] == "2020-06-30" and row["overdue"] is True
    assert (row["status"], row["progress"], row["version"]) == ("in_progress", 40, 2)
    assert [r["code"] for r in actions(cli_db, "--overdue")] == ["CUL-04"]
    detail = json.loads(ok(cli_db, "show", "CUL-04", "--json"))
    assert detail["updates"][0]["text"] == "Dossier inviato all’UNESCO"
    assert detail["updates"][0]["act_reference"] == "Delibera G.C. n. 12 del 03/03/2021"
    shown = ok(cli_db, "show", "CUL-04")
    assert "Stato: In corso (scaduta)" in shown and "Ufficio responsabile: Servizi culturali" in shown
    offices = json.loads(ok(cli_db, "offices", "--json"))
    assert {o["name"]: o["lead_actions"] for o in offices} == {"Servizi culturali": 1, "Ufficio Stampa": 0}
    assert "CUL-04: nessuna modifica." in ok(cli_db, "set", "CUL-04", "--progress", "40")


def test_office_edit_renames_and_deactivates(cli_db: str) -> None:
    ok(cli_db, "offices", "add", "Ufficio Tecnico")
    out = ok(cli_db, "offices", "edit", "ufficio tecnico", "--rename", "Lavori Pubblici", "--deactivate")
    assert out.strip() == "Ufficio aggiornato: Lavori Pubblici (non attivo)"
    assert "Lavori Pubblici (non attivo)" in ok(cli_db, "offices")


def test_completing_an_action_fills_date_and_progress(cli_db: str) -> None:
    ok(cli_db, "set", "AMB-04", "--status", "done")
    (row,) = actions(cli_db, "--status", "Completata")
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
        (("actions", "--due-within", "-3"), "non può essere negativo"),
        (("offices", "remove", "Nessuno"), "non trovato"),
        (("actions", "--bogus"), "argomenti non riconosciuti"),
    ],
)
def test_errors_are_italian_without_traceback(cli_db: str, args: tuple[str, ...], message: str) -> None:
    result = failed(cli_db, *args)
    assert message in result.stderr
    assert all(r["progress"] == 0 for r in actions(cli_db))


def test_import_program_bad_file_changes_nothing(cli_db: str, tmp_path: Path) -> None:
    bad = tmp_path / "foto.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = failed(cli_db, "import-program", str(bad))
    assert result.returncode == 1 and "binario" in result.stderr
    assert len(actions(cli_db)) == 84


def test_import_program_prints_summary(cli_db: str) -> None:
    from valenza_desk.resources import bundled_programme_path

    out = ok(cli_db, "import-program", str(bundled_programme_path()))
    assert "Programma aggiornato: Programma elettorale" in out
    assert "Azioni invariate: 84" in out and "7bis" in out


def test_office_in_use_needs_a_choice(cli_db: str) -> None:
    ok(cli_db, "offices", "add", "Vecchio")
    ok(cli_db, "offices", "add", "Nuovo")
    ok(cli_db, "set", "CUL-01", "--lead-office", "Vecchio")
    refused = failed(cli_db, "offices", "remove", "Vecchio")
    assert refused.returncode == 1 and "ancora assegnato a 1 azioni" in refused.stderr
    assert "1 azioni aggiornate" in ok(cli_db, "offices", "remove", "Vecchio", "--to", "Nuovo")
    assert actions(cli_db, "--stakeholder", "CUL")[0]["lead_office"] == "Nuovo"


def test_env_variable_chooses_the_database(tmp_path: Path) -> None:
    target = tmp_path / "da-variabile.sqlite3"
    result = run(None, "init", env={"VALENZA_DESK_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert target.exists()
    assert len(json.loads(ok(None, "actions", "--json", env={"VALENZA_DESK_DB": str(target)}))) == 84


def test_read_only_option_refuses_writes(cli_db: str) -> None:
    result = failed(cli_db, "--read-only", "set", "CUL-04", "--progress", "10")
    assert result.returncode == 2 and "sola lettura" in result.stderr
    assert len(json.loads(ok(cli_db, "--read-only", "actions", "--json"))) == 84


def test_no_environment_variable_grants_anything(service_desk: Desk) -> None:
    """The person is the login the database knows: VALENZA_DESK_ROLE, LOGNAME and USER change nothing."""
    from valenza_desk.domain.actor import Actor, Role
    from valenza_desk.domain.rows import UserDraft

    if service_desk.is_server:
        from valenza_desk.services import server

        server.setup(service_desk.db)
    admin = Desk(service_desk.db, Actor("anna.admin", Role.ADMIN), service_desk.clock)
    admin.add_user(UserDraft("anna.admin", "admin", "Anna Admin"))
    target = desk_target(service_desk)
    on_server = service_desk.is_server
    service_desk.close()
    forged = {"VALENZA_DESK_ROLE": "admin", "LOGNAME": "sindaco", "USER": "sindaco", "USERNAME": "sindaco"}
    if on_server:  # the person is the server login: here the database owner, who is its administrator
        ok(target, "set", "CUL-04", "--progress", "10", env=forged)
        history = json.loads(ok(target, "audit", "--action", "CUL-04", "--json"))
        changed = [entry for entry in history if entry["operation"].startswith("Modifica")]
        assert changed and {entry["user"] for entry in changed} == {"postgres"}, history
        assert "sindaco" not in json.dumps(history)
        return
    result = failed(target, "set", "CUL-04", "--progress", "10", env=forged)
    assert result.returncode == 1 and "ha il profilo di consultazione" in result.stderr
    assert "sindaco" not in result.stderr
    assert len(actions(target)) == 84  # reading is allowed
    assert all(row["progress"] == 0 for row in actions(target))


def test_json_list_has_one_action_per_line(cli_db: str) -> None:
    command = f'"{sys.executable}" -m valenza_desk --db "{cli_db}" actions --json | head -n 2'
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout.splitlines()[0] == "["
    assert json.loads(result.stdout.splitlines()[1].rstrip(","))["code"] == "BAM-01"
    assert "Traceback" not in result.stderr


def test_a_database_made_by_the_first_version_is_upgraded_once_with_a_backup(tmp_path: Path) -> None:
    from tests.conftest import DB_MADE_BY_0001

    db = tmp_path / "valenza.sqlite3"
    shutil.copyfile(DB_MADE_BY_0001, db)
    (programme,) = json.loads(ok(db, "programmes", "--json"))
    assert (programme["period"], programme["actions"], programme["current"]) == ("2020-2025", 84, True)
    (backup,) = tmp_path.glob("valenza.prima-di-0001-*.sqlite3")
    rows = {r["code"]: r for r in actions(db)}
    assert (rows["BAM-01"]["progress"], rows["BAM-02"]["progress"]) == (70, 100)
    offices = json.loads(ok(db, "offices", "--json"))
    assert "Settore Servizi Sociali" in {o["name"] for o in offices}
    assert list(tmp_path.glob("*.prima-di-*")) == [backup]  # upgraded once: no copy at the next command
