"""Parse the programme text (the coalition's published format) into plain rows.

The format, as published: a title line; "La filosofia del programma" with the values
as "- NAME: description" lines; one "Stakeholder – Name. narrative" paragraph per
stakeholder (further paragraphs continue it); then "Le azioni suddivise per
Stakeholder" followed by, for each stakeholder, a heading line, a "N° | Azione |"
header and "number | text |" rows.

Real documents are imperfect, so the parser is forgiving and says what it did:
table headings name stakeholders differently from the narrative (they are matched by
shared word stems), numbers repeat or are missing (every row is kept, with a distinct
code: a repeated 7 becomes "7bis"), and a row's text may run on to the next line.
Anything that is not a programme raises ProgrammeFormatError with an Italian message.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from valenza_desk.domain import limits
from valenza_desk.errors import ProgrammeFormatError
from valenza_desk.text import fold

MAX_FILE_BYTES = 20 * 1024 * 1024

_HEADER_RE = re.compile(r"^\s*N\s*[°º.o]?\s*\|\s*Azion[ei]\s*\|?\s*$", re.IGNORECASE)
_NARRATIVE_RE = re.compile(r"^\s*Stakeholder\s*[–—-]\s*(.+?)\.\s+(.*)$")
_VALUE_RE = re.compile(r"^\s*[-•]\s*([A-ZÀ-Ý][A-ZÀ-Ý' ]+?)\s*:\s*(.+)$")
_PERIOD_RE = re.compile(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b")
_COALITION_RE = re.compile(r"coalizione\s+((?:[A-Z][\wàèéìòù]+\s?){1,3})")
_MAYOR_RE = re.compile(r"(?:a guida|Amministrazione)\s+([A-Z][a-zàèéìòù']+(?:\s+[A-Z][a-zàèéìòù']+){0,2})")
# at most 9 digits: a longer "number" makes an unnumbered row (and int() refuses over 4,300 digits)
_NUMBER_RE = re.compile(r"^(\d{1,9})\s*([a-z]{0,8})\.?$", re.IGNORECASE)
MAX_NUMBER = 10  # characters of a printed number (with its letters): codes stay within their column
_STOPWORDS = {"e", "ed", "di", "del", "della", "dei", "la", "il", "le", "gli", "i", "per"}
_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies")


@dataclass(slots=True)
class ParsedValue:
    name: str
    description: str


@dataclass(slots=True)
class ParsedAction:
    number: str  # as printed in the source, may be empty
    code_suffix: str  # "07", "07bis", "SN1": unique within the stakeholder
    text: str
    position: int
    complete: bool = True  # False for a last row cut short (no closing "|"): reported, never applied


@dataclass(slots=True)
class ParsedStakeholder:
    name: str
    aliases: list[str] = field(default_factory=list)
    narrative: str = ""
    position: int = 0
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass(slots=True)
class ParsedProgramme:
    title: str
    period: str
    coalition: str
    mayor: str
    source_file: str
    source_sha256: str
    values: list[ParsedValue]
    stakeholders: list[ParsedStakeholder]
    warnings: list[str]

    @property
    def action_count(self) -> int:
        return sum(a.complete for s in self.stakeholders for a in s.actions)


def read_programme_file(path: str | Path) -> ParsedProgramme:
    """Read and parse a programme file; ProgrammeFormatError if it is not one."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProgrammeFormatError(f"Il file «{path.name}» è troppo grande per essere un programma (oltre 20 MB).")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProgrammeFormatError(f"Il file «{path}» non esiste.") from None
    except IsADirectoryError:
        raise ProgrammeFormatError(f"«{path}» è una cartella, non un file di testo.") from None
    except PermissionError:
        raise ProgrammeFormatError(f"Non è possibile leggere il file «{path}»: permesso negato.") from None
    except OSError as exc:
        raise ProgrammeFormatError(f"Non è possibile leggere il file «{path}»: {exc.strerror}.") from None
    return parse_programme(raw, source_file=path.name)


def decode_text(raw: bytes, source_file: str) -> tuple[str, list[str]]:
    """Decode UTF-8 (with or without BOM) or UTF-16 (Notepad's "Unicode"), falling back to
    Windows-1252 with a warning."""
    utf16 = _utf16_encoding(raw)
    if utf16:
        try:
            return raw.decode(utf16), []
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:4096]:
        raise ProgrammeFormatError(
            f"Il file «{source_file}» non è un testo: sembra un file binario "
            "(per esempio un PDF o un documento Word). Salvarlo come testo (.txt) e riprovare."
        )
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ProgrammeFormatError(
            f"Il file «{source_file}» non è un testo leggibile (codifica sconosciuta). "
            "Salvarlo in formato UTF-8 e riprovare."
        ) from None
    return text, [f"Il file «{source_file}» non è in UTF-8: letto come Windows-1252; controllare gli accenti."]


def _utf16_encoding(raw: bytes) -> str:
    """ "utf-16" for a BOM, "utf-16-le"/"utf-16-be" for BOM-less text with NULs in every other byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = raw[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return ""
    odd_nuls, even_nuls = sample[1::2].count(0), sample[0::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.6 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls == 0:
        return "utf-16-be"
    return ""


def parse_programme(raw: bytes, source_file: str = "programma.txt") -> ParsedProgramme:
    """Parse the bytes of a programme text."""
    text, warnings = decode_text(raw, source_file)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    non_empty = [line for line in lines if line.strip()]
    if not non_empty:
        raise ProgrammeFormatError(f"Il file «{source_file}» è vuoto.")

    header_indexes = [i for i, line in enumerate(lines) if "|" in line and _HEADER_RE.match(line)]
    if not header_indexes:
        raise ProgrammeFormatError(
            f"Il file «{source_file}» non sembra un programma: non contiene tabelle di azioni "
            "(righe «N° | Azione |» seguite da righe «numero | testo |»)."
        )

    first_table = _heading_index(lines, header_indexes[0])
    prose = lines[:first_table]
    try:
        values = _parse_values(prose, warnings)
        narratives = _parse_narratives(prose)
        tables, table_warnings = _parse_tables(lines, header_indexes)
        warnings.extend(table_warnings)
        stakeholders = _reconcile(narratives, tables, warnings)
    except ProgrammeFormatError as exc:  # a part too long to store: name the file
        raise ProgrammeFormatError(f"Il file «{source_file}» non si può importare. {exc.message}") from None
    if not any(s.actions for s in stakeholders):
        raise ProgrammeFormatError(
            f"Il file «{source_file}» non sembra un programma: le tabelle non contengono azioni."
        )

    full_text = "\n".join(prose)
    title = non_empty[0].strip()[:200]
    period_match = _PERIOD_RE.search(title) or _PERIOD_RE.search(full_text)
    coalition_match = _COALITION_RE.search(full_text)
    mayor_match = _MAYOR_RE.search(full_text)
    return ParsedProgramme(
        title=title,
        period=f"{period_match.group(1)}-{period_match.group(2)}" if period_match else "",
        coalition=coalition_match.group(1).strip() if coalition_match else "",
        mayor=_most_complete_mayor(full_text) or (mayor_match.group(1).strip() if mayor_match else ""),
        source_file=source_file,
        source_sha256=hashlib.sha256(raw).hexdigest(),
        values=values,
        stakeholders=stakeholders,
        warnings=warnings,
    )


def _most_complete_mayor(text: str) -> str:
    """The longest "a guida Nome Cognome" mention, so "Luca Ballerini" wins over "Ballerini"."""
    names = [m.group(1).strip() for m in _MAYOR_RE.finditer(text)]
    return max(names, key=len) if names else ""


def _heading_index(lines: list[str], header_index: int) -> int:
    """The line above a table header that names the stakeholder (skipping blank lines)."""
    i = header_index - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    return max(i, 0)


def _parse_values(prose: list[str], warnings: list[str]) -> list[ParsedValue]:
    """The values ("- NAME: description"); a value listed twice is kept once, with a warning."""
    values: dict[str, ParsedValue] = {}
    for line in prose:
        match = _VALUE_RE.match(line)
        if not match:
            continue
        name = _fits(match.group(1).strip().capitalize(), limits.VALUE_NAME, "Il nome del valore")
        key = fold(name)
        if key in values:
            warnings.append(f"Il valore «{name}» compare più volte: tenuta la prima descrizione.")
            continue
        values[key] = ParsedValue(name=name, description=match.group(2).strip())
    return list(values.values())


def _fits(text: str, limit: int, what: str) -> str:
    """``text`` if it is at most ``limit`` characters, else ProgrammeFormatError (Italian)."""
    if len(text) > limit:
        raise ProgrammeFormatError(
            f"{what} «{_shorten(text, 60)}» è troppo lungo ({len(text)} caratteri, al massimo {limit}): "
            "forse manca un titolo o una riga è andata a capo male. Correggere il testo e riprovare."
        )
    return text


def _parse_narratives(prose: list[str]) -> list[ParsedStakeholder]:
    """Stakeholder paragraphs; following paragraphs continue the current one until a heading."""
    found: list[ParsedStakeholder] = []
    current: ParsedStakeholder | None = None
    for line in prose:
        match = _NARRATIVE_RE.match(line)
        if match:
            name = _fits(match.group(1).strip(), limits.STAKEHOLDER_NAME, "Il nome dello stakeholder")
            current = ParsedStakeholder(name=name, narrative=match.group(2).strip())
            found.append(current)
        elif current is not None and line.strip():
            if _looks_like_heading(line):
                current = None
            else:
                current.narrative += "\n\n" + line.strip()
    return found


def _looks_like_heading(line: str) -> bool:
    """A short line without a final full stop, like "Le azioni suddivise per Stakeholder"."""
    stripped = line.strip()
    return len(stripped) < 80 and not stripped.endswith((".", ";", ":", "!", "?"))


@dataclass(slots=True)
class _Table:
    heading: str
    rows: list[tuple[str, str]]  # (number as printed, text)
    truncated: bool = False  # the last row has no closing "|" at the end of the file


def _parse_tables(lines: list[str], header_indexes: list[int]) -> tuple[list[_Table], list[str]]:
    warnings: list[str] = []
    tables: list[_Table] = []
    heading_lines = {_heading_index(lines, h) for h in header_indexes}
    for n, header in enumerate(header_indexes):
        heading = lines[_heading_index(lines, header)].strip()
        end = _heading_index(lines, header_indexes[n + 1]) if n + 1 < len(header_indexes) else len(lines)
        table = _Table(heading=heading, rows=[])
        open_row = False  # the last row has no closing "|": a next plain line continues it
        for i in range(header + 1, end):
            line = lines[i]
            if not line.strip() or i in heading_lines:
                continue
            match = "|" in line
            number, body = _split_row(line) if match else ("", "")
            continues = open_row and table.rows and (not match or not body or not _NUMBER_RE.match(number))
            if continues:
                previous_number, previous_body = table.rows[-1]
                table.rows[-1] = (previous_number, f"{previous_body} {line.strip().rstrip('|').strip()}")
                open_row = not line.rstrip().endswith("|")
            elif match and (body or number):
                if not body:  # "text |" with no number column: the text is the action
                    number, body = "", number
                table.rows.append((number, body))
                open_row = not line.rstrip().endswith("|")
            elif match:
                continue  # an empty row such as "| |": nothing to keep
            else:
                warnings.append(f"Riga {i + 1} fuori dalle tabelle, non è un'azione: «{_shorten(line.strip())}».")
        if not table.rows:
            warnings.append(f"La tabella «{heading}» non contiene azioni.")
        elif open_row and end == len(lines):
            table.truncated = True
            number, body = table.rows[-1]
            warnings.append(
                f"{heading}: l'ultima riga (n. {number or '-'}, «{_shorten(body, 50)}») non termina con «|»: "
                "il file sembra troncato. Quell'azione non è stata importata né aggiornata; controllare il file."
            )
        tables.append(table)
    return tables, warnings


def _split_row(line: str) -> tuple[str, str]:
    """ "number | text |" as (number, text): what comes before the first "|", and the rest without
    its one closing "|" (str methods, not a regex: 100,000-row texts are read in a blink)."""
    number, _, rest = line.partition("|")
    body = rest.strip()
    if body.endswith("|"):
        body = body[:-1].rstrip()
    return number.strip(), body


def _shorten(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _stems(name: str) -> set[str]:
    words = re.split(r"[^0-9a-z]+", fold(name).replace("&", " "))
    return {w[:5] for w in words if w and w not in _STOPWORDS}


def _reconcile(
    narratives: list[ParsedStakeholder], tables: list[_Table], warnings: list[str]
) -> list[ParsedStakeholder]:
    """Attach each table to the narrative stakeholder it names; keep unmatched ones too."""
    stakeholders = list(narratives)
    by_folded_name: dict[str, ParsedStakeholder] = {}
    for table in tables:
        target = _best_match(table.heading, stakeholders, by_folded_name)
        if target is None:
            target = ParsedStakeholder(name=_fits(table.heading, limits.STAKEHOLDER_NAME, "Il titolo della tabella"))
            stakeholders.append(target)
            if narratives:
                warnings.append(
                    f"La tabella «{table.heading}» non corrisponde a nessuno stakeholder descritto nel testo: "
                    "registrata come nuovo stakeholder senza descrizione."
                )
        elif target.actions and fold(table.heading) in by_folded_name:
            warnings.append(f"La tabella «{table.heading}» compare più volte: le azioni sono state unite.")
        if table.heading != target.name and table.heading not in target.aliases:
            target.aliases.append(table.heading)
        by_folded_name[fold(table.heading)] = target
        _append_actions(target, table, warnings)
    for position, stakeholder in enumerate(stakeholders, start=1):
        stakeholder.position = position
        if not stakeholder.actions:
            warnings.append(f"Lo stakeholder «{stakeholder.name}» non ha una tabella di azioni.")
    return stakeholders


def _best_match(
    heading: str, candidates: list[ParsedStakeholder], seen: dict[str, ParsedStakeholder]
) -> ParsedStakeholder | None:
    if fold(heading) in seen:
        return seen[fold(heading)]
    heading_stems = _stems(heading)
    scored = []
    for candidate in candidates:
        names = [candidate.name, *candidate.aliases]
        score = max(len(heading_stems & _stems(name)) for name in names)
        exact = any(fold(heading) == fold(name) for name in names)
        scored.append((exact, score, candidate))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    if not scored or (not scored[0][0] and scored[0][1] == 0):
        return None
    if len(scored) > 1 and scored[0][:2] == scored[1][:2] and not scored[0][0]:
        return None  # ambiguous: better a separate stakeholder than a wrong merge
    return scored[0][2]


def _append_actions(target: ParsedStakeholder, table: _Table, warnings: list[str]) -> None:
    used = {a.code_suffix for a in target.actions}
    expected = len(target.actions) + 1
    last = len(table.rows) - 1
    for index, (number, text) in enumerate(table.rows):
        match = _NUMBER_RE.match(number)
        if match and len(number) > MAX_NUMBER:  # a code must fit its column: such a "number" is not one
            match = None
        if match:
            base = f"{int(match.group(1)):02d}{match.group(2).lower()}"
            suffix = base
            extra = 0
            while suffix in used:
                suffix = f"{base}{_SUFFIXES[extra] if extra < len(_SUFFIXES) else extra + 1}"
                extra += 1
            if suffix != base:
                warnings.append(
                    f"{table.heading}: il numero {number} compare più volte; "
                    f"l'azione «{_shorten(text, 50)}» è stata registrata come {suffix.lstrip('0')}."
                )
            elif int(match.group(1)) != expected:
                warnings.append(f"{table.heading}: numerazione irregolare, {number} dopo {expected - 1}.")
            expected = int(match.group(1)) + 1
        else:
            count = 1
            while f"SN{count}" in used:
                count += 1
            suffix = f"SN{count}"
            shown = f"«{number}»" if number else "mancante"
            warnings.append(
                f"{table.heading}: numero {shown} per l'azione «{_shorten(text, 50)}»; registrata come {suffix}."
            )
        used.add(suffix)
        complete = not (table.truncated and index == last)
        target.actions.append(
            ParsedAction(
                number=number, code_suffix=suffix, text=text, position=len(target.actions) + 1, complete=complete
            )
        )
