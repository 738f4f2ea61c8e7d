"""The one action query: what the table, the CLI, the reports and the views select.

A plain value object; ``services.action_query`` gives it its two evaluations (SQL for
lists, reports and the CLI; in memory for the table's instant filter) from one
definition per criterion. An empty query selects every action of the programme.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from valenza_desk.domain.status import Status


@dataclass(frozen=True, slots=True)
class ActionQuery:
    """Every criterion must hold (AND); within ``stakeholder_ids`` and ``statuses`` any one (OR).

    ``office_id`` matches the lead office only when ``lead_office_only``, otherwise any role.
    ``due_within_days`` selects open actions due from today to today + N days.
    ``search`` matches every word, ignoring case and accents, in code, text and referent.
    ``action_ids`` narrows to given actions (refreshing rows after a change).
    """

    programme_id: int | None = None
    stakeholder_ids: tuple[int, ...] = ()
    office_id: int | None = None
    lead_office_only: bool = False
    statuses: tuple[Status, ...] = ()
    overdue: bool = False
    due_within_days: int | None = None
    without_lead_office: bool = False
    search: str = ""
    action_ids: tuple[int, ...] = ()
    missions: tuple[str, ...] = ()  # DUP Missione codes ("05"); "" selects actions without one

    def within(self, programme_id: int | None) -> ActionQuery:
        """The same query limited to one programme."""
        return replace(self, programme_id=programme_id)

    def and_(self, other: ActionQuery) -> ActionQuery:
        """Both queries at once (a view's query narrowed by the filter bar's)."""

        def both(mine: tuple, theirs: tuple) -> tuple:  # type: ignore[type-arg]
            if mine and theirs:
                kept = tuple(x for x in mine if x in theirs)
                return kept or (None,)  # nothing can match both: an impossible value
            return mine or theirs

        days = [d for d in (self.due_within_days, other.due_within_days) if d is not None]
        office = self.office_id if self.office_id is not None else other.office_id
        return ActionQuery(
            programme_id=self.programme_id if self.programme_id is not None else other.programme_id,
            stakeholder_ids=both(self.stakeholder_ids, other.stakeholder_ids),
            office_id=office,
            lead_office_only=(self.lead_office_only if self.office_id is not None else other.lead_office_only),
            statuses=both(self.statuses, other.statuses),
            overdue=self.overdue or other.overdue,
            due_within_days=min(days) if days else None,
            without_lead_office=self.without_lead_office or other.without_lead_office,
            search=" ".join(x for x in (self.search.strip(), other.search.strip()) if x),
            action_ids=both(self.action_ids, other.action_ids),
            missions=both(self.missions, other.missions),
        )

    @property
    def is_everything(self) -> bool:
        return replace(self, programme_id=None) == ActionQuery()
