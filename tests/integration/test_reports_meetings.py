"""A session's brief, read back with pypdf: frozen from the session's snapshot, reproducible byte for
byte, its SHA-256 kept with the session, "what changed" since the previous session near the front,
DUP Missioni, deadline history and acts in the stakeholder tables; and the action sheet."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import TODAY
from valenza_desk.domain.clock import FixedClock
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionEdit, MilestoneRow, OfficeDraft
from valenza_desk.domain.status import Status
from valenza_desk.reports.errors import ReportError
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services.acts import ActDraft
from valenza_desk.services.desk import Desk
from valenza_desk.services.meetings import MeetingDraft

DELIBERA = "Delibera G.C. n. 45 del 12/03/2024"


def edit(desk: Desk, code: str, **changes: object) -> None:
    change = ActionEdit.from_detail(desk.action_by_code(code))
    for name, value in changes.items():
        setattr(change, name, value)
    desk.save_action(change)


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(path: Path) -> str:
    return " ".join(" ".join(pages(path)).split())


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def cycle(service_desk: Desk, clock: FixedClock) -> Desk:
    """Before the first session: offices, a due date, a Missione, a milestone, an act already registered."""
    desk = service_desk
    lead = desk.add_office(OfficeDraft("Settore Cultura")).value.id
    support = desk.add_office(OfficeDraft("Ufficio Tecnico")).value.id
    edit(desk, "CUL-04", due_date=date(2026, 12, 31), lead_office_id=lead, support_office_ids=(support,), mission="05")
    edit(desk, "CUL-05", due_date=TODAY + timedelta(days=7))
    edit(desk, "BEL-01", milestones=(MilestoneRow(None, "Gara d'appalto", TODAY + timedelta(days=10), None),))
    edit(desk, "CUL-02", note="Avviato il confronto", act_reference=DELIBERA)  # the act enters the register
    return desk


def test_a_sessions_brief_is_frozen_recorded_and_reprinted_identically(
    cycle: Desk, clock: FixedClock, out_dir: Path
) -> None:
    desk = cycle
    first = desk.add_meeting(MeetingDraft("Consiglio comunale", TODAY + timedelta(days=5), "Verifica")).value
    brief = out_dir / "prima.pdf"
    result = make_report(desk, ReportOptions(meeting_id=first.id, notes=True), brief)
    stored = desk.meeting(first.id)
    assert stored.has_snapshot and stored.brief_sha256 == sha(brief)
    assert "registrato con la seduta" in result.summary and sha(brief) in result.summary
    text = flat(brief)
    assert "Seduta: Consiglio comunale del 30/11/2026 — Verifica" in text
    assert "Situazione al 30/11/2026" in text  # the snapshot's day
    assert "Cosa è cambiato dalla seduta precedente" in text
    assert "Nessuna seduta precedente ha uno stato fotografato" in text

    clock.advance(10)  # work done after the session: none of it may reach a reprint of the first brief
    edit(desk, "CUL-04", status=Status.IN_PROGRESS, progress=40, note="Dossier inviato", act_reference=DELIBERA)
    edit(desk, "CUL-04", due_date=date(2027, 3, 31), due_change_reason="Attesa del bando regionale")
    edit(desk, "CUL-01", status=Status.DONE, progress=100, completed_on=clock.today())
    act = desk.acts()[0]
    desk.update_act(act.id, act.version, ActDraft(act.act_type, act.number, act.on_date, "Candidatura Unesco"))
    desk.add_act(
        ActDraft("Determinazione dirigenziale", "214", date(2026, 12, 1), "Affidamento"), (desk.action_id("CUL-03"),)
    )
    desk.set_due_soon_days(30)

    again = out_dir / "prima-ristampa.pdf"
    reprint = make_report(desk, ReportOptions(meeting_id=first.id, notes=True), again)
    assert again.read_bytes() == brief.read_bytes()
    assert "identico" in reprint.summary
    assert desk.meeting(first.id).brief_sha256 == sha(again)  # the first issue's digest is kept

    second = desk.add_meeting(MeetingDraft("Consiglio comunale", clock.today())).value
    later = out_dir / "seconda.pdf"
    make_report(desk, ReportOptions(meeting_id=second.id), later)
    by_page = pages(later)
    heading = "Cosa è cambiato dalla seduta del 30/11/2026"
    changed_on = next(i for i, page in enumerate(by_page) if heading in page)
    summary_on = next(i for i, page in enumerate(by_page) if "Sintesi" in page)
    assert 0 < changed_on < summary_on  # near the front, before the summary
    text = flat(later)
    for expected in (
        "Variazioni per tipo",
        "Cultura — ",
        "Scadenza spostata",
        "31/12/2026 31/03/2027",
        "Completata nei tempi",
        "Avanzamento cresciuto",
        "40% (+40)",
        "Diventata scaduta",
        "Nuova nota di avanzamento",
        DELIBERA,
    ):
        assert expected in text, expected
    # the stakeholder tables: the code, the supporting office, the original date beside the new, the acts
    assert "supporto: Ufficio Tecnico" in text
    assert "31/03/2027 orig. 31/12/2026 rimodulata 1 volta" in text
    assert f"Atti: {DELIBERA} — Candidatura Unesco" in text
    assert "Azioni per Missione del DUP" in text and "05 Tutela e valorizzazione" in text


def test_a_reprint_leaves_out_acts_registered_or_linked_after_the_snapshot(cycle: Desk, out_dir: Path) -> None:
    desk = cycle
    meeting = desk.add_meeting(MeetingDraft("Giunta comunale", TODAY)).value
    first = out_dir / "a.pdf"
    make_report(desk, ReportOptions(meeting_id=meeting.id), first)
    assert f"Atti: {DELIBERA}" in flat(first)  # CUL-02's act, cited before the session
    desk.clock = FixedClock(TODAY + timedelta(days=1))
    edit(desk, "CUL-06", note="Stessa delibera", act_reference=DELIBERA)  # an old act linked to one more action
    second = out_dir / "b.pdf"
    make_report(desk, ReportOptions(meeting_id=meeting.id), second)
    assert second.read_bytes() == first.read_bytes()
    live = out_dir / "live.pdf"
    make_report(desk, ReportOptions(), live)  # the live brief does show the new link
    assert flat(live).count(f"Atti: {DELIBERA}") == 2


def test_since_meeting_is_chosen_and_checked(cycle: Desk, clock: FixedClock, out_dir: Path) -> None:
    desk = cycle
    first = desk.add_meeting(MeetingDraft("Consiglio comunale", TODAY)).value
    desk.freeze_snapshot(first.id)
    clock.advance(3)
    edit(desk, "IMP-01", status=Status.IN_PROGRESS, progress=10)
    second = desk.add_meeting(MeetingDraft("Giunta comunale", clock.today())).value
    desk.freeze_snapshot(second.id)
    clock.advance(3)
    third = desk.add_meeting(MeetingDraft("Consiglio comunale", clock.today())).value
    target = out_dir / "terza.pdf"
    make_report(desk, ReportOptions(meeting_id=third.id, since_meeting_id=first.id), target)
    text = flat(target)
    assert "Cosa è cambiato dalla seduta del 25/11/2026" in text and "IMP-01" in text
    with pytest.raises(ReportError, match="diversa"):
        make_report(desk, ReportOptions(meeting_id=third.id, since_meeting_id=third.id), target)
    # a brief without a session compares the chosen session with today
    live = out_dir / "oggi.pdf"
    make_report(desk, ReportOptions(since_meeting_id=second.id), live)
    assert "Cosa è cambiato dalla seduta del 28/11/2026" in flat(live)


def test_a_filtered_sessions_brief_filters_the_frozen_values(cycle: Desk, out_dir: Path) -> None:
    desk = cycle
    meeting = desk.add_meeting(MeetingDraft("Giunta comunale", TODAY)).value
    desk.freeze_snapshot(meeting.id)
    edit(desk, "CUL-07", status=Status.IN_PROGRESS)  # after the snapshot: not in progress then
    office = desk.resolve_office("Settore Cultura")
    target = out_dir / "cultura.pdf"
    make_report(desk, ReportOptions(meeting_id=meeting.id, query=ActionQuery(office_id=office)), target)
    text = flat(target)
    assert "CUL-04" in text and "CUL-07" not in text and "BEL-01" not in text
    statuses = ActionQuery(statuses=(Status.IN_PROGRESS,))
    make_report(desk, ReportOptions(meeting_id=meeting.id, query=statuses), target)
    assert "CUL-07" not in flat(target)


def test_the_brief_shows_codes_so_a_repeated_source_number_is_not_ambiguous(desk: Desk, out_dir: Path) -> None:
    numbers = [(r.code, r.number) for r in desk.actions() if r.stakeholder == "Bellezza"]
    repeated = [code for code, number in numbers if number == "7"]
    assert len(repeated) == 2  # the source prints "7" twice
    target = out_dir / "bellezza.pdf"
    make_report(desk, ReportOptions(query=ActionQuery(stakeholder_ids=(desk.resolve_stakeholder("Bellezza"),))), target)
    text = flat(target)
    for code in repeated:
        assert code + " " in text


def test_the_action_sheet_lists_acts_and_every_move_of_the_due_date(cycle: Desk, out_dir: Path) -> None:
    desk = cycle
    edit(desk, "CUL-04", due_date=date(2027, 6, 30), due_change_reason="Ritardo del finanziamento")
    desk.add_act(
        ActDraft("Determinazione dirigenziale", "214", date(2025, 3, 3), "Affidamento", cup="J11B21000000001"),
        (desk.action_id("CUL-04"),),
    )
    target = out_dir / "scheda.pdf"
    make_report(desk, ReportOptions(kind=ReportKind.ACTION, action_code="CUL-04"), target)
    text = flat(target)
    assert "Scadenza originaria 31/12/2026" in text and "Rimodulazioni rimodulata 1 volta" in text
    assert "Rimodulazioni della scadenza" in text and "31/12/2026 30/06/2027 Ritardo del finanziamento" in text
    assert "Atti collegati" in text
    assert "Determinazione dirigenziale 214 03/03/2025 Affidamento (CUP J11B21000000001)" in text
    assert "Missione (DUP) 05 Tutela e valorizzazione" in text
    public = out_dir / "pubblica.pdf"
    make_report(desk, ReportOptions(kind=ReportKind.ACTION, action_code="CUL-04", public=True), public)
    assert desk.actor.name not in flat(public)
