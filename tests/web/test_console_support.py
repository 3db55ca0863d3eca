"""The support desk through its pages: the flagged list, the masked transcript, take-over."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from bot.storage.models import ChatKey, StaffRole
from bot.testing.conversation import BotHarness, Chat
from bot.web.console.conversations import ListFilter, conversation_rows
from bot.web.console.flags import ASKED_HUMAN, NOT_UNDERSTOOD_TWICE

from .conftest import session_for, sign_in


def chat_of(bot: BotHarness, chat: Chat) -> ChatKey:
    return bot.app.member_of(chat.chat, chat.sender_id).chat


async def audit_actions(bot: BotHarness) -> list[str]:
    return [e.action for e in reversed(await bot.app.store.list_audit())]


async def test_support_signs_in_through_the_hub_and_sees_the_flagged_list(
    bot: BotHarness, console: TestClient
) -> None:
    anna = await bot.chat("anna")
    await anna.say("prata med en människa")
    bot.clock.advance(minutes=1)
    peter = await bot.chat("peter")
    await peter.say("blorp fnarg")
    await peter.say("qwerty zxcv")
    bot.clock.advance(minutes=1)
    sara = await bot.chat("sara")
    await sara.say("hjälp")

    await sign_in(console, "support")
    page = await (await console.get("/console/conversations")).text()
    assert "Vill prata med en människa" in page
    assert "Inte förstått två gånger i rad" in page
    # Newest activity first: Sara wrote last.
    assert page.index("Sara") < page.index("Peter") < page.index("Anna")

    flagged = await (await console.get(f"/console/conversations?flag={ASKED_HUMAN}")).text()
    assert "Anna" in flagged and "Peter" not in flagged and "Sara" not in flagged
    twice = await (await console.get(f"/console/conversations?flag={NOT_UNDERSTOOD_TWICE}")).text()
    assert "Peter" in twice and "Anna" not in twice
    by_school = await (await console.get("/console/conversations?school=Nordskolan")).text()
    assert "Anna" in by_school and "Sara" not in by_school
    assert "sign_in" in await audit_actions(bot)


async def test_the_live_list_answers_304_until_something_changes(
    bot: BotHarness, console: TestClient
) -> None:
    anna = await bot.chat("anna")
    await anna.say("hjälp")
    await session_for(bot, console, StaffRole.SUPPORT)
    first = await console.get("/console/conversations/rows")
    assert first.status == 200 and "Anna" in await first.text()
    etag = first.headers["ETag"]
    same = await console.get("/console/conversations/rows", headers={"If-None-Match": etag})
    assert same.status == 304
    bot.clock.advance(minutes=1)
    await anna.say("support")
    changed = await console.get("/console/conversations/rows", headers={"If-None-Match": etag})
    assert changed.status == 200
    assert "Vill prata med en människa" in await changed.text()


async def test_one_flag_not_two_when_the_misunderstandings_are_apart(bot: BotHarness) -> None:
    peter = await bot.chat("peter")
    await peter.say("blorp fnarg")
    await peter.say("hjälp")
    await peter.say("qwerty zxcv")
    rows = await conversation_rows(bot.app.store, bot.clock.now(), ListFilter())
    assert rows and NOT_UNDERSTOOD_TWICE not in rows[0].flags


async def test_the_transcript_is_masked_shows_the_understanding_and_is_audited(
    bot: BotHarness, console: TestClient
) -> None:
    anna = await bot.chat("anna")
    await anna.say("Elsa är sjuk imorgon förmiddag, hon har feber")
    await anna.say("ring mig på 070-123 45 67 eller anna@example.se, pnr 850709-1234")
    chat = chat_of(bot, anna)
    await session_for(bot, console, StaffRole.SUPPORT, login="kim")
    answer = await console.get(f"/console/chats/{chat.channel}/{chat.chat_id}")
    assert answer.status == 200
    page = await answer.text()
    for secret in ("feber", "070-123", "anna@example.se", "850709"):
        assert secret not in page
    assert "[telefon]" in page and "[e-post]" in page and "[personnummer]" in page
    # What the parser made of the first message, beside it.
    assert "report_absence" in page and "morning" in page
    entries = await bot.app.store.list_audit()
    views = [e for e in entries if e.action == "view_transcript"]
    assert views and views[0].actor == "kim" and views[0].chat == chat


async def test_take_over_reply_and_hand_back(bot: BotHarness, console: TestClient) -> None:
    anna = await bot.chat("anna")
    await anna.say("support")
    chat = chat_of(bot, anna)
    path = f"/console/chats/{chat.channel}/{chat.chat_id}"
    token = await sign_in(console, "support")

    claimed = await console.post(
        f"{path}/claim", data={"csrf_token": token}, allow_redirects=False
    )
    assert claimed.status == 303
    assert await bot.app.taken_over(chat)
    told = await anna.notices()
    assert any(t.startswith("En person från supporten har anslutit") for t in told)

    # The bot answers no errand while support has the chat; the first message is
    # acknowledged once, and every message is kept for support.
    said = await anna.say("hallå?")
    assert [r.text for r in said.replies] == [
        "Supporten har fått ditt meddelande. En person från supporten svarar dig här."
    ]
    assert (await anna.say("Elsa är sjuk idag")).replies == []
    page = await (await console.get(path)).text()
    assert "hallå?" in page

    replied = await console.post(
        f"{path}/reply",
        data={"csrf_token": token, "text": "Hej Anna! Vi tittar på det nu."},
        allow_redirects=False,
    )
    assert replied.status == 303
    assert "Support: Hej Anna! Vi tittar på det nu." in await anna.notices()
    ticket = await bot.app.store.current_ticket(chat)
    assert ticket is not None and ticket.answered_by == "support"

    back = await console.post(
        f"{path}/hand-back", data={"csrf_token": token}, allow_redirects=False
    )
    assert back.status == 303
    assert not await bot.app.taken_over(chat)
    assert "Supporten har lämnat chatten. Du pratar med boten igen." in await anna.notices()
    assert await bot.app.store.current_ticket(chat) is None
    assert (await anna.say("hjälp")).replies, "the bot answers again"
    assert [a for a in await audit_actions(bot) if a in {"claim", "reply", "hand_back"}] == [
        "claim",
        "reply",
        "hand_back",
    ]


async def test_two_staff_cannot_hold_one_chat(
    bot: BotHarness, console: TestClient, aiohttp_client, console_app
) -> None:
    anna = await bot.chat("anna")
    await anna.say("support")
    chat = chat_of(bot, anna)
    path = f"/console/chats/{chat.channel}/{chat.chat_id}"
    kim = await session_for(bot, console, StaffRole.SUPPORT, login="kim")
    other: TestClient = await aiohttp_client(console_app)
    lo = await session_for(bot, other, StaffRole.SUPPORT, login="lo")

    first = await console.post(f"{path}/claim", data={"csrf_token": kim}, allow_redirects=False)
    second = await other.post(f"{path}/claim", data={"csrf_token": lo}, allow_redirects=False)
    assert first.status == 303
    assert second.status == 409
    assert "Kim hanterar redan det här samtalet." in await second.text()
    sneaky = await other.post(
        f"{path}/reply", data={"csrf_token": lo, "text": "hej"}, allow_redirects=False
    )
    assert sneaky.status == 409
    not_hers = await other.post(
        f"{path}/hand-back", data={"csrf_token": lo}, allow_redirects=False
    )
    assert not_hers.status == 409
    claim = await bot.app.store.get_claim(chat)
    assert claim is not None and claim.staff_login == "kim"
    told = await anna.notices()
    assert sum(t.startswith("En person från supporten") for t in told) == 1
    assert not any(t.startswith("Support: ") for t in told)


async def test_new_lines_arrive_in_the_open_transcript_and_are_audited(
    bot: BotHarness, console: TestClient
) -> None:
    anna = await bot.chat("anna")
    await anna.say("hjälp")
    chat = chat_of(bot, anna)
    path = f"/console/chats/{chat.channel}/{chat.chat_id}"
    await session_for(bot, console, StaffRole.SUPPORT)
    page = await (await console.get(path)).text()
    last = re.search(r'data-last-id="(\d+)"', page)
    assert last
    nothing = await console.get(f"{path}/lines?after={last.group(1)}")
    assert nothing.status == 204
    before = len(await bot.app.store.list_audit())
    await anna.say("support")
    fresh = await console.get(f"{path}/lines?after={last.group(1)}")
    assert fresh.status == 200
    assert "support" in await fresh.text()
    assert int(fresh.headers["X-Last-Id"]) > int(last.group(1))
    assert len(await bot.app.store.list_audit()) == before + 1


async def test_an_unknown_conversation_is_404(bot: BotHarness, console: TestClient) -> None:
    await session_for(bot, console, StaffRole.SUPPORT)
    answer = await console.get("/console/chats/telegram/999")
    assert answer.status == 404
    token = await session_for(bot, console, StaffRole.SUPPORT)
    claim = await console.post("/console/chats/telegram/999/claim", data={"csrf_token": token})
    assert claim.status == 404
    assert await bot.app.store.list_claims() == []
