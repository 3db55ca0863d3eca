"""The audit log, for the console's administrator only."""

from __future__ import annotations

from aiohttp import web

from bot.storage.models import StaffSession
from bot.web.console import audit
from bot.web.console.context import ConsoleContext
from bot.web.console.render import page

PAGE_SIZE = 200


async def audit_log(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    try:
        before = int(request.query["before"]) if "before" in request.query else None
    except ValueError:
        before = None
    entries = await console.store.list_audit(limit=PAGE_SIZE, before_id=before)
    await audit.audit(console.store, staff, audit.VIEW_AUDIT)
    return page(
        console.env,
        "audit.html",
        staff=staff,
        csrf_token=staff.csrf_token,
        municipality=console.municipality,
        entries=entries,
        older=entries[-1].id if len(entries) == PAGE_SIZE else None,
    )
