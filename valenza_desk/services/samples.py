"""Sample data for screenshots, demos and benchmarks — never written to a user's database
unless asked for explicitly.

``apply_sample_scenario`` adds a few typical municipal offices and gives part of the
real programme offices, deadlines and progress, so that screenshots and example
reports show overdue, in-progress and completed actions. ``synthetic_programme``
builds a programme of any size for benchmarks.
"""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta
from typing import TYPE_CHECKING

from valenza_desk.domain.rows import ActionEdit, MilestoneRow, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.importers.programme_text import ParsedAction, ParsedProgramme, ParsedStakeholder, ParsedValue

if TYPE_CHECKING:
    from valenza_desk.services.desk import Desk

SAMPLE_OFFICES = (
    ("Settore Cultura, Turismo e Manifestazioni", "Dott.ssa Elena Ferraris", "cultura@comune.example.it"),
    ("Settore Lavori Pubblici", "Ing. Marco Bianchi", "lavoripubblici@comune.example.it"),
    ("Settore Servizi Sociali", "Dott.ssa Giulia Ricci", "sociali@comune.example.it"),
    ("Settore Ambiente e Mobilità", "Arch. Paolo Conti", "ambiente@comune.example.it"),
    ("Sviluppo Economico e SUAP", "Dott. Luca Gallo", "suap@comune.example.it"),
    ("Personale e Organizzazione", "Dott.ssa Anna Moretti", "personale@comune.example.it"),
    ("Polizia Locale", "Comm. Franco Barbero", "polizialocale@comune.example.it"),
)

_OFFICE_FOR_STAKEHOLDER = {
    "BAM": 2,
    "U30": 2,
    "FAM": 2,
    "IMP": 4,
    "CUL": 0,
    "BEL": 1,
    "TER": 2,
    "AMB": 3,
    "DIP": 5,
}


def apply_sample_scenario(desk: Desk) -> None:
    """Offices, deadlines and progress on about half of the programme in view (deterministic for a day)."""
    today = desk.today()
    rng = random.Random(2020)
    office_ids = []
    existing = {o.name: o.id for o in desk.offices()}
    for name, head, email in SAMPLE_OFFICES:
        if name in existing:
            office_ids.append(existing[name])
        else:
            office_ids.append(desk.add_office(OfficeDraft(name, head, email, "0131 949 200")).value.id)
    for n, row in enumerate(desk.actions()):
        if n % 5 == 4:
            continue  # some actions stay without an office, as in real life
        detail = desk.action(row.id)
        edit = ActionEdit.from_detail(detail)
        edit.lead_office_id = office_ids[_OFFICE_FOR_STAKEHOLDER.get(row.stakeholder_code, 0)]
        if n % 3 == 0:
            edit.support_office_ids = (office_ids[(n // 3) % len(office_ids)],)
        edit.due_date = today + timedelta(days=rng.choice([-120, -45, -10, 12, 25, 40, 90, 200, 400]))
        kind = n % 6
        if kind in (0, 3):
            edit.status, edit.progress = Status.IN_PROGRESS, rng.choice([20, 35, 50, 70, 85])
            edit.note = "Avviati i contatti con i soggetti coinvolti; in preparazione gli atti."
        elif kind == 1:
            edit.status, edit.progress = Status.DONE, 100
            edit.completed_on = min(today, edit.due_date) - timedelta(days=3)
            edit.note = "Intervento concluso e rendicontato."
            edit.act_reference = f"Delibera G.C. n. {10 + n} del {(today - timedelta(days=60)).strftime('%d/%m/%Y')}"
        elif kind == 4:
            edit.status, edit.progress = Status.SUSPENDED, rng.choice([10, 30])
            edit.note = "In attesa dell'esito del bando regionale."
        if n % 7 == 0:
            first_due = edit.due_date - timedelta(days=90)
            reached = min(first_due, today) if n % 14 == 0 else None
            edit.milestones = (
                MilestoneRow(None, "Progetto di fattibilità", first_due, reached),
                MilestoneRow(None, "Approvazione in Giunta", edit.due_date - timedelta(days=30), None),
            )
        edit.referent = "" if n % 4 else "Assessore competente"
        desk.save_action(edit)


def synthetic_programme(
    action_count: int, stakeholders: int = 9, seed: int = 7, period: str = "2020-2025"
) -> ParsedProgramme:
    """A programme of ``action_count`` generated actions spread over ``stakeholders`` tables."""
    rng = random.Random(seed)
    words = [
        "città",
        "valorizzazione",
        "sostenibilità",
        "attività",
        "servizi",
        "cittadini",
        "giovani",
        "imprese",
        "cultura",
        "bellezza",
        "manutenzione",
        "progetto",
        "comunità",
        "formazione",
        "innovazione",
        "partecipazione",
        "scuola",
        "sport",
        "salute",
    ]
    parsed_stakeholders = []
    per_table = max(1, action_count // stakeholders)
    remaining = action_count
    for s in range(stakeholders):
        count = remaining if s == stakeholders - 1 else min(per_table, remaining)
        remaining -= count
        actions = [
            ParsedAction(
                number=str(i),
                code_suffix=f"{i:02d}",
                text=" ".join(rng.choice(words) for _ in range(rng.randint(8, 30))).capitalize() + f" (n. {i})",
                position=i,
            )
            for i in range(1, count + 1)
        ]
        parsed_stakeholders.append(
            ParsedStakeholder(
                name=f"Stakeholder sintetico {s + 1}",
                narrative="Descrizione generata per le misure di prestazione.",
                position=s + 1,
                actions=actions,
            )
        )
    return ParsedProgramme(
        title=f"Programma sintetico {period}",
        period=period,
        coalition="",
        mayor="",
        source_file="sintetico.txt",
        source_sha256=hashlib.sha256(str(action_count).encode()).hexdigest(),
        values=[ParsedValue("Futuro", "Valore sintetico")],
        stakeholders=parsed_stakeholders,
        warnings=[],
    )


def programme_text(parsed: ParsedProgramme) -> str:
    """A programme written out in the published text format (for import benchmarks and tests)."""
    lines = [parsed.title, "La filosofia del programma"]
    lines += [f"- {v.name.upper()}: {v.description}" for v in parsed.values]
    lines += [f"Stakeholder – {s.name}. {s.narrative}" for s in parsed.stakeholders]
    lines.append("Le azioni suddivise per Stakeholder")
    for stakeholder in parsed.stakeholders:
        lines += [stakeholder.name, "N° | Azione |"]
        lines += [f"{a.number} | {a.text} |" for a in stakeholder.actions]
    return "\n".join(lines) + "\n"
