"""Who is making a change: a name for the audit log and a role for permission checks.

Operations ask for a ``Permission``; the role decides which permissions a person has.
"""

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


class Permission(StrEnum):
    EDIT_ACTIONS = "edit_actions"
    MANAGE_OFFICES = "manage_offices"
    IMPORT_PROGRAMME = "import_programme"
    CHANGE_SETTINGS = "change_settings"
    CREATE_DATABASE = "create_database"


_ROLE_LABELS = {Role.VIEWER: "consultazione", Role.EDITOR: "redazione", Role.ADMIN: "amministrazione"}
_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset(),
    Role.EDITOR: frozenset(Permission),
    Role.ADMIN: frozenset(Permission),
}
_WHAT = {
    Permission.EDIT_ACTIONS: "modificare le azioni",
    Permission.MANAGE_OFFICES: "modificare gli uffici",
    Permission.IMPORT_PROGRAMME: "importare un programma",
    Permission.CHANGE_SETTINGS: "cambiare le impostazioni",
    Permission.CREATE_DATABASE: "creare un database",
}


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: Role = Role.EDITOR

    def can(self, permission: Permission) -> bool:
        return permission in _GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise PermissionDeniedError (Italian) unless this actor has ``permission``."""
        if not self.can(permission):
            raise PermissionDeniedError(
                f"L'utente {self.name} ha il profilo di {_ROLE_LABELS[self.role]} e non può {_WHAT[permission]}."
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
