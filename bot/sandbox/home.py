"""What `GET /` and the NA1 account endpoint say about the logged-in person."""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.sandbox import directory
from bot.sandbox.directory import Account, Child


def selected_child(
    conn: sqlite3.Connection, account: Account, selected_child_id: int | None
) -> Child | None:
    """The session's pupil, if the account still sees it."""
    for child in directory.children_of(conn, account):
        if child.id == selected_child_id:
            return child
    return None


SWITCH_PATH = "/Account/PupilSwitcher/SwitchPupil/"


def switch_pupil_url(origin: str, child: Child) -> str:
    """Absolute, as deformentor-cli's captured homeData shows; a relative one also occurs."""
    return f"{origin.rstrip('/')}{SWITCH_PATH}{child.switch_id}"


def home_data(
    conn: sqlite3.Connection, account: Account, selected_child_id: int | None, origin: str = ""
) -> dict[str, Any]:
    """`IMHome.home.homeData`: the pupils, which one is selected, and its apps.

    Ids are strings (strax-hacks' schema), `pupils[].id` is not the SwitchPupil id
    and `hybridMappingId` equals the notifications' `pupilSourceId` (deformentor-cli).
    """
    children = directory.children_of(conn, account)
    selected = selected_child(conn, account, selected_child_id)
    return {
        "account": {
            "currentUser": {
                "id": str(account.id),
                "name": account.display_name,
                "userType": account.user_type,
            },
            "pupils": [
                {
                    "id": child.pupil_id,
                    "name": child.hub_name,
                    "hybridMappingId": child.source_id,
                    "selected": selected is not None and child.id == selected.id,
                    "switchPupilUrl": switch_pupil_url(origin, child),
                }
                for child in children
            ],
        },
        "apps": [{"codeName": app} for app in (selected.apps if selected else ())],
        "selectedPupilName": selected.display_name if selected else None,
    }


def na1_account(conn: sqlite3.Connection, account: Account) -> dict[str, Any]:
    """`GET /NA1/account/Account`: PascalCase, `UserRoleId` is the SwitchPupil id."""
    return {
        "UserId": account.id,
        "FirstName": account.first_name,
        "LastName": account.last_name,
        "UserType": account.user_type,
        "Pupils": [
            {"UserRoleId": c.id, "FirstName": c.first_name, "LastName": c.last_name}
            for c in directory.children_of(conn, account)
        ],
    }
