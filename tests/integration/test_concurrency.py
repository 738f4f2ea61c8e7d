"""Several processes on one database at once (issue 10, item 8), on a SQLite file and on the real
PostgreSQL server (VALENZA_DESK_TEST_PG; skipped without one).

- Two processes read the same action (version N) and both save: the second is refused with the
  Italian conflict message naming who changed it and when, and nothing of theirs is written.
- Four processes make many edits each at once: no crash, no lost update, one audit operation per
  save, the audit chain whole (the full 4 x 200 runs in benchmarks/bench_faults.py;
  VALENZA_DESK_CONCURRENT_EDITS changes the count here).
- A SQLite file locked by another program: a save waits for it (busy timeout) and succeeds when
  the lock goes; when the lock stays, the save is refused in Italian and nothing changes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.fault_crowd import Site, concurrent_edits, pg_site, sqlite_site
from tests.fault_tools import (
    action_state,
    app_checks_pass,
    chain_problem,
    cli,
    integrity_problems,
    must_output,
    run,
    start,
    tool,
)
from tests.integration.conftest import ENGINES, PG_URL
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.errors import DatabaseLockedError
from valenza_desk.services.desk import Desk
from valenza_desk.store import database
from valenza_desk.text import format_datetime

EDITS = int(os.environ.get("VALENZA_DESK_CONCURRENT_EDITS", "30"))
PEOPLE = ("anna.rossi", "bruno.verdi", "carla.neri", "dario.blu")
WORKERS = ("lavoro.uno", "lavoro.due", "lavoro.tre", "lavoro.quattro")
LOCKED = "è occupato da un altro utente o programma. Attendere qualche secondo e riprovare"


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A seeded database with the people of these tests, on each engine (the tests of this module
    share it: each works on its own actions, as its own people)."""
    names = (*PEOPLE, *WORKERS)
    if request.param == "sqlite":
        made = sqlite_site(tmp_path_factory.mktemp("condiviso") / "condiviso.sqlite3", names)
    else:
        made = pg_site(PG_URL, names)
    yield made
    made.close()


def race(
    site: Site, people: tuple[str, str], code: str, together: bool
) -> tuple[list[subprocess.CompletedProcess[str]], int]:
    """Two people both open ``code``, then save (the first one first, or both at once); returns
    each one's outcome and the version they both read."""
    workers = [
        start(
            tool("race-save", *site.worker(name), code, "--progress", str(progress), "--note", f"Nota di {name}"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name, progress in zip(people, (40, 60), strict=True)
    ]
    ready = [w.stdout.readline() for w in workers]  # type: ignore[union-attr]
    assert ready[0] == ready[1] and ready[0].startswith("pronto "), ready
    outcomes = []
    if together:
        for w in workers:
            w.stdin.write("\n")  # type: ignore[union-attr]
            w.stdin.flush()  # type: ignore[union-attr]
    for w in workers:
        out, err = w.communicate(input=None if together else "\n", timeout=120)
        outcomes.append(subprocess.CompletedProcess(w.args, w.returncode, out, err))
    return outcomes, int(ready[0].split()[1])


@pytest.mark.parametrize(
    ("together", "people", "code"),
    [(False, PEOPLE[:2], "CUL-05"), (True, PEOPLE[2:], "CUL-06")],
    ids=["one-after-the-other", "at-the-same-moment"],
)
def test_two_people_saving_the_same_action_the_second_is_told_who_and_when(
    site: Site, together: bool, people: tuple[str, str], code: str
) -> None:
    outcomes, version = race(site, people, code, together)
    assert sorted(o.returncode for o in outcomes) == [0, 1], outcomes
    winner, loser = (0, 1) if outcomes[0].returncode == 0 else (1, 0)
    if not together:
        assert winner == 0  # the first one saved first: the second is the one refused
    assert "Traceback" not in outcomes[loser].stderr
    desk = site.desk()
    try:
        detail = desk.action_by_code(code)
        (last,) = desk.audit("action", detail.id, limit=1)
        assert last.actor == site.logins[people[winner]]
        assert outcomes[loser].stderr.strip() == (
            f"Errore: L'azione {code} è stata modificata da {last.actor} il {format_datetime(last.at)} dopo che "
            "l'avete aperta. Le vostre modifiche non sono state salvate: ricaricate e riapplicatele."
        )
        # the winner's save whole, nothing of the loser's
        assert (detail.progress, detail.version) == ((40, 60)[winner], version + 1)
        assert [u.text for u in detail.updates if u.text.startswith("Nota di")] == [f"Nota di {people[winner]}"]
        assert not [e for e in desk.audit(limit=None) if e.actor == site.logins[people[loser]]]
        assert desk.verify_audit().whole
    finally:
        desk.close()


def test_four_processes_editing_at_once_lose_nothing(site: Site) -> None:
    crowd = concurrent_edits(site, WORKERS, EDITS, "CUL-04", ["BEL-01", "BEL-02", "BEL-03", "BEL-04"])
    assert crowd.failures == [], crowd.line() + "\n" + "\n".join(crowd.failures)
    assert crowd.saved == len(WORKERS) * EDITS
    if site.engine == "sqlite":
        app_checks_pass(site.target)
    else:
        assert "integro" in must_output(cli(site.target, "audit", "verify"))


# --- a SQLite file locked by another program -----------------------------------------------------
def hold_write_lock(path: str | Path) -> sqlite3.Connection:
    """Another program's connection in the middle of a write (SQLite's write lock held)."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
    connection.execute("BEGIN IMMEDIATE")
    return connection


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Site]:
    made = sqlite_site(tmp_path / "bloccato.sqlite3", PEOPLE[:1])
    yield made
    made.close()


def test_a_lock_longer_than_the_busy_timeout_is_refused_in_italian_and_a_shorter_one_waited_for(
    sqlite_file: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)  # in this process only: the real one is 5 s
    desk = Desk.open(sqlite_file.target, create=False)
    try:
        before = action_state(sqlite_file.target, "CUL-04")
        edit = ActionEdit.from_detail(desk.action_by_code("CUL-04"))
        edit.progress, edit.note = 35, "Durante il blocco"
        with closing(hold_write_lock(sqlite_file.target)) as other:
            with pytest.raises(DatabaseLockedError, match=LOCKED):
                desk.save_action(edit)
            other.execute("ROLLBACK")
        assert action_state(sqlite_file.target, "CUL-04") == before  # nothing changed

        monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 10_000)
        patient = Desk.open(sqlite_file.target, create=False)
        other = hold_write_lock(sqlite_file.target)
        releaser = threading.Timer(0.5, lambda: (other.execute("ROLLBACK"), other.close()))
        releaser.start()
        try:
            assert patient.save_action(edit).value.progress == 35  # waited for the lock, then saved
        finally:
            releaser.join()
            patient.close()
    finally:
        desk.close()


def test_another_process_waits_for_a_short_lock_and_then_saves(sqlite_file: Site) -> None:
    worker = start(
        tool("race-save", *sqlite_file.worker("anna.rossi"), "CUL-04", "--progress", "45", "--note", "Attesa"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert worker.stdout.readline().startswith("pronto ")  # type: ignore[union-attr]
    with closing(hold_write_lock(sqlite_file.target)) as other:
        worker.stdin.write("\n")  # type: ignore[union-attr]
        worker.stdin.flush()  # type: ignore[union-attr]
        time.sleep(1.5)
        assert worker.poll() is None  # still waiting for the lock (a save alone takes milliseconds)
        other.execute("ROLLBACK")
    out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0 and out.startswith("salvata"), err
    assert action_state(sqlite_file.target, "CUL-04")["progress"] == 45


def test_the_cli_refuses_in_italian_when_the_lock_outlasts_the_busy_timeout(sqlite_file: Site) -> None:
    """The one case that holds the lock longer than the real 5 s busy timeout."""
    before = action_state(sqlite_file.target, "CUL-04")
    with closing(hold_write_lock(sqlite_file.target)) as other:
        result = run(cli(sqlite_file.target, "set", "CUL-04", "--progress", "55"), timeout=120)
        other.execute("ROLLBACK")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Errore: Il database «") and LOCKED in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert action_state(sqlite_file.target, "CUL-04") == before
    assert integrity_problems(sqlite_file.target) == [] and chain_problem(sqlite_file.target) == ""
