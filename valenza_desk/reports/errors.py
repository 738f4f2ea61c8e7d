"""Errors a report can meet (font missing, output not writable), with Italian messages."""

from __future__ import annotations

from valenza_desk.errors import ValenzaError


class ReportError(ValenzaError):
    """The report could not be written; nothing was left behind at the target path."""


class FontError(ReportError):
    """The bundled TrueType font is missing or unreadable."""
