"""The PDF meeting brief, read back with pypdf: text, accents, fonts, bookmarks, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report_data import ACCENTS
from valenza_desk.domain.actor import Actor
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.status import Status
from valenza_desk.reports import fonts
from valenza_desk.reports.errors import FontError, ReportError
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services.desk import Desk

MEETING = f"Giunta comunale del 3 dicembre — prova {ACCENTS}"


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _outline_titles(outline: list) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles += _outline_titles(item)
        else:
            titles.append(item.title)
    return titles


@pytest.fixture
def brief(report_desk: Desk, out_dir: Path) -> Path:
    target = out_dir / "brief.pdf"
    result = make_report(report_desk, ReportOptions(meeting=MEETING, notes=True), target)
    assert result.path == str(target)
    assert result.pages > 5
    return target


def test_brief_has_every_stakeholder_page_numbers_and_accents(brief: Path, report_desk: Desk) -> None:
    reader = PdfReader(brief)
    text = _text(reader)
    for stakeholder in report_desk.stakeholders():
        assert stakeholder.name in text
    total = len(reader.pages)
    assert "Pagina 1 di" in reader.pages[0].extract_text()
    assert f"Pagina {total} di {total}" in reader.pages[-1].extract_text()
    assert "Comune di Valenza" in text
    assert "Stato di attuazione del programma 2020-2025" in text
    for char in ACCENTS.split():
        assert char in text, char
    assert "approvato il “Piano” per la città: 5 €" in text.replace("\n", " ")
    assert "Azioni scadute" in text
    assert "Scadenze nei prossimi 30 giorni" in text  # the desk's one due-soon setting
    assert "Programma elettorale 2020-2025 — coalizione Valenza Futura, sindaco Luca Ballerini" in text


def test_brief_embeds_its_truetype_font_and_no_base14(brief: Path) -> None:
    reader = PdfReader(brief)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            assert descriptor is not None, f"font not embedded: {font.get('/BaseFont')}"
            assert "/FontFile2" in descriptor.get_object(), font.get("/BaseFont")
            seen.add(str(font["/BaseFont"]))
    assert any("DejaVuSansCondensed" in name for name in seen)
    assert not any("Helvetica" in name for name in seen)


def test_brief_has_bookmarks_metadata_and_language(brief: Path, report_desk: Desk) -> None:
    reader = PdfReader(brief)
    titles = _outline_titles(reader.outline)
    assert "Sintesi" in titles
    stakeholders = {s.name for s in report_desk.stakeholders()}
    assert stakeholders <= set(titles)
    # every stakeholder bookmark points to a page showing that stakeholder's heading
    for item in reader.outline:
        if not isinstance(item, list) and item.title in stakeholders:
            page = reader.get_destination_page_number(item)
            assert item.title in reader.pages[page].extract_text()
    meta = reader.metadata
    assert meta.title == "Stato di attuazione del programma 2020-2025"
    assert meta.author and "Comune di Valenza" in meta.author
    assert meta.subject and "programma" in meta.subject and "Programma elettorale 2020-2025" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "it-IT"


def test_notes_name_their_author_unless_public(report_desk: Desk, out_dir: Path, actor: Actor) -> None:
    internal = out_dir / "internal.pdf"
    public = out_dir / "public.pdf"
    make_report(report_desk, ReportOptions(notes=True), internal)
    make_report(report_desk, ReportOptions(notes=True, public=True), public)
    internal_text = _text(PdfReader(internal))
    public_text = _text(PdfReader(public))
    assert actor.name in internal_text
    assert actor.name not in public_text
    assert "Versione pubblica" in public_text
    assert "approvato il" in public_text  # the note itself stays, only the name goes


def test_brief_without_notes_leaves_them_out(report_desk: Desk, out_dir: Path) -> None:
    target = out_dir / "plain.pdf"
    make_report(report_desk, ReportOptions(), target)
    assert "approvato il" not in _text(PdfReader(target))


def test_brief_filters_stakeholders_and_statuses(report_desk: Desk, out_dir: Path) -> None:
    culture = report_desk.resolve_stakeholder("Cultura")
    options = ReportOptions(query=ActionQuery(stakeholder_ids=(culture,), statuses=(Status.IN_PROGRESS,)))
    target = out_dir / "culture.pdf"
    make_report(report_desk, options, target)
    text = _text(PdfReader(target))
    assert "Stakeholder: Cultura" in text
    assert "Stati: In corso" in text
    assert "Bambini e giovani" not in text
    in_progress = report_desk.actions(options.query)
    assert in_progress
    for row in in_progress:
        assert row.code in text or row.text[:30] in text.replace("\n", " ")


def test_empty_selection_still_makes_a_readable_brief(report_desk: Desk, out_dir: Path) -> None:
    target = out_dir / "empty.pdf"
    make_report(report_desk, ReportOptions(query=ActionQuery(search="nessuna-azione-xyz")), target)
    text = _text(PdfReader(target))
    assert "Nessuna azione corrisponde ai criteri scelti." in text


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_bad_font_gives_italian_error_and_no_file(
    report_desk: Desk, out_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    broken = tmp_path / "fonts"
    broken.mkdir()
    if damage == "corrupt":
        for name in fonts.FONT_FILES.values():
            (broken / name).write_bytes(b"not a font at all")
    monkeypatch.setattr(fonts, "fonts_dir", lambda: broken)
    fonts.forget_registration()
    from valenza_desk.reports import pdf_common

    pdf_common.styles.cache_clear()
    target = out_dir / "brief.pdf"
    target.write_bytes(b"previous brief")
    try:
        with pytest.raises(FontError) as caught:
            make_report(report_desk, ReportOptions(), target)
    finally:
        monkeypatch.undo()
        fonts.forget_registration()
        pdf_common.styles.cache_clear()
    assert "carattere" in caught.value.message
    assert "Nessun file è stato scritto" in caught.value.message
    assert target.read_bytes() == b"previous brief"
    assert sorted(p.name for p in out_dir.iterdir()) == ["brief.pdf"]


def test_missing_folder_and_wrong_extension_are_refused(report_desk: Desk, out_dir: Path) -> None:
    with pytest.raises(ReportError, match="non esiste"):
        make_report(report_desk, ReportOptions(), out_dir / "nope" / "brief.pdf")
    with pytest.raises(ReportError, match="estensione"):
        make_report(report_desk, ReportOptions(), out_dir / "brief.docx")
    (out_dir / "dir.xlsx").mkdir()
    with pytest.raises(ReportError, match="è una cartella"):
        make_report(report_desk, ReportOptions(kind=ReportKind.XLSX), out_dir / "dir.xlsx")


def test_unwritable_folder_is_reported_in_italian(
    report_desk: Desk, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # the OS boundary: root could write anyway
    with pytest.raises(ReportError, match="Non è possibile scrivere nella cartella"):
        make_report(report_desk, ReportOptions(), out_dir / "brief.pdf")
    assert list(out_dir.iterdir()) == []


def test_target_open_in_another_program_keeps_the_old_file(
    report_desk: Desk, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    target = out_dir / "export.xlsx"
    target.write_bytes(b"old workbook")

    def locked(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", locked)  # what Windows does while Excel holds the file
    with pytest.raises(ReportError, match="aperto in un altro programma"):
        make_report(report_desk, ReportOptions(kind=ReportKind.XLSX), target)
    assert target.read_bytes() == b"old workbook"
    assert [p.name for p in out_dir.iterdir()] == ["export.xlsx"]  # the temp file is gone


def test_due_soon_heading_names_the_desks_setting(report_desk: Desk, out_dir: Path) -> None:
    report_desk.set_due_soon_days(45)
    target = out_dir / "quarantacinque.pdf"
    make_report(report_desk, ReportOptions(), target)
    text = _text(PdfReader(target))
    assert "Scadenze nei prossimi 45 giorni" in text
    assert "30 giorni" not in text
    report_desk.set_due_soon_days(1)
    make_report(report_desk, ReportOptions(), target)
    assert "Scadenze entro domani" in _text(PdfReader(target))


def test_a_programme_with_many_stakeholders_gets_charts_that_fit_the_page(empty_desk: Desk, out_dir: Path) -> None:
    from valenza_desk.services.samples import synthetic_programme

    empty_desk.import_programme(synthetic_programme(120, stakeholders=60))
    target = out_dir / "molti.pdf"
    make_report(empty_desk, ReportOptions(), target)  # one chart of 60 bars was taller than a page
    reader = PdfReader(target)
    charts = "\n".join(page.extract_text() for page in reader.pages[1:4])
    for number in range(1, 61):
        assert f"Stakeholder sintetico {number}\n" in charts + "\n", number
    assert "Stakeholder sintetico 60" in _outline_titles(reader.outline)
