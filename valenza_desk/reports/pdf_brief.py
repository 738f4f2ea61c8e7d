"""The meeting brief: cover, what changed since the previous session, summary with chart,
Missioni, overdue and upcoming deadlines, one section per stakeholder with its action table
(code, offices, original and current due date, acts).

A session's brief (``options.meeting_id``) is built from the session's frozen snapshot and
written reproducibly, so it can be reprinted identically; its SHA-256 is kept with the session."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable, HRFlowable

from valenza_desk.domain.status import OVERDUE_COLOUR, Status
from valenza_desk.reports.catalogue import t, within
from valenza_desk.reports.changes_data import changes_to_now
from valenza_desk.reports.charts import status_charts
from valenza_desk.reports.context import context_of
from valenza_desk.reports.data import BriefData, StakeholderSection, brief_data
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.output import atomic_output
from valenza_desk.reports.pdf_changes import changes_section
from valenza_desk.reports.pdf_common import (
    ACCENT,
    CONTENT_WIDTH,
    RULE,
    Heading,
    PageDecor,
    ReportDocument,
    decor_for,
    esc,
    styles,
)
from valenza_desk.reports.pdf_tables import action_table, font_command, list_table
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date, format_datetime


def write_brief(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    """Write the brief to ``target`` (atomically) and say what was written.

    With ``options.meeting_id`` it is that session's brief: see ``write_meeting_brief``.
    """
    if options.meeting_id is not None:
        return write_meeting_brief(desk, options, target, progress)
    progress(0, 3, t("progress_reading"))
    data = brief_data(desk, options, context_of(desk))
    if options.since_meeting_id is not None:
        data.changes = changes_to_now(desk, options.since_meeting_id, options.public)
    progress(1, 3, t("progress_layout"))
    pages = _write(data, options, target)
    progress(3, 3, t("progress_done"))
    summary = t("done_brief", pages=pages, actions=len(data.rows), stakeholders=len(data.sections))
    return ReportResult(path=str(target), summary=summary, pages=pages)


def write_meeting_brief(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    """A session's brief: freeze the session's snapshot unless it has one, build the brief from
    it, write it reproducibly (dated when the snapshot was frozen) and keep its SHA-256 with the
    session the first time; a later reprint with the same options gives the same bytes."""
    from valenza_desk.reports.snapshot_data import snapshot_brief_data

    assert options.meeting_id is not None
    progress(0, 3, t("progress_reading"))
    styles()  # the fonts are checked before anything is frozen
    meeting = desk.meeting(options.meeting_id)
    if meeting.programme_id != desk.programme_id:
        desk = desk.for_programme(meeting.programme_id)
    if not meeting.has_snapshot:
        desk.freeze_snapshot(meeting.id)
        meeting = desk.meeting(meeting.id)
    data = snapshot_brief_data(desk, options, meeting)
    progress(1, 3, t("progress_layout"))
    pages = _write(data, options, target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if not meeting.brief_sha256:
        desk.record_brief(meeting.id, digest)
        state = t("sha_recorded")
    else:
        when = format_datetime(meeting.brief_issued_at)
        same = digest == meeting.brief_sha256
        state = t("sha_same", when=when) if same else t("sha_different", when=when, stored=meeting.brief_sha256[:12])
    progress(3, 3, t("progress_done"))
    summary = t(
        "done_brief_meeting",
        meeting=meeting.id,
        pages=pages,
        actions=len(data.rows),
        stakeholders=len(data.sections),
        sha=digest,
        state=state,
    )
    return ReportResult(path=str(target), summary=summary, pages=pages)


def _write(data: BriefData, options: ReportOptions, target: Path) -> int:
    story = brief_story(data, options)
    with atomic_output(target) as temp:
        doc = ReportDocument(
            temp,
            _decor(data, options),
            subject=data.context.brief_subject,
            author=t("author"),
            issued_at=data.snapshot_at,
        )
        return doc.build_story(story)


def _decor(data: BriefData, options: ReportOptions) -> PageDecor:
    context = data.context
    if data.meeting is not None and data.snapshot_at is not None:
        generated = t("snapshot_footer", when=format_datetime(data.snapshot_at), meeting=data.meeting.id)
        return PageDecor(context.brief_title, data.meeting.label, generated)
    subtitle = " ".join(options.meeting.split()) or context.situation
    return decor_for(context.brief_title, subtitle, context.now)


def brief_story(data: BriefData, options: ReportOptions) -> list[Flowable]:
    story: list[Flowable] = []
    story += cover(data, options)
    story.append(PageBreak())
    if data.changes is not None:
        story += changes_section(data.changes, data.context.today)
        story.append(CondPageBreak(120 * mm))
    story += summary(data, options)
    for index, section in enumerate(data.sections):
        story += stakeholder_section(section, data, options, index)
    return story


def cover(data: BriefData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [
        Spacer(1, 28 * mm),
        Paragraph(esc(t("municipality")), st["cover_municipality"]),
        Spacer(1, 3 * mm),
        _rule(ACCENT, 1.4),
        Spacer(1, 8 * mm),
        Heading(data.context.brief_title, st["cover_title"], 0, "cover"),
        Spacer(1, 5 * mm),
        Paragraph(esc(data.context.programme_line), st["cover_subtitle"]),
        Spacer(1, 14 * mm),
    ]
    if data.meeting is not None:
        parts.append(Paragraph(esc(t("meeting_session", meeting=data.meeting.label)), st["cover_subtitle"]))
        parts.append(Spacer(1, 2 * mm))
    elif options.meeting.strip():
        parts.append(Paragraph(esc(t("meeting", meeting=options.meeting.strip())), st["cover_subtitle"]))
        parts.append(Spacer(1, 2 * mm))
    parts.append(Paragraph(esc(data.context.situation), st["cover_subtitle"]))
    if data.snapshot_at is not None:
        parts.append(Spacer(1, 2 * mm))
        parts.append(Paragraph(esc(t("snapshot_taken", when=format_datetime(data.snapshot_at))), st["cover_line"]))
    parts.append(Spacer(1, 12 * mm))
    parts.append(Paragraph(esc(t("filters_heading")), st["cover_label"]))
    parts.append(Spacer(1, 1.5 * mm))
    parts += [Paragraph("• " + esc(line), st["cover_line"]) for line in data.filter_lines]
    if options.notes:
        parts.append(Paragraph("• " + esc(t("notes_included")), st["cover_line"]))
    if options.public:
        parts.append(Spacer(1, 6 * mm))
        parts.append(Paragraph(esc(t("public_profile")), st["cover_label"]))
    return parts


def _rule(colour: Any, weight: float) -> HRFlowable:
    return HRFlowable(width="100%", thickness=weight, color=colour, spaceBefore=0, spaceAfter=0)


def figures(data: BriefData) -> Table:
    """The key figures in a row of boxes: total, each status, overdue, average progress."""
    st = styles()
    totals = data.totals
    cells: list[tuple[str, str, str]] = [(str(totals.total), t("total_actions"), "#1e3a5f")]
    cells += [(str(totals.by_status[s]), s.label, s.colour) for s in Status]
    cells.append((str(totals.overdue), t("overdue"), OVERDUE_COLOUR))
    cells.append((f"{totals.average_progress:.0f}%", t("average_progress"), "#1e3a5f"))
    row = [
        [
            Paragraph(f'<font color="{colour}">{esc(value)}</font>', st["figure"]),
            Paragraph(esc(label), st["figure_label"]),
        ]
        for value, label, colour in cells
    ]
    width = CONTENT_WIDTH / len(row)
    table = Table([row], colWidths=[width] * len(row))
    table.setStyle(
        TableStyle(
            [
                font_command(),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def summary(data: BriefData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [Heading(t("summary"), st["h1"], 0, "summary"), Spacer(1, 2 * mm), figures(data)]
    if not data.rows:
        parts += [Spacer(1, 6 * mm), Paragraph(esc(t("no_actions")), st["body"])]
        return parts
    first, *more = status_charts([s.tally for s in data.sections], CONTENT_WIDTH)
    parts.append(KeepTogether([Heading(t("chart_title"), st["h2"], 1, "chart"), first]))
    parts += more
    parts += missions_block(data)
    parts += overdue_block(data, options)
    parts += upcoming_block(data, options)
    return parts


def missions_block(data: BriefData) -> list[Flowable]:
    """Per DUP Missione: actions, each status, overdue, average progress."""
    st = styles()
    heading = Heading(t("missions_heading"), st["h2"], 1, "missions")
    header = [t("col_mission"), t("col_total"), *(s.label for s in Status), t("overdue"), t("col_progress_short")]
    rows = [
        [
            tally.name,
            str(tally.total),
            *(str(tally.by_status[s]) for s in Status),
            str(tally.overdue),
            f"{tally.average_progress:.0f}%",
        ]
        for tally in data.missions
    ]
    widths = [47 * mm, 13 * mm, *([17 * mm] * len(Status)), 15 * mm, 0.0]
    widths[-1] = CONTENT_WIDTH - sum(widths)
    return [CondPageBreak(40 * mm), heading, list_table(header, rows, widths, head="head_small")]


def overdue_block(data: BriefData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    heading = Heading(f"{t('overdue_actions')} ({len(data.overdue)})", st["h2"], 1, "overdue")
    if not data.overdue:
        return [heading, Paragraph(esc(t("no_overdue")), st["body"])]
    today = data.context.today
    rows = [
        [
            r.code,
            r.text,
            r.lead_office or t("none"),
            format_date(r.due_date),
            str((today - r.due_date).days) if r.due_date else "",
        ]
        for r in data.overdue
    ]
    header = [t("col_code"), t("col_action"), t("col_lead_office"), t("col_due"), t("days_late")]
    widths = [17 * mm, 82 * mm, 38 * mm, 19 * mm, 18 * mm]
    return [CondPageBreak(40 * mm), heading, list_table(header, rows, widths)]


def upcoming_block(data: BriefData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    window = within(data.context.due_soon_days)
    heading = Heading(f"{t('upcoming', within=window)} ({len(data.upcoming)})", st["h2"], 1, "upcoming")
    if not data.upcoming:
        return [heading, Paragraph(esc(t("no_upcoming", within=window)), st["body"])]
    rows = [
        [
            format_date(d.due),
            d.code,
            t("milestone_prefix", title=d.text) if d.is_milestone else d.text,
            d.office or t("none"),
        ]
        for d in data.upcoming
    ]
    header = [t("col_due"), t("col_code"), t("col_what"), t("col_lead_office")]
    widths = [19 * mm, 17 * mm, 100 * mm, 38 * mm]
    return [CondPageBreak(40 * mm), heading, list_table(header, rows, widths)]


def stakeholder_section(
    section: StakeholderSection, data: BriefData, options: ReportOptions, index: int
) -> list[Flowable]:
    st = styles()
    tally = section.tally
    parts: list[Flowable] = [PageBreak() if index == 0 else CondPageBreak(70 * mm)]
    parts.append(Heading(section.name, st["h1"], 0, f"stakeholder-{section.id}"))
    line = t(
        "stakeholder_line",
        total=tally.total,
        done=tally.by_status[Status.DONE],
        progress=f"{tally.average_progress:.0f}%",
        overdue=tally.overdue,
    )
    parts.append(Paragraph(esc(line), st["muted"]))
    parts.append(Spacer(1, 3 * mm))
    if not section.rows:
        parts.append(Paragraph(esc(t("no_actions")), st["body"]))
        return parts
    notes = data.notes if options.notes else None
    parts.append(
        action_table(
            section.rows,
            data.context.today,
            notes,
            public=options.public,
            show_code=True,
            acts=data.acts,
            supporting=True,
        )
    )
    parts.append(Spacer(1, 6 * mm))
    return parts
