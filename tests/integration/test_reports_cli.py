"""``report`` and ``export`` end to end, in subprocesses, on a real database file."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.integration.test_cli import run
from tests.report_data import ACTION_CODE, FORMULA_OFFICE
from valenza_desk.services.desk import Desk


@pytest.fixture
def cli_db(report_desk: Desk, db_path: Path) -> Path:
    """The sample scenario and the awkward data of tests/report_data.py, in a file."""
    report_desk.close()
    return db_path


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_report_brief_with_filters(cli_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    result = run(
        cli_db,
        "report",
        "brief",
        "--out",
        str(out),
        "--stakeholder",
        "Cultura",
        "--stakeholder",
        "Bellezza",
        "--status",
        "in_progress",
        "--status",
        "Da avviare",
        "--meeting",
        "Consiglio comunale del 12/12/2025",
        "--notes",
        "--public",
    )
    assert result.returncode == 0, result.stderr
    assert f"File scritto: {out}" in result.stdout
    assert "Relazione per la seduta scritta — azioni:" in result.stdout and "stakeholder: 2" in result.stdout
    text = _pdf_text(out)
    assert "Consiglio comunale del 12/12/2025" in text
    assert "Stakeholder: Cultura, Bellezza" in text
    assert "Stati: In corso, Da avviare" in text
    assert "segreteria.test" not in text  # public: the note authors are left out


def test_report_office_and_action(cli_db: Path, tmp_path: Path) -> None:
    agenda = tmp_path / "ufficio.pdf"
    result = run(cli_db, "report", "office", "servizi sociali", "--out", str(agenda))
    assert result.returncode == 0, result.stderr
    assert "Agenda di «Settore Servizi Sociali» scritta" in result.stdout
    assert "Settore Servizi Sociali" in _pdf_text(agenda)

    sheet = tmp_path / "azione.pdf"
    result = run(cli_db, "report", "action", ACTION_CODE.lower(), "--out", str(sheet), "--audit")
    assert result.returncode == 0, result.stderr
    text = _pdf_text(sheet)
    assert ACTION_CODE in text
    assert "Delibera G.C. n. 12 del 03/03/2021" in text
    assert "Registro delle modifiche" in text


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods"])
def test_export_each_format(cli_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"azioni.{fmt}"
    result = run(cli_db, "export", fmt, "--out", str(out), "--stakeholder", "Cultura")
    assert result.returncode == 0, result.stderr
    assert f"File scritto: {out}" in result.stdout
    assert "azioni:" in result.stdout.splitlines()[-1]
    if fmt == "xlsx":
        ws = openpyxl.load_workbook(out)["Azioni"]
        stakeholders = {r[2] for r in ws.iter_rows(min_row=2, values_only=True)}
        assert stakeholders == {"Cultura"}
    elif fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        assert {r[2] for r in rows[1:]} == {"Cultura"}
        assert any(r[4] == "'" + FORMULA_OFFICE for r in rows[1:])
    else:
        assert out.stat().st_size > 1000


def test_errors_are_italian_with_no_file_left(cli_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = run(cli_db, "report", "office", "Ufficio inesistente", "--out", str(out))
    assert result.returncode != 0
    assert result.stderr.startswith("Errore: Ufficio «Ufficio inesistente» non trovato")
    assert "Traceback" not in result.stderr
    result = run(cli_db, "report", "action", "XYZ-99", "--out", str(out))
    assert result.returncode != 0 and "Azione «XYZ-99» non trovata" in result.stderr
    result = run(cli_db, "export", "xlsx", "--out", str(tmp_path / "manca" / "x.xlsx"))
    assert result.returncode != 0 and "non esiste" in result.stderr
    result = run(cli_db, "export", "csv", "--out", str(tmp_path / "x.xlsx"))
    assert result.returncode != 0 and "estensione" in result.stderr
    result = run(cli_db, "report", "brief")
    assert result.returncode == 2 and "--out" in result.stderr
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob("*.tmp")) == []
