"""Commands about the programmes themselves: ``init``, ``import-program``, ``programmes``, ``schema``.

A programme text whose period is not in the database becomes a new programme beside
the others (a new mandate); the same period updates that programme. These two commands
are the only ones that may create the database file.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing

from valenza_desk.cli.common import open_desk
from valenza_desk.cli.output import print_json
from valenza_desk.cli.parser import Commands, add_json_argument


def add_commands(commands: Commands) -> None:
    p = commands.add_parser("init", help="crea o aggiorna il database e importa il programma se è vuoto")
    p.set_defaults(run=run_init)

    p = commands.add_parser(
        "import-program",
        help="importa il testo di un programma: un periodo nuovo aggiunge un programma, lo stesso lo aggiorna",
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=run_import)

    p = commands.add_parser("programmes", help="elenca i programmi (mandati) presenti nel database")
    add_json_argument(p)
    p.set_defaults(run=run_programmes)

    p = commands.add_parser("schema", help="stampa il DDL del database; --write aggiorna db/schema.sql")
    p.add_argument("--write", action="store_true")
    p.set_defaults(run=run_schema)


def run_init(args: argparse.Namespace) -> int:
    with closing(open_desk(args, create=True)) as desk:
        summary = desk.seed()
        print(f"Database pronto: {desk.db.display_name}")
        if summary is None:
            print("Il programma era già presente: nessuna importazione.")
        else:
            print("\n".join(summary.lines()))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from valenza_desk.importers.programme_text import read_programme_file

    parsed = read_programme_file(args.file)  # a bad file fails before the database is touched
    with closing(open_desk(args, create=True)) as desk:
        print("\n".join(desk.import_programme(parsed).value.lines()))
    return 0


def run_programmes(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        found = desk.programmes()
    if args.json:
        print_json(
            [
                {
                    "id": p.id,
                    "title": p.title,
                    "period": p.period or None,
                    "actions": p.actions,
                    "current": p.current,
                    "source_file": p.source_file,
                    "imported_at": p.imported_at.isoformat() if p.imported_at else None,
                }
                for p in found
            ]
        )
        return 0
    if not found:
        print("Nessun programma nel database. Importarne uno con: valenza-desk import-program FILE.txt")
        return 0
    print(f"  {'N.':>3}  {'Periodo':<10} {'Azioni':>7}  Titolo")
    for p in found:
        mark = "*" if p.current else " "
        print(f"{mark} {p.id:>3}  {p.period or '-':<10} {p.actions:>7}  {p.title}")
    print("* programma corrente (usato quando --programme non è indicato)")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from valenza_desk.store.schema import render_schema, write_schema

    if args.write:
        print(f"Schema scritto in {write_schema()}")
    else:
        sys.stdout.write(render_schema())
    return 0
