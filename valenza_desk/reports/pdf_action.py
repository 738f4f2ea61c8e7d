"""A single action's sheet: its data, offices, milestones, the full progress timeline with
act references and, optionally, the audit of changes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL, Status
from valenza_desk.reports.catalogue import t
from valenza_desk.reports.data import ActionData, action_data
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.output import atomic_output
from valenza_desk.reports.pdf_common import Heading, ReportDocument, decor_for, esc, styles
from valenza_desk.reports.pdf_tables import key_value_table, list_table
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.store.database import Database
from valenza_desk.text import format_date, format_datetime

# Audit fields a reader understands, in Italian; others are shown as stored.
_FIELD_LABELS = {
    "status": "Stato",
    "progress": "Avanzamento",
    "due_date": "Scadenza",
    "completed_on": "Completata il",
    "referent": "Referente",
    "notes": "Note interne",
    "lead_office": "Ufficio responsabile",
    "support_offices": "Uffici di supporto",
    "values": "Valori",
    "milestones": "Traguardi",
    "note": "Nota di avanzamento",
    "act_reference": "Atto",
    "text": "Testo",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OPERATIONS = {"create": "creazione", "update": "modifica", "delete": "eliminazione"}


def audit_value(field: str, value: str) -> str:
    """A stored audit value as a reader expects it: status labels, Italian dates."""
    if field == "status":
        try:
            return Status(value).label
        except ValueError:
            return value
    if _ISO_DATE.fullmatch(value):
        return format_date(date.fromisoformat(value))
    return value


def write_action_sheet(
    db: Database, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    progress(0, 2, t("progress_reading"))
    data = action_data(db, options)
    detail = data.detail
    title = t("action_title", code=detail.code)
    decor = decor_for(title, t("situation_at", date=format_date(options.day)), options.timestamp)
    with atomic_output(target) as temp:
        pages = ReportDocument(temp, decor, subject=title, author=t("author")).build_story(action_story(data, options))
    progress(2, 2, "Fatto")
    summary = t("done_action", code=detail.code, pages=pages, updates=len(detail.updates))
    return ReportResult(path=str(target), summary=summary, pages=pages)


def action_story(data: ActionData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    d = data.detail
    overdue = d.is_overdue(options.day)
    status = f'<font color="{d.status.colour}">{esc(d.status.label)}</font>'
    if overdue:
        status += f' — <font color="{OVERDUE_COLOUR}"><b>{esc(OVERDUE_LABEL)}</b></font>'
    pairs: list[tuple[str, object]] = [
        (t("label_stakeholder"), d.stakeholder),
        (t("label_number"), d.number or t("none")),
        (t("label_status"), Paragraph(status, st["cell"])),
        (t("label_progress"), f"{d.progress}%"),
        (t("label_due"), format_date(d.due_date, t("none"))),
        (t("label_completed"), format_date(d.completed_on, t("none"))),
        (t("label_lead_office"), d.lead_office or t("none")),
        (t("label_support_offices"), ", ".join(d.support_offices) or t("none")),
    ]
    if not options.public:
        pairs.append((t("label_referent"), d.referent or t("none")))
    if d.values:
        pairs.append((t("label_values"), ", ".join(d.values)))
    pairs.append((t("label_updated"), format_datetime(d.updated_at, t("none"))))
    story: list[Flowable] = [
        Paragraph(esc(t("municipality")), st["cover_municipality"]),
        Spacer(1, 2 * mm),
        Heading(f"{d.code} — {d.stakeholder}", st["h1"], 0, "action"),
        Paragraph(esc(d.text), st["cover_subtitle"]),
        Spacer(1, 4 * mm),
        Heading(t("action_data"), st["h2"], 1, "data"),
        key_value_table(pairs),
    ]
    if d.notes.strip() and not options.public:
        story += [Heading(t("action_notes"), st["h2"], 1, "notes"), Paragraph(esc(d.notes), st["body"])]
    story += [CondPageBreak(35 * mm), Heading(t("action_milestones"), st["h2"], 1, "milestones")]
    if d.milestones:
        rows = [
            [
                m.title,
                format_date(m.due_date, t("none")),
                format_date(m.done_on)
                if m.done_on
                else (t("milestone_late") if m.is_overdue(options.day) else t("milestone_open")),
            ]
            for m in d.milestones
        ]
        story.append(
            list_table([t("col_milestone"), t("col_due"), t("col_reached")], rows, [110 * mm, 24 * mm, 40 * mm])
        )
    else:
        story.append(Paragraph(esc(t("no_action_milestones")), st["body"]))
    story += _history(data, options)
    if options.audit:
        story += _audit(data, options)
    return story


def _history(data: ActionData, options: ReportOptions) -> list[Flowable]:
    rows = [
        ([format_date(u.on_date), u.status.label, f"{u.progress}%", u.text, u.act_reference], u.author)
        for u in data.detail.updates
    ]
    return _titled_table(
        ("action_history", "history", "no_history"),
        [t("col_date"), t("col_status"), t("col_progress_short"), t("col_what"), t("col_act")],
        ([21 * mm, 24 * mm, 14 * mm, 75 * mm, 40 * mm], [21 * mm, 22 * mm, 13 * mm, 62 * mm, 34 * mm, 22 * mm]),
        rows,
        options.public,
    )


def _audit(data: ActionData, options: ReportOptions) -> list[Flowable]:
    rows = [
        (
            [
                format_datetime(entry.at),
                _OPERATIONS.get(entry.operation, entry.operation),
                _FIELD_LABELS.get(entry.field, entry.field),
                audit_value(entry.field, entry.old_value),
                audit_value(entry.field, entry.new_value),
            ],
            entry.actor,
        )
        for entry in data.audit
    ]
    return _titled_table(
        ("action_audit", "audit", "no_audit"),
        [t("col_date"), t("col_operation"), t("col_field"), t("col_old"), t("col_new")],
        ([26 * mm, 22 * mm, 30 * mm, 48 * mm, 48 * mm], [26 * mm, 22 * mm, 28 * mm, 38 * mm, 38 * mm, 22 * mm]),
        rows,
        options.public,
    )


def _titled_table(
    keys: tuple[str, str, str],
    header: list[str],
    widths: tuple[list[float], list[float]],
    rows: list[tuple[list[object], str]],
    public: bool,
) -> list[Flowable]:
    """A bookmarked section with a table; the person column ("Autore") only in the internal profile.

    ``keys`` are the catalogue key of the title, the bookmark key and the catalogue key of the
    text shown when there are no rows; ``widths`` are for the public and the internal table.
    """
    title_key, bookmark, empty_key = keys
    st = styles()
    parts: list[Flowable] = [CondPageBreak(35 * mm), Heading(t(title_key), st["h2"], 1, bookmark)]
    if not rows:
        return [*parts, Paragraph(esc(t(empty_key)), st["body"])]
    if public:
        return [*parts, list_table(header, [values for values, _person in rows], widths[0])]
    internal = [[*values, person] for values, person in rows]
    return [*parts, list_table([*header, t("col_author")], internal, widths[1])]
