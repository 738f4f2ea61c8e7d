"""Run work off the UI thread and get the result back on it (after Anki's CollectionOp).

``run_op(fn, on_success, on_failure, on_progress)`` runs ``fn`` on a worker thread.
Database work goes to a one-thread pool, so the SQLite file has a single writer and
operations happen in the order they were asked; long jobs (reports) may use
``background_pool()``. Callbacks always run on the UI thread. If ``fn`` takes a
``progress`` keyword, it receives a callable ``progress(done, total, text)``.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from valenza_desk.errors import ValenzaError

log = logging.getLogger(__name__)

_db_pool: QThreadPool | None = None
_pending: set[_Signals] = set()


def db_pool() -> QThreadPool:
    """The single-thread pool every database operation goes through."""
    global _db_pool
    if _db_pool is None:
        _db_pool = QThreadPool()
        _db_pool.setMaxThreadCount(1)
        _db_pool.setObjectName("valenza-db")
    return _db_pool


def background_pool() -> QThreadPool:
    return QThreadPool.globalInstance()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals, wants_progress: bool) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals
        self._wants_progress = wants_progress
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn(progress=self._signals.progressed.emit) if self._wants_progress else self._fn()
        except BaseException as exc:
            if not isinstance(exc, ValenzaError):
                log.exception("operation failed")
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


def _takes_progress(fn: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def run_op(
    fn: Callable[..., Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Start ``fn`` on a worker; exactly one of ``on_success``/``on_failure`` is called later."""
    signals = _Signals()  # created here, on the UI thread: its slots run here too
    _pending.add(signals)

    def finish() -> None:
        _pending.discard(signals)
        signals.deleteLater()

    def succeeded(result: object) -> None:
        try:
            if on_success is not None:
                on_success(result)
        finally:
            finish()

    def failed(exc: object) -> None:
        try:
            if on_failure is not None:
                on_failure(exc)  # type: ignore[arg-type]
            else:
                log.error("unhandled operation failure: %s", exc)
        finally:
            finish()

    signals.succeeded.connect(succeeded)
    signals.failed.connect(failed)
    if on_progress is not None:
        signals.progressed.connect(on_progress)
    (pool or db_pool()).start(_Runnable(fn, signals, _takes_progress(fn)))


def alive(obj: QObject) -> bool:
    """Whether the C++ side of ``obj`` still exists (a callback may arrive after its widget was deleted)."""
    return shiboken6.isValid(obj)


def pending_count() -> int:
    """How many operations have not reported back yet (tests wait for zero)."""
    return len(_pending)


def error_message(exc: BaseException) -> str:
    """The Italian text to show for a failure: the project's own message, or a generic one."""
    if isinstance(exc, ValenzaError):
        return exc.message
    from valenza_desk.config import log_dir

    return (
        "Si è verificato un errore imprevisto e l'operazione non è stata completata; "
        f"nessun dato è stato modificato. Dettagli tecnici nel registro in {log_dir()}.\n\n"
        f"({type(exc).__name__}: {exc})"
    )
