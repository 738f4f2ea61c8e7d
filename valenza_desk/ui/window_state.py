"""The main window's remembered state: size and position, splitters, table columns, last view.

Restored when the window is built, saved when it closes (``AppSettings``, QSettings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize

from valenza_desk.ui.settings import AppSettings

if TYPE_CHECKING:
    from valenza_desk.ui.main_window import MainWindow

NAVIGATOR_WIDTH = 240


def restore_window_state(window: MainWindow, settings: AppSettings) -> None:
    geometry = settings.geometry
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(first_start_size(window))
    width = window.width()
    for name, splitter in (("main", window.main_split), ("table", window.table_split)):
        state = settings.splitter_state(name)
        if state is None or not splitter.restoreState(state):
            # the action text gets what the navigator and the detail panel (~30%) leave
            detail = max(400, int((width - NAVIGATOR_WIDTH) * 0.3))
            rest = width - NAVIGATOR_WIDTH
            splitter.setSizes([NAVIGATOR_WIDTH, rest] if name == "main" else [rest - detail, detail])
    header = settings.header_state("actions")
    if header is not None:
        window.page.table.horizontalHeader().restoreState(header)


def first_start_size(window: MainWindow) -> QSize:
    """Most of the screen on first start (office PCs are 1920x1080), at least 1400x850 where it fits."""
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    if screen is None or screen.width() <= 0:
        return QSize(1400, 850)
    return QSize(
        min(max(1400, int(screen.width() * 0.9)), screen.width()),
        min(max(850, int(screen.height() * 0.9)), screen.height()),
    )


def save_window_state(window: MainWindow, settings: AppSettings) -> None:
    settings.geometry = window.saveGeometry()
    settings.set_splitter_state("main", window.main_split.saveState())
    settings.set_splitter_state("table", window.table_split.saveState())
    settings.set_header_state("actions", window.page.table.horizontalHeader().saveState())
    settings.last_view = window.navigator.current_view().key()
    settings.sync()
