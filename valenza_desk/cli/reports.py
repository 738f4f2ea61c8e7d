"""The ``report`` (PDF) and ``export`` (xlsx, csv, ods) commands.

valenza-desk report brief --out FILE.pdf [--stakeholder NOME ...] [--office NOME]
                          [--status STATO ...] [--meeting TESTO] [--public] [--notes]
valenza-desk report office NOME --out FILE.pdf
valenza-desk report action CODICE --out FILE.pdf [--audit]
valenza-desk export xlsx|csv|ods --out FILE [stessi filtri] [--public]
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
    brief.add_argument("--meeting", metavar="TESTO", help="riunione, es. «Giunta comunale del 03/12/2026»")
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

    export = commands.add_parser(
        "export", help="esporta le azioni in Excel (xlsx), CSV o ODS, oppure i dati aperti (open-data)"
    )
    export.add_argument(
        "format",
        choices=["xlsx", "csv", "ods", OPEN_DATA],
        metavar="FORMATO",
        help="xlsx, csv, ods oppure open-data (cartella con CSV, JSON, schema e LEGGIMI, senza dati personali)",
    )
    export.add_argument(
        "--out", required=True, metavar="FILE", help="file da scrivere (.xlsx, .csv o .ods); per open-data una cartella"
    )
    add_filter_arguments(export, multiple=True)
    export.add_argument("--public", action="store_true", help="senza nomi di persone")
    add_programme_argument(export)
    export.set_defaults(run=run_export)


def _out_argument(p: argparse.ArgumentParser, extension: str) -> None:
    p.add_argument("--out", required=True, metavar="FILE", help=f"file da scrivere ({extension})")


def run_report(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        kind = ReportKind(args.report_kind)
        if kind is ReportKind.BRIEF:
            options = ReportOptions(
                kind=kind,
                query=query_from_args(desk, args),
                meeting=args.meeting or "",
                notes=args.notes,
                public=args.public,
            )
        elif kind is ReportKind.OFFICE:
            options = ReportOptions(kind=kind, office_id=desk.resolve_office(args.name), public=args.public)
        else:
            options = ReportOptions(kind=kind, action_code=args.code, audit=args.audit, public=args.public)
        return _write(desk, options, args.out)


def run_export(args: argparse.Namespace) -> int:
    if args.format == OPEN_DATA:
        return run_open_data(args)
    with closing(open_desk(args)) as desk:
        options = ReportOptions(kind=ReportKind(args.format), query=query_from_args(desk, args), public=args.public)
        return _write(desk, options, args.out)


def run_open_data(args: argparse.Namespace) -> int:
    """``export open-data --out CARTELLA``: every action of the programme, so the filters are refused."""
    from valenza_desk.reports.errors import ReportError
    from valenza_desk.reports.open_data import write_open_data
    from valenza_desk.reports.open_data_text import ot

    given = [args.stakeholder, args.status, args.office, args.search, args.overdue, args.no_office]
    if any(given) or args.due_within is not None:
        raise ReportError(ot("err_filters"))
    with closing(open_desk(args)) as desk:
        result = write_open_data(desk, ReportOptions(public=True), args.out)
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
