"""The ``users`` command: who may use the database and with which profile (administrators only).

valenza-desk users [--json]
valenza-desk users add LOGIN --role admin|segreteria|ufficio|consultazione [--office NOME ...]
                       [--name TESTO] [--password-stdin]
valenza-desk users edit LOGIN [--role R] [--office NOME ...] [--name TESTO] [--activate]
valenza-desk users disable LOGIN

On the shared server ``users add`` also creates the person's login role, in the group of
their profile; the password is asked at a prompt (or read from standard input).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from contextlib import closing

from valenza_desk.cli.common import open_desk
from valenza_desk.cli.output import print_json
from valenza_desk.cli.parser import Commands, ItalianArgumentParser, add_json_argument
from valenza_desk.domain.actor import Role
from valenza_desk.domain.rows import UserDraft
from valenza_desk.errors import ValidationError

ROLES = ", ".join(r.value for r in Role)


def add_commands(commands: Commands) -> None:
    p = commands.add_parser("users", help="elenca gli utenti; «users add LOGIN --role R» ne aggiunge uno")
    add_json_argument(p)
    p.set_defaults(run=run_list, programme=None)
    sub = p.add_subparsers(dest="user_command", metavar="AZIONE", parser_class=ItalianArgumentParser)

    add = sub.add_parser("add", help="aggiunge un utente (sul server crea anche il suo accesso)")
    add.add_argument("login", metavar="LOGIN")
    add.add_argument("--role", required=True, metavar="PROFILO", help=f"profilo: {ROLES}")
    _person_arguments(add)
    add.add_argument("--password-stdin", action="store_true", help="legge la password dallo standard input")
    add.set_defaults(run=run_add)

    edit = sub.add_parser("edit", help="cambia nome, profilo o uffici di un utente")
    edit.add_argument("login", metavar="LOGIN")
    edit.add_argument("--role", metavar="PROFILO", help=f"profilo: {ROLES}")
    _person_arguments(edit)
    edit.add_argument("--activate", action="store_true", help="riattiva un utente disattivato")
    edit.add_argument(
        "--password",
        action="store_true",
        help="sul server: imposta la password (chiesta al prompt) e crea l'accesso se l'utente non l'ha ancora",
    )
    edit.add_argument("--password-stdin", action="store_true", help="come --password, leggendola dallo standard input")
    edit.set_defaults(run=run_edit)

    disable = sub.add_parser("disable", help="disattiva un utente (resta nel registro delle modifiche)")
    disable.add_argument("login", metavar="LOGIN")
    disable.set_defaults(run=run_disable)


def _person_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--office", action="append", metavar="UFFICIO", help="ufficio (profilo ufficio; ripetibile)")
    p.add_argument("--name", metavar="TESTO", help="nome e cognome")


def run_list(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        rows = desk.users()
        me = desk.actor
    if args.json:
        print_json(
            [
                {
                    "login": u.login,
                    "name": u.full_name or None,
                    "role": u.role,
                    "offices": list(u.offices),
                    "active": u.active,
                }
                for u in rows
            ]
        )
        return 0
    print(f"Utente attuale: {me.name} ({me.role.label})")
    if not rows:
        print("Nessun utente registrato.")
        return 0
    print(f"{'Login':<22} {'Nome':<26} {'Profilo':<15} Uffici")
    for u in rows:
        state = "" if u.active else " (disattivato)"
        print(f"{u.login:<22} {u.full_name[:26]:<26} {Role(u.role).label:<15} {', '.join(u.offices)}{state}")
    return 0


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        first = getpass.getpass(f"Password per {args.login}: ")
        if first != getpass.getpass("Ripetere la password: "):
            raise ValidationError("Le due password non coincidono: non è stato cambiato nulla.")
        return first
    return None


def run_add(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        offices = tuple(desk.resolve_office(name) for name in args.office or ())
        draft = UserDraft(args.login, args.role, args.name or "", offices)
        password = _read_password(args) if desk.is_server else None
        row = desk.add_user(draft, password).value
    where = " (con accesso al server)" if password is not None else ""
    print(f"Utente aggiunto: {row.login}, profilo {Role(row.role).label}{where}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        current = desk.user(args.login)
        offices = (
            tuple(desk.resolve_office(name) for name in args.office) if args.office is not None else current.office_ids
        )
        draft = UserDraft(
            current.login,
            args.role or current.role,
            current.full_name if args.name is None else args.name,
            offices,
            active=current.active or args.activate,
        )
        password = None
        if args.password or args.password_stdin:
            if not desk.is_server:
                raise ValidationError(
                    "Su un file SQLite non ci sono password: la persona è riconosciuta dall'accesso al computer."
                )
            password = _read_password(args)
            if password is None:
                raise ValidationError("Password non letta: usare --password-stdin quando non c'è un terminale.")
        row = desk.update_user(current.id, current.version, draft, password).value
    print(f"Utente aggiornato: {row.login}, profilo {Role(row.role).label}{'' if row.active else ' (disattivato)'}")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        current = desk.user(args.login)
        draft = UserDraft(current.login, current.role, current.full_name, current.office_ids, active=False)
        desk.update_user(current.id, current.version, draft)
    print(f"Utente disattivato: {current.login}")
    return 0
