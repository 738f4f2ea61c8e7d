"""A SQLite file on a network share opens for consultation only, unless the person insists.

The operating system's mount table is the boundary: the test points ``store.network`` at a
mount table that lists the test's folder as an SMB (cifs) share.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from valenza_desk.errors import ReadOnlyDatabaseError
from valenza_desk.services.desk import Desk
from valenza_desk.services.maintenance import copy_sqlite
from valenza_desk.store import network


@pytest.fixture
def on_a_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    share = tmp_path / "condivisa"
    share.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//server/ufficio {share} cifs rw,vers=3.0 0 0\n", encoding="utf-8")
    monkeypatch.setattr(network, "MOUNTS", mounts)
    return share


def test_detection_of_network_filesystems(on_a_share: Path, tmp_path: Path) -> None:
    assert network.network_filesystem(on_a_share / "valenza.sqlite3") == "cifs"
    assert network.network_filesystem(tmp_path / "locale.sqlite3") == ""
    assert network.network_filesystem(Path("//server/share/valenza.sqlite3")) == "UNC"


def test_a_database_on_a_share_is_read_only_unless_the_person_insists(desk: Desk, on_a_share: Path) -> None:
    path = on_a_share / "valenza.sqlite3"
    copy_sqlite(desk.db.path, path)  # type: ignore[arg-type]
    shared = Desk.open(path, desk.actor, desk.clock)
    assert shared.db.read_only and "cartella di rete (cifs)" in shared.db.read_only_reason
    assert len(shared.actions()) == 84
    with pytest.raises(ReadOnlyDatabaseError, match="server condiviso"):
        shared.set_due_soon_days(10)
    shared.close()
    insisted = Desk.open(path, desk.actor, desk.clock, allow_network_share=True)
    assert not insisted.db.read_only
    insisted.set_due_soon_days(10)
    insisted.close()


def test_the_cli_says_so_and_offers_the_option(
    desk: Desk, on_a_share: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In-process (the mount table stands in for the OS one only in this process)."""
    from valenza_desk.cli import main

    path = on_a_share / "valenza.sqlite3"
    copy_sqlite(desk.db.path, path)  # type: ignore[arg-type]
    assert main(["--db", str(path), "set", "CUL-04", "--progress", "10"]) == 2
    refused = capsys.readouterr().err
    assert "cartella di rete" in refused and "--allow-network-share" in refused
    assert main(["--db", str(path), "--allow-network-share", "set", "CUL-04", "--progress", "10"]) == 0
    assert "CUL-04 aggiornata" in capsys.readouterr().out
