"""Who is acting: a login, a role, and for office editors their offices.

Roles (issue 10): ``admin`` (everything, users), ``segreteria`` (every action, offices,
imports, settings), ``ufficio`` (only actions one of their offices leads or supports, and
there only status, progress, notes and milestones), ``consultazione`` (read, print,
export). Operations ask for a ``Permission``; an office editor's edits are also checked
against the action's offices and the fields they may change. The person comes from the
database (``services.users.identify``), never from an environment variable.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from valenza_desk.errors import PermissionDeniedError


class Role(StrEnum):
    ADMIN = "admin"
    SEGRETERIA = "segreteria"
    UFFICIO = "ufficio"
    CONSULTAZIONE = "consultazione"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        wanted = text.strip().lower()
        for role in cls:
            if wanted in (role.value, role.label.lower()):
                return role
        raise ValueError(text)


class Permission(StrEnum):
    EDIT_ACTIONS = "edit_actions"
    MANAGE_OFFICES = "manage_offices"
    IMPORT_PROGRAMME = "import_programme"
    CHANGE_SETTINGS = "change_settings"
    CREATE_DATABASE = "create_database"
    MANAGE_USERS = "manage_users"
    MANAGE_MEETINGS = "manage_meetings"


_ROLE_LABELS = {
    Role.ADMIN: "amministrazione",
    Role.SEGRETERIA: "segreteria",
    Role.UFFICIO: "ufficio",
    Role.CONSULTAZIONE: "consultazione",
}
_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SEGRETERIA: frozenset(Permission) - {Permission.MANAGE_USERS},
    Role.UFFICIO: frozenset({Permission.EDIT_ACTIONS}),
    Role.CONSULTAZIONE: frozenset(),
}
_WHAT = {
    Permission.EDIT_ACTIONS: "modificare le azioni",
    Permission.MANAGE_OFFICES: "modificare gli uffici",
    Permission.IMPORT_PROGRAMME: "importare un programma",
    Permission.CHANGE_SETTINGS: "cambiare le impostazioni",
    Permission.CREATE_DATABASE: "creare o aggiornare un database",
    Permission.MANAGE_USERS: "gestire gli utenti",
    Permission.MANAGE_MEETINGS: "gestire le sedute",
}
# what an office editor may change of their own offices' actions
OFFICE_EDITOR_FIELDS = frozenset({"status", "progress", "completed_on", "notes", "milestone", "note", "act_reference"})
FIELD_LABELS = {
    "lead_office": "l'ufficio responsabile",
    "support_offices": "gli uffici di supporto",
    "due_date": "la scadenza",
    "referent": "il referente politico",
    "values": "i valori",
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person acting: ``name`` is the login recorded in the audit."""

    name: str
    role: Role = Role.SEGRETERIA
    office_ids: frozenset[int] = frozenset()
    full_name: str = ""

    @property
    def display_name(self) -> str:
        return self.full_name or self.name

    def can(self, permission: Permission) -> bool:
        return permission in _GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise PermissionDeniedError (Italian) unless this actor has ``permission``."""
        if not self.can(permission):
            raise PermissionDeniedError(
                f"L'utente {self.name} ha il profilo di {self.role.label} e non può {_WHAT[permission]}."
            )

    def can_edit_action(self, office_ids: Iterable[int]) -> bool:
        """Whether this person may edit an action worked on by ``office_ids`` (lead and support)."""
        if not self.can(Permission.EDIT_ACTIONS):
            return False
        return self.role is not Role.UFFICIO or bool(self.office_ids & set(office_ids))

    def require_edit(self, code: str, office_ids: Iterable[int], fields: Iterable[str]) -> None:
        """Raise PermissionDeniedError unless this person may change ``fields`` of action ``code``."""
        self.require(Permission.EDIT_ACTIONS)
        if self.role is not Role.UFFICIO:
            return
        if not self.office_ids & set(office_ids):
            raise PermissionDeniedError(
                f"L'azione {code} non è affidata ai suoi uffici: l'utente {self.name} (profilo ufficio) "
                "può modificare solo le azioni dei propri uffici."
            )
        refused = sorted(f for f in fields if f not in OFFICE_EDITOR_FIELDS)
        if refused:
            what = ", ".join(FIELD_LABELS.get(f, f) for f in refused)
            raise PermissionDeniedError(
                f"Con il profilo ufficio si possono aggiornare stato, avanzamento, note e traguardi, non {what} "
                f"(azione {code}): chiedere alla segreteria."
            )


def os_login() -> str:
    """The operating system's account name (not LOGNAME/USER, which anyone can set)."""
    if os.name == "nt":
        import ctypes

        size = ctypes.c_ulong(256)
        buffer = ctypes.create_unicode_buffer(256)
        if ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):  # type: ignore[attr-defined]
            return buffer.value
        return "utente"
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid{os.getuid()}"
