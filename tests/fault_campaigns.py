"""kill -9 campaigns for tests/integration/test_faults.py (a few kills) and
benchmarks/bench_faults.py (the full counts): run a command again and again, kill it at a random
moment while it works, and after each kill check the file is sound and everything is wholly as
before or wholly as after, never half.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.fault_tools import (
    Run,
    action_state,
    audit_disagreements,
    chain_problem,
    cli,
    content,
    copy_database,
    counts,
    integrity_problems,
    must_run,
    ours_left,
    remove_database,
    run,
    tool,
    wal_bytes,
)


@dataclass(slots=True)
class Campaign:
    """What a campaign of kills found: how each run ended and every problem seen."""

    name: str
    runs: int = 0
    killed: int = 0
    before: int = 0  # killed, and everything wholly as it was before the run
    after: int = 0  # killed, and everything wholly as after the run (the kill came after the commit/rename)
    finished: int = 0  # the run ended before the kill came (and everything is as after it)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        extra = "".join(f", {k} {v}" for k, v in self.notes.items())
        return (
            f"{self.name}: {self.runs} runs, {self.killed} killed ({self.before} wholly before, {self.after} wholly "
            f"after), {self.finished} finished first{extra}; failures {len(self.failures)}; {self.seconds:.1f} s"
        )


@dataclass(slots=True)
class Moments:
    """Random moments while a command works: after the start-up a read-only command takes
    (``startup``), until a little past the end of an undisturbed run (``full``), so that some
    runs finish first (the "after" case). Each run that finishes teaches a shorter ``full``: a
    busy machine measured once must not push every kill past the end."""

    rng: random.Random
    startup: float
    full: float

    def pick(self) -> float:
        low = min(0.8 * self.startup, 0.8 * self.full)
        return self.rng.uniform(low, 1.1 * self.full)

    def learn(self, result: Run) -> None:
        if not result.killed and result.returncode == 0:
            self.full = min(self.full, result.seconds)


def _mid_transaction(campaign: Campaign, killed_before: bool) -> None:
    if killed_before:
        key = "killed inside the write transaction (rolled back)"
        campaign.notes[key] = campaign.notes.get(key, 0) + 1


def _turns(campaign: Campaign, kills: int) -> Iterator[int]:
    """Run numbers until ``kills`` runs were killed (a run may finish first), at most 4 × ``kills``."""
    turn = 0
    while campaign.killed < kills and turn < 4 * kills:
        yield turn
        turn += 1


def _check_sound(path: Path, campaign: Campaign, what: str) -> None:
    problems = integrity_problems(path)
    if problems:
        campaign.failures.append(f"{what}: integrity_check {problems[:3]}")
        return
    chain = chain_problem(path)
    if chain:
        campaign.failures.append(f"{what}: {chain}")
    campaign.failures.extend(f"{what}: {p}" for p in audit_disagreements(path))


def _count(run_: Run, campaign: Campaign, what: str) -> None:
    campaign.runs += 1
    if run_.killed:
        campaign.killed += 1
    else:
        campaign.finished += 1
        if run_.returncode != 0 or "Traceback" in run_.stderr:
            campaign.failures.append(f"{what}: exit {run_.returncode} {run_.stderr.strip()[-300:]}")


def kill_saves(db: Path, code: str, kills: int, rng: random.Random) -> Campaign:
    """``set CODE --progress P --note …`` killed at random moments: the action wholly before or after."""
    campaign = Campaign("save (CLI set)")
    started = time.perf_counter()
    moments = Moments(
        rng,
        must_run(cli(db, "show", code)).seconds,
        must_run(cli(db, "set", code, "--progress", "1", "--note", "prima")).seconds,
    )
    for turn in _turns(campaign, kills):
        before = action_state(db, code)
        before_content = content(db)
        progress = (int(before["progress"]) + 7) % 100  # type: ignore[call-overload]
        note = f"salvataggio {turn}"
        result = run(cli(db, "set", code, "--progress", str(progress), "--note", note), moments.pick())
        moments.learn(result)
        what = f"kill {turn} at {result.seconds:.2f} s"
        written = wal_bytes(db)
        _count(result, campaign, what)
        _check_sound(db, campaign, what)
        now = action_state(db, code)
        expected = {
            **before,
            "progress": progress,
            "version": before["version"] + 1,  # type: ignore[operator]
            "updates": before["updates"] + 1,  # type: ignore[operator]
            "audit": before["audit"] + 2,  # type: ignore[operator]  # progress and the note
            "operations": before["operations"] + 1,  # type: ignore[operator]
            "entries": before["entries"] + 2,  # type: ignore[operator]
        }
        if now == before and content(db) == before_content and result.killed:
            campaign.before += 1
            _mid_transaction(campaign, written > 0)
        elif now == expected:
            campaign.after += result.killed
        else:
            campaign.failures.append(f"{what}: half a save: before {before}, now {now}")
    campaign.seconds = time.perf_counter() - started
    return campaign


def kill_save_loops(db: Path, code: str, kills: int, rng: random.Random, login: str | None = None) -> Campaign:
    """A process saving CODE in a loop, killed at random: every save whole, the last one whole or absent."""
    campaign = Campaign("save loop")
    started = time.perf_counter()
    startup = must_run(cli(db, "show", code)).seconds
    moments = Moments(rng, startup, startup + 1.5)
    saves = 0
    for turn in _turns(campaign, kills):
        before = action_state(db, code)
        extra = ("--as", login) if login else ()
        result = run(tool("save-loop", str(db), code, *extra), moments.pick())
        what = f"loop kill {turn} at {result.seconds:.2f} s"
        campaign.runs += 1
        campaign.killed += result.killed
        if not result.killed:
            campaign.failures.append(f"{what}: the loop stopped: {result.stderr.strip()[-300:]}")
        _check_sound(db, campaign, what)
        now = action_state(db, code)
        done = now["operations"] - before["operations"]  # type: ignore[operator]
        saves += done
        expected_counts = {
            "version": before["version"] + done,  # type: ignore[operator]
            "updates": before["updates"] + done,  # type: ignore[operator]
            "audit": before["audit"] + 3 * done,  # type: ignore[operator]  # progress, notes, the note
            "entries": before["entries"] + 3 * done,  # type: ignore[operator]
        }
        if any(now[k] != v for k, v in expected_counts.items()):
            campaign.failures.append(f"{what}: {done} saves but {now} after {before}")
        elif done and not str(now["notes"]).endswith(f"giro {done}"):
            campaign.failures.append(f"{what}: {done} saves but the notes end with {str(now['notes'])[-20:]!r}")
        if done:
            campaign.after += 1
        else:
            campaign.before += 1
    campaign.notes["saves committed"] = saves
    campaign.seconds = time.perf_counter() - started
    return campaign


def kill_imports(template: Path, text: Path, workdir: Path, kills: int, rng: random.Random) -> Campaign:
    """``import-program TEXT`` into a copy of ``template``, killed at random: no programme or all of it."""
    campaign = Campaign(f"import ({text.name})")
    started = time.perf_counter()
    work = workdir / "importa.sqlite3"
    moments = Moments(
        rng,
        must_run(cli(copy_database(template, work), "programmes")).seconds,
        must_run(cli(copy_database(template, work), "import-program", str(text))).seconds,
    )
    after, before = counts(work), counts(template)
    before_content = content(template)
    assert after["action"] > before["action"], "the reference import added nothing"
    for turn in _turns(campaign, kills):
        result = run(cli(copy_database(template, work), "import-program", str(text)), moments.pick())
        moments.learn(result)
        what = f"import kill {turn} at {result.seconds:.2f} s"
        written = wal_bytes(work)
        _count(result, campaign, what)
        _check_sound(work, campaign, what)
        now = counts(work)
        if now == before and content(work) == before_content and result.killed:
            campaign.before += 1
            _mid_transaction(campaign, written > 0)
        elif now == after:
            campaign.after += result.killed
        else:
            campaign.failures.append(f"{what}: half an import: {now}, before {before}, after {after}")
    remove_database(work)
    campaign.seconds = time.perf_counter() - started
    return campaign


def kill_imports_into_new_files(text: Path, workdir: Path, kills: int, rng: random.Random) -> Campaign:
    """``import-program TEXT`` creating a new file, killed at random: the file holds the whole
    programme, or the same command run again completes on what was left (whatever the kill
    interrupted: creating the file, the schema, the first administrator, the import)."""
    campaign = Campaign(f"import into a new file ({text.name})")
    started = time.perf_counter()
    work = workdir / "nuovo.sqlite3"
    remove_database(work)
    startup = must_run(cli(work, "--help")).seconds
    moments = Moments(rng, startup, must_run(cli(work, "import-program", str(text))).seconds)
    after = counts(work)
    for turn in _turns(campaign, kills):
        remove_database(work)
        result = run(cli(work, "import-program", str(text)), moments.pick())
        moments.learn(result)
        what = f"new-file kill {turn} at {result.seconds:.2f} s"
        _count(result, campaign, what)
        if work.exists():
            problems = integrity_problems(work)
            if problems:
                campaign.failures.append(f"{what}: integrity_check {problems[:3]}")
        whole = work.exists() and not integrity_problems(work) and _counts_or_none(work) == after
        if whole:  # imported before the kill came
            campaign.after += result.killed
            _check_sound(work, campaign, what)
            continue
        campaign.before += result.killed
        if not result.killed:
            campaign.failures.append(f"{what}: the import ended without importing: {result.stderr.strip()[-300:]}")
        again = run(cli(work, "import-program", str(text)))  # what a person does next
        if again.returncode != 0:
            campaign.failures.append(f"{what}: the next import fails: {again.stderr.strip()[-300:]}")
        elif _counts_or_none(work) != after:
            campaign.failures.append(f"{what}: after the next import {_counts_or_none(work)}, expected {after}")
        else:
            _check_sound(work, campaign, what)
    remove_database(work)
    campaign.seconds = time.perf_counter() - started
    return campaign


def _counts_or_none(path: Path) -> dict[str, int] | None:
    try:
        return counts(path)
    except sqlite3.Error:
        return None


def xlsx_shape(path: Path) -> tuple[tuple[str, int], ...]:
    """Each sheet of a workbook and its number of rows (openpyxl fails on a partial file)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        return tuple((ws.title, sum(1 for _ in ws.iter_rows(values_only=True))) for ws in workbook.worksheets)
    finally:
        workbook.close()


def pdf_shape(path: Path) -> tuple[int, int]:
    """A PDF's page count and outline size, read strictly (a cut file has no trailer)."""
    from pypdf import PdfReader

    data = path.read_bytes()
    if not data.rstrip().endswith(b"%%EOF"):
        raise ValueError("no %%EOF at the end: a partial PDF")
    reader = PdfReader(path, strict=True)
    return len(reader.pages), len(reader.outline)


def kill_exports(db: Path, args: Sequence[str], out: Path, kills: int, rng: random.Random) -> Campaign:
    """``export``/``report … --out OUT`` over an existing OUT, killed at random: OUT is byte-identical
    to before or a complete new file (same sheets and rows, or same pages), never a partial one."""
    shape = xlsx_shape if out.suffix == ".xlsx" else pdf_shape
    campaign = Campaign(f"{' '.join(args)} -> {out.suffix}")
    started = time.perf_counter()
    moments = Moments(rng, must_run(cli(db, "programmes")).seconds, must_run(cli(db, *args, "--out", str(out))).seconds)
    reference = shape(out)
    previous = out.read_bytes()
    for turn in _turns(campaign, kills):
        temporaries = set(ours_left(out.parent))
        result = run(cli(db, *args, "--out", str(out)), moments.pick())
        if result.killed and set(ours_left(out.parent)) - temporaries:
            key = "killed while writing the temp file"
            campaign.notes[key] = campaign.notes.get(key, 0) + 1
        moments.learn(result)
        what = f"export kill {turn} at {result.seconds:.2f} s"
        _count(result, campaign, what)
        now = out.read_bytes()
        if now == previous:
            campaign.before += result.killed
            if not result.killed:
                campaign.failures.append(f"{what}: the export finished but the file did not change")
        else:
            try:
                found = shape(out)
            except Exception as exc:  # any reader error: a partial file
                found = None
                campaign.failures.append(f"{what}: {out.name} replaced by an unreadable file: {exc}")
            if found is not None and found != reference:
                campaign.failures.append(f"{what}: {out.name} replaced by a partial file: {found} != {reference}")
            elif found is not None:
                campaign.after += result.killed
            previous = now
    must_run(cli(db, *args, "--out", str(out)))
    if ours_left(out.parent):
        campaign.failures.append(f"temp files still there after a complete export: {ours_left(out.parent)}")
    campaign.seconds = time.perf_counter() - started
    return campaign
