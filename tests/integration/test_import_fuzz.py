"""The programme importer fuzzed with hypothesis (issue 10, item 8).

Inputs: random bytes; random texts made of the format's own pieces (headers, rows, headings,
stakeholder paragraphs, values); and mutated copies of the bundled programme (lines deleted,
duplicated, cut, swapped or inserted, "|" removed or added, numbers changed, random bytes
inserted or flipped, the file cut short, other encodings and line endings).

- ``parse_programme`` returns a programme or raises ProgrammeFormatError with an Italian message
  naming the file, never another exception.
- Imported into a real SQLite database (the seeded programme with progress, offices and notes)
  through the Desk, a fuzzed text either imports, leaving the audit chain whole, or fails with the
  project's Italian error and the database exactly as before.

About 200 examples per property here (VALENZA_DESK_FUZZ_EXAMPLES changes it);
benchmarks/bench_faults.py runs more.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED, TODAY
from tests.fault_tools import chain_problem, content, copy_database, integrity_problems, remove_database
from valenza_desk.domain.actor import Actor, Role
from valenza_desk.domain.clock import FixedClock
from valenza_desk.errors import ProgrammeFormatError, ValenzaError
from valenza_desk.importers.programme_text import parse_programme
from valenza_desk.services.desk import Desk
from valenza_desk.services.samples import apply_sample_scenario

EXAMPLES = int(os.environ.get("VALENZA_DESK_FUZZ_EXAMPLES", "200"))
SOURCE = "programma.txt"
BUNDLED = SEED.read_text(encoding="utf-8").splitlines()
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)

# --- inputs ----------------------------------------------------------------------------------------
NUMBERS = st.one_of(
    st.integers(-3, 10**6).map(str),
    st.sampled_from(["", "0", "00", "7bis", "7 bis", "12a", "3.", "IV", "1e3", "x", "٣", "１２", "-", "n. 4"]),
    st.text(alphabet="0123456789", min_size=10, max_size=40),
    st.integers(4000, 6000).map(lambda n: "9" * n),  # longer than Python's int() accepts by default
    st.text(alphabet="0123456789abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=30),
)
WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), min_size=0, max_size=60
)
PIECES = st.one_of(
    st.just("N° | Azione |"),
    st.sampled_from(["N | Azioni", "n° | azione |", "N. | Azione", "No|Azione|", "N° Azione |"]),
    st.builds(lambda n, t: f"{n} | {t} |", NUMBERS, WORDS),
    st.builds(lambda n, t: f"{n} | {t}", NUMBERS, WORDS),
    st.builds(lambda t: f"| {t} |", WORDS),
    st.builds(lambda t: f"Stakeholder – {t}. Descrizione {t}.", WORDS),
    st.builds(lambda t: f"- {t.upper()}: descrizione", WORDS),
    st.sampled_from(["Cultura", "Bellezza", "Under 30", "Famiglia & anziani", "Le azioni suddivise per Stakeholder"]),
    st.sampled_from(["Programma elettorale 2020-2025", "Programma 2031–2036", "La filosofia del programma", ""]),
    WORDS,
)


@st.composite
def programme_like_texts(draw: st.DrawFn) -> bytes:
    """A text made of the format's pieces in random order."""
    lines = draw(st.lists(PIECES, min_size=0, max_size=40))
    return "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])), errors="replace")


def _index(draw: st.DrawFn, lines: list[str]) -> int:
    return draw(st.integers(0, max(len(lines) - 1, 0)))


def _delete(draw: st.DrawFn, lines: list[str]) -> None:
    if lines:
        start = _index(draw, lines)
        del lines[start : start + draw(st.integers(1, 30))]


def _duplicate(draw: st.DrawFn, lines: list[str]) -> None:
    if lines:
        i = _index(draw, lines)
        lines[i:i] = lines[i : i + draw(st.integers(1, 10))]


def _cut(draw: st.DrawFn, lines: list[str]) -> None:
    if lines:
        i = _index(draw, lines)
        lines[i] = lines[i][: draw(st.integers(0, max(len(lines[i]), 0)))]


def _swap(draw: st.DrawFn, lines: list[str]) -> None:
    if lines:
        i, j = _index(draw, lines), _index(draw, lines)
        lines[i], lines[j] = lines[j], lines[i]


def _insert(draw: st.DrawFn, lines: list[str]) -> None:
    lines.insert(draw(st.integers(0, len(lines))), draw(PIECES))


def _pipes_removed(draw: st.DrawFn, lines: list[str]) -> None:
    rows = [i for i, line in enumerate(lines) if "|" in line]
    if rows:
        i = draw(st.sampled_from(rows))
        lines[i] = lines[i].replace("|", "", draw(st.integers(1, 3)))


def _pipe_added(draw: st.DrawFn, lines: list[str]) -> None:
    if lines:
        i = _index(draw, lines)
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + draw(st.sampled_from(["|", " | ", "||", "|\t|"])) + lines[i][at:]


def _number_changed(draw: st.DrawFn, lines: list[str]) -> None:
    rows = [i for i, line in enumerate(lines) if "|" in line] or list(range(len(lines)))
    if rows:
        i = draw(st.sampled_from(rows))
        number = draw(NUMBERS)
        lines[i] = re.sub(r"\d+", lambda _m: number, lines[i], count=1) if re.search(r"\d", lines[i]) else number
        if draw(st.booleans()) and "|" in lines[i]:
            lines[i] = number + " |" + lines[i].split("|", 1)[1]


LINE_MUTATIONS: list[Callable[[st.DrawFn, list[str]], None]] = [
    _delete,
    _duplicate,
    _cut,
    _swap,
    _insert,
    _pipes_removed,
    _pipe_added,
    _number_changed,
]


@st.composite
def mutated_programmes(draw: st.DrawFn) -> bytes:
    """The bundled programme with a few random mutations of its lines, then of its bytes."""
    lines = list(BUNDLED)
    for mutation in draw(st.lists(st.sampled_from(LINE_MUTATIONS), min_size=1, max_size=6)):
        mutation(draw, lines)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]))
    raw = bytearray(ending.join(lines).encode(encoding, errors="replace"))
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["insert", "flip", "truncate"]))
        at = draw(st.integers(0, len(raw)))
        if kind == "insert":
            raw[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "flip" and at < len(raw):
            raw[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del raw[at:]
    return bytes(raw)


ANY_TEXT = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    programme_like_texts(),
    mutated_programmes(),
)


# --- the parser --------------------------------------------------------------------------------------
def parse_or_italian_error(raw: bytes) -> object:
    """A programme, or a ProgrammeFormatError naming the file; any other exception propagates."""
    try:
        parsed = parse_programme(raw, SOURCE)
    except ProgrammeFormatError as exc:
        assert f"«{SOURCE}»" in exc.message, exc.message
        event("errore in italiano")
        return exc
    event("programma letto")
    return parsed


@FUZZ
@given(raw=st.one_of(st.binary(max_size=3000), st.text(max_size=800).map(lambda t: t.encode("utf-8", "replace"))))
def test_random_bytes_and_texts_give_a_programme_or_an_italian_error(raw: bytes) -> None:
    parse_or_italian_error(raw)


# found by this property: a number of 4,301 digits made int() raise ValueError (now an unnumbered row)
HUGE_NUMBER = "N° | Azione |\n".encode() + b"9" * 4301 + b" | 0 |"


@FUZZ
@given(raw=programme_like_texts())
@example(raw=HUGE_NUMBER)
def test_texts_made_of_the_formats_pieces_give_a_programme_or_an_italian_error(raw: bytes) -> None:
    parse_or_italian_error(raw)


def test_a_number_too_long_to_be_one_makes_an_unnumbered_action() -> None:
    parsed = parse_programme(HUGE_NUMBER, SOURCE)
    (action,) = parsed.stakeholders[0].actions
    assert (action.code_suffix, action.text) == ("SN1", "0")
    assert any("registrata come SN1" in w for w in parsed.warnings)


@FUZZ
@given(raw=mutated_programmes())
def test_mutated_copies_of_the_programme_give_a_programme_or_an_italian_error(raw: bytes) -> None:
    parse_or_italian_error(raw)


# --- into a real database ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The seeded programme with the sample scenario (offices, progress, notes, milestones)."""
    path = make_template(tmp_path_factory.mktemp("fuzz") / "modello.sqlite3")
    yield path
    remove_database(path)


def make_template(path: Path) -> Path:
    desk = Desk.open(path, Actor("preparazione", Role.SEGRETERIA), FixedClock(TODAY))
    desk.seed()
    apply_sample_scenario(desk)
    desk.close()
    return path


def import_fuzzed(template: Path, raw: bytes) -> str:
    """Import ``raw`` into a copy of ``template`` through the Desk; "" on success, else the error."""
    work = copy_database(template, template.with_name("lavoro.sqlite3"))
    before = content(work)
    desk = Desk.open(work, Actor("segreteria.fuzz", Role.SEGRETERIA), FixedClock(TODAY))
    try:
        desk.import_programme(parse_programme(raw, SOURCE))
    except ValenzaError as exc:
        desk.close()
        assert not exc.message.startswith("Errore del database"), exc.message  # a driver error let through
        assert content(work) == before, f"the database changed although the import failed: {exc.message}"
        event(f"rifiutato: {type(exc).__name__}")
        return exc.message
    desk.close()
    assert integrity_problems(work) == []
    assert chain_problem(work) == ""
    event("importato")
    return ""


@FUZZ
@given(raw=ANY_TEXT)
def test_a_fuzzed_text_imported_into_a_database_imports_or_changes_nothing(template: Path, raw: bytes) -> None:
    import_fuzzed(template, raw)
