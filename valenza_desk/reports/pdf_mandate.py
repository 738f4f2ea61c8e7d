"""The "Stato di attuazione del programma" for the council's periodic check (TUEL art. 42 c. 3) and
the programme part of the end-of-mandate report (D.Lgs. 149/2011 art. 4): outcome per stakeholder
and per DUP Missione, the course by quarter, dropped actions with their reasons, the acts adopted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from valenza_desk.reports.catalogue import t
from valenza_desk.reports.mandate_data import MandateData, Outcome, mandate_data
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.output import atomic_output
from valenza_desk.reports.pdf_common import CONTENT_WIDTH, Heading, ReportDocument, decor_for, esc, styles
from valenza_desk.reports.pdf_tables import list_table
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date


def write_mandate(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    progress(0, 3, t("progress_reading"))
    data = mandate_data(desk)
    context = data.context
    period = context.programme.period if context.programme else ""
    title = t("mandate_title_period", period=period) if period else t("mandate_title")
    progress(1, 3, t("progress_layout"))
    story = mandate_story(data, title, options)
    with atomic_output(target) as temp:
        document = ReportDocument(
            temp,
            decor_for(title, context.header_subtitle, context.now),
            subject=context.subject(title),
            author=t("author"),
        )
        pages = document.build_story(story)
    progress(3, 3, t("progress_done"))
    summary = t("done_mandate", actions=len(data.rows), acts=len(data.acts), pages=pages)
    return ReportResult(path=str(target), summary=summary, pages=pages)


def _outcome_cells(outcome: Outcome) -> list[Any]:
    return [
        outcome.name,
        str(outcome.total),
        str(outcome.done_on_time),
        str(outcome.done_late),
        str(outcome.in_progress),
        str(outcome.not_started),
        str(outcome.suspended),
        str(outcome.dropped),
        str(outcome.rescheduled),
        f"{outcome.average_progress:.0f}%",
    ]


def outcome_table(first: str, outcomes: list[Outcome], totals: Outcome | None = None) -> Flowable:
    header = [
        first,
        t("col_total"),
        t("col_done_on_time"),
        t("col_done_late"),
        t("col_in_progress"),
        t("col_not_started"),
        t("col_suspended"),
        t("col_dropped"),
        t("col_rescheduled_count"),
        t("col_progress_short"),
    ]
    rows = [_outcome_cells(o) for o in outcomes]
    if totals is not None:
        rows.append(_outcome_cells(totals))
    widths = [26.3 * mm, *([17 * mm] * 8), 0.0]
    widths[-1] = CONTENT_WIDTH - sum(widths)
    return list_table(header, rows, widths, head="head_small")


def mandate_story(data: MandateData, title: str, options: ReportOptions) -> list[Flowable]:
    st = styles()
    context = data.context
    totals = data.totals
    line = t(
        "mandate_line",
        total=totals.total,
        done=totals.done,
        on_time=totals.done_on_time,
        late=totals.done_late,
        running=totals.in_progress,
        dropped=totals.dropped,
        progress=f"{totals.average_progress:.0f}%",
    )
    story: list[Flowable] = [
        Paragraph(esc(t("municipality")), st["cover_municipality"]),
        Spacer(1, 3 * mm),
        Heading(title, st["cover_title"], 0, "title"),
        Spacer(1, 2 * mm),
        Paragraph(esc(t("mandate_subtitle")), st["body"]),
        Spacer(1, 3 * mm),
        Paragraph(esc(context.programme_line), st["muted"]),
        Paragraph(esc(context.situation), st["muted"]),
        Spacer(1, 5 * mm),
        Heading(t("mandate_overview"), st["h1"], 0, "overview"),
        Paragraph(esc(line), st["body"]),
        Spacer(1, 4 * mm),
        Heading(t("mandate_by_stakeholder"), st["h2"], 1, "stakeholders"),
        outcome_table(t("col_stakeholder"), data.by_stakeholder, totals),
        CondPageBreak(50 * mm),
        Heading(t("mandate_by_mission"), st["h2"], 1, "missions"),
        outcome_table(t("col_mission"), data.by_mission),
    ]
    story += _quarters(data)
    story += _dropped(data)
    story += _acts(data)
    return story


def _quarters(data: MandateData) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [CondPageBreak(60 * mm), Heading(t("mandate_quarters"), st["h1"], 0, "quarters")]
    if not data.quarters:
        return [*parts, Paragraph(esc(t("mandate_no_history")), st["body"])]
    parts.append(Paragraph(esc(t("mandate_quarters_note")), st["muted"]))
    parts.append(Spacer(1, 2 * mm))
    header = [
        t("col_quarter"),
        t("col_quarter_end"),
        t("col_total"),
        t("col_done"),
        t("col_in_progress"),
        t("average_progress"),
        t("col_meetings"),
    ]
    rows = [
        [
            q.label,
            format_date(q.end),
            str(q.actions),
            str(q.done),
            str(q.in_progress),
            f"{q.average_progress:.0f}%",
            "\n".join(q.meetings) or "—",
        ]
        for q in data.quarters
    ]
    rows = [[*r[:-1], Paragraph(esc(r[-1]).replace("\n", "<br/>"), st["cell"])] for r in rows]
    widths = [24 * mm, 20 * mm, 15 * mm, 19 * mm, 16 * mm, 22 * mm, 0.0]
    widths[-1] = CONTENT_WIDTH - sum(widths)
    return [*parts, list_table(header, rows, widths, head="head_small")]


def _dropped(data: MandateData) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [CondPageBreak(50 * mm), Heading(t("mandate_dropped"), st["h1"], 0, "dropped")]
    if not data.dropped:
        return [*parts, Paragraph(esc(t("mandate_no_dropped")), st["body"])]
    rows = []
    for row, note in data.dropped:
        if note is not None and (note.text.strip() or note.act_reference):
            reason = f"{format_date(note.on_date)}: {note.text.strip()}"
            if note.act_reference:
                reason += f" — {note.act_reference}"
        else:
            reason = t("mandate_no_reason")
        rows.append([row.code, row.text, reason])
    header = [t("col_code"), t("col_action"), t("col_reason_note")]
    return [*parts, list_table(header, rows, [17 * mm, 77 * mm, 80 * mm])]


def _acts(data: MandateData) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [CondPageBreak(50 * mm), Heading(t("mandate_acts"), st["h1"], 0, "acts")]
    if not data.acts:
        return [*parts, Paragraph(esc(t("mandate_no_acts")), st["body"])]
    rows = [
        [a.act_type, a.number or "—", format_date(a.on_date, "—"), a.subject or "—", ", ".join(a.action_codes) or "—"]
        for a in data.acts
    ]
    header = [t("col_act_type"), t("col_act_number"), t("col_date"), t("col_subject"), t("col_actions")]
    return [*parts, list_table(header, rows, [44 * mm, 17 * mm, 20 * mm, 63 * mm, 30 * mm])]
