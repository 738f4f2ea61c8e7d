"""The progress timeline of an action as rich text: who, when, what, act reference (newest first)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from valenza_desk.domain.rows import ProgressUpdateRow
from valenza_desk.text import format_datetime


def timeline_html(updates: Sequence[ProgressUpdateRow], empty_text: str, act_label: str) -> str:
    """One paragraph per update, newest first, as the service returns them."""
    if not updates:
        return f"<p style='color:#6b7280'>{escape(empty_text)}</p>"
    parts = []
    for u in updates:
        lines = [
            f"<b>{escape(format_datetime(u.at))}</b> · {escape(u.author)}",
            f"<span style='color:{u.status.colour}'>■</span> {escape(u.status.label)} · {u.progress}%",
        ]
        if u.text:
            lines.append(escape(u.text))
        if u.act_reference:
            lines.append(f"<i>{escape(act_label)}: {escape(u.act_reference)}</i>")
        parts.append("<p style='margin-bottom:8px'>" + "<br>".join(lines) + "</p>")
    return "".join(parts)
