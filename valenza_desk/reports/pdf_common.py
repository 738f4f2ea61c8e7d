"""What every PDF shares: A4 page template, styles, header and footer with "Pagina X di Y",
bookmarks for every heading, metadata (title, author, subject, language it-IT).

The total page count is known only at the end, so the canvas keeps each page's state
and draws the footers when the document is saved (one layout pass, not two).

A document given ``issued_at`` is reproducible: reportlab's invariant mode (no random
document id, no "now") with that moment as creation date, so the same content gives the
same bytes (a session's brief reprinted from its snapshot).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.flowables import Flowable

from valenza_desk.reports import fonts
from valenza_desk.reports.catalogue import LANGUAGE, t
from valenza_desk.text import format_datetime

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#6b7280")
ACCENT = colors.HexColor("#1e3a5f")
RULE = colors.HexColor("#cbd5e1")
HEADER_FILL = colors.HexColor("#e8eef5")
ZEBRA = colors.HexColor("#f6f8fb")


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles, all in the bundled TrueType font (registered first)."""
    fonts.register_fonts()
    base = ParagraphStyle("base", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5, textColor=INK)

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "muted": derive("muted", textColor=MUTED, fontSize=8.5, leading=11),
        "cover_municipality": derive("cover_municipality", fontName=fonts.BOLD, fontSize=15, leading=19),
        "cover_title": derive("cover_title", fontName=fonts.BOLD, fontSize=24, leading=30, textColor=ACCENT),
        "cover_subtitle": derive("cover_subtitle", fontSize=12.5, leading=17),
        "cover_label": derive("cover_label", fontName=fonts.BOLD, fontSize=10.5, leading=14, spaceBefore=8),
        "cover_line": derive("cover_line", fontSize=10.5, leading=14.5),
        "h1": derive("h1", fontName=fonts.BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceBefore=4, spaceAfter=4),
        "h2": derive(
            "h2", fontName=fonts.BOLD, fontSize=12, leading=15, textColor=ACCENT, spaceBefore=12, spaceAfter=5
        ),
        "cell": derive("cell", fontSize=8.5, leading=10.6, alignment=TA_LEFT),
        "cell_bold": derive("cell_bold", fontName=fonts.BOLD, fontSize=8.5, leading=10.6),
        "cell_note": derive("cell_note", fontName=fonts.ITALIC, fontSize=7.8, leading=9.8, textColor=MUTED),
        "head": derive("head", fontName=fonts.BOLD, fontSize=8.3, leading=10.4, textColor=ACCENT),
        "head_small": derive("head_small", fontName=fonts.BOLD, fontSize=7.2, leading=9, textColor=ACCENT),
        "figure": derive("figure", fontName=fonts.BOLD, fontSize=17, leading=21, textColor=ACCENT),
        "figure_label": derive("figure_label", fontSize=8, leading=10, textColor=MUTED),
    }


_BEYOND_LATIN = re.compile(r"[\u2000-\U0010ffff]+")


def esc(text: object) -> str:
    """Text made safe for reportlab's paragraph markup; characters the text font lacks (emoji,
    rare symbols) are set in the bundled symbol font instead of printing as empty boxes."""
    safe = escape(str(text))
    if safe.isascii():
        return safe
    return _BEYOND_LATIN.sub(_with_symbols, safe)


def _with_symbols(match: re.Match[str]) -> str:
    run = match.group(0)
    if not any(fonts.needs_fallback(c) for c in run):
        return run
    out: list[str] = []
    for char in run:
        out.append(f'<font name="{fonts.SYMBOLS}">{char}</font>' if fonts.needs_fallback(char) else char)
    return "".join(out).replace(f'</font><font name="{fonts.SYMBOLS}">', "")


class Heading(Paragraph):
    """A heading that also becomes an entry of the PDF outline (bookmarks)."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(esc(text), style)
        self.outline_text = text
        self.outline_level = level
        self.outline_key = key


@dataclass(frozen=True, slots=True)
class PageDecor:
    """The running header and footer texts."""

    title: str
    subtitle: str
    generated: str


def _fixed_stamp(stamp: Any, moment: datetime) -> None:
    """Make reportlab's document time stamp ``moment`` (UTC) instead of "now"."""
    seconds = moment.timestamp()
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"


def _numbered_canvas(decor: PageDecor, issued_at: datetime | None = None) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Defers each page until the end, then adds "Pagina X di Y" to all of them.

        Bookmarks are deferred with their page: reportlab ties a bookmark to the page
        being emitted, which here happens only in ``save``.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            if issued_at is not None:
                _fixed_stamp(self._doc._timeStamp, issued_at)
            self._saved_pages: list[dict[str, Any]] = []
            self._page_bookmarks: list[str] = []

        def bookmarkPage(self, key: str, **kwargs: Any) -> None:
            self._page_bookmarks.append(key)

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._page_bookmarks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                for key in self._page_bookmarks:
                    Canvas.bookmarkPage(self, key, fit="XYZ", top=PAGE_HEIGHT)
                self._draw_page_number(total)
                super().showPage()
            super().save()

        def _draw_page_number(self, total: int) -> None:
            self.saveState()
            self.setFont(fonts.REGULAR, 8)
            self.setFillColor(MUTED)
            self.drawRightString(
                PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 10 * mm, t("page_of", page=self._pageNumber, total=total)
            )
            self.restoreState()

    return NumberedCanvas


def _draw_footer(canvas: Canvas, decor: PageDecor) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    y = MARGIN_BOTTOM - 6 * mm
    canvas.line(MARGIN_X, y, PAGE_WIDTH - MARGIN_X, y)
    canvas.setFont(fonts.REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN_X, MARGIN_BOTTOM - 10 * mm, fit(decor.generated, fonts.REGULAR, 8, CONTENT_WIDTH * 0.7))


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line of ``width`` points, cut with "…" when longer (a 200-character office name)."""
    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _draw_header(canvas: Canvas, decor: PageDecor) -> None:
    y = PAGE_HEIGHT - MARGIN_TOP + 8 * mm
    gap = 6 * mm
    subtitle = fit(decor.subtitle, fonts.REGULAR, 8.5, CONTENT_WIDTH * 0.5)
    title_width = CONTENT_WIDTH - stringWidth(subtitle, fonts.REGULAR, 8.5) - gap
    canvas.setFont(fonts.BOLD, 8.5)
    canvas.setFillColor(ACCENT)
    canvas.drawString(MARGIN_X, y, fit(decor.title, fonts.BOLD, 8.5, title_width))
    canvas.setFont(fonts.REGULAR, 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, subtitle)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, y - 2.5 * mm, PAGE_WIDTH - MARGIN_X, y - 2.5 * mm)


class ReportDocument(BaseDocTemplate):
    """A4 document: a "first" page (no running header) then "body" pages with it."""

    def __init__(
        self, path: Path, decor: PageDecor, subject: str, author: str, issued_at: datetime | None = None
    ) -> None:
        super().__init__(
            str(path),
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=decor.title,
            author=author,
            subject=subject,
            creator="Valenza Desk",
            keywords=t("keywords"),
            lang=LANGUAGE,
            initialFontName=fonts.REGULAR,
            invariant=1 if issued_at is not None else None,
        )
        self.decor = decor
        self.issued_at = issued_at
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body")

        def first(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            canvas.saveState()
            _draw_footer(canvas, decor)
            canvas.restoreState()

        def later(canvas: Canvas, _doc: BaseDocTemplate) -> None:
            canvas.saveState()
            _draw_header(canvas, decor)
            _draw_footer(canvas, decor)
            canvas.restoreState()

        self.addPageTemplates(
            [
                PageTemplate(id="first", frames=[frame], onPage=first, autoNextPageTemplate="body"),
                PageTemplate(id="body", frames=[frame], onPage=later),
            ]
        )
        self.page_count = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        key = getattr(flowable, "outline_key", None)
        if key is not None:
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level, closed=False)

    def build_story(self, story: list[Flowable]) -> int:
        """Lay out and save; returns the number of pages."""
        self.build(story, canvasmaker=_numbered_canvas(self.decor, self.issued_at))
        self.page_count = self.page
        return self.page


def decor_for(title: str, subtitle: str, generated_at: datetime) -> PageDecor:
    return PageDecor(title=title, subtitle=subtitle, generated=t("generated_at", when=format_datetime(generated_at)))
