"""Where the searched words occur in a text, in the text's own characters.

The search matches folded text (``text.fold``: no case, no accents), so "citta" finds
"Città". To highlight the hit in the text as written, each character is folded on its
own and the folded string keeps, for each of its characters, the position of the
character it came from. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from valenza_desk.text import fold


@lru_cache(maxsize=4096)
def _folded_with_origin(text: str) -> tuple[str, tuple[int, ...]]:
    parts: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        folded = char.casefold() if char.isascii() else fold(char)
        parts.append(folded)
        origin.extend([position] * len(folded))
    return "".join(parts), tuple(origin)


def match_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) character spans of ``text`` where any folded word of ``words`` occurs, merged."""
    if not text or not words:
        return []
    folded, origin = _folded_with_origin(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        if not word:
            continue
        start = folded.find(word)
        while start >= 0:
            end = start + len(word) - 1
            spans.append((origin[start], origin[end] + 1))
            start = folded.find(word, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
