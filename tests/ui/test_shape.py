"""The window's shape rules: it reads and writes only through the Desk, and its day is the Desk's."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "valenza_desk" / "ui"
FORBIDDEN = {f"valenza_desk.services.{name}" for name in ("browse", "editing", "offices", "programme", "setup")}


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_ui_reaches_data_only_through_the_desk() -> None:
    offending = {
        path.name: sorted(m for m in imported_modules(path) if m in FORBIDDEN or m.startswith("valenza_desk.store"))
        for path in sorted(UI.glob("*.py"))
    }
    assert {name: found for name, found in offending.items() if found} == {}


def test_ui_never_asks_the_computer_for_today() -> None:
    calls = [
        f"{path.name}:{n}"
        for path in sorted(UI.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "date.today()" in line or "currentDate()" in line or "datetime.now(" in line
    ]
    assert calls == []
