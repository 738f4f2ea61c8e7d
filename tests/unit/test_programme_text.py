"""The programme parser on the real seed and on broken variants (no database)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from valenza_desk.errors import ProgrammeFormatError
from valenza_desk.importers.programme_text import parse_programme, read_programme_file
from valenza_desk.resources import bundled_programme_path

SEED = bundled_programme_path()
SHARED_SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "programma-elettorale-2020-2025.txt"


def source_table_counts(text: str) -> dict[str, int]:
    """Count the rows of each table straight from the text, independently of the parser."""
    counts: dict[str, int] = {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("N° | Azione"):
            heading = lines[i - 1].strip()
            n = 0
            for row in lines[i + 1 :]:
                if re.match(r"^\d+ \| ", row):
                    n += 1
                elif row.strip():
                    break
            counts[heading] = n
    return counts


def test_bundled_seed_is_the_shared_programme() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("shared seed not beside this checkout")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_parses_every_table_row() -> None:
    parsed = read_programme_file(SEED)
    expected = source_table_counts(SEED.read_text(encoding="utf-8"))
    assert sum(expected.values()) == 84
    assert parsed.action_count == 84
    by_alias = {name: s for s in parsed.stakeholders for name in (s.name, *s.aliases)}
    for heading, count in expected.items():
        assert len(by_alias[heading].actions) == count, heading


def test_seed_metadata_values_and_narratives() -> None:
    parsed = read_programme_file(SEED)
    assert parsed.title == "Programma elettorale 2020-2025"
    assert parsed.period == "2020-2025"
    assert parsed.coalition == "Valenza Futura"
    assert parsed.mayor == "Luca Ballerini"
    assert [v.name for v in parsed.values] == [
        "Futuro",
        "Inclusione",
        "Partecipazione",
        "Solidarietà",
        "Creatività",
        "Sviluppo sostenibile",
        "Resilienza",
    ]
    assert all(v.description for v in parsed.values)
    assert len(parsed.stakeholders) == 9
    assert all(len(s.narrative) > 300 for s in parsed.stakeholders)
    # the second paragraph of "Imprese e lavoro" (commerce and tourism) belongs to it
    imprese = next(s for s in parsed.stakeholders if s.name == "Imprese e lavoro")
    assert "commercio e turismo" in imprese.narrative


def test_narrative_and_table_names_are_reconciled() -> None:
    parsed = read_programme_file(SEED)
    pairs = {s.name: s.aliases for s in parsed.stakeholders}
    assert pairs["Bambini e giovani"] == ["Bambini&Ragazzi"]
    assert pairs["Famiglia & anziani"] == ["Famiglie&Anziani"]
    assert pairs["Imprese e lavoro"] == ["Imprese&Lavoro"]
    assert pairs["Terzo settore & sport"] == ["Terzo Settore & Sport"]
    assert pairs["Ambiente & salute"] == ["Ambiente & Salute"]
    assert pairs["Cultura"] == []
    assert [s.position for s in parsed.stakeholders] == list(range(1, 10))


def test_repeated_number_is_kept_with_distinct_code_and_warning() -> None:
    parsed = read_programme_file(SEED)
    bellezza = next(s for s in parsed.stakeholders if s.name == "Bellezza")
    assert [a.number for a in bellezza.actions] == ["1", "2", "3", "4", "5", "6", "7", "7", "8"]
    assert [a.code_suffix for a in bellezza.actions][6:8] == ["07", "07bis"]
    assert bellezza.actions[7].text.startswith("Realizzazione di un nuovo piano regolatore")
    assert any("7bis" in w and "Bellezza" in w for w in parsed.warnings)


def test_accents_and_typographic_quotes_survive() -> None:
    parsed = read_programme_file(SEED)
    texts = " ".join(a.text for s in parsed.stakeholders for a in s.actions)
    for fragment in ("“un albero per ogni nato”", "Città creativa", "dell’amministrazione", "“Lavorare ad alta voce”"):
        assert fragment in texts


def _variant(text: str) -> bytes:
    return text.encode("utf-8")


def test_missing_and_odd_numbers_are_kept() -> None:
    text = (
        "Programma 2020-2025\n"
        "Stakeholder – Cultura. Narrativa della cultura.\n"
        "Le azioni suddivise per Stakeholder\n"
        "Cultura\nN° | Azione |\n"
        "1 | Prima azione |\n"
        " | Azione senza numero |\n"
        "3a | Azione con lettera |\n"
        "5 | Azione dopo un salto |\n"
        "5 | Azione ripetuta |\n"
    )
    parsed = parse_programme(_variant(text))
    actions = parsed.stakeholders[0].actions
    assert [a.text for a in actions] == [
        "Prima azione",
        "Azione senza numero",
        "Azione con lettera",
        "Azione dopo un salto",
        "Azione ripetuta",
    ]
    assert [a.code_suffix for a in actions] == ["01", "SN1", "03a", "05", "05bis"]
    assert len({a.code_suffix for a in actions}) == 5
    assert len(parsed.warnings) >= 3


def test_row_text_continuing_on_next_line_is_joined() -> None:
    text = "Titolo\nCultura\nN° | Azione |\n1 | Inizio del testo\nche continua qui |\n2 | Seconda |\n"
    actions = parse_programme(_variant(text)).stakeholders[0].actions
    assert actions[0].text == "Inizio del testo che continua qui"
    assert actions[1].text == "Seconda"


def test_table_without_narrative_becomes_stakeholder_with_warning() -> None:
    text = (
        "Titolo\nStakeholder – Cultura. Testo.\nLe azioni\n"
        "Cultura\nN° | Azione |\n1 | Uno |\nProtezione civile\nN° | Azione |\n1 | Due |\n"
    )
    parsed = parse_programme(_variant(text))
    assert [s.name for s in parsed.stakeholders] == ["Cultura", "Protezione civile"]
    assert any("Protezione civile" in w for w in parsed.warnings)


def test_crlf_bom_and_windows_1252_are_read() -> None:
    text = "Titolo\r\nCultura\r\nN° | Azione |\r\n1 | Città più bella |\r\n"
    assert parse_programme(b"\xef\xbb\xbf" + text.encode("utf-8")).stakeholders[0].actions[0].text == (
        "Città più bella"
    )
    parsed = parse_programme(text.encode("cp1252"))
    assert parsed.stakeholders[0].actions[0].text == "Città più bella"
    assert any("Windows-1252" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "vuoto"),
        (b"   \n\n", "vuoto"),
        (b"Una lettera qualunque.\nNessuna tabella qui.\n", "non sembra un programma"),
        (b"%PDF-1.7\x00\x00\x01binary", "binario"),
        (b"Titolo\nCultura\nN\xc2\xb0 | Azione |\n", "non contengono azioni"),
    ],
)
def test_not_a_programme_gets_italian_error(content: bytes, message: str) -> None:
    with pytest.raises(ProgrammeFormatError) as caught:
        parse_programme(content, source_file="prova.txt")
    assert message in caught.value.message


def test_unreadable_paths_get_italian_errors(tmp_path: Path) -> None:
    with pytest.raises(ProgrammeFormatError, match="non esiste"):
        read_programme_file(tmp_path / "manca.txt")
    with pytest.raises(ProgrammeFormatError, match="cartella"):
        read_programme_file(tmp_path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_not_called_binary(encoding: str) -> None:
    """Notepad's "Unicode" (UTF-16 LE with BOM), and BOM-less UTF-16 too."""
    raw = SEED.read_text(encoding="utf-8").encode(encoding)
    parsed = parse_programme(raw, source_file="unicode.txt")
    assert parsed.action_count == 84
    assert parsed.stakeholders[4].actions[3].text.endswith("Città creativa")


def test_truncated_last_row_is_reported_and_marked_incomplete() -> None:
    text = "Titolo 2025-2030\nCultura\nN° | Azione |\n1 | Uno |\n2 | Testo tronca"
    parsed = parse_programme(_variant(text))
    first, second = parsed.stakeholders[0].actions
    assert first.complete and not second.complete
    assert parsed.action_count == 1
    assert any("non termina con «|»" in w and "Testo tronca" in w for w in parsed.warnings)
    # a row without its "|" that is not the end of the file is still an action (continuation rules)
    whole = parse_programme(_variant(text + " continua |\n"))
    assert [a.complete for a in whole.stakeholders[0].actions] == [True, True]


def test_mayor_and_period_come_from_the_text_not_from_the_code() -> None:
    text = (
        "Programma di mandato 2025-2030\nUn programma per l'amministrazione a guida Maria Grazia Rossi.\n"
        "Cultura\nN° | Azione |\n1 | Uno |\n"
    )
    parsed = parse_programme(_variant(text))
    assert (parsed.period, parsed.mayor) == ("2025-2030", "Maria Grazia Rossi")


def test_parts_too_long_to_store_are_refused_in_italian_and_duplicates_kept_once() -> None:
    heading = "Cultura " * 40  # a prose line left where a table title should be
    with pytest.raises(ProgrammeFormatError, match=r"«prova.txt».*troppo lungo \(3\d\d caratteri, al massimo 200\)"):
        parse_programme(_variant(f"Titolo\n{heading}\nN° | Azione |\n1 | Uno |\n"), source_file="prova.txt")
    text = "Titolo\n- FUTURO: uno\n- FUTURO: due\nCultura\nN° | Azione |\n7abcdefghijklmnop | Uno |\n"
    parsed = parse_programme(_variant(text))
    assert [v.description for v in parsed.values] == ["uno"]
    assert any("compare più volte" in w for w in parsed.warnings)
    assert parsed.stakeholders[0].actions[0].code_suffix == "SN1"  # too long to be a number
