"""Remembered window state: size, splitter positions and the last view (QSettings).

Organisation "Comune di Valenza", application "Valenza Desk". Tests and the
screenshot command pass their own INI file so the user's real settings are never
touched.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Comune di Valenza"
SERVER_MARK = "@server"  # last_database when the last database opened was the shared server
APPLICATION = "Valenza Desk"


class AppSettings:
    """Typed access to the few values the app remembers."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings if qsettings is not None else QSettings(ORGANISATION, APPLICATION)

    @classmethod
    def in_file(cls, path: str | Path) -> AppSettings:
        """Settings kept in an INI file (tests, screenshots)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _set(self, key: str, value: object) -> None:
        self._s.setValue(key, value)

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._set("window/state", value)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._set(f"splitters/{name}", value)

    def header_state(self, name: str) -> QByteArray | None:
        return self._bytes(f"headers/{name}")

    def set_header_state(self, name: str, value: QByteArray) -> None:
        self._set(f"headers/{name}", value)

    @property
    def last_view(self) -> str:
        value = self._s.value("view/last", "")
        return str(value) if value else ""

    @last_view.setter
    def last_view(self, value: str) -> None:
        self._set("view/last", value)

    @property
    def last_database(self) -> str:
        value = self._s.value("database/last", "")
        return str(value) if value else ""

    @last_database.setter
    def last_database(self, value: str) -> None:
        self._set("database/last", value)

    def remember_database(self, file_name: str, on_server: bool) -> None:
        """What to open at the next start: the file, or the last shared server (see ``last_connection``)."""
        self.last_database = SERVER_MARK if on_server else file_name

    @property
    def last_connection(self) -> dict[str, str]:
        """The last shared server connected to: server, port, database, login (never the password)."""
        keys = ("server", "port", "database", "login")
        return {k: str(self._s.value(f"connection/{k}", "") or "") for k in keys}

    @last_connection.setter
    def last_connection(self, value: dict[str, str]) -> None:
        for key in ("server", "port", "database", "login"):
            self._set(f"connection/{key}", value.get(key, ""))

    def sync(self) -> None:
        self._s.sync()
