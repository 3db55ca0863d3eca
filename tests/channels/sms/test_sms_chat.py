"""SMS through the fake 46elks gateway: linking, errands by number, pushes, STOP, failures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import aiohttp
import pytest

from bot.channels.sms.gsm import is_gsm
from bot.push.scheduler import ensure_rounds
from bot.push.watcher import HubWatcher
from bot.storage.models import DeliveryState

from .support import ANNA, PETER, SmsBot, link_in, short_code

TODAY = date(2026, 11, 26)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[SmsBot]:
    async with SmsBot.started(tmp_path) as started:
        yield started


async def test_an_unknown_number_gets_a_short_welcome_with_the_link_page(bot: SmsBot) -> None:
    texts = await bot.text(ANNA, "Hej")
    welcome = "\n".join(texts)
    assert welcome.startswith("Hej! Jag är Hubbot")
    assert "personnummer" in welcome  # never write it here
    assert link_in(texts).startswith(bot.base + "/link/")
    sent = bot.fake.to(ANNA)
    assert all(s.encoding == "gsm" and s.parts == 1 for s in sent)
    assert sum(s.parts for s in sent) <= 2
    assert all(s.whendelivered == bot.delivery_url for s in sent)


async def test_linking_through_the_link_page_and_the_hub_login(bot: SmsBot) -> None:
    page = await bot.link(ANNA)
    assert page.link_code  # the long form is there too (data-link-code)
    link = await bot.app.store.get_link(bot.chat(ANNA).member(None))
    assert link is not None and link.active and link.hub_login_hint == "Anna"
    # By SMS the evening summary is something one asks for.
    assert not link.preferences.summary_enabled
    # The number is not the chat's id, and it is in no transcript line.
    assert ANNA.lstrip("+") not in bot.chat(ANNA).chat_id
    log = await bot.app.store.list_log(bot.chat(ANNA))
    assert all(ANNA.lstrip("+") not in entry.text for entry in log)


async def test_an_absence_answered_by_number(bot: SmsBot) -> None:
    await bot.link(ANNA)
    [question] = await bot.text(ANNA, "Elsa är sjuk idag")
    assert "Elsa" in question and "Svara 1 för Ja, 2 för Nej" in question, question
    assert is_gsm(question)
    answer = await bot.text(ANNA, "1")
    assert any("Elsa" in line for line in answer), answer
    sandbox = bot.app.sandbox
    assert sandbox is not None
    [absence] = sandbox.state()["absences"]
    assert absence["child"] == "Elsa" and absence["date"] == TODAY.isoformat()
    for sms in bot.fake.sent:
        assert sms.encoding == "gsm" and sms.parts == 1, sms.message


async def test_an_answer_by_word_works_like_the_number(bot: SmsBot) -> None:
    await bot.link(ANNA)
    await bot.text(ANNA, "Elsa är sjuk idag")
    assert await bot.text(ANNA, "nej")
    assert bot.app.sandbox is not None and bot.app.sandbox.state()["absences"] == []


async def test_only_the_number_that_texts_the_code_is_linked(bot: SmsBot) -> None:
    page = await bot.login_page(ANNA)
    # The page was opened from Anna's number, but Peter's phone sends the code: Peter's
    # number is linked (to Anna's account) and Anna's is not.
    [greeting] = await bot.text(PETER, page.link_code)
    assert "Välkommen, Anna" in greeting
    assert await bot.app.store.get_link(bot.chat(PETER).member(None)) is not None
    assert await bot.app.store.get_link(bot.chat(ANNA).member(None)) is None
    # A code works once.
    [again] = await bot.text(ANNA, short_code(page))
    assert "redan" in again or "inte giltig" in again or "använts" in again, again


async def test_a_wrong_code_is_refused_and_an_errand_word_is_not_a_code(bot: SmsBot) -> None:
    [refused] = await bot.text(ANNA, "ABCD-EFGH")
    assert "Välkommen" not in refused
    await bot.link(ANNA)
    said = await bot.text(ANNA, "HEMMAVAR")  # eight letters of the code alphabet, no dash
    assert said and not any("giltig" in t for t in said)


async def test_a_duplicated_incoming_webhook_is_answered_once(bot: SmsBot) -> None:
    await bot.link(ANNA)
    first = await bot.text(ANNA, "hjälp", message_id="s-dup-1")
    again = await bot.text(ANNA, "hjälp", message_id="s-dup-1")
    assert first and again == []
    log = await bot.app.store.list_log(bot.chat(ANNA))
    assert [e.text for e in log].count("hjälp") == 1


async def test_the_webhooks_refuse_a_wrong_secret(bot: SmsBot) -> None:
    wrong = bot.incoming_url.replace("secret=", "secret=x")
    assert await bot.fake.text(wrong, ANNA, "Hej") == 403
    assert await bot.fake.text(bot.incoming_url.split("?")[0], ANNA, "Hej") == 403
    async with aiohttp.ClientSession() as http:
        report = await http.post(bot.delivery_url + "x", data={"id": "s1", "status": "failed"})
        assert report.status == 403
        bad = await http.post(bot.incoming_url, data={"direction": "incoming", "from": "nope"})
        assert bad.status == 400
    await bot.deliver()
    assert bot.fake.sent == []


async def test_stop_ends_every_push_at_once_and_is_confirmed(bot: SmsBot) -> None:
    await bot.link(ANNA)
    member = bot.chat(ANNA).member(None)
    await bot.app.notify(member, "Ett larm som väntar", key="alert-waiting")
    [confirmed] = await bot.text(ANNA, "STOPP")
    assert "START" in confirmed and "inget mer" in confirmed.casefold()
    states = {i.idempotency_key: i.state for i in await bot.app.store.list_outbox(bot.chat(ANNA))}
    assert states["alert-waiting"] == DeliveryState.DEAD
    await bot.app.notify(member, "Ett nytt larm", key="alert-later")
    await bot.deliver()
    assert not any("Ett nytt larm" in t or "väntar" in t for t in bot.fake.texts_to(ANNA))
    # Asking still gets answers; START brings the pushes back.
    assert await bot.text(ANNA, "hjälp")
    [back] = await bot.text(ANNA, "start")
    assert "igen" in back
    await bot.app.notify(member, "Ännu ett larm", key="alert-after")
    await bot.deliver()
    assert bot.fake.texts_to(ANNA)[-1] == "Ännu ett larm"


async def test_repeated_delivery_failures_mark_the_number_inactive(bot: SmsBot) -> None:
    await bot.link(ANNA)
    bot.fake.unreachable.add(ANNA)
    member = bot.chat(ANNA).member(None)
    for n in range(3):
        await bot.app.notify(member, f"Larm {n}", key=f"alert-{n}")
        await bot.deliver()
        assert await bot.fake.report_all(ANNA) != []
    link = await bot.app.store.get_link(member)
    assert link is not None and not link.active
    # Writing again makes it reachable: it is answered as a linked chat.
    bot.fake.unreachable.clear()
    assert await bot.text(ANNA, "hjälp")
    link = await bot.app.store.get_link(member)
    assert link is not None and link.active


async def test_a_number_the_gateway_refuses_is_gone_and_a_429_only_waits(bot: SmsBot) -> None:
    await bot.link(ANNA)
    member = bot.chat(ANNA).member(None)
    bot.fake.fail_next(429, "Too Many Requests", retry_after=30)
    await bot.app.notify(member, "Vänta lite", key="wait-1")
    await bot.deliver()
    [item] = [
        i for i in await bot.app.store.list_outbox(bot.chat(ANNA)) if i.idempotency_key == "wait-1"
    ]
    assert item.state == DeliveryState.PENDING and item.attempts == 1
    bot.clock.advance(seconds=31)
    await bot.deliver()
    assert bot.fake.texts_to(ANNA)[-1] == "Vänta lite"
    bot.fake.fail_next(403, "Invalid to number")
    await bot.app.notify(member, "Når inte fram", key="gone-1")
    await bot.deliver()
    link = await bot.app.store.get_link(member)
    assert link is not None and not link.active


async def test_an_invalid_absence_alert_comes_by_sms(bot: SmsBot) -> None:
    await bot.link(ANNA)
    watcher = HubWatcher(bot.app.deps)
    await watcher.run_due()
    assert bot.app.sandbox is not None
    bot.app.sandbox.staff("larare").invalid_absence(
        child="Nils", date=TODAY.isoformat(), lesson="Matematik", time="08:15"
    )
    bot.clock.advance(seconds=bot.app.settings.watch_interval_s + 1)
    await watcher.run_due()
    await bot.deliver()
    alert = "\n".join(bot.fake.texts_to(ANNA)[-3:])
    assert "Ogiltig frånvaro" in alert and "Nils" in alert, bot.fake.texts_to(ANNA)
    assert all(is_gsm(t) for t in bot.fake.texts_to(ANNA))


async def test_the_evening_summary_comes_by_sms_once_asked_for(bot: SmsBot) -> None:
    await bot.link(ANNA)
    [said] = await bot.text(ANNA, "sammanfattning på")
    assert "18:00" in said
    await ensure_rounds(bot.app.store, bot.app.clock)
    bot.clock.set(bot.clock.now().replace(hour=18, minute=0, second=0))
    await bot.app.tick()
    await bot.deliver()
    summary = [s for s in bot.fake.to(ANNA) if "Kvällens sammanfattning" in s.message]
    assert summary, bot.fake.texts_to(ANNA)
    assert all(s.encoding == "gsm" for s in summary)
    # Split between sentences, never mid-word; two parts at most.
    sent = [s for s in bot.fake.to(ANNA) if s.created >= summary[0].created]
    assert sum(s.parts for s in sent) <= 2, [s.message for s in sent]


async def test_a_take_over_reply_from_the_console_goes_out_by_sms(bot: SmsBot) -> None:
    await bot.link(ANNA)
    await bot.text(ANNA, "prata med en människa")
    chat = bot.chat(ANNA)
    path = f"{bot.base}/console/chats/{chat.channel}/{chat.chat_id}"
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        token = await bot.sign_in_console(http, "support")
        listing = await (await http.get(f"{bot.base}/console/")).text()
        assert "sms" in listing
        claimed = await http.post(
            f"{path}/claim", data={"csrf_token": token}, allow_redirects=False
        )
        assert claimed.status == 303
        await bot.deliver()
        assert "support" in bot.fake.texts_to(ANNA)[-1].casefold()
        replied = await http.post(
            f"{path}/reply",
            data={"csrf_token": token, "text": "Hej Anna! Vi tittar på det nu."},
            allow_redirects=False,
        )
        assert replied.status == 303
    await bot.deliver()
    assert bot.fake.texts_to(ANNA)[-1] == "Support: Hej Anna! Vi tittar på det nu."
    # While support holds the chat, the first message after support wrote is acknowledged
    # once, the next ones only kept for support; nothing is answered as an errand.
    [ack] = await bot.text(ANNA, "tack!")
    assert "Supporten har fått ditt meddelande" in ack
    assert await bot.text(ANNA, "och en sak till") == []


async def test_glom_mig_erases_the_number(bot: SmsBot) -> None:
    await bot.link(PETER, login="peter")
    chat = bot.chat(PETER)
    said = await bot.text(PETER, "glöm mig")
    if said and "Ja" in " ".join(said):
        await bot.text(PETER, "1")
    assert await bot.app.store.get_sms_number(chat.chat_id) is None
    assert await bot.app.store.get_link(chat.member(None)) is None
