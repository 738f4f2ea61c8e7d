"""What the window says about its connection: a lost server, a file on a network share, the
start-up backup.

- A save failing because the server connection dropped (``ConnectionLostError``) asks
  "Connessione al server persa…" with Riprova / Annulla; the form keeps what was typed.
- A SQLite file on a network share opens read-only (``store.network``): the window warns
  and offers "Apri comunque" (reopen insisting) or "Apri in sola lettura".
- At start the Desk's daily backup of a local, writable SQLite file runs off the UI thread;
  a failure is logged and noted in the status bar, never in the way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from valenza_desk.errors import ConnectionLostError
from valenza_desk.services.desk import Desk
from valenza_desk.ui.ops import alive, run_op

log = logging.getLogger(__name__)

LOST_TITLE = "Connessione al server persa"


def is_connection_lost(exc: BaseException) -> bool:
    return isinstance(exc, ConnectionLostError)


def ask_retry(parent: QWidget | None, exc: BaseException) -> bool:
    """ "Connessione al server persa…": Riprova (default) or Annulla (Esc)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(LOST_TITLE)
    box.setText("Connessione al server persa: la modifica non è stata salvata.")
    box.setInformativeText(
        "Quanto scritto resta nel modulo. Controllare la rete e scegliere «Riprova», "
        "oppure «Annulla» per salvare più tardi.\n\n" + str(getattr(exc, "message", exc))
    )
    retry = box.addButton("Riprova", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Annulla", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is retry


def share_path(desk: Desk) -> Path | None:
    """The file when the Desk is read-only only because it lies on a network share; else None."""
    return desk.db.path if desk.on_network_share else None


def ask_network_share(parent: QWidget | None, reason: str) -> bool:
    """The warning about a file on a network share: True for "Apri comunque"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Database su una cartella di rete")
    box.setText("Il database si trova su una cartella di rete ed è aperto in sola lettura.")
    box.setInformativeText(reason)
    insist = box.addButton("Apri &comunque", QMessageBox.ButtonRole.DestructiveRole)
    read_only = box.addButton("Apri in &sola lettura", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.setEscapeButton(read_only)
    box.exec()
    return box.clickedButton() is insist


def start_daily_backup(desk: Desk, status_bar: QStatusBar, done: Callable[[Path | None], None] | None = None) -> bool:
    """Run the daily backup off the UI thread for a local writable SQLite file; False when not wanted."""
    if desk.db.path is None or desk.db.read_only:
        return False

    def succeeded(path: object) -> None:
        if path is not None:
            log.info("daily backup written: %s", path)
        if done is not None:
            done(path if isinstance(path, Path) else None)

    def failed(exc: BaseException) -> None:
        log.warning("daily backup failed: %s", exc)
        if alive(status_bar):
            status_bar.showMessage("Copia di sicurezza giornaliera non riuscita: dettagli nel registro.", 15_000)
        if done is not None:
            done(None)

    run_op(desk.daily_backup, succeeded, failed)  # the database thread: after the window's first load
    return True
