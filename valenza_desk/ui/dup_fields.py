"""The detail panel's fields of the meeting cycle: the DUP Missione and Programma pickers
(D.Lgs. 118/2011, from ``domain.missions``) and the line that tells a due date's history
("Scadenza originaria … · rimodulata N volte", every move in the tooltip)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from valenza_desk.domain.missions import missions
from valenza_desk.domain.rows import ActionDetail
from valenza_desk.text import format_date, format_datetime
from valenza_desk.ui.widgets import ElidingComboBox


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActionForm", text)


def dup_combo(parent: QWidget, accessible_name: str) -> ElidingComboBox:
    """An empty picker for a Missione or a Programma: long names elided, whole in the tooltip."""
    combo = ElidingComboBox(parent)
    combo.setAccessibleName(accessible_name)
    combo.setSizeAdjustPolicy(ElidingComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def mission_combo(parent: QWidget) -> ElidingComboBox:
    """Every Missione of the classification, "—" first (no Missione)."""
    combo = dup_combo(parent, _tr("Missione del DUP"))
    combo.addItem("—", "")
    for found in missions():
        combo.addItem(found.label, found.code)
        combo.setItemData(combo.count() - 1, found.label, Qt.ItemDataRole.ToolTipRole)
    return combo


def fill_dup_programmes(combo: ElidingComboBox, mission_code: str, chosen: str) -> None:
    """The Programmi of the Missione ``mission_code`` ("—" for none), ``chosen`` selected."""
    combo.clear()
    combo.addItem("—", "")
    found = next((m for m in missions() if m.code == mission_code), None)
    for code, name in found.programmes if found else ():
        combo.addItem(f"{code} {name}", code)
        combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))


def due_history_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #92400e;")
    label.setAccessibleName(_tr("Storia della scadenza"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_due_history(label: QLabel, detail: ActionDetail) -> None:
    """ "Scadenza originaria 31/03/2026 · rimodulata 2 volte", with each move in the tooltip;
    hidden for an action whose due date never moved."""
    moves = len(detail.due_date_changes)
    if not moves:
        label.hide()
        label.setText("")
        return
    text = _tr("Scadenza originaria %s · rimodulata %s") % (
        format_date(detail.original_due_date, _tr("nessuna")),
        _tr("1 volta") if moves == 1 else _tr("%s volte") % moves,
    )
    lines = [
        _tr("%1: da %2 a %3%4")
        .replace("%1", format_datetime(change.at))
        .replace("%2", format_date(change.old_due, "—"))
        .replace("%3", format_date(change.new_due, "—"))
        .replace("%4", f" — {change.reason}" if change.reason else "")
        for change in detail.due_date_changes
    ]
    label.setText(text)
    label.setToolTip("\n".join(lines))
    label.setAccessibleDescription("; ".join(lines))
    label.show()
