"""The brief's "Cosa è cambiato dalla seduta del dd/mm/yyyy": counts per kind of change, then
the changes of each stakeholder (code, kind, before, after)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from valenza_desk.reports.catalogue import t
from valenza_desk.reports.changes_data import ChangesData
from valenza_desk.reports.pdf_common import Heading, esc, styles
from valenza_desk.reports.pdf_tables import list_table
from valenza_desk.text import format_date

# Codice, variazione, prima, dopo (sum = CONTENT_WIDTH, 174 mm)
CHANGE_COLUMNS = (17 * mm, 41 * mm, 50 * mm, 66 * mm)


def changes_heading(data: ChangesData) -> str:
    if data.since is None:
        return t("changes_heading_first")
    return t("changes_heading", date=format_date(data.since.on_date))


def changes_section(data: ChangesData, today: date) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [Heading(changes_heading(data), st["h1"], 0, "changes")]
    if data.since is None:
        return [*parts, Paragraph(esc(t("changes_no_snapshot")), st["body"]), Spacer(1, 4 * mm)]
    until = (
        t("changes_until_meeting", meeting=data.until.label)
        if data.until is not None
        else t("changes_until_now", date=format_date(today))
    )
    parts.append(Paragraph(esc(t("changes_from_to", since=data.since.label, until=until)), st["muted"]))
    if not data.changes:
        return [*parts, Spacer(1, 2 * mm), Paragraph(esc(t("changes_none")), st["body"]), Spacer(1, 4 * mm)]
    total = t("changes_total", changes=len(data.changes), actions=data.actions)
    parts += [Paragraph(esc(total), st["muted"]), Spacer(1, 2 * mm)]
    parts.append(Heading(t("changes_by_kind"), st["h2"], 1, "changes-kinds"))
    counted = [[label, str(count)] for label, count in data.counts]
    kinds = list_table([t("col_kind"), t("col_count")], counted, [80 * mm, 24 * mm])
    kinds.hAlign = "LEFT"
    parts.append(kinds)
    for index, (stakeholder, changes) in enumerate(data.groups):
        heading = t("changes_group", name=stakeholder, count=len(changes))
        rows = [[c.code, c.kind_label, c.old_label, c.new_label] for c in changes]
        header = [t("col_code"), t("col_kind"), t("col_before"), t("col_after")]
        parts += [
            CondPageBreak(30 * mm),
            Heading(heading, st["h2"], 1, f"changes-{index}"),
            list_table(header, rows, CHANGE_COLUMNS),
        ]
    parts.append(Spacer(1, 4 * mm))
    return parts
