"""Painted cells: the coloured status label, the progress bar, the action text with the searched
words highlighted, office names elided in the middle (no per-row widgets)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from valenza_desk.domain.status import OVERDUE_COLOUR, OVERDUE_LABEL, Status
from valenza_desk.ui.highlight import match_spans
from valenza_desk.ui.roles import OVERDUE_ROLE, PROGRESS_ROLE, STATUS_ROLE

_Index = QModelIndex | QPersistentModelIndex
TRACK_COLOUR = QColor("#e5e7eb")
BAR_COLOUR = QColor("#2563eb")
DONE_COLOUR = QColor("#15803d")
HIT_BACKGROUND = QColor("#fde68a")  # amber 200: readable under black text, distinct from the selection
HIT_TEXT = QColor("#111827")
HIT_CONTEXT = 0.35  # at most this part of the cell shows the words before a hit that would be cut off


def _paint_background(painter: QPainter, option: QStyleOptionViewItem) -> None:
    """Selection/hover background as the style draws it, without the text."""
    style = option.widget.style() if option.widget is not None else None
    bare = QStyleOptionViewItem(option)
    bare.text = ""
    if style is not None:
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, bare, painter, option.widget)


def paint_pill(painter: QPainter, rect: QRect, text: str, colour: QColor, metrics: QFontMetrics) -> int:
    """A rounded coloured label with white text; returns the width used."""
    padding = max(6, metrics.height() // 3)
    width = min(rect.width(), metrics.horizontalAdvance(text) + 2 * padding)
    height = min(rect.height() - 4, metrics.height() + 4)
    pill = QRectF(rect.x(), rect.y() + (rect.height() - height) / 2, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(pill, height / 2.5, height / 2.5)
    painter.setPen(QColor("white"))
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width - 2 * padding) + 1)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, elided)
    return int(width)


class StatusDelegate(QStyledItemDelegate):
    """Status as a coloured pill; a red "Scaduta" pill beside it when the deadline passed."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        value = index.data(STATUS_ROLE)
        if not value:
            super().paint(painter, option, index)
            return
        status = Status(value)
        self.initStyleOption(option, index)
        painter.save()
        _paint_background(painter, option)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        rect = option.rect.adjusted(4, 1, -4, -1)
        used = paint_pill(painter, rect, status.label, QColor(status.colour), metrics)
        if index.data(OVERDUE_ROLE):
            rest = rect.adjusted(used + 4, 0, 0, 0)
            if rest.width() >= metrics.horizontalAdvance(OVERDUE_LABEL) + metrics.height():
                paint_pill(painter, rest, OVERDUE_LABEL, QColor(OVERDUE_COLOUR), metrics)
            elif rest.width() >= metrics.height() // 2:
                size = max(6, metrics.height() // 2)  # no room for the word: a red dot (tooltip says why)
                painter.setBrush(QColor(OVERDUE_COLOUR))
                painter.drawEllipse(rest.x(), rest.y() + (rest.height() - size) // 2, size, size)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        width = metrics.horizontalAdvance("Non più prevista") + metrics.horizontalAdvance(OVERDUE_LABEL) + 40
        return QSize(width, metrics.height() + 8)


class ProgressDelegate(QStyledItemDelegate):
    """A thin bar with the percentage written beside it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        value = index.data(PROGRESS_ROLE)
        if not isinstance(value, int):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        painter.save()
        _paint_background(painter, option)
        paint_progress(painter, option.rect.adjusted(6, 0, -6, 0), value, QFontMetrics(option.font), option)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(metrics.horizontalAdvance("100%") * 3, metrics.height() + 8)


def paint_progress(
    painter: QPainter, rect: QRect, value: int, metrics: QFontMetrics, option: QStyleOptionViewItem | None = None
) -> None:
    """Bar on the left, "45%" right-aligned; shared with the navigator."""
    value = max(0, min(100, value))
    text = f"{value}%"
    text_width = metrics.horizontalAdvance("100%") + 4
    bar_height = max(6, metrics.height() // 2)
    bar = QRectF(rect.x(), rect.y() + (rect.height() - bar_height) / 2, max(0, rect.width() - text_width), bar_height)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TRACK_COLOUR)
    painter.drawRoundedRect(bar, bar_height / 2, bar_height / 2)
    if value:
        filled = QRectF(bar.x(), bar.y(), max(bar_height, bar.width() * value / 100), bar_height)
        painter.setBrush(DONE_COLOUR if value == 100 else BAR_COLOUR)
        painter.drawRoundedRect(filled, bar_height / 2, bar_height / 2)
    selected = option is not None and bool(option.state & QStyle.StateFlag.State_Selected)
    if option is None:
        pen = QColor("black")
    elif selected:
        pen = option.palette.highlightedText().color()
    else:
        pen = option.palette.text().color()
    painter.setPen(pen)
    text_rect = QRect(int(bar.right()) + 2, rect.y(), text_width, rect.height())
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)


class MiddleElideDelegate(QStyledItemDelegate):
    """Long names shortened in the middle ("Settore Cultura, … e Manifestazioni"): start and end stay readable."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class HighlightDelegate(QStyledItemDelegate):
    """The text on one line, elided at the right, with the searched words on an amber background.

    The table elides its other columns in the middle (office names); this column, the
    action's text, is cut at the right as a sentence is.

    ``words`` gives the folded words searched (the model's current search); without it the
    delegate only cuts the text at the right (a column of names in a view that cuts in the
    middle). When the first hit falls past the visible part, the text is shown from a few
    words before it.
    """

    def __init__(self, words: Callable[[], Sequence[str]] | None = None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._words = words

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight  # the view elides the other columns in the middle
        words = self._words() if self._words is not None else ()
        text = option.text
        spans = match_spans(text, words) if words else []
        if not spans:
            style = option.widget.style() if option.widget is not None else None
            if style is not None:
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
            return
        painter.save()
        _paint_background(painter, option)
        metrics = QFontMetrics(option.font)
        rect = option.rect.adjusted(4, 0, -4, 0)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        visible = len(shown) if shown == text else max(0, len(shown) - 1)  # the ellipsis is not text
        if spans[0][0] >= visible:
            # the first hit would be cut off: show the text from a word or two before it ("…di teatro per…")
            hit = spans[0][0]
            start = hit
            while start > 0:
                before = text.rfind(" ", 0, start - 1) + 1
                if metrics.horizontalAdvance(text[before:hit]) > rect.width() * HIT_CONTEXT:
                    break
                start = before
            text = "…" + text[start:]
            spans = [(a - start + 1, b - start + 1) for a, b in spans if a >= start]
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            visible = len(shown) if shown == text else max(0, len(shown) - 1)
        layout = QTextLayout(shown, option.font)
        hit = QTextCharFormat()
        hit.setBackground(HIT_BACKGROUND)
        hit.setForeground(HIT_TEXT)
        ranges = []
        for start, end in spans:
            end = min(end, visible)
            if start < end:
                part = QTextLayout.FormatRange()
                part.start, part.length, part.format = start, end - start, hit
                ranges.append(part)
        layout.setFormats(ranges)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(rect.width() + metrics.averageCharWidth())
        layout.endLayout()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected else option.palette.text().color())
        top = rect.y() + (rect.height() - line.height()) / 2
        painter.setClipRect(rect)
        layout.draw(painter, QPointF(rect.x(), top))
        painter.restore()
