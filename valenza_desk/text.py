"""Small text and date helpers shared by importer, services, reports and UI.

``fold`` gives the search key: case and accents ignored, so "citta" finds "città".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")

# Typographic characters a clerk types as plain ones; folded for search only.
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_PUNCT_FOLD = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))


def fold(text: str | None) -> str:
    """Lower-case, accent-free, typographic-quote-free form of ``text`` for matching."""
    if not text:
        return ""
    lowered = text.casefold()
    if lowered.isascii():
        return lowered
    for typographic, plain in _PUNCT_FOLD:
        if typographic in lowered:
            lowered = lowered.replace(typographic, plain)
    # compatibility forms can decompose to capitals ("ℌ" -> "H"): fold once more after stripping marks
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", lowered)).casefold()


def format_date(value: date | None, empty: str = "") -> str:
    """Italian date ``25/11/2026``; ``empty`` for no date."""
    return value.strftime("%d/%m/%Y") if value else empty


def format_datetime(value: datetime | None, empty: str = "") -> str:
    """Italian date and time in Europe/Rome, e.g. ``25/11/2026 18:05``."""
    if value is None:
        return empty
    return value.astimezone(ROME).strftime("%d/%m/%Y %H:%M")


def parse_user_date(text: str) -> date:
    """Read a date typed as ``YYYY-MM-DD`` or ``dd/mm/yyyy``; ValueError otherwise."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


@lru_cache(maxsize=8192)
def iso_to_date(value: str) -> date:
    """Cached ISO date parsing: listings repeat few distinct dates across many rows."""
    return date.fromisoformat(value[:10])


def to_date(value: object) -> date | None:
    """A stored date (ISO text on SQLite, ``date`` on PostgreSQL) as ``date``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return iso_to_date(str(value))


def to_utc(value: object) -> datetime:
    """A stored timestamp (naive UTC text or datetime on SQLite, aware on PostgreSQL) as aware UTC."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return _iso_to_utc(str(value))


@lru_cache(maxsize=8192)
def _iso_to_utc(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
