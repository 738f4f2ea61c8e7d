"""The DUP classification (D.Lgs. 118/2011): Missioni and their Programmi, shipped as data in
``resources/dup-missioni.json``, and the check of a Missione/Programma a person typed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from valenza_desk.errors import ValidationError
from valenza_desk.resources import resource_path

MISSIONS_FILE = "dup-missioni.json"


@dataclass(frozen=True, slots=True)
class Mission:
    code: str
    name: str
    programmes: tuple[tuple[str, str], ...]  # (code, name)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@cache
def missions() -> tuple[Mission, ...]:
    data = json.loads(resource_path(MISSIONS_FILE).read_text(encoding="utf-8"))
    return tuple(
        Mission(m["code"], m["name"], tuple((p["code"], p["name"]) for p in m["programmes"])) for m in data["missions"]
    )


def mission(code: str) -> Mission | None:
    return next((m for m in missions() if m.code == code), None)


def checked(mission_code: str, programme_code: str) -> tuple[str, str]:
    """A Missione ("5" or "05") and optional Programma ("0502"), or ValidationError in Italian."""
    code = mission_code.strip()
    if not code:
        if programme_code.strip():
            raise ValidationError("Indicare la Missione prima del Programma.")
        return "", ""
    code = code.zfill(2) if code.isdigit() else code
    found = mission(code)
    if found is None:
        known = ", ".join(m.code for m in missions())
        raise ValidationError(f"Missione «{mission_code}» sconosciuta: le Missioni del DUP sono {known}.")
    programme = programme_code.strip()
    if programme:
        if programme.isdigit() and len(programme) <= 2:  # "2" or "02" within the Missione: "0502"
            programme = code + programme.zfill(2)
        if programme not in {p for p, _ in found.programmes}:
            raise ValidationError(f"Il Programma «{programme_code}» non appartiene alla Missione {found.label}.")
    return code, programme
