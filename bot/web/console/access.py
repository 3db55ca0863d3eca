"""Who may do what in the console: one table, checked in front of every route.

Like errbot's ACL filter, the rule sits before the command, not inside it: a
route names the permission it needs, and the guard refuses before the handler
runs. Support staff see the conversations of their own municipality (the one
this bot serves); teachers publish news and see no conversations; the local
administrator reads the audit log and nothing else.
"""

from __future__ import annotations

from enum import StrEnum

from bot.storage.models import StaffRole, StaffSession


class Permission(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    READ_CONVERSATIONS = "read_conversations"
    TAKE_OVER = "take_over"
    PUBLISH_NEWS = "publish_news"
    READ_AUDIT = "read_audit"


GRANTS: dict[Permission, frozenset[StaffRole]] = {
    Permission.SIGNED_IN: frozenset(StaffRole),
    Permission.READ_CONVERSATIONS: frozenset({StaffRole.SUPPORT}),
    Permission.TAKE_OVER: frozenset({StaffRole.SUPPORT}),
    Permission.PUBLISH_NEWS: frozenset({StaffRole.TEACHER}),
    Permission.READ_AUDIT: frozenset({StaffRole.ADMIN}),
}

# Permissions that open guardians' conversations: bound to the municipality too.
_MUNICIPAL = frozenset({Permission.READ_CONVERSATIONS, Permission.TAKE_OVER})

HOME: dict[StaffRole, str] = {
    StaffRole.SUPPORT: "/console/conversations",
    StaffRole.TEACHER: "/console/news",
    StaffRole.ADMIN: "/console/audit",
}


def allowed(staff: StaffSession | None, permission: Permission, municipality: str) -> bool:
    if permission is Permission.PUBLIC:
        return True
    if staff is None or staff.role not in GRANTS[permission]:
        return False
    return permission not in _MUNICIPAL or staff.municipality == municipality
