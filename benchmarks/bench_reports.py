"""Report writers against a plain-library baseline writing the same content, in the same run.

    python benchmarks/bench_reports.py [--brief-actions 10000] [--xlsx-actions 100000]

Prints seconds and the ratio to the baseline (aim: within 1.5x). Never asserts on time.
The brief baseline is plain platypus: one heading and ~500-row tables of wrapped cells
per stakeholder, same font, no cover, summary, chart, running header or bookmarks.
The workbook baseline is openpyxl write-only appending the same values without styles.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.clock import FixedClock
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk
from valenza_desk.services.samples import synthetic_programme
from valenza_desk.text import format_date

TODAY = date(2025, 3, 1)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def open_desk(folder: Path, actions: int) -> Desk:
    """A Desk on a new file holding a synthetic programme of ``actions`` actions, on a fixed day."""
    desk = Desk.open(folder / f"bench-{actions}.sqlite3", Actor("benchmark", Role.ADMIN), FixedClock(TODAY))
    desk.import_programme(synthetic_programme(actions))
    return desk


def baseline_brief(desk: Desk, path: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from valenza_desk.reports import fonts

    fonts.register_fonts()
    cell = ParagraphStyle("c", fontName=fonts.REGULAR, fontSize=8.5, leading=10.6)
    head = ParagraphStyle("h", fontName=fonts.BOLD, fontSize=15, leading=19)
    rows = desk.actions()
    story = []
    widths = [11 * mm, 78 * mm, 34 * mm, 17.5 * mm, 20 * mm, 13.5 * mm]
    by_stakeholder: dict[str, list] = {}
    for r in rows:
        by_stakeholder.setdefault(r.stakeholder, []).append(r)
    for name, members in by_stakeholder.items():
        story.append(Paragraph(escape(name), head))
        for start in range(0, len(members), 500):
            data = [["N°", "Azione", "Ufficio responsabile", "Scadenza", "Stato", "Avanz."]]
            for r in members[start : start + 500]:
                data.append(
                    [
                        r.number,
                        Paragraph(escape(r.text), cell),
                        Paragraph(escape(r.lead_office or "—"), cell),
                        format_date(r.due_date, "—"),
                        Paragraph(escape(r.status.label), cell),
                        f"{r.progress}%",
                    ]
                )
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(
                TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8.5), ("VALIGN", (0, 0), (-1, -1), "TOP")])
            )
            story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def baseline_workbook(desk: Desk, path: Path) -> None:
    from openpyxl import Workbook

    from valenza_desk.reports.columns import Flag, action_columns, action_values

    rows = desk.actions()
    today = desk.today()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Azioni")
    ws.append([c.title for c in action_columns(False)])
    for r in rows:
        ws.append([v.text if isinstance(v, Flag) else v for v in action_values(r, False, today)])
    wb.save(path)


def report(label: str, ours: float, base: float) -> None:
    print(f"{label:<34} ours {ours:7.2f} s   baseline {base:7.2f} s   ratio {ours / base:5.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--brief-actions", type=int, default=10_000)
    parser.add_argument("--xlsx-actions", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        desk = open_desk(folder, args.brief_actions)
        options = ReportOptions(kind=ReportKind.BRIEF)
        make_report(desk, options, folder / "warm.pdf")  # font loading and imports out of the timing
        base = timed(lambda: baseline_brief(desk, folder / "baseline.pdf"))
        ours = timed(lambda: make_report(desk, options, folder / "brief.pdf"))
        pages = make_report(desk, options, folder / "brief2.pdf").pages
        report(f"PDF brief, {args.brief_actions:,} actions ({pages} p.)", ours, base)
        desk.close()

        desk = open_desk(folder, args.xlsx_actions)
        options = ReportOptions(kind=ReportKind.XLSX)
        base = timed(lambda: baseline_workbook(desk, folder / "baseline.xlsx"))
        ours = timed(lambda: make_report(desk, options, folder / "azioni.xlsx"))
        report(f"Workbook, {args.xlsx_actions:,} actions", ours, base)
        size = (folder / "azioni.xlsx").stat().st_size / 2**20
        print(f"{'':<34} workbook {size:.1f} MiB (4 sheets: summary, actions, milestones, offices)")
        desk.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
