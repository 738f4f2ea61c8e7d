"""Open data of a programme (``export open-data``): its actions and their state, for the
"Amministrazione trasparente" page (D.Lgs. 33/2013), without anything about people.

Writes into a folder: ``azioni.csv`` (UTF-8 with BOM, ";", ISO dates, formula-like text
defused), ``azioni.json`` (the same records), ``schema.json`` (JSON Schema 2020-12 with
Italian titles), ``LEGGIMI.txt`` (the Italian README) and, last, ``metadati.json``
(programme, extraction time, counts, SHA-256 of the other files).

Data minimisation (GDPR art. 5(1)(c)) is by construction: a record is built field by
field from ``open_data_text.FIELDS``, and none of them reads a referent, a note, an
author, an office head, an e-mail, a phone number or a user. Offices are organisational
units and are kept; of the progress updates only the date and the reference of the
latest formal act are published, never their text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass
from datetime import date

from valenza_desk import __version__
from valenza_desk.domain.rows import ActionDetail
from valenza_desk.domain.status import Status
from valenza_desk.reports.catalogue import t
from valenza_desk.reports.columns import is_risky
from valenza_desk.reports.context import ReportContext, context_of
from valenza_desk.reports.errors import ReportError
from valenza_desk.reports.open_data_folder import check_folder, write_file_set
from valenza_desk.reports.open_data_readme import ReadmeFacts, readme_text
from valenza_desk.reports.open_data_text import (
    CSV_NAME,
    CSV_NO,
    CSV_YES,
    FIELDS,
    FILE_DESCRIPTIONS,
    JSON_NAME,
    LIST_SEPARATOR,
    METADATA_NAME,
    README_NAME,
    SCHEMA_NAME,
    ot,
)
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk
from valenza_desk.text import ROME

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Record = dict[str, object]


@dataclass(frozen=True, slots=True)
class OpenData:
    """The rendered set: file name -> bytes, in writing order (metadati.json last), and its counts."""

    files: dict[str, bytes]
    actions: int
    overdue: int


def write_open_data(
    desk: Desk, options: ReportOptions, target: str | os.PathLike[str], progress: ProgressCallback = no_progress
) -> ReportResult:
    """Write the open data set of the programme in view (or the one ``options.query`` names) into
    the folder ``target`` (created when missing); ReportError in Italian, nothing written, on failure.

    Always every action of the programme: a query with filters is refused.
    """
    check_folder(target)  # a file in its place is refused before any work
    if not options.query.is_everything:
        raise ReportError(ot("err_filters"))
    wanted = options.query.programme_id
    if wanted is not None and wanted != desk.programme_id:
        desk = desk.for_programme(wanted)
    data = build_open_data(desk, progress)
    progress(0, 1, ot("progress_writing"))
    folder = write_file_set(target, data.files)
    progress(1, 1, t("progress_done"))
    summary = ot("done", actions=data.actions, overdue=data.overdue, files=", ".join(data.files))
    return ReportResult(path=str(folder), summary=summary)


def build_open_data(desk: Desk, progress: ProgressCallback = no_progress) -> OpenData:
    """Read the programme's actions once and render the five files in memory."""
    context = context_of(desk)
    if context.programme is None:
        raise ReportError(ot("err_no_programme"))
    progress(0, 1, t("progress_reading"))
    details = desk.action_details()  # every action whole, in a few queries
    total = len(details)
    step = max(1, total // 50)
    records = []
    for index, detail in enumerate(details, 1):
        records.append(record_of(detail, context.today))
        if index % step == 0 or index == total:
            progress(index, total, ot("progress_actions", done=index, total=total))
    files = {
        CSV_NAME: csv_bytes(records),
        JSON_NAME: json_bytes(records),
        SCHEMA_NAME: json_bytes(schema_document()),
        README_NAME: readme_text(readme_facts(context, records)).encode("utf-8"),
    }
    files[METADATA_NAME] = json_bytes(metadata_document(context, records, files))
    overdue = sum(1 for r in records if r["scaduta"])
    return OpenData(files=files, actions=len(records), overdue=overdue)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def record_of(detail: ActionDetail, today: date) -> Record:
    """One action as published: the fields of ``FIELDS``, in their order, nothing else."""
    acts = (u.act_reference.strip() for u in detail.updates)  # newest first
    record: Record = {
        "codice": detail.code,
        "numero": detail.number,
        "stakeholder": detail.stakeholder,
        "azione": detail.text,
        "stato": detail.status.value,
        "stato_descrizione": detail.status.label,
        "avanzamento": detail.progress,
        "scadenza": _iso(detail.due_date),
        "completata_il": _iso(detail.completed_on),
        "scaduta": detail.is_overdue(today),
        "ufficio_responsabile": detail.lead_office or None,
        "uffici_di_supporto": list(dict.fromkeys(detail.support_offices)),
        "valori": list(dict.fromkeys(detail.values)),
        "traguardi": len(detail.milestones),
        "traguardi_raggiunti": sum(1 for m in detail.milestones if m.done_on is not None),
        "ultimo_aggiornamento": _iso(max((u.on_date for u in detail.updates), default=None)),
        "ultimo_atto": next((act for act in acts if act), None),
    }
    return record


def csv_cell(value: object) -> str:
    """A value as CSV text: empty for null, sì/no, names joined by « | », formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return CSV_YES if value else CSV_NO
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return "'" + text if is_risky(text) else text


def csv_bytes(records: list[Record]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([f.key for f in FIELDS])
    for record in records:
        writer.writerow([csv_cell(record[f.key]) for f in FIELDS])
    return buffer.getvalue().encode("utf-8-sig")


def json_bytes(document: object) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_document() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of azioni.json, with an Italian title and description per field."""
    municipality = t("municipality")
    return {
        "$schema": SCHEMA_DIALECT,
        "title": ot("schema_title", municipality=municipality),
        "description": ot("dataset_description", municipality=municipality),
        "type": "array",
        "items": {"$ref": "#/$defs/azione"},
        "$defs": {
            "azione": {
                "title": ot("schema_item_title"),
                "type": "object",
                "properties": {f.key: {"title": f.title, "description": f.description, **f.schema} for f in FIELDS},
                "required": [f.key for f in FIELDS],
                "additionalProperties": False,
            }
        },
    }


def _by_status(records: list[Record]) -> list[tuple[Status, int]]:
    return [(s, sum(1 for r in records if r["stato"] == s.value)) for s in Status]


def readme_facts(context: ReportContext, records: list[Record]) -> ReadmeFacts:
    assert context.programme is not None
    return ReadmeFacts(
        municipality=t("municipality"),
        dataset_title=ot("dataset_title"),
        programme_title=context.programme.title,
        period=context.programme.period,
        extracted_at=context.now.astimezone(ROME),
        today=context.today,
        actions=len(records),
        overdue=sum(1 for r in records if r["scaduta"]),
        by_status=tuple((s.label, n) for s, n in _by_status(records)),
        licence=ot("licence"),
        licence_url=ot("licence_url"),
        producer=f"Valenza Desk {__version__}",
    )


def metadata_document(context: ReportContext, records: list[Record], files: dict[str, bytes]) -> dict[str, object]:
    """metadati.json: programme, period, extraction time and day, counts, and the checksum of each file."""
    programme = context.programme
    assert programme is not None
    return {
        "titolo": ot("dataset_title"),
        "descrizione": ot("dataset_description", municipality=t("municipality")),
        "ente": t("municipality"),
        "programma": {"id": programme.id, "titolo": programme.title, "periodo": programme.period},
        "estratto_il": context.now.astimezone(ROME).isoformat(timespec="seconds"),
        "data_di_riferimento": context.today.isoformat(),
        "conteggi": {
            "azioni": len(records),
            "scadute": sum(1 for r in records if r["scaduta"]),
            "per_stato": [{"stato": s.value, "descrizione": s.label, "azioni": n} for s, n in _by_status(records)],
        },
        "esclusi": ot("left_out"),
        "riferimenti_normativi": ot("legal_basis"),
        "licenza_suggerita": {"nome": ot("licence"), "url": ot("licence_url"), "nota": ot("licence_note")},
        "generato_da": f"Valenza Desk {__version__}",
        "file": [
            {
                "nome": name,
                "descrizione": FILE_DESCRIPTIONS[name],
                "byte": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for name, data in files.items()
        ],
    }
