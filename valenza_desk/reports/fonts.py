"""The TrueType font embedded in every PDF (DejaVu Sans Condensed, bundled with its licence).

Base-14 fonts cannot print à è é ì ò ù ’ “ ” € reliably everywhere, so text always uses
this font. A missing or corrupt file raises FontError before any output is written.
"""

from __future__ import annotations

import threading
from pathlib import Path

from valenza_desk.reports.catalogue import t
from valenza_desk.reports.errors import FontError
from valenza_desk.resources import resource_path

REGULAR = "ValenzaSans"
BOLD = "ValenzaSans-Bold"
ITALIC = "ValenzaSans-Italic"

SYMBOLS = "ValenzaSymbols"  # fallback for what DejaVu lacks (emoji, rare symbols)

FONT_FILES: dict[str, str] = {
    REGULAR: "DejaVuSansCondensed.ttf",
    BOLD: "DejaVuSansCondensed-Bold.ttf",
    ITALIC: "DejaVuSansCondensed-Oblique.ttf",
    SYMBOLS: "Symbola.ttf",
}

_lock = threading.Lock()
_registered_from: Path | None = None
_coverage: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())


def fonts_dir() -> Path:
    """Where the bundled fonts live (``resources/fonts``)."""
    return resource_path("fonts")


def register_fonts() -> None:
    """Register the family with reportlab once (thread-safe); FontError if unusable."""
    global _registered_from, _coverage
    folder = fonts_dir()
    with _lock:
        if _registered_from == folder:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        _patch_to_unicode()

        loaded = []
        for name, file_name in FONT_FILES.items():
            path = folder / file_name
            if not path.is_file():
                raise FontError(t("err_font_missing", name=file_name, folder=folder))
            try:
                loaded.append(TTFont(name, str(path)))
            except Exception as exc:  # reportlab raises TTFError, struct.error, ... on bad files
                raise FontError(t("err_font_corrupt", name=file_name, folder=folder)) from exc
        for font in loaded:
            pdfmetrics.registerFont(font)
        _coverage = (frozenset(loaded[0].face.charToGlyph), frozenset(loaded[-1].face.charToGlyph))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered_from = folder


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF (emoji) written as UTF-16
    surrogate pairs as the PDF reference requires; reportlab writes five hex digits there,
    which readers reject, so copied or extracted text lost the emoji."""
    from reportlab.pdfbase import ttfonts

    text = ttfonts._valenza_original_cmap(fontname, subset)  # type: ignore[attr-defined]
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{utf16}>")
    return text


def _patch_to_unicode() -> None:
    from reportlab.pdfbase import ttfonts

    if not hasattr(ttfonts, "_valenza_original_cmap"):
        ttfonts._valenza_original_cmap = ttfonts.makeToUnicodeCMap  # type: ignore[attr-defined]
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def needs_fallback(char: str) -> bool:
    """True for a character the text font lacks and the symbol font has (an emoji, say)."""
    text_font, symbols = _coverage
    code = ord(char)
    return code not in text_font and code in symbols


def forget_registration() -> None:
    """Make the next ``register_fonts`` check the files again (tests swap the folder)."""
    global _registered_from
    with _lock:
        _registered_from = None
