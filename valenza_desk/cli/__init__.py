"""Command line: the same Desk as the desktop app, Italian messages, no tracebacks.

``valenza-desk`` alone opens the desktop app; ``--db`` (before the command) or the
VALENZA_DESK_DB variable chooses the database. Each command group lives in its own
module (``programme``, ``actions``, ``offices``, ``reports``), adds its sub-commands to
the parser built here and runs through one Desk. Errors print one Italian line on
stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from valenza_desk import __version__
from valenza_desk.cli.parser import ItalianArgumentParser
from valenza_desk.errors import ValenzaError

log = logging.getLogger(__name__)


def _global_parser() -> ItalianArgumentParser:
    """The options that come before any command (all the window needs)."""
    parser = ItalianArgumentParser(
        prog="valenza-desk",
        description=(
            "Valenza Desk: attuazione del programma di governo del Comune di Valenza "
            "(azioni, uffici, scadenze, relazioni). Senza comando apre la finestra."
        ),
    )
    parser.add_argument("--db", help="file del database SQLite o URL SQLAlchemy (default: VALENZA_DESK_DB)")
    parser.add_argument("--read-only", action="store_true", help="apre il database in sola consultazione")
    parser.add_argument(
        "--allow-network-share",
        action="store_true",
        help="modifica comunque un file SQLite su una cartella di rete (sconsigliato: usare il server condiviso)",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="mostra la versione ed esce"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="registro dettagliato")
    parser.set_defaults(run=run_gui, programme=None, command=None)
    return parser


def build_parser() -> ItalianArgumentParser:
    """The whole command line: global options, then one sub-command per job."""
    from valenza_desk.cli import actions, maintenance, meetings, offices, programme, reports, users

    parser = _global_parser()
    commands = parser.add_subparsers(dest="command", metavar="COMANDO", parser_class=ItalianArgumentParser)
    programme.add_commands(commands)
    actions.add_commands(commands)
    offices.add_commands(commands)
    reports.add_commands(commands)
    users.add_commands(commands)
    meetings.add_commands(commands)
    maintenance.add_commands(commands)
    return parser


def run_gui(args: argparse.Namespace) -> int:
    from valenza_desk.ui.app import run_app

    return run_app(args.db)


def _window_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments when they only open the window (no command): read without importing the
    commands, so the window comes up sooner; None when there is a command (or help) to read."""
    words = list(sys.argv[1:] if argv is None else argv)
    if any(word in ("-h", "--help") for word in words):
        return None
    args, rest = _global_parser().parse_known_args(words)
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = _window_arguments(argv) or build_parser().parse_args(argv)
    from valenza_desk.config import configure_logging

    log_file = configure_logging(args.verbose)
    try:
        return args.run(args)
    except ValenzaError as exc:
        print(f"Errore: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("Interrotto.", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: a clear line, the details in the log
        log.exception("unexpected error in command %s", args.command)
        where = f" Dettagli nel registro: {log_file}" if log_file else ""
        print(f"Errore imprevisto: {type(exc).__name__}: {exc}.{where}", file=sys.stderr)
        return 3
