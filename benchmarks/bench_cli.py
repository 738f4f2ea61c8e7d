"""Benchmark whole ``valenza-desk`` processes against plain-Python baselines run beside them.

    .venv/bin/python benchmarks/bench_cli.py [--actions 100000] [--repeat 5] [--workdir DIR]

Prints, for each job, the median and best wall time of the CLI process and of its
baseline process (runs alternate, so a busy machine slows both alike), their ratio and
the peak memory of each:

- ``actions --json`` of 100,000 synthetic actions (the file is made with
  ``Desk.import_programme(samples.synthetic_programme(N))``) against ``python -c`` reading
  the action table with raw sqlite3 and ``json.dumps`` of the rows as dicts. Aim: 1.5x.
- read-only commands on the bundled 84-action programme (``stakeholders``,
  ``actions --stakeholder Cultura``) against a bare ``python -c "import sqlmodel, sqlite3"``
  process. Aim: 1.6x.

Never used by tests, never asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
RAW_JSON_BASELINE = (
    "import json, sqlite3, sys\n"
    "connection = sqlite3.connect(sys.argv[1])\n"
    "connection.row_factory = sqlite3.Row\n"
    "rows = [dict(r) for r in connection.execute('SELECT * FROM action')]\n"
    "sys.stdout.write(json.dumps(rows, ensure_ascii=False))\n"
)
IMPORT_BASELINE = "import sqlmodel, sqlite3"


def make_databases(workdir: Path, actions: int) -> tuple[Path, Path]:
    """The synthetic programme of ``actions`` actions and the bundled one (reused if present)."""
    from valenza_desk.domain.actor import Actor
    from valenza_desk.services import samples
    from valenza_desk.services.desk import Desk

    big = workdir / f"sintetico-{actions}.sqlite3"
    if not big.exists():
        started = time.perf_counter()
        desk = Desk.open(big, Actor("benchmark"))
        desk.import_programme(samples.synthetic_programme(actions))
        desk.close()
        print(f"(made {big.name} in {time.perf_counter() - started:.1f} s)")
    small = workdir / "programma.sqlite3"
    if not small.exists():
        desk = Desk.open(small, Actor("benchmark"))
        desk.seed()
        desk.close()
    return big, small


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time (s) and peak memory (KiB) of one process, its output thrown away."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {error}")
    return elapsed, usage.ru_maxrss


def compare(label: str, candidate: list[str], baseline: list[str], repeat: int, env: dict[str, str]) -> None:
    run_once(candidate, env)  # warm the page cache and the .pyc files
    run_once(baseline, env)
    ours: list[float] = []
    theirs: list[float] = []
    memory = [0, 0]
    for _ in range(repeat):
        elapsed, peak = run_once(candidate, env)
        ours.append(elapsed)
        memory[0] = max(memory[0], peak)
        elapsed, peak = run_once(baseline, env)
        theirs.append(elapsed)
        memory[1] = max(memory[1], peak)
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    print(f"\n{label}")
    print(f"  valenza-desk  median {ours_median:6.3f} s  best {min(ours):6.3f} s  peak {memory[0] / 1024:6.0f} MiB")
    print(f"  baseline      median {theirs_median:6.3f} s  best {min(theirs):6.3f} s  peak {memory[1] / 1024:6.0f} MiB")
    print(f"  ratio         median {ours_median / theirs_median:5.2f}x   best {min(ours) / min(theirs):5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, help="folder kept between runs (default: a temporary one)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="valenza-bench-cli-") as scratch:
        workdir = options.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        big, small = make_databases(workdir, options.actions)
        # logs and settings go to the scratch folder, never to the user's
        env = {**os.environ, "HOME": scratch, "XDG_STATE_HOME": scratch, "XDG_DATA_HOME": scratch}
        env.pop("VALENZA_DESK_DB", None)
        cli = [PYTHON, "-m", "valenza_desk"]
        print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU, load {os.getloadavg()[0]:.2f}")

        compare(
            f"actions --json, {options.actions:,} actions (aim: within 1.5x)",
            [*cli, "--db", str(big), "actions", "--json"],
            [PYTHON, "-c", RAW_JSON_BASELINE, str(big)],
            options.repeat,
            env,
        )
        repeat = max(options.repeat, 7)
        compare(
            "stakeholders, 84 actions (aim: within 1.6x)",
            [*cli, "--db", str(small), "stakeholders"],
            [PYTHON, "-c", IMPORT_BASELINE],
            repeat,
            env,
        )
        compare(
            "actions --stakeholder Cultura, 84 actions (aim: within 1.6x)",
            [*cli, "--db", str(small), "actions", "--stakeholder", "Cultura"],
            [PYTHON, "-c", IMPORT_BASELINE],
            repeat,
            env,
        )


if __name__ == "__main__":
    main()
