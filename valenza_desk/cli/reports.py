"""The ``report`` (PDF) and ``export`` (xlsx, csv, ods) commands.

valenza-desk report brief --out FILE.pdf [--stakeholder NOME ...] [--office NOME]
                          [--status STATO ...] [--meeting ID|TESTO] [--since-meeting ID] [--public] [--notes]
valenza-desk report office NOME --out FILE.pdf
valenza-desk report action CODICE --out FILE.pdf [--audit]
valenza-desk report mandate --out FILE.pdf [--public]   (stato di attuazione: verifica e fine mandato)
valenza-desk export xlsx|csv|ods --out FILE [stessi filtri] [--public] [--since-meeting ID]
valenza-desk export ics --out FILE.ics [--office NOME]  (scadenze, traguardi e sedute per il calendario)
valenza-desk export open-data --out CARTELLA     (dati aperti: tutte le azioni, senza dati personali)

Every one takes ``--programme``; the writers (and reportlab, openpyxl, odfpy with them)
are loaded only when a report is made.
"""

from __future__ import annotations

import argparse
from contextlib import closing
from typing import TYPE_CHECKING

from valenza_desk.cli.common import open_desk, query_from_args
from valenza_desk.cli.parser import Commands, ItalianArgumentParser, add_filter_arguments, add_programme_argument
from valenza_desk.reports.options import ReportKind, ReportOptions

if TYPE_CHECKING:
    from valenza_desk.services.desk import Desk

OPEN_DATA = "open-data"


def add_commands(commands: Commands) -> None:
    report = commands.add_parser(
        "report", help="crea un PDF: relazione per la seduta, agenda di un ufficio, scheda di un'azione"
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="TIPO", parser_class=ItalianArgumentParser)
    kinds.required = True

    brief = kinds.add_parser("brief", help="relazione per la seduta: sintesi, scadenze, azioni per stakeholder")
    _out_argument(brief, ".pdf")
    add_filter_arguments(brief, multiple=True)
    brief.add_argument(
        "--meeting",
        metavar="ID",
        help="numero della seduta (vedi «meetings»): la relazione si basa sullo stato fotografato per la seduta, "
        "creato alla prima emissione; un testo (es. «Giunta del 03/12/2026») è solo stampato in copertina",
    )
    brief.add_argument(
        "--since-meeting",
        type=int,
        metavar="ID",
        help="seduta con cui confrontare («Cosa è cambiato»); default: la precedente con lo stato fotografato",
    )
    brief.add_argument("--notes", action="store_true", help="aggiunge l'ultima nota di avanzamento di ogni azione")
    brief.add_argument("--public", action="store_true", help="versione pubblica: senza nomi di persone e note interne")
    add_programme_argument(brief)
    brief.set_defaults(run=run_report)

    office = kinds.add_parser("office", help="agenda di un ufficio: azioni, scadenze, traguardi")
    office.add_argument("name", metavar="UFFICIO")
    _out_argument(office, ".pdf")
    office.add_argument("--public", action="store_true", help="senza nomi di persone")
    add_programme_argument(office)
    office.set_defaults(run=run_report)

    action = kinds.add_parser("action", help="scheda di un'azione con la cronologia completa")
    action.add_argument("code", metavar="CODICE")
    _out_argument(action, ".pdf")
    action.add_argument("--audit", action="store_true", help="aggiunge il registro delle modifiche")
    action.add_argument("--public", action="store_true", help="senza nomi di persone e note interne")
    add_programme_argument(action)
    action.set_defaults(run=run_report)

    mandate = kinds.add_parser(
        "mandate",
        help="stato di attuazione del programma: verifica periodica e relazione di fine mandato",
    )
    _out_argument(mandate, ".pdf")
    mandate.add_argument("--public", action="store_true", help="senza nomi di persone")
    add_programme_argument(mandate)
    mandate.set_defaults(run=run_report)

    export = commands.add_parser(
        "export", help="esporta le azioni in Excel (xlsx), CSV o ODS, oppure i dati aperti (open-data)"
    )
    export.add_argument(
        "format",
        choices=["xlsx", "csv", "ods", "ics", OPEN_DATA],
        metavar="FORMATO",
        help="xlsx, csv, ods, ics (calendario: scadenze, traguardi, sedute) oppure open-data "
        "(cartella con CSV, JSON, schema e LEGGIMI, senza dati personali)",
    )
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="file da scrivere (.xlsx, .csv, .ods o .ics); per open-data una cartella",
    )
    add_filter_arguments(export, multiple=True)
    export.add_argument("--public", action="store_true", help="senza nomi di persone")
    export.add_argument(
        "--since-meeting",
        type=int,
        metavar="ID",
        help="(xlsx, ods) aggiunge il foglio «Variazioni»: cosa è cambiato dalla seduta ID a oggi",
    )
    add_programme_argument(export)
    export.set_defaults(run=run_export)


def _out_argument(p: argparse.ArgumentParser, extension: str) -> None:
    p.add_argument("--out", required=True, metavar="FILE", help=f"file da scrivere ({extension})")


def run_report(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        kind = ReportKind(args.report_kind)
        if kind is ReportKind.BRIEF:
            meeting = (args.meeting or "").strip()
            by_id = meeting.isdigit()  # a session's id; any other text is the old free-text cover line
            options = ReportOptions(
                kind=kind,
                query=query_from_args(desk, args),
                meeting="" if by_id else meeting,
                meeting_id=int(meeting) if by_id else None,
                since_meeting_id=args.since_meeting,
                notes=args.notes,
                public=args.public,
            )
        elif kind is ReportKind.MANDATE:
            options = ReportOptions(kind=kind, public=args.public)
        elif kind is ReportKind.OFFICE:
            options = ReportOptions(kind=kind, office_id=desk.resolve_office(args.name), public=args.public)
        else:
            options = ReportOptions(kind=kind, action_code=args.code, audit=args.audit, public=args.public)
        return _write(desk, options, args.out)


def run_export(args: argparse.Namespace) -> int:
    if args.since_meeting is not None and args.format not in ("xlsx", "ods"):
        from valenza_desk.errors import ValidationError

        raise ValidationError("--since-meeting vale per le esportazioni xlsx e ods (foglio «Variazioni»).")
    if args.format == OPEN_DATA:
        return run_open_data(args)
    with closing(open_desk(args)) as desk:
        options = ReportOptions(
            kind=ReportKind(args.format),
            query=query_from_args(desk, args),
            public=args.public,
            since_meeting_id=args.since_meeting,
        )
        return _write(desk, options, args.out)


def run_open_data(args: argparse.Namespace) -> int:
    """``export open-data --out CARTELLA``: every action of the programme, so the filters are refused."""
    from valenza_desk.reports.errors import ReportError
    from valenza_desk.reports.open_data import write_open_data
    from valenza_desk.reports.open_data_text import ot

    # refused before a name is resolved (a clearer message than «stakeholder non trovato»); any other
    # filter still reaches the writer in the query, which refuses it too
    given = [args.stakeholder, args.status, args.office, args.search, args.overdue, args.no_office]
    if any(given) or args.due_within is not None:
        raise ReportError(ot("err_filters"))
    with closing(open_desk(args)) as desk:
        result = write_open_data(desk, ReportOptions(query=query_from_args(desk, args), public=True), args.out)
    print(ot("written_folder", path=result.path))
    print(result.summary)
    return 0


def _write(desk: Desk, options: ReportOptions, out: str) -> int:
    from valenza_desk.reports.catalogue import t
    from valenza_desk.reports.runner import make_report

    result = make_report(desk, options, out)
    print(t("written", path=result.path))
    print(result.summary)
    return 0
