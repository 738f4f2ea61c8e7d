"""``export open-data``: the five files read back (csv, json, jsonschema), nothing personal in any
of them, the programme chosen, a file in place of the folder refused, never half a folder."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from tests.integration.test_cli import run
from tests.report_data import ACTION_CODE, FORMULA_OFFICE, RISKY_REFERENT, WORST, set_action_text
from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.clock import FixedClock
from valenza_desk.domain.query import ActionQuery
from valenza_desk.domain.rows import ActionEdit, MilestoneRow, OfficeDraft, UserDraft
from valenza_desk.domain.status import Status
from valenza_desk.reports import open_data_folder
from valenza_desk.reports.errors import ReportError
from valenza_desk.reports.open_data import write_open_data
from valenza_desk.reports.open_data_text import FIELDS, FILE_NAMES
from valenza_desk.reports.options import ReportOptions
from valenza_desk.services.desk import Desk
from valenza_desk.services.samples import synthetic_programme

KEYS = [f.key for f in FIELDS]

# What must never leave the building: people's names, internal notes, note texts, e-mails, phones.
REFERENT = "Ernesta Riservatissima"
INTERNAL_NOTES = "Nota interna: sentire l'assessore prima del bando"
PROGRESS_NOTE = "Nota di avanzamento con telefonata del 12/02 alla ditta Zeta"
AUTHOR_LOGIN = "ufficio.autore"
HEAD = "Dott. Gianfranco Nascosto"
EMAIL = "gianfranco.nascosto@comune.example.it"
PHONE = "0131 555 7788"
USER_LOGIN = "carla.verdi"
USER_NAME = "Carla Verdi Utente"
PRIVATE_OFFICE = "Ufficio Progetti Europei"
PRIVATE_CODE = "BEL-01"
MILESTONE_TITLE = "Sopralluogo con il geometra Pietro Celato"
ACT = "Determina n. 345 del 12/02/2025"


def _read(folder: Path) -> tuple[list[str], list[list[str]], list[dict[str, object]]]:
    """azioni.csv (header, rows) with the csv module and azioni.json with the json module."""
    with (folder / "azioni.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    records = json.loads((folder / "azioni.json").read_text(encoding="utf-8"))
    return rows[0], rows[1:], records


def _every_text(folder: Path) -> str:
    """Every file of the folder, decoded: what a search through the published folder finds."""
    return "\n".join(p.read_bytes().decode("utf-8-sig") for p in sorted(folder.rglob("*")) if p.is_file())


def _export(desk: Desk, folder: Path, query: ActionQuery | None = None) -> Path:
    result = write_open_data(desk, ReportOptions(query=query or ActionQuery()), folder)
    assert result.path == str(folder)
    return folder


def _csv_text(value: object) -> str:
    """How a JSON value is expected in the CSV (written here independently of the writer)."""
    if value is None:
        return ""
    if value is True:
        return "sì"
    if value is False:
        return "no"
    text = " | ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def test_the_five_files_and_the_same_records_in_csv_and_json(report_desk: Desk, tmp_path: Path) -> None:
    folder = _export(report_desk, tmp_path / "dati-aperti")  # created: it did not exist
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILE_NAMES)
    assert (folder / "azioni.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (folder / "azioni.json").read_bytes().startswith(b"\xef\xbb\xbf")
    header, rows, records = _read(folder)
    assert header == KEYS
    assert [list(r) for r in records] == [KEYS] * len(records)
    listed = report_desk.actions()
    assert [r["codice"] for r in records] == [r.code for r in listed] == [row[0] for row in rows]
    assert len(records) == 84
    for row, record in zip(rows, records, strict=True):
        assert row == [_csv_text(record[k]) for k in KEYS]

    today = report_desk.today()
    milestones = Counter(code for code, _ in report_desk.milestones(include_done=True))
    reached = Counter(code for code, m in report_desk.milestones(include_done=True) if m.done_on)
    latest = report_desk.latest_updates()
    for action, record in zip(listed, records, strict=True):
        assert record["numero"] == action.number
        assert record["stakeholder"] == action.stakeholder
        assert record["azione"] == action.text
        assert record["stato"] == action.status.value and record["stato_descrizione"] == action.status.label
        assert record["avanzamento"] == action.progress
        assert record["scadenza"] == (action.due_date.isoformat() if action.due_date else None)
        assert record["completata_il"] == (action.completed_on.isoformat() if action.completed_on else None)
        assert record["scaduta"] is action.is_overdue(today)
        assert record["ufficio_responsabile"] == (action.lead_office or None)
        assert sorted(record["uffici_di_supporto"]) == sorted(action.offices)
        assert record["traguardi"] == milestones[action.code]
        assert record["traguardi_raggiunti"] == reached[action.code]
        update = latest.get(action.id)
        assert record["ultimo_aggiornamento"] == (update.on_date.isoformat() if update else None)
    assert 0 < sum(r["scaduta"] for r in records) < 84  # on 01/03/2025 the sample has both
    assert sum(1 for r in records if r["traguardi_raggiunti"]) > 0

    risky = next(r for r in records if r["codice"] == ACTION_CODE)
    assert risky["ufficio_responsabile"] == FORMULA_OFFICE  # JSON keeps the text as it is
    assert risky["ultimo_atto"] == "Delibera G.C. n. 12 del 03/03/2021"
    assert risky["avanzamento"] == 40 and risky["stato"] == "in_progress"
    risky_row = next(r for r in rows if r[0] == ACTION_CODE)
    assert risky_row[KEYS.index("ufficio_responsabile")] == "'" + FORMULA_OFFICE  # the CSV defuses it
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_azioni_json_is_valid_against_schema_json(report_desk: Desk, tmp_path: Path) -> None:
    folder = _export(report_desk, tmp_path / "od")
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    records = json.loads((folder / "azioni.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    validator.validate(records)

    properties = schema["$defs"]["azione"]["properties"]
    assert list(properties) == KEYS
    assert all(p["title"] and len(p["description"]) > 20 for p in properties.values())
    assert properties["scaduta"]["title"] == "Scaduta" and "Completata" in properties["scaduta"]["description"]

    # the schema is strict enough to catch what must not be there
    first = records[0]
    for wrong in (
        {**first, "referente": REFERENT},  # a field that must never be published
        {**first, "avanzamento": 150},
        {**first, "scadenza": "01/03/2025"},  # not an ISO date
        {**first, "stato": "In corso"},  # the label in the value's place
        {k: v for k, v in first.items() if k != "codice"},
    ):
        with pytest.raises(SchemaError):
            validator.validate([wrong])


def test_the_worst_text_survives_and_formulas_are_defused(report_desk: Desk, tmp_path: Path) -> None:
    worst = "=SUM(A1) " + WORST.strip()
    set_action_text(report_desk, "BAM-03", worst)
    edit = ActionEdit.from_detail(report_desk.action_by_code("BAM-03"))
    edit.note = '+ nota: =HYPERLINK("http://example.com")'
    edit.act_reference = "@Delibera 🎉 <i>n. 7</i> & «bis»"
    report_desk.save_action(edit)

    folder = _export(report_desk, tmp_path / "od")
    header, rows, records = _read(folder)
    record = next(r for r in records if r["codice"] == "BAM-03")
    row = next(r for r in rows if r[0] == "BAM-03")
    assert record["azione"] == worst
    assert row[header.index("azione")] == "'" + worst
    assert record["ultimo_atto"] == "@Delibera 🎉 <i>n. 7</i> & «bis»"
    assert row[header.index("ultimo_atto")] == "'@Delibera 🎉 <i>n. 7</i> & «bis»"
    raw_csv = (folder / "azioni.csv").read_bytes().decode("utf-8-sig")
    raw_json = (folder / "azioni.json").read_text(encoding="utf-8")
    for text in ("🎉", "<b>non grassetto</b>", "R&D > 3 < 5", "Città à è ì ò ù ’ “ ”"):
        assert text in raw_csv and text in raw_json  # written as is, no escaping, no mojibake
    assert "HYPERLINK" not in _every_text(folder)  # a note's text is never published
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.fixture
def private_desk(report_desk: Desk) -> Desk:
    """The sample scenario with everything personal filled in: referents, internal notes, progress
    notes by a named author, an office with its head, e-mail and phone, a user with a full name."""
    desk = report_desk
    admin = Desk(desk.db, Actor("admin.test", Role.ADMIN), desk.clock)
    admin.add_user(UserDraft(USER_LOGIN, "consultazione", full_name=USER_NAME))
    office = desk.add_office(OfficeDraft(PRIVATE_OFFICE, head=HEAD, email=EMAIL, phone=PHONE)).value
    author = Desk(desk.db, Actor(AUTHOR_LOGIN, Role.SEGRETERIA, full_name="Autore Anonimo"), desk.clock)
    values = desk.values()
    for code in (PRIVATE_CODE, "BEL-02", ACTION_CODE):
        edit = ActionEdit.from_detail(desk.action_by_code(code))
        edit.referent = REFERENT
        edit.notes = INTERNAL_NOTES
        edit.note = PROGRESS_NOTE
        edit.act_reference = ACT if code == PRIVATE_CODE else ""
        edit.status, edit.progress, edit.completed_on = Status.IN_PROGRESS, 55, None
        edit.lead_office_id = office.id
        edit.value_ids = (values[0].id, values[2].id)
        edit.milestones = (
            MilestoneRow(None, MILESTONE_TITLE, date(2025, 2, 1), date(2025, 2, 3)),
            MilestoneRow(None, "Gara", date(2025, 6, 1), None),
        )
        author.save_action(edit)
    return desk


def test_nothing_about_people_is_published(private_desk: Desk, tmp_path: Path) -> None:
    folder = _export(private_desk, tmp_path / "od")
    published = _every_text(folder)
    folded = published.casefold()

    secrets = [REFERENT, INTERNAL_NOTES, PROGRESS_NOTE, AUTHOR_LOGIN, "Autore Anonimo", HEAD, EMAIL, PHONE]
    secrets += [USER_LOGIN, USER_NAME, RISKY_REFERENT, "segreteria.test", "admin.test", MILESTONE_TITLE]
    secrets += [o.head for o in private_desk.offices() if o.head]
    secrets += [o.email for o in private_desk.offices() if o.email]
    secrets += [o.phone for o in private_desk.offices() if o.phone]
    secrets += [r.referent for r in private_desk.actions() if r.referent]
    programme = private_desk.programme()
    assert programme is not None and programme.mayor and programme.coalition
    secrets += [programme.mayor]
    for update in private_desk.action_by_code(PRIVATE_CODE).updates:
        secrets += [update.text, update.author]
    assert len(set(secrets)) > 20
    leaked = sorted({s for s in secrets if s and s.casefold() in folded})
    assert leaked == []
    assert re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", published) == []  # no e-mail address at all
    assert re.findall(r"\b0\d{2,3}[ /]?\d{3}[ ]?\d{3,4}\b", published) == []  # nor a phone number

    # ...while what is public is there: the office, the act, the values, the milestone counts
    record = next(r for r in json.loads((folder / "azioni.json").read_text("utf-8")) if r["codice"] == PRIVATE_CODE)
    values = private_desk.values()
    assert record["ufficio_responsabile"] == PRIVATE_OFFICE
    assert record["ultimo_atto"] == ACT
    assert record["valori"] == [values[0].name, values[2].name]
    assert (record["traguardi"], record["traguardi_raggiunti"]) == (2, 1)
    assert record["ultimo_aggiornamento"] == private_desk.today().isoformat()
    row = next(r for r in _read(folder)[1] if r[0] == PRIVATE_CODE)
    assert row[KEYS.index("valori")] == f"{values[0].name} | {values[2].name}"
    # an act cited earlier stays the latest act when a later note cites none
    other = next(r for r in json.loads((folder / "azioni.json").read_text("utf-8")) if r["codice"] == ACTION_CODE)
    assert other["ultimo_atto"] == "Delibera G.C. n. 12 del 03/03/2021"


def test_readme_and_metadata_describe_this_extraction(report_desk: Desk, tmp_path: Path) -> None:
    report_desk.clock = FixedClock(date(2025, 3, 1))  # 09:00 in Rome
    folder = _export(report_desk, tmp_path / "od")
    readme = (folder / "LEGGIMI.txt").read_text(encoding="utf-8")
    meta = json.loads((folder / "metadati.json").read_text(encoding="utf-8"))
    records = json.loads((folder / "azioni.json").read_text(encoding="utf-8"))
    programme = report_desk.programme()
    assert programme is not None

    assert f"Programma: {programme.title}" in readme
    assert f"Periodo del programma: {programme.period}" in readme
    assert "Dati estratti il 01/03/2025 alle ore 09:00 (ora italiana)" in readme
    overdue = sum(r["scaduta"] for r in records)
    assert f"Azioni: 84, di cui scadute alla data di riferimento: {overdue}." in readme
    flat = " ".join(readme.split())
    assert "anteriore alla data di riferimento, il 01/03/2025, e non è «Completata» né «Non più prevista»" in flat
    assert "CC BY 4.0" in flat and "va confermata dal Comune" in flat
    assert "D.Lgs. 33/2013" in flat and "minimizzazione dei dati" in flat
    assert "i nomi delle persone" in flat and "note interne" in flat and "e-mail" in flat
    for key in KEYS:
        assert f"\n{key} — " in readme
    assert max(len(line) for line in readme.splitlines()) <= 78

    assert meta["programma"] == {"id": programme.id, "titolo": programme.title, "periodo": programme.period}
    assert meta["estratto_il"] == "2025-03-01T09:00:00+01:00"
    assert meta["data_di_riferimento"] == "2025-03-01"
    assert meta["conteggi"]["azioni"] == 84 and meta["conteggi"]["scadute"] == overdue
    by_status = {s["stato"]: s["azioni"] for s in meta["conteggi"]["per_stato"]}
    assert by_status == {s.value: sum(r["stato"] == s.value for r in records) for s in Status}
    listed = {f["nome"]: f for f in meta["file"]}
    assert sorted(listed) == sorted(set(FILE_NAMES) - {"metadati.json"})
    for name, entry in listed.items():
        data = (folder / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["byte"] == len(data)
    assert "CC BY 4.0" in meta["licenza_suggerita"]["nome"] and "confermare" in meta["licenza_suggerita"]["nota"]


@pytest.fixture
def two_programmes(report_desk: Desk) -> Desk:
    """The bundled programme and a synthetic 2025-2030 one beside it (now the current one)."""
    report_desk.import_programme(synthetic_programme(30, period="2025-2030"))
    assert [p.period for p in report_desk.programmes()] == ["2025-2030", "2020-2025"]
    return report_desk


def test_the_programme_in_view_or_the_one_asked_for(two_programmes: Desk, tmp_path: Path) -> None:
    current = _export(two_programmes, tmp_path / "nuovo")
    meta = json.loads((current / "metadati.json").read_text(encoding="utf-8"))
    assert meta["programma"]["periodo"] == "2025-2030" and meta["conteggi"]["azioni"] == 30
    assert "Periodo del programma: 2025-2030" in (current / "LEGGIMI.txt").read_text(encoding="utf-8")

    old_id = two_programmes.resolve_programme("2020-2025")
    old = _export(two_programmes, tmp_path / "vecchio", ActionQuery(programme_id=old_id))
    meta = json.loads((old / "metadati.json").read_text(encoding="utf-8"))
    assert meta["programma"]["periodo"] == "2020-2025" and meta["conteggi"]["azioni"] == 84
    codes = [r["codice"] for r in json.loads((old / "azioni.json").read_text(encoding="utf-8"))]
    assert codes == [r.code for r in two_programmes.for_programme(old_id).actions()]


def test_a_file_in_place_of_the_folder_is_refused_and_nothing_written(report_desk: Desk, tmp_path: Path) -> None:
    target = tmp_path / "dati"
    target.write_text("non toccare", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(ReportError) as error:
        _export(report_desk, target)
    assert error.value.message.startswith(f"{target} è un file, non una cartella")
    assert "Nessun file è stato scritto" in error.value.message
    assert target.read_text(encoding="utf-8") == "non toccare"
    assert sorted(p.name for p in tmp_path.iterdir()) == before

    with pytest.raises(ReportError, match=r"La cartella .* non esiste"):
        _export(report_desk, tmp_path / "manca" / "dati")
    with pytest.raises(ReportError, match="comprendono sempre tutte le azioni"):
        _export(report_desk, tmp_path / "filtrati", report_desk.query(overdue=True))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_empty_database_is_refused(empty_desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="non c'è ancora un programma"):
        _export(empty_desk, tmp_path / "od")
    assert not (tmp_path / "od").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_existing_folder_is_updated_file_by_file_and_keeps_other_files(report_desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "od"
    folder.mkdir()
    (folder / "nota-del-comune.txt").write_text("resta", encoding="utf-8")
    _export(report_desk, folder)
    first = json.loads((folder / "metadati.json").read_text(encoding="utf-8"))

    report_desk.clock = FixedClock(date(2025, 9, 1))
    _export(report_desk, folder)
    second = json.loads((folder / "metadati.json").read_text(encoding="utf-8"))
    assert (first["data_di_riferimento"], second["data_di_riferimento"]) == ("2025-03-01", "2025-09-01")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILE_NAMES, "nota-del-comune.txt"])
    for entry in second["file"]:
        assert hashlib.sha256((folder / entry["nome"]).read_bytes()).hexdigest() == entry["sha256"]

    # a read-only file in the set is refused before anything is touched
    (folder / "schema.json").chmod(0o444)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    report_desk.clock = FixedClock(date(2025, 10, 1))
    with pytest.raises(ReportError, match="sola lettura"):
        _export(report_desk, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_failure_half_way_leaves_no_folder_and_no_temporary(
    report_desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _disk_full_at(3, monkeypatch)
    with pytest.raises(ReportError, match="No space left on device"):
        _export(report_desk, tmp_path / "od")
    monkeypatch.undo()
    assert written == ["azioni.csv", "azioni.json", "schema.json"]
    assert not (tmp_path / "od").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _disk_full_at(call: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the ``call``-th file write fail as a full disk does; returns the names written to."""
    written: list[str] = []
    real_write = Path.write_bytes

    def write(self: Path, data: bytes) -> int:
        written.append(self.name)
        if len(written) == call:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write)
    return written


def test_a_failure_in_an_existing_folder_never_leaves_a_seal_on_a_mixed_set(
    report_desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _export(report_desk, tmp_path / "od")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    report_desk.clock = FixedClock(date(2025, 9, 1))  # another day: every file but the schema changes

    _disk_full_at(1, monkeypatch)  # the very first file: nothing was replaced, the old set stays whole
    with pytest.raises(ReportError, match="No space left on device"):
        _export(report_desk, folder)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    written = _disk_full_at(3, monkeypatch)  # the third: two files are new, so no seal vouches for them
    with pytest.raises(ReportError, match="No space left on device"):
        _export(report_desk, folder)
    monkeypatch.undo()
    assert [name.split(".valenza-desk")[0] for name in written] == [".azioni.csv", ".azioni.json", ".schema.json"]
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert sorted(after) == sorted(set(FILE_NAMES) - {"metadati.json"})  # no temporary left, no seal
    assert after["azioni.csv"] != before["azioni.csv"] and after["LEGGIMI.txt"] == before["LEGGIMI.txt"]

    _export(report_desk, folder)  # the next run makes it whole again
    meta = json.loads((folder / "metadati.json").read_text(encoding="utf-8"))
    assert meta["data_di_riferimento"] == "2025-09-01"
    assert all(hashlib.sha256((folder / f["nome"]).read_bytes()).hexdigest() == f["sha256"] for f in meta["file"])


def test_stale_temporary_folders_are_removed_but_not_foreign_ones(report_desk: Desk, tmp_path: Path) -> None:
    host = open_data_folder.host_name()
    dead = tmp_path / f".od.valenza-desk-{host}-999999999-abcd1234.tmp"  # a process that no longer runs
    dead.mkdir()
    (dead / "azioni.csv").write_text("mezzo", encoding="utf-8")
    foreign = tmp_path / f".od.valenza-desk-{host}-999999998-abcd1234.tmp"
    foreign.mkdir()
    (foreign / "lettera.docx").write_text("di una persona", encoding="utf-8")
    alive = tmp_path / f".od.valenza-desk-{host}-{os.getpid()}-abcd1234.tmp"
    alive.mkdir()
    _export(report_desk, tmp_path / "od")
    assert not dead.exists() and foreign.exists() and alive.exists()


def test_cli_export_open_data(report_desk: Desk, db_path: Path, tmp_path: Path) -> None:
    report_desk.import_programme(synthetic_programme(12, period="2025-2030"))
    report_desk.close()
    out = tmp_path / "dati aperti"
    result = run(db_path, "export", "open-data", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Cartella scritta: {out}",
        "Dati aperti scritti — azioni: 12, scadute: 0; "
        "file: azioni.csv, azioni.json, schema.json, LEGGIMI.txt, metadati.json.",
    ]
    assert json.loads((out / "metadati.json").read_text(encoding="utf-8"))["programma"]["periodo"] == "2025-2030"

    old = tmp_path / "vecchio"
    result = run(db_path, "export", "open-data", "--out", str(old), "--programme", "2020-2025")
    assert result.returncode == 0, result.stderr
    header, rows, records = _read(old)
    assert len(rows) == len(records) == 84 and header == KEYS
    assert "azioni: 84" in result.stdout

    def published() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file() and p.parent != db_path.parent}

    for args, message in (
        (["--out", str(out / "azioni.csv")], "è un file, non una cartella"),
        (["--out", str(old), "--stakeholder", "Cultura"], "comprendono sempre tutte le azioni"),
        (["--out", str(old), "--programme", "1990-1995"], "Programma «1990-1995» non trovato"),
    ):
        before = published()
        result = run(db_path, "export", "open-data", *args)
        assert result.returncode != 0
        assert result.stderr.startswith("Errore: ") and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert published() == before
        assert [p for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_same_set_on_each_engine(service_desk: Desk, tmp_path: Path) -> None:
    """SQLite and, when CI has one, PostgreSQL: the Desk's reads are all the writer uses."""
    folder = _export(service_desk, tmp_path / "od")
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    records = json.loads((folder / "azioni.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(records)
    assert [r["codice"] for r in records] == [r.code for r in service_desk.actions()]
    assert [row[0] for row in _read(folder)[1]] == [r["codice"] for r in records]
