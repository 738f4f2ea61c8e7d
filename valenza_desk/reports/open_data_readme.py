"""LEGGIMI.txt of the open data set: what the data is, for which programme and day, what each
field means, what is left out and why, how «scaduta» is decided, the suggested licence.

Written for a clerk opening it in Notepad and for a citizen downloading it from the
"Amministrazione trasparente" page: plain Italian, lines of at most 78 characters.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date, datetime

from valenza_desk.reports.open_data_text import (
    CSV_NO,
    CSV_YES,
    FIELDS,
    FILE_DESCRIPTIONS,
    README_NAME,
    SEPARATOR_WORDS,
    overdue_rule,
)
from valenza_desk.text import format_date

WIDTH = 78


@dataclass(frozen=True, slots=True)
class ReadmeFacts:
    """What LEGGIMI.txt says about this extraction (the programme, the day, the counts)."""

    municipality: str
    dataset_title: str
    programme_title: str
    period: str
    extracted_at: datetime  # Europe/Rome wall time
    today: date
    actions: int
    overdue: int
    by_status: tuple[tuple[str, int], ...]  # (Italian label, count)
    licence: str
    licence_url: str
    producer: str


def _paragraph(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def _bullet(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False)


def _heading(text: str) -> str:
    return f"{text}\n{'-' * len(text)}"


def readme_text(facts: ReadmeFacts) -> str:
    """The whole LEGGIMI.txt, ending with a newline."""
    day = format_date(facts.today)
    title = facts.dataset_title.upper()
    extracted = f"{format_date(facts.extracted_at.date())} alle ore {facts.extracted_at:%H:%M} (ora italiana)"
    blocks = [
        f"{title}\n{'=' * len(title)}\n{facts.municipality}",
        "\n".join(
            [
                _paragraph(f"Programma: {facts.programme_title}"),
                *([_paragraph(f"Periodo del programma: {facts.period}")] if facts.period else []),
                _paragraph(f"Dati estratti il {extracted}, con {facts.producer}."),
                _paragraph(f"Data di riferimento (per stabilire quali azioni sono scadute): {day}."),
            ]
        ),
        "\n".join(
            [
                _paragraph(f"Azioni: {facts.actions}, di cui scadute alla data di riferimento: {facts.overdue}."),
                *(f"  {label}: {count}" for label, count in facts.by_status),
            ]
        ),
        _heading("Che cosa sono questi dati"),
        _paragraph(
            "Ogni riga di azioni.csv, e ogni oggetto di azioni.json, è un'azione del programma di governo del "
            f"{facts.municipality} con il suo stato di attuazione alla data di riferimento: stato, avanzamento, "
            "scadenza, uffici comunali coinvolti, valori del programma, traguardi intermedi e riferimento "
            "all'ultimo atto formale. Sono preparati per la sezione «Amministrazione trasparente» del sito "
            "del Comune (D.Lgs. 33/2013) e sono estratti dall'archivio in cui gli uffici registrano "
            "l'avanzamento delle azioni: valgono al momento dell'estrazione, non sono aggiornati in tempo reale."
        ),
        _heading("I file"),
        "\n".join(
            _bullet(f"{name} — {'questo file.' if name == README_NAME else text}")
            for name, text in FILE_DESCRIPTIONS.items()
        ),
        _heading("I campi"),
        _paragraph(
            "azioni.csv e azioni.json contengono gli stessi campi, nello stesso ordine e con gli stessi nomi. "
            "Un campo vuoto nel CSV corrisponde a null nel JSON."
        ),
        "\n\n".join(f"{f.key} — {f.title}\n{_paragraph(f.description, '    ')}" for f in FIELDS),
        _heading("Quando un'azione è «scaduta»"),
        _paragraph(overdue_rule(f"alla data di riferimento, il {day},")),
        _heading("Che cosa non contengono, e perché"),
        _paragraph(
            "Per il principio di minimizzazione dei dati, previsto dall'art. 5, par. 1, lett. c) del "
            "Regolamento (UE) 2016/679 (GDPR), e perché la trasparenza riguarda l'attività dell'ente e non le "
            "persone, "
            "non sono pubblicati:"
        ),
        "\n".join(
            _bullet(text)
            for text in (
                "i nomi delle persone: referenti delle azioni, autori degli aggiornamenti, responsabili degli "
                "uffici, persone che usano Valenza Desk;",
                "le note interne e i testi delle note di avanzamento: dell'ultimo atto formale (delibera, "
                "determina, ...) è pubblicato solo il riferimento, perché gli atti sono già pubblici;",
                "indirizzi e-mail e numeri di telefono;",
                "il registro delle modifiche (chi ha cambiato che cosa e quando).",
            )
        ),
        _paragraph(
            "Sono invece pubblicati i nomi degli uffici, perché sono unità organizzative del Comune e non "
            "persone, e il testo delle azioni, che è quello del programma di governo, documento già pubblico."
        ),
        _heading("Note per l'uso del CSV"),
        "\n".join(
            _bullet(text)
            for text in (
                "Codifica UTF-8 con BOM e separatore punto e virgola (;), come si aspettano Excel e LibreOffice "
                "in italiano; le date sono nel formato AAAA-MM-GG (ISO 8601).",
                "Un testo che comincia con =, +, - o @ è preceduto da un apostrofo ('), perché un foglio di "
                "calcolo non lo esegua come formula; in azioni.json il testo è riportato tale e quale.",
                f"I campi con più nomi (uffici_di_supporto, valori) li separano con {SEPARATOR_WORDS}; "
                "in azioni.json sono elenchi.",
                f"Il campo scaduta vale «{CSV_YES}» o «{CSV_NO}» (in azioni.json true o false); "
                "avanzamento è un numero intero da 0 a 100.",
            )
        ),
        _heading("Completezza e integrità"),
        _paragraph(
            "metadati.json è scritto per ultimo e riporta l'impronta SHA-256 di ciascuno degli altri file: "
            "la cartella è completa quando metadati.json c'è e le impronte corrispondono (per esempio con "
            "«sha256sum azioni.csv» su Linux o «certutil -hashfile azioni.csv SHA256» su Windows)."
        ),
        _heading("Licenza"),
        _paragraph(
            f"Licenza suggerita: {facts.licence}, {facts.licence_url}. La licenza va confermata dal Comune "
            "prima della pubblicazione. Chi riutilizza i dati ne cita la fonte, per esempio: "
            f"«{facts.municipality} — {facts.dataset_title}, dati al {day}»."
        ),
    ]
    return "\n\n".join(blocks) + "\n"
