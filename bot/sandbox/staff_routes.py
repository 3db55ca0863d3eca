"""The sandbox-only staff API: how tests and demos act as the school over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.sandbox import directory, staff
from bot.sandbox.db import transaction
from bot.sandbox.directory import Account
from bot.sandbox.errors import HubRefusal
from bot.sandbox.web import Router, current_session, hub, json_answer, read_params

router = Router()


def _actor(request: web.Request) -> Account | None:
    """The staff member behind a bearer token from /staff/api/login, or a session cookie."""
    ctx = hub(request)
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return staff.account_for_token(ctx.conn, value.strip())
    session = current_session(request)
    return directory.account_by_id(ctx.conn, session.account_id) if session else None


Action = Callable[[Account, dict[str, Any]], dict[str, Any]]


async def _act(request: web.Request, action: Action) -> web.StreamResponse:
    params = await read_params(request)
    try:
        with transaction(hub(request).conn):
            actor = staff.require_staff(_actor(request))
            return json_answer(action(actor, params))
    except HubRefusal as refusal:
        return json_answer(refusal.body(), status=refusal.status)


def _pick(params: dict[str, Any], *names: str) -> dict[str, Any]:
    return {
        name: params.get(name.replace("_", ""))
        for name in names
        if name.replace("_", "") in params
    }


@router.page("/staff/api/login", methods=("POST",))
async def staff_login(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    params = await read_params(request)
    try:
        with transaction(ctx.conn):
            token, account = staff.login_token(
                ctx.conn,
                ctx.clock,
                str(params.get("login") or ""),
                str(params.get("password") or ""),
            )
    except HubRefusal as refusal:
        return json_answer(refusal.body(), status=refusal.status)
    return json_answer({"token": token, "municipality": account.municipality})


@router.page("/staff/api/groups", methods=("GET", "POST"))
async def staff_groups(request: web.Request) -> web.StreamResponse:
    return await _act(request, lambda actor, _: staff.groups(hub(request).conn, actor))


@router.page("/staff/api/news", methods=("POST",))
async def staff_news(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    return await _act(
        request,
        lambda actor, p: staff.publish_news(
            ctx.conn,
            ctx.clock,
            actor,
            title=p.get("title"),
            text=p.get("text"),
            **_pick(p, "group", "child", "attachment"),
        ),
    )


@router.page("/staff/api/invalid-absence", methods=("POST",))
async def staff_invalid_absence(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    return await _act(
        request,
        lambda actor, p: staff.register_invalid_absence(
            ctx.conn,
            ctx.clock,
            actor,
            child=p.get("child"),
            date=p.get("date"),
            **_pick(p, "kind", "time", "lesson"),
        ),
    )


@router.page("/staff/api/calendar", methods=("POST",))
async def staff_calendar(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    return await _act(
        request,
        lambda actor, p: staff.add_calendar_entry(
            ctx.conn,
            ctx.clock,
            actor,
            date=p.get("date"),
            title=p.get("title"),
            type_id=p.get("typeid"),
            **_pick(p, "group", "child", "text"),
        ),
    )


@router.page("/staff/api/meeting-slots", methods=("POST",))
async def staff_meeting_slots(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    return await _act(
        request,
        lambda actor, p: staff.add_meeting_slot(
            ctx.conn,
            ctx.clock,
            actor,
            date=p.get("date"),
            time=p.get("time"),
            **_pick(p, "group", "child", "minutes", "location"),
        ),
    )


@router.page("/staff/api/school-closed", methods=("POST",))
async def staff_school_closed(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    return await _act(
        request,
        lambda actor, p: staff.close_day(
            ctx.conn,
            ctx.clock,
            actor,
            group=p.get("group"),
            date=p.get("date"),
            reason=p.get("reason"),
        ),
    )


@router.page("/staff/api/message", methods=("POST",))
async def staff_message(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    return await _act(
        request,
        lambda actor, p: staff.send_message(
            ctx.conn,
            ctx.clock,
            actor,
            child=p.get("child"),
            subject=p.get("subject"),
            text=p.get("text") or p.get("body"),
        ),
    )


@router.page("/staff/api/leave-request-status", methods=("POST",))
async def staff_leave_status(request: web.Request) -> web.StreamResponse:
    ctx = hub(request)
    return await _act(
        request,
        lambda actor, p: staff.decide_leave_request(
            ctx.conn, ctx.clock, actor, id=p.get("id"), status=p.get("status")
        ),
    )
