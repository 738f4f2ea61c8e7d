"""What an action query selects, in Italian words: the filter chips above the table, the empty
table's explanation and the Reports dialog's "Filtri applicati" line all say it the same way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.status import OVERDUE_LABEL


def _tr(text: str) -> str:
    return QCoreApplication.translate("FilterText", text)


@dataclass(frozen=True, slots=True)
class FilterPart:
    """One criterion: ``key`` says which (to remove it), ``text`` how it reads."""

    key: str
    text: str


def office_text(name: str, lead_only: bool) -> str:
    """ "Settore Cultura (solo responsabile)" or "(qualsiasi ruolo)": the office filter always says which."""
    role = _tr("solo responsabile") if lead_only else _tr("qualsiasi ruolo")
    return f"{name} ({role})"


def describe(
    query: ActionQuery,
    stakeholders: Mapping[int, str] | None = None,
    offices: Mapping[int, str] | None = None,
) -> list[FilterPart]:
    """The criteria of ``query`` one by one ("Stato: In corso", "Cerca: teatro"); [] for everything."""
    stakeholders = stakeholders or {}
    offices = offices or {}
    parts: list[FilterPart] = []
    if query.stakeholder_ids:
        names = ", ".join(stakeholders.get(i, "?") for i in query.stakeholder_ids if i is not None)
        parts.append(FilterPart("stakeholders", _tr("Stakeholder: %s") % (names or "—")))
    if query.statuses:
        labels = ", ".join(s.label for s in query.statuses if s is not None)
        parts.append(FilterPart("statuses", _tr("Stato: %s") % (labels or "—")))
    if query.overdue:
        parts.append(FilterPart("overdue", _tr("Stato: %s") % OVERDUE_LABEL))
    if query.due_within_days is not None:
        parts.append(FilterPart("due_within", _tr("In scadenza entro %s giorni") % query.due_within_days))
    if query.without_lead_office:
        parts.append(FilterPart("without_lead", _tr("Senza ufficio responsabile")))
    if query.office_id is not None:
        name = offices.get(query.office_id, "?")
        parts.append(FilterPart("office", _tr("Ufficio: %s") % office_text(name, query.lead_office_only)))
    if query.search.strip():
        parts.append(FilterPart("search", _tr("Cerca: %s") % query.search.strip()))
    if query.action_ids:
        parts.append(FilterPart("actions", _tr("%s azioni scelte") % len(query.action_ids)))
    return parts


def describe_line(
    query: ActionQuery,
    stakeholders: Mapping[int, str] | None = None,
    offices: Mapping[int, str] | None = None,
) -> str:
    """All criteria on one line, or "tutto il programma"."""
    parts = describe(query, stakeholders, offices)
    return "; ".join(p.text for p in parts) if parts else _tr("tutto il programma")


def hidden_text(hidden: int, filters: list[str]) -> str:
    """ "Nessuna azione: 2 nascoste dal filtro «Cerca: teatro»" — why the table is empty."""
    named = ", ".join(f"«{f}»" for f in filters)
    if hidden == 1:
        text = (
            _tr("Nessuna azione: 1 nascosta dal filtro %s")
            if len(filters) == 1
            else _tr("Nessuna azione: 1 nascosta dai filtri %s")
        )
        return text % named
    text = (
        _tr("Nessuna azione: %1 nascoste dal filtro %2")
        if len(filters) == 1
        else _tr("Nessuna azione: %1 nascoste dai filtri %2")
    )
    return text.replace("%1", str(hidden)).replace("%2", named)
