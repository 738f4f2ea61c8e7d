"""Faults at full count (issue 10, item 8): kill -9, concurrent writers, fuzzed imports.

    .venv/bin/python benchmarks/bench_faults.py [--kills 20] [--edits 200] [--fuzz 1000]
        [--import-actions 20000] [--export-actions 3000] [--seed N] [--workdir DIR]
        [--only kills|crowd|fuzz ...]

The same checks as tests/integration/test_faults.py, test_concurrency.py and
test_import_fuzz.py (they share tests/fault_tools.py, fault_campaigns.py and fault_crowd.py), with
the counts the issue asks for:

- kill -9 at random moments, at least ``--kills`` killed runs per case: ``set`` (CLI), a process
  saving in a loop, ``import-program`` of a ``--import-actions`` synthetic text into an existing
  database and into a new file, ``export xlsx`` and ``report brief`` of a ``--export-actions``
  database over an existing file. After each kill: integrity, the audit chain whole and in
  agreement with the data, everything wholly before or after, no partial output file.
- four processes making ``--edits`` edits each on a SQLite file and, when VALENZA_DESK_TEST_PG
  names a server, on PostgreSQL (each as their own login): no crash, no lost update, one audit
  operation per save, the chain whole; then ``set`` on a SQLite file whose write lock another
  program holds for 2 s (waited for, then saved) and all along (refused in Italian after the 5 s
  busy timeout, nothing changed).
- the importer fuzzed with ``--fuzz`` hypothesis examples per property (parse only; imported
  into a real SQLite database through the Desk).

Prints, per case: runs, how they ended, failures found (each listed) and time. Never used by
tests, never asserts: a failure is printed and counted, and the exit code is 1 if any.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import fault_campaigns as fc  # noqa: E402 - after the checkout is on the path
from tests import fault_crowd as crowd_tools  # noqa: E402
from tests import fault_tools as ft  # noqa: E402

WORKERS = ("lavoro.uno", "lavoro.due", "lavoro.tre", "lavoro.quattro")
OWN = ["BEL-01", "BEL-02", "BEL-03", "BEL-04"]


def kills(args: argparse.Namespace, workdir: Path) -> int:
    rng = random.Random(args.seed)
    print(f"== kill -9 at random moments: at least {args.kills} killed runs per case (seed {args.seed})")
    db = ft.make_database(workdir / "salva.sqlite3")
    text = ft.write_programme_text(workdir / f"programma-{args.import_actions}.txt", args.import_actions)
    template = ft.make_database(workdir / "modello.sqlite3")
    big = ft.make_database(workdir / f"grande-{args.export_actions}.sqlite3", synthetic=args.export_actions)
    out = workdir / "uscita"
    out.mkdir(exist_ok=True)
    failures = 0
    cases = [
        lambda: fc.kill_saves(db, "CUL-04", args.kills, rng),
        lambda: fc.kill_save_loops(db, "BEL-01", args.kills, rng),
        lambda: fc.kill_imports(template, text, workdir, args.kills, rng),
        lambda: fc.kill_imports_into_new_files(text, workdir, args.kills, rng),
        lambda: fc.kill_exports(big, ("export", "xlsx"), out / "azioni.xlsx", args.kills, rng),
        lambda: fc.kill_exports(big, ("report", "brief"), out / "relazione.pdf", args.kills, rng),
    ]
    total_runs = total_killed = 0
    for case in cases:
        campaign = case()
        print("  " + campaign.line(), flush=True)
        for failure in campaign.failures:
            print(f"    FAILURE {failure}")
        failures += len(campaign.failures)
        total_runs += campaign.runs
        total_killed += campaign.killed
    try:
        ft.app_checks_pass(db)
        print("  valenza-desk check and audit verify on the saved-and-killed database: OK")
    except AssertionError as exc:
        failures += 1
        print(f"    FAILURE check after the kills: {exc}")
    print(f"  total: {total_runs} runs, {total_killed} killed, {failures} failures")
    return failures


def crowd(args: argparse.Namespace, workdir: Path) -> int:
    print(f"== {len(WORKERS)} processes x {args.edits} edits at once")
    failures = 0
    engines = ["sqlite"] + (["postgresql"] if os.environ.get("VALENZA_DESK_TEST_PG") else [])
    for engine in engines:
        if engine == "sqlite":
            site = crowd_tools.sqlite_site(workdir / "condiviso.sqlite3", WORKERS)
        else:
            site = crowd_tools.pg_site(os.environ["VALENZA_DESK_TEST_PG"], WORKERS)
        try:
            result = crowd_tools.concurrent_edits(site, WORKERS, args.edits, "CUL-04", OWN)
            if engine == "sqlite":
                try:
                    ft.app_checks_pass(site.target)
                except AssertionError as exc:
                    result.failures.append(f"check: {exc}")
        finally:
            site.close()
        print("  " + result.line(), flush=True)
        for failure in result.failures:
            print(f"    FAILURE {failure}")
        failures += len(result.failures)
    if len(engines) == 1:
        print("  (PostgreSQL skipped: VALENZA_DESK_TEST_PG not set)")
    return failures + locked(workdir)


def locked(workdir: Path) -> int:
    """``set`` while another program holds SQLite's write lock: 2 s (waited for), then all along."""
    import sqlite3
    import threading

    db = ft.make_database(workdir / "bloccato.sqlite3")
    failures = 0
    for hold, expect in ((2.0, 0), (None, 2)):
        before = ft.action_state(db, "CUL-04")
        other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(hold, other.rollback) if hold else None
        if release:
            release.start()
        result = ft.run(ft.cli(db, "set", "CUL-04", "--progress", "77"))
        if release:
            release.join()
        other.rollback()
        other.close()
        changed = ft.action_state(db, "CUL-04") != before
        what = f"lock held {hold:.0f} s" if hold else "lock held all along"
        outcome = "saved" if result.returncode == 0 else result.stderr.strip()
        print(f"  set with the {what}: exit {result.returncode} after {result.seconds:.1f} s: {outcome}")
        if result.returncode != expect or changed != (expect == 0) or "Traceback" in result.stderr:
            failures += 1
            print(f"    FAILURE expected exit {expect}, data changed: {changed}")
    return failures


def fuzz(args: argparse.Namespace, workdir: Path) -> int:
    from tests.integration import test_import_fuzz as fz

    print(f"== importer fuzzed: {args.fuzz} hypothesis examples per property")
    template = fz.make_template(workdir / "fuzz-modello.sqlite3")
    failures = 0
    for name, strategy, into_database in (
        ("parse: random bytes and texts", fz.ANY_TEXT, False),
        ("parse: mutated copies of the programme", fz.mutated_programmes(), False),
        ("import into SQLite through the Desk", fz.ANY_TEXT, True),
    ):
        started = time.perf_counter()
        outcomes, found = fuzz_property(args.fuzz, strategy, template if into_database else None)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        print(f"  {name}: {sum(outcomes.values())} examples ({summary}); failures {len(found)}; {seconds:.1f} s")
        for failure in dict.fromkeys(found):
            print(f"    FAILURE {failure}")
        failures += len(found)
    return failures


def fuzz_property(examples: int, strategy: object, template: Path | None) -> tuple[dict[str, int], list[str]]:
    """Run one property over ``examples`` examples, counting outcomes instead of stopping at a failure."""
    from hypothesis import HealthCheck, given, settings

    from tests.integration import test_import_fuzz as fz
    from valenza_desk.errors import ProgrammeFormatError

    outcomes: dict[str, int] = {}
    found: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(raw=strategy)
    def check(raw: bytes) -> None:
        try:
            if template is not None:
                message = fz.import_fuzzed(template, raw)
                kind = "imported" if not message else "refused in Italian, database unchanged"
            else:
                result = fz.parse_or_italian_error(raw)
                kind = "Italian error" if isinstance(result, ProgrammeFormatError) else "programme"
        except Exception as exc:  # a failure: counted, and the search goes on
            kind = "FAILURE"
            found.append(f"{type(exc).__name__}: {str(exc)[:300]}")
        outcomes[kind] = outcomes.get(kind, 0) + 1

    check()
    return outcomes, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="killed runs per case (default 20)")
    parser.add_argument("--edits", type=int, default=200, help="edits per process (default 200)")
    parser.add_argument("--fuzz", type=int, default=1000, help="hypothesis examples per property (default 1000)")
    parser.add_argument("--import-actions", type=int, default=20_000, help="actions of the imported text")
    parser.add_argument("--export-actions", type=int, default=3_000, help="actions of the exported database")
    parser.add_argument("--seed", type=int, default=random.SystemRandom().randrange(1_000_000))
    parser.add_argument("--workdir", type=Path, help="where the files go (default: a temporary folder)")
    parser.add_argument("--only", action="append", choices=["kills", "crowd", "fuzz"], help="run only these parts")
    args = parser.parse_args()
    if not ft.CAN_KILL:
        print("kill -9 (SIGKILL) is not available on this system")
        return 2
    parts = {"kills": kills, "crowd": crowd, "fuzz": fuzz}
    chosen = args.only or list(parts)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as temp:
        workdir = args.workdir or Path(temp)
        workdir.mkdir(parents=True, exist_ok=True)
        os.environ.setdefault("XDG_STATE_HOME", str(workdir / "state"))  # the children's logs stay here
        failures = sum(parts[name](args, workdir) for name in chosen)
    print(f"== {failures} failures found in {time.perf_counter() - started:.0f} s (seed {args.seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
