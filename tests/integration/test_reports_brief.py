"""The PDF meeting brief, read back with pypdf: text, accents, fonts, bookmarks, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report_data import ACCENTS, TODAY
from valenza_desk.domain.actor import Actor
from valenza_desk.domain.rows import ActionFilter
from valenza_desk.domain.status import Status
from valenza_desk.reports import fonts
from valenza_desk.reports.errors import FontError, ReportError
from valenza_desk.reports.options import ReportKind, ReportOptions
from valenza_desk.reports.runner import make_report
from valenza_desk.services import browse
from valenza_desk.services.programme import list_stakeholders
from valenza_desk.store.database import Database

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
def brief(report_db: Database, out_dir: Path) -> Path:
    target = out_dir / "brief.pdf"
    result = make_report(report_db, ReportOptions(meeting=MEETING, notes=True, today=TODAY), target)
    assert result.path == str(target)
    assert result.pages > 5
    return target


def test_brief_has_every_stakeholder_page_numbers_and_accents(brief: Path, report_db: Database) -> None:
    reader = PdfReader(brief)
    text = _text(reader)
    for stakeholder in list_stakeholders(report_db):
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
    assert "Scadenze nei prossimi 60 giorni" in text


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


def test_brief_has_bookmarks_metadata_and_language(brief: Path, report_db: Database) -> None:
    reader = PdfReader(brief)
    titles = _outline_titles(reader.outline)
    assert "Sintesi" in titles
    for stakeholder in list_stakeholders(report_db):
        assert stakeholder.name in titles
    # every stakeholder bookmark points to a page showing that stakeholder's heading
    for item in reader.outline:
        if not isinstance(item, list) and item.title in {s.name for s in list_stakeholders(report_db)}:
            page = reader.get_destination_page_number(item)
            assert item.title in reader.pages[page].extract_text()
    meta = reader.metadata
    assert meta.title == "Stato di attuazione del programma 2020-2025"
    assert meta.author and "Comune di Valenza" in meta.author
    assert meta.subject and "programma" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "it-IT"


def test_notes_name_their_author_unless_public(report_db: Database, out_dir: Path, actor: Actor) -> None:
    internal = out_dir / "internal.pdf"
    public = out_dir / "public.pdf"
    make_report(report_db, ReportOptions(notes=True, today=TODAY), internal)
    make_report(report_db, ReportOptions(notes=True, public=True, today=TODAY), public)
    internal_text = _text(PdfReader(internal))
    public_text = _text(PdfReader(public))
    assert actor.name in internal_text
    assert actor.name not in public_text
    assert "Versione pubblica" in public_text
    assert "approvato il" in public_text  # the note itself stays, only the name goes


def test_brief_without_notes_leaves_them_out(report_db: Database, out_dir: Path) -> None:
    target = out_dir / "plain.pdf"
    make_report(report_db, ReportOptions(today=TODAY), target)
    assert "approvato il" not in _text(PdfReader(target))


def test_brief_filters_stakeholders_and_statuses(report_db: Database, out_dir: Path) -> None:
    culture = browse.resolve_stakeholder(report_db, "Cultura")
    options = ReportOptions(
        action_filter=ActionFilter(stakeholder_ids=(culture,), statuses=(Status.IN_PROGRESS,)), today=TODAY
    )
    target = out_dir / "culture.pdf"
    make_report(report_db, options, target)
    text = _text(PdfReader(target))
    assert "Stakeholder: Cultura" in text
    assert "Stati: In corso" in text
    assert "Bambini e giovani" not in text
    in_progress = browse.list_actions(report_db, options.action_filter, TODAY)
    for row in in_progress:
        assert row.code in text or row.text[:30] in text.replace("\n", " ")


def test_empty_selection_still_makes_a_readable_brief(report_db: Database, out_dir: Path) -> None:
    target = out_dir / "empty.pdf"
    make_report(report_db, ReportOptions(action_filter=ActionFilter(search="nessuna-azione-xyz"), today=TODAY), target)
    text = _text(PdfReader(target))
    assert "Nessuna azione corrisponde ai criteri scelti." in text


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_bad_font_gives_italian_error_and_no_file(
    report_db: Database, out_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
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
            make_report(report_db, ReportOptions(today=TODAY), target)
    finally:
        monkeypatch.undo()
        fonts.forget_registration()
        pdf_common.styles.cache_clear()
    assert "carattere" in caught.value.message
    assert "Nessun file è stato scritto" in caught.value.message
    assert target.read_bytes() == b"previous brief"
    assert sorted(p.name for p in out_dir.iterdir()) == ["brief.pdf"]


def test_missing_folder_and_wrong_extension_are_refused(report_db: Database, out_dir: Path) -> None:
    with pytest.raises(ReportError, match="non esiste"):
        make_report(report_db, ReportOptions(today=TODAY), out_dir / "nope" / "brief.pdf")
    with pytest.raises(ReportError, match="estensione"):
        make_report(report_db, ReportOptions(today=TODAY), out_dir / "brief.docx")
    (out_dir / "dir.xlsx").mkdir()
    with pytest.raises(ReportError, match="è una cartella"):
        make_report(report_db, ReportOptions(kind=ReportKind.XLSX, today=TODAY), out_dir / "dir.xlsx")


def test_unwritable_folder_is_reported_in_italian(
    report_db: Database, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # the OS boundary: root could write anyway
    with pytest.raises(ReportError, match="Non è possibile scrivere nella cartella"):
        make_report(report_db, ReportOptions(today=TODAY), out_dir / "brief.pdf")
    assert list(out_dir.iterdir()) == []


def test_target_open_in_another_program_keeps_the_old_file(
    report_db: Database, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    target = out_dir / "export.xlsx"
    target.write_bytes(b"old workbook")

    def locked(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", locked)  # what Windows does while Excel holds the file
    with pytest.raises(ReportError, match="aperto in un altro programma"):
        make_report(report_db, ReportOptions(kind=ReportKind.XLSX, today=TODAY), target)
    assert target.read_bytes() == b"old workbook"
    assert [p.name for p in out_dir.iterdir()] == ["export.xlsx"]  # the temp file is gone
