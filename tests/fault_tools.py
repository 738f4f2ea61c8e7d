"""Tools for the fault tests (tests/integration/test_faults.py, test_concurrency.py) and for
benchmarks/bench_faults.py: start and kill -9 processes, look at a SQLite file from outside the
app, prepare databases; the kill campaigns are in ``tests.fault_campaigns``, several people on
one database in ``tests.fault_crowd``.

Run as ``python -m tests.fault_tools COMMAND ...`` this module is the worker those tests start:

- ``save-loop TARGET CODE``: save action CODE over and over (a progress note each time) until killed;
- ``edit-worker TARGET --worker K --edits N --shared CODE --own CODE``: N saves, half appending a
  token to the shared action's internal notes, half counting up the worker's own action; a
  conflict (someone saved meanwhile) is reloaded and retried; prints a JSON summary;
- ``race-save TARGET CODE --progress P --note TEXT``: read CODE, print ``pronto VERSION``, wait
  for a line on stdin, then save; exit 1 with ``Errore: …`` on stderr as the CLI does.

``--as LOGIN`` (SQLite only) identifies the worker as LOGIN the way the app identifies the OS
login; on PostgreSQL the person is the login of the URL.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CAN_KILL = hasattr(signal, "SIGKILL")


# --- processes ------------------------------------------------------------------------------------
def child_env() -> dict[str, str]:
    """The environment of a child process: this checkout first on the path, no database chosen."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("VALENZA_DESK_DB", None)
    return env


def cli(target: str | Path, *args: str) -> list[str]:
    """The command line of ``valenza-desk --db TARGET ARGS``."""
    return [PYTHON, "-m", "valenza_desk", "--db", str(target), *args]


def tool(*args: str) -> list[str]:
    """The command line of one of this module's workers."""
    return [PYTHON, "-m", "tests.fault_tools", *args]


def start(command: Sequence[str], **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(list(command), cwd=ROOT, env=child_env(), text=True, encoding="utf-8", **popen)


@dataclass(frozen=True, slots=True)
class Run:
    """One process run: how long it lived, whether we killed it, its exit code and stderr."""

    seconds: float
    killed: bool
    returncode: int
    stderr: str


def run(command: Sequence[str], kill_after: float | None = None, timeout: float = 600) -> Run:
    """Run ``command``; with ``kill_after``, SIGKILL it after that many seconds if still running."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as err:
        started = time.perf_counter()
        process = start(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        try:
            process.wait(timeout=kill_after if kill_after is not None else timeout)
        except subprocess.TimeoutExpired:
            if kill_after is None:
                process.kill()
                process.wait()
                raise
            process.send_signal(signal.SIGKILL)
        returncode = process.wait(timeout=timeout)
        seconds = time.perf_counter() - started
        err.seek(0)
        return Run(seconds, returncode == -getattr(signal, "SIGKILL", 9), returncode, err.read())


def must_run(command: Sequence[str]) -> Run:
    """Run ``command`` to its end; AssertionError with its stderr unless it succeeded cleanly."""
    result = run(command)
    assert result.returncode == 0, f"{command[3:]} failed: {result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result


def must_output(command: Sequence[str]) -> str:
    """The stdout of ``command`` run to its end; AssertionError unless it succeeded cleanly."""
    result = subprocess.run(
        list(command),
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, f"{command[3:]} failed: {result.stdout}{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def app_checks_pass(db: str | Path) -> str:
    """``valenza-desk check`` and ``audit verify`` both pass (AssertionError otherwise); their output."""
    report = must_output(cli(db, "check"))
    assert "NO " not in report and report.count("OK ") >= 4, report
    verdict = must_output(cli(db, "audit", "verify"))
    assert "integro" in verdict, verdict
    return report + verdict


# --- a SQLite file seen from outside the app --------------------------------------------------------
@contextlib.contextmanager
def sqlite(path: str | Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection (the next program to open a file after a crash does the same)."""
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        yield connection


def integrity_problems(path: str | Path) -> list[str]:
    """What PRAGMA integrity_check and foreign_key_check find (empty when the file is sound)."""
    with sqlite(path) as connection:
        found = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    return ([] if found == ["ok"] else found) + [f"riferimento non valido: {row}" for row in broken]


def content(path: str | Path) -> dict[str, str]:
    """A digest of every table's rows (order-independent): equal digests, equal content."""
    digests = {}
    with sqlite(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"'))
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def counts(path: str | Path) -> dict[str, int]:
    """Rows per table of what an import or a save adds."""
    tables = (
        "programme",
        "stakeholder",
        "programme_value",
        "action",
        "progress_update",
        "audit_log",
        "audit_operation",
    )
    with sqlite(path) as connection:
        return {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def action_state(path: str | Path, code: str) -> dict[str, object]:
    """One action as stored, with the number of its progress notes and audit entries."""
    with sqlite(path) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute(
            "SELECT id, status, progress, notes, referent, version FROM action WHERE code = ? ORDER BY id DESC", (code,)
        ).fetchone()
        assert row is not None, f"no action {code}"
        state = dict(row)
        state["updates"] = connection.execute(
            "SELECT COUNT(*) FROM progress_update WHERE action_id = ?", (row["id"],)
        ).fetchone()[0]
        state["audit"] = connection.execute(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'action' AND entity_id = ?", (row["id"],)
        ).fetchone()[0]
        state["operations"] = connection.execute("SELECT COUNT(*) FROM audit_operation").fetchone()[0]
        state["entries"] = connection.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    return state


# the fields a save changes, as the action table stores them
SAVED_FIELDS = ("status", "progress", "notes", "referent")


def audit_disagreements(path: str | Path) -> list[str]:
    """Where the data and the audit tell different stories (never, unless a write was half done).

    For every action: its version is 1 + the operations that changed it; for every field a save
    changes, the newest audit entry's new value is the stored value; every progress note belongs
    to an operation that audited the same action.
    """
    problems = []
    with sqlite(path) as connection:
        cursor = connection.execute("SELECT id, code, version, status, progress, notes, referent FROM action")
        actions = {row[0]: row for row in cursor}
        latest: dict[tuple[int, str], str] = {}
        operations: dict[int, set[int]] = {}
        for entity_id, op_id, kind, field, new_value in connection.execute(
            "SELECT entity_id, op_id, operation, field, new_value FROM audit_log WHERE entity = 'action' ORDER BY id"
        ):
            latest[(entity_id, field)] = new_value
            if (kind, field) != ("create", "text"):  # after its creation, each operation is a new version
                operations.setdefault(entity_id, set()).add(op_id)
        for action_id, code, version, *values in actions.values():
            for field, value in zip(SAVED_FIELDS, values, strict=True):
                if (action_id, field) in latest and json.loads(latest[(action_id, field)]) != value:
                    problems.append(f"{code}: {field} è {value!r}, il registro dice {latest[(action_id, field)]}")
            changed = operations.get(action_id, set())
            if version != 1 + len(changed):
                problems.append(f"{code}: versione {version} dopo {len(changed)} modifiche registrate")
        for action_id, op_id in connection.execute("SELECT action_id, op_id FROM progress_update"):
            if op_id not in operations.get(action_id, set()):
                problems.append(f"nota di avanzamento dell'azione n. {action_id} senza la sua voce nel registro")
    return problems


def ours_left(folder: Path) -> list[str]:
    """The temp files of a report writer left in ``folder`` (a killed writer cannot remove its own)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


def make_database(path: Path, synthetic: int = 0, period: str = "2026-2031") -> Path:
    """A closed database file like an office's: the bundled programme, optionally a synthetic one of
    ``synthetic`` actions, and this computer's login already its administrator (so a command's
    first start writes nothing of its own)."""
    from valenza_desk.domain.actor import Actor, Role, os_login
    from valenza_desk.services import samples, users
    from valenza_desk.services.desk import Desk

    remove_database(path)
    desk = Desk.open(path, Actor("preparazione", Role.SEGRETERIA))
    try:
        desk.seed()
        if synthetic:
            desk.import_programme(samples.synthetic_programme(synthetic, period=period))
        users.identify(desk.db, os_login(), desk.clock)
    finally:
        desk.close()
    return path


def write_programme_text(path: Path, actions: int, period: str = "2030-2035") -> Path:
    """A large programme text (the synthetic programme in the published format)."""
    from valenza_desk.services import samples

    path.write_text(samples.programme_text(samples.synthetic_programme(actions, period=period)), encoding="utf-8")
    return path


def chain_problem(path: str | Path) -> str:
    """ "" when the audit's hash chain is whole, else what ``audit verify`` would say."""
    from valenza_desk.services import audit_chain
    from valenza_desk.store.database import Database

    db = Database.connect(path, create=False)
    try:
        verdict = audit_chain.verify(db)
    finally:
        db.dispose()
    return "" if verdict.whole else verdict.message()


def wal_bytes(path: Path) -> int:
    """The size of the WAL file beside ``path``: after a kill, > 0 means the process had written
    pages of a transaction (committed or not) that no checkpoint has moved into the file yet."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size
    except FileNotFoundError:
        return 0


def remove_database(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        path.with_name(name).unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> Path:
    """A copy of a closed database file (no -wal beside it), replacing any file at ``target``."""
    assert not source.with_name(source.name + "-wal").exists(), "close the source database first"
    remove_database(target)
    target.write_bytes(source.read_bytes())
    return target


# --- the workers ----------------------------------------------------------------------------------
def _open(target: str, login: str | None) -> Any:
    from valenza_desk.services import users
    from valenza_desk.services.desk import Desk

    desk = Desk.open(target, create=False)
    if login is not None:  # as Desk.open does with the OS login
        desk = Desk(desk.db, users.identify(desk.db, login, desk.clock), desk.clock)
    return desk


def save_loop(target: str, code: str, login: str | None) -> None:
    from valenza_desk.domain.rows import ActionEdit

    desk = _open(target, login)
    turn = 0
    while True:
        detail = desk.action_by_code(code)
        turn += 1
        edit = ActionEdit.from_detail(detail)
        edit.progress = (detail.progress + 1) % 100
        edit.notes = "\n".join([*detail.notes.splitlines()[-40:], f"giro {turn}"])
        edit.note = f"giro {turn}"
        desk.save_action(edit)


def edit_worker(args: argparse.Namespace) -> dict[str, object]:
    """``args.edits`` saves, alternating the shared action and the worker's own; see the module docstring."""
    from valenza_desk.domain.rows import ActionEdit
    from valenza_desk.errors import ConflictError, DatabaseLockedError

    started = time.perf_counter()
    desk = _open(args.target, args.login)
    summary: dict[str, Any] = {
        "worker": args.worker,
        "login": desk.actor.name,
        "saved": 0,
        "conflicts": 0,
        "locked": 0,
        "failures": [],
        "shared_tokens": [],
        "own_saves": 0,
        "operations": [],
    }
    for turn in range(args.edits):
        shared = turn % 2 == 0
        token = f"w{args.worker}.{turn}"
        for _attempt in range(500):  # retried while others keep saving first (or hold the lock)
            detail = desk.action_by_code(args.shared if shared else args.own)
            edit = ActionEdit.from_detail(detail)
            edit.note = f"nota {token}"
            if shared:
                edit.notes = f"{detail.notes}{token};"
            else:
                count = int(detail.referent.rsplit(" ", 1)[-1]) if detail.referent else 0
                edit.referent = f"contatore {count + 1}"
            try:
                result = desk.save_action(edit)
            except ConflictError:
                summary["conflicts"] += 1
                continue
            except DatabaseLockedError:
                summary["locked"] += 1
                continue
            except Exception as exc:  # counted and reported: the test fails on any
                summary["failures"].append(f"{type(exc).__name__}: {exc}")
                break
            summary["saved"] += 1
            summary["operations"].append(result.operation_id)
            if shared:
                summary["shared_tokens"].append(token)
            else:
                summary["own_saves"] += 1
            break
        else:
            summary["failures"].append(f"edit {token}: still refused after 500 attempts")
    summary["seconds"] = time.perf_counter() - started
    desk.close()
    return summary


def race_save(args: argparse.Namespace) -> int:
    from valenza_desk.domain.rows import ActionEdit
    from valenza_desk.errors import ValenzaError

    desk = _open(args.target, args.login)
    try:
        detail = desk.action_by_code(args.code)
        edit = ActionEdit.from_detail(detail)
        edit.progress, edit.note = args.progress, args.note
        print(f"pronto {detail.version}", flush=True)
        sys.stdin.readline()
        saved = desk.save_action(edit).value
    except ValenzaError as exc:
        print(f"Errore: {exc.message}", file=sys.stderr, flush=True)
        return 1
    finally:
        desk.close()
    print(f"salvata {saved.version}", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fault_tools")
    commands = parser.add_subparsers(dest="command", required=True)
    loop = commands.add_parser("save-loop")
    loop.add_argument("target")
    loop.add_argument("code")
    worker = commands.add_parser("edit-worker")
    worker.add_argument("target")
    worker.add_argument("--worker", type=int, required=True)
    worker.add_argument("--edits", type=int, required=True)
    worker.add_argument("--shared", required=True)
    worker.add_argument("--own", required=True)
    race = commands.add_parser("race-save")
    race.add_argument("target")
    race.add_argument("code")
    race.add_argument("--progress", type=int, required=True)
    race.add_argument("--note", required=True)
    for command in (loop, worker, race):
        command.add_argument("--as", dest="login")
    args = parser.parse_args(argv)
    if args.command == "save-loop":
        save_loop(args.target, args.code, args.login)
        return 0
    if args.command == "edit-worker":
        print(json.dumps(edit_worker(args)), flush=True)
        return 0
    return race_save(args)


if __name__ == "__main__":
    sys.exit(main())
