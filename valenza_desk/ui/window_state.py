"""The main window's remembered state: size and position, splitters, table columns, last view.

Restored when the window is built, saved when it closes (``AppSettings``, QSettings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from valenza_desk.ui.settings import AppSettings

if TYPE_CHECKING:
    from valenza_desk.ui.main_window import MainWindow

NAVIGATOR_WIDTH = 240  # on a wide screen; from 1366 pixels down, 15% of the window


def restore_window_state(window: MainWindow, settings: AppSettings) -> bool:
    """Size, place, splitters and columns as last time; False when the splitters still need
    their first-start sizes (``default_splits``, once the window's size is known)."""
    geometry = settings.geometry
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(first_start_size(window))
    restored = True
    for name, splitter in (("main", window.main_split), ("table", window.table_split)):
        state = settings.splitter_state(name)
        if state is None or not splitter.restoreState(state):
            restored = False
    header = settings.header_state("actions")
    if header is not None:
        window.page.table.horizontalHeader().restoreState(header)
    return restored


def default_splits(window: MainWindow) -> None:
    """First start: the navigator ~15% (at most 240 px), the detail panel ~30% and at least its
    minimum; the action table gets the rest."""
    width = window.width()
    navigator = max(window.navigator.minimumWidth(), min(NAVIGATOR_WIDTH, int(width * 0.15)))
    rest = width - navigator
    detail = max(window.side.minimumSizeHint().width(), int(rest * 0.3))
    window.main_split.setSizes([navigator, rest])
    window.table_split.setSizes([rest - detail, detail])


FRAME_ALLOWANCE = QSize(16, 40)  # borders and title bar the window manager adds around the window


def first_start_size(window: QWidget) -> QSize:
    """Most of the screen on first start (office PCs are 1920x1080), at least 1400x850 where it fits.

    On a small screen (1366x768) the window takes the screen's free area less its frame,
    so its title bar and edges stay on screen and nothing is cut.
    """
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    if screen is None or screen.width() <= 0:
        return QSize(1400, 850)
    return QSize(
        min(max(1400, int(screen.width() * 0.9)), screen.width() - FRAME_ALLOWANCE.width()),
        min(max(850, int(screen.height() * 0.9)), screen.height() - FRAME_ALLOWANCE.height()),
    )


def save_window_state(window: MainWindow, settings: AppSettings) -> None:
    settings.geometry = window.saveGeometry()
    settings.set_splitter_state("main", window.main_split.saveState())
    settings.set_splitter_state("table", window.table_split.saveState())
    settings.set_header_state("actions", window.page.table.horizontalHeader().saveState())
    settings.last_view = window.navigator.current_view().key()
    settings.sync()
