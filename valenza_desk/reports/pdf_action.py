"""A single action's sheet: its data, offices, milestones, the full progress timeline with
act references and, optionally, the audit of changes.

The audit shows what a reader understands: office names, milestone titles, value
names and Italian dates (the labels stored with each change), never raw ids, and the
changes saved together are grouped under their operation ("Modifica dell'azione CUL-04").
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from valenza_desk.domain.rows import AuditEntry
from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL
from valenza_desk.reports.catalogue import FIELD_LABELS, rescheduled, t
from valenza_desk.reports.context import context_of
from valenza_desk.reports.data import ActionData, action_data
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.output import atomic_output
from valenza_desk.reports.pdf_common import ZEBRA, Heading, ReportDocument, decor_for, esc, styles
from valenza_desk.reports.pdf_tables import base_style, key_value_table, list_table, measured_table
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date, format_datetime

_KINDS = {"create": "audit_kind_create", "delete": "audit_kind_delete", "import": "audit_kind_import"}
# Operazione, Campo, Valore precedente, Nuovo valore (sum = CONTENT_WIDTH, 174 mm)
AUDIT_COLUMNS = (44 * mm, 32 * mm, 49 * mm, 49 * mm)


def write_action_sheet(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    progress(0, 2, t("progress_reading"))
    context = context_of(desk)
    data = action_data(desk, options, context)
    detail = data.detail
    title = t("action_title", code=detail.code)
    decor = decor_for(title, context.header_subtitle, context.now)
    with atomic_output(target) as temp:
        document = ReportDocument(temp, decor, subject=context.subject(title), author=t("author"))
        pages = document.build_story(action_story(data, options))
    progress(2, 2, t("progress_done"))
    summary = t("done_action", code=detail.code, pages=pages, updates=len(detail.updates))
    return ReportResult(path=str(target), summary=summary, pages=pages)


def action_story(data: ActionData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    d = data.detail
    today = data.context.today
    status = f'<font color="{d.status.colour}">{esc(d.status.label)}</font>'
    if d.is_overdue(today):
        status += f' — <font color="{OVERDUE_COLOUR}"><b>{esc(OVERDUE_LABEL)}</b></font>'
    pairs: list[tuple[str, object]] = [
        (t("label_stakeholder"), d.stakeholder),
        (t("label_number"), d.number or t("none")),
        (t("label_status"), Paragraph(status, st["cell"])),
        (t("label_progress"), f"{d.progress}%"),
        (t("label_due"), format_date(d.due_date, t("none"))),
    ]
    if d.rescheduled:
        pairs.append((t("label_original_due"), format_date(d.original_due_date, t("none"))))
        pairs.append((t("label_rescheduled"), rescheduled(len(d.due_date_changes))))
    pairs += [
        (t("label_completed"), format_date(d.completed_on, t("none"))),
        (t("label_lead_office"), d.lead_office or t("none")),
        (t("label_support_offices"), ", ".join(d.support_offices) or t("none")),
    ]
    if not options.public:
        pairs.append((t("label_referent"), d.referent or t("none")))
    if d.values:
        pairs.append((t("label_values"), ", ".join(d.values)))
    if d.mission:
        mission = data.missions.get(d.mission, d.mission)
        pairs.append((t("label_mission"), f"{mission} — {d.dup_programme}" if d.dup_programme else mission))
    pairs.append((t("label_updated"), format_datetime(d.updated_at, t("none"))))
    story: list[Flowable] = [
        Paragraph(esc(t("municipality")), st["cover_municipality"]),
        Paragraph(esc(data.context.programme_caption), st["muted"]),
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
                else (t("milestone_late") if m.is_overdue(today) else t("milestone_open")),
            ]
            for m in d.milestones
        ]
        story.append(
            list_table([t("col_milestone"), t("col_due"), t("col_reached")], rows, [110 * mm, 24 * mm, 40 * mm])
        )
    else:
        story.append(Paragraph(esc(t("no_action_milestones")), st["body"]))
    story += _due_history(data, options)
    story += _acts(data)
    story += _history(data, options)
    if options.audit:
        story += _audit(data, options)
    return story


def _due_history(data: ActionData, options: ReportOptions) -> list[Flowable]:
    """Every move of the due date: when, from, to, why (and who, internally). Nothing when it never moved."""
    moves = data.detail.due_date_changes
    if not moves:
        return []
    st = styles()
    header = [t("col_date"), t("col_from"), t("col_to"), t("col_reason")]
    rows: list[list[object]] = [
        [format_datetime(m.at), format_date(m.old_due, t("none")), format_date(m.new_due, t("none")), m.reason or "—"]
        for m in moves
    ]
    widths = [30 * mm, 22 * mm, 22 * mm, 100 * mm]
    if not options.public:
        header.append(t("col_author"))
        rows = [[*row, m.actor] for row, m in zip(rows, moves, strict=True)]
        widths = [30 * mm, 22 * mm, 22 * mm, 72 * mm, 28 * mm]
    return [
        CondPageBreak(35 * mm),
        Heading(t("action_due_history"), st["h2"], 1, "due-history"),
        list_table(header, rows, widths),
    ]


def _acts(data: ActionData) -> list[Flowable]:
    """The formal acts linked to the action: type, number, date, subject (and CUP/CIG when given)."""
    st = styles()
    parts: list[Flowable] = [CondPageBreak(35 * mm), Heading(t("action_acts"), st["h2"], 1, "acts")]
    acts = sorted(data.detail.acts, key=lambda a: (a.on_date or date.min, a.id))
    if not acts:
        return [*parts, Paragraph(esc(t("no_acts")), st["body"])]
    rows: list[list[object]] = []
    for act in acts:
        subject = act.subject or "—"
        extra = " · ".join(x for x in (f"CUP {act.cup}" if act.cup else "", f"CIG {act.cig}" if act.cig else "") if x)
        rows.append(
            [
                act.act_type,
                act.number or "—",
                format_date(act.on_date, "—"),
                f"{subject} ({extra})" if extra else subject,
            ]
        )
    header = [t("col_act_type"), t("col_act_number"), t("col_date"), t("col_subject")]
    return [*parts, list_table(header, rows, [52 * mm, 20 * mm, 22 * mm, 80 * mm])]


def _history(data: ActionData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [CondPageBreak(35 * mm), Heading(t("action_history"), st["h2"], 1, "history")]
    updates = data.detail.updates
    if not updates:
        return [*parts, Paragraph(esc(t("no_history")), st["body"])]
    header = [t("col_date"), t("col_status"), t("col_progress_short"), t("col_what"), t("col_act")]
    rows: list[list[object]] = [
        [format_date(u.on_date), u.status.label, f"{u.progress}%", u.text, u.act_reference] for u in updates
    ]
    if options.public:
        return [*parts, list_table(header, rows, [21 * mm, 24 * mm, 14 * mm, 75 * mm, 40 * mm])]
    rows = [[*row, u.author] for row, u in zip(rows, updates, strict=True)]
    widths = [21 * mm, 22 * mm, 13 * mm, 62 * mm, 34 * mm, 22 * mm]
    return [*parts, list_table([*header, t("col_author")], rows, widths)]


def field_label(entry: AuditEntry) -> str:
    """The field in Italian, with "(aggiunta)", "(eliminazione)"... when not a plain change."""
    name = FIELD_LABELS.get(entry.field, entry.field)
    kind = _KINDS.get(entry.operation)
    return t("audit_field_kind", field=name, kind=t(kind)) if kind else name


def operation_groups(entries: list[AuditEntry]) -> list[list[AuditEntry]]:
    """Entries of one operation together (newest operation first), each group in the order written.

    Entries without an operation (none are written so any more) each stand alone.
    """
    groups = []
    for _key, members in groupby(entries, key=lambda e: e.op_id if e.op_id is not None else -e.id):
        groups.append(sorted(members, key=lambda e: e.id))
    return groups


def _audit(data: ActionData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [CondPageBreak(35 * mm), Heading(t("action_audit"), st["h2"], 1, "audit")]
    if not data.audit:
        return [*parts, Paragraph(esc(t("no_audit")), st["body"])]
    head = st["head"]
    table: list[list[Any]] = [
        [Paragraph(esc(t(k)), head) for k in ("col_operation", "col_field", "col_old", "col_new")]
    ]
    style = base_style(zebra=False)
    for index, group in enumerate(operation_groups(data.audit)):
        first_row = len(table)
        for position, entry in enumerate(group):
            table.append(
                [
                    _operation_cell(entry, options.public) if position == 0 else "",
                    Paragraph(esc(field_label(entry)), st["cell"]),
                    Paragraph(esc(entry.old_label or t("audit_empty_value")), st["cell"]),
                    Paragraph(esc(entry.new_label or t("audit_empty_value")), st["cell"]),
                ]
            )
        last_row = len(table) - 1
        if index:
            style.append(("LINEABOVE", (0, first_row), (-1, first_row), 0.8, colors.HexColor("#94a3b8")))
        if index % 2:
            style.append(("BACKGROUND", (0, first_row), (-1, last_row), ZEBRA))
    return [*parts, measured_table(table, AUDIT_COLUMNS, style)]


def _operation_cell(entry: AuditEntry, public: bool) -> Paragraph:
    """When, which operation and (internal profile only) who: once per operation."""
    st = styles()
    lines = [f"<b>{esc(format_datetime(entry.at))}</b>"]
    label = entry.operation_label or entry.entity_label
    if label:
        lines.append(esc(label))
    if not public and entry.actor:
        lines.append(esc(t("audit_by", actor=entry.actor)))
    return Paragraph("<br/>".join(lines), st["cell"])
