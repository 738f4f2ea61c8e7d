"""The council meeting cycle from the command line: sessions, what changed, acts, DUP missions.

valenza-desk meetings [--json]
valenza-desk meetings add --body TESTO --date AAAA-MM-GG [--title TESTO]     (prints the new id)
valenza-desk changes (--since-meeting ID | --since DATA) [--until-meeting ID] [--json]
valenza-desk acts [--json]
valenza-desk missions [--json]
"""

from __future__ import annotations

import argparse
from contextlib import closing

from valenza_desk.cli.common import open_desk, parse_date_option
from valenza_desk.cli.output import iso, print_json, shorten
from valenza_desk.cli.parser import Commands, ItalianArgumentParser, add_json_argument, add_programme_argument
from valenza_desk.text import format_date


def add_commands(commands: Commands) -> None:
    p = commands.add_parser("meetings", help="elenca le sedute; «meetings add» ne registra una")
    add_programme_argument(p)
    add_json_argument(p)
    p.set_defaults(run=run_list)
    sub = p.add_subparsers(dest="meeting_command", metavar="AZIONE", parser_class=ItalianArgumentParser)
    add = sub.add_parser("add", help="registra una seduta (Consiglio, Giunta, commissione)")
    add.add_argument("--body", required=True, metavar="TESTO", help="organo, es. «Consiglio comunale»")
    add.add_argument("--date", required=True, metavar="DATA", help="data della seduta")
    add.add_argument("--title", default="", metavar="TESTO", help="titolo o riferimento all'ordine del giorno")
    add.add_argument("--notes", default="", metavar="TESTO")
    add_programme_argument(add)
    add.set_defaults(run=run_add)

    p = commands.add_parser("changes", help="cosa è cambiato da una seduta (o da una data) a un'altra o a oggi")
    since = p.add_mutually_exclusive_group(required=True)
    since.add_argument("--since-meeting", type=int, metavar="ID", help="dallo stato fotografato per la seduta")
    since.add_argument("--since", metavar="DATA", help="dal giorno (dal registro delle modifiche)")
    p.add_argument("--until-meeting", type=int, metavar="ID", help="fino alla seduta (default: oggi)")
    add_programme_argument(p)
    add_json_argument(p)
    p.set_defaults(run=run_changes)

    p = commands.add_parser("acts", help="registro degli atti formali, con le azioni collegate")
    add_programme_argument(p)
    add_json_argument(p)
    p.set_defaults(run=run_acts)

    p = commands.add_parser("missions", help="Missioni del DUP con il numero di azioni")
    add_programme_argument(p)
    add_json_argument(p)
    p.set_defaults(run=run_missions)


def run_list(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        rows = desk.meetings()
    if args.json:
        print_json(
            [
                {
                    "id": m.id,
                    "body": m.body,
                    "date": m.on_date.isoformat(),
                    "title": m.title,
                    "snapshot": m.has_snapshot,
                    "brief_sha256": m.brief_sha256 or None,
                }
                for m in rows
            ]
        )
        return 0
    if not rows:
        print('Nessuna seduta. Registrarne una con: valenza-desk meetings add --body "Consiglio comunale" --date …')
        return 0
    for m in rows:
        frozen = "stato fotografato" if m.has_snapshot else "—"
        print(f"{m.id:>4}  {format_date(m.on_date)}  {m.body:<28} {m.title[:40]:<40} {frozen}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from valenza_desk.domain.meetings import MeetingDraft

    with closing(open_desk(args)) as desk:
        when = parse_date_option(args.date, "della seduta")
        row = desk.add_meeting(MeetingDraft(args.body, when, args.title, args.notes)).value
    print(row.id)
    return 0


def run_changes(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        if args.since_meeting is not None:
            found = desk.changes_between(args.since_meeting, args.until_meeting)
            since = f"dalla seduta {desk.meeting(args.since_meeting).label}"
        else:
            day = parse_date_option(args.since, "iniziale")
            found = desk.changes_since(day)
            since = f"dal {format_date(day)}"
    if args.json:
        print_json(
            [
                {
                    "code": c.code,
                    "stakeholder": c.stakeholder,
                    "kind": c.kind,
                    "kind_label": c.kind_label,
                    "field": c.field,
                    "old": _plain(c.old),
                    "new": _plain(c.new),
                    "old_label": c.old_label,
                    "new_label": c.new_label,
                }
                for c in found
            ]
        )
        return 0
    print(f"Cosa è cambiato {since}: {len(found)} variazioni")
    for c in found:
        print(f"  {c.code:<10} {c.kind_label:<32} {shorten(c.old_label, 50)} → {shorten(c.new_label, 70)}")
    return 0


def _plain(value: object) -> object:
    return iso(value) if hasattr(value, "isoformat") else getattr(value, "value", value)  # type: ignore[arg-type]


def run_acts(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        rows = desk.acts()
    if args.json:
        print_json(
            [
                {
                    "type": a.act_type,
                    "number": a.number,
                    "date": iso(a.on_date),
                    "subject": a.subject,
                    "link": a.link or None,
                    "cup": a.cup or None,
                    "cig": a.cig or None,
                    "actions": list(a.action_codes),
                }
                for a in rows
            ]
        )
        return 0
    for a in rows:
        print(f"{a.label:<45} {a.subject[:40]:<40} {', '.join(a.action_codes)}")
    print(f"{len(rows)} atti")
    return 0


def run_missions(args: argparse.Namespace) -> int:
    with closing(open_desk(args)) as desk:
        rows = desk.missions()
    if args.json:
        print_json(
            [
                {"code": m.code if m else None, "name": m.name if m else "Non classificate", "actions": n}
                for m, n in rows
            ]
        )
        return 0
    for m, n in rows:
        print(f"{(m.label if m else 'Non classificate'):<70} {n:>6}")
    return 0
