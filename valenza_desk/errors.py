"""Errors a person can cause, each carrying an Italian message fit to show as is.

The UI shows ``str(error)`` in a dialog, the CLI prints it and exits non-zero;
neither ever shows a traceback for these.
"""

from __future__ import annotations


class ValenzaError(Exception):
    """Base of every error whose message is meant for the user (in Italian)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProgrammeFormatError(ValenzaError):
    """The file given as a programme text cannot be read as one."""


class ValidationError(ValenzaError):
    """A value the user typed is not acceptable (progress out of range, ...)."""


class NotFoundError(ValenzaError):
    """An action, office or stakeholder named by the user does not exist."""


class ConflictError(ValenzaError):
    """The row changed elsewhere since the user opened it (optimistic locking)."""


class OfficeInUseError(ValenzaError):
    """An office still assigned to actions cannot be removed without a decision."""

    def __init__(self, message: str, assigned: int) -> None:
        super().__init__(message)
        self.assigned = assigned


class PermissionDeniedError(ValenzaError):
    """The actor's role does not allow the change."""


class DatabaseError(ValenzaError):
    """The database cannot be used as asked (locked, read-only, unreachable)."""

    exit_code = 2


class DatabaseLockedError(DatabaseError):
    """Another program holds the write lock for longer than the busy timeout."""


class ConnectionLostError(DatabaseError):
    """The connection to the shared server dropped during an operation (nothing was saved by it)."""


class ReadOnlyDatabaseError(DatabaseError):
    """The database file or its folder cannot be written."""
