"""The clock every part of the app reads "today" and "now" from.

The Desk holds one; tests give it a fixed or advancing clock, and the window asks it
again every minute so that an app left open past midnight notices the new day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from valenza_desk.text import ROME


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock: today's date in Rome (the Comune's day), now in UTC."""

    def today(self) -> date:
        return datetime.now(ROME).date()

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(slots=True)
class FixedClock:
    """A clock standing still on ``day`` (tests, reproducible reports); ``advance`` moves it."""

    day: date
    at: time = field(default_factory=lambda: time(9, 0))

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, self.at, tzinfo=ROME).astimezone(UTC)

    def advance(self, days: int = 1) -> None:
        self.day += timedelta(days=days)
