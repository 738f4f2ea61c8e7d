"""Tables for the PDFs: the action table (wrapping cells, header repeated on every page)
and small key/value and list tables.

Large tables are split page by page; platypus re-measures every remaining row at each
split, which grows with the square of the rows. Measuring the rows once and handing
the heights to the final table keeps a 10,000-action brief linear.

A row taller than a page (a 10,000-character action text or note) is split inside
the row (``splitInRow``) and continues on the next page, instead of failing the whole
report with "too large on page". reportlab splits only cells that are text or lists
of flowables (a bare paragraph would be dropped), so every flowable cell is put in a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from valenza_desk.domain.rows import ActionRow, ActRow, ProgressUpdateRow
from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL, Status
from valenza_desk.reports.catalogue import rescheduled, t
from valenza_desk.reports.pdf_common import CONTENT_WIDTH, HEADER_FILL, RULE, ZEBRA, esc, styles
from valenza_desk.text import format_date

# N°, azione, ufficio responsabile, scadenza, stato, avanzamento (sum = CONTENT_WIDTH, 174 mm)
ACTION_COLUMNS = (11 * mm, 76 * mm, 34 * mm, 19.5 * mm, 20 * mm, 13.5 * mm)
# Codice, azione, uffici, scadenza, stato, avanzamento (sum = CONTENT_WIDTH, 174 mm)
ACTION_COLUMNS_WITH_CODE = (17 * mm, 69 * mm, 35 * mm, 20 * mm, 20 * mm, 13 * mm)
MUTED_HEX = "#6b7280"
RESCHEDULED_COLOUR = "#b45309"


def font_command() -> tuple[Any, ...]:
    """Tables default to Helvetica even when every cell is a paragraph: use ours everywhere."""
    cell = styles()["cell"]
    return ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading)


def base_style(zebra: bool = True) -> list[tuple[Any, ...]]:
    """Header fill, thin rules, padding; alternating row shading."""
    commands: list[tuple[Any, ...]] = [
        font_command(),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#94a3b8")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]))
    return commands


def status_markup(status: Status, overdue: bool) -> str:
    """The status label in its colour, with "Scaduta" in red beneath when overdue."""
    text = f'<font color="{status.colour}">{esc(status.label)}</font>'
    if overdue:
        text += f'<br/><font color="{OVERDUE_COLOUR}"><b>{esc(OVERDUE_LABEL)}</b></font>'
    return text


# A row is split inside only when at least this much of it (in points, about three lines)
# fits on the page; otherwise it starts on the next page.
SPLIT_IN_ROW = 36


def splittable(data: list[list[Any]]) -> list[list[Any]]:
    """The cells as reportlab can split them inside a row: each flowable in a list."""
    return [[[value] if isinstance(value, Flowable) else value for value in row] for row in data]


def measured_table(
    data: list[list[Any]], widths: Sequence[float], style: list[tuple[Any, ...]], repeat_rows: int = 1
) -> Table:
    """A table whose row heights are measured once, so page splits stay cheap; long rows split."""
    data = splittable(data)
    probe = Table(data, colWidths=list(widths), repeatRows=repeat_rows)
    probe.setStyle(TableStyle(style))
    probe.wrap(sum(widths), 1e9)
    heights = list(probe._rowHeights)  # measured by reportlab itself: same rules as the final table
    table = Table(data, colWidths=list(widths), rowHeights=heights, repeatRows=repeat_rows, splitInRow=SPLIT_IN_ROW)
    table.setStyle(TableStyle(style))
    return table


def due_markup(row: ActionRow) -> str:
    """The due date; when it moved, the original one and "rimodulata N volte" beneath."""
    text = esc(format_date(row.due_date, "—"))
    if row.due_moves > 0:
        original = format_date(row.original_due_date, "—")
        text += f'<br/><font size="7.2" color="{MUTED_HEX}">{esc(t("original_due_short", date=original))}</font>'
        text += f'<br/><font size="7.2" color="{RESCHEDULED_COLOUR}">{esc(rescheduled(row.due_moves))}</font>'
    return text


def offices_markup(row: ActionRow, supporting: bool) -> str:
    """The lead office, and the supporting ones beneath when asked."""
    text = esc(row.lead_office) if row.lead_office else "—"
    if supporting and row.offices:
        names = esc(t("col_supporting", names=", ".join(row.offices)))
        text += f'<br/><font size="7.4" color="{MUTED_HEX}">{names}</font>'
    return text


def acts_text(acts: Sequence[ActRow]) -> str:
    """ "Atti: Delibera G.C. n. 45 del 12/03/2024 — Oggetto; …" (type, number, date, subject)."""
    parts = [t("act_with_subject", label=a.label, subject=a.subject) if a.subject else a.label for a in acts]
    return t("acts_line", acts="; ".join(parts))


def action_table(
    rows: Sequence[ActionRow],
    today: date,
    notes: dict[int, ProgressUpdateRow] | None = None,
    public: bool = False,
    show_code: bool = False,
    acts: dict[str, list[ActRow]] | None = None,
    supporting: bool = False,
) -> Table:
    """Code (or N°), azione, uffici, scadenza, stato (overdue on ``today``), avanzamento.

    Under the action's text: its latest note (``notes``) and its acts (``acts``, by code);
    the due date shows the original one when it moved ("rimodulata"); ``supporting`` lists
    the supporting offices under the lead one.
    """
    st = styles()
    cell, head, note_style = st["cell"], st["head"], st["cell_note"]
    data: list[list[Any]] = [
        [
            Paragraph(t("col_code" if show_code else "col_number"), head),
            Paragraph(t("col_action"), head),
            Paragraph(t("col_offices" if supporting else "col_lead_office"), head),
            Paragraph(t("col_due"), head),
            Paragraph(t("col_status"), head),
            Paragraph(t("col_progress_short"), head),
        ]
    ]
    for row in rows:
        parts: list[Flowable] = [Paragraph(esc(row.text), cell)]
        update = notes.get(row.id) if notes else None
        if update is not None and update.text.strip():
            parts.append(Paragraph(note_text(update, public), note_style))
        linked = acts.get(row.code) if acts else None
        if linked:
            parts.append(Paragraph(esc(acts_text(linked)), note_style))
        data.append(
            [
                Paragraph(esc(row.code), cell) if show_code else (row.number or "—"),
                parts if len(parts) > 1 else parts[0],
                Paragraph(offices_markup(row, supporting), cell) if row.lead_office or supporting else "—",
                Paragraph(due_markup(row), cell),
                Paragraph(status_markup(row.status, row.is_overdue(today)), cell),
                f"{row.progress}%",
            ]
        )
    widths = list(ACTION_COLUMNS_WITH_CODE if show_code else ACTION_COLUMNS)
    style = [
        *base_style(),
        ("ALIGN", (-1, 1), (-1, -1), "RIGHT"),
    ]
    return measured_table(data, widths, style)


def note_text(update: ProgressUpdateRow, public: bool) -> str:
    """The latest progress note in one line; without the author in the public profile."""
    when = format_date(update.on_date)
    body = esc(update.text.strip())
    if update.act_reference:
        body += f" — {esc(update.act_reference)}"
    if public or not update.author:
        return esc(t("latest_note", date=when, text="")) + body
    return esc(t("latest_note_by", date=when, author=update.author, text="")) + body


def list_table(
    header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float], head: str = "head"
) -> Table:
    """A plain table of paragraphs (strings are wrapped), header repeated on every page;
    ``head="head_small"`` for many narrow columns of figures."""
    st = styles()
    data: list[list[Any]] = [[Paragraph(esc(h), st[head]) for h in header]]
    for row in rows:
        data.append([v if isinstance(v, Flowable | list) else Paragraph(esc(v), st["cell"]) for v in row])
    return measured_table(data, widths, base_style())


def key_value_table(pairs: Sequence[tuple[str, Any]], label_width: float = 48 * mm) -> Table:
    """Label on the left, value on the right: the data block of a sheet."""
    st = styles()
    data = [
        [Paragraph(esc(label), st["cell_bold"]), v if isinstance(v, Flowable) else Paragraph(esc(v), st["cell"])]
        for label, v in pairs
    ]
    style = [
        font_command(),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    return measured_table(data, [label_width, CONTENT_WIDTH - label_width], style, repeat_rows=0)
