"""kill -9 at random moments while saving, importing and exporting (issue 10, item 8), in
subprocesses on real SQLite files.

After every kill: PRAGMA integrity_check and foreign_key_check are clean, the audit's hash chain
is whole and agrees with the data (each action's version, fields and progress notes are what its
audit entries say), the data is wholly as before or wholly as after the command (never half a
save or half an import), and an existing output file is byte-identical to before or a complete
new file, never a partial one. At the end ``valenza-desk check`` and ``audit verify`` pass.

A few kills per case here, for CI time (VALENZA_DESK_FAULT_KILLS changes it);
benchmarks/bench_faults.py runs the full counts. The moments are random: the seed is in every
failure message, and VALENZA_DESK_FAULT_SEED repeats a run.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.fault_campaigns import (
    Campaign,
    kill_exports,
    kill_imports,
    kill_imports_into_new_files,
    kill_save_loops,
    kill_saves,
)
from tests.fault_tools import CAN_KILL, app_checks_pass, make_database, write_programme_text

pytestmark = pytest.mark.skipif(not CAN_KILL, reason="needs kill -9 (SIGKILL)")
KILLS = int(os.environ.get("VALENZA_DESK_FAULT_KILLS", "3"))
SEED = int(os.environ.get("VALENZA_DESK_FAULT_SEED", str(random.SystemRandom().randrange(1_000_000))))


def rng_for(case: str) -> random.Random:
    return random.Random(f"{SEED}-{case}")


def assert_held(campaign: Campaign, kills: int) -> None:
    assert campaign.failures == [], f"seed {SEED}: {campaign.line()}\n" + "\n".join(campaign.failures)
    assert campaign.killed >= kills, f"seed {SEED}: only {campaign.killed} runs were killed: {campaign.line()}"


def test_a_save_killed_at_any_moment_is_wholly_saved_or_not_at_all(tmp_path: Path) -> None:
    db = make_database(tmp_path / "salva.sqlite3")
    campaign = kill_saves(db, "CUL-04", KILLS, rng_for("set"))
    assert_held(campaign, KILLS)
    app_checks_pass(db)


def test_a_process_saving_in_a_loop_killed_leaves_only_whole_saves(tmp_path: Path) -> None:
    db = make_database(tmp_path / "giri.sqlite3")
    campaign = kill_save_loops(db, "BEL-01", 2, rng_for("loop"))
    assert_held(campaign, 2)
    assert campaign.notes["saves committed"] > 0  # the kills landed among saves, not before the first
    app_checks_pass(db)


def test_an_import_killed_at_any_moment_leaves_no_programme_or_all_of_it(tmp_path: Path) -> None:
    template = make_database(tmp_path / "modello.sqlite3")
    text = write_programme_text(tmp_path / "programma-grande.txt", 10_000)
    campaign = kill_imports(template, text, tmp_path, KILLS, rng_for("import"))
    assert_held(campaign, KILLS)


def test_an_import_creating_a_file_killed_can_simply_be_run_again(tmp_path: Path) -> None:
    text = write_programme_text(tmp_path / "programma.txt", 3_000)
    campaign = kill_imports_into_new_files(text, tmp_path, 2, rng_for("new-file"))
    assert_held(campaign, 2)


@pytest.mark.parametrize(
    ("args", "name"),
    [(("export", "xlsx"), "azioni.xlsx"), (("report", "brief"), "relazione.pdf")],
    ids=["xlsx", "brief"],
)
def test_an_export_killed_never_replaces_the_file_with_a_partial_one(
    tmp_path: Path, args: tuple[str, ...], name: str
) -> None:
    db = make_database(tmp_path / "grande.sqlite3", synthetic=1_000)
    out = tmp_path / "uscita"
    out.mkdir()
    campaign = kill_exports(db, args, out / name, KILLS, rng_for(name))
    assert_held(campaign, KILLS)
    app_checks_pass(db)
