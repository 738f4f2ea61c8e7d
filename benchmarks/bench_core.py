"""Benchmark the core at 100,000 synthetic actions against plain sqlite3 doing the same job.

    .venv/bin/python benchmarks/bench_core.py [--actions 100000] [--repeat 5]

Prints, best of N where it repeats:
- import of a 100,000-action programme TEXT (parse + store + one audit entry per action) through
  the Desk, beside a plain-Python baseline that reads the same text, splits the table rows and
  inserts them with sqlite3 ``executemany`` in one transaction (target: within 3x);
- listing, filtering and searching through the Desk beside raw sqlite3 running the same SQL.
Never used by tests; never asserts on time.
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
from valenza_desk.domain.clock import FixedClock
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.status import Status
from valenza_desk.importers.programme_text import read_programme_file
from valenza_desk.services import browse
from valenza_desk.services.desk import Desk
from valenza_desk.services.programme import search_key
from valenza_desk.services.samples import programme_text, synthetic_programme

TODAY = date(2026, 11, 25)
RAW_LIST_SQL = browse.LIST_SQL.format(where="WHERE a.programme_id = 1")


def best_of(repeat: int, job: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = job()
        best = min(best, time.perf_counter() - start)
    return best, result


def plain_import(text_path: Path, db_path: Path) -> int:
    """The baseline: read the text, split the table rows, executemany them in one transaction."""
    lines = text_path.read_text(encoding="utf-8").splitlines()
    connection = sqlite3.connect(db_path)
    rows: list[tuple[object, ...]] = []
    with connection:
        connection.execute(
            "INSERT INTO programme (id, title, period, coalition, mayor, source_file, source_sha256, version, "
            "created_at, updated_at) VALUES (1, ?, '', '', '', '', '', 1, datetime('now'), datetime('now'))",
            (lines[0],),
        )
        stakeholder_id = 0
        for n, line in enumerate(lines):
            if line.startswith("N° | Azione"):
                stakeholder_id = connection.execute(
                    "INSERT INTO stakeholder (programme_id, name, aliases, code, narrative, position, version, "
                    "created_at, updated_at) VALUES (1, ?, '', ?, '', ?, 1, datetime('now'), datetime('now'))",
                    (lines[n - 1], f"S{n}", n),
                ).lastrowid
            elif "|" in line and stakeholder_id:
                number, text, _ = line.split("|", 2)
                code = f"S{stakeholder_id}-{number.strip()}"
                rows.append((code, number.strip(), len(rows), stakeholder_id, text.strip(), search_key(code, text)))
        connection.executemany(
            "INSERT INTO action (programme_id, code, number, position, stakeholder_id, text, source_text, status, "
            "progress, referent, notes, search_key, version, created_at, updated_at) VALUES "
            "(1, ?, ?, ?, ?, ?, '', 'not_started', 0, '', '', ?, 1, datetime('now'), datetime('now'))",
            rows,
        )
    connection.close()
    return len(rows)


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
    folder = Path(tempfile.mkdtemp(prefix="valenza-bench-"))
    text_path = folder / "programma-sintetico.txt"
    text_path.write_text(programme_text(synthetic_programme(args.actions)), encoding="utf-8")
    actor, clock = Actor("benchmark"), FixedClock(TODAY)
    results: list[tuple[str, float, float, str]] = []

    service_db, raw_db = folder / "service.sqlite3", folder / "raw.sqlite3"
    desk = Desk.open(service_db, actor, clock)
    Desk.open(raw_db, actor, clock).close()  # the same schema, made by the app
    start = time.perf_counter()
    summary = desk.import_programme(read_programme_file(text_path)).value
    service_import = time.perf_counter() - start
    start = time.perf_counter()
    plain_rows = plain_import(text_path, raw_db)
    plain = time.perf_counter() - start
    audited = sqlite3.connect(service_db).execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    results.append(
        ("import text (+audit)", service_import, plain, f"{summary.actions_added} / {plain_rows}; audit {audited}")
    )
    spread_statuses(service_db)

    raw = sqlite3.connect(service_db)
    service_time, rows = best_of(args.repeat, desk.actions)
    raw_time, raw_rows = best_of(args.repeat, lambda: raw.execute(RAW_LIST_SQL).fetchall())
    results.append(("list all", service_time, raw_time, f"{len(rows)} / {len(raw_rows)}"))  # type: ignore[arg-type]

    wanted = ActionQuery(statuses=(Status.IN_PROGRESS,), overdue=True)
    filter_sql = browse.LIST_SQL.format(
        where="WHERE a.programme_id = 1 AND a.status IN ('in_progress') AND a.due_date < ? "
        "AND a.status NOT IN ('done', 'dropped')"
    )
    service_time, rows = best_of(args.repeat, lambda: desk.actions(wanted))
    raw_time, raw_rows = best_of(args.repeat, lambda: raw.execute(filter_sql, (TODAY.isoformat(),)).fetchall())
    results.append(("filter status+overdue", service_time, raw_time, f"{len(rows)} / {len(raw_rows)}"))  # type: ignore[arg-type]

    search = ActionQuery(search="Città progetto")
    search_sql = browse.LIST_SQL.format(
        where="WHERE a.programme_id = 1 AND a.search_key LIKE ? AND a.search_key LIKE ?"
    )
    service_time, rows = best_of(args.repeat, lambda: desk.actions(search))
    raw_time, raw_rows = best_of(args.repeat, lambda: raw.execute(search_sql, ("%citta%", "%progetto%")).fetchall())
    results.append(("search 'Città progetto'", service_time, raw_time, f"{len(rows)} / {len(raw_rows)}"))  # type: ignore[arg-type]

    raw.close()
    desk.close()
    print(f"Valenza Desk core benchmark — {args.actions:,} synthetic actions, best of {args.repeat} (import: once)")
    print(f"{'job':<24} {'Desk s':>8} {'plain s':>8} {'ratio':>7}  rows (Desk / plain)")
    for name, service_s, raw_s, note in results:
        print(f"{name:<24} {service_s:>8.3f} {raw_s:>8.3f} {service_s / raw_s:>6.2f}x  {note}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
