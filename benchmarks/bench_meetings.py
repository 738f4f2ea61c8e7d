"""The meeting cycle at scale, each beside a plain sqlite3 baseline doing the same in the same run.

    python benchmarks/bench_meetings.py [--actions 100000]

1. Freeze a session's snapshot of every action (``Desk.freeze_snapshot``: one operation, audited,
   ``INSERT … SELECT``) against sqlite3 running the same ``INSERT … SELECT`` into a scratch table.
2. What changed between two such snapshots (``Desk.changes_between``: both snapshots read back as
   rows, compared field by field, milestones and notes too) against sqlite3 joining the two
   snapshots on the action's code and returning the rows where a compared field differs.

Between the two snapshots a tenth of the actions change status and progress and a twenty-fifth
move their due date (plain UPDATEs: the benchmark times the comparison, not the edits).
Prints seconds and ratios; never asserts on time.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.clock import FixedClock
from valenza_desk.services.desk import Desk
from valenza_desk.services.meetings import _FREEZE_ACTIONS, MeetingDraft
from valenza_desk.services.samples import synthetic_programme

TODAY = date(2026, 11, 25)
COMPARED = ("status", "progress", "due_date", "completed_on", "lead_office", "support_offices", "referent")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def baseline_freeze(path: Path, programme_id: int, meeting_id: int) -> int:
    """The same INSERT … SELECT, by sqlite3 alone, into a scratch copy of the snapshot table."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DROP TABLE IF EXISTS bench_snapshot")
        connection.execute("CREATE TABLE bench_snapshot AS SELECT * FROM snapshot_action WHERE 0")
        sql = _FREEZE_ACTIONS.format(names="group_concat(so.name, char(10))").replace(
            "INSERT INTO snapshot_action", "INSERT INTO bench_snapshot"
        )
        with connection:
            cursor = connection.execute(sql, {"meeting": meeting_id, "programme": programme_id})
        return cursor.rowcount


def baseline_changes(path: Path, before: int, after: int) -> int:
    """The two snapshots joined on the code: the rows where a compared field differs.

    SQLite cannot use the snapshot table's key (meeting, action) for a join on the code, and
    without an index such a join is quadratic: the later snapshot goes into a temporary table
    indexed on the code first (timed with the rest), as one would do by hand.
    """
    differs = " OR ".join(f"a.{f} IS NOT b.{f}" for f in COMPARED)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "CREATE TEMP TABLE after_snapshot AS SELECT * FROM snapshot_action WHERE meeting_id = ?", (after,)
        )
        connection.execute("CREATE INDEX temp.after_code ON after_snapshot (code)")
        sql = (
            f"SELECT a.code, {', '.join(f'a.{f}, b.{f}' for f in COMPARED)} FROM snapshot_action a "
            f"JOIN after_snapshot b ON b.code = a.code WHERE a.meeting_id = ? AND ({differs})"
        )
        return len(connection.execute(sql, (before,)).fetchall())


def edit_between(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "UPDATE action SET status = 'in_progress', progress = progress + 10 WHERE id % 10 = 0 AND progress <= 90"
        )
        connection.execute("UPDATE action SET due_date = '2027-06-30', due_moves = due_moves + 1 WHERE id % 25 = 0")


def report(label: str, ours: float, base: float, detail: str = "") -> None:
    print(f"{label:<44} ours {ours:7.3f} s   sqlite3 {base:7.3f} s   ratio {ours / base:6.2f}x  {detail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-meetings.sqlite3"
        clock = FixedClock(TODAY)
        desk = Desk.open(path, Actor("benchmark", Role.ADMIN), clock)
        started = time.perf_counter()
        desk.import_programme(synthetic_programme(args.actions))
        print(f"import of {args.actions:,} actions: {time.perf_counter() - started:.1f} s (set-up, not compared)")
        programme = desk.programme_id
        assert programme is not None

        first = desk.add_meeting(MeetingDraft("Consiglio comunale", TODAY)).value.id
        ours, _ = timed(lambda: desk.freeze_snapshot(first))
        base, rows = timed(lambda: baseline_freeze(path, programme, first))
        report(f"freeze a snapshot of {args.actions:,} actions", ours, base, f"({rows:,} rows each)")

        edit_between(path)
        clock.advance(30)
        second = desk.add_meeting(MeetingDraft("Consiglio comunale", clock.today())).value.id
        desk.freeze_snapshot(second)
        ours, found = timed(lambda: desk.changes_between(first, second))
        base, differing = timed(lambda: baseline_changes(path, first, second))
        changes = len(found)  # type: ignore[arg-type]
        detail = f"({changes:,} changes of {differing:,} differing actions; sqlite3 returns rows, not labelled changes)"
        report("changes between two snapshots", ours, base, detail)
        ours, found = timed(lambda: desk.changes_between(first))
        report("changes from a snapshot to now", ours, base, f"({len(found):,} changes)")  # type: ignore[arg-type]
        desk.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
