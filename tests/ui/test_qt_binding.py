"""The Qt binding itself: PySide6 6.12 wheels return None without a reference on Python 3.11,
which aborts the interpreter after a few thousand calls (pyproject pins PySide6 below 6.12).
This test fails on any binding with that defect."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("Città")
        label.setEnabled(True)
    assert abs(sys.getrefcount(None) - before) < 100
