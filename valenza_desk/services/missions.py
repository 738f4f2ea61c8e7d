"""Counting a programme's actions per DUP Missione (the catalogue is ``domain.missions``)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from valenza_desk.domain.missions import Mission, checked, mission, missions
from valenza_desk.store.database import Database
from valenza_desk.store.models import Action

__all__ = ["Mission", "checked", "counts", "mission", "missions"]


def counts(db: Database, programme_id: int) -> dict[str, int]:
    """Actions per Missione code ("" for those not classified)."""
    with db.read() as session:
        rows = session.exec(
            select(Action.mission, func.count())
            .where(Action.programme_id == programme_id)
            .group_by(col(Action.mission))
        ).all()
    return {code: n for code, n in rows}
