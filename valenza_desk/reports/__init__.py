"""Reports: PDF briefs (reportlab) and spreadsheet exports (openpyxl, CSV, ODS), fed by the Desk.

Nothing here imports PySide6, and the heavy libraries (reportlab, openpyxl, odfpy) are
imported only inside the writer modules, which ``runner.make_report`` loads on demand,
so the desktop app starts without them.
"""
