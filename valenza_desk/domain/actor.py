"""Who is making a change: a name for the audit log and a role for permission checks."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from enum import StrEnum

from valenza_desk.errors import PermissionDeniedError


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}
_ROLE_LABELS = {Role.VIEWER: "consultazione", Role.EDITOR: "redazione", Role.ADMIN: "amministrazione"}


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: Role = Role.EDITOR

    def require(self, role: Role) -> None:
        """Raise PermissionDeniedError unless this actor has at least ``role``."""
        if _RANK[self.role] < _RANK[role]:
            raise PermissionDeniedError(
                f"L'utente {self.name} ha il profilo di {_ROLE_LABELS[self.role]} "
                f"e non può eseguire questa modifica (serve il profilo di {_ROLE_LABELS[role]})."
            )

    @classmethod
    def from_environment(cls) -> Actor:
        """The person at this PC: OS user name; role from VALENZA_DESK_ROLE (default editor)."""
        try:
            name = getpass.getuser()
        except Exception:  # no user name on some locked-down PCs
            name = "utente"
        raw_role = os.environ.get("VALENZA_DESK_ROLE", Role.EDITOR.value)
        try:
            role = Role(raw_role.strip().lower())
        except ValueError:
            role = Role.VIEWER
        return cls(name=name, role=role)
