"""UI fixtures: a main window on a Desk over a real seeded temporary database (fixed clock),
settings in a temp INI file."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from valenza_desk.services.desk import Desk, OfficeDraft
from valenza_desk.ui import ops
from valenza_desk.ui.settings import AppSettings


def never_ask(window) -> None:  # type: ignore[no-untyped-def]
    """Unsaved changes left by a test are discarded when pytest-qt closes the window (no modal box)."""
    from valenza_desk.ui.unsaved_guard import LeaveChoice

    window.panel.guard.ask = lambda code: LeaveChoice.DISCARD


@pytest.fixture
def wait_ops(qtbot) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """Wait until every run_op has reported back on the UI thread."""

    def wait() -> None:
        qtbot.waitUntil(lambda: ops.pending_count() == 0, timeout=15_000)

    return wait


@pytest.fixture
def settings(tmp_path) -> AppSettings:  # type: ignore[no-untyped-def]
    return AppSettings.in_file(tmp_path / "settings.ini")


@pytest.fixture
def two_offices(desk: Desk) -> tuple[int, int]:
    culture = desk.add_office(OfficeDraft("Settore Cultura", "Dott.ssa Ferraris", "cultura@comune.example.it"))
    works = desk.add_office(OfficeDraft("Lavori Pubblici", "Ing. Bianchi"))
    return culture.value.id, works.value.id


def open_window(qtbot, desk: Desk, settings: AppSettings, wait_ops):  # type: ignore[no-untyped-def]
    """A main window on ``desk``, shown and loaded."""
    from valenza_desk.ui.main_window import MainWindow

    win = MainWindow(desk, settings)
    never_ask(win)
    qtbot.addWidget(win)
    win.show()
    wait_ops()
    return win


def _shown_window(qtbot, desk: Desk, settings: AppSettings, wait_ops) -> Iterator:  # type: ignore[no-untyped-def]
    yield open_window(qtbot, desk, settings, wait_ops)
    wait_ops()


@pytest.fixture
def window(qtbot, desk: Desk, settings: AppSettings, wait_ops):  # type: ignore[no-untyped-def]
    yield from _shown_window(qtbot, desk, settings, wait_ops)


@pytest.fixture
def window_with_offices(qtbot, desk, settings, wait_ops, two_offices) -> Iterator:  # type: ignore[no-untyped-def]
    """The main window opened after two offices exist, so its pickers list them."""
    yield from _shown_window(qtbot, desk, settings, wait_ops)
