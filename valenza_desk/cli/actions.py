"""Commands that read and edit actions: ``stakeholders``, ``actions``, ``show``, ``set``.

Each takes ``--programme`` (period or number; default the current programme) and works
through one Desk. Listing 100,000 actions as JSON is a hot path: rows go straight from
the Desk's list to the C JSON encoder.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing

from valenza_desk.cli.common import open_desk, parse_date_option, parse_status, query_from_args
from valenza_desk.cli.output import action_json, detail_json, print_json, print_json_list, shorten
from valenza_desk.cli.parser import (
    STATUS_HELP,
    Commands,
    add_filter_arguments,
    add_json_argument,
    add_programme_argument,
)
from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import STATUS_LABELS, Status
from valenza_desk.text import format_date, format_datetime


def add_commands(commands: Commands) -> None:
    p = commands.add_parser("stakeholders", help="elenca gli stakeholder con i conteggi per stato")
    add_programme_argument(p)
    add_json_argument(p)
    p.set_defaults(run=run_stakeholders)

    p = commands.add_parser("actions", help="elenca le azioni, con filtri")
    add_filter_arguments(p)
    add_programme_argument(p)
    add_json_argument(p)
    p.set_defaults(run=run_actions)

    p = commands.add_parser("show", help="mostra un'azione con uffici, traguardi e cronologia")
    p.add_argument("code", metavar="CODICE")
    add_programme_argument(p)
    add_json_argument(p)
    p.set_defaults(run=run_show)

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
    p.add_argument("--due-reason", metavar="TESTO", help="perché la scadenza si sposta (con --due)")
    p.add_argument("--mission", metavar="NN", help="Missione del DUP, es. 05 («» per toglierla)")
    p.add_argument("--dup-programme", metavar="NNNN", help="Programma della Missione, es. 0502")
    add_programme_argument(p)
    p.set_defaults(run=run_set)


def run_stakeholders(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        summaries = desk.stakeholder_summaries()
        other_names = {s.id: list(s.aliases) for s in desk.stakeholders()} if args.json else {}
    if args.json:
        print_json(
            [
                {
                    "code": s.code,
                    "name": s.name,
                    "other_names": other_names.get(s.id, []),
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


def run_actions(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        rows = desk.actions(query_from_args(desk, args))
        today = desk.today()
    if args.json:
        print_json_list(rows, lambda row: action_json(row, today))
        return 0
    lines = [f"{'Codice':<11} {'N°':<6} {'Stato':<17} {'%':>4} {'Scadenza':<10} {'Ufficio resp.':<22} Azione"]
    for r in rows:
        status = r.status.label + (" (scad.)" if r.is_overdue(today) else "")
        lines.append(
            f"{r.code:<11} {r.number:<6} {status:<17} {r.progress:>3}% {format_date(r.due_date):<10} "
            f"{(r.lead_office or '-')[:22]:<22} {shorten(r.text, 70)}"
        )
    lines.append(f"{len(rows)} azioni")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run_show(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        d = desk.action_by_code(args.code)
        today = desk.today()
    if args.json:
        print_json(detail_json(d, today))
        return 0
    print(f"{d.code} (n. {d.number or '-'}) — {d.stakeholder}")
    print(d.text)
    overdue = " (scaduta)" if d.is_overdue(today) else ""
    print(f"Stato: {d.status.label}{overdue}   Avanzamento: {d.progress}%")
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


def run_set(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        detail = desk.action_by_code(args.code)
        edit = ActionEdit.from_detail(detail)
        if args.status is not None:
            edit.status = parse_status(args.status)
        if args.progress is not None:
            edit.progress = args.progress
        if args.due is not None:
            edit.due_date = parse_date_option(args.due, "di scadenza") if args.due.strip() else None
        if args.completed is not None:
            edit.completed_on = (
                parse_date_option(args.completed, "di completamento") if args.completed.strip() else None
            )
        if edit.status is Status.DONE:
            # A clerk closing an action means "done today, fully": say so rather than refuse.
            if edit.completed_on is None:
                edit.completed_on = desk.today()
            if args.progress is None:
                edit.progress = 100
        elif args.status is not None and args.completed is None:
            edit.completed_on = None
        if args.referent is not None:
            edit.referent = args.referent
        if args.lead_office is not None:
            edit.lead_office_id = desk.resolve_office(args.lead_office) if args.lead_office.strip() else None
        if args.office is not None:
            edit.support_office_ids = tuple(desk.resolve_office(name) for name in args.office if name.strip())
        if args.mission is not None:
            edit.mission, edit.dup_programme = args.mission, args.dup_programme or ""
        elif args.dup_programme is not None:
            edit.dup_programme = args.dup_programme
        edit.due_change_reason = args.due_reason or ""
        edit.note = args.note or ""
        edit.act_reference = args.act or ""
        saved = desk.save_action(edit).value
    if saved.version == detail.version:
        print(f"{saved.code}: nessuna modifica.")
        return 0
    print(f"{saved.code} aggiornata.")
    print(f"  Stato: {saved.status.label}, avanzamento {saved.progress}%")
    print(f"  Ufficio responsabile: {saved.lead_office or '-'}; supporto: {', '.join(saved.support_offices) or '-'}")
    times = len(saved.due_date_changes)
    promised = format_date(saved.original_due_date)
    moved = f" (rimodulata {times} {'volta' if times == 1 else 'volte'}; prevista il {promised})"
    print(f"  Scadenza: {format_date(saved.due_date, '-')}{moved if saved.rescheduled else ''}")
    if saved.mission:
        print(f"  Missione: {saved.mission}{' / ' + saved.dup_programme if saved.dup_programme else ''}")
    if saved.completed_on:
        print(f"  Completata il: {format_date(saved.completed_on)}")
    return 0
