"""Who looked at or did what, and when: one row per transcript view and staff action.

Rows name the chat and the action, never message text. Only the local
administrator reads them (`Permission.READ_AUDIT`).
"""

from __future__ import annotations

from bot.storage.base import Store
from bot.storage.models import AuditEntry, ChatKey, StaffSession

VIEW_TRANSCRIPT = "view_transcript"
CLAIM = "claim"
REPLY = "reply"
HAND_BACK = "hand_back"
PUBLISH_NEWS = "publish_news"
VIEW_AUDIT = "view_audit"
SIGN_IN = "sign_in"
SIGN_IN_REFUSED = "sign_in_refused"
SIGN_OUT = "sign_out"


async def audit(
    store: Store,
    staff: StaffSession,
    action: str,
    *,
    chat: ChatKey | None = None,
    detail: str = "",
) -> AuditEntry:
    return await store.add_audit(
        actor=staff.login, role=staff.role.value, action=action, chat=chat, detail=detail
    )
