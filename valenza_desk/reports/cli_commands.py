"""The ``report`` and ``export`` sub-commands of the CLI, registered into valenza_desk.cli.

valenza-desk report brief --out FILE.pdf [--stakeholder NOME ...] [--office NOME]
                          [--status STATO ...] [--meeting TESTO] [--public] [--notes]
valenza-desk report office NOME --out FILE.pdf
valenza-desk report action CODICE --out FILE.pdf [--audit]
valenza-desk export xlsx|csv|ods --out FILE [stessi filtri] [--public]
"""

from __future__ import annotations

import argparse
from typing import Any

from valenza_desk import cli
from valenza_desk.reports.catalogue import t
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report


def extend(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="crea un PDF: relazione per la seduta, agenda di un ufficio, scheda di un'azione"
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="TIPO", parser_class=cli.ItalianArgumentParser)
    kinds.required = True

    brief = kinds.add_parser("brief", help="relazione per la seduta: sintesi, scadenze, azioni per stakeholder")
    _out_argument(brief, ".pdf")
    cli.add_filter_arguments(brief, multiple=True)
    brief.add_argument("--meeting", metavar="TESTO", help="riunione, es. «Giunta comunale del 03/12/2026»")
    brief.add_argument("--notes", action="store_true", help="aggiunge l'ultima nota di avanzamento di ogni azione")
    brief.add_argument("--public", action="store_true", help="versione pubblica: senza nomi di persone e note interne")

    office = kinds.add_parser("office", help="agenda di un ufficio: azioni, scadenze, traguardi")
    office.add_argument("name", metavar="UFFICIO")
    _out_argument(office, ".pdf")
    office.add_argument("--public", action="store_true", help="senza nomi di persone")

    action = kinds.add_parser("action", help="scheda di un'azione con la cronologia completa")
    action.add_argument("code", metavar="CODICE")
    _out_argument(action, ".pdf")
    action.add_argument("--audit", action="store_true", help="aggiunge il registro delle modifiche")
    action.add_argument("--public", action="store_true", help="senza nomi di persone e note interne")

    export = commands.add_parser("export", help="esporta le azioni in Excel (xlsx), CSV o ODS")
    export.add_argument("format", choices=["xlsx", "csv", "ods"], metavar="FORMATO", help="xlsx, csv oppure ods")
    _out_argument(export, ".xlsx, .csv o .ods")
    cli.add_filter_arguments(export, multiple=True)
    export.add_argument("--public", action="store_true", help="senza nomi di persone")


def _out_argument(p: argparse.ArgumentParser, extension: str) -> None:
    p.add_argument("--out", required=True, metavar="FILE", help=f"file da scrivere ({extension})")


def cmd_report(args: argparse.Namespace) -> int:
    from valenza_desk.services.offices import resolve_office

    db = cli.open_db(args)
    kind = ReportKind(args.report_kind)
    if kind is ReportKind.BRIEF:
        options = ReportOptions(
            kind=kind,
            action_filter=cli.filter_from_args(db, args),
            meeting=args.meeting or "",
            notes=args.notes,
            public=args.public,
        )
    elif kind is ReportKind.OFFICE:
        options = ReportOptions(kind=kind, office_id=resolve_office(db, args.name), public=args.public)
    else:
        options = ReportOptions(kind=kind, action_code=args.code, audit=args.audit, public=args.public)
    return _run(db, options, args.out)


def cmd_export(args: argparse.Namespace) -> int:
    db = cli.open_db(args)
    options = ReportOptions(
        kind=ReportKind(args.format), action_filter=cli.filter_from_args(db, args), public=args.public
    )
    return _run(db, options, args.out)


def _run(db: Any, options: ReportOptions, out: str) -> int:
    result = make_report(db, options, out)
    print(t("written", path=result.path))
    print(result.summary)
    return 0


cli.register(extend, {"report": cmd_report, "export": cmd_export})
