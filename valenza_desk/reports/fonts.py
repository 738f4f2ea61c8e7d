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

FONT_FILES: dict[str, str] = {
    REGULAR: "DejaVuSansCondensed.ttf",
    BOLD: "DejaVuSansCondensed-Bold.ttf",
    ITALIC: "DejaVuSansCondensed-Oblique.ttf",
}

_lock = threading.Lock()
_registered_from: Path | None = None


def fonts_dir() -> Path:
    """Where the bundled fonts live (``resources/fonts``)."""
    return resource_path("fonts")


def register_fonts() -> None:
    """Register the family with reportlab once (thread-safe); FontError if unusable."""
    global _registered_from
    folder = fonts_dir()
    with _lock:
        if _registered_from == folder:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

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
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered_from = folder


def forget_registration() -> None:
    """Make the next ``register_fonts`` check the files again (tests swap the folder)."""
    global _registered_from
    with _lock:
        _registered_from = None
