"""Command line: the same services as the desktop app, Italian messages, no tracebacks.

``valenza-desk`` alone opens the desktop app; ``--db`` (before the command) or the
VALENZA_DESK_DB variable chooses the database. Errors print one Italian line on
stderr and exit non-zero.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NoReturn

from valenza_desk import __version__
from valenza_desk.config import configure_logging
from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionDetail, ActionEdit, ActionFilter, ActionRow
from valenza_desk.domain.status import STATUS_LABELS, Status
from valenza_desk.errors import ValenzaError, ValidationError
from valenza_desk.store.database import Database
from valenza_desk.text import format_date, format_datetime, parse_user_date

log = logging.getLogger(__name__)
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


class ItalianArgumentParser(argparse.ArgumentParser):
    """argparse with an Italian error line and exit code 2, as the rest of the CLI."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"Errore: {message}\nUsare «{self.prog} --help» per l'elenco delle opzioni.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ItalianArgumentParser(
        prog="valenza-desk",
        description="Valenza Desk: attuazione del programma di governo 2020-2025 del Comune di Valenza.",
    )
    parser.add_argument("--db", help="file del database SQLite o URL SQLAlchemy (default: VALENZA_DESK_DB)")
    parser.add_argument("--read-only", action="store_true", help="apre il database in sola consultazione")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="registro dettagliato")
    commands = parser.add_subparsers(dest="command", metavar="COMANDO", parser_class=ItalianArgumentParser)

    commands.add_parser("init", help="crea o aggiorna il database e importa il programma se è vuoto")

    p = commands.add_parser("import-program", help="importa il testo di un programma")
    p.add_argument("file", metavar="FILE")

    p = commands.add_parser("stakeholders", help="elenca gli stakeholder con i conteggi per stato")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("actions", help="elenca le azioni, con filtri")
    add_filter_arguments(p)
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("show", help="mostra un'azione con uffici, traguardi e cronologia")
    p.add_argument("code", metavar="CODICE")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("offices", help="elenca gli uffici; «offices add NOME» ne aggiunge uno")
    p.add_argument("--json", action="store_true")
    office_commands = p.add_subparsers(dest="office_command", metavar="AZIONE", parser_class=ItalianArgumentParser)
    add = office_commands.add_parser("add", help="aggiunge un ufficio")
    add.add_argument("name", metavar="NOME")
    _office_contact_arguments(add)
    edit = office_commands.add_parser("edit", help="rinomina un ufficio o ne cambia responsabile e contatti")
    edit.add_argument("name", metavar="NOME")
    edit.add_argument("--rename", metavar="NUOVO_NOME")
    _office_contact_arguments(edit)
    state = edit.add_mutually_exclusive_group()
    state.add_argument("--deactivate", action="store_true", help="disattiva l'ufficio")
    state.add_argument("--activate", action="store_true", help="riattiva l'ufficio")
    remove = office_commands.add_parser("remove", help="elimina un ufficio")
    remove.add_argument("name", metavar="NOME")
    where = remove.add_mutually_exclusive_group()
    where.add_argument("--to", metavar="UFFICIO", help="sposta le sue azioni a questo ufficio")
    where.add_argument("--unassign", action="store_true", help="lascia le sue azioni senza questo ufficio")

    p = commands.add_parser("set", help="aggiorna un'azione: stato, avanzamento, uffici, scadenza, nota")
    p.add_argument("code", metavar="CODICE", help="codice dell'azione, es. CUL-04")
    p.add_argument("--status", help=f"stato: {STATUS_HELP}")
    p.add_argument("--progress", type=int, metavar="N", help="avanzamento 0-100")
    p.add_argument("--lead-office", metavar="UFFICIO", help="ufficio responsabile («» per toglierlo)")
    p.add_argument("--office", action="append", metavar="UFFICIO", help="ufficio di supporto (ripetibile)")
    p.add_argument("--due", metavar="DATA", help="scadenza AAAA-MM-GG o GG/MM/AAAA («» per toglierla)")
    p.add_argument("--completed", metavar="DATA", help="data di completamento (default oggi se completata)")
    p.add_argument("--referent", metavar="NOME", help="referente politico (assessore)")
    p.add_argument("--note", metavar="TESTO", help="nota di avanzamento")
    p.add_argument("--act", metavar="TESTO", help="atto formale, es. «Delibera G.C. n. 12 del 03/03/2021»")

    p = commands.add_parser("schema", help="stampa il DDL del database; --write aggiorna db/schema.sql")
    p.add_argument("--write", action="store_true")

    for extend in _EXTENSIONS:
        extend(commands)
    return parser


# Other modules (reports) add their commands here, keeping this module small.
_EXTENSIONS: list[Callable[[Any], None]] = []
_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {}


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


def _office_contact_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--head", metavar="NOME", help="responsabile dell'ufficio")
    p.add_argument("--email", metavar="EMAIL")
    p.add_argument("--phone", metavar="TELEFONO")


def parse_status(text: str) -> Status:
    try:
        return Status.parse(text)
    except ValueError:
        raise ValidationError(f"Stato «{text}» non riconosciuto. Stati possibili: {STATUS_HELP}.") from None


def parse_date_option(text: str, label: str) -> date:
    try:
        return parse_user_date(text)
    except ValueError:
        raise ValidationError(f"Data {label} «{text}» non valida: usare AAAA-MM-GG oppure GG/MM/AAAA.") from None


def filter_from_args(db: Database, args: argparse.Namespace) -> ActionFilter:
    from valenza_desk.services.browse import resolve_stakeholder
    from valenza_desk.services.offices import resolve_office

    stakeholders = args.stakeholder if isinstance(args.stakeholder, list) else [args.stakeholder]
    statuses = args.status if isinstance(args.status, list) else [args.status]
    if args.due_within is not None and args.due_within < 0:
        raise ValidationError("Il numero di giorni di --due-within non può essere negativo.")
    return ActionFilter(
        stakeholder_ids=tuple(resolve_stakeholder(db, s) for s in stakeholders if s),
        office_id=resolve_office(db, args.office) if args.office else None,
        statuses=tuple(parse_status(s) for s in statuses if s),
        overdue=args.overdue,
        due_within_days=args.due_within,
        without_lead_office=args.no_office,
        search=args.search or "",
    )


def open_db(args: argparse.Namespace) -> Database:
    from valenza_desk.services.setup import open_database

    return open_database(args.db, read_only=args.read_only)


def cmd_init(args: argparse.Namespace) -> int:
    from valenza_desk.services.setup import ensure_programme

    db = open_db(args)
    summary = ensure_programme(db, Actor.from_environment())
    print(f"Database pronto: {db.display_name}")
    if summary is None:
        print("Il programma era già presente: nessuna importazione.")
    else:
        print("\n".join(summary.lines()))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from valenza_desk.importers.programme_text import read_programme_file
    from valenza_desk.services.programme import import_programme

    parsed = read_programme_file(args.file)  # a bad file fails before the database is touched
    db = open_db(args)
    print("\n".join(import_programme(db, Actor.from_environment(), parsed).lines()))
    return 0


def cmd_stakeholders(args: argparse.Namespace) -> int:
    from valenza_desk.services.browse import stakeholder_summaries
    from valenza_desk.services.programme import list_stakeholders

    db = open_db(args)
    summaries = stakeholder_summaries(db)
    if args.json:
        details = {s.id: s for s in list_stakeholders(db)}
        _print_json(
            [
                {
                    "code": s.code,
                    "name": s.name,
                    "other_names": list(details[s.id].aliases),
                    "actions": s.total,
                    "by_status": {status.value: n for status, n in s.by_status.items()},
                    "overdue": s.overdue,
                    "average_progress": round(s.average_progress, 1),
                }
                for s in summaries
            ]
        )
        return 0
    header = f"{'Codice':<7} {'Stakeholder':<26} {'Azioni':>6} " + " ".join(
        f"{STATUS_LABELS[s][:10]:>10}" for s in Status
    )
    print(header + f" {'Scadute':>8} {'Media %':>8}")
    for s in summaries:
        counts = " ".join(f"{s.by_status[status]:>10}" for status in Status)
        print(f"{s.code:<7} {s.name[:26]:<26} {s.total:>6} {counts} {s.overdue:>8} {s.average_progress:>8.1f}")
    print(f"Totale azioni: {sum(s.total for s in summaries)}")
    return 0


def action_json(row: ActionRow) -> dict[str, object]:
    return {
        "code": row.code,
        "number": row.number,
        "stakeholder": row.stakeholder,
        "text": row.text,
        "status": row.status.value,
        "status_label": row.status.label,
        "progress": row.progress,
        "lead_office": row.lead_office or None,
        "offices": list(row.all_offices),
        "support_offices": list(row.offices),
        "referent": row.referent or None,
        "due_date": row.due_date.isoformat() if row.due_date else None,
        "completed_on": row.completed_on.isoformat() if row.completed_on else None,
        "overdue": row.overdue,
        "version": row.version,
    }


def cmd_actions(args: argparse.Namespace) -> int:
    from valenza_desk.services.browse import list_actions

    db = open_db(args)
    rows = list_actions(db, filter_from_args(db, args))
    if args.json:
        _print_json([action_json(r) for r in rows])
        return 0
    print(f"{'Codice':<11} {'N°':<6} {'Stato':<17} {'%':>4} {'Scadenza':<10} {'Ufficio resp.':<22} Azione")
    for r in rows:
        status = r.status.label + (" (scad.)" if r.overdue else "")
        text = r.text if len(r.text) <= 70 else r.text[:69] + "…"
        print(
            f"{r.code:<11} {r.number:<6} {status:<17} {r.progress:>3}% {format_date(r.due_date):<10} "
            f"{(r.lead_office or '-')[:22]:<22} {text}"
        )
    print(f"{len(rows)} azioni")
    return 0


def detail_json(d: ActionDetail) -> dict[str, object]:
    return {
        "code": d.code,
        "number": d.number,
        "stakeholder": d.stakeholder,
        "text": d.text,
        "status": d.status.value,
        "status_label": d.status.label,
        "progress": d.progress,
        "due_date": d.due_date.isoformat() if d.due_date else None,
        "completed_on": d.completed_on.isoformat() if d.completed_on else None,
        "referent": d.referent or None,
        "notes": d.notes,
        "lead_office": d.lead_office or None,
        "support_offices": list(d.support_offices),
        "values": list(d.values),
        "milestones": [
            {
                "title": m.title,
                "due_date": m.due_date.isoformat() if m.due_date else None,
                "done_on": m.done_on.isoformat() if m.done_on else None,
            }
            for m in d.milestones
        ],
        "updates": [
            {
                "at": u.at.isoformat(),
                "author": u.author,
                "status": u.status.value,
                "progress": u.progress,
                "text": u.text,
                "act_reference": u.act_reference or None,
            }
            for u in d.updates
        ],
        "version": d.version,
    }


def cmd_show(args: argparse.Namespace) -> int:
    from valenza_desk.services.browse import action_detail, action_id_for_code

    db = open_db(args)
    d = action_detail(db, action_id_for_code(db, args.code))
    if args.json:
        _print_json(detail_json(d))
        return 0
    print(f"{d.code} (n. {d.number or '-'}) — {d.stakeholder}")
    print(d.text)
    print(f"Stato: {d.status.label}   Avanzamento: {d.progress}%")
    print(f"Scadenza: {format_date(d.due_date, '-')}   Completata il: {format_date(d.completed_on, '-')}")
    print(f"Ufficio responsabile: {d.lead_office or '-'}")
    print(f"Uffici di supporto: {', '.join(d.support_offices) or '-'}")
    print(f"Referente politico: {d.referent or '-'}")
    if d.values:
        print(f"Valori: {', '.join(d.values)}")
    if d.notes:
        print(f"Note: {d.notes}")
    for m in d.milestones:
        done = f"raggiunto il {format_date(m.done_on)}" if m.done_on else "da raggiungere"
        print(f"  Traguardo: {m.title} — scadenza {format_date(m.due_date, '-')}, {done}")
    for u in d.updates:
        act = f" [{u.act_reference}]" if u.act_reference else ""
        print(f"  {format_datetime(u.at)} {u.author}: {u.status.label} {u.progress}% {u.text}{act}")
    return 0


def cmd_offices(args: argparse.Namespace) -> int:
    from valenza_desk.services import offices

    db = open_db(args)
    actor = Actor.from_environment()
    if args.office_command == "add":
        draft = offices.OfficeDraft(args.name, args.head or "", args.email or "", args.phone or "")
        row = offices.add_office(db, actor, draft)
        print(f"Ufficio aggiunto: {row.name}")
        return 0
    if args.office_command == "edit":
        current = offices.get_office(db, offices.resolve_office(db, args.name))
        draft = offices.OfficeDraft(
            name=args.rename or current.name,
            head=current.head if args.head is None else args.head,
            email=current.email if args.email is None else args.email,
            phone=current.phone if args.phone is None else args.phone,
            active=(current.active or args.activate) and not args.deactivate,
        )
        row = offices.update_office(db, actor, current.id, current.version, draft)
        print(f"Ufficio aggiornato: {row.name}{'' if row.active else ' (non attivo)'}")
        return 0
    if args.office_command == "remove":
        current = offices.get_office(db, offices.resolve_office(db, args.name))
        target = offices.resolve_office(db, args.to) if args.to else None
        moved = offices.remove_office(db, actor, current.id, current.version, target, args.unassign)
        print(f"Ufficio eliminato: {current.name} ({moved} azioni aggiornate)")
        return 0
    rows = offices.list_offices(db)
    if args.json:
        _print_json(
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
        name = o.name + ("" if o.active else " (non attivo)")
        print(f"{name[:32]:<32} {o.head[:24]:<24} {o.lead_count:>5} {o.support_count:>5}  {contacts}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from valenza_desk.services.browse import action_detail, action_id_for_code
    from valenza_desk.services.editing import save_action
    from valenza_desk.services.offices import resolve_office

    db = open_db(args)
    detail = action_detail(db, action_id_for_code(db, args.code))
    edit = ActionEdit.from_detail(detail)
    if args.status is not None:
        edit.status = parse_status(args.status)
    if args.progress is not None:
        edit.progress = args.progress
    if args.due is not None:
        edit.due_date = parse_date_option(args.due, "di scadenza") if args.due.strip() else None
    if args.completed is not None:
        edit.completed_on = parse_date_option(args.completed, "di completamento") if args.completed.strip() else None
    if edit.status is Status.DONE:
        # A clerk closing an action means "done today, fully": say so rather than refuse.
        if edit.completed_on is None:
            edit.completed_on = date.today()
        if args.progress is None:
            edit.progress = 100
    elif args.status is not None and args.completed is None:
        edit.completed_on = None
    if args.referent is not None:
        edit.referent = args.referent
    if args.lead_office is not None:
        edit.lead_office_id = resolve_office(db, args.lead_office) if args.lead_office.strip() else None
    if args.office is not None:
        edit.support_office_ids = tuple(resolve_office(db, name) for name in args.office if name.strip())
    edit.note = args.note or ""
    edit.act_reference = args.act or ""
    saved = save_action(db, Actor.from_environment(), edit)
    if saved.version == detail.version:
        print(f"{saved.code}: nessuna modifica.")
        return 0
    print(f"{saved.code} aggiornata.")
    print(f"  Stato: {saved.status.label}, avanzamento {saved.progress}%")
    print(f"  Ufficio responsabile: {saved.lead_office or '-'}; supporto: {', '.join(saved.support_offices) or '-'}")
    print(f"  Scadenza: {format_date(saved.due_date, '-')}")
    if saved.completed_on:
        print(f"  Completata il: {format_date(saved.completed_on)}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from valenza_desk.store.schema import render_schema, write_schema

    if args.write:
        print(f"Schema scritto in {write_schema()}")
    else:
        sys.stdout.write(render_schema())
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from valenza_desk.ui.app import run_app

    return run_app(args.db)


_HANDLERS.update(
    {
        "init": cmd_init,
        "import-program": cmd_import,
        "stakeholders": cmd_stakeholders,
        "actions": cmd_actions,
        "show": cmd_show,
        "offices": cmd_offices,
        "set": cmd_set,
        "schema": cmd_schema,
    }
)


def register(extend: Callable[[Any], None], handlers: dict[str, Callable[[argparse.Namespace], int]]) -> None:
    """Let another module add sub-commands (``extend(subparsers)``) and their handlers."""
    _EXTENSIONS.append(extend)
    _HANDLERS.update(handlers)


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _load_extensions() -> None:
    """Import the modules that register extra commands (kept lazy: reports are heavy)."""
    import importlib

    for module in ("valenza_desk.reports.cli_commands",):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if not exc.name or not module.startswith(exc.name):
                raise  # a real import error inside the extension, not its absence


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    _load_extensions()
    args = build_parser().parse_args(argv)
    log_file = configure_logging(args.verbose)
    handler = _HANDLERS.get(args.command) if args.command else cmd_gui
    try:
        return handler(args) if handler else 2
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


if __name__ == "__main__":
    raise SystemExit(main())
