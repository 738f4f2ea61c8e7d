"""Every interactive control can be named by a screen reader: an accessible name, a button or
check box text, or a label pointing to it (buddy)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit)


def _inside_composite(widget: QWidget) -> bool:
    """Inner parts (a spin box's line edit, a combo box's popup list) are named by their owner."""
    parent = widget.parent()
    for _ in range(2):
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parent() if parent is not None else None
    return widget.objectName().startswith("qt_")


def unnamed_controls(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or widget.focusPolicy() == widget.focusPolicy().NoFocus:
            continue
        if not widget.isVisibleTo(root) or _inside_composite(widget):
            continue
        named = bool(widget.accessibleName().strip()) or id(widget) in buddies
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            named = True
        if not named:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}")
    return missing


def test_main_window_controls_are_named(window) -> None:  # type: ignore[no-untyped-def]
    assert unnamed_controls(window) == []


def test_offices_dialog_controls_are_named(qtbot, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    from valenza_desk.ui.offices_dialog import OfficesDialog

    dialog = OfficesDialog(desk)
    qtbot.addWidget(dialog)
    wait_ops()
    assert unnamed_controls(dialog) == []


def test_reports_dialog_controls_are_named(qtbot, desk, wait_ops) -> None:  # type: ignore[no-untyped-def]
    from valenza_desk.ui.reports_dialog import ReportsDialog

    dialog = ReportsDialog(desk, None)
    qtbot.addWidget(dialog)
    wait_ops()
    assert unnamed_controls(dialog) == []


def test_bulk_form_filter_chips_and_selection_bar_are_named(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    qtbot.keyClicks(window.page.search, "a")
    window.page.select_row(0)
    qtbot.keyClick(window.page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    window.page.chips.flush()
    assert window.side.currentWidget() is window.bulk_page and window.page.chips.chips
    assert window.page.selection_bar.isVisible()
    assert unnamed_controls(window) == []
    assert all(chip.accessibleName().startswith("Togli il filtro") for chip in window.page.chips.chips)
