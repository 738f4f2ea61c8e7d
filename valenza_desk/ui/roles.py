"""Item data roles and column constants shared by models, delegates and views (one place)."""

from __future__ import annotations

from PySide6.QtCore import Qt

_USER = int(Qt.ItemDataRole.UserRole)

ROW_ROLE = _USER + 1  # the ActionRow / OfficeRow behind a table row
STATUS_ROLE = _USER + 2  # Status of an action
PROGRESS_ROLE = _USER + 3  # int 0-100
OVERDUE_ROLE = _USER + 4  # bool
SORT_ROLE = _USER + 5  # plain value for baseline sorting
SEARCH_ROLE = _USER + 6  # folded text, for the proxy baseline in the benchmark
VIEW_ROLE = _USER + 10  # navigator: the View of an entry
COUNT_ROLE = _USER + 11  # navigator: number of actions
HEADER_ROLE = _USER + 12  # navigator: True for section titles
ADD_OFFICES_ROLE = _USER + 13  # navigator: the "Aggiungi gli uffici…" entry
