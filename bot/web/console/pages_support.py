"""The support desk: the live list, one conversation, and taking a chat over."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.handlers.support import schools_of
from bot.hub.errors import HubError
from bot.storage.models import ChatKey, StaffSession
from bot.web.console import audit, takeover
from bot.web.console.context import ConsoleContext
from bot.web.console.conversations import (
    SINCE_CHOICES,
    ListFilter,
    conversation_rows,
    fingerprint,
    known_schools,
    transcript,
)
from bot.web.console.flags import conversation_flags
from bot.web.console.render import page, secure_headers, see_other

log = logging.getLogger(__name__)

SCHOOL_LOOKUP_S = 5.0


def _chat(request: web.Request) -> ChatKey:
    return ChatKey(request.match_info["channel"], request.match_info["chat_id"])


def chat_path(chat: ChatKey) -> str:
    return f"/console/chats/{chat.channel}/{chat.chat_id}"


async def conversations(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    wanted = ListFilter.from_query(request.query)
    now = console.clock.now()
    every = await conversation_rows(console.store, now, ListFilter())
    rows = [row for row in every if wanted.admits(row, now)]
    return page(
        console.env,
        "conversations.html",
        staff=staff,
        csrf_token=staff.csrf_token if staff else "",
        municipality=console.municipality,
        rows=rows,
        wanted=wanted,
        schools=known_schools(every),
        since_choices=list(SINCE_CHOICES),
        etag=fingerprint(rows),
        poll_seconds=console.settings.poll_seconds,
        chat_path=chat_path,
    )


async def conversation_rows_fragment(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    wanted = ListFilter.from_query(request.query)
    rows = await conversation_rows(console.store, console.clock.now(), wanted)
    etag = f'"{fingerprint(rows)}"'
    if request.headers.get("If-None-Match") == etag:
        unchanged = web.Response(status=304, headers={"ETag": etag})
        return secure_headers(unchanged)
    response = page(console.env, "_rows.html", rows=rows, chat_path=chat_path)
    response.headers["ETag"] = etag
    return response


async def _known(console: ConsoleContext, chat: ChatKey) -> bool:
    store = console.store
    return bool(
        await store.list_log(chat, limit=1)
        or await store.list_links_for_chat(chat, active_only=False)
        or await store.get_claim(chat)
    )


async def _learn_schools(console: ConsoleContext, chat: ChatKey) -> None:
    """No ticket told us the school yet: ask the Hub once, through the chat's own link."""
    store = console.store
    if chat in await store.chat_schools():
        return
    links = await store.list_links_for_chat(chat)
    if not links:
        return
    try:
        async with asyncio.timeout(SCHOOL_LOOKUP_S):
            hub = await console.deps.hubs.hub_for(links[0])
            schools = await schools_of(hub, await hub.children())
    except (HubError, TimeoutError) as exc:
        log.info("console: no school for a chat (%s)", type(exc).__name__)
        return
    await store.set_chat_schools(chat, schools)


async def _chat_page(
    console: ConsoleContext,
    staff: StaffSession,
    chat: ChatKey,
    *,
    status: int = 200,
    message: str = "",
    before_id: int | None = None,
) -> web.Response:
    store = console.store
    await _learn_schools(console, chat)
    shown = await transcript(store, chat, before_id=before_id)
    lines = shown.lines
    entries = list(reversed(await store.list_log(chat, limit=50)))
    ticket = await store.current_ticket(chat)
    claim = await store.get_claim(chat)
    links = await store.list_links_for_chat(chat, active_only=False)
    schools = (await store.chat_schools()).get(chat, ())
    await audit.audit(store, staff, audit.VIEW_TRANSCRIPT, chat=chat, detail=f"{len(lines)} lines")
    return page(
        console.env,
        "chat.html",
        status=status,
        staff=staff,
        csrf_token=staff.csrf_token,
        municipality=console.municipality,
        chat=chat,
        path=chat_path(chat),
        lines=lines,
        earlier=shown.earlier,
        # An older page does not take live lines: they belong after the newest.
        last_id=(lines[-1].id if lines else 0) if before_id is None else None,
        flags=[f for f in conversation_flags(entries, open_ticket=ticket is not None)],
        ticket=ticket,
        claim=claim,
        mine=claim is not None and claim.staff_login == staff.login,
        people=sorted({lk.hub_login_hint for lk in links if lk.hub_login_hint}),
        schools=sorted(set(schools) | set(ticket.schools if ticket else ())),
        message=message,
        poll_seconds=console.settings.poll_seconds,
    )


def _not_found(console: ConsoleContext, staff: StaffSession) -> web.Response:
    return page(
        console.env,
        "error.html",
        status=404,
        staff=staff,
        csrf_token=staff.csrf_token,
        municipality=console.municipality,
        message=console.t.gettext("There is no such conversation."),
    )


async def conversation(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    chat = _chat(request)
    if not await _known(console, chat):
        return _not_found(console, staff)
    before = request.query.get("before", "")
    return await _chat_page(
        console, staff, chat, before_id=int(before) if before.isdigit() else None
    )


async def conversation_lines(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    """New transcript lines for the open conversation page; each delivery is audited."""
    assert staff is not None
    chat = _chat(request)
    try:
        after = int(request.query.get("after", "0"))
    except ValueError:
        after = 0
    page_now = await transcript(console.store, chat)
    lines = [line for line in page_now.lines if line.id > after]
    if not lines:
        return secure_headers(web.Response(status=204))
    await audit.audit(
        console.store, staff, audit.VIEW_TRANSCRIPT, chat=chat, detail=f"{len(lines)} new lines"
    )
    response = page(console.env, "_lines.html", lines=lines)
    response.headers["X-Last-Id"] = str(lines[-1].id)
    return response


def _back_to(chat: ChatKey) -> web.StreamResponse:
    return see_other(chat_path(chat))


async def claim(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    chat = _chat(request)
    if not await _known(console, chat):
        return _not_found(console, staff)
    result = await takeover.claim(console.deps, chat, staff)
    if result.outcome is takeover.ClaimOutcome.HELD_BY_OTHER:
        message = console.t.gettext(
            "{name} is already handling this conversation.", name=result.claim.staff_name
        )
        return await _chat_page(console, staff, chat, status=409, message=message)
    return _back_to(chat)


async def reply(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    chat = _chat(request)
    text = str((await request.post()).get("text", ""))
    t = console.t
    if not text.strip():
        return await _chat_page(
            console, staff, chat, status=400, message=t.gettext("Write a reply first.")
        )
    try:
        await takeover.reply(console.deps, chat, staff, text)
    except takeover.NotYourChat:
        return await _chat_page(
            console,
            staff,
            chat,
            status=409,
            message=t.gettext("Take over the conversation before you reply."),
        )
    return _back_to(chat)


async def hand_back(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    chat = _chat(request)
    try:
        await takeover.hand_back(console.deps, chat, staff)
    except takeover.NotYourChat:
        return await _chat_page(
            console,
            staff,
            chat,
            status=409,
            message=console.t.gettext(
                "Only the person handling the conversation can hand it back."
            ),
        )
    return _back_to(chat)
