"""The register of formal acts: list them with the actions they are linked to, add and edit them,
link them to actions. Acts cited in progress notes are added to the register by the write path
(``services.action_writer.act_for``)."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from valenza_desk.domain.acts import ActDraft, ActReference
from valenza_desk.domain.rows import ActRow
from valenza_desk.errors import NotFoundError, ValidationError
from valenza_desk.services.action_writer import link_acts
from valenza_desk.services.browse import act_row
from valenza_desk.services.operations import Operation, bump_version
from valenza_desk.store.database import Database
from valenza_desk.store.models import Act, ActAction, Action


def list_acts(db: Database, programme_id: int) -> list[ActRow]:
    """Every act, newest first, with the codes of the programme's actions it is linked to."""
    with db.read() as session:
        codes: dict[int, list[str]] = {}
        for act_id, code in session.exec(
            select(ActAction.act_id, Action.code)
            .join(Action, col(Action.id) == ActAction.action_id)
            .where(Action.programme_id == programme_id)
            .order_by(col(Action.code))
        ):
            codes.setdefault(act_id, []).append(code)
        acts = session.exec(select(Act)).all()
    rows = [act_row(a, tuple(codes.get(a.id or 0, ()))) for a in acts]
    rows.sort(key=lambda a: (a.on_date or date.min, a.id), reverse=True)
    return rows


def add_act(op: Operation, draft: ActDraft, action_ids: tuple[int, ...] = ()) -> int:
    draft = draft.cleaned()
    session = op.session
    found = session.exec(
        select(Act).where(Act.act_type == draft.act_type, Act.number == draft.number, Act.on_date == draft.on_date)
    ).first()
    if found is not None:
        raise ValidationError(f"L'atto {ActReference(draft.act_type, draft.number, draft.on_date).label} c'è già.")
    act = Act(**{k: getattr(draft, k) for k in ActDraft.__dataclass_fields__}, created_at=op.now, updated_at=op.now)
    session.add(act)
    session.flush()
    label = ActReference(draft.act_type, draft.number, draft.on_date).label
    op.change("act", act.id, label, "create", "act", None, label)
    link_acts(session, {(act.id or 0, a) for a in action_ids})
    return act.id or 0


def update_act(op: Operation, act_id: int, version: int, draft: ActDraft) -> None:
    draft = draft.cleaned()
    act = op.session.get(Act, act_id)
    if act is None:
        raise NotFoundError(f"L'atto n. {act_id} non esiste più.")
    values = {k: getattr(draft, k) for k in ActDraft.__dataclass_fields__ if getattr(act, k) != getattr(draft, k)}
    if not values:
        return
    label = ActReference(draft.act_type, draft.number, draft.on_date).label
    for field, new in values.items():
        op.change("act", act_id, label, "update", field, getattr(act, field), new)
    bump_version(op.session, Act, act_id, version, {**values, "updated_at": op.now})


def link(op: Operation, act_id: int, action_ids: tuple[int, ...]) -> None:
    if op.session.get(Act, act_id) is None:
        raise NotFoundError(f"L'atto n. {act_id} non esiste più.")
    link_acts(op.session, {(act_id, a) for a in action_ids})
    op.touched("actions", *action_ids)
    for action_id in action_ids:
        op.change("action", action_id, "", "update", "act_link", None, act_id)


def set_links(op: Operation, act_id: int, programme_id: int, action_ids: tuple[int, ...]) -> None:
    """The actions of the programme the act concerns are exactly ``action_ids`` (links to actions of
    other programmes are left alone); each link added or removed is audited on its action."""
    if op.session.get(Act, act_id) is None:
        raise NotFoundError(f"L'atto n. {act_id} non esiste più.")
    current = set(
        op.session.exec(
            select(ActAction.action_id)
            .join(Action, col(Action.id) == ActAction.action_id)
            .where(ActAction.act_id == act_id, Action.programme_id == programme_id)
        ).all()
    )
    wanted = set(action_ids)
    gone = current - wanted
    if gone:
        op.session.execute(
            ActAction.__table__.delete().where(
                ActAction.__table__.c.act_id == act_id, ActAction.__table__.c.action_id.in_(gone)
            )
        )
        for action_id in sorted(gone):
            op.change("action", action_id, "", "update", "act_link", act_id, None)
        op.touched("actions", *gone)
    added = tuple(sorted(wanted - current))
    if added:
        link(op, act_id, added)
