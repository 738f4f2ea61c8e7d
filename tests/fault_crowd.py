"""Several people on one database at once, for tests/integration/test_concurrency.py and
benchmarks/bench_faults.py: a seeded database with people on a SQLite file or on the PostgreSQL
server, and edit-workers (``python -m tests.fault_tools edit-worker``) started together, with
everything checked after them.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fault_tools import make_database, start, tool


@dataclass(slots=True)
class Site:
    """A database several worker processes use at once, with people (segreteria) to act as.

    ``target`` is what its owner passes to ``--db``; ``worker(name)`` is what a worker acting as
    that person gets: on SQLite the file and ``--as LOGIN``, on PostgreSQL the URL of the person's
    own server login.
    """

    engine: str
    target: str
    logins: dict[str, str]
    urls: dict[str, str] = field(default_factory=dict)
    cleanup: list[str] = field(default_factory=list)  # PostgreSQL: the database, then the logins
    admin_url: str = ""

    def worker(self, name: str) -> list[str]:
        if self.engine == "sqlite":
            return [self.target, "--as", self.logins[name]]
        return [self.urls[name]]

    def desk(self) -> Any:
        """A Desk on the database as its owner (for looking at the outcome)."""
        from valenza_desk.services.desk import Desk

        return Desk.open(self.target, create=False)

    def close(self) -> None:
        if not self.cleanup:
            return
        database, *roles = self.cleanup
        pg_execute(
            self.admin_url,
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' "
            "AND pid <> pg_backend_pid()",
            f'DROP DATABASE IF EXISTS "{database}"',
            *(f'DROP ROLE IF EXISTS "{role}"' for role in roles),
        )
        self.cleanup = []


def pg_execute(url: str, *statements: str) -> None:
    """Statements run as the server's administrator (``url``), outside any transaction."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _add_people(target: str, logins: Sequence[str], password: str | None) -> None:
    from valenza_desk.domain.rows import UserDraft
    from valenza_desk.services.desk import Desk

    desk = Desk.open(target, create=False)  # the first person on the database: its administrator
    try:
        if desk.is_server:
            from valenza_desk.services import server

            server.setup(desk.db)
            desk.seed()
        for login in logins:
            desk.add_user(UserDraft(login, "segreteria", f"Persona {login}"), password=password)
    finally:
        desk.close()


def sqlite_site(path: Path, names: Sequence[str]) -> Site:
    """A seeded SQLite file whose administrator is this computer's login, with ``names`` as people."""
    make_database(path)
    logins = {name: name for name in names}
    _add_people(str(path), list(logins.values()), None)
    return Site("sqlite", str(path), logins)


def pg_site(server_url: str, names: Sequence[str]) -> Site:
    """A new database on the server (set up, seeded), each of ``names`` with their own login."""
    import uuid

    from sqlalchemy.engine import make_url

    suffix = uuid.uuid4().hex[:8]
    database = f"valenza_faults_{suffix}"
    logins = {name: f"{name.replace('.', '_')}_{suffix}" for name in names}
    url = make_url(server_url)
    site = Site(
        "postgresql",
        url.set(database=database).render_as_string(hide_password=False),
        logins,
        {
            n: url.set(database=database, username=login).render_as_string(hide_password=False)
            for n, login in logins.items()
        },
        [database, *logins.values()],
        server_url,
    )
    pg_execute(server_url, f'CREATE DATABASE "{database}"')
    try:
        _add_people(site.target, list(logins.values()), "segreta")
    except BaseException:
        site.close()
        raise
    return site


@dataclass(slots=True)
class Crowd:
    """What several edit-workers did together."""

    engine: str
    workers: int
    edits: int
    saved: int
    conflicts: int
    locked: int
    failures: list[str]
    seconds: float

    def line(self) -> str:
        return (
            f"{self.engine}: {self.workers} processes x {self.edits} edits: {self.saved} saved in "
            f"{self.seconds:.1f} s ({self.saved / self.seconds:.0f} edits/s), {self.conflicts} conflicts reloaded "
            f"and retried, {self.locked} locked and retried; failures {len(self.failures)}"
        )


def concurrent_edits(site: Site, names: Sequence[str], edits: int, shared: str, own: Sequence[str]) -> Crowd:
    """Start one edit-worker per person at once, each making ``edits`` saves; check everything after.

    No lost update: the shared action's notes hold every token of every save made to it, once; each
    worker's own action counts exactly its saves; versions moved by one per save. One audit
    operation per save, by the worker's login, with its two entries and its progress note, and
    the audit chain whole.
    """
    desk = site.desk()
    try:
        codes = [shared, *own]
        versions = {code: desk.action_by_code(code).version for code in codes}
        notes_before = desk.action_by_code(shared).notes
        saves_before = _scalar(desk, "SELECT COUNT(*) FROM audit_operation WHERE name = 'save_action'")
    finally:
        desk.close()
    started = time.perf_counter()
    processes = [
        start(
            tool(
                "edit-worker",
                *site.worker(name),
                "--worker",
                str(k),
                "--edits",
                str(edits),
                "--shared",
                shared,
                "--own",
                own[k],
            ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for k, name in enumerate(names)
    ]
    outputs = [process.communicate(timeout=1800) for process in processes]
    seconds = time.perf_counter() - started
    failures: list[str] = []
    results = []
    for k, (process, (out, err)) in enumerate(zip(processes, outputs, strict=True)):
        if process.returncode != 0 or "Traceback" in err:
            failures.append(f"worker {k} exit {process.returncode}: {err.strip()[-500:]}")
            continue
        result = json.loads(out)
        results.append(result)
        failures.extend(f"worker {k}: {f}" for f in result["failures"])
        if result["saved"] != edits:
            failures.append(f"worker {k} saved {result['saved']} of {edits}")
    crowd = Crowd(
        site.engine,
        len(names),
        edits,
        sum(r["saved"] for r in results),
        sum(r["conflicts"] for r in results),
        sum(r["locked"] for r in results),
        failures,
        seconds,
    )
    if len(results) == len(names):
        crowd.failures.extend(_check_crowd(site, results, shared, own, versions, notes_before, saves_before))
    return crowd


def _scalar(desk: Any, sql: str, **params: object) -> Any:
    from sqlalchemy import text

    with desk.db.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def _check_crowd(
    site: Site,
    results: list[dict[str, Any]],
    shared: str,
    own: Sequence[str],
    versions: dict[str, int],
    notes_before: str,
    saves_before: int,
) -> list[str]:
    from sqlalchemy import text

    problems = []
    desk = site.desk()
    try:
        detail = desk.action_by_code(shared)
        tokens = [t for t in detail.notes[len(notes_before) :].split(";") if t]
        wanted = sorted(t for r in results for t in r["shared_tokens"])
        if not detail.notes.startswith(notes_before) or sorted(tokens) != wanted:
            lost = sorted(set(wanted) - set(tokens))
            problems.append(f"{shared}: {len(tokens)} tokens in the notes for {len(wanted)} saves; lost {lost[:10]}")
        if detail.version != versions[shared] + len(wanted):
            problems.append(f"{shared}: version {detail.version} after {len(wanted)} saves from {versions[shared]}")
        for result, code in zip(results, own, strict=True):
            mine = desk.action_by_code(code)
            if (
                mine.referent != f"contatore {result['own_saves']}"
                or mine.version != versions[code] + result["own_saves"]
            ):
                problems.append(
                    f"{code}: «{mine.referent}», version {mine.version} after {result['own_saves']} saves "
                    f"from {versions[code]}: an update was lost"
                )
        operations = [op for r in results for op in r["operations"]]
        if len(set(operations)) != len(operations):
            problems.append("two saves reported the same audit operation")
        saves = _scalar(desk, "SELECT COUNT(*) FROM audit_operation WHERE name = 'save_action'") - saves_before
        if saves != len(operations):
            problems.append(f"{saves} audit operations for {len(operations)} saves")
        with desk.db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT o.id, o.actor, "
                    "(SELECT COUNT(*) FROM audit_log l WHERE l.op_id = o.id), "
                    "(SELECT COUNT(*) FROM progress_update u WHERE u.op_id = o.id) "
                    "FROM audit_operation o WHERE o.name = 'save_action' ORDER BY o.id DESC LIMIT :n"
                ),
                {"n": max(len(operations), 1)},
            ).all()
        by_id = {row[0]: row[1:] for row in rows}
        for result in results:
            login = result["login"]
            for op in result["operations"]:
                actor, entries, updates = by_id.get(op, (None, 0, 0))
                if (actor, entries, updates) != (login, 2, 1):
                    problems.append(f"operation {op} of {login}: by {actor}, {entries} entries, {updates} notes")
                    break
        verdict = desk.verify_audit()
        if not verdict.whole:
            problems.append(verdict.message())
    finally:
        desk.close()
    return problems
