"""The ``offices`` command: list the offices, add, edit (rename, contacts, active) or remove one.

Offices are shared by every programme; the counts shown are those of the programme in
view (``--programme``, default the current one). Removing an office still assigned to
actions needs a decision: ``--to`` another office or ``--unassign``.
"""

from __future__ import annotations

import argparse
from contextlib import closing

from valenza_desk.cli.common import open_desk
from valenza_desk.cli.output import print_json, shorten
from valenza_desk.cli.parser import Commands, ItalianArgumentParser, add_json_argument, add_programme_argument
from valenza_desk.domain.rows import OfficeDraft


def add_commands(commands: Commands) -> None:
    p = commands.add_parser("offices", help="elenca gli uffici; «offices add NOME» ne aggiunge uno")
    add_programme_argument(p)
    add_json_argument(p)
    p.set_defaults(run=run_list)
    office_commands = p.add_subparsers(dest="office_command", metavar="AZIONE", parser_class=ItalianArgumentParser)

    add = office_commands.add_parser("add", help="aggiunge un ufficio")
    add.add_argument("name", metavar="NOME")
    _contact_arguments(add)
    add.set_defaults(run=run_add)

    edit = office_commands.add_parser("edit", help="rinomina un ufficio o ne cambia responsabile e contatti")
    edit.add_argument("name", metavar="NOME")
    edit.add_argument("--rename", metavar="NUOVO_NOME")
    _contact_arguments(edit)
    state = edit.add_mutually_exclusive_group()
    state.add_argument("--deactivate", action="store_true", help="disattiva l'ufficio")
    state.add_argument("--activate", action="store_true", help="riattiva l'ufficio")
    edit.set_defaults(run=run_edit)

    remove = office_commands.add_parser("remove", help="elimina un ufficio")
    remove.add_argument("name", metavar="NOME")
    where = remove.add_mutually_exclusive_group()
    where.add_argument("--to", metavar="UFFICIO", help="sposta le sue azioni a questo ufficio")
    where.add_argument("--unassign", action="store_true", help="lascia le sue azioni senza questo ufficio")
    remove.set_defaults(run=run_remove)


def _contact_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--head", metavar="NOME", help="responsabile dell'ufficio")
    p.add_argument("--email", metavar="EMAIL")
    p.add_argument("--phone", metavar="TELEFONO")


def run_list(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        rows = desk.offices()
    if args.json:
        print_json(
            [
                {
                    "name": o.name,
                    "head": o.head or None,
                    "email": o.email or None,
                    "phone": o.phone or None,
                    "active": o.active,
                    "lead_actions": o.lead_count,
                    "support_actions": o.support_count,
                }
                for o in rows
            ]
        )
        return 0
    if not rows:
        print('Nessun ufficio. Aggiungerne uno con: valenza-desk offices add "Nome ufficio"')
        return 0
    print(f"{'Ufficio':<32} {'Responsabile':<24} {'Resp.':>5} {'Supp.':>5}  Contatti")
    for o in rows:
        contacts = " ".join(x for x in (o.email, o.phone) if x)
        suffix = "" if o.active else " (non attivo)"
        name = shorten(o.name, 32 - len(suffix)) + suffix
        print(f"{name:<32} {shorten(o.head, 24):<24} {o.lead_count:>5} {o.support_count:>5}  {contacts}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        row = desk.add_office(OfficeDraft(args.name, args.head or "", args.email or "", args.phone or "")).value
    print(f"Ufficio aggiunto: {row.name}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        current = desk.office(desk.resolve_office(args.name))
        draft = OfficeDraft(
            name=args.rename or current.name,
            head=current.head if args.head is None else args.head,
            email=current.email if args.email is None else args.email,
            phone=current.phone if args.phone is None else args.phone,
            active=(current.active or args.activate) and not args.deactivate,
        )
        row = desk.update_office(current.id, current.version, draft).value
    print(f"Ufficio aggiornato: {row.name}{'' if row.active else ' (non attivo)'}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        current = desk.office(desk.resolve_office(args.name))
        target = desk.resolve_office(args.to) if args.to else None
        moved = desk.remove_office(current.id, current.version, target, args.unassign).value
    print(f"Ufficio eliminato: {current.name} ({moved} azioni aggiornate)")
    return 0
