"""The detail panel's questions, answered by clicking the real message boxes: Esc before discarding,
status and progress kept consistent, Undo of the last save; and the acts suggested while typing.
Results are read back from the database through the Desk."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from valenza_desk.domain.rows import ActionEdit
from valenza_desk.domain.status import Status

from .person import answer_boxes, choose, ctrl_s, open_panel, retype, type_date


def test_esc_with_unsaved_changes_asks_before_discarding(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    retype(qtbot, form.referent, "Assessora alla Cultura")
    answers = answer_boxes("Continua a modificare")
    qtbot.keyClick(form.referent, Qt.Key.Key_Escape)
    assert answers.finish(panel)[0].startswith("Scartare le modifiche a CUL-04?")
    assert form.referent.text() == "Assessora alla Cultura" and panel.is_dirty()

    answers = answer_boxes("<Esc>")  # Esc in the question is the safe answer too
    qtbot.keyClick(form.referent, Qt.Key.Key_Escape)
    answers.finish(panel)
    assert form.referent.text() == "Assessora alla Cultura"

    answers = answer_boxes("Scarta le modifiche")
    qtbot.keyClick(form.referent, Qt.Key.Key_Escape)
    answers.finish(panel)
    assert form.referent.text() == "" and not panel.is_dirty()
    assert desk.action_by_code("CUL-04").referent == ""


def test_esc_in_an_open_list_closes_only_the_list(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    retype(qtbot, form.referent, "Sindaco")
    form.status.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(form.status, Qt.Key.Key_F4)
    qtbot.waitUntil(form.status.view().isVisible, timeout=2000)
    answers = answer_boxes()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert answers.finish() == []
    assert not form.status.view().isVisible() and form.referent.text() == "Sindaco" and panel.is_dirty()


def test_esc_without_changes_asks_nothing(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    answers = answer_boxes()
    qtbot.keyClick(panel.form.referent, Qt.Key.Key_Escape)
    qtbot.wait(100)
    assert answers.finish(panel) == []


def test_progress_100_offers_completata_and_yes_sets_it_with_todays_date(qtbot, desk, clock, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-03")
    form = panel.form
    choose(qtbot, form.status, "In corso")
    answers = answer_boxes("Sì")
    retype(qtbot, form.progress, "100")
    qtbot.keyClick(form.progress, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not answers.pending, timeout=3000)
    question = answers.finish(panel)[0]
    assert question.startswith("Segnare come Completata?") and "CUL-03" in question
    assert form.current_status() is Status.DONE and form.completed_on.value() == clock.today()
    type_date(qtbot, form.completed_on, "20/11/2026")  # the real day, typed over the proposal
    ctrl_s(qtbot)
    wait_ops()
    stored = desk.action_by_code("CUL-03")
    assert (stored.status, stored.progress, stored.completed_on) == (Status.DONE, 100, date(2026, 11, 20))


def test_no_keeps_the_status_and_is_not_asked_again(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "CUL-03")
    form = panel.form
    choose(qtbot, form.status, "In corso")
    answers = answer_boxes("No")
    retype(qtbot, form.progress, "100")
    qtbot.keyClick(form.progress, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not answers.pending, timeout=3000)
    answers.finish(panel)
    assert form.current_status() is Status.IN_PROGRESS
    answers = answer_boxes()
    ctrl_s(qtbot)
    wait_ops()
    assert answers.finish(panel) == []  # the answer stands for the save
    stored = desk.action_by_code("CUL-03")
    assert (stored.status, stored.progress) == (Status.IN_PROGRESS, 100)


def test_saving_with_100_typed_asks_before_saving(qtbot, desk, clock, wait_ops):
    """Ctrl+S straight from the progress field: the question comes before anything is stored."""
    panel = open_panel(qtbot, desk, wait_ops, "CUL-02")
    form = panel.form
    choose(qtbot, form.status, "In corso")
    retype(qtbot, form.progress, "100")
    answers = answer_boxes("Sì")
    ctrl_s(qtbot)
    wait_ops()
    assert answers.finish(panel)[0].startswith("Segnare come Completata?")
    stored = desk.action_by_code("CUL-02")
    assert (stored.status, stored.progress, stored.completed_on) == (Status.DONE, 100, clock.today())


def test_progress_on_da_avviare_offers_in_corso(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "AMB-02")
    form = panel.form
    assert form.current_status() is Status.NOT_STARTED
    answers = answer_boxes("Sì")
    retype(qtbot, form.progress, "15")
    qtbot.keyClick(form.progress, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not answers.pending, timeout=3000)
    assert answers.finish(panel)[0].startswith("Passare a «In corso»?")
    assert form.current_status() is Status.IN_PROGRESS
    ctrl_s(qtbot)
    wait_ops()
    stored = desk.action_by_code("AMB-02")
    assert (stored.status, stored.progress) == (Status.IN_PROGRESS, 15)


def test_acts_used_before_are_suggested_while_typing(qtbot, desk, wait_ops):
    for code, act in (("CUL-01", "Delibera G.C. n. 45 del 12/03/2026"), ("CUL-02", "Determina n. 214")):
        edit = ActionEdit.from_detail(desk.action_by_code(code))
        edit.note, edit.act_reference = "Avvio", act
        desk.save_action(edit)
    panel = open_panel(qtbot, desk, wait_ops, "CUL-04")
    form = panel.form
    form.act_reference.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(form.act_reference, "g.c.")  # anywhere in the text, any case
    popup = form.act_completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Delibera G.C. n. 45 del 12/03/2026"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert form.act_reference.text() == "Delibera G.C. n. 45 del 12/03/2026"
    # Esc in the suggestions closes them, and asks nothing about the panel's changes
    retype(qtbot, form.act_reference, "det")
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    answers = answer_boxes()
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert answers.finish(panel) == [] and not popup.isVisible() and form.act_reference.text() == "det"
    # an act saved now is suggested next time
    retype(qtbot, form.act_reference, "Decreto sindacale n. 3")
    qtbot.keyClicks(form.note, "Incarico")
    ctrl_s(qtbot)
    wait_ops()
    assert "Decreto sindacale n. 3" in form.acts.stringList()


def save_referent(qtbot, panel, wait_ops, text: str) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, panel.form.referent, text)
    choose(qtbot, panel.form.status, "In corso")
    ctrl_s(qtbot)
    wait_ops()
    assert not panel.is_dirty()


def test_undo_takes_back_the_last_save_after_naming_it(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "BAM-01")
    save_referent(qtbot, panel, wait_ops, "Assessore all'Istruzione")
    changes = []
    panel.changes_saved.connect(changes.append)

    answers = answer_boxes("Non annullare")
    panel.undo_last()
    wait_ops()
    qtbot.waitUntil(lambda: not answers.pending, timeout=3000)
    question = answers.finish(panel)[0]
    assert question.startswith("Annullare l'ultima modifica di BAM-01?")
    assert "Stato: torna «Da avviare» (ora «In corso»)" in question
    assert "Referente politico: torna vuoto (ora «Assessore all'Istruzione»)" in question
    assert desk.action_by_code("BAM-01").referent == "Assessore all'Istruzione"

    answers = answer_boxes("Annulla la modifica")
    panel.undo_last()
    wait_ops()
    qtbot.waitUntil(lambda: not answers.pending, timeout=3000)
    answers.finish(panel)
    wait_ops()
    stored = desk.action_by_code("BAM-01")
    assert stored.referent == "" and stored.status is Status.NOT_STARTED
    assert panel.form.referent.text() == "" and not panel.is_dirty()
    assert panel.state_text() == "Annullata l'ultima modifica di BAM-01."
    assert changes and desk.action_id("BAM-01") in changes[0].actions


def test_undo_says_why_not(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "BAM-02")
    answers = answer_boxes()
    panel.undo_last()  # never saved: its last change is the import
    wait_ops()
    assert answers.finish(panel) == []
    assert "non si può annullare" in panel.banner.text().lower()
    retype(qtbot, panel.form.referent, "Sindaco")
    panel.undo_last()
    assert "modifiche non salvate" in panel.banner.text()
    assert panel.form.referent.text() == "Sindaco"


def test_ctrl_z_in_a_text_field_is_the_fields_own_undo(qtbot, desk, wait_ops):
    panel = open_panel(qtbot, desk, wait_ops, "BAM-03")
    form = panel.form
    form.referent.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(form.referent, "Sindaco")
    qtbot.keyClick(form.referent, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert form.referent.text() == ""
    assert QApplication.focusWidget() is form.referent
