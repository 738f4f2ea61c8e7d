"""Keeping the database safe from the command line: the audit, its chain, backups, restore, checks,
and the shared server's set-up and the move of a local database onto it.

valenza-desk audit [--action CODICE] [--user LOGIN] [--since DATA] [--json]
valenza-desk audit verify              # exit 0 only when the chain is whole
valenza-desk backup [--out FILE]       # SQLite: a checked copy; PostgreSQL: pg_dump
valenza-desk backup --keep N           # how many daily start-up copies are kept (SQLite)
valenza-desk restore FILE              # checked first; the current database is kept aside
valenza-desk check                     # integrity, foreign keys, audit chain, schema revision
valenza-desk server setup URL          # once, by the owner of the server database
valenza-desk server copy-from-sqlite FILE URL
"""

from __future__ import annotations

import argparse
from contextlib import closing
from pathlib import Path

from valenza_desk.cli.common import open_desk, parse_date_option
from valenza_desk.cli.output import print_json
from valenza_desk.cli.parser import Commands, ItalianArgumentParser, add_json_argument
from valenza_desk.text import format_datetime


def add_commands(commands: Commands) -> None:
    audit = commands.add_parser("audit", help="registro delle modifiche; «audit verify» ne controlla la catena")
    audit.add_argument("--action", metavar="CODICE", help="solo le modifiche di un'azione")
    audit.add_argument("--user", metavar="LOGIN", help="solo le modifiche di una persona")
    audit.add_argument("--since", metavar="DATA", help="dal giorno (GG/MM/AAAA)")
    audit.add_argument("--limit", type=int, default=1000, metavar="N", help="al massimo N voci (default 1000)")
    add_json_argument(audit)
    audit.set_defaults(run=run_audit, programme=None)
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="AZIONE", parser_class=ItalianArgumentParser)
    audit_sub.add_parser("verify", help="ricalcola la catena delle voci: esce con 0 solo se è integra").set_defaults(
        run=run_verify
    )

    p = commands.add_parser("backup", help="copia del database (SQLite: file verificato; server: pg_dump)")
    p.add_argument("--out", metavar="FILE", type=Path, help="dove scrivere la copia")
    p.add_argument(
        "--keep",
        metavar="N",
        type=int,
        help="quante copie giornaliere automatiche tenere accanto al file (predefinito 7); non scrive una copia",
    )
    p.set_defaults(run=run_backup, programme=None)

    p = commands.add_parser("restore", help="ripristina una copia (verificata prima; il database attuale è tenuto)")
    p.add_argument("file", metavar="FILE", type=Path)
    p.set_defaults(run=run_restore, programme=None)

    p = commands.add_parser("check", help="controlla integrità, riferimenti, registro delle modifiche e schema")
    p.set_defaults(run=run_check, programme=None)

    server = commands.add_parser("server", help="server PostgreSQL condiviso: predisposizione e trasferimento")
    server_sub = server.add_subparsers(dest="server_command", metavar="AZIONE", parser_class=ItalianArgumentParser)
    server_sub.required = True
    setup = server_sub.add_parser("setup", help="crea schema, ruoli, permessi e regole per riga (una volta)")
    setup.add_argument("url", metavar="URL")
    setup.set_defaults(run=run_server_setup, programme=None)
    copy = server_sub.add_parser("copy-from-sqlite", help="copia un database locale sul server, verificando tutto")
    copy.add_argument("file", metavar="FILE", type=Path)
    copy.add_argument("url", metavar="URL")
    copy.set_defaults(run=run_copy, programme=None)


def run_audit(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        action_id = desk.action_id(args.action) if args.action else None
        since = parse_date_option(args.since, "iniziale") if args.since else None
        entries = desk.audit("action" if action_id else None, action_id, args.limit, args.user, since)
    if args.json:
        print_json(
            [
                {
                    "id": e.id,
                    "at": e.at.isoformat(),
                    "user": e.actor,
                    "operation": e.operation_label,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "label": e.entity_label,
                    "kind": e.operation,
                    "field": e.field,
                    "old": e.old_value,
                    "new": e.new_value,
                    "old_label": e.old_label,
                    "new_label": e.new_label,
                }
                for e in entries
            ]
        )
        return 0
    for e in entries:
        change = f"{e.old_label or '—'} → {e.new_label or '—'}" if e.field else ""
        print(f"{format_datetime(e.at)}  {e.actor:<16} {e.entity_label:<12} {e.field:<16} {change}")
    print(f"{len(entries)} voci")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        verdict = desk.verify_audit()
    print(verdict.message())
    return 0 if verdict.whole else 1


def run_backup(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        if args.keep is not None:
            desk.set_backup_keep(args.keep)
            print(f"Copie giornaliere automatiche conservate: le ultime {args.keep}.")
            return 0
        path = desk.backup(args.out)
    print(f"Copia scritta: {path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        aside = desk.restore(args.file)  # replacing everything: administrators only
    print(f"Database ripristinato da {args.file}; il contenuto precedente è conservato in {aside}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        results = desk.check()
    for result in results:
        print(f"{'OK ' if result.ok else 'NO '} {result.name}: {result.detail}")
    return 0 if all(r.ok for r in results) else 1


def run_server_setup(args: argparse.Namespace) -> int:
    from valenza_desk.services.desk import setup_server

    setup_server(args.url)
    print("Server predisposto: schema aggiornato, ruoli valenza_admin, valenza_segreteria, valenza_ufficio, ")
    print("valenza_consultazione, permessi e regole per riga. Aggiungere le persone con «users add».")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    from valenza_desk.services.desk import copy_to_server

    copies = copy_to_server(args.file, args.url)
    for copy in copies:
        print(f"  {copy.table:<16} {copy.rows:>8} righe  sha256 {copy.checksum[:16]}…")
    print(f"Copia completata e verificata: {sum(c.rows for c in copies)} righe in {len(copies)} tabelle.")
    return 0
