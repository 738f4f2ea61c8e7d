"""Formal acts: their types, and reading "Delibera G.C. n. 45 del 12/03/2024" as type, number, date.

Promise trackers people trust rate progress on verifiable evidence: formal acts with a
number and a date. The parser recognises the way clerks write them and returns None for
anything it cannot read with confidence (the text is then kept as it is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from valenza_desk.domain import limits
from valenza_desk.errors import ValidationError
from valenza_desk.text import DateInputError, fold, format_date, parse_user_date

COUNCIL = "Delibera di Consiglio comunale"
CABINET = "Delibera di Giunta comunale"
DETERMINATION = "Determinazione dirigenziale"
DECREE = "Decreto sindacale"
ORDINANCE = "Ordinanza"
OTHER = "Altro atto"
ACT_TYPES = (COUNCIL, CABINET, DETERMINATION, DECREE, ORDINANCE, OTHER)
SHORT = {COUNCIL: "Delibera C.C.", CABINET: "Delibera G.C.", DETERMINATION: "Determinazione", DECREE: "Decreto"}

# (pattern on the folded text, type): the first that matches decides
_TYPES = (
    (re.compile(r"\b(d\.?\s?c\.?\s?c\.?|c\.\s?c\.|consiglio|consiliare)"), COUNCIL),
    (re.compile(r"\b(d\.?\s?g\.?\s?c\.?|g\.\s?c\.|g\.\s?m\.|giunta)"), CABINET),
    (re.compile(r"\b(determina|determinazione|d\.\s?d\.)"), DETERMINATION),
    (re.compile(r"\b(decreto)"), DECREE),
    (re.compile(r"\b(ordinanza|ord\.)"), ORDINANCE),
)
_KINDS = re.compile(r"\b(delibera|deliberazione|d\.?\s?[cg]\.?\s?c|determina|determinazione|decreto|ordinanza)")
_NUMBER = re.compile(r"\b(?:n|nr|num|numero|n°|n\.ro)\s*[.°]?\s*(\d{1,6}(?:\s*/\s*\d{2,4})?)")
_DATE = re.compile(r"(\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})")
_CUP = re.compile(r"^[A-Z0-9]{15}$")
_CIG = re.compile(r"^[A-Z0-9]{10}$")


@dataclass(frozen=True, slots=True)
class ActReference:
    act_type: str
    number: str
    on_date: date | None

    @property
    def label(self) -> str:
        """ "Delibera G.C. n. 45 del 12/03/2024"."""
        text = SHORT.get(self.act_type, self.act_type)
        if self.number:
            text += f" n. {self.number}"
        if self.on_date:
            text += f" del {format_date(self.on_date)}"
        return text


def parse_act(text: str) -> ActReference | None:
    """The act a note cites, or None when the text does not name a type and a number."""
    folded = fold(text)
    if not _KINDS.search(folded) and "ordinanza" not in folded:
        return None
    act_type = next((kind for pattern, kind in _TYPES if pattern.search(folded)), None)
    number = _NUMBER.search(folded)
    if act_type is None or number is None:
        return None
    when = None
    found = _DATE.search(folded[number.end() :]) or _DATE.search(folded)
    if found:
        try:
            when = parse_user_date(found.group(1))
        except DateInputError:
            when = None
    return ActReference(act_type, re.sub(r"\s+", "", number.group(1)), when)


@dataclass(frozen=True, slots=True)
class ActDraft:
    act_type: str
    number: str
    on_date: date | None
    subject: str = ""
    link: str = ""
    cup: str = ""
    cig: str = ""

    def cleaned(self) -> ActDraft:
        if self.act_type not in ACT_TYPES:
            raise ValidationError(f"Tipo di atto «{self.act_type}» sconosciuto: {', '.join(ACT_TYPES)}.")
        cup, cig = self.cup.strip().upper(), self.cig.strip().upper()
        if cup and not _CUP.match(cup):
            raise ValidationError(f"Il CUP «{self.cup}» non è valido: 15 caratteri tra lettere e cifre.")
        if cig and not _CIG.match(cig):
            raise ValidationError(f"Il CIG «{self.cig}» non è valido: 10 caratteri tra lettere e cifre.")
        link = limits.checked_text(self.link, "Collegamento", 500, single_line=True)
        if link and not link.startswith(("http://", "https://")):
            raise ValidationError("Il collegamento all'albo pretorio deve iniziare con http:// o https://.")
        return ActDraft(
            self.act_type,
            limits.checked_text(self.number, "Numero", 30, single_line=True),
            self.on_date,
            limits.checked_text(self.subject, "Oggetto", limits.ACT_SUBJECT, single_line=True),
            link,
            cup,
            cig,
        )
