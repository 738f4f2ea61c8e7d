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


def search_key(code: str, text: str, referent: str = "") -> str:
    """The folded text the accent-free search looks in: code, action text and referent."""
    return fold(f"{code} {text} {referent}")


def format_date(value: date | None, empty: str = "") -> str:
    """Italian date ``25/11/2026``; ``empty`` for no date."""
    return value.strftime("%d/%m/%Y") if value else empty


def format_datetime(value: datetime | None, empty: str = "") -> str:
    """Italian date and time in Europe/Rome, e.g. ``25/11/2026 18:05``."""
    if value is None:
        return empty
    return value.astimezone(ROME).strftime("%d/%m/%Y %H:%M")


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ITALIAN_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")


class DateInputError(ValueError):
    """A typed date that is not a date, with the reason in Italian (``str(error)``)."""


def parse_user_date(text: str) -> date:
    """A date typed as a clerk types it: 31/03/2027, 31/3/27, 1.4.2027, 31-3-2027 or 2027-03-31.

    Two-digit years are 2000-2099. An impossible date (31/02/2027, month 13) raises
    DateInputError naming what is wrong; it never becomes another date.
    """
    stripped = text.strip()
    iso = _ISO_DATE.match(stripped)
    italian = _ITALIAN_DATE.match(stripped)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif italian:
        day, month, year = (int(g) for g in italian.groups())
        if len(italian.group(3)) == 2:
            year += 2000
    else:
        raise DateInputError(f"«{stripped}» non è una data: scrivere giorno/mese/anno, per esempio 31/03/2027.")
    if not 1 <= month <= 12:
        raise DateInputError(f"«{stripped}» non è una data valida: il mese deve essere tra 1 e 12.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError(
            f"«{stripped}» non è una data valida: {_MONTHS[month - 1]} {year} non ha il giorno {day}."
        ) from None


_MONTHS = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)


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
