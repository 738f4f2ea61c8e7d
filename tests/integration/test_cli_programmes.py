"""Several programmes from the command line: ``programmes``, ``import-program`` of a new period,
and ``--programme`` on every command that reads or writes a programme's actions."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.conftest import SEED
from tests.integration.test_cli import actions, failed, ok
from valenza_desk.importers.programme_text import parse_programme
from valenza_desk.services.desk import Desk

OLD_TEXT = "Sostegno alla candidatura Unesco di Valenza Città creativa"  # CUL-04 in the bundled text
NEW_TEXT = OLD_TEXT + ", seconda fase"


def next_mandate_text() -> str:
    """The bundled programme as the next mandate: another period in its title, CUL-04 reworded."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count("Programma elettorale 2020-2025") == 1 and text.count(OLD_TEXT) == 1
    return text.replace("Programma elettorale 2020-2025", "Programma elettorale 2025-2030").replace(OLD_TEXT, NEW_TEXT)


@pytest.fixture
def next_mandate(tmp_path: Path) -> Path:
    path = tmp_path / "programma-2025-2030.txt"
    path.write_text(next_mandate_text(), encoding="utf-8")
    return path


@pytest.fixture
def two_programmes(desk: Desk) -> Path:
    """The bundled programme (n. 1, 2020-2025) and the next mandate beside it (n. 2, 2025-2030)."""
    raw = next_mandate_text().encode("utf-8")
    assert desk.import_programme(parse_programme(raw, "programma-2025-2030.txt")).value.new_programme
    desk.close()
    assert desk.db.path is not None
    return desk.db.path


def test_import_program_of_a_new_period_adds_a_programme(desk: Desk, next_mandate: Path) -> None:
    desk.close()
    db = desk.db.path
    assert db is not None
    out = ok(db, "import-program", str(next_mandate))
    assert "Nuovo programma: Programma elettorale 2025-2030 (2025-2030)" in out and "Azioni nuove: 84" in out
    listed = json.loads(ok(db, "programmes", "--json"))
    assert [(p["id"], p["period"], p["actions"], p["current"]) for p in listed] == [
        (2, "2025-2030", 84, True),
        (1, "2020-2025", 84, False),
    ]
    assert listed[0]["title"] == "Programma elettorale 2025-2030"
    assert {"id", "title", "period", "actions", "current"} <= set(listed[0])

    again = ok(db, "import-program", str(next_mandate))  # the same period: an update, not a third programme
    assert "Programma aggiornato: Programma elettorale 2025-2030" in again and "Azioni invariate: 84" in again
    assert len(json.loads(ok(db, "programmes", "--json"))) == 2
    assert len(actions(db)) == 84  # the current programme alone, not both


def test_programmes_table(two_programmes: Path) -> None:
    lines = ok(two_programmes, "programmes").splitlines()
    assert lines[1].split() == ["*", "2", "2025-2030", "84", "Programma", "elettorale", "2025-2030"]
    assert lines[2].split() == ["1", "2020-2025", "84", "Programma", "elettorale", "2020-2025"]
    assert "programma corrente" in lines[3]


def test_programmes_of_an_empty_database(empty_desk: Desk) -> None:
    empty_desk.close()
    assert empty_desk.db.path is not None
    assert json.loads(ok(empty_desk.db.path, "programmes", "--json")) == []
    assert "Nessun programma nel database" in ok(empty_desk.db.path, "programmes")


def test_actions_stakeholders_and_show_follow_the_programme(two_programmes: Path) -> None:
    def cul04(*args: str) -> str:
        (row,) = [r for r in actions(two_programmes, "--search", "candidatura unesco", *args) if r["code"] == "CUL-04"]
        return str(row["text"])

    assert cul04() == NEW_TEXT  # default: the current programme, the newest period
    assert cul04("--programme", "2025-2030") == NEW_TEXT
    assert cul04("--programme", "2020-2025") == OLD_TEXT
    assert cul04("--programme", "1") == OLD_TEXT  # by number, as «programmes» lists it
    assert cul04("--programme", "2020–2025") == OLD_TEXT  # typed with an en dash
    assert len(actions(two_programmes, "--programme", "2020-2025")) == 84

    assert NEW_TEXT in ok(two_programmes, "show", "CUL-04", "--programme", "2025-2030")
    shown = ok(two_programmes, "show", "cul-04", "--programme", "2020-2025")
    assert OLD_TEXT in shown and NEW_TEXT not in shown
    assert json.loads(ok(two_programmes, "show", "CUL-04", "--json", "--programme", "2025-2030"))["text"] == NEW_TEXT
    for period in ("2020-2025", "2025-2030"):
        data = json.loads(ok(two_programmes, "stakeholders", "--json", "--programme", period))
        assert sum(s["actions"] for s in data) == 84


def test_set_changes_only_the_chosen_programme(two_programmes: Path) -> None:
    ok(two_programmes, "offices", "add", "Settore Cultura")
    out = ok(
        two_programmes,
        "set",
        "CUL-04",
        "--programme",
        "2020-2025",
        "--progress",
        "30",
        "--lead-office",
        "Settore Cultura",
        "--note",
        "Fine mandato",
    )
    assert "CUL-04 aggiornata" in out

    def cul04(period: str) -> dict[str, object]:
        return next(r for r in actions(two_programmes, "--programme", period) if r["code"] == "CUL-04")

    assert (cul04("2020-2025")["progress"], cul04("2020-2025")["lead_office"]) == (30, "Settore Cultura")
    assert (cul04("2025-2030")["progress"], cul04("2025-2030")["lead_office"]) == (0, None)
    updates = json.loads(ok(two_programmes, "show", "CUL-04", "--json", "--programme", "2020-2025"))["updates"]
    assert [u["text"] for u in updates] == ["Fine mandato"]
    # offices are shared; their counts are those of the programme in view
    counts = {p: json.loads(ok(two_programmes, "offices", "--json", "--programme", p)) for p in ("1", "2")}
    assert [o["lead_actions"] for o in counts["1"]] == [1] and [o["lead_actions"] for o in counts["2"]] == [0]


@pytest.mark.parametrize(
    "args",
    [
        ("actions",),
        ("stakeholders",),
        ("show", "CUL-04"),
        ("set", "CUL-04", "--progress", "10"),
        ("export", "csv", "--out", "{out}.csv"),
        ("report", "brief", "--out", "{out}.pdf"),
    ],
)
def test_an_unknown_programme_is_refused_with_the_list(
    two_programmes: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    out = tmp_path / "uscita"
    result = failed(two_programmes, *(a.format(out=out) for a in args), "--programme", "2030-2035")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Errore: Programma «2030-2035» non trovato. Programmi presenti: 2025-2030 (n. 2), 2020-2025 (n. 1)."
    )
    assert list(tmp_path.glob("uscita*")) == []
    assert all(r["progress"] == 0 for r in actions(two_programmes, "--programme", "1"))


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_report_brief_shows_the_chosen_programme(two_programmes: Path, tmp_path: Path) -> None:
    for period, other in (("2020-2025", "2025-2030"), ("2025-2030", "2020-2025")):
        out = tmp_path / f"relazione-{period}.pdf"
        result = ok(two_programmes, "report", "brief", "--programme", period, "--out", str(out))
        assert "azioni: 84" in result
        text = _pdf_text(out)
        assert f"Programma elettorale {period}" in text and other not in text
        assert (OLD_TEXT if period == "2020-2025" else NEW_TEXT) in text


def test_report_action_and_office_take_the_programme(two_programmes: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "scheda.pdf"
    ok(two_programmes, "report", "action", "CUL-04", "--programme", "2020-2025", "--out", str(sheet))
    text = _pdf_text(sheet)
    assert OLD_TEXT in text and NEW_TEXT not in text
    ok(two_programmes, "offices", "add", "Settore Cultura")
    ok(two_programmes, "set", "CUL-04", "--lead-office", "Settore Cultura")  # in the current programme
    agenda = tmp_path / "agenda.pdf"
    ok(two_programmes, "report", "office", "Settore Cultura", "--programme", "2025-2030", "--out", str(agenda))
    assert NEW_TEXT in _pdf_text(agenda)


def test_export_xlsx_of_the_chosen_programme(two_programmes: Path, tmp_path: Path) -> None:
    out = tmp_path / "azioni.xlsx"
    result = ok(
        two_programmes, "export", "xlsx", "--programme", "2020-2025", "--stakeholder", "Cultura", "--out", str(out)
    )
    assert "azioni: 8" in result
    workbook = openpyxl.load_workbook(out)
    assert "2020-2025" in (workbook.properties.title or "")
    sheet = workbook["Azioni"]
    header = [c.value for c in sheet[1]]
    texts = {
        row[header.index("Codice")]: row[header.index("Azione")] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert len(texts) == 8 and texts["CUL-04"] == OLD_TEXT
