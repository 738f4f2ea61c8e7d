"""Paths of the bundled resources (programme text, fonts, icons), also inside a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path

BUNDLED_PROGRAMME = "programma-elettorale-2020-2025.txt"


def resources_dir() -> Path:
    """``resources/`` beside the package; PyInstaller unpacks it under ``sys._MEIPASS``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def bundled_programme_path() -> Path:
    return resource_path(BUNDLED_PROGRAMME)
