"""CSV export of the actions: UTF-8 with BOM, semicolon, Italian dates, as Excel in Italy expects.

Same columns as the workbook's "Azioni" sheet. Text that a spreadsheet would run as a
formula (= + - @) is prefixed with an apostrophe, the usual defence against CSV injection.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from valenza_desk.reports.catalogue import t
from valenza_desk.reports.columns import Column, ExportData, Flag, Kind, action_columns, is_risky, run_export
from valenza_desk.reports.options import ReportOptions, ReportResult
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk
from valenza_desk.text import format_date


def write_csv(
    desk: Desk, options: ReportOptions, target: Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    data = run_export(desk, options, target, progress, write_actions_csv)
    summary = t("done_csv", actions=len(data.rows))
    return ReportResult(path=str(target), summary=summary)


def cell_text(column: Column, value: object) -> str:
    """A value as Italian text: dd/mm/yyyy dates, percentages with %, risky text defused."""
    if value is None:
        return ""
    if isinstance(value, Flag):
        return value.text
    if column.kind is Kind.PERCENT and isinstance(value, int | float):
        return f"{round(value * 100)}%"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return format_date(value)
    text = str(value)
    return "'" + text if is_risky(text) else text


def write_actions_csv(data: ExportData, path: Path, progress: ProgressCallback = no_progress) -> None:
    columns = action_columns(data.public)
    count = len(data.rows)
    step = max(1, count // 50)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow([c.title for c in columns])
        for index, values in enumerate(data.action_rows(), 1):
            writer.writerow([cell_text(c, v) for c, v in zip(columns, values, strict=True)])
            if index % step == 0:
                progress(index, count, t("progress_rows", done=index, total=count))
