"""The progress callback every writer accepts: ``progress(done, total, text)``."""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int, str], None]


def no_progress(_done: int, _total: int, _text: str) -> None:
    """The default callback: nobody is watching."""
