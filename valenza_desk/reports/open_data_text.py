"""The Italian words of the open data set: its fields (title, description, JSON type), the
texts of LEGGIMI.txt and the messages of ``export open-data``.

One list of fields feeds the CSV header, the JSON records, the JSON Schema and the
README, so the four never disagree. Nothing here names a programme, a period or a
person: those come from the Desk when the files are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from valenza_desk.domain.status import CLOSED_STATUSES, OVERDUE_LABEL, Status

CSV_NAME: Final = "azioni.csv"
JSON_NAME: Final = "azioni.json"
SCHEMA_NAME: Final = "schema.json"
README_NAME: Final = "LEGGIMI.txt"
METADATA_NAME: Final = "metadati.json"
FILE_NAMES: Final = (CSV_NAME, JSON_NAME, SCHEMA_NAME, README_NAME, METADATA_NAME)  # the order they are written in

# The separator of several values in one CSV cell (office names may contain commas).
LIST_SEPARATOR: Final = " | "
SEPARATOR_WORDS: Final = f"«{LIST_SEPARATOR}» (una barra verticale tra due spazi)"
CSV_YES: Final = "sì"
CSV_NO: Final = "no"


@dataclass(frozen=True, slots=True)
class Field:
    """One field of azioni.csv / azioni.json: key, JSON Schema of its value, Italian title and meaning."""

    key: str
    schema: dict[str, object]
    title: str
    description: str


_DATE: Final[dict[str, object]] = {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_TEXT_OR_NULL: Final[dict[str, object]] = {"type": ["string", "null"], "minLength": 1}
_NAMES: Final[dict[str, object]] = {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True}
_COUNT: Final[dict[str, object]] = {"type": "integer", "minimum": 0}


def _closed_labels() -> str:
    return " né ".join(f"«{s.label}»" for s in Status if s in CLOSED_STATUSES)


def overdue_rule(reference: str) -> str:
    """How «scaduta» is decided; ``reference`` completes «anteriore …» («alla data di riferimento»)."""
    return (
        f"Un'azione è «{OVERDUE_LABEL.lower()}» quando ha una scadenza anteriore {reference} "
        f"e non è {_closed_labels()}. Non è uno stato: si ricava dalla data di scadenza, "
        "quindi anche un'azione «Da avviare» o «Sospesa» con la scadenza passata è scaduta."
    )


FIELDS: Final[tuple[Field, ...]] = (
    Field(
        "codice",
        {"type": "string", "minLength": 1},
        "Codice dell'azione",
        "Codice stabile dell'azione nel programma: codice dello stakeholder e numero dell'azione (es. CUL-04).",
    ),
    Field(
        "numero",
        {"type": "string"},
        "Numero nel programma",
        "Numero dell'azione come è stampato nel testo del programma; vuoto per le azioni senza numero.",
    ),
    Field(
        "stakeholder",
        {"type": "string", "minLength": 1},
        "Stakeholder",
        "Gruppo di cittadini o di portatori di interesse a cui il programma rivolge l'azione.",
    ),
    Field("azione", {"type": "string"}, "Azione", "Testo dell'azione come è scritto nel programma di governo."),
    Field(
        "stato",
        {"type": "string", "enum": [s.value for s in Status]},
        "Stato (valore)",
        "Stato dell'azione come valore fisso, per l'elaborazione automatica: "
        + ", ".join(f"{s.value} = {s.label}" for s in Status)
        + ".",
    ),
    Field(
        "stato_descrizione",
        {"type": "string", "enum": [s.label for s in Status]},
        "Stato",
        "Stato dell'azione in italiano: " + ", ".join(s.label for s in Status) + ".",
    ),
    Field(
        "avanzamento",
        {"type": "integer", "minimum": 0, "maximum": 100},
        "Avanzamento (%)",
        "Percentuale di avanzamento dell'azione indicata dagli uffici, da 0 a 100 (numero intero, senza il segno %).",
    ),
    Field(
        "scadenza",
        _DATE,
        "Scadenza",
        "Data entro cui è previsto il completamento dell'azione (AAAA-MM-GG); vuota se non è stata fissata.",
    ),
    Field(
        "completata_il",
        _DATE,
        "Completata il",
        "Data di completamento dell'azione (AAAA-MM-GG); vuota se non è completata.",
    ),
    Field(
        "scaduta",
        {"type": "boolean"},
        "Scaduta",
        "Vero se l'azione è scaduta alla data di riferimento (data_di_riferimento in metadati.json). "
        f"{overdue_rule('alla data di riferimento')} "
        f"Nel CSV: «{CSV_YES}» o «{CSV_NO}».",
    ),
    Field(
        "ufficio_responsabile",
        _TEXT_OR_NULL,
        "Ufficio responsabile",
        "Nome dell'ufficio (unità organizzativa del Comune) che guida l'azione; vuoto se non è ancora assegnato.",
    ),
    Field(
        "uffici_di_supporto",
        _NAMES,
        "Uffici di supporto",
        "Nomi degli altri uffici del Comune che collaborano all'azione; "
        f"nel CSV sono in una sola cella, separati da {SEPARATOR_WORDS}.",
    ),
    Field(
        "valori",
        _NAMES,
        "Valori",
        "Valori del programma a cui l'azione è collegata; "
        f"nel CSV sono in una sola cella, separati da {SEPARATOR_WORDS}.",
    ),
    Field("traguardi", _COUNT, "Traguardi previsti", "Numero di traguardi intermedi (tappe) previsti per l'azione."),
    Field(
        "traguardi_raggiunti",
        _COUNT,
        "Traguardi raggiunti",
        "Numero di traguardi intermedi già raggiunti alla data dell'estrazione.",
    ),
    Field(
        "ultimo_aggiornamento",
        _DATE,
        "Ultimo aggiornamento",
        "Data dell'ultimo aggiornamento registrato sullo stato di avanzamento (AAAA-MM-GG); "
        "vuota se non ne è stato registrato alcuno.",
    ),
    Field(
        "ultimo_atto",
        _TEXT_OR_NULL,
        "Ultimo atto",
        "Estremi dell'atto formale più recente citato negli aggiornamenti (es. «Delibera G.C. n. 12 del 03/03/2021»); "
        "vuoto se non ne è stato citato alcuno. È pubblicato solo il riferimento all'atto, non il testo delle note.",
    ),
)

FILE_DESCRIPTIONS: Final[dict[str, str]] = {
    CSV_NAME: (
        "Le azioni, una per riga: CSV in UTF-8 con BOM, separatore punto e virgola (;), date AAAA-MM-GG, "
        "prima riga con i nomi dei campi. Si apre con Excel o LibreOffice."
    ),
    JSON_NAME: (
        "Le stesse azioni in JSON (UTF-8): un elenco di oggetti con i campi descritti in LEGGIMI.txt e schema.json."
    ),
    SCHEMA_NAME: "La descrizione formale di azioni.json: JSON Schema, versione 2020-12, con titoli in italiano.",
    README_NAME: (
        "Le istruzioni in italiano: che cosa sono i dati, il significato dei campi, che cosa è escluso e perché, "
        "la licenza."
    ),
    METADATA_NAME: (
        "Programma, periodo, data e ora dell'estrazione, conteggi e impronta SHA-256 di ciascuno degli altri file."
    ),
}

_IT: Final[dict[str, str]] = {
    "dataset_title": "Azioni del programma di governo e loro stato di attuazione",
    "dataset_description": (
        "Le azioni del programma di governo del {municipality} con il loro stato di attuazione: stato, avanzamento, "
        "scadenze, uffici coinvolti, traguardi e ultimo atto formale. Senza nomi di persone, note interne "
        "né recapiti."
    ),
    "schema_title": "Azioni del programma di governo — {municipality}",
    "schema_item_title": "Un'azione del programma e il suo stato",
    "licence": "CC BY 4.0 (Creative Commons Attribuzione 4.0 Internazionale)",
    "licence_note": "licenza suggerita, da confermare da parte del Comune prima della pubblicazione",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.it",
    "legal_basis": (
        "D.Lgs. 33/2013 (Amministrazione trasparente); minimizzazione dei dati, art. 5, par. 1, lett. c), "
        "Regolamento (UE) 2016/679 (GDPR)"
    ),
    "left_out": (
        "nomi di persone (referenti, autori degli aggiornamenti, responsabili degli uffici, utenti), note interne, "
        "testi delle note di avanzamento, indirizzi e-mail, numeri di telefono, registro delle modifiche "
        "(minimizzazione dei dati)"
    ),
    # messages
    "err_out_is_file": (
        "{path} è un file, non una cartella: per i dati aperti indicare una cartella (verrà creata se non esiste). "
        "Nessun file è stato scritto."
    ),
    "err_no_programme": (
        "Nel database non c'è ancora un programma: importarlo prima di esportare i dati aperti. "
        "Nessun file è stato scritto."
    ),
    "err_filters": (
        "I dati aperti comprendono sempre tutte le azioni del programma: i filtri (per stakeholder, ufficio, stato, "
        "scadenza, testo o altro) non si usano con «export open-data». Nessun file è stato scritto."
    ),
    "err_folder_unusable": "La cartella {folder} non può essere usata: {reason}. Nessun file è stato scritto.",
    "progress_actions": "Azioni lette: {done} su {total}",
    "progress_writing": "Scrittura dei file",
    "done": "Dati aperti scritti — azioni: {actions}, scadute: {overdue}; file: {files}.",
    "written_folder": "Cartella scritta: {path}",
}


def ot(key: str, **values: object) -> str:
    """The Italian text for ``key`` of the open data set, with its ``{fields}`` filled in."""
    text = _IT[key]
    return text.format(**values) if values else text
