"""Boxes that hold sensitive content (assessments, documentation).

They answer only to a session with a BankID login in the last 20 minutes, so a
bot that stays logged in with a refresh token cannot read them unattended.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.clock import Clock
from bot.sandbox import errors
from bot.sandbox.directory import Child
from bot.sandbox.errors import HubRefusal
from bot.sandbox.sessions import Session

ASSESSMENT = "assessment"
DOCUMENTATION = "documentation"

BOX_PATHS = {
    ASSESSMENT: "/assessmentv2/assessmentv2",
    DOCUMENTATION: "/documentation/documentation",
}


def require_fresh_bankid(session: Session, clock: Clock, box: str) -> None:
    if not session.bankid_fresh(clock):
        raise HubRefusal(
            errors.BANKID_REQUIRED,
            "Logga in med BankID för att se det här. Inloggningen gäller i 20 minuter.",
            loginUrl=f"/sso/bankid?ReturnUrl={BOX_PATHS[box]}",
        )


def _items(conn: sqlite3.Connection, child: Child, box: str) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM secure_items WHERE child_id = ? AND box = ? ORDER BY dated DESC, id",
        (child.id, box),
    ).fetchall()


def assessment(conn: sqlite3.Connection, child: Child) -> dict[str, Any]:
    """(designed) Assessments grouped by subject."""
    subjects: dict[str, list[dict[str, Any]]] = {}
    for row in _items(conn, child, ASSESSMENT):
        subjects.setdefault(row["subject"] or "Övrigt", []).append(
            {
                "id": row["id"],
                "title": row["title"],
                "level": row["level"],
                "text": row["body"],
                "date": row["dated"],
                "teacher": row["author"],
            }
        )
    return {
        "pupilName": child.hub_name,
        "subjects": [{"subject": name, "assessments": items} for name, items in subjects.items()],
    }


def documentation(conn: sqlite3.Connection, child: Child) -> dict[str, Any]:
    """(designed) Documentation entries, newest first."""
    return {
        "pupilName": child.hub_name,
        "items": [
            {
                "id": r["id"],
                "title": r["title"],
                "text": r["body"],
                "date": r["dated"],
                "author": r["author"],
            }
            for r in _items(conn, child, DOCUMENTATION)
        ],
    }
