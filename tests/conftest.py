"""Shared fixtures: a fresh SQLite file per test, seeded or empty, an actor, a fixed clock and
the Desk that holds them.

Qt runs offscreen unless a display is asked for explicitly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.clock import FixedClock
from valenza_desk.resources import bundled_programme_path
from valenza_desk.services.desk import Desk
from valenza_desk.services.setup import open_database
from valenza_desk.store.database import Database

SEED = bundled_programme_path()
TODAY = date(2026, 11, 25)
FIXTURES = Path(__file__).parent / "fixtures"
DB_MADE_BY_0001 = FIXTURES / "valenza-desk-0001.sqlite3"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data, logs or Qt settings during tests."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("VALENZA_DESK_DB", raising=False)
    monkeypatch.delenv("VALENZA_DESK_ROLE", raising=False)


@pytest.fixture
def actor() -> Actor:
    return Actor("segreteria.test", Role.SEGRETERIA)


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing on 25/11/2026 (tests may ``advance`` it)."""
    return FixedClock(TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "valenza.sqlite3"


@pytest.fixture
def empty_db(db_path: Path) -> Iterator[Database]:
    db = open_database(db_path)
    yield db
    db.dispose()


@pytest.fixture
def empty_desk(db_path: Path, actor: Actor, clock: FixedClock) -> Iterator[Desk]:
    desk = Desk.open(db_path, actor, clock)
    yield desk
    desk.close()


@pytest.fixture
def desk(empty_desk: Desk) -> Desk:
    """A Desk on a fresh file seeded with the bundled programme (84 actions)."""
    empty_desk.seed()
    return empty_desk


@pytest.fixture
def seeded_db(desk: Desk) -> Database:
    return desk.db


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def report_desk(desk: Desk) -> Desk:
    """The seeded programme with the sample scenario and awkward data (see tests/report_data.py)."""
    from tests.report_data import prepare_report_desk

    prepare_report_desk(desk)
    return desk
