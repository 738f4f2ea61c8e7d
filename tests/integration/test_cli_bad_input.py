"""Bad input found when the CLI was tried, each on real files in subprocesses: an Italian
message, no traceback, and nothing changed (no file, no folder, no backup copy)."""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.integration.test_cli import actions, failed, ok, run
from valenza_desk.services.desk import Desk

LAST_ROW_START = "Creazione di un programma di coinvolgimento diffuso"  # the last table row of the bundled text


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def seeded_file(desk: Desk) -> Path:
    """The seeded programme in a closed file (no -wal or -shm beside it)."""
    desk.close()
    assert desk.db.path is not None
    return desk.db.path


# --- a database from a newer Valenza Desk -------------------------------------------------------
@pytest.fixture
def newer_db(seeded_file: Path) -> Path:
    connection = sqlite3.connect(seeded_file)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    return seeded_file


@pytest.mark.parametrize(
    "args",
    [
        ("actions",),
        ("--read-only", "stakeholders"),
        ("programmes",),
        ("set", "CUL-04", "--progress", "10"),
        ("init",),
        ("import-program", str(SEED)),
    ],
)
def test_a_database_from_a_newer_version_is_left_untouched(newer_db: Path, args: tuple[str, ...]) -> None:
    before, files = digest(newer_db), listing(newer_db.parent)
    for _ in range(2):  # every try, not only the first
        result = failed(newer_db, *args)
        assert result.returncode == 2
        assert "è stato creato o aggiornato da una versione più recente di Valenza Desk" in result.stderr
        assert "revisione dello schema 9999" in result.stderr
        assert "CommandError" not in result.stderr and "imprevisto" not in result.stderr
    assert list(newer_db.parent.glob("*.prima-di-*")) == []
    # a read-only SQLite connection leaves empty -wal/-shm files of a WAL database behind (SQLite's
    # own behaviour, whatever the revision); a read-write one removes them when it closes
    left = [
        name for name in listing(newer_db.parent) if not (args[0] == "--read-only" and name.endswith(("-wal", "-shm")))
    ]
    assert left == files
    assert digest(newer_db) == before


# --- a mistyped --db ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ("stakeholders",),
        ("actions",),
        ("--read-only", "actions", "--json"),
        ("show", "CUL-04"),
        ("programmes",),
        ("offices",),
        ("report", "brief", "--out", "{out}.pdf"),
        ("export", "xlsx", "--out", "{out}.xlsx"),
        ("set", "CUL-04", "--progress", "10"),
        ("offices", "add", "Settore Cultura"),
    ],
)
def test_a_database_that_does_not_exist_is_not_created(tmp_path: Path, args: tuple[str, ...]) -> None:
    mistyped = tmp_path / "dati-sbagliati" / "valenza.sqlite3"
    result = failed(mistyped, *(a.format(out=tmp_path / "uscita") for a in args))
    assert result.returncode == 2
    assert f"Il database «{mistyped}» non esiste" in result.stderr
    assert "init" in result.stderr  # says how to create one on purpose
    assert "0 azioni" not in result.stdout
    assert listing(tmp_path) == []


# --- init as a viewer -----------------------------------------------------------------------------
def _known_only_to_others(path: Path, seeded: bool) -> None:
    """A database whose only user is someone else: whoever runs the CLI here may only consult."""
    from valenza_desk.domain.actor import Actor, Role
    from valenza_desk.domain.rows import UserDraft
    from valenza_desk.services.desk import Desk

    desk = Desk.open(path, Actor("anna.admin", Role.ADMIN))
    desk.add_user(UserDraft("anna.admin", "admin"))
    if seeded:
        desk.seed()
    desk.close()


@pytest.mark.parametrize("args", [("init",), ("import-program", str(SEED))])
def test_a_viewer_cannot_fill_a_database_and_nothing_is_written(tmp_path: Path, args: tuple[str, ...]) -> None:
    target = tmp_path / "valenza.sqlite3"
    _known_only_to_others(target, seeded=False)
    before = digest(target)
    result = failed(target, *args, env={"VALENZA_DESK_ROLE": "admin"})
    assert result.returncode == 1
    assert "ha il profilo di consultazione e non può importare un programma" in result.stderr
    assert digest(target) == before


def test_a_viewer_may_look_at_an_existing_database(tmp_path: Path) -> None:
    target = tmp_path / "valenza.sqlite3"
    _known_only_to_others(target, seeded=True)
    before = digest(target)
    out = ok(target, "init")
    assert "già presente" in out
    assert len(actions(target)) == 84
    assert digest(target) == before


# --- stale -wal/-shm files this user cannot write -------------------------------------------------
PR_CAPBSET_DROP = 24
FILE_CAPABILITIES = (0, 1, 2, 3)  # CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _as_plain_user() -> None:
    """In the child, before exec: root without the capabilities that ignore file ownership and
    permissions, so the files belonging to another user are as out of reach as for a clerk.
    (Switching to uid 65534 would be the same, but this interpreter lives under /root.)"""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in FILE_CAPABILITIES:
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def leave_stale_companions(db: Path) -> tuple[Path, Path]:
    """A process that crashes with the database open leaves its -wal and -shm behind;
    then they belong to someone else (root: another user) or are protected (0444)."""
    code = (
        "import os, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1])\n"
        "connection.execute('SELECT count(*) FROM action').fetchone()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
    wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
    assert wal.exists() and shm.exists()
    for companion in (wal, shm):
        if os.geteuid() == 0:
            os.chown(companion, 65534, 65534)
            companion.chmod(0o644)
        else:
            companion.chmod(0o444)
    return wal, shm


def test_stale_read_only_wal_and_shm_files_are_named(seeded_file: Path) -> None:
    wal, shm = leave_stale_companions(seeded_file)
    before = {p: digest(p) for p in (seeded_file, wal, shm)}
    plain = {"preexec_fn": _as_plain_user} if os.geteuid() == 0 else {}
    probe = run(None, "--version", **plain)
    assert probe.returncode == 0, probe.stderr

    listed = run(seeded_file, "actions", "--json", **plain)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"code"') == 84  # reading still works

    result = run(seeded_file, "set", "CUL-04", "--progress", "10", **plain)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("Errore: ") and "Traceback" not in result.stderr
    assert f"«{wal.name}» e «{shm.name}»" in result.stderr
    assert "si può solo consultare" in result.stderr and "eliminarli o di renderli scrivibili" in result.stderr
    assert {p: digest(p) for p in before} == before


# --- --out naming a folder ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "folder"),
    [(("report", "brief"), "relazione.pdf"), (("export", "xlsx"), "esportazioni"), (("export", "csv"), "dati.csv")],
)
def test_out_naming_a_folder_says_so(seeded_file: Path, tmp_path: Path, args: tuple[str, ...], folder: str) -> None:
    target = tmp_path / folder
    target.mkdir()
    result = failed(seeded_file, *args, "--out", str(target))
    assert "cartella" in result.stderr
    assert list(target.iterdir()) == []


# --- programme texts as people save them ------------------------------------------------------------
def test_a_utf16_programme_text_imports(tmp_path: Path) -> None:
    notepad = tmp_path / "programma-unicode.txt"  # Windows Notepad's "Unicode": UTF-16 with BOM, CRLF
    notepad.write_bytes(SEED.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16"))
    assert notepad.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    db = tmp_path / "valenza.sqlite3"
    out = ok(db, "import-program", str(notepad))
    assert "Azioni nuove: 84" in out and "binario" not in out
    rows = actions(db, "--search", "unesco citta creativa")
    assert [r["text"] for r in rows if r["code"] == "CUL-04"] == [
        "Sostegno alla candidatura Unesco di Valenza Città creativa"
    ]


def cut_in_the_last_row(folder: Path) -> Path:
    """The bundled text cut in the middle of its last table row (a copy that stopped short)."""
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    last = max(i for i, line in enumerate(lines) if " | " in line and line.rstrip().endswith("|"))
    assert LAST_ROW_START in lines[last]
    start = sum(len(line) + 1 for line in lines[:last])
    cut = folder / "programma-troncato.txt"
    cut.write_text(text[: start + len(lines[last]) // 2], encoding="utf-8")
    return cut


def test_a_text_cut_in_a_row_skips_that_row_on_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "valenza.sqlite3"
    out = ok(db, "import-program", str(cut_in_the_last_row(tmp_path)))
    assert "Azioni nuove: 83" in out
    assert "non termina con «|»: il file sembra troncato" in out and "non è stata importata" in out
    rows = actions(db)
    assert len(rows) == 83 and not any(str(r["text"]).startswith(LAST_ROW_START) for r in rows)


def test_a_text_cut_in_a_row_leaves_that_action_as_it_was(seeded_file: Path, tmp_path: Path) -> None:
    (before,) = [r for r in actions(seeded_file) if str(r["text"]).startswith(LAST_ROW_START)]
    out = ok(seeded_file, "import-program", str(cut_in_the_last_row(tmp_path)))
    assert "il file sembra troncato" in out and "Azioni con testo aggiornato: 0" in out
    rows = actions(seeded_file)
    assert len(rows) == 84
    (after,) = [r for r in rows if r["code"] == before["code"]]
    assert after == before


def test_the_database_itself_is_named_when_it_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "archivio.sqlite3"
    folder.mkdir()
    result = failed(folder, "actions")
    assert "è una cartella" in result.stderr
    assert listing(folder) == []
    shutil.rmtree(folder)
