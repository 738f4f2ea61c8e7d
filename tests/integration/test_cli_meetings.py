"""The council meeting cycle from the CLI, in subprocesses, on both engines (the issue's contract)."""

from __future__ import annotations

import json

from tests.integration.test_cli import desk_target, failed, ok
from valenza_desk.services.desk import Desk


def test_meetings_changes_acts_missions_and_deadline_history(service_desk: Desk) -> None:
    db = desk_target(service_desk)
    service_desk.close()
    first = ok(db, "meetings", "add", "--body", "Consiglio comunale", "--date", "2026-11-30", "--title", "Verifica")
    meeting_id = int(first.strip())
    listed = json.loads(ok(db, "meetings", "--json"))
    assert listed == [
        {
            "id": meeting_id,
            "body": "Consiglio comunale",
            "date": "2026-11-30",
            "title": "Verifica",
            "snapshot": False,
            "brief_sha256": None,
        }
    ]
    ok(db, "set", "CUL-04", "--mission", "05", "--dup-programme", "0502", "--due", "31/12/2026")
    out = ok(
        db,
        "set",
        "CUL-04",
        "--due",
        "31/3/27",
        "--due-reason",
        "Attesa del bando",
        "--status",
        "in corso",
        "--progress",
        "40",
        "--note",
        "Dossier inviato",
        "--act",
        "Delibera G.C. n. 45 del 12/03/2024",
    )
    assert "rimodulata 1 volta" in out
    shown = json.loads(ok(db, "show", "CUL-04", "--json"))
    assert (shown["due_date"], shown["original_due_date"]) == ("2027-03-31", "2026-12-31")
    assert [(c["from"], c["to"], c["reason"]) for c in shown["due_date_changes"]] == [
        ("2026-12-31", "2027-03-31", "Attesa del bando")
    ]
    acts = json.loads(ok(db, "acts", "--json"))
    assert [(a["type"], a["number"], a["date"], a["actions"]) for a in acts] == [
        ("Delibera di Giunta comunale", "45", "2024-03-12", ["CUL-04"])
    ]
    assert [r["code"] for r in json.loads(ok(db, "actions", "--json", "--mission", "5"))] == ["CUL-04"]
    missions = {m["code"]: m["actions"] for m in json.loads(ok(db, "missions", "--json"))}
    assert missions["05"] == 1 and missions[None] == 83
    changes = json.loads(ok(db, "changes", "--since", "2020-01-01", "--json"))
    mine = {(c["code"], c["kind"], c["field"]) for c in changes if c["code"] == "CUL-04"}
    assert {
        ("CUL-04", "progress_up", "progress"),
        ("CUL-04", "due_moved", "due_date"),
        ("CUL-04", "act", "act_reference"),
    } <= mine
    moved = next(c for c in changes if c["kind"] == "due_moved")
    assert set(moved) >= {"code", "kind", "field", "old", "new"} and moved["new"] == "2027-03-31"
    assert "non ha ancora uno stato fotografato" in failed(db, "changes", "--since-meeting", str(meeting_id)).stderr
    assert "sconosciuta" in failed(db, "set", "CUL-05", "--mission", "42").stderr
