"""An office's agenda: the actions it leads or supports, its open deadlines and milestones."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from valenza_desk.reports.catalogue import t
from valenza_desk.reports.context import context_of
from valenza_desk.reports.data import OfficeData, office_data
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.output import atomic_output
from valenza_desk.reports.pdf_common import Heading, ReportDocument, decor_for, esc, styles
from valenza_desk.reports.pdf_tables import action_table, list_table, status_markup
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date


def write_office_agenda(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    progress(0, 2, t("progress_reading"))
    context = context_of(desk)
    data = office_data(desk, options, context)
    story = office_story(data, options)
    title = f"{t('office_title')} — {data.office.name}"
    decor = decor_for(title, context.header_subtitle, context.now)
    with atomic_output(target) as temp:
        document = ReportDocument(temp, decor, subject=context.subject(title), author=t("author"))
        pages = document.build_story(story)
    progress(2, 2, t("progress_done"))
    actions = len(data.lead) + len(data.support)
    summary = t("done_office", office=data.office.name, pages=pages, actions=actions)
    return ReportResult(path=str(target), summary=summary, pages=pages)


def office_story(data: OfficeData, options: ReportOptions) -> list[Flowable]:
    st = styles()
    office = data.office
    today = data.context.today
    overdue = sum(r.is_overdue(today) for r in (*data.lead, *data.support))
    story: list[Flowable] = [
        Paragraph(esc(t("municipality")), st["cover_municipality"]),
        Spacer(1, 2 * mm),
        Heading(f"{t('office_title')}: {office.name}", st["h1"], 0, "office"),
    ]
    if office.head and not options.public:
        story.append(Paragraph(esc(t("office_head", head=office.head)), st["body"]))
    contacts = " · ".join(x for x in (office.email, office.phone) if x)
    if contacts:
        story.append(Paragraph(esc(t("office_contacts", contacts=contacts)), st["body"]))
    story.append(Paragraph(esc(data.context.programme_caption), st["muted"]))
    story.append(Paragraph(esc(data.context.situation), st["muted"]))
    line = t("office_line", lead=len(data.lead), support=len(data.support), overdue=overdue)
    story += [Paragraph(esc(line), st["muted"]), Spacer(1, 4 * mm)]

    story.append(Heading(f"{t('office_deadlines')} ({len(data.deadlines)})", st["h2"], 0, "deadlines"))
    if data.deadlines:
        rows = [
            [
                format_date(r.due_date),
                r.code,
                r.text,
                t("col_lead_office") if r.lead_office_id == office.id else t("col_other_offices"),
                Paragraph(status_markup(r.status, r.is_overdue(today)), st["cell"]),
            ]
            for r in data.deadlines
        ]
        header = [t("col_due"), t("col_code"), t("col_action"), t("col_role"), t("col_status")]
        story.append(list_table(header, rows, [19 * mm, 17 * mm, 86 * mm, 26 * mm, 26 * mm]))
    else:
        story.append(Paragraph(esc(t("no_deadlines")), st["body"]))

    story += [CondPageBreak(40 * mm), Heading(t("office_milestones"), st["h2"], 0, "milestones")]
    if data.milestones:
        rows = [
            [
                format_date(m.due_date, t("none")),
                code,
                m.title,
                t("milestone_late") if m.is_overdue(today) else t("milestone_open"),
            ]
            for code, m in data.milestones
        ]
        header = [t("col_due"), t("col_code"), t("col_milestone"), t("col_status")]
        story.append(list_table(header, rows, [19 * mm, 17 * mm, 100 * mm, 38 * mm]))
    else:
        story.append(Paragraph(esc(t("no_milestones")), st["body"]))

    story += [CondPageBreak(50 * mm), Heading(t("office_lead_actions"), st["h2"], 0, "lead")]
    if data.lead:
        story.append(action_table(data.lead, today, show_code=True))
    else:
        story.append(Paragraph(esc(t("no_lead_actions")), st["body"]))
    story += [CondPageBreak(50 * mm), Heading(t("office_support_actions"), st["h2"], 0, "support")]
    if data.support:
        story.append(action_table(data.support, today, show_code=True))
    else:
        story.append(Paragraph(esc(t("no_support_actions")), st["body"]))
    return story
