"""Valenza Desk: follow the Comune di Valenza's programmes of government."""

__version__ = "0.1.0"
