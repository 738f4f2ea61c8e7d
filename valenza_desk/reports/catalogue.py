"""Every user-visible string of the reports, in one place, so another language can be added.

``t(key, **values)`` returns the Italian text with its ``str.format`` fields filled in.
"""

from __future__ import annotations

from typing import Final

LANGUAGE: Final = "it-IT"

_IT: Final[dict[str, str]] = {
    # document and cover
    "municipality": "Comune di Valenza",
    # titles come from the programme in view: its own title and period, never written here
    "brief_title": "Stato di attuazione del programma",
    "brief_title_period": "Stato di attuazione del programma {period}",
    "brief_subject": "Stato di attuazione del programma di governo «{programme}» del {municipality}",
    "no_programme": "nessun programma importato",
    "office_title": "Agenda dell'ufficio",
    "action_title": "Scheda dell'azione {code}",
    "report_subject": "{title} — programma «{programme}», {municipality}",
    "programme_label": "Programma: {programme}",
    "header_subtitle": "{programme} · {situation}",
    "author": "Comune di Valenza — Valenza Desk",
    "keywords": "programma di governo, attuazione, Comune di Valenza",
    "programme_coalition": "coalizione {coalition}",
    "programme_mayor": "sindaco {mayor}",
    "meeting": "Riunione: {meeting}",
    "situation_at": "Situazione al {date}",
    "generated_at": "Generato il {when}",
    "page_of": "Pagina {page} di {total}",
    "public_profile": "Versione pubblica: senza nomi di persone e senza note interne.",
    "filters_heading": "Criteri di selezione",
    "filter_stakeholders": "Stakeholder: {names}",
    "filter_all_stakeholders": "Stakeholder: tutti",
    "filter_office_lead": "Ufficio (responsabile): {name}",
    "filter_office_any": "Ufficio (qualsiasi ruolo): {name}",
    "filter_all_offices": "Uffici: tutti",
    "filter_statuses": "Stati: {names}",
    "filter_all_statuses": "Stati: tutti",
    "filter_overdue": "Solo azioni scadute",
    "filter_due_within": "In scadenza {within}",
    "filter_without_lead": "Solo azioni senza ufficio responsabile",
    "filter_search": "Testo cercato: «{text}»",
    "filter_actions": "Solo le azioni scelte: {count}",
    "notes_included": "Con l'ultima nota di avanzamento di ogni azione.",
    # summary
    "summary": "Sintesi",
    "total_actions": "Azioni",
    "average_progress": "Avanzamento medio",
    "overdue": "Scadute",
    "overdue_one": "Scaduta",
    "chart_title": "Stato delle azioni per stakeholder",
    "overdue_actions": "Azioni scadute",
    "no_overdue": "Nessuna azione scaduta.",
    "upcoming": "Scadenze {within}",
    "no_upcoming": "Nessuna scadenza {within}.",
    "within_days": "nei prossimi {days} giorni",
    "within_one_day": "entro domani",
    "within_today": "di oggi",
    "days_late": "Giorni di ritardo",
    "milestone_prefix": "Traguardo: {title}",
    "no_actions": "Nessuna azione corrisponde ai criteri scelti.",
    "stakeholder_line": "Azioni: {total} · completate: {done} · avanzamento medio: {progress} · scadute: {overdue}",
    "latest_note": "Ultima nota ({date}): {text}",
    "latest_note_by": "Ultima nota ({date}, {author}): {text}",
    "actions_by_stakeholder": "Azioni per stakeholder",
    # table headings
    "col_number": "N°",
    "col_code": "Codice",
    "col_action": "Azione",
    "col_lead_office": "Ufficio responsabile",
    "col_other_offices": "Altri uffici",
    "col_offices": "Uffici",
    "col_due": "Scadenza",
    "col_status": "Stato",
    "col_progress": "Avanzamento",
    "col_progress_short": "Avanz.",
    "col_stakeholder": "Stakeholder",
    "col_referent": "Referente",
    "col_completed": "Completata il",
    "col_overdue": "Scaduta",
    "col_updated": "Ultimo aggiornamento",
    "col_milestone": "Traguardo",
    "col_milestone_done": "Raggiunto il",
    "col_role": "Ruolo",
    "col_date": "Data",
    "col_what": "Descrizione",
    "col_act": "Atto",
    "col_author": "Autore",
    "col_reached": "Raggiunto il",
    "col_office": "Ufficio",
    "col_head": "Responsabile",
    "col_email": "E-mail",
    "col_phone": "Telefono",
    "col_active": "Attivo",
    "col_lead_count": "Azioni come responsabile",
    "col_support_count": "Azioni di supporto",
    "col_total": "Totale",
    "col_field": "Campo",
    "col_old": "Valore precedente",
    "col_new": "Nuovo valore",
    "col_operation": "Operazione",
    "audit_kind_create": "aggiunta",
    "audit_kind_delete": "eliminazione",
    "audit_kind_import": "da importazione",
    "audit_field_kind": "{field} ({kind})",
    "audit_by": "di {actor}",
    "audit_empty_value": "—",
    "yes": "Sì",
    "no": "No",
    "none": "—",
    "total_row": "Totale",
    # office agenda
    "office_head": "Responsabile: {head}",
    "office_contacts": "Contatti: {contacts}",
    "office_lead_actions": "Azioni di cui l'ufficio è responsabile",
    "office_support_actions": "Azioni in cui l'ufficio collabora",
    "office_deadlines": "Scadenze dell'ufficio",
    "office_milestones": "Traguardi da raggiungere",
    "no_lead_actions": "L'ufficio non è responsabile di alcuna azione.",
    "no_support_actions": "L'ufficio non collabora ad altre azioni.",
    "no_milestones": "Nessun traguardo aperto.",
    "no_deadlines": "Nessuna scadenza aperta.",
    "office_line": "Azioni come responsabile: {lead} · di supporto: {support} · scadute: {overdue}",
    # action sheet
    "action_data": "Dati dell'azione",
    "action_history": "Cronologia dell'avanzamento",
    "action_milestones": "Traguardi",
    "action_audit": "Registro delle modifiche",
    "action_notes": "Note interne",
    "no_action_milestones": "Nessun traguardo previsto.",
    "no_history": "Nessun aggiornamento registrato.",
    "no_audit": "Nessuna modifica registrata.",
    "label_stakeholder": "Stakeholder",
    "label_number": "Numero nel programma",
    "label_status": "Stato",
    "label_progress": "Avanzamento",
    "label_due": "Scadenza",
    "label_completed": "Completata il",
    "label_lead_office": "Ufficio responsabile",
    "label_support_offices": "Uffici di supporto",
    "label_referent": "Referente politico",
    "label_values": "Valori",
    "label_updated": "Ultima modifica",
    "milestone_open": "Da raggiungere",
    "milestone_late": "Da raggiungere (scaduto)",
    # spreadsheets
    "sheet_summary": "Sintesi",
    "sheet_actions": "Azioni",
    "sheet_milestones": "Traguardi",
    "sheet_offices": "Uffici",
    "status_prompt": "Scegliere uno degli stati dall'elenco.",
    "status_prompt_title": "Stato",
    "status_error": "Stato non valido: usare uno dei valori dell'elenco.",
    "status_error_title": "Stato non valido",
    # errors
    "err_font_missing": (
        "Il carattere «{name}» necessario per i PDF non si trova in {folder}: "
        "reinstallare Valenza Desk. Nessun file è stato scritto."
    ),
    "err_font_corrupt": (
        "Il carattere «{name}» in {folder} è danneggiato e non può essere usato: "
        "reinstallare Valenza Desk. Nessun file è stato scritto."
    ),
    "err_folder_missing": "La cartella {folder} non esiste: sceglierne un'altra.",
    "err_folder_not_writable": "Non è possibile scrivere nella cartella {folder}: sceglierne un'altra.",
    "err_target_is_folder": "{path} è una cartella: indicare il nome di un file.",
    "err_target_locked": (
        "Il file {path} è aperto in un altro programma (ad esempio Excel o un lettore PDF) "
        "oppure è protetto: chiuderlo, o scegliere un altro nome, e riprovare."
    ),
    "err_write_failed": "Impossibile scrivere il file {path}: {reason}.",
    "err_office_required": "Per l'agenda di un ufficio occorre scegliere l'ufficio.",
    "err_action_required": "Per la scheda di un'azione occorre indicarne il codice (es. CUL-04).",
    "err_wrong_extension": "Il file {path} non ha l'estensione attesa «{ext}».",
    "err_target_read_only": (
        "Il file {path} esiste ed è in sola lettura: non viene sovrascritto. "
        "Scegliere un altro nome oppure togliere la protezione dal file e riprovare."
    ),
    # CLI summaries
    "done_brief": "Relazione per la seduta scritta — azioni: {actions}, stakeholder: {stakeholders}, pagine: {pages}.",
    "done_office": "Agenda di «{office}» scritta — azioni: {actions}, pagine: {pages}.",
    "done_action": "Scheda di {code} scritta — aggiornamenti: {updates}, pagine: {pages}.",
    "progress_reading": "Lettura dei dati",
    "progress_layout": "Impaginazione",
    "progress_done": "Fatto",
    "progress_rows": "{done} righe su {total}",
    "progress_sheet_rows": "{sheet}: {done} righe su {total}",
    "done_export": "Esportazione {fmt} scritta — azioni: {actions}, traguardi: {milestones}, uffici: {offices}.",
    "done_csv": "Esportazione CSV scritta — azioni: {actions}.",
    "written": "File scritto: {path}",
}


def t(key: str, **values: object) -> str:
    """The Italian text for ``key``, with its ``{fields}`` filled from ``values``."""
    text = _IT[key]
    return text.format(**values) if values else text


def within(days: int) -> str:
    """ "nei prossimi 30 giorni", "entro domani", "di oggi": the due-soon window in words."""
    if days <= 0:
        return t("within_today")
    if days == 1:
        return t("within_one_day")
    return t("within_days", days=days)
