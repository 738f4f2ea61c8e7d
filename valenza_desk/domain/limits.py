"""How long each text a person types may be: checked once, in the write path, on every engine.

SQLite stores any length and PostgreSQL refuses what exceeds its VARCHAR (in English),
so the limits live here, the models take their column sizes from them, and every
write checks them first with an Italian message. A NUL byte is refused everywhere
(PostgreSQL cannot store it).
"""

from __future__ import annotations

from valenza_desk.errors import ValidationError

# column sizes (also VARCHAR lengths in the schema)
PROGRAMME_TITLE = 200
PROGRAMME_PERIOD = 20
PERSON_NAME = 200
LOGIN = 100
OFFICE_NAME = 200
EMAIL = 200
PHONE = 50
STAKEHOLDER_NAME = 200
VALUE_NAME = 100
ACTION_CODE = 20
REFERENT = 200
ACT_REFERENCE = 300
MILESTONE_TITLE = 500
DUE_REASON = 500
ACT_SUBJECT = 500
MEETING_BODY = 100
MEETING_TITLE = 300
AUDIT_LABEL = 200

# unbounded columns still get a limit a person can understand
ACTION_TEXT = 10_000
NOTES = 20_000
PROGRESS_NOTE = 10_000


def checked_text(value: str, label: str, limit: int, *, single_line: bool = False) -> str:
    """``value`` stripped, or ValidationError (Italian) when too long or not storable."""
    if "\x00" in value:
        raise ValidationError(f"Il campo «{label}» contiene un carattere non valido (NUL): ricopiare il testo.")
    text = " ".join(value.split()) if single_line else value.strip()
    if len(text) > limit:
        raise ValidationError(
            f"Il campo «{label}» è troppo lungo: {_thousands(len(text))} caratteri, al massimo {_thousands(limit)}."
        )
    return text


def _thousands(number: int) -> str:
    """10.000, as Italians write it."""
    return f"{number:,}".replace(",", ".")
