"""Writing a report file safely: to a temp file beside the target, renamed at the end.

A failure (or an interruption) therefore never leaves a half-written file at the
target, and every operating-system error becomes a ReportError in Italian.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from valenza_desk.reports.catalogue import t
from valenza_desk.reports.errors import ReportError


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import (os.umask is process-wide, not thread-safe): mkstemp creates files
# readable only by their owner, and a report should get the usual permissions.
_FILE_MODE = 0o666 & ~_read_umask()


def check_target(target: Path) -> Path:
    """The absolute target path, after checking its folder exists and it is not a folder."""
    target = Path(target).expanduser().absolute()
    if target.is_dir():
        raise ReportError(t("err_target_is_folder", path=target))
    if not target.parent.is_dir():
        raise ReportError(t("err_folder_missing", folder=target.parent))
    return target


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temp path in the target's folder; on success it replaces ``target``."""
    target = check_target(target)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{target.stem}-", suffix=target.suffix + ".tmp", dir=target.parent
        )
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
        _replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise translate_os_error(exc, target) from exc
        raise


def _replace(temp: Path, target: Path) -> None:
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
