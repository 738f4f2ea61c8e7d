"""Writing a report file safely: to a temp file beside the target, renamed at the end.

A failure (or an interruption) therefore never leaves a half-written file at the
target, and every operating-system error becomes a ReportError in Italian.

A process killed while writing cannot delete its temp file, so temp files are named
so they can be recognised later: ``.<target name>.valenza-desk-<host>-<pid>-<random>.tmp``.
Every write first deletes the stale ones of ours in that folder: those of a process
of this computer that no longer runs, and any older than a day (a report takes
seconds; a temp file still being written is never that old). An existing target
without any write permission bit is refused, not silently replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from valenza_desk.reports.catalogue import t
from valenza_desk.reports.errors import ReportError

STALE_AFTER_SECONDS = 24 * 60 * 60
_MARK = "valenza-desk"
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
# ours: ".brief.pdf.valenza-desk-myhost-1234-k3j9x_a1.tmp"
_OURS = re.compile(rf"^\..+\.{_MARK}-(?P<host>[A-Za-z0-9.-]*)-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")
# left by versions before this naming (tempfile.mkstemp: 8 random characters): only removed when old
_LEGACY = re.compile(r"^\..+-[a-z0-9_]{8}\.(pdf|xlsx|csv|ods)\.tmp$")


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import (os.umask is process-wide, not thread-safe): mkstemp creates files
# readable only by their owner, and a report should get the usual permissions.
_FILE_MODE = 0o666 & ~_read_umask()


def host_name() -> str:
    """This computer's name as it goes into a temp file name (letters, digits, dots, dashes)."""
    return re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname())[:40] or "host"


def check_target(target: str | os.PathLike[str], extension: str | None = None) -> Path:
    """The absolute target path, after checking it can be written; ReportError in Italian otherwise.

    In this order: not a folder, the ``extension`` expected (when given), its folder
    exists, and an existing file there is not read-only.
    """
    target = Path(target).expanduser().absolute()
    if target.is_dir():
        raise ReportError(t("err_target_is_folder", path=target))
    if extension is not None and target.suffix.lower() != extension:
        raise ReportError(t("err_wrong_extension", path=target, ext=extension))
    if not target.parent.is_dir():
        raise ReportError(t("err_folder_missing", folder=target.parent))
    if is_read_only(target):
        raise ReportError(t("err_target_read_only", path=target))
    return target


def is_read_only(path: Path) -> bool:
    """An existing file with no write permission bit (checked on the mode: root may write anyway)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & _WRITE_BITS


def temp_prefix(target: Path) -> str:
    return f".{target.name}.{_MARK}-{host_name()}-{os.getpid()}-"


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Delete our temp files in ``folder`` that nobody is writing any more; returns those deleted."""
    now = time.time() if now is None else now
    here = host_name()
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(".") or not name.endswith(".tmp"):
            continue
        ours, legacy = _OURS.match(name), _LEGACY.match(name)
        if not ours and not legacy:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
        except OSError:
            continue
        abandoned = bool(ours) and ours["host"] == here and not pid_alive(int(ours["pid"]))  # type: ignore[index]
        if old or abandoned:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this computer (when unsure: yes, so nothing live is deleted)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill would terminate the process on Windows: ask the kernel instead.
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temp path in the target's folder; on success it replaces ``target``."""
    target = check_target(target)
    remove_stale_temporaries(target.parent)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=".tmp", dir=target.parent)
    except PermissionError as exc:
        raise ReportError(t("err_folder_not_writable", folder=target.parent)) from exc
    except OSError as exc:
        raise ReportError(t("err_write_failed", path=target, reason=exc.strerror or exc)) from exc
    os.close(handle)
    temp = Path(temp_name)
    with contextlib.suppress(OSError):
        temp.chmod(_FILE_MODE)
    try:
        yield temp
        if is_read_only(target):  # made read-only while the report was being written
            raise ReportError(t("err_target_read_only", path=target))
        _replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise translate_os_error(exc, target) from exc
        raise


def flush_to_disk(path: Path) -> None:
    """Make the written bytes durable before the rename that publishes them (a power cut must not
    leave a renamed but empty file on filesystems that reorder metadata and data)."""
    with contextlib.suppress(OSError), open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _replace(temp: Path, target: Path) -> None:
    flush_to_disk(temp)
    try:
        os.replace(temp, target)
    except PermissionError as exc:  # Windows: the file is open in Excel or a PDF reader
        raise ReportError(t("err_target_locked", path=target)) from exc
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
            raise ReportError(t("err_target_locked", path=target)) from exc
        raise ReportError(t("err_write_failed", path=target, reason=exc.strerror or exc)) from exc


def translate_os_error(exc: OSError, target: Path) -> ReportError:
    """An OSError met while writing the temp file, as the Italian error to show."""
    if isinstance(exc, PermissionError):
        return ReportError(t("err_folder_not_writable", folder=Path(target).parent))
    return ReportError(t("err_write_failed", path=target, reason=exc.strerror or exc))
