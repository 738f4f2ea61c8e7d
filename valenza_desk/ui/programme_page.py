"""The Programme page: the programme's title, its seven values and each stakeholder's narrative."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from valenza_desk.domain.rows import ProgrammeInfo, StakeholderRow, ValueRow
from valenza_desk.services.desk import Desk
from valenza_desk.ui.ops import error_message, run_op


@dataclass(frozen=True, slots=True)
class ProgrammeData:
    info: ProgrammeInfo | None
    values: list[ValueRow]
    stakeholders: list[StakeholderRow]


def load_programme(desk: Desk) -> ProgrammeData:
    return ProgrammeData(desk.programme(), desk.values(), desk.stakeholders())


class ProgrammePage(QWidget):
    """A readable page (rich text) of the programme as imported."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Programma di governo: valori e stakeholder"))
        self.browser.document().setDocumentMargin(18)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser)

    def refresh(self) -> None:
        desk = self.desk
        run_op(lambda: load_programme(desk), self.show_data, lambda e: self.browser.setPlainText(error_message(e)))

    def show_data(self, data: ProgrammeData) -> None:
        self.browser.setHtml(self.html(data))

    def html(self, data: ProgrammeData) -> str:
        parts = []
        if data.info is not None:
            parts.append(f"<h1>{escape(data.info.title)}</h1>")
            facts = [
                (self.tr("Periodo"), data.info.period),
                (self.tr("Coalizione"), data.info.coalition),
                (self.tr("Candidato sindaco"), data.info.mayor),
            ]
            parts.append("<p>" + "<br>".join(f"<b>{escape(k)}:</b> {escape(v)}" for k, v in facts if v) + "</p>")
        else:
            parts.append(f"<h1>{escape(self.tr('Nessun programma importato'))}</h1>")
        parts.append(f"<h2>{escape(self.tr('I valori'))}</h2>")
        for value in data.values:
            parts.append(f"<h3>{value.position}. {escape(value.name)}</h3><p>{_paragraphs(value.description)}</p>")
        parts.append(f"<h2>{escape(self.tr('Gli stakeholder'))}</h2>")
        for s in data.stakeholders:
            also = f" <span style='color:#6b7280'>({escape(', '.join(s.aliases))})</span>" if s.aliases else ""
            parts.append(f"<h3>{escape(s.name)} · {escape(s.code)}{also}</h3><p>{_paragraphs(s.narrative)}</p>")
        return "<div style='max-width: 60em'>" + "".join(parts) + "</div>"


def _paragraphs(text: str) -> str:
    return "</p><p>".join(escape(p.strip()) for p in text.split("\n\n") if p.strip()) or "—"
