"""What an operation changed: the change set every write returns (after Anki's ``OpChanges``).

The window refreshes the table rows, navigator counts and dashboard from a change set
instead of reloading everything by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Ids of the rows an operation created, changed or removed, per kind of entity."""

    actions: frozenset[int] = frozenset()
    offices: frozenset[int] = frozenset()
    stakeholders: frozenset[int] = frozenset()
    programmes: frozenset[int] = frozenset()
    values: frozenset[int] = frozenset()
    settings: frozenset[str] = frozenset()
    removed_actions: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (
            self.actions
            or self.offices
            or self.stakeholders
            or self.programmes
            or self.values
            or self.settings
            or self.removed_actions
        )

    @property
    def structure(self) -> bool:
        """True when more than action rows changed (offices, programme, settings): a full reload is due."""
        return bool(self.offices or self.stakeholders or self.programmes or self.values or self.settings)

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            self.actions | other.actions,
            self.offices | other.offices,
            self.stakeholders | other.stakeholders,
            self.programmes | other.programmes,
            self.values | other.values,
            self.settings | other.settings,
            self.removed_actions | other.removed_actions,
        )


@dataclass(frozen=True, slots=True)
class OpResult(Generic[T]):
    """The value an operation returns, what it changed, and the id of its audit group."""

    value: T
    changes: ChangeSet
    operation_id: int | None = None
