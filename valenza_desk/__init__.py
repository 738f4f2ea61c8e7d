"""Valenza Desk: follow the Comune di Valenza's 2020-2025 programme of government."""

__version__ = "0.1.0"
