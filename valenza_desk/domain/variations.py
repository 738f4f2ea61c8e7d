"""A variation between two moments of the programme (a row of "Cosa è cambiato" and of the
"Variazioni" sheet), its kinds with their Italian labels, and counting them.

``services.changes`` computes them; reports and the window show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KIND_LABELS = {
    "status": "Stato cambiato",
    "progress_up": "Avanzamento cresciuto",
    "progress_down": "Avanzamento diminuito",
    "due_moved": "Scadenza spostata",
    "completed_on_time": "Completata nei tempi",
    "completed_late": "Completata in ritardo",
    "newly_overdue": "Diventata scaduta",
    "lead_office": "Ufficio responsabile cambiato",
    "support_offices": "Uffici di supporto cambiati",
    "referent": "Referente cambiato",
    "milestone_added": "Traguardo aggiunto",
    "milestone_reached": "Traguardo raggiunto",
    "note": "Nuova nota di avanzamento",
    "act": "Atto citato",
    "added": "Azione aggiunta",
    "removed": "Azione tolta",
}


@dataclass(frozen=True, slots=True)
class Change:
    code: str
    stakeholder: str
    order: tuple[int, int, int]  # stakeholder position, action position, action id
    kind: str
    field: str
    old: object
    new: object
    old_label: str
    new_label: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def counts(changes: Iterable[Change]) -> dict[str, int]:
    """How many changes of each kind (for the brief's summary)."""
    found: dict[str, int] = {}
    for change in changes:
        found[change.kind] = found.get(change.kind, 0) + 1
    return found
