"""The command line's argparse set-up: Italian messages and the options commands share.

Each command group (``programme``, ``actions``, ``offices``, ``reports``) adds its own
sub-commands with these helpers; ``valenza_desk.cli.build_parser`` puts them together.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from valenza_desk.domain.status import Status

STATUS_HELP = ", ".join(f"{s.value} ({s.label})" for s in Status)

# argparse looks its own messages up through gettext at call time: give it Italian ones.
_ARGPARSE_ITALIAN = {
    "usage: ": "uso: ",
    "positional arguments": "argomenti",
    "options": "opzioni",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "show program's version number and exit": "mostra la versione ed esce",
    "the following arguments are required: %s": "mancano argomenti obbligatori: %s",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "scelta non valida: %(value)r (possibili: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argomento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valore non valido: %(value)r",
    "expected one argument": "serve un valore",
    "not allowed with argument %s": "non ammesso insieme a %s",
    "ambiguous option: %(option)s could match %(matches)s": "opzione ambigua: %(option)s (può essere %(matches)s)",
}
argparse._ = lambda message: _ARGPARSE_ITALIAN.get(message, message)  # type: ignore[attr-defined]

# What ``add_subparsers`` returns, which each command group fills (argparse's class is private).
Commands = argparse._SubParsersAction


class ItalianArgumentParser(argparse.ArgumentParser):
    """argparse with an Italian error line and exit code 2, as the rest of the CLI."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"Errore: {message}\nUsare «{self.prog} --help» per l'elenco delle opzioni.\n")


def add_programme_argument(p: argparse.ArgumentParser) -> None:
    """``--programme``: which programme (mandate) the command looks at; default the current one."""
    p.add_argument(
        "--programme",
        metavar="PROGRAMMA",
        help="periodo (AAAA-AAAA) o numero del programma (vedi «programmes»); default: il programma corrente",
    )


def add_json_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="stampa in formato JSON")


def add_filter_arguments(p: argparse.ArgumentParser, multiple: bool = False) -> None:
    """The action filters shared by ``actions``, reports and exports."""
    if multiple:
        p.add_argument("--stakeholder", action="append", metavar="NOME", help="stakeholder (ripetibile)")
        p.add_argument("--status", action="append", metavar="STATO", help=f"stato (ripetibile): {STATUS_HELP}")
    else:
        p.add_argument("--stakeholder", metavar="NOME", help="nome, altro nome o codice dello stakeholder")
        p.add_argument("--status", metavar="STATO", help=f"stato: {STATUS_HELP}")
    p.add_argument("--office", metavar="UFFICIO", help="ufficio (responsabile o di supporto)")
    p.add_argument("--overdue", action="store_true", help="solo le azioni scadute")
    p.add_argument("--due-within", type=int, metavar="GIORNI", help="in scadenza entro N giorni")
    p.add_argument("--no-office", action="store_true", help="solo le azioni senza ufficio responsabile")
    p.add_argument("--search", metavar="TESTO", help="cerca nel testo (maiuscole e accenti ignorati)")
    p.add_argument(
        "--mission",
        action="append",
        metavar="NN",
        help="Missione del DUP, es. 05 («-»: senza Missione; ripetibile)",
    )
