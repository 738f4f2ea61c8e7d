"""The workbook, the calendar and the end-of-mandate report for the meeting cycle, read back: openpyxl
and odfpy ("Variazioni", "Missioni", deadline history, row heights, print set-up), icalendar (stable
UIDs, all-day events), pypdf ("Stato di attuazione"); and the CLI in subprocesses."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from icalendar import Calendar
from odf import opendocument
from odf.namespaces import LOEXTNS, STYLENS, TABLENS
from odf.style import PageLayoutProperties, Style, TableRowProperties
from odf.table import Table, TableHeaderRows, TableRow
from pypdf import PdfReader

from tests.conftest import TODAY
from tests.integration.test_cli import desk_target, failed, ok
from valenza_desk.domain.clock import FixedClock
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionEdit, MilestoneRow, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.reports.mandate_data import mandate_data
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk
from valenza_desk.services.meetings import MeetingDraft

DELIBERA = "Delibera G.C. n. 45 del 12/03/2024"


def edit(desk: Desk, code: str, **changes: object) -> None:
    change = ActionEdit.from_detail(desk.action_by_code(code))
    for name, value in changes.items():
        setattr(change, name, value)
    desk.save_action(change)


def _session_and_changes(desk: Desk, clock: FixedClock) -> int:
    edit(desk, "CUL-04", due_date=date(2026, 12, 31), mission="05")
    meeting = desk.add_meeting(MeetingDraft("Consiglio comunale", TODAY)).value.id
    desk.freeze_snapshot(meeting)
    clock.advance(5)
    edit(desk, "CUL-04", status=Status.IN_PROGRESS, progress=40, note="Dossier inviato", act_reference=DELIBERA)
    edit(desk, "CUL-04", due_date=date(2027, 3, 31), due_change_reason="Attesa del bando")
    return meeting


def test_workbook_has_variazioni_missioni_and_the_deadline_history(
    desk: Desk, clock: FixedClock, out_dir: Path
) -> None:
    meeting = _session_and_changes(desk, clock)
    target = out_dir / "azioni.xlsx"
    make_report(desk, ReportOptions(kind=ReportKind.XLSX, since_meeting_id=meeting), target)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Sintesi", "Azioni", "Traguardi", "Uffici", "Missioni", "Variazioni"]
    changes = list(wb["Variazioni"].iter_rows(values_only=True))
    assert changes[0] == ("Codice", "Stakeholder", "Variazione", "Campo", "Prima", "Dopo")
    assert ("CUL-04", "Cultura", "Scadenza spostata", "Scadenza", "31/12/2026", "31/03/2027") in changes
    assert ("CUL-04", "Cultura", "Avanzamento cresciuto", "Avanzamento", "0%", "40% (+40)") in changes
    assert any(r[2] == "Atto citato" and r[5] == DELIBERA for r in changes)
    missions = {r[0]: r[1] for r in wb["Missioni"].iter_rows(min_row=2, values_only=True)}
    assert missions["05 Tutela e valorizzazione dei beni e delle attività culturali"] == 1
    assert missions["Senza Missione"] == 83
    ws = wb["Azioni"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "CUL-04")
    original, due = row[header.index("Scadenza originaria")].value, row[header.index("Scadenza")].value
    assert (original.date(), due.date()) == (date(2026, 12, 31), date(2027, 3, 31))  # side by side
    assert header.index("Scadenza") == header.index("Scadenza originaria") + 1
    assert row[header.index("Rimodulata")].value == "Sì, 1 volta"
    assert row[header.index("Missione")].value.startswith("05 ")
    # printable: header on every page, landscape, one page wide, rows as tall as their wrapped text
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    texts = {r[0].value: r[header.index("Azione")].value for r in ws.iter_rows(min_row=2)}
    longest = max(texts, key=lambda code: len(texts[code]))
    long_row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == longest)[0].row
    assert ws.row_dimensions[long_row].height >= 15 * (len(texts[longest]) // 60)
    assert ws.row_dimensions[1].height and ws.row_dimensions[1].height >= 30  # "Scadenza originaria" wraps
    assert wb["Variazioni"].print_title_rows == "$1:$1"


def test_ods_has_page_setup_repeated_header_row_heights_and_variazioni(
    desk: Desk, clock: FixedClock, out_dir: Path
) -> None:
    meeting = _session_and_changes(desk, clock)
    target = out_dir / "azioni.ods"
    make_report(desk, ReportOptions(kind=ReportKind.ODS, since_meeting_id=meeting), target)
    doc = opendocument.load(str(target))
    tables = {t.getAttrNS(TABLENS, "name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    assert list(tables) == ["Sintesi", "Azioni", "Traguardi", "Uffici", "Missioni", "Variazioni"]
    layout = doc.automaticstyles.getElementsByType(PageLayoutProperties)[0]
    assert layout.getAttrNS(STYLENS, "print-orientation") == "landscape"
    assert layout.getAttrNS(LOEXTNS, "scale-to-X") == "1" and layout.getAttrNS(LOEXTNS, "scale-to-Y") == "0"
    actions = tables["Azioni"]
    header_rows = actions.getElementsByType(TableHeaderRows)
    assert len(header_rows) == 1 and len(header_rows[0].getElementsByType(TableRow)) == 1
    heights = {
        s.getAttrNS(STYLENS, "name"): s.getElementsByType(TableRowProperties)[0].getAttrNS(STYLENS, "row-height")
        for s in doc.automaticstyles.getElementsByType(Style)
        if s.getAttrNS(STYLENS, "family") == "table-row"
    }
    used = {r.getAttrNS(TABLENS, "style-name") for r in actions.getElementsByType(TableRow)}
    assert len(used - {None}) >= 3 and max(float(heights[name][:-2]) for name in used if name) > 2.0  # cm
    changes = [[str(c) for c in r.childNodes] for r in tables["Variazioni"].getElementsByType(TableRow)]
    assert any("Scadenza spostata" in row and "31/03/2027" in row for row in changes)


def _events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_calendar_has_due_dates_milestones_and_sessions_with_stable_uids(desk: Desk, out_dir: Path) -> None:
    office = desk.add_office(OfficeDraft("Settore Cultura")).value.id
    edit(desk, "CUL-04", due_date=date(2026, 12, 31), lead_office_id=office)
    edit(desk, "CUL-05", due_date=date(2027, 1, 15))
    edit(desk, "CUL-06", due_date=date(2027, 1, 20), status=Status.DONE, progress=100, completed_on=TODAY)
    edit(desk, "BEL-01", milestones=(MilestoneRow(None, "Gara d'appalto", date(2027, 2, 1), None),))
    meeting = desk.add_meeting(MeetingDraft("Consiglio comunale", date(2026, 12, 15), "Bilancio")).value
    first, second = out_dir / "a.ics", out_dir / "b.ics"
    result = make_report(desk, ReportOptions(kind=ReportKind.ICS), first)
    assert "scadenze: 2, traguardi: 1, sedute: 1" in result.summary
    events = _events(first)
    milestone_id = desk.action_by_code("BEL-01").milestones[0].id
    assert set(events) == {
        "action-2020-2025-CUL-04@valenza-desk",
        "action-2020-2025-CUL-05@valenza-desk",
        f"milestone-{milestone_id}@valenza-desk",
        f"meeting-{meeting.id}@valenza-desk",
    }  # the completed CUL-06 is left out
    cul04 = events["action-2020-2025-CUL-04@valenza-desk"]
    assert cul04.decoded("DTSTART") == date(2026, 12, 31) and cul04.decoded("DTEND") == date(2027, 1, 1)  # all day
    assert str(cul04["SUMMARY"]).startswith("Scadenza CUL-04: Sostegno alla candidatura Unesco")
    assert (
        str(events[f"meeting-{meeting.id}@valenza-desk"]["SUMMARY"])
        == "Seduta: Consiglio comunale del 15/12/2026 — Bilancio"
    )
    sequence = int(cul04["SEQUENCE"])
    edit(desk, "CUL-04", due_date=date(2027, 2, 28), due_change_reason="Bando")
    make_report(desk, ReportOptions(kind=ReportKind.ICS), second)
    again = _events(second)
    assert set(again) == set(events)  # a re-import updates the same events
    moved = again["action-2020-2025-CUL-04@valenza-desk"]
    assert moved.decoded("DTSTART") == date(2027, 2, 28) and int(moved["SEQUENCE"]) > sequence
    assert "rimodulata 1 volta (originaria 31/12/2026)" in str(moved["DESCRIPTION"])
    office_only = out_dir / "ufficio.ics"
    make_report(desk, ReportOptions(kind=ReportKind.ICS, query=ActionQuery(office_id=office)), office_only)
    assert {u for u in _events(office_only) if u.startswith("action-")} == {"action-2020-2025-CUL-04@valenza-desk"}


def test_mandate_report_outcomes_quarters_dropped_reasons_and_acts(
    desk: Desk, clock: FixedClock, out_dir: Path
) -> None:
    edit(desk, "CUL-01", due_date=date(2026, 12, 31))
    edit(desk, "CUL-01", status=Status.DONE, progress=100, completed_on=TODAY)  # on time, in Q4 2026
    edit(desk, "CUL-02", status=Status.IN_PROGRESS, progress=50, mission="05", note="Avvio", act_reference=DELIBERA)
    meeting = desk.add_meeting(MeetingDraft("Consiglio comunale", TODAY)).value
    desk.freeze_snapshot(meeting.id)
    clock.advance(70)  # into Q1 2027
    edit(desk, "CUL-03", due_date=date(2027, 1, 10))
    edit(desk, "CUL-03", status=Status.DONE, progress=100, completed_on=clock.today())  # late
    edit(desk, "CUL-06", status=Status.DROPPED, note="Il bando regionale è stato ritirato")
    data = mandate_data(desk)
    quarters = {(q.year, q.number): q for q in data.quarters}
    assert (quarters[(2026, 4)].done, quarters[(2027, 1)].done) == (1, 2)
    assert quarters[(2026, 4)].in_progress == 1 and quarters[(2026, 4)].end == date(2026, 12, 31)
    assert quarters[(2027, 1)].end == clock.today()
    assert quarters[(2026, 4)].meetings and "Consiglio comunale del 25/11/2026" in quarters[(2026, 4)].meetings[0]
    culture = next(o for o in data.by_stakeholder if o.name == "Cultura")
    assert (culture.done_on_time, culture.done_late, culture.dropped, culture.in_progress) == (1, 1, 1, 1)
    target = out_dir / "mandato.pdf"
    result = make_report(desk, ReportOptions(kind=ReportKind.MANDATE), target)
    reader = PdfReader(target)
    assert reader.metadata.title == "Stato di attuazione del programma 2020-2025"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "Stato di attuazione del programma 2020-2025",
        "D.Lgs. 149/2011",
        "Attuazione per stakeholder",
        "Attuazione per Missione del DUP",
        "05 Tutela e valorizzazione",
        "Andamento per trimestre",
        "4º trim. 2026",
        "1º trim. 2027",
        "Azioni non più previste e motivi",
        "Il bando regionale è stato ritirato",
        "Atti adottati",
        "Delibera di Giunta comunale 45 12/03/2024",
    ):
        assert expected in text, expected
    assert f"pagine: {len(reader.pages)}" in result.summary


def test_cli_brief_by_meeting_id_reprints_identically_and_exports(service_desk: Desk, out_dir: Path) -> None:
    db = desk_target(service_desk)
    service_desk.close()
    meeting = ok(db, "meetings", "add", "--body", "Consiglio comunale", "--date", "2026-11-30").strip()
    first, second = out_dir / "prima.pdf", out_dir / "ristampa.pdf"
    out = ok(db, "report", "brief", "--meeting", meeting, "--out", str(first))
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert digest in out and "registrato con la seduta" in out
    ok(db, "set", "CUL-04", "--status", "in corso", "--progress", "30", "--note", "Avvio", "--act", DELIBERA)
    out = ok(db, "report", "brief", "--meeting", meeting, "--out", str(second))
    assert second.read_bytes() == first.read_bytes() and "identico" in out
    listed = ok(db, "meetings", "--json")
    assert digest in listed
    later = ok(db, "meetings", "add", "--body", "Giunta comunale", "--date", "2026-12-10").strip()
    brief = out_dir / "seconda.pdf"
    ok(db, "report", "brief", "--meeting", later, "--since-meeting", meeting, "--out", str(brief))
    text = " ".join(p.extract_text() for p in PdfReader(brief).pages)
    assert "Cosa è cambiato dalla seduta del 30/11/2026" in text
    free = out_dir / "testo.pdf"
    ok(db, "report", "brief", "--meeting", "Giunta del 3 dicembre", "--out", str(free))  # the old free text
    assert "Riunione: Giunta del 3 dicembre" in PdfReader(free).pages[0].extract_text()
    workbook = out_dir / "v.xlsx"
    ok(db, "export", "xlsx", "--since-meeting", meeting, "--out", str(workbook))
    assert "Variazioni" in openpyxl.load_workbook(workbook).sheetnames
    calendar = out_dir / "c.ics"
    ok(db, "export", "ics", "--out", str(calendar))
    assert f"meeting-{meeting}@valenza-desk" in _events(calendar)
    mandate = out_dir / "m.pdf"
    ok(db, "report", "mandate", "--out", str(mandate))
    assert "Stato di attuazione" in PdfReader(mandate).metadata.title
    assert (
        "xlsx e ods" in failed(db, "export", "csv", "--since-meeting", meeting, "--out", str(out_dir / "x.csv")).stderr
    )
    assert "non trovata" in failed(db, "report", "brief", "--meeting", "999", "--out", str(out_dir / "n.pdf")).stderr
    assert not (out_dir / "n.pdf").exists()


def test_a_session_brief_needs_the_right_to_manage_sessions_only_the_first_time(desk: Desk, out_dir: Path) -> None:
    from valenza_desk.domain.actor import Actor, Role

    meeting = desk.add_meeting(MeetingDraft("Giunta comunale", TODAY + timedelta(days=1))).value
    make_report(desk, ReportOptions(meeting_id=meeting.id), out_dir / "a.pdf")
    reader = Desk(desk.db, Actor("lettore", Role.CONSULTAZIONE), desk.clock)
    make_report(reader, ReportOptions(meeting_id=meeting.id), out_dir / "b.pdf")  # a reprint writes nothing
    assert (out_dir / "a.pdf").read_bytes() == (out_dir / "b.pdf").read_bytes()
