"""The navigator on the left: the whole programme, its stakeholders, views and offices.

Each stakeholder shows its number of actions and a bar of its average progress; the
views show how many actions they hold ("In scadenza" names its number of days).
Choosing an entry emits ``view_selected(View)``. With no office yet, the offices section
holds one entry, "Aggiungi gli uffici…", that asks for the Offices dialog
(``offices_requested``) when clicked or when Enter is pressed on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

from valenza_desk.domain.rows import OfficeRow, StakeholderSummary
from valenza_desk.ui.delegates import paint_progress
from valenza_desk.ui.roles import ADD_OFFICES_ROLE, COUNT_ROLE, HEADER_ROLE, PROGRESS_ROLE, VIEW_ROLE
from valenza_desk.ui.views import View, ViewKind

_Index = QModelIndex | QPersistentModelIndex


class NavigatorDelegate(QStyledItemDelegate):
    """Entry name with its count on the right; stakeholders get a progress bar underneath."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        if index.data(HEADER_ROLE):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        painter.save()
        metrics = QFontMetrics(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        colour = option.palette.highlightedText().color() if selected else option.palette.text().color()
        rect = option.rect.adjusted(6, 2, -8, -2)
        count = index.data(COUNT_ROLE)
        count_text = str(count) if count is not None else ""
        count_width = metrics.horizontalAdvance(count_text) + 6 if count_text else 0
        line = rect.adjusted(0, 0, 0, -(rect.height() - metrics.height() - 2))
        progress = index.data(PROGRESS_ROLE)
        if progress is None:
            line = rect
        painter.setPen(colour)
        name_rect = line.adjusted(0, 0, -count_width, 0)
        # office names share their start ("Settore …"): cut in the middle so the end stays readable
        view = index.data(VIEW_ROLE)
        office = isinstance(view, View) and view.kind == ViewKind.OFFICE
        mode = Qt.TextElideMode.ElideMiddle if office else Qt.TextElideMode.ElideRight
        elided = metrics.elidedText(text, mode, name_rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        if count_text:
            painter.setPen(colour if selected else QColor("#4b5563"))
            painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count_text)
        if progress is not None:
            bar_rect = rect.adjusted(0, metrics.height() + 2, 0, 0)
            paint_progress(painter, bar_rect, int(progress), metrics, option)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        base = super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        if index.data(PROGRESS_ROLE) is not None:
            return QSize(base.width(), metrics.height() * 2 + 8)
        return QSize(base.width(), metrics.height() + 10)


def days_text(days: int) -> str:
    """ "30 giorni", "1 giorno"."""
    if days == 1:
        return QCoreApplication.translate("Navigator", "1 giorno")
    return QCoreApplication.translate("Navigator", "%s giorni") % days


def due_soon_label(days: int) -> str:
    """ "In scadenza (30 giorni)": the entry always says how far ahead it looks."""
    return QCoreApplication.translate("Navigator", "In scadenza (%s)") % days_text(days)


class Navigator(QTreeView):
    """A tree of sections; only entries (not section titles) can be selected."""

    view_selected = Signal(object)  # View
    offices_requested = Signal()  # "Aggiungi gli uffici…" chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(10)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(NavigatorDelegate(self))
        self.setAccessibleName(self.tr("Navigatore: programma, stakeholder, viste e uffici"))
        self.setMinimumWidth(180)  # names are elided in the middle, whole in the tooltip
        self._current = View()
        self._suppress = False
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.clicked.connect(self._on_activated)
        self.activated.connect(self._on_activated)

    def current_view(self) -> View:
        return self._current

    def populate(
        self,
        summaries: Sequence[StakeholderSummary],
        offices: Sequence[OfficeRow],
        view_counts: dict[str, int],
        due_soon_days: int,
        period: str = "",
    ) -> None:
        """Rebuild every entry, keeping the current choice selected.

        ``period`` names the programme's section ("Programma" and the period).
        """
        scrolled = self.verticalScrollBar().value()  # a recount must not jump the list back to the top
        self._suppress = True
        try:
            self._model.clear()
            root = self._model.invisibleRootItem()
            overview = self._section(root, self.tr("Panoramica"))
            self._entry(overview, self.tr("Cruscotto"), View(ViewKind.DASHBOARD))
            self._entry(overview, self.tr("Programma e valori"), View(ViewKind.PROGRAMME))
            self._entry(overview, self.tr("Sedute"), View(ViewKind.MEETINGS))
            self._entry(overview, self.tr("Atti"), View(ViewKind.ACTS))
            programme = self._section(root, self.tr("Programma %s") % period if period else self.tr("Programma"))
            total = sum(s.total for s in summaries)
            weighted = sum(s.average_progress * s.total for s in summaries)
            self._entry(
                programme,
                self.tr("Tutto il programma"),
                View(ViewKind.ALL),
                total,
                round(weighted / total) if total else 0,
            )
            for s in summaries:
                self._entry(
                    programme, s.name, View(ViewKind.STAKEHOLDER, s.id, s.name), s.total, round(s.average_progress)
                )
            views = self._section(root, self.tr("Viste"))
            self._entry(views, self.tr("Scadute"), View(ViewKind.OVERDUE), view_counts.get(ViewKind.OVERDUE, 0))
            self._entry(
                views,
                due_soon_label(due_soon_days),
                View(ViewKind.DUE_SOON),
                view_counts.get(ViewKind.DUE_SOON, 0),
            )
            self._entry(
                views,
                self.tr("Senza ufficio responsabile"),
                View(ViewKind.NO_LEAD),
                view_counts.get(ViewKind.NO_LEAD, 0),
            )
            office_section = self._section(root, self.tr("Uffici"))
            if not offices:
                invite = QStandardItem(self.tr("Aggiungi gli uffici…"))
                tip = self.tr("Nessun ufficio ancora: aggiungerli (anche da Modifica › Uffici…, Ctrl+Maiusc+U)")
                invite.setToolTip(tip)
                invite.setAccessibleText(tip)
                invite.setData(True, ADD_OFFICES_ROLE)
                invite.setForeground(QColor("#1d4ed8"))
                invite.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                office_section.appendRow(invite)
            for office in offices:
                name = office.name if office.active else self.tr("%s (non attivo)") % office.name
                self._entry(office_section, name, View(ViewKind.OFFICE, office.id, office.name), office.assigned)
            self.expandAll()
        finally:
            self._suppress = False
        self.select_view(self._current, emit=False)
        self.verticalScrollBar().setValue(scrolled)

    def _section(self, parent: QStandardItem, title: str) -> QStandardItem:
        item = QStandardItem(title.upper())
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setData(True, HEADER_ROLE)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        item.setFont(font)
        item.setForeground(QColor("#6b7280"))
        item.setAccessibleText(title)
        parent.appendRow(item)
        return item

    def _entry(
        self, parent: QStandardItem, name: str, view: View, count: int | None = None, progress: int | None = None
    ) -> QStandardItem:
        item = QStandardItem(name)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setData(view, VIEW_ROLE)
        if count is not None:
            item.setData(count, COUNT_ROLE)
        if progress is not None:
            item.setData(progress, PROGRESS_ROLE)
        spoken = name
        if count is not None:
            spoken += self.tr(", %n azioni", "", count)
        if progress is not None:
            spoken += self.tr(", avanzamento medio %1%").replace("%1", str(progress))
        item.setAccessibleText(spoken)
        item.setToolTip(spoken)
        parent.appendRow(item)
        return item

    def _find(self, view: View) -> QModelIndex | None:
        root = self._model.invisibleRootItem()
        fallback = None
        for s in range(root.rowCount()):
            section = root.child(s)
            for r in range(section.rowCount()):
                item = section.child(r)
                found = item.data(VIEW_ROLE)
                if isinstance(found, View) and found.kind == view.kind and found.ref_id == view.ref_id:
                    return item.index()
                if isinstance(found, View) and found.kind == ViewKind.ALL:
                    fallback = item.index()
        return fallback

    def select_view(self, view: View, emit: bool = True) -> View:
        """Select the entry for ``view`` (or "Tutto il programma" if it is gone); returns the chosen view."""
        index = self._find(view)
        if index is None:
            return self._current
        chosen = index.data(VIEW_ROLE)
        self._suppress = not emit
        try:
            self.setCurrentIndex(index)
        finally:
            self._suppress = False
        self._current = chosen
        return chosen

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.data(ADD_OFFICES_ROLE):
            self.select_view(self._current, emit=False)  # the entry is not a view: keep the one shown
            self.offices_requested.emit()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        view = current.data(VIEW_ROLE) if current.isValid() else None
        if not isinstance(view, View):
            return
        changed = view != self._current
        self._current = view
        if not self._suppress and changed:
            self.view_selected.emit(view)
