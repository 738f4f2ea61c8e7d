"""One entry point for every report kind, used by the CLI and the Reports dialog.

The writer modules (and with them reportlab, openpyxl, odfpy) are imported here only
when a report is made, so importing this module is cheap.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from valenza_desk.reports.options import ReportKind, ReportOptions, ReportResult
from valenza_desk.reports.output import check_target
from valenza_desk.reports.progress import ProgressCallback, no_progress
from valenza_desk.services.desk import Desk

_WRITERS: dict[ReportKind, tuple[str, str]] = {
    ReportKind.BRIEF: ("valenza_desk.reports.pdf_brief", "write_brief"),
    ReportKind.OFFICE: ("valenza_desk.reports.pdf_office", "write_office_agenda"),
    ReportKind.ACTION: ("valenza_desk.reports.pdf_action", "write_action_sheet"),
    ReportKind.XLSX: ("valenza_desk.reports.xlsx_export", "write_xlsx"),
    ReportKind.CSV: ("valenza_desk.reports.csv_export", "write_csv"),
    ReportKind.ODS: ("valenza_desk.reports.ods_export", "write_ods"),
    ReportKind.MANDATE: ("valenza_desk.reports.pdf_mandate", "write_mandate"),
    ReportKind.ICS: ("valenza_desk.reports.ics_export", "write_ics"),
}


def make_report(
    desk: Desk, options: ReportOptions, target: str | Path, progress: ProgressCallback = no_progress
) -> ReportResult:
    """Write the report described by ``options`` to ``target``; ReportError in Italian on failure.

    The target is checked before any work (a folder, the wrong extension, a missing
    folder, a read-only file). A query naming another programme than the Desk's is
    reported on that programme. Every writer has the signature
    ``write(desk, options, target, progress) -> ReportResult``.
    """
    target = check_target(target, options.kind.extension)
    wanted = options.query.programme_id
    if wanted is not None and wanted != desk.programme_id:
        desk = desk.for_programme(wanted)
    module_name, function_name = _WRITERS[options.kind]
    writer = getattr(importlib.import_module(module_name), function_name)
    return writer(desk, options, target, progress)
