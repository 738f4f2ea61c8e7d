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
    # sessions, snapshots, what changed
    "meeting_session": "Seduta: {meeting}",
    "snapshot_taken": "Stato fotografato il {when}: la relazione può essere ristampata identica.",
    "snapshot_footer": "Stato fotografato il {when} per la seduta n. {meeting}",
    "changes_heading": "Cosa è cambiato dalla seduta del {date}",
    "changes_heading_first": "Cosa è cambiato dalla seduta precedente",
    "changes_no_snapshot": (
        "Nessuna seduta precedente ha uno stato fotografato: il confronto comincerà con la prossima relazione."
    ),
    "changes_from_to": "Dallo stato fotografato per «{since}» a {until}.",
    "changes_until_meeting": "quello per «{meeting}»",
    "changes_until_now": "oggi ({date})",
    "changes_total": "Variazioni: {changes} su {actions} azioni.",
    "changes_none": "Nessuna variazione.",
    "changes_by_kind": "Variazioni per tipo",
    "changes_group": "{name} — {count}",
    "col_kind": "Variazione",
    "col_count": "Numero",
    "col_before": "Prima",
    "col_after": "Dopo",
    "err_same_meeting": "La seduta di confronto deve essere diversa da quella della relazione.",
    "done_brief_meeting": (
        "Relazione per la seduta n. {meeting} scritta — azioni: {actions}, stakeholder: {stakeholders}, "
        "pagine: {pages}. SHA-256: {sha} ({state})."
    ),
    "sha_recorded": "registrato con la seduta",
    "sha_same": "identico a quello della relazione emessa il {when}",
    "sha_different": (
        "DIVERSO da quello della relazione emessa il {when} ({stored}…): opzioni diverse (filtri, note, "
        "versione pubblica) o dati del registro cambiati"
    ),
    # DUP missions, deadline history, acts
    "missions_heading": "Azioni per Missione del DUP",
    "col_mission": "Missione",
    "no_mission": "Senza Missione",
    "sheet_missions": "Missioni",
    "sheet_changes": "Variazioni",
    "col_original_due": "Scadenza originaria",
    "col_rescheduled": "Rimodulata",
    "rescheduled_one": "rimodulata 1 volta",
    "rescheduled_many": "rimodulata {count} volte",
    "original_due_short": "orig. {date}",
    "col_supporting": "supporto: {names}",
    "acts_line": "Atti: {acts}",
    "act_with_subject": "{label} — {subject}",
    "label_original_due": "Scadenza originaria",
    "label_rescheduled": "Rimodulazioni",
    "label_mission": "Missione (DUP)",
    "action_due_history": "Rimodulazioni della scadenza",
    "action_acts": "Atti collegati",
    "no_acts": "Nessun atto collegato.",
    "col_from": "Da",
    "col_to": "A",
    "col_reason": "Motivo",
    "col_act_type": "Tipo",
    "col_act_number": "Numero",
    "col_subject": "Oggetto",
    "col_actions": "Azioni",
    "no_reason": "—",
    "overdue_formula_note": "Scaduta: calcolata dalla data di oggi all'apertura del file.",
    # the periodic check and end-of-mandate report
    "mandate_title": "Stato di attuazione del programma",
    "mandate_title_period": "Stato di attuazione del programma {period}",
    "mandate_subtitle": (
        "Verifica periodica del Consiglio comunale (art. 42, c. 3, D.Lgs. 267/2000) e parte sul programma "
        "della relazione di fine mandato (art. 4, D.Lgs. 149/2011)"
    ),
    "mandate_overview": "Sintesi",
    "mandate_by_stakeholder": "Attuazione per stakeholder",
    "mandate_by_mission": "Attuazione per Missione del DUP",
    "mandate_quarters": "Andamento per trimestre",
    "mandate_quarters_note": (
        "Ricostruito dal registro delle modifiche (stato e avanzamento di ogni azione alla fine di ciascun "
        "trimestre); nelle sedute, i valori dello stato fotografato per la seduta."
    ),
    "mandate_dropped": "Azioni non più previste e motivi",
    "mandate_no_dropped": "Nessuna azione è stata dichiarata non più prevista.",
    "mandate_no_reason": "Nessuna motivazione registrata.",
    "mandate_acts": "Atti adottati",
    "mandate_no_acts": "Nessun atto nel registro.",
    "mandate_no_history": "Nessuna modifica registrata: l'andamento non può essere ricostruito.",
    "col_done_on_time": "Completate nei tempi",
    "col_done_late": "Completate in ritardo",
    "col_quarter": "Trimestre",
    "col_quarter_end": "Al",
    "col_done": "Completate",
    "col_in_progress": "In corso",
    "col_not_started": "Da avviare",
    "col_suspended": "Sospese",
    "col_dropped": "Non più previste",
    "col_rescheduled_count": "Rimodulate",
    "col_meetings": "Sedute (stato fotografato)",
    "col_reason_note": "Motivo (ultima nota)",
    "quarter": "{quarter}º trim. {year}",
    "meeting_figures": "{meeting}: completate {done}, avanzamento medio {progress}",
    "mandate_line": (
        "Azioni: {total} · completate: {done} (nei tempi {on_time}, in ritardo {late}) · in corso: {running} "
        "· non più previste: {dropped} · avanzamento medio: {progress}"
    ),
    "done_mandate": "Stato di attuazione scritto — azioni: {actions}, atti: {acts}, pagine: {pages}.",
    # the calendar
    "ics_name": "Valenza Desk — {programme}",
    "ics_action": "Scadenza {code}: {text}",
    "ics_milestone": "Traguardo {code}: {title}",
    "ics_meeting": "Seduta: {meeting}",
    "ics_details": "Stakeholder: {stakeholder}\nStato: {status} ({progress}%)\nUfficio responsabile: {office}",
    "ics_rescheduled": "Scadenza {rescheduled} (originaria {date})",
    "done_ics": "Calendario scritto — scadenze: {actions}, traguardi: {milestones}, sedute: {meetings}.",
}


# Audited fields as a reader knows them, in Italian; an unknown field is shown as stored.
FIELD_LABELS: Final[dict[str, str]] = {
    "status": "Stato",
    "progress": "Avanzamento",
    "due_date": "Scadenza",
    "completed_on": "Completata il",
    "referent": "Referente",
    "notes": "Note interne",
    "lead_office": "Ufficio responsabile",
    "support_offices": "Uffici di supporto",
    "values": "Valori",
    "milestone": "Traguardo",
    "milestones": "Traguardi",
    "note": "Nota di avanzamento",
    "act_reference": "Atto",
    "act": "Atto",
    "text": "Testo",
    "source_text": "Testo del programma",
    "number": "Numero nel programma",
    "mission": "Missione (DUP)",
    "dup_programme": "Programma (DUP)",
    "due_reason": "Motivo della rimodulazione",
}


def t(key: str, **values: object) -> str:
    """The Italian text for ``key``, with its ``{fields}`` filled from ``values``."""
    text = _IT[key]
    return text.format(**values) if values else text


def rescheduled(count: int) -> str:
    """ "rimodulata 1 volta", "rimodulata 3 volte"; "" when the due date never moved."""
    if count <= 0:
        return ""
    return t("rescheduled_one") if count == 1 else t("rescheduled_many", count=count)


def within(days: int) -> str:
    """ "nei prossimi 30 giorni", "entro domani", "di oggi": the due-soon window in words."""
    if days <= 0:
        return t("within_today")
    if days == 1:
        return t("within_one_day")
    return t("within_days", days=days)
