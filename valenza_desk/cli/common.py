"""What every data command does first: open the one Desk, and read the options it shares.

The person acting is identified by the database (the server login on PostgreSQL, the
operating system's login on a SQLite file); no environment variable grants anything.
Only ``init`` and ``import-program`` may create a database: every other command refuses
a path that does not exist instead of creating an empty file there.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from valenza_desk.cli.parser import STATUS_HELP
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.status import Status
from valenza_desk.errors import ValidationError
from valenza_desk.text import parse_user_date

if TYPE_CHECKING:
    from valenza_desk.services.desk import Desk


def open_desk(args: argparse.Namespace, create: bool = False) -> Desk:
    """The Desk on ``--db`` (or VALENZA_DESK_DB), looking at ``--programme`` (default: current)."""
    from valenza_desk.services.desk import Desk  # the heavy imports, once a command really runs

    return Desk.open(
        args.db,
        read_only=args.read_only,
        create=create,
        allow_network_share=args.allow_network_share,
        programme=args.programme,
    )


def parse_status(text: str) -> Status:
    try:
        return Status.parse(text)
    except ValueError:
        raise ValidationError(f"Stato «{text}» non riconosciuto. Stati possibili: {STATUS_HELP}.") from None


def parse_date_option(text: str, label: str) -> date:
    try:
        return parse_user_date(text)
    except ValueError as exc:
        raise ValidationError(f"Data {label} non valida: {exc}") from None


def query_from_args(desk: Desk, args: argparse.Namespace) -> ActionQuery:
    """The action query the filter options describe (see ``parser.add_filter_arguments``)."""
    stakeholders = args.stakeholder if isinstance(args.stakeholder, list) else [args.stakeholder]
    statuses = args.status if isinstance(args.status, list) else [args.status]
    if args.due_within is not None and args.due_within < 0:
        raise ValidationError("Il numero di giorni di --due-within non può essere negativo.")
    return desk.query(
        stakeholder_ids=tuple(desk.resolve_stakeholder(s) for s in stakeholders if s),
        office_id=desk.resolve_office(args.office) if args.office else None,
        statuses=tuple(parse_status(s) for s in statuses if s),
        overdue=args.overdue,
        due_within_days=args.due_within,
        without_lead_office=args.no_office,
        search=args.search or "",
        missions=tuple(mission_code(m) for m in args.mission or ()),
    )


def mission_code(text: str) -> str:
    """A Missione as typed ("5", "05"; "-" for "not classified"), checked against the DUP."""
    if text.strip() in ("-", ""):
        return ""
    from valenza_desk.domain.missions import checked

    return checked(text, "")[0]
