"""Writing a set of files into a folder so that nobody finds half of it.

A folder that does not exist yet is built whole under a temporary name beside it and
renamed at the end: it appears complete or not at all. Into a folder that exists, each
file is written atomically (``output.atomic_output``) and the last file of the set, the
seal (metadati.json with the checksums of the others), is taken away first and written
last: a run interrupted half-way leaves a folder without its seal, never a seal that
vouches for a mixed set, and a run that fails before replacing any file puts the old seal
back. Every file is checked before the first one is written (a read-only file, a folder
in its place), so those errors change nothing.

Temporary folders carry the same recognisable name as temporary files
(``.<folder>.valenza-desk-<host>-<pid>-<random>.tmp``); those of a process that no
longer runs, or older than a day, are deleted by the next run.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import time
from pathlib import Path

from valenza_desk.reports.catalogue import t
from valenza_desk.reports.errors import ReportError
from valenza_desk.reports.open_data_text import ot
from valenza_desk.reports.output import (
    STALE_AFTER_SECONDS,
    atomic_output,
    check_target,
    host_name,
    pid_alive,
    temp_prefix,
    translate_os_error,
)

_STAGING = re.compile(r"^\..+\.valenza-desk-(?P<host>[A-Za-z0-9.-]*)-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")


def check_folder(target: str | os.PathLike[str]) -> Path:
    """The absolute folder path; ReportError in Italian when it is a file or its parent is missing."""
    folder = Path(target).expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise ReportError(ot("err_out_is_file", path=folder))
    if not folder.exists() and not folder.parent.is_dir():
        raise ReportError(t("err_folder_missing", folder=folder.parent))
    return folder


def write_file_set(target: str | os.PathLike[str], files: dict[str, bytes]) -> Path:
    """Write ``files`` (name -> content, the seal last) into the folder ``target``; returns the folder."""
    folder = check_folder(target)
    if folder.is_dir():
        _replace_in_folder(folder, files)
    else:
        _write_new_folder(folder, files)
    return folder


def _write_new_folder(folder: Path, files: dict[str, bytes]) -> None:
    parent = folder.parent
    remove_stale_staging(parent, set(files))
    staging = parent / f"{temp_prefix(folder)}{secrets.token_hex(4)}.tmp"
    try:
        staging.mkdir()
    except PermissionError as exc:
        raise ReportError(t("err_folder_not_writable", folder=parent)) from exc
    except OSError as exc:
        raise ReportError(t("err_write_failed", path=folder, reason=exc.strerror or exc)) from exc
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        os.rename(staging, folder)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ReportError(ot("err_folder_unusable", folder=folder, reason=exc.strerror or exc)) from exc
        raise


def _replace_in_folder(folder: Path, files: dict[str, bytes]) -> None:
    names = list(files)
    for name in names:
        check_target(folder / name)
    seal = folder / names[-1]
    try:
        old_seal = seal.read_bytes() if seal.is_file() else None
        seal.unlink(missing_ok=True)
    except OSError as exc:  # Windows: open in another program
        raise translate_os_error(exc, seal) from exc
    replaced = 0
    try:
        for name, data in files.items():
            with atomic_output(folder / name) as temp:
                temp.write_bytes(data)
            replaced += 1
    except BaseException:
        if replaced == 0 and old_seal is not None:  # nothing replaced yet: the old set is whole again
            with contextlib.suppress(OSError, ReportError), atomic_output(seal) as temp:
                temp.write_bytes(old_seal)
        raise


def remove_stale_staging(parent: Path, names: set[str], now: float | None = None) -> list[Path]:
    """Delete our temporary folders in ``parent`` that nobody is filling any more; returns those deleted.

    Only a folder with our name pattern that holds nothing but files named in ``names``
    is deleted: anything else a person put there is left alone.
    """
    now = time.time() if now is None else now
    here = host_name()
    removed: list[Path] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        ours = _STAGING.match(entry.name)
        if not ours:
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
            inside = list(os.scandir(entry.path))
        except OSError:
            continue
        if any(not child.is_file(follow_symlinks=False) or child.name not in names for child in inside):
            continue
        abandoned = ours["host"] == here and not pid_alive(int(ours["pid"]))
        if old or abandoned:
            with contextlib.suppress(OSError):
                shutil.rmtree(entry.path)
                removed.append(Path(entry.path))
    return removed
