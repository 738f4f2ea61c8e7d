"""The action query's two evaluations, from one definition per criterion.

Every criterion of ``ActionQuery`` is one small class holding both its SQL condition
(for lists, the CLI and the reports, on SQLite and PostgreSQL alike) and its Python
test (for the table's instant filter over rows already loaded). ``criteria`` is the
only place that maps a query to criteria, so a new filter (DUP mission, meeting,
theme) is one class and one line there. A property-based test checks that both
evaluations select the same actions.

The SQL conditions refer to the listing's aliases: ``a`` (action) and ``lead`` (its
lead-office assignment, LEFT JOINed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, bindparam
from sqlalchemy.sql.elements import BindParameter

from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionRow
from valenza_desk.domain.status import CLOSED_STATUSES, Status, is_due_within, is_overdue
from valenza_desk.errors import ValidationError
from valenza_desk.text import fold

Test = Callable[[ActionRow], bool]
_CLOSED_SQL = ", ".join(f"'{s.value}'" for s in sorted(CLOSED_STATUSES))


@dataclass(slots=True)
class Binder:
    """Collects the parameters of a WHERE clause, each with a unique name."""

    params: dict[str, object] = field(default_factory=dict)
    typed: list[BindParameter[Any]] = field(default_factory=list)

    def value(self, value: object) -> str:
        name = f"q{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def values(self, values: Sequence[object]) -> str:
        name = f"q{len(self.params)}"
        self.params[name] = list(values)
        self.typed.append(bindparam(name, expanding=True))
        return f":{name}"

    def day(self, value: date) -> str:
        name = f"q{len(self.params)}"
        self.params[name] = value
        self.typed.append(bindparam(name, type_=Date))
        return f":{name}"


class Criterion:
    """One condition on an action: its SQL and its Python test say the same thing."""

    def sql(self, bind: Binder) -> str:
        raise TypeError(f"{type(self).__name__} defines no SQL")

    def test(self) -> Test:
        raise TypeError(f"{type(self).__name__} defines no test")

    def narrow(self, rows: Sequence[ActionRow]) -> list[ActionRow]:
        test = self.test()
        return [r for r in rows if test(r)]


@dataclass(frozen=True, slots=True)
class InProgramme(Criterion):
    programme_id: int

    def sql(self, bind: Binder) -> str:
        return f"a.programme_id = {bind.value(self.programme_id)}"

    def test(self) -> Test:
        wanted = self.programme_id
        return lambda r: r.programme_id == wanted


@dataclass(frozen=True, slots=True)
class AmongActions(Criterion):
    ids: tuple[int, ...]

    def sql(self, bind: Binder) -> str:
        return f"a.id IN {bind.values(self.ids)}"

    def test(self) -> Test:
        wanted = frozenset(self.ids)
        return lambda r: r.id in wanted


@dataclass(frozen=True, slots=True)
class OfStakeholders(Criterion):
    ids: tuple[int, ...]

    def sql(self, bind: Binder) -> str:
        return f"a.stakeholder_id IN {bind.values(self.ids)}"

    def test(self) -> Test:
        wanted = frozenset(self.ids)
        return lambda r: r.stakeholder_id in wanted


@dataclass(frozen=True, slots=True)
class WithStatus(Criterion):
    statuses: tuple[Status | None, ...]

    def sql(self, bind: Binder) -> str:
        return f"a.status IN {bind.values([Status(s).value if s else None for s in self.statuses])}"

    def test(self) -> Test:
        wanted = frozenset(self.statuses)
        return lambda r: r.status in wanted


@dataclass(frozen=True, slots=True)
class InMissions(Criterion):
    """DUP Missione of the action ("" = not classified yet)."""

    missions: tuple[str | None, ...]

    def sql(self, bind: Binder) -> str:
        return f"a.mission IN {bind.values(list(self.missions))}"

    def test(self) -> Test:
        wanted = frozenset(self.missions)
        return lambda r: r.mission in wanted


@dataclass(frozen=True, slots=True)
class OfOffice(Criterion):
    """The office leads the action (``lead_only``) or works on it in any role."""

    office_id: int
    lead_only: bool

    def sql(self, bind: Binder) -> str:
        office = bind.value(self.office_id)
        if self.lead_only:
            return f"lead.office_id = {office}"
        return f"EXISTS (SELECT 1 FROM action_office x WHERE x.action_id = a.id AND x.office_id = {office})"

    def test(self) -> Test:
        wanted = self.office_id
        if self.lead_only:
            return lambda r: r.lead_office_id == wanted
        return lambda r: r.lead_office_id == wanted or wanted in r.support_office_ids


class WithoutLead(Criterion):
    def sql(self, bind: Binder) -> str:
        return "lead.office_id IS NULL"

    def test(self) -> Test:
        return lambda r: r.lead_office_id is None


@dataclass(frozen=True, slots=True)
class Overdue(Criterion):
    """ "Scaduta": due date past and neither done nor dropped (``status.is_overdue``)."""

    today: date

    def sql(self, bind: Binder) -> str:
        return f"(a.due_date < {bind.day(self.today)} AND a.status NOT IN ({_CLOSED_SQL}))"

    def test(self) -> Test:
        today = self.today
        return lambda r: is_overdue(r.status, r.due_date, today)


@dataclass(frozen=True, slots=True)
class DueWithin(Criterion):
    """ "In scadenza": open and due from today to today + days (``status.is_due_within``)."""

    today: date
    days: int

    def sql(self, bind: Binder) -> str:
        start, end = bind.day(self.today), bind.day(self.today + timedelta(days=self.days))
        return f"(a.due_date >= {start} AND a.due_date <= {end} AND a.status NOT IN ({_CLOSED_SQL}))"

    def test(self) -> Test:
        today, days = self.today, self.days
        return lambda r: is_due_within(r.status, r.due_date, today, days)


@dataclass(frozen=True, slots=True)
class ContainsWord(Criterion):
    """One folded word of the search, anywhere in the folded code, text and referent."""

    word: str

    def sql(self, bind: Binder) -> str:
        escaped = self.word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"a.search_key LIKE {bind.value(f'%{escaped}%')} ESCAPE '\\'"

    def test(self) -> Test:
        word = self.word
        return lambda r: word in r.search_key

    def narrow(self, rows: Sequence[ActionRow]) -> list[ActionRow]:
        word = self.word
        return [r for r in rows if word in r.search_key]  # inlined: runs on every keystroke


def search_words(text: str) -> list[str]:
    """The folded words of a search, longest first (it usually discards the most rows)."""
    return sorted(set(fold(text).split()), key=len, reverse=True)


def criteria(query: ActionQuery, today: date) -> list[Criterion]:
    """The criteria of ``query``, the cheapest and most selective first."""
    if query.due_within_days is not None and query.due_within_days < 0:
        raise ValidationError("Il numero di giorni «in scadenza entro» non può essere negativo.")
    found: list[Criterion] = [ContainsWord(word) for word in search_words(query.search)]
    if query.programme_id is not None:
        found.append(InProgramme(query.programme_id))
    if query.action_ids:
        found.append(AmongActions(query.action_ids))
    if query.stakeholder_ids:
        found.append(OfStakeholders(query.stakeholder_ids))
    if query.statuses:
        found.append(WithStatus(query.statuses))
    if query.missions:
        found.append(InMissions(query.missions))
    if query.overdue:
        found.append(Overdue(today))
    if query.due_within_days is not None:
        found.append(DueWithin(today, query.due_within_days))
    if query.without_lead_office:
        found.append(WithoutLead())
    if query.office_id is not None:
        found.append(OfOffice(query.office_id, query.lead_office_only))
    return found


def where_clause(query: ActionQuery, today: date) -> tuple[str, Binder]:
    """``WHERE …`` (or "") and its parameters, for the listing's aliases."""
    bind = Binder()
    conditions = [c.sql(bind) for c in criteria(query, today)]
    return ("WHERE " + " AND ".join(conditions)) if conditions else "", bind


def filter_rows(rows: Sequence[ActionRow], query: ActionQuery, today: date) -> list[ActionRow]:
    """The rows matching ``query``, in the order of ``rows`` (one pass per criterion)."""
    result: Sequence[ActionRow] = rows
    for criterion in criteria(query, today):
        result = criterion.narrow(result)
    return result if isinstance(result, list) else list(result)


def matches(row: ActionRow, query: ActionQuery, today: date) -> bool:
    return all(c.test()(row) for c in criteria(query, today))
