"""What the window offers to the person signed in: the core refuses, the window does not offer.

The status bar shows who is signed in, with which profile, on which database
("Maria Rossi (mrossi) — ufficio · server:5432/valenza"). A ``consultazione`` profile (or a
database in read-only mode) gets a read-only detail panel and no Save, bulk edit, import,
offices or new database; an ``ufficio`` profile gets no Offices dialog and no import, and
edits only actions one of their offices leads or supports, and there only the fields an
office editor may change (``OFFICE_EDITOR_FIELDS``); other actions show "Solo lettura:
l'azione non è di un suo ufficio". Only an administrator sees Strumenti › Utenti enabled.
Each disabled entry says why in its tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from valenza_desk.domain.actor import OFFICE_EDITOR_FIELDS, Actor, Permission, Role
from valenza_desk.domain.rows import ActionDetail
from valenza_desk.services.desk import Desk

if TYPE_CHECKING:
    from valenza_desk.ui.detail_panel import DetailPanel
    from valenza_desk.ui.main_window import MainWindow

NOT_OWN_ACTION = "Solo lettura: l'azione non è di un suo ufficio."
# the bulk form's fields an office editor may not change (lead, support, due date, referent, values)
BULK_NOT_FOR_OFFICES = (
    "lead_office",
    "support_office",
    "due_date",
    "clear_due",
    "referent",
    "clear_referent",
    "add_values",
    "remove_values",
)
STATUS_WIDTH = 380  # px of the status bar for "<Nome> (<login>) — <profilo> · <database>"


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Give a dialog ``width`` x ``height``, or nine tenths of the screen when that is smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() * 9 // 10), min(height, room.height() * 9 // 10)
    widget.resize(width, height)


def where(desk: Desk) -> str:
    """The database in a few words: the file, or server:port/database."""
    db = desk.db
    if db.path is not None:
        return str(db.path)
    url = db.engine.url
    host = url.host or str(url.query.get("host") or "localhost")  # a Unix socket folder goes in the query
    port = url.port or url.query.get("port")
    return f"{host}{f':{port}' if port else ''}/{url.database or ''}"


def actor_line(desk: Desk) -> str:
    """ "<Nome> (<login>) — <profilo> · <database>" for the status bar."""
    actor = desk.actor
    who = f"{actor.full_name} ({actor.name})" if actor.full_name else actor.name
    return f"{who} — {actor.role.label} · {where(desk)}"


def read_only_reason(desk: Desk) -> str:
    """Why nothing can be changed here ("" when the person may edit some actions)."""
    if desk.db.read_only:
        return "Il database è aperto in sola lettura."
    if not desk.actor.can(Permission.EDIT_ACTIONS):
        return f"Il profilo {desk.actor.role.label} permette di consultare e stampare, non di modificare."
    return ""


def denied(actor: Actor, permission: Permission) -> str:
    """Why ``actor`` may not do ``permission`` ("" when they may)."""
    if actor.can(permission):
        return ""
    what = {
        Permission.EDIT_ACTIONS: "modificare le azioni",
        Permission.MANAGE_OFFICES: "gestire gli uffici",
        Permission.IMPORT_PROGRAMME: "importare un programma",
        Permission.CREATE_DATABASE: "creare un database",
        Permission.MANAGE_USERS: "gestire gli utenti (solo amministrazione)",
        Permission.MANAGE_MEETINGS: "registrare sedute o congelarne le istantanee",
    }.get(permission, "farlo")
    return f"Il profilo {actor.role.label} non permette di {what}."


def write_denied(desk: Desk, permission: Permission) -> str:
    """Why the person may not do ``permission`` on this database ("" when they may)."""
    if desk.db.read_only:
        return "Il database è aperto in sola lettura."
    return denied(desk.actor, permission)


def editable_fields(desk: Desk, detail: ActionDetail) -> tuple[frozenset[str] | None, str]:
    """(fields the person may change of ``detail`` — None: all —, the line saying why not all)."""
    reason = read_only_reason(desk)
    if reason:
        return frozenset(), "Solo lettura: " + reason[0].lower() + reason[1:]
    actor = desk.actor
    if actor.role is not Role.UFFICIO:
        return None, ""
    offices = {detail.lead_office_id, *detail.support_office_ids} - {None}
    if not actor.can_edit_action(offices):  # type: ignore[arg-type]
        return frozenset(), NOT_OWN_ACTION
    return OFFICE_EDITOR_FIELDS, "Con il profilo ufficio si aggiornano stato, avanzamento, note, traguardi e atti."


def field_widgets(panel: DetailPanel) -> dict[str, QWidget]:
    """The detail form's widget for each field name the core checks."""
    form = panel.form
    later = {  # fields of the meeting cycle's form (issue 11), when the form has them
        name: getattr(form, attribute)
        for name, attribute in (
            ("mission", "mission"),
            ("dup_programme", "dup_programme"),
            ("due_reason", "due_reason"),
        )
        if hasattr(form, attribute)
    }
    return later | {
        "status": form.status,
        "progress": form.progress,
        "completed_on": form.completed_on,
        "due_date": form.due_date,
        "lead_office": form.lead_office,
        "support_offices": form.support_offices,
        "referent": form.referent,
        "values": form.values_box,
        "notes": form.notes,
        "milestone": form.milestones,
        "note": form.note,
        "act_reference": form.act_reference,
    }


def gate_panel(panel: DetailPanel, desk: Desk, detail: ActionDetail) -> None:
    """Make the fields the person may not change read-only, with the line saying why."""
    fields, note = editable_fields(desk, detail)
    if fields is not None:
        for name, widget in field_widgets(panel).items():
            if name not in fields:
                widget.setEnabled(False)
                widget.setToolTip(note)
    panel.show_read_only_note(note, not fields)
    if fields is not None and not fields:
        panel.save_button.setToolTip(note)
    else:
        panel.save_button.setToolTip(panel.tr("Salva le modifiche (Ctrl+S)"))


class RoleGate(QObject):
    """Keeps the window's entries and the detail panel in step with the person's profile."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._tooltips: dict[int, str] = {}
        self._gated_bulk = False
        window.panel.loaded.connect(self._panel_loaded)
        self._office_editor = False

    def _panel_loaded(self, detail: ActionDetail) -> None:
        gate_panel(self.window.panel, self.window.desk, detail)

    def apply(self) -> None:
        """The status bar line and the menu entries for the Desk now in the window."""
        window = self.window
        desk = window.desk
        actor = desk.actor
        line = actor_line(desk)
        # a long path is cut in the middle (the whole line in the tooltip): the table keeps its room
        metrics = window.db_label.fontMetrics()
        place = where(desk)
        person = line[: len(line) - len(place)]
        room = max(120, STATUS_WIDTH - metrics.horizontalAdvance(person))
        window.db_label.setText(person + metrics.elidedText(place, Qt.TextElideMode.ElideMiddle, room))
        window.db_label.setToolTip(line)
        window.db_label.setAccessibleName(window.tr("Utente e database: %s") % line)
        read_only = read_only_reason(desk)
        writes = {
            "import_action": read_only or denied(actor, Permission.IMPORT_PROGRAMME),
            "offices_action": read_only or denied(actor, Permission.MANAGE_OFFICES),
            "bulk_action": read_only,
            "undo_action": read_only,
            "users_action": denied(actor, Permission.MANAGE_USERS) or read_only,
        }
        for name, reason in writes.items():
            action = getattr(window, name, None)
            if action is None:
                continue
            key = id(action)
            if key not in self._tooltips:
                self._tooltips[key] = action.toolTip()
            action.setEnabled(not reason and (name != "undo_action" or self._undo_possible()))
            action.setToolTip(reason or self._tooltips[key])
        for dialog in window.findChildren(QDialog):  # the audit window and the Users dialog follow the window
            if getattr(dialog, "follows_desk", False) and getattr(dialog, "desk", desk) is not desk:
                dialog.desk = desk  # type: ignore[attr-defined]
                dialog.refresh()  # type: ignore[attr-defined]
        window.bulk_page.setEnabled(not read_only)
        window.bulk_page.setToolTip(read_only)
        self._gate_bulk_fields(actor)

    def _gate_bulk_fields(self, actor: Actor) -> None:
        """An office editor's bulk form: only status, progress note and act (what they may change)."""
        office_editor = self._office_editor = actor.role is Role.UFFICIO
        note = "Con il profilo ufficio non si cambia in blocco questo campo: chiedere alla segreteria."
        for name in BULK_NOT_FOR_OFFICES:
            widget = getattr(self.window.bulk_page, name, None)
            if widget is None:
                continue
            if office_editor:
                widget.setEnabled(False)
                widget.setToolTip(note)
                if not self._gated_bulk:
                    widget.installEventFilter(self)  # the form enables its fields as it goes: kept off
            elif self._gated_bulk:
                widget.setEnabled(True)
                widget.setToolTip("")
        self._gated_bulk = self._gated_bulk or office_editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.EnabledChange
            and self._office_editor
            and isinstance(watched, QWidget)
            and watched.isEnabled()
        ):
            watched.setEnabled(False)
        return False

    def _undo_possible(self) -> bool:
        return callable(getattr(self.window.panel, "undo_last", None))

    def may(self, permission: Permission) -> str:
        """ "" when the person may; else why not (for entries reached another way, e.g. the navigator)."""
        return read_only_reason(self.window.desk) or denied(self.window.desk.actor, permission)
