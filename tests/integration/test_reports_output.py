"""Output safety: temp files of a killed export are cleaned on the next write (never a live
one), a read-only file is refused and left untouched, a folder is called a folder."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from valenza_desk.reports.errors import ReportError
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.output import host_name, remove_stale_temporaries
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk

ROOT = Path(__file__).resolve().parents[2]
KILLED_EXPORT = textwrap.dedent(
    """
    import os, signal, sys
    from valenza_desk.reports.options import ReportKind, ReportOptions
    from valenza_desk.reports.runner import make_report
    from valenza_desk.services.desk import Desk

    def progress(done, total, text):
        if "righe" in text:  # inside the temp file: the rows are being written
            os.kill(os.getpid(), signal.SIGKILL)

    desk = Desk.open(sys.argv[1], create=False)
    make_report(desk, ReportOptions(kind=ReportKind.XLSX), sys.argv[2], progress)
    """
)
DAY = 24 * 60 * 60


def _hidden(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.startswith(".")}


def _make_old(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_export_leaves_a_temp_file_the_next_export_removes(desk: Desk, out_dir: Path) -> None:
    target = out_dir / "azioni.xlsx"
    assert desk.db.path is not None
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_EXPORT, str(desk.db.path), str(target)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not target.exists()
    (left,) = _hidden(out_dir)
    assert left.startswith(".azioni.xlsx.valenza-desk-") and left.endswith(".tmp")
    assert f"-{host_name()}-" in left  # recognisable as ours, from this computer

    result = make_report(desk, ReportOptions(kind=ReportKind.XLSX), target)
    assert Path(result.path) == target and target.stat().st_size > 0
    assert _hidden(out_dir) == set()  # the dead writer's temp file is gone, ours was renamed


def test_stale_temporaries_go_live_and_foreign_ones_stay(desk: Desk, out_dir: Path) -> None:
    here = host_name()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its PID now names no running process
    try:
        files = {
            # kept: a writer of this computer still running (another process, or this one)
            "live_other": f".brief.pdf.valenza-desk-{here}-{sleeper.pid}-abcd1234.tmp",
            "live_self": f".brief.pdf.valenza-desk-{here}-{os.getpid()}-efgh5678.tmp",
            # kept: another computer's writer cannot be asked; recent, so maybe still writing
            "other_host_recent": ".brief.pdf.valenza-desk-altro-pc-99999-ijkl9012.tmp",
            # kept: not ours at all
            "foreign": ".appunti.pdf.tmp",
            "foreign_old": ".brief-abcd1234.docx.tmp",
            # kept: an older version's name, but recent
            "legacy_recent": ".brief-k2j4h6g8.pdf.tmp",
            # removed: a writer of this computer that no longer runs
            "dead": f".brief.pdf.valenza-desk-{here}-{gone.pid}-mnop3456.tmp",
            # removed: older than a day, from anywhere, and an older version's leftover
            "other_host_old": ".brief.pdf.valenza-desk-altro-pc-99999-qrst7890.tmp",
            "legacy_old": ".azioni-a1b2c3d4.xlsx.tmp",
        }
        for key, name in files.items():
            (out_dir / name).write_bytes(b"partial")
            if key.endswith("_old"):
                _make_old(out_dir / name, DAY + 60)
        make_report(desk, ReportOptions(kind=ReportKind.CSV), out_dir / "azioni.csv")
        kept = {key for key, name in files.items() if (out_dir / name).exists()}
        assert kept == {"live_other", "live_self", "other_host_recent", "foreign", "foreign_old", "legacy_recent"}
        _make_old(out_dir / files["live_other"], DAY + 60)  # a day without writing: nobody is writing it
        removed = remove_stale_temporaries(out_dir)
        assert [p.name for p in removed] == [files["live_other"]]
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.parametrize(("kind", "name"), [(ReportKind.BRIEF, "relazione.pdf"), (ReportKind.XLSX, "azioni.xlsx")])
def test_a_read_only_file_is_refused_and_left_untouched(desk: Desk, out_dir: Path, kind: ReportKind, name: str) -> None:
    target = out_dir / name
    target.write_bytes(b"approved version")
    target.chmod(0o444)
    try:
        with pytest.raises(ReportError) as caught:
            make_report(desk, ReportOptions(kind=kind), target)
        assert "sola lettura" in caught.value.message
        assert str(target) in caught.value.message
        assert target.read_bytes() == b"approved version"
        assert stat.S_IMODE(target.stat().st_mode) == 0o444
        assert [p.name for p in out_dir.iterdir()] == [name]
    finally:
        target.chmod(0o644)
    make_report(desk, ReportOptions(kind=kind), target)  # writable again: replaced
    assert target.read_bytes() != b"approved version"


def test_a_folder_is_called_a_folder_whatever_its_name(desk: Desk, out_dir: Path) -> None:
    folder = out_dir / "relazione.docx"
    folder.mkdir()
    for kind, target in ((ReportKind.BRIEF, folder), (ReportKind.XLSX, out_dir), (ReportKind.CSV, folder)):
        with pytest.raises(ReportError) as caught:
            make_report(desk, ReportOptions(kind=kind), target)
        assert "è una cartella" in caught.value.message
        assert "estensione" not in caught.value.message
    with pytest.raises(ReportError, match=r"estensione attesa «\.pdf»"):
        make_report(desk, ReportOptions(), out_dir / "relazione.docx.txt")
