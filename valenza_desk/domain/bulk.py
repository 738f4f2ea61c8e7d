"""A bulk change: the same fields given to many actions at once (the table's multi-selection).

Only what the person chose is changed; everything else of each action stays as it is.
``KEEP`` marks "leave as it is" where None already means "remove" (lead office, due date).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status
from valenza_desk.text import format_date


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


@dataclass(frozen=True, slots=True)
class BulkChange:
    lead_office_id: int | _Keep | None = KEEP  # None: no lead office any more
    add_support_office_id: int | None = None
    status: Status | None = None
    due_date: date | _Keep | None = KEEP  # None: no due date any more
    referent: str | None = None
    add_value_ids: tuple[int, ...] = ()
    remove_value_ids: tuple[int, ...] = ()
    note: str = ""
    act_reference: str = ""

    @property
    def empty(self) -> bool:
        return self == BulkChange()

    def applied_to(self, edit: ActionEdit, today: date) -> ActionEdit:
        """``edit`` (an action as stored) with this change made; "Completata" also sets 100% and today."""
        changed = replace(edit, note=self.note, act_reference=self.act_reference, milestones=None)
        if not isinstance(self.lead_office_id, _Keep):
            changed.lead_office_id = self.lead_office_id
        support = tuple(i for i in changed.support_office_ids if i != changed.lead_office_id)
        if self.add_support_office_id is not None and self.add_support_office_id != changed.lead_office_id:
            support = tuple(dict.fromkeys((*support, self.add_support_office_id)))
        changed.support_office_ids = support
        if self.status is not None and self.status is not changed.status:
            changed.status = self.status
            if self.status is Status.DONE:
                changed.progress = 100
                changed.completed_on = changed.completed_on or today
            else:
                changed.completed_on = None
        if not isinstance(self.due_date, _Keep):
            changed.due_date = self.due_date
        if self.referent is not None:
            changed.referent = self.referent
        if self.add_value_ids or self.remove_value_ids:
            kept = [v for v in changed.value_ids if v not in self.remove_value_ids]
            changed.value_ids = tuple(dict.fromkeys((*kept, *self.add_value_ids)))
        return changed

    def describe(self, office_names: dict[int, str], value_names: dict[int, str]) -> str:
        """What the change does, in Italian, for the operation's label."""
        parts: list[str] = []
        if not isinstance(self.lead_office_id, _Keep):
            name = office_names.get(self.lead_office_id, "") if self.lead_office_id is not None else "nessuno"
            parts.append(f"ufficio responsabile {name}")
        if self.add_support_office_id is not None:
            parts.append(f"ufficio di supporto {office_names.get(self.add_support_office_id, '')}")
        if self.status is not None:
            parts.append(f"stato {self.status.label}")
        if not isinstance(self.due_date, _Keep):
            parts.append(f"scadenza {format_date(self.due_date, 'nessuna')}")
        if self.referent is not None:
            parts.append(f"referente {self.referent or 'nessuno'}")
        if self.add_value_ids:
            parts.append("valori + " + ", ".join(value_names.get(v, "") for v in self.add_value_ids))
        if self.remove_value_ids:
            parts.append("valori − " + ", ".join(value_names.get(v, "") for v in self.remove_value_ids))
        if self.note or self.act_reference:
            parts.append("nota di avanzamento" + (f" ({self.act_reference})" if self.act_reference else ""))
        return "; ".join(parts)
