"""School staff: write news, see the guardian's push before publishing, see its reach."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.hub.errors import HubError, LoginRequired, OutcomeUnknown
from bot.i18n import CODES, translator
from bot.storage.models import StaffSession
from bot.web.console import audit, session_cookie
from bot.web.console.context import ConsoleContext
from bot.web.console.hub_staff import StaffApiRefused, StaffGroup
from bot.web.console.news import (
    NewsDraft,
    PushPreview,
    draft_from_form,
    push_preview,
    reach_of,
)
from bot.web.console.render import page, see_other

log = logging.getLogger(__name__)

PREVIEW_LANGUAGES = CODES
EMPTY = NewsDraft((), "", "", "", "")


class _SignInAgain(Exception):
    pass


async def _groups(console: ConsoleContext, staff: StaffSession) -> list[StaffGroup]:
    if not staff.hub_token:
        raise _SignInAgain
    try:
        return await console.staff_hub().groups(staff.hub_token)
    except LoginRequired:
        raise _SignInAgain from None


async def _sign_in_again(request: web.Request, console: ConsoleContext) -> web.StreamResponse:
    value = session_cookie.session_id(request)
    if value:
        await console.store.end_staff_session(value)
    response = see_other("/console/login?next=/console/news")
    session_cookie.clear_session(response)
    return response


def _previews(
    console: ConsoleContext, draft: NewsDraft, groups: list[StaffGroup]
) -> list[tuple[str, PushPreview]]:
    names = {g.id: g.name for g in groups}
    group = next((names[g] for g in draft.groups if g in names), groups[0].name if groups else "")
    t = console.t
    out: list[tuple[str, PushPreview]] = []
    for lang in PREVIEW_LANGUAGES:
        out.append(
            (
                lang,
                push_preview(
                    translator(lang), group=group, title=draft.title or t.gettext("Title")
                ),
            )
        )
    return out


async def _news_page(
    console: ConsoleContext,
    staff: StaffSession,
    groups: list[StaffGroup],
    *,
    draft: NewsDraft = EMPTY,
    problems: list[str] | None = None,
    notice: str = "",
    status: int = 200,
) -> web.Response:
    published = await console.store.list_published_news(staff.login)
    reaches = [await reach_of(console.store, item) for item in published]
    return page(
        console.env,
        "news.html",
        status=status,
        staff=staff,
        csrf_token=staff.csrf_token,
        municipality=console.municipality,
        groups=groups,
        draft=draft,
        problems=problems or [],
        notice=notice,
        previews=_previews(console, draft, groups),
        reaches=reaches,
    )


async def news_form(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    try:
        groups = await _groups(console, staff)
    except _SignInAgain:
        return await _sign_in_again(request, console)
    except HubError:
        groups = []
    notice = ""
    count = request.query.get("published", "")
    if count.isdigit():
        notice = console.t.ngettext(
            "Published to {n} group.", "Published to {n} groups.", int(count)
        )
    return await _news_page(console, staff, groups, notice=notice)


async def _form(request: web.Request) -> dict[str, list[str]]:
    form = await request.post()
    return {key: [str(v) for v in form.getall(key)] for key in set(form.keys())}


async def news_preview(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    """The page's script asks for this as the teacher types; without script, the button does."""
    assert staff is not None
    draft = draft_from_form(await _form(request))
    try:
        groups = await _groups(console, staff)
    except _SignInAgain:
        return await _sign_in_again(request, console)
    except HubError:
        groups = []
    if request.headers.get("X-Requested-With") == "fetch":
        return page(console.env, "_preview.html", previews=_previews(console, draft, groups))
    return await _news_page(console, staff, groups, draft=draft)


async def publish(
    request: web.Request, console: ConsoleContext, staff: StaffSession | None
) -> web.StreamResponse:
    assert staff is not None
    t = console.t
    draft = draft_from_form(await _form(request))
    try:
        groups = await _groups(console, staff)
    except _SignInAgain:
        return await _sign_in_again(request, console)
    except HubError:
        return await _news_page(
            console,
            staff,
            [],
            draft=draft,
            problems=[
                t.gettext("The Hub is not answering right now. Please try again in a while.")
            ],
            status=503,
        )
    mine = {g.id: g for g in groups}
    problems = draft.problems(t)
    problems += [
        t.gettext("You cannot publish to that group.") for g in draft.groups if g not in mine
    ]
    if problems:
        return await _news_page(console, staff, groups, draft=draft, problems=problems, status=400)
    assert staff.hub_token is not None
    done = 0
    for group_id in draft.groups:
        try:
            item = await console.staff_hub().publish_news(
                staff.hub_token,
                group=group_id,
                title=draft.title,
                text=draft.text,
                attachment=draft.attachment,
            )
        except OutcomeUnknown:
            problems.append(
                t.gettext(
                    "It is unclear whether the news reached {group}. Check the Hub before you "
                    "publish it again.",
                    group=mine[group_id].name,
                )
            )
            continue
        except StaffApiRefused as refused:
            problems.append(f"{mine[group_id].name}: {refused.message}")
            continue
        except HubError:
            problems.append(
                t.gettext("The Hub is not answering right now. Please try again in a while.")
            )
            break
        await console.store.record_published_news(
            hub_news_id=item.id, staff_login=staff.login, group_name=item.group, title=item.title
        )
        await audit.audit(
            console.store, staff, audit.PUBLISH_NEWS, detail=f"news {item.id} to {item.group}"
        )
        done += 1
    if problems:
        notice = (
            t.ngettext("Published to {n} group.", "Published to {n} groups.", done) if done else ""
        )
        status = 502 if done == 0 else 200
        return await _news_page(
            console, staff, groups, draft=draft, problems=problems, notice=notice, status=status
        )
    return see_other(f"/console/news?published={done}")
