"""Shared fixtures: a fresh SQLite file per test, seeded or empty, and an actor.

Qt runs offscreen unless a display is asked for explicitly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.resources import bundled_programme_path
from valenza_desk.services.programme import import_programme_file
from valenza_desk.services.setup import open_database
from valenza_desk.store.database import Database

SEED = bundled_programme_path()


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
    return Actor("segreteria.test", Role.EDITOR)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "valenza.sqlite3"


@pytest.fixture
def empty_db(db_path: Path) -> Iterator[Database]:
    db = open_database(db_path)
    yield db
    db.dispose()


@pytest.fixture
def seeded_db(db_path: Path, actor: Actor) -> Iterator[Database]:
    db = open_database(db_path)
    import_programme_file(db, actor, SEED)
    yield db
    db.dispose()


@pytest.fixture
def report_db(seeded_db: Database, actor: Actor) -> Database:
    """The seeded programme with the sample scenario and awkward data (see tests/report_data.py)."""
    from tests.report_data import prepare_report_db

    prepare_report_db(seeded_db, actor)
    return seeded_db


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
