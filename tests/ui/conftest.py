"""UI fixtures: a main window on a real seeded temporary database, settings in a temp INI file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from valenza_desk.domain.actor import Actor
from valenza_desk.services import offices
from valenza_desk.store.database import Database
from valenza_desk.ui import ops
from valenza_desk.ui.settings import AppSettings


def never_ask(window) -> None:  # type: ignore[no-untyped-def]
    """Unsaved changes left by a test are discarded when pytest-qt closes the window (no modal box)."""
    from valenza_desk.ui.detail_panel import LeaveChoice

    window.panel.ask_unsaved = lambda: LeaveChoice.DISCARD


@pytest.fixture
def wait_ops(qtbot) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """Wait until every run_op has reported back on the UI thread."""

    def wait() -> None:
        qtbot.waitUntil(lambda: ops.pending_count() == 0, timeout=15_000)

    return wait


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings.in_file(tmp_path / "settings.ini")


@pytest.fixture
def two_offices(seeded_db: Database, actor: Actor) -> tuple[int, int]:
    culture = offices.add_office(
        seeded_db, actor, offices.OfficeDraft("Settore Cultura", "Dott.ssa Ferraris", "cultura@comune.example.it")
    )
    works = offices.add_office(seeded_db, actor, offices.OfficeDraft("Lavori Pubblici", "Ing. Bianchi"))
    return culture.id, works.id


def _shown_window(qtbot, db: Database, actor: Actor, settings: AppSettings, wait_ops) -> Iterator:  # type: ignore[no-untyped-def]
    from valenza_desk.ui.main_window import MainWindow

    win = MainWindow(db, actor, settings)
    never_ask(win)
    qtbot.addWidget(win)
    win.show()
    wait_ops()
    yield win
    wait_ops()


@pytest.fixture
def window(qtbot, seeded_db: Database, actor: Actor, settings: AppSettings, wait_ops):  # type: ignore[no-untyped-def]
    yield from _shown_window(qtbot, seeded_db, actor, settings, wait_ops)


@pytest.fixture
def window_with_offices(qtbot, seeded_db, actor, settings, wait_ops, two_offices) -> Iterator:  # type: ignore[no-untyped-def]
    """The main window opened after two offices exist, so its pickers list them."""
    yield from _shown_window(qtbot, seeded_db, actor, settings, wait_ops)
