"""Benchmark the foundation at 100,000 synthetic actions against raw sqlite3 doing the same.

    .venv/bin/python benchmarks/bench_core.py [--actions 100000] [--repeat 5]

Prints, for insert, list all, filter and search, the best-of-N time through the
services and with plain ``sqlite3`` on an identical file, and their ratio.
Aim: listing through the service within 2x of raw sqlite3. Never used by tests.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionFilter
from valenza_desk.domain.status import Status
from valenza_desk.services import browse
from valenza_desk.services.programme import import_programme, search_key
from valenza_desk.services.samples import synthetic_programme
from valenza_desk.services.setup import open_database

TODAY = date(2026, 11, 25)
RAW_LIST_SQL = browse._LIST_SQL.format(where="")


def best_of(repeat: int, job: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = job()
        best = min(best, time.perf_counter() - start)
    return best, result


def raw_insert(path: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    """The same rows written with sqlite3.executemany into a schema made by the app."""
    connection = sqlite3.connect(path)
    with connection:
        for position, stakeholder in enumerate(parsed.stakeholders, start=1):
            cursor = connection.execute(
                "INSERT INTO stakeholder (name, aliases, code, narrative, position, version, created_at, updated_at) "
                "VALUES (?, '', ?, ?, ?, 1, datetime('now'), datetime('now'))",
                (stakeholder.name, f"S{position}", stakeholder.narrative, position),
            )
            stakeholder_id = cursor.lastrowid
            connection.executemany(
                "INSERT INTO action (code, number, position, stakeholder_id, text, source_text, status, progress, "
                "referent, notes, search_key, version, created_at, updated_at) VALUES "
                "(?, ?, ?, ?, ?, ?, 'not_started', 0, '', '', ?, 1, datetime('now'), datetime('now'))",
                [
                    (
                        f"S{position}-{a.code_suffix}",
                        a.number,
                        a.position,
                        stakeholder_id,
                        a.text,
                        a.text,
                        search_key(f"S{position}-{a.code_suffix}", a.text),
                    )
                    for a in stakeholder.actions
                ],
            )
    connection.close()


def spread_statuses(path: Path) -> None:
    """Give the synthetic actions varied statuses and due dates (not timed)."""
    statuses = [s.value for s in Status]
    connection = sqlite3.connect(path)
    with connection:
        ids = [r[0] for r in connection.execute("SELECT id FROM action")]
        connection.executemany(
            "UPDATE action SET status = ?, due_date = ? WHERE id = ?",
            [
                (statuses[i % 5], (TODAY + timedelta(days=(i % 400) - 200)).isoformat() if i % 3 else None, i)
                for i in ids
            ],
        )
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    parsed = synthetic_programme(args.actions)
    actor = Actor("benchmark")
    folder = Path(tempfile.mkdtemp(prefix="valenza-bench-"))
    results: list[tuple[str, float, float, str]] = []

    service_db_path, raw_db_path = folder / "service.sqlite3", folder / "raw.sqlite3"
    db = open_database(service_db_path)
    open_database(raw_db_path).dispose()  # same schema, made by the app
    start = time.perf_counter()
    import_programme(db, actor, parsed)
    service_insert = time.perf_counter() - start
    start = time.perf_counter()
    raw_insert(raw_db_path, parsed)
    results.append(("insert (import)", service_insert, time.perf_counter() - start, f"{args.actions} azioni"))
    spread_statuses(service_db_path)

    raw = sqlite3.connect(service_db_path)
    service_time, rows = best_of(args.repeat, lambda: browse.list_actions(db, ActionFilter(), TODAY))
    raw_time, raw_rows = best_of(args.repeat, lambda: raw.execute(RAW_LIST_SQL).fetchall())
    results.append(("list all", service_time, raw_time, f"{len(rows)} righe / {len(raw_rows)}"))  # type: ignore[arg-type]

    wanted = ActionFilter(statuses=(Status.IN_PROGRESS,), overdue=True)
    filter_sql = browse._LIST_SQL.format(
        where="WHERE a.status IN ('in_progress') AND a.due_date < ? AND a.status NOT IN ('done', 'dropped')"
    )
    service_time, rows = best_of(args.repeat, lambda: browse.list_actions(db, wanted, TODAY))
    raw_time, raw_rows = best_of(args.repeat, lambda: raw.execute(filter_sql, (TODAY.isoformat(),)).fetchall())
    results.append(("filter status+overdue", service_time, raw_time, f"{len(rows)} righe / {len(raw_rows)}"))  # type: ignore[arg-type]

    search = ActionFilter(search="Città progetto")
    search_sql = browse._LIST_SQL.format(where="WHERE a.search_key LIKE ? AND a.search_key LIKE ?")
    service_time, rows = best_of(args.repeat, lambda: browse.list_actions(db, search, TODAY))
    raw_time, raw_rows = best_of(args.repeat, lambda: raw.execute(search_sql, ("%citta%", "%progetto%")).fetchall())
    results.append(("search 'Città progetto'", service_time, raw_time, f"{len(rows)} righe / {len(raw_rows)}"))  # type: ignore[arg-type]

    raw.close()
    db.dispose()
    print(f"Valenza Desk core benchmark — {args.actions:,} synthetic actions, best of {args.repeat}")
    print(f"{'job':<26} {'service s':>10} {'sqlite3 s':>10} {'ratio':>7}  rows (service / raw)")
    for name, service_s, raw_s, note in results:
        print(f"{name:<26} {service_s:>10.3f} {raw_s:>10.3f} {service_s / raw_s:>6.2f}x  {note}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
